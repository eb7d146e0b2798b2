// The world's plumbing, driven through stand-in hosts that send hand-built segments and record
// what reaches them, so these tests do not depend on the TCP state machine.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createWorld, validateWorldOptions, type World} from '../../source/sim/world.js';
import {eventToJson, type SegmentEvent, type SimEvent} from '../../source/sim/events.js';
import type {HostApi} from '../../source/stack/host-api.js';
import type {StackEnv} from '../../source/stack/env.js';
import type {DropReason} from '../../source/stack/messages.js';
import {decodeSegment, encodeSegment} from '../../source/stack/segment.js';
import {noFlags, type Call, type HostSnapshot, type Segment} from '../../source/stack/types.js';
import type {WorldOptions} from '../../source/sim/world-api.js';

/** A host that only sends what the test tells it to and records what it receives. */
class StandInHost implements HostApi {
	readonly name: string;
	readonly addr: string;
	readonly received: Array<{t: number; segment: Segment}> = [];

	constructor(readonly env: StackEnv) {
		this.name = env.name;
		this.addr = env.addr;
	}

	send(overrides: Partial<Segment> = {}): Segment {
		const peer = this.name === 'client' ? '10.0.0.2' : '10.0.0.1';
		const segment: Segment = {
			src: this.addr, dst: peer, srcPort: this.name === 'client' ? 40000 : 80, dstPort: this.name === 'client' ? 80 : 40000,
			seq: 100 + this.sent++, ack: 0, flags: {...noFlags(), ack: true}, window: 1000, urgent: 0, options: {},
			payload: new TextEncoder().encode('data'), ...overrides,
		};
		this.env.output(encodeSegment(segment), segment);
		return segment;
	}

	private sent = 0;

	receive(packet: Uint8Array): DropReason | null {
		const r = decodeSegment(packet);
		if (!r.ok) return r.reason;
		this.received.push({t: this.env.timers.now(), segment: r.segment});
		return null;
	}

	private call(name: Call['call'], data?: Uint8Array): Call {
		const t = this.env.timers.now();
		const c: Call = {id: 1, host: this.name, call: name, fd: 3, args: '', status: 'returned', result: data?.length ?? 0, issuedAt: t, settledAt: t, ...(data ? {data} : {})};
		this.env.emit({kind: 'call', host: this.name, call: c, status: 'returned'});
		return c;
	}

	socket(): Call { return this.call('socket'); }
	bind(): Call { return this.call('bind'); }
	listen(): Call { return this.call('listen'); }
	accept(): Call { return this.call('accept'); }
	connect(): Call { return this.call('connect'); }
	write(): Call { return this.call('write'); }
	read(): Call { return this.call('read', new TextEncoder().encode('héllo')); }
	shutdown(): Call { return this.call('shutdown'); }
	close(): Call { return this.call('close'); }
	abort(): Call { return this.call('abort'); }
	setsockopt(): Call { return this.call('setsockopt'); }
	kill(): Call { return this.call('kill'); }
	snapshot(): HostSnapshot { return {name: this.name, addr: this.addr, sockets: [], counters: {received: this.received.length}}; }
}

function world(options: Partial<WorldOptions> = {}): {w: World; client: StandInHost; server: StandInHost; events: SimEvent[]} {
	const w = createWorld({seed: 1, ...options}, env => new StandInHost(env));
	const events: SimEvent[] = [];
	w.on(e => events.push(e));
	return {w, client: w.client as StandInHost, server: w.server as StandInHost, events};
}

const segments = (events: SimEvent[]): SegmentEvent[] => events.filter((e): e is SegmentEvent => e.kind === 'segment');
const summary = (events: SimEvent[]): string[] => segments(events).map(e => `${e.t} #${e.id}${e.copyOf ? `<${e.copyOf}` : ''} ${e.dir} ${e.fate}${e.reason ? `(${e.reason})` : ''}`);

test('a clean link: sent, in flight for the delay, then delivered to the other host', () => {
	const {w, client, server, events} = world();
	w.runUntil(10);
	const seg = client.send();
	assert.deepEqual(w.inFlight(), [{id: 1, dir: 'c2s', sentAt: 10, arriveAt: 60, lost: false}]);
	w.runUntil(59);
	assert.equal(server.received.length, 0);
	w.runUntil(100);
	assert.deepEqual(summary(events), ['10 #1 c2s sent', '60 #1 c2s delivered']);
	assert.deepEqual(w.inFlight(), []);
	assert.equal(server.received[0]!.t, 60);
	assert.equal(server.received[0]!.segment.seq, seg.seq);
	const sent = segments(events)[0]!;
	assert.equal(sent.arriveAt, 60);
	assert.equal(sent.flags, 'ACK');
	assert.equal(sent.len, 4);
	assert.equal(sent.src, '10.0.0.1');
	assert.equal(sent.wireBytes, undefined);
	assert.deepEqual(eventToJson(sent), {
		t: 10, kind: 'segment', id: 1, dir: 'c2s', fate: 'sent', arriveAt: 60, flags: 'ACK', seq: seg.seq, ack: 0, len: 4, win: 1000,
		src: '10.0.0.1', dst: '10.0.0.2', srcPort: 40000, dstPort: 80,
	});
	server.send();
	w.runFor(100);
	assert.equal(client.received.length, 1, 's2c reaches the client');
});

