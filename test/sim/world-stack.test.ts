// The world with the real stack in both hosts: the event stream a handshake, a loss, a
// corruption and a spoofed SYN produce, and byte-for-byte determinism.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createWorld, type World} from '../../source/sim/world.js';
import {eventToJson, type SegmentEvent, type SimEvent} from '../../source/sim/events.js';
import {encodeSegment} from '../../source/stack/segment.js';
import {noFlags} from '../../source/stack/types.js';
import type {WorldOptions} from '../../source/sim/world-api.js';

function start(options: Partial<WorldOptions> = {}): {w: World; events: SimEvent[]; clientFd: number} {
	const w = createWorld({seed: 7, ...options});
	const events: SimEvent[] = [];
	w.on(e => events.push(e));
	const s = w.server.socket().result!;
	w.server.bind(s, 80);
	w.server.listen(s, 8);
	w.server.accept(s);
	const c = w.client.socket().result!;
	w.client.connect(c, '10.0.0.2', 80);
	return {w, events, clientFd: c};
}

const segs = (events: SimEvent[]): SegmentEvent[] => events.filter((e): e is SegmentEvent => e.kind === 'segment');
const line = (e: SegmentEvent): string => `${e.t} ${e.dir} ${e.fate}${e.reason ? `(${e.reason})` : ''} ${e.flags}`;

test('a handshake over a 50 ms link, as events', () => {
	const {w, events} = start();
	w.runUntil(1000);
	assert.deepEqual(segs(events).map(line), [
		'0 c2s sent SYN', '50 c2s delivered SYN',
		'50 s2c sent SYN,ACK', '100 s2c delivered SYN,ACK',
		'100 c2s sent ACK', '150 c2s delivered ACK',
	]);
	const [syn, , synAck, , ack] = segs(events) as SegmentEvent[];
	assert.equal(synAck!.ack, (syn!.seq + 1) % 2 ** 32, 'S5: the SYN consumed one sequence number');
	assert.equal(ack!.ack, (synAck!.seq + 1) % 2 ** 32, 'S6: the SYN+ACK consumed one sequence number');
	const returned = events.filter(e => e.kind === 'call' && e.status === 'returned' && (e.call === 'connect' || e.call === 'accept'));
	assert.deepEqual(returned.map(e => `${e.t} ${e.kind === 'call' ? `${e.host} ${e.call}` : ''}`), ['100 client connect', '150 server accept']);
	const states = events.filter(e => e.kind === 'state').map(e => e.kind === 'state' ? `${e.t} ${e.host} ${e.from}->${e.to}` : '');
	assert.ok(states.includes('0 client CLOSED->SYN_SENT'));
	assert.ok(states.includes('100 client SYN_SENT->ESTABLISHED'));
	assert.ok(states.includes('150 server SYN_RCVD->ESTABLISHED'));
});

test('same seed: the same run byte for byte; another seed: other ISNs (S1)', () => {
	const transcript = (seed: number): string => {
		const {w, events, clientFd} = start({seed, link: {c2s: {loss: 20, jitter: 10}, s2c: {loss: 20, duplicate: 10}}});
		w.schedule(500, () => w.client.write(clientFd, 'hello, world'));
		w.runUntil(30_000);
		return events.map(e => JSON.stringify({...eventToJson(e), bytes: e.kind === 'segment' ? Buffer.from(e.bytes).toString('hex') : undefined})).join('\n');
	};
	assert.equal(transcript(11), transcript(11));
	const isn = (seed: number): number => {
		const {w, events} = start({seed});
		w.runUntil(10);
		return segs(events)[0]!.seq;
	};
	assert.equal(isn(11), isn(11));
	assert.notEqual(isn(11), isn(12));
});

test('a corrupted data segment is dropped on its checksum and retransmitted (S4)', () => {
	const {w, events, clientFd} = start();
	w.runUntil(200);
	w.setLink('c2s', {corrupt: 100});
	w.client.write(clientFd, 'hello');
	w.runUntil(260);
	w.setLink('c2s', {corrupt: 0});
	w.runUntil(5000);
	const data = segs(events).filter(e => e.dir === 'c2s' && e.len === 5);
	assert.deepEqual(data.slice(0, 3).map(e => e.fate), ['sent', 'corrupted', 'dropped']);
	assert.match(data[2]!.reason!, /checksum/);
	assert.ok(data.some(e => e.fate === 'delivered' && e.t > data[2]!.t), 'the retransmission arrives');
});

test('a SYN from a spoofed source: the SYN+ACK goes to no host', () => {
	const {w, events} = start();
	w.runUntil(200);
	w.inject('c2s', encodeSegment({
		src: '10.0.9.7', dst: '10.0.0.2', srcPort: 5555, dstPort: 80, seq: 1000, ack: 0,
		flags: {...noFlags(), syn: true}, window: 1000, urgent: 0, options: {mss: 1460}, payload: new Uint8Array(0),
	}));
	w.runUntil(400);
	const later = segs(events).filter(e => e.t >= 200).map(line);
	assert.deepEqual(later.slice(0, 4), ['200 c2s sent SYN', '250 c2s delivered SYN', '250 s2c sent SYN,ACK', '300 s2c dropped(no-such-host) SYN,ACK']);
});

test('inFlight and the loss midpoint with the real stack', () => {
	const {w, events} = start({link: {c2s: {loss: 100, delay: 100}}});
	assert.deepEqual(w.inFlight(), [{id: 1, dir: 'c2s', sentAt: 0, arriveAt: 100, lost: true}]);
	w.runUntil(60);
	assert.deepEqual(segs(events).map(line), ['0 c2s sent SYN', '50 c2s lost SYN']);
	assert.deepEqual(w.inFlight(), []);
});
