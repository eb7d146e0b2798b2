// A packet in flight keeps no Segment: its later events (lost, corrupted, delivered, dropped) read
// the segment's fields from the packet as sent, and decode the segment when asked for it. These
// tests hold that path against the one reading the Segment the sender gave.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {createWorld, type World} from '../../source/sim/world.js';
import type {SegmentEvent, SimEvent} from '../../source/sim/events.js';
import type {LinkConfig} from '../../source/link/config.js';
import {LinkSegmentEvent} from '../../source/sim/segment-event.js';
import {encodeOutput, encodeSegment, formatIPv4} from '../../source/stack/segment.js';
import {noFlags, type Segment, type TcpOptions} from '../../source/stack/types.js';
import {openConnection, pumpTransfer} from '../../bench/stack.js';
import {faultMidFlight} from '../../bench/event-hash.js';

const FIELDS = ['flags', 'seq', 'ack', 'len', 'win', 'src', 'dst', 'srcPort', 'dstPort'] as const;

/** What a segment says, comparable with deepEqual whatever order its objects' keys were made in. */
function said(s: Segment): unknown {
	const f = s.flags;
	return {
		src: s.src, dst: s.dst, srcPort: s.srcPort, dstPort: s.dstPort, seq: s.seq, ack: s.ack, window: s.window, urgent: s.urgent,
		flags: [f.fin, f.syn, f.rst, f.psh, f.ack, f.urg, f.ece, f.cwr],
		options: JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(s.options).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b))))),
		payload: [...s.payload],
	};
}

function fieldsOf(e: SegmentEvent): unknown[] {
	return FIELDS.map(k => e[k]);
}

const options: fc.Arbitrary<TcpOptions> = fc.record({
	mss: fc.option(fc.integer({min: 0, max: 0xffff}), {nil: undefined}),
	wscale: fc.option(fc.integer({min: 0, max: 14}), {nil: undefined}),
	sackPermitted: fc.option(fc.constant(true), {nil: undefined}),
	timestamps: fc.option(fc.record({tsval: fc.nat({max: 0xffffffff}), tsecr: fc.nat({max: 0xffffffff})}), {nil: undefined}),
}).map(o => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as TcpOptions);

const segment: fc.Arbitrary<Segment> = fc.record({
	src: fc.nat({max: 0xffffffff}).map(formatIPv4),
	dst: fc.nat({max: 0xffffffff}).map(formatIPv4),
	srcPort: fc.integer({min: 0, max: 0xffff}),
	dstPort: fc.integer({min: 0, max: 0xffff}),
	seq: fc.nat({max: 0xffffffff}),
	ack: fc.nat({max: 0xffffffff}),
	flagByte: fc.integer({min: 0, max: 255}),
	window: fc.integer({min: 0, max: 0xffff}),
	urgent: fc.integer({min: 0, max: 0xffff}),
	options,
	payload: fc.uint8Array({maxLength: 1500}),
}).map(({flagByte, ...s}) => ({
	...s,
	flags: {...noFlags(), fin: (flagByte & 1) !== 0, syn: (flagByte & 2) !== 0, rst: (flagByte & 4) !== 0, psh: (flagByte & 8) !== 0,
		ack: (flagByte & 16) !== 0, urg: (flagByte & 32) !== 0, ece: (flagByte & 64) !== 0, cwr: (flagByte & 128) !== 0},
}));

test('an event given no segment reads from the packet what an event given the segment reads from it', () => {
	fc.assert(fc.property(segment, fc.boolean(), (seg, own) => {
		// encodeOutput is how a stack sends (the payload pointed at the packet's copy); encodeSegment how a test or a lesson builds one.
		const given = {...seg};
		const packet = own ? encodeOutput(given) : encodeSegment(given);
		const plain = new LinkSegmentEvent(7, 1, 'c2s', 'delivered', given, packet, packet);
		const fromBytes = new LinkSegmentEvent(7, 1, 'c2s', 'delivered', null, packet, packet);
		assert.deepEqual(fieldsOf(fromBytes), fieldsOf(plain));
		assert.deepEqual(said(fromBytes.segment), said(plain.segment));
		assert.equal(fromBytes.segment, fromBytes.segment, 'decoded once');
	}), {numRuns: 300});
});

