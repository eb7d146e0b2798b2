// With many packets in flight (RECORD_VIEWS events waiting), the record of an unaltered packet keeps
// it as buffer, offset and length, and its view is made again when it arrives, is faulted, or is
// looked for. These tests hold that path against records that keep the view, over random links and
// faults: the same seed must give the same events, the same bytes and the same packets in flight.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {createWorld, type World} from '../../source/sim/world.js';
import {eventLine} from './event-line.js';
import type {LinkConfig} from '../../source/link/config.js';
import {InFlightRecord, type LinkStageOptions} from '../../source/sim/link-stage.js';
import type {SegmentFault} from '../../source/sim/world-api.js';
import {encodeSegment} from '../../source/stack/segment.js';
import {noFlags} from '../../source/stack/types.js';
import {openConnection, pumpTransfer} from '../../bench/stack.js';

interface Plan {
	link: {c2s: Partial<LinkConfig>; s2c: Partial<LinkConfig>};
	/** Link changes at these times (a shorter delay makes later packets overtake earlier ones). */
	changes: Array<{at: number; dir: 'c2s' | 's2c'; config: Partial<LinkConfig>}>;
	armed: Array<{dir: 'c2s' | 's2c'; flags: string | null; nth: number; fault: SegmentFault}>;
	/** Mid-flight faults: at these times, the packet at this fraction of those in flight. */
	midFlight: Array<{at: number; pick: number; fault: SegmentFault}>;
	inject: boolean;
	bytes: number;
}

/** Everything a run gives out, as text: every event's JSON line with its packet bytes and segment, read() data, and what is in flight after each step. */
function record(plan: Plan, stage: Pick<LinkStageOptions, 'recordViews'>): string[] {
	const world: World = createWorld({seed: 11, stack: {mss: 536, sndbuf: 1 << 15, rcvbuf: 1 << 15, maxRetries: 30}, link: plan.link, historyLimit: 16}, undefined, stage);
	const out: string[] = [];
	world.on((e) => out.push(eventLine(e)));
	const {fd, conn} = openConnection(world);
	const start = world.now();
	for (const change of plan.changes) world.schedule(start + change.at, () => void world.setLink(change.dir, change.config));
	for (const armed of plan.armed) world.armFault({dir: armed.dir, flags: armed.flags, nth: armed.nth}, armed.fault);
	for (const mid of plan.midFlight) {
		world.schedule(start + mid.at, () => {
			const flying = world.inFlight();
			out.push(`in flight ${JSON.stringify(flying)}`);
			if (flying.length > 0) out.push(`fault ${world.faultSegment(flying[Math.floor(mid.pick * flying.length)]!.id, mid.fault)}`);
		});
	}
	if (plan.inject) {
		world.schedule(start + 3, () => {
			const syn = {src: '10.0.0.1', dst: '10.0.0.2', srcPort: 4444, dstPort: 80, seq: 1, ack: 0, flags: {...noFlags(), syn: true},
				window: 1000, urgent: 0, options: {mss: 1000}, payload: new Uint8Array(0)};
			world.inject('c2s', encodeSegment(syn));
		});
	}
	pumpTransfer(world, fd, conn, plan.bytes, new Uint8Array(4096).map((_, i) => (i * 13) & 0xff));
	world.runFor(3000);
	out.push(`end ${world.now()} ${JSON.stringify(world.inFlight())}`);
	return out;
}

const fault: fc.Arbitrary<SegmentFault> = fc.oneof(
	fc.constant<SegmentFault>({kind: 'drop'}),
	fc.constant<SegmentFault>({kind: 'corrupt'}),
	fc.constant<SegmentFault>({kind: 'duplicate'}),
	fc.integer({min: 0, max: 30}).map((ms): SegmentFault => ({kind: 'delay', ms})),
);

const linkConfig: fc.Arbitrary<Partial<LinkConfig>> = fc.record({
	delay: fc.integer({min: 0, max: 40}),
	jitter: fc.oneof(fc.constant(0), fc.integer({min: 0, max: 10})),
	loss: fc.oneof(fc.constant(0), fc.integer({min: 0, max: 5})),
	duplicate: fc.oneof(fc.constant(0), fc.integer({min: 0, max: 5})),
	corrupt: fc.oneof(fc.constant(0), fc.integer({min: 0, max: 3})),
	reorder: fc.oneof(fc.constant(0), fc.integer({min: 0, max: 10})),
	rate: fc.oneof(fc.constant(0), fc.constantFrom(2_000_000, 20_000_000)),
	queueLimit: fc.constantFrom(8, 100),
}).map(c => (c.rate === 0 ? {delay: c.delay, jitter: c.jitter, loss: c.loss, duplicate: c.duplicate, corrupt: c.corrupt, reorder: c.reorder} : c));