test('a lost packet vanishes at the midpoint of its flight', () => {
	const {w, server, events} = world({link: {c2s: {loss: 100, delay: 80}}});
	(w.client as StandInHost).send();
	assert.deepEqual(w.inFlight(), [{id: 1, dir: 'c2s', sentAt: 0, arriveAt: 80, lost: true}]);
	w.runUntil(1000);
	assert.deepEqual(summary(events), ['0 #1 c2s sent', '40 #1 c2s lost']);
	assert.equal(server.received.length, 0);
	assert.deepEqual(w.inFlight(), []);
	assert.equal(w.linkCounters('c2s').lost, 1);
});

test('inFlight stays the packets sent and not yet arrived or lost, oldest first, through heavy reordering', () => {
	// Jitter far beyond the spacing of packets makes most arrivals overtake others, so the table's
	// marking and sweeping paths run (thousands of packets in flight, most leaving out of order).
	const {w, client, server, events} = world({link: {c2s: {delay: 100, jitter: 95, loss: 5, duplicate: 5}, s2c: {delay: 3}}});
	const expected = new Map<number, {sentAt: number; arriveAt: number}>();
	let seen = 0;
	const follow = (): void => {
		for (; seen < events.length; seen++) {
			const e = events[seen]!;
			if (e.kind !== 'segment') continue;
			if ((e.fate === 'sent' || e.fate === 'duplicated') && e.arriveAt !== undefined) {
				expected.set(e.id, {sentAt: e.t, arriveAt: e.arriveAt});
			}
			if (e.fate === 'lost' || e.fate === 'delivered' || (e.fate === 'dropped' && e.reason !== 'queue-full')) expected.delete(e.id);
		}
	};
	let checks = 0;
	for (let ms = 0; ms < 400; ms++) {
		for (let k = 0; k < 20; k++) (ms % 2 === 0 ? client : server).send();
		w.runUntil(ms + 0.5);
		follow();
		const got = w.inFlight();
		assert.deepEqual(got.map(p => p.id), [...expected.keys()], `at ${ms} ms`);
		for (const p of got) {
			const want = expected.get(p.id)!;
			assert.equal(p.sentAt, want.sentAt);
			assert.equal(p.arriveAt, want.arriveAt);
		}
		checks++;
	}
	w.runUntil(10_000);
	assert.deepEqual(w.inFlight(), []);
	assert.ok(checks === 400 && server.received.length > 3000);
});

test('a corrupted packet: wireBytes at send, corrupted then dropped with the checksum reason at arrival', () => {
	const {w, server, events} = world({link: {c2s: {corrupt: 100}}});
	for (let i = 0; i < 20; i++) (w.client as StandInHost).send();
	w.runUntil(1000);
	assert.equal(server.received.length, 0);
	const evs = segments(events);
	for (let id = 1; id <= 20; id++) {
		const mine = evs.filter(e => e.id === id);
		assert.deepEqual(mine.map(e => e.fate), ['sent', 'corrupted', 'dropped']);
		const [sent, corrupted, dropped] = mine as [SegmentEvent, SegmentEvent, SegmentEvent];
		assert.ok(sent.wireBytes && sent.wireBytes !== sent.bytes);
		assert.equal(corrupted.bytes, sent.wireBytes);
		assert.match(dropped.reason ?? '', /checksum|ip-|not-|fragment|data-offset|truncated/);
		assert.equal(dropped.seq, sent.seq, 'the event shows the segment as sent');
	}
	assert.ok(evs.some(e => e.reason === 'bad-tcp-checksum'));
});

test('duplication: a copy with a new id and copyOf, both delivered', () => {
	const {w, server, events} = world({link: {c2s: {duplicate: 100}}});
	(w.client as StandInHost).send();
	w.runUntil(100);
	assert.deepEqual(summary(events), ['0 #1 c2s sent', '0 #2<1 c2s duplicated', '50 #1 c2s delivered', '50 #2 c2s delivered']);
	assert.equal(server.received.length, 2);
});

