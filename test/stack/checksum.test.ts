import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {onesComplementSum, scalarSum, simdAvailable} from '../../source/stack/checksum.js';
import {instantiateSimdSum} from '../../source/stack/checksum-simd.js';

/** The plainest RFC 1071 sum: big-endian words one at a time, carries folded as they come. */
function referenceSum(bytes: Uint8Array, start: number, end: number, initial: number): number {
	let sum = initial;
	while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
	for (let i = start; i < end; i += 2) {
		sum += (bytes[i]! << 8) | (i + 1 < end ? bytes[i + 1]! : 0);
		sum = (sum & 0xffff) + (sum >>> 16);
	}
	return sum;
}

/** A range of a view that starts at any offset of a larger buffer (so at any alignment). */
const ranges = fc.record({
	data: fc.uint8Array({minLength: 0, maxLength: 3000}),
	lead: fc.nat(31),
	cut: fc.tuple(fc.nat(), fc.nat()),
	initial: fc.oneof(fc.constant(0), fc.nat(0xffff), fc.nat(0x7fff_ffff), fc.constant(0xffff_ffff)),
});

test('WebAssembly SIMD is there on the Node versions we support (so the fast path is the one tested)', () => {
	assert.equal(simdAvailable, true);
	assert.notEqual(instantiateSimdSum(), null);
});

test('the SIMD path, the JavaScript path and the reference agree at every offset, length and alignment', () => {
	fc.assert(fc.property(ranges, ({data, lead, cut, initial}) => {
		const backing = new Uint8Array(lead + data.length);
		backing.set(data, lead);
		const view = backing.subarray(lead);
		const a = data.length === 0 ? 0 : cut[0] % (data.length + 1);
		const b = data.length === 0 ? 0 : cut[1] % (data.length + 1);
		const [start, end] = a <= b ? [a, b] : [b, a];
		const expected = referenceSum(view, start, end, initial);
		assert.equal(onesComplementSum(view, start, end, initial), expected);
		assert.equal(scalarSum(view, start, end, initial), expected);
	}), {numRuns: 2000});
});

test('long runs of 0xff, where every carry counts, agree with the reference on both paths', () => {
	for (const length of [127, 128, 129, 143, 144, 1480, 1481, 65535, 65536, 65537, 200_001]) {
		for (const lead of [0, 1, 2, 3, 15]) {
			const backing = new Uint8Array(lead + length).fill(0xff);
			backing[lead + (length >> 1)] = 0x12;
			const view = backing.subarray(lead);
			const expected = referenceSum(view, 0, length, 0xfffe);
			assert.equal(onesComplementSum(view, 0, length, 0xfffe), expected, `length ${length} lead ${lead}`);
			assert.equal(scalarSum(view, 0, length, 0xfffe), expected, `length ${length} lead ${lead}`);
			assert.equal(onesComplementSum(view, 1, length - 1), referenceSum(view, 1, length - 1, 0), `odd start, length ${length}`);
		}
	}
});

test('the SIMD module sums memory it is given and nothing beyond it', () => {
	const module = instantiateSimdSum()!;
	module.memory.fill(0xff);
	module.memory.set(new Uint8Array(64).fill(1), 16);
	// 32 little-endian words of 0x0101, lanes folded: 32 × 0x0101.
	assert.equal(module.sum(16, 64), 32 * 0x0101);
	assert.equal(module.sum(16, 16), 8 * 0x0101);
	assert.equal(module.sum(16, 0), 0);
});

test('a sum taken while another buffer sits in the SIMD memory is not disturbed by it', () => {
	const first = new Uint8Array(1500).map((_, i) => i * 7);
	const second = new Uint8Array(200).map((_, i) => 255 - i);
	const expectedFirst = referenceSum(first, 20, 1500, 0);
	assert.equal(onesComplementSum(second, 0, 200), referenceSum(second, 0, 200, 0));
	assert.equal(onesComplementSum(first, 20, 1500), expectedFirst);
	assert.equal(onesComplementSum(second, 3, 197), referenceSum(second, 3, 197, 0));
});
