// Small scenarios built in code on the world and host APIs, for the claim tests: a recording
// world, a headless driver with a virtual-time bound, and the usual connection set-up.
import assert from 'node:assert/strict';
import {createWorld} from '../../source/sim/world.js';
import type {CallEvent, SegmentEvent, SimEvent, StateEvent} from '../../source/sim/events.js';
import type {WorldApi, WorldOptions} from '../../source/sim/world-api.js';
import type {Call} from '../../source/stack/types.js';
import {encodeSegment} from '../../source/stack/segment.js';
import {noFlags} from '../../source/stack/types.js';

export interface Recorded {
	w: WorldApi;
	events: SimEvent[];
}

export function recordedWorld(options: Partial<WorldOptions> = {}): Recorded {
	const w = createWorld({seed: 1, ...options});
	const events: SimEvent[] = [];
	w.on((event) => events.push(event));
	return {w, events};
}

/** Run events until `done()` holds; false if nothing is left or `limitMs` of virtual time passed. */
export function until(w: WorldApi, done: () => boolean, limitMs = 120_000): boolean {
	const deadline = w.now() + limitMs;
	while (!done()) {
		const next = w.nextEventTime();
		if (next === null || next > deadline) return false;
		w.step();
	}
	return true;
}

export function settled(w: WorldApi, call: Call, limitMs = 120_000): Call {
	assert.ok(until(w, () => call.status !== 'blocked', limitMs), `${call.host} ${call.call}(${call.args}) still blocked after ${limitMs} ms`);
	return call;
}

export function fd(call: Call): number {
	assert.equal(call.status, 'returned', `${call.host} ${call.call}() ${call.status} ${call.errno ?? ''}`);
	return call.result!;
}

export interface Pair {
	listener: number;
	server: number;
	client: number;
}

/** Server listens on `port`, client connects (optionally from `clientPort`); returns once accept() has returned. */
export function connectPair(w: WorldApi, options: {port?: number; clientPort?: number; backlog?: number} = {}): Pair {
	const port = options.port ?? 80;
	const listener = fd(w.server.socket());
	fd(w.server.bind(listener, port));
	fd(w.server.listen(listener, options.backlog ?? 8));
	const accept = w.server.accept(listener);
	const client = fd(w.client.socket());
	if (options.clientPort !== undefined) fd(w.client.bind(client, options.clientPort));
	const connect = w.client.connect(client, w.server.addr, port);
	settled(w, connect);
	assert.equal(connect.status, 'returned');
	const server = fd(settled(w, accept));
	return {listener, server, client};
}

export function segments(events: readonly SimEvent[], filter: {dir?: 'c2s' | 's2c'; fate?: SegmentEvent['fate']; flags?: string; data?: boolean; after?: number} = {}): SegmentEvent[] {
	return events.filter((e): e is SegmentEvent =>
		e.kind === 'segment'
		&& (filter.dir === undefined || e.dir === filter.dir)
		&& (filter.fate === undefined || e.fate === filter.fate)
		&& (filter.flags === undefined || e.flags === filter.flags)
		&& (filter.data === undefined || (e.len > 0) === filter.data)
		&& (filter.after === undefined || e.t >= filter.after));
}

export function stateEvents(events: readonly SimEvent[], host: string): StateEvent[] {
	return events.filter((e): e is StateEvent => e.kind === 'state' && e.host === host);
}

export function callEvents(events: readonly SimEvent[], host: string, call: string): CallEvent[] {
	return events.filter((e): e is CallEvent => e.kind === 'call' && e.host === host && e.call === call);
}

/** When the link delivered the packet with this id. */
export function deliveredAt(events: readonly SimEvent[], id: number): number {
	const e = segments(events).find((s) => s.id === id && (s.fate === 'delivered' || s.fate === 'dropped'));
	assert.ok(e, `packet ${id} never arrived`);
	return e.t;
}

export function seqPlus(a: number, n: number): number {
	return (a + n) >>> 0;
}

export function text(call: Call): string {
	return Buffer.from(call.data ?? new Uint8Array()).toString('utf8');
}

/** A spoofed SYN from `src:srcPort` to the server, as a third party would put on the wire. */
export function spoofedSyn(src: string, srcPort: number, dst: string, dstPort: number, seq: number): Uint8Array {
	return encodeSegment({
		src, dst, srcPort, dstPort, seq, ack: 0,
		flags: {...noFlags(), syn: true},
		window: 64_240, urgent: 0, options: {mss: 1460}, payload: new Uint8Array(0),
	});
}

/**
 * S19 in code: an old connection 10.0.0.1:5000 → :80 sends "OLD DATA", a copy of that segment is
 * held back in the network, the client closes first, then reconnects on the same 4-tuple either
 * at once (TIME_WAIT cut short with SO_REUSEADDR) or not (bind fails while TIME_WAIT lasts). The
 * copy then arrives. Returns what happened to it.
 */
export function portReuse(seed: number, skipTimeWait: boolean): {r: Recorded; copyFate: string; newConnection: boolean; outOfOrder: number; bindErrno?: string} {
	const r = recordedWorld({seed, stack: {msl: 5000}, serverStack: {rcvbuf: 4 * 1024 * 1024}, link: {c2s: {delay: 100}, s2c: {delay: 100}}});
	const {w, events} = r;
	const pair = connectPair(w, {clientPort: 5000});
	const read = w.server.read(pair.server, 100);
	w.client.write(pair.client, 'OLD DATA');
	settled(w, read);
	const old = segments(events, {dir: 'c2s', fate: 'sent', data: true})[0]!;
	const copy = old.bytes.slice();
	w.schedule(w.now() + 3000, () => w.inject('c2s', copy));
	w.client.close(pair.client);
	assert.ok(until(w, () => w.server.snapshot().sockets.some((s) => s.state === 'CLOSE_WAIT')));
	w.server.close(pair.server);
	assert.ok(until(w, () => stateEvents(events, 'server').some((e) => e.to === 'CLOSED')));
	const fresh = fd(w.client.socket());
	let bindErrno: string | undefined;
	let newConnection = false;
	if (skipTimeWait) {
		fd(w.client.setsockopt(fresh, 'reuseaddr', true));
		fd(w.client.bind(fresh, 5000));
		const accept = w.server.accept(pair.listener);
		settled(w, w.client.connect(fresh, w.server.addr, 80));
		settled(w, accept);
		newConnection = accept.status === 'returned';
	} else {
		const bind = w.client.bind(fresh, 5000);
		bindErrno = bind.errno;
	}
	const copyId = (): number | undefined => segments(events, {dir: 'c2s', data: true}).find((s) => s.seq === old.seq && s.id !== old.id)?.id;
	assert.ok(until(w, () => {
		const id = copyId();
		return id !== undefined && segments(events).some((s) => s.id === id && (s.fate === 'delivered' || s.fate === 'dropped'));
	}, 10_000), 'the old copy arrives');
	const arrival = segments(events).find((s) => s.id === copyId() && (s.fate === 'delivered' || s.fate === 'dropped'))!;
	const conn = w.server.snapshot().sockets.find((s) => s.role === 'connection')?.connection;
	return {r, copyFate: arrival.fate, newConnection, outOfOrder: conn?.outOfOrder ?? 0, bindErrno};
}