test('queue overflow: tail drop shown at send time', () => {
	const {w, events} = world({link: {c2s: {rate: 1_000_000, queueLimit: 2, delay: 0}}});
	for (let i = 0; i < 3; i++) (w.client as StandInHost).send({payload: new Uint8Array(1460)});
	w.runUntil(100);
	assert.deepEqual(summary(events), ['0 #1 c2s sent', '0 #2 c2s sent', '0 #3 c2s sent', '0 #3 c2s dropped(queue-full)', '12 #1 c2s delivered', '24 #2 c2s delivered']);
});

test('a packet addressed to nobody is dropped on arrival as no-such-host', () => {
	const {w, server, events} = world();
	(w.server as StandInHost).send({dst: '10.0.9.9'});
	(w.client as StandInHost).send({dst: '10.0.9.9'});
	w.runUntil(100);
	assert.deepEqual(summary(events), ['0 #1 s2c sent', '0 #2 c2s sent', '50 #1 s2c dropped(no-such-host)', '50 #2 c2s dropped(no-such-host)']);
	assert.equal(server.received.length, 0);
});

test('inject: a third party\'s packet takes the same path; garbage is reported, not thrown', () => {
	const {w, server, events} = world();
	const spoofed: Segment = {src: '10.0.9.7', dst: '10.0.0.2', srcPort: 1234, dstPort: 80, seq: 5, ack: 0, flags: {...noFlags(), syn: true}, window: 100, urgent: 0, options: {}, payload: new Uint8Array(0)};
	w.inject('c2s', encodeSegment(spoofed));
	w.runUntil(100);
	assert.deepEqual(summary(events), ['0 #1 c2s sent', '50 #1 c2s delivered']);
	assert.equal(server.received[0]!.segment.src, '10.0.9.7');
	// A mangled but readable packet is drawn and dropped by the receiver.
	const bad = encodeSegment(spoofed);
	bad[bad.length - 1]! ^= 0xff;
	w.inject('c2s', bad);
	w.inject('c2s', Uint8Array.from([1, 2, 3]));
	w.runUntil(200);
	assert.deepEqual(summary(events).slice(2), ['100 #2 c2s sent', '150 #2 c2s dropped(bad-tcp-checksum)']);
	const rxDrop = events.find(e => e.kind === 'rx-drop');
	assert.ok(rxDrop && rxDrop.kind === 'rx-drop' && rxDrop.host === 'server' && rxDrop.reason === 'truncated-ip-header');
});

test('stack events get the virtual time; call events carry the call\'s fields and data as text', () => {
	const {w, events} = world();
	w.runUntil(42);
	const c = w.client.read(3, 100);
	const e = events.at(-1)!;
	assert.equal(e.kind, 'call');
	if (e.kind !== 'call') return;
	assert.equal(e.t, 42);
	assert.equal(e.ref, c);
	assert.equal(e.data, 'héllo');
	assert.deepEqual(eventToJson(e), {t: 42, kind: 'call', host: 'client', id: 1, call: 'read', fd: 3, args: '', status: 'returned', result: 6, data: 'héllo'});
	(w.server as StandInHost).env.emit({kind: 'state', host: 'server', fd: 4, conn: 'x', from: 'LISTEN', to: 'SYN_RCVD', why: {code: 'syn-received'}});
	assert.deepEqual(events.at(-1), {t: 42, kind: 'state', host: 'server', fd: 4, conn: 'x', from: 'LISTEN', to: 'SYN_RCVD',
		cause: 'received SYN: SYN+ACK sent', why: {code: 'syn-received'}});
});

test('history keeps only the most recent events, in order; listeners see all; unsubscribe works', () => {
	const {w, events} = world({historyLimit: 10});
	let seenByLate = 0;
	const off = w.on(() => seenByLate++);
	for (let i = 0; i < 30; i++) (w.client as StandInHost).send();
	off();
	for (let i = 0; i < 5; i++) (w.client as StandInHost).send();
	w.runUntil(100);
	assert.equal(events.length, 70);
	assert.equal(seenByLate, 30);
	const h = w.history();
	assert.equal(h.length, 10);
	assert.deepEqual(h, events.slice(-10));
	const none = world({historyLimit: 0});
	(none.w.client as StandInHost).send();
	assert.equal(none.w.history().length, 0);
	assert.equal(none.events.length, 1);
});

test('same seed, same events byte for byte; different seed, different fates', () => {
	const impaired = {c2s: {loss: 20, duplicate: 10, corrupt: 10, reorder: 20, jitter: 30}, s2c: {loss: 20, jitter: 10}};
	const runOnce = (seed: number): string => {
		const {w, events} = world({seed, link: impaired});
		for (let i = 0; i < 200; i++) {
			w.schedule(i * 3, () => (w.client as StandInHost).send());
			w.schedule(i * 3 + 1, () => (w.server as StandInHost).send());
		}
		w.runUntil(2000);
		return JSON.stringify(events.map(e => ({...eventToJson(e), bytes: e.kind === 'segment' ? [...e.bytes].join(',') : undefined})));
	};
	assert.equal(runOnce(7), runOnce(7));
	assert.notEqual(runOnce(7), runOnce(8));
});