const plan: fc.Arbitrary<Plan> = fc.record({
	link: fc.record({c2s: linkConfig, s2c: linkConfig}),
	changes: fc.array(fc.record({at: fc.integer({min: 1, max: 300}), dir: fc.constantFrom('c2s' as const, 's2c' as const), config: fc.record({delay: fc.integer({min: 0, max: 40})})}), {maxLength: 3}),
	armed: fc.array(fc.record({dir: fc.constantFrom('c2s' as const, 's2c' as const), flags: fc.constantFrom(null, 'ACK', 'DATA'), nth: fc.integer({min: 1, max: 30}), fault}), {maxLength: 3}),
	midFlight: fc.array(fc.record({at: fc.integer({min: 1, max: 300}), pick: fc.double({min: 0, max: 0.999, noNaN: true}), fault}), {maxLength: 6}),
	inject: fc.boolean(),
	bytes: fc.integer({min: 2_000, max: 40_000}),
});

function assertSameRuns(p: Plan): void {
	const plain = record(p, {recordViews: Infinity});
	assert.ok(plain.length > 10);
	assert.deepEqual(record(p, {recordViews: 0}), plain, 'every view made again');
	assert.deepEqual(record(p, {recordViews: 6}), plain, 'views made again while 6 or more events wait');
}

test('property: records keeping bytes only give the same events, bytes and packets in flight as records keeping views, over random links and faults', () => {
	fc.assert(fc.property(plan, assertSameRuns), {numRuns: 40});
});

test('a link made shorter mid-transfer: later packets overtake earlier ones', () => {
	// A rate limit spreads the sends over time (they wait in its queue), so whenever the delay
	// shortens, packets sent after it arrive before those still in flight; each direction flips
	// between a long and a short delay on its own period.
	const changes: Plan['changes'] = [];
	for (let k = 0; k < 40; k++) {
		changes.push({at: 13 * k, dir: 'c2s', config: {delay: k % 2 === 1 ? 2 : 30}});
		changes.push({at: 17 * k, dir: 's2c', config: {delay: k % 2 === 1 ? 30 : 1}});
	}
	assertSameRuns({
		link: {c2s: {delay: 30, rate: 2_000_000, queueLimit: 100}, s2c: {delay: 30}},
		changes,
		armed: [],
		midFlight: [{at: 41, pick: 0.5, fault: {kind: 'corrupt'}}, {at: 43, pick: 0.1, fault: {kind: 'delay', ms: 4}}],
		inject: false,
		bytes: 100_000,
	});
});

test('faults aimed at packets kept as bytes only: drop, corrupt, duplicate and delay each change exactly that packet', () => {
	assertSameRuns({
		link: {c2s: {delay: 20}, s2c: {delay: 20}},
		changes: [],
		armed: [],
		midFlight: [
			{at: 30, pick: 0.5, fault: {kind: 'drop'}}, {at: 31, pick: 0.2, fault: {kind: 'corrupt'}},
			{at: 33, pick: 0.8, fault: {kind: 'duplicate'}}, {at: 35, pick: 0.4, fault: {kind: 'delay', ms: 7}},
			{at: 35, pick: 0.4, fault: {kind: 'delay', ms: 0}}, {at: 60, pick: 0, fault: {kind: 'drop'}},
		],
		inject: true,
		bytes: 60_000,
	});
});

test('asymmetric delays', () => {
	assertSameRuns({link: {c2s: {delay: 3}, s2c: {delay: 37}}, changes: [], armed: [], midFlight: [{at: 50, pick: 0.3, fault: {kind: 'drop'}}], inject: false, bytes: 80_000});
});

test('a record keeping bytes only makes the same view again, and keeps no view meanwhile', () => {
	const slab = new ArrayBuffer(4096);
	new Uint8Array(slab).forEach((_, i, a) => (a[i] = i & 0xff));
	const packet = new Uint8Array(slab, 1000, 60);
	const record = new InFlightRecord(1, 'c2s', 0, 5, false, null, packet, packet, false, undefined);
	record.keepBytesOnly();
	assert.equal(record.sent.length, 0);
	assert.equal(record.bytes.length, 0);
	const viewed = record.viewed();
	assert.equal(viewed, record);
	assert.equal(record.sent, record.bytes);
	assert.equal(record.sent.buffer, slab);
	assert.deepEqual([...record.sent], [...packet]);
	assert.equal(record.viewed().sent, record.sent, 'made once');
});
