// Fuzzing the decoder: whatever the bytes, it returns a value and never throws; and every
// single-bit flip of a valid packet is caught by a header check or a checksum.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {blankSegment, decodePacket, decodePacketInto, decodeSegment, encodeSegment, peekSegment} from '../../source/stack/segment.js';
import type {Segment, TcpOptions} from '../../source/stack/types.js';

const u32 = fc.integer({min: 0, max: 0xffffffff});
const u16 = fc.integer({min: 0, max: 0xffff});
const octet = fc.integer({min: 0, max: 255});
const address = fc.tuple(octet, octet, octet, octet).map(q => q.join('.'));

const options: fc.Arbitrary<TcpOptions> = fc.record({
	mss: u16,
	wscale: fc.integer({min: 0, max: 14}),
	sackPermitted: fc.constant(true),
	timestamps: fc.record({tsval: u32, tsecr: u32}),
	sack: fc.array(fc.tuple(u32, u32), {minLength: 1, maxLength: 2}),
	unknown: fc.array(fc.record({kind: fc.integer({min: 6, max: 253}).filter(k => k !== 8), data: fc.uint8Array({maxLength: 4})}), {minLength: 1, maxLength: 1}),
}, {requiredKeys: []}).filter(o => optionBytes(o) <= 40);

/** Option space these options need (our layout), so the round trip only uses ones that fit. */
function optionBytes(o: TcpOptions): number {
	return (o.mss !== undefined ? 4 : 0)
		+ (o.timestamps ? 12 : o.sackPermitted ? 4 : 0)
		+ (o.wscale !== undefined ? 4 : 0)
		+ (o.sack ? 4 + 8 * o.sack.length : 0)
		+ (o.unknown ?? []).reduce((n, u) => n + 2 + u.data.length, 0);
}

const segment: fc.Arbitrary<Segment> = fc.record({
	src: address,
	dst: address,
	srcPort: u16,
	dstPort: u16,
	seq: u32,
	ack: u32,
	flags: fc.record({fin: fc.boolean(), syn: fc.boolean(), rst: fc.boolean(), psh: fc.boolean(), ack: fc.boolean(), urg: fc.boolean(), ece: fc.boolean(), cwr: fc.boolean()}),
	window: u16,
	urgent: u16,
	options,
	payload: fc.uint8Array({maxLength: 300}),
	ttl: octet,
	ipId: u16,
});

test('random segments round-trip through encode/decode', () => {
	fc.assert(fc.property(segment, seg => {
		const r = decodeSegment(encodeSegment(seg));
		assert.ok(r.ok);
		const got = r.segment;
		// Spread into plain objects: fast-check builds records with a null prototype.
		assert.deepEqual({...got, flags: {...got.flags}, payload: [...got.payload], options: normalise(got.options)},
			{...seg, flags: {...seg.flags}, payload: [...seg.payload], options: normalise(seg.options)});
	}), {numRuns: 1000});
});

function normalise(o: TcpOptions): unknown {
	const plain: Record<string, unknown> = {...o};
	if (o.timestamps) plain['timestamps'] = {...o.timestamps};
	if (o.unknown) plain['unknown'] = o.unknown.map(u => ({kind: u.kind, data: [...u.data]}));
	return plain;
}

test('random bytes never make the decoder throw', () => {
	fc.assert(fc.property(fc.uint8Array({maxLength: 200}), bytes => {
		const r = decodeSegment(bytes);
		assert.equal(typeof r.ok, 'boolean');
	}), {numRuns: 5000});
});

test('random bytes behind a plausible IPv4/TCP prefix never make the decoder throw', () => {
	// Start from valid headers so the fuzzing reaches the option parser and the later checks.
	fc.assert(fc.property(segment, fc.uint8Array({minLength: 1, maxLength: 80}), fc.nat(), (seg, noise, where) => {
		const b = encodeSegment(seg);
		const at = where % b.length;
		const mutated = b.slice();
		mutated.set(noise.subarray(0, b.length - at), at);
		const r = decodeSegment(mutated);
		assert.equal(typeof r.ok, 'boolean');
	}), {numRuns: 3000});
});

test('every truncation of a valid packet is rejected with a reason', () => {
	fc.assert(fc.property(segment, seg => {
		const b = encodeSegment(seg);
		for (let n = 0; n < b.length; n++) {
			const r = decodeSegment(b.subarray(0, n));
			assert.equal(r.ok, false, `truncated to ${n} of ${b.length}`);
		}
	}), {numRuns: 200});
});

test('every single-bit flip of a valid packet is detected', () => {
	fc.assert(fc.property(segment, seg => {
		const b = encodeSegment(seg);
		for (let bit = 0; bit < b.length * 8; bit++) {
			const flipped = b.slice();
			flipped[bit >> 3]! ^= 0x80 >> (bit & 7);
			const r = decodeSegment(flipped);
			assert.equal(r.ok, false, `bit ${bit} of ${b.length * 8} went unnoticed`);
		}
	}), {numRuns: 150});
});

test('random double-bit flips never throw', () => {
	fc.assert(fc.property(segment, fc.nat(), fc.nat(), (seg, x, y) => {
		const b = encodeSegment(seg);
		b[x % b.length]! ^= 1 << (x % 8);
		b[y % b.length]! ^= 1 << (y % 8);
		assert.equal(typeof decodeSegment(b).ok, 'boolean');
	}), {numRuns: 2000});
});

test('peekSegment never throws, and agrees with decodeSegment on valid packets', () => {
	fc.assert(fc.property(fc.uint8Array({maxLength: 120}), bytes => {
		const seg = peekSegment(bytes);
		assert.ok(seg === null || typeof seg.seq === 'number');
	}), {numRuns: 3000});
	fc.assert(fc.property(segment, fc.nat(), (seg, bit) => {
		const b = encodeSegment(seg);
		const peeked = peekSegment(b);
		const decoded = decodeSegment(b);
		assert.ok(peeked && decoded.ok);
		assert.deepEqual({...peeked, flags: {...peeked.flags}, options: {}, payload: [...peeked.payload]},
			{...decoded.segment, flags: {...decoded.segment.flags}, options: {}, payload: [...decoded.segment.payload]});
		// After a bit flip it still reads what it can, without throwing.
		b[bit % b.length]! ^= 1 << (bit % 8);
		peekSegment(b);
	}), {numRuns: 500});
});

test('decodePacketInto (one Segment reused) gives what decodePacket gives, packet after packet, valid or not', () => {
	const into = blankSegment();
	const plain = (s: Segment): unknown => ({...s, flags: {...s.flags}, payload: [...s.payload], options: normalise(s.options)});
	fc.assert(fc.property(fc.array(fc.tuple(segment, fc.nat(), fc.boolean(), fc.boolean()), {minLength: 1, maxLength: 6}), packets => {
		for (const [seg, bit, flip, lenient] of packets) {
			const b = encodeSegment(seg);
			if (flip) b[bit % b.length]! ^= 1 << (bit % 8);
			const expected = decodePacket(b, lenient);
			const before = plain(into);
			const invalid = decodePacketInto(b, lenient, into);
			if (typeof expected === 'string') {
				assert.equal(invalid, expected);
				assert.deepEqual(plain(into), before, 'an invalid packet leaves the segment as it was');
			} else {
				assert.equal(invalid, null);
				assert.deepEqual(Object.keys(into), Object.keys(expected), 'the same fields in the same order');
				assert.deepEqual(plain(into), plain(expected));
			}
		}
	}), {numRuns: 1000});
});