test('directions are independent: more traffic one way does not change the other way\'s fates', () => {
	const fatesOfS2c = (extraC2s: number): string[] => {
		const {w, events} = world({seed: 3, link: {c2s: {loss: 30, jitter: 20}, s2c: {loss: 30, jitter: 20, duplicate: 10}}});
		for (let i = 0; i < 100; i++) w.schedule(i, () => (w.server as StandInHost).send());
		for (let i = 0; i < extraC2s; i++) w.schedule(i / 2, () => (w.client as StandInHost).send());
		w.runUntil(1000);
		return segments(events).filter(e => e.dir === 's2c').map(e => `${e.t} ${e.seq} ${e.fate}`);
	};
	assert.deepEqual(fatesOfS2c(0), fatesOfS2c(150));
});

test('links change while running; invalid changes are refused with a message', () => {
	const {w, events} = world();
	assert.equal(w.setLink('c2s', {loss: 100}), null);
	assert.equal(w.linkConfig('c2s').loss, 100);
	assert.equal(w.linkConfig('s2c').loss, 0);
	(w.client as StandInHost).send();
	w.runUntil(100);
	assert.deepEqual(summary(events), ['0 #1 c2s sent', '25 #1 c2s lost']);
	const note = events.find(e => e.kind === 'note');
	assert.ok(note && note.kind === 'note' && note.text === 'link c2s: loss=100');
	assert.match(w.setLink('s2c', {loss: 150}) ?? '', /loss/);
	assert.equal(w.linkConfig('s2c').loss, 0);
	assert.equal(w.setLink('c2s', {loss: 0, delay: 10}), null);
	(w.client as StandInHost).send();
	w.runUntil(200);
	assert.deepEqual(summary(events).slice(2), ['100 #2 c2s sent', '110 #2 c2s delivered']);
});

test('hosts get their addresses, merged stack configs and distinct, seed-stable random streams', () => {
	const {w, client, server} = world({stack: {msl: 1000, mss: 536}, clientStack: {mss: 1000}, serverStack: {nagle: true}, serverAddr: '192.168.1.1'});
	assert.equal(client.addr, '10.0.0.1');
	assert.equal(server.addr, '192.168.1.1');
	assert.equal(client.env.config.msl, 1000);
	assert.equal(client.env.config.mss, 1000);
	assert.equal(server.env.config.mss, 536);
	assert.equal(server.env.config.nagle, true);
	assert.equal(client.env.config.nagle, false);
	assert.equal(client.env.config.maxRetries, 8, 'defaults fill the rest');
	const c1 = client.env.rng.u32();
	const s1 = server.env.rng.u32();
	assert.notEqual(c1, s1);
	const again = world({seed: 1});
	assert.equal(again.client.env.rng.u32(), c1);
	assert.equal(world({seed: 2}).client.env.rng.u32() === c1, false);
	assert.equal(w.seed, 1);
});

test('schedule, cancel, step, nextEventTime and snapshot', () => {
	const {w} = world();
	const log: number[] = [];
	w.schedule(30, () => log.push(w.now()));
	const h = w.schedule(20, () => log.push(-1));
	w.cancel(h);
	assert.equal(w.nextEventTime(), 30);
	assert.equal(w.step(), true);
	assert.equal(w.step(), false);
	assert.deepEqual(log, [30]);
	assert.equal(w.nextEventTime(), null);
	w.runFor(70);
	const snap = w.snapshot();
	assert.equal(snap.t, 100);
	assert.equal(snap.client.addr, '10.0.0.1');
	assert.equal(snap.server.name, 'server');
});

test('invalid world options are values from validateWorldOptions, and createWorld refuses them', () => {
	assert.equal(validateWorldOptions({seed: 1}), null);
	assert.match(validateWorldOptions({seed: Number.NaN}) ?? '', /seed/);
	assert.match(validateWorldOptions({seed: 1, clientAddr: '10.0.0'}) ?? '', /client address/);
	assert.match(validateWorldOptions({seed: 1, clientAddr: '10.0.0.2'}) ?? '', /different/);
	assert.match(validateWorldOptions({seed: 1, link: {s2c: {duplicate: 101}}}) ?? '', /link s2c: duplicate/);
	assert.match(validateWorldOptions({seed: 1, historyLimit: -1}) ?? '', /historyLimit/);
	assert.throws(() => createWorld({seed: 1, link: {c2s: {loss: 150}}}), RangeError);
});