test('the fields come from the packet as sent, not from a corrupted copy that arrived', () => {
	const seg: Segment = {src: '10.0.0.1', dst: '10.0.0.2', srcPort: 4000, dstPort: 80, seq: 0xfffffff0, ack: 77, flags: {...noFlags(), ack: true},
		window: 500, urgent: 0, options: {}, payload: new Uint8Array([1, 2, 3])};
	const sent = encodeSegment(seg);
	const arrived = sent.slice();
	arrived[24] ^= 0x80;
	const event = new LinkSegmentEvent(3, 9, 's2c', 'dropped', null, sent, arrived);
	assert.equal(event.seq, 0xfffffff0);
	assert.equal(event.bytes, arrived);
	assert.deepEqual(said(event.segment), said(seg));
});

/** Every segment event of a transfer, and the Segment each packet id was sent with. */
function transfer(link: {c2s: Partial<LinkConfig>; s2c: Partial<LinkConfig>}, prepare?: (world: World) => void): {events: SegmentEvent[]; sentWith: Map<number, Segment>} {
	const world = createWorld({seed: 3, stack: {mss: 1460, sndbuf: 1 << 16, rcvbuf: 1 << 16}, link, historyLimit: 0});
	const events: SegmentEvent[] = [];
	const sentWith = new Map<number, Segment>();
	world.on((e: SimEvent) => {
		if (e.kind !== 'segment') return;
		events.push(e);
		if (e.fate === 'sent' || e.fate === 'duplicated') sentWith.set(e.id, e.segment);
	});
	const {fd, conn} = openConnection(world);
	prepare?.(world);
	pumpTransfer(world, fd, conn, 300_000, new Uint8Array(20_000).map((_, i) => i * 13));
	world.runFor(5000);
	return {events, sentWith};
}

test('in a world, every later event of a packet says what the segment it was sent with says', () => {
	const worlds = {
		'delay only': transfer({c2s: {delay: 5}, s2c: {delay: 5}}),
		netem: transfer({c2s: {delay: 5, jitter: 4, loss: 3, duplicate: 3, corrupt: 2, reorder: 5}, s2c: {delay: 5, loss: 2, corrupt: 2}}),
		'rate and queue': transfer({c2s: {delay: 2, rate: 10_000_000, queueLimit: 8}, s2c: {delay: 2}}),
		faults: transfer({c2s: {delay: 20}, s2c: {delay: 20}}, world => {
			world.armFault({dir: 'c2s', flags: 'DATA', nth: 5}, {kind: 'corrupt'});
			world.armFault({dir: 'c2s', flags: 'DATA', nth: 9}, {kind: 'duplicate'});
			world.armFault({dir: 's2c', flags: null, nth: 4}, {kind: 'delay', ms: 3});
			faultMidFlight(world, 3, 40);
		}),
	};
	for (const [name, {events, sentWith}] of Object.entries(worlds)) {
		const later = events.filter(e => e.fate !== 'sent' && e.fate !== 'duplicated');
		const fates = new Set(later.map(e => e.fate));
		assert.ok(later.length > 100, name);
		for (const e of later) {
			const seg = sentWith.get(e.id);
			assert.ok(seg, `${name}: event ${e.id} ${e.fate} follows its sent event`);
			const reference = new LinkSegmentEvent(e.t, e.id, e.dir, e.fate, seg, seg === undefined ? e.bytes : encodeSegment(seg), e.bytes);
			assert.deepEqual(fieldsOf(e), fieldsOf(reference), `${name}: ${e.id} ${e.fate}`);
			assert.deepEqual(said(e.segment), said(seg), `${name}: ${e.id} ${e.fate} segment`);
		}
		if (name === 'netem') assert.deepEqual([...fates].sort(), ['corrupted', 'delivered', 'dropped', 'lost']);
	}
});
