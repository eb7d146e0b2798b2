// Faults aimed at one segment: on the link now (faultSegment) or the nth matching one to come
// (armFault). Whatever is aimed at, TCP still delivers every byte exactly once, in order.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {createWorld, type World} from '../../source/sim/world.js';
import type {SegmentEvent, SimEvent} from '../../source/sim/events.js';
import type {SegmentFault, SegmentPattern} from '../../source/sim/world-api.js';
import {noFlags, type StackConfig} from '../../source/stack/types.js';
import {encodeSegment} from '../../source/stack/segment.js';
import {drive, type Op} from './drive.js';

const segments = (events: readonly SimEvent[], pick: (e: SegmentEvent) => boolean): SegmentEvent[] =>
	events.filter((e): e is SegmentEvent => e.kind === 'segment' && pick(e));

/** The server listens and accepts on port 80; the client connects to it (its SYN is now on the link). Gives the client's fd. */
function listenAndConnect(world: World): number {
	const listener = world.server.socket().result!;
	world.server.bind(listener, 80);
	world.server.listen(listener, 4);
	world.server.accept(listener);
	const fd = world.client.socket().result!;
	world.client.connect(fd, '10.0.0.2', 80);
	return fd;
}

/** A world whose client has just sent its SYN (in flight c2s, arriving at t=100). */
function synInFlight(): {world: World; id: number} {
	const world = createWorld({seed: 5, link: {c2s: {delay: 100}, s2c: {delay: 100}}});
	listenAndConnect(world);
	const [syn] = world.inFlight();
	assert.equal(syn!.arriveAt, 100);
	return {world, id: syn!.id};
}

test('faultSegment drop: the segment vanishes now, marked; it is no longer in flight; the SYN is sent again', () => {
	const {world, id} = synInFlight();
	world.runUntil(40);
	assert.equal(world.faultSegment(id, {kind: 'drop'}), true);
	assert.deepEqual(world.inFlight(), []);
	assert.equal(world.faultSegment(id, {kind: 'drop'}), false, 'a segment no longer in flight cannot be faulted');
	assert.equal(world.faultSegment(999, {kind: 'corrupt'}), false);
	const lost = segments(world.history(), e => e.id === id && e.fate === 'lost');
	assert.deepEqual(lost.map(e => [e.t, e.fault]), [[40, 'drop']]);
	world.runUntil(5000);
	assert.equal(segments(world.history(), e => e.id === id && e.fate === 'delivered').length, 0);
	assert.equal(world.snapshot().client.sockets[0]!.state, 'ESTABLISHED');
});

test('faultSegment delay: the arrival moves (inFlight shows it), and it arrives then, marked', () => {
	const {world, id} = synInFlight();
	world.runUntil(50);
	assert.equal(world.faultSegment(id, {kind: 'delay', ms: 300}), true);
	assert.deepEqual(world.inFlight(), [{id, dir: 'c2s', sentAt: 0, arriveAt: 400, lost: false}]);
	world.runUntil(399);
	assert.equal(segments(world.history(), e => e.id === id && e.fate === 'delivered').length, 0);
	world.runUntil(400);
	assert.deepEqual(segments(world.history(), e => e.id === id && e.fate === 'delivered').map(e => [e.t, e.fault]), [[400, 'delay']]);
});

test('faultSegment duplicate and corrupt: a marked copy arrives with the original; a corrupted one fails the checksum', () => {
	const {world, id} = synInFlight();
	assert.equal(world.faultSegment(id, {kind: 'duplicate'}), true);
	const [copy] = segments(world.history(), e => e.fate === 'duplicated');
	assert.deepEqual([copy!.copyOf, copy!.fault, copy!.arriveAt], [id, 'duplicate', 100]);
	assert.equal(world.faultSegment(copy!.id, {kind: 'corrupt'}), true);
	world.runUntil(100);
	assert.deepEqual(segments(world.history(), e => e.id === copy!.id).map(e => `${e.fate}:${e.fault}`), ['duplicated:duplicate', 'corrupted:corrupt', 'dropped:corrupt']);
	assert.equal(segments(world.history(), e => e.id === copy!.id && e.fate === 'dropped')[0]!.reason, 'bad-tcp-checksum');
	assert.deepEqual(segments(world.history(), e => e.id === id).map(e => e.fate), ['sent', 'delivered']);
});

test('armFault counts only matching segments the hosts send, not injected ones; flags match as `wait until segment` does', () => {
	const world = createWorld({seed: 5});
	world.armFault({dir: 'c2s', flags: 'ACK', nth: 2}, {kind: 'drop'});
	// A third party's ACK on the link is not one the fault counts.
	world.inject('c2s', encodeSegment({src: '10.0.0.9', dst: '10.0.0.2', srcPort: 1, dstPort: 80, seq: 1, ack: 1, flags: {...noFlags(), ack: true},
		window: 1000, urgent: 0, options: {}, payload: new Uint8Array(0)}));
	const fd = listenAndConnect(world);
	world.runUntil(1000);
	world.client.write(fd, 'x');
	world.runUntil(2000);
	// The SYN has no ACK; the handshake's ACK is the first match, the data (PSH,ACK) the second.
	const sent = segments(world.history(), e => e.dir === 'c2s' && e.fate === 'sent');
	assert.deepEqual(sent.slice(0, 4).map(e => `${e.flags}:${e.fault ?? ''}`), ['ACK:', 'SYN:', 'ACK:', 'PSH,ACK:drop']);
});

// The property: random targeted drops, duplicates and delays, armed or on packets in flight,
// over an otherwise clean link; each side still reads exactly what the other wrote.
const fault: fc.Arbitrary<SegmentFault> = fc.oneof(
	fc.constant({kind: 'drop' as const}),
	fc.constant({kind: 'duplicate' as const}),
	fc.integer({min: 0, max: 3000}).map(ms => ({kind: 'delay' as const, ms})),
);
const pattern: fc.Arbitrary<SegmentPattern> = fc.record({
	dir: fc.constantFrom('c2s' as const, 's2c' as const),
	flags: fc.constantFrom(null, 'SYN', 'SYN,ACK', 'ACK', 'DATA', 'FIN', 'PSH,ACK'),
	nth: fc.integer({min: 1, max: 6}),
});
const side = fc.constantFrom('client' as const, 'server' as const);
const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({side, kind: fc.constant('write' as const), size: fc.integer({min: 1, max: 6000})}),
	fc.record({side, kind: fc.constant('read' as const), max: fc.integer({min: 1, max: 4000})}),
	fc.record({side, kind: fc.constant('wait' as const), ms: fc.integer({min: 0, max: 300})}),
	fc.record({side, kind: fc.constant('shutdown' as const)}),
);
const faultCase = fc.record({
	seed: fc.integer({min: 0, max: 0xffff_ffff}),
	delay: fc.integer({min: 1, max: 80}),
	armed: fc.array(fc.record({pattern, fault}), {maxLength: 4}),
	inFlight: fc.array(fc.record({at: fc.integer({min: 0, max: 3000}), pick: fc.nat(), fault}), {maxLength: 4}),
	ops: fc.array(op, {maxLength: 12}),
});

test('property (300 cases): targeted drops, duplicates and delays never break delivery', () => {
	const stack: Partial<StackConfig> = {msl: 500, maxRetries: 40, synRetries: 40, synAckRetries: 40, maxRto: 4000};
	fc.assert(fc.property(faultCase, c => {
		const world = createWorld({seed: c.seed, stack, link: {c2s: {delay: c.delay}, s2c: {delay: c.delay}}, historyLimit: 0});
		for (const {pattern: p, fault: f} of c.armed) world.armFault(p, f);
		for (const {at, pick, fault: f} of c.inFlight) {
			world.schedule(at, () => {
				const flying = world.inFlight().filter(packet => !packet.lost);
				if (flying.length > 0) assert.equal(world.faultSegment(flying[pick % flying.length]!.id, f), true);
			});
		}
		const result = drive(world, c.ops, {deadline: 60 * 60_000, setupMs: 100});
		assert.deepEqual(result.failures, []);
		assert.equal(world.stackErrors(), 0);
		assert.ok(Buffer.from(result.read.server).equals(Buffer.from(result.written.client)), 'the server read what the client wrote');
		assert.ok(Buffer.from(result.read.client).equals(Buffer.from(result.written.server)), 'the client read what the server wrote');
		assert.notEqual(result.closedAt, null, `both ends closed (left: ${result.leftover.join(', ')})`);
	}), {numRuns: 300, includeErrorInReport: true});
});
