// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum
// of 16-bit big-endian words. It runs over every segment the stack sends or receives (twice per
// payload byte: once when encoded, once when verified), so long runs are summed by a WebAssembly
// SIMD loop (checksum-simd.ts) and short ones, or all where SIMD is missing, by a JavaScript loop
// over plain numbers (32-bit words when aligned); the carries are folded once at the end.
import {instantiateSimdSum, SIMD_WINDOW, type SimdSum} from './checksum-simd.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Below this many bytes the typed-array view costs more than it saves. */
const ALIGNED_MINIMUM = 64;
/** Below this many bytes the copy into WebAssembly memory and the call cost more than they save. */
const SIMD_MINIMUM = 128;

const simd: SimdSum | null = LITTLE_ENDIAN ? instantiateSimdSum() : null;

/** Whether long runs are summed with WebAssembly SIMD here (tests check both paths). */
export const simdAvailable = simd !== null;

// Packets are carved from a few shared slabs (segment.ts), so a 32-bit view of the whole
// backing buffer is kept for the last buffer seen rather than a new view made per packet.
let viewedBuffer: ArrayBufferLike | null = null;
let bufferWords: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

/** A Uint32Array over all of `buffer`, covering at least its first `end` bytes. */
function wordsOf(buffer: ArrayBufferLike, end: number): Uint32Array<ArrayBufferLike> {
	if (buffer !== viewedBuffer || bufferWords.length * 4 < end) {
		viewedBuffer = buffer;
		bufferWords = new Uint32Array(buffer, 0, buffer.byteLength >>> 2);
	}
	return bufferWords;
}

/**
 * One's complement sum of bytes[start, end) as big-endian 16-bit words, added to `initial`,
 * folded to 16 bits (not complemented). An odd trailing byte is padded with a zero byte.
 * Use it to build partial sums (a pseudo-header, then the segment).
 */
export function onesComplementSum(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
	if (simd !== null && end - start >= SIMD_MINIMUM) return simdSum(simd, bytes, start, end, initial);
	return scalarSum(bytes, start, end, initial);
}

/**
 * The SIMD path: bytes are copied into the module's memory so that bytes[start] lands on a
 * 16-byte boundary, summed there 16 bytes a step, and the last 0–15 bytes here. A whole packet is
 * copied as it is (a subarray per call would cost more than the extra 20 header bytes).
 */
function simdSum(module: SimdSum, bytes: Uint8Array, start: number, end: number, initial: number): number {
	const {memory} = module;
	let littleEndian = 0;
	let at = start;
	if (bytes.length <= SIMD_WINDOW) {
		const base = (16 - (start & 15)) & 15;
		const length = (end - start) & ~15;
		memory.set(bytes, base);
		littleEndian = module.sum(base + start, length);
		at = start + length;
	} else {
		for (let length = Math.min(end - at, SIMD_WINDOW) & ~15; length > 0; length = Math.min(end - at, SIMD_WINDOW) & ~15) {
			memory.set(bytes.subarray(at, at + length), 0);
			littleEndian += module.sum(0, length);
			at += length;
		}
	}
	// Every 16-byte step starts at an even distance from `start`, so the words are the right
	// pairs of bytes, each with its two bytes swapped: one swap of the folded sum undoes that
	// (RFC 1071 §2(B)).
	littleEndian = fold(littleEndian);
	let sum = initial + (((littleEndian & 0xff) << 8) | (littleEndian >>> 8));
	while (at < end - 1) {
		sum += (bytes[at]! << 8) | bytes[at + 1]!;
		at += 2;
	}
	if (at < end) sum += bytes[at]! << 8;
	return fold(sum);
}

/** The JavaScript path: onesComplementSum without WebAssembly (short runs, or no SIMD). */
export function scalarSum(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
	let sum = initial;
	let i = start;
	// byteOffset and buffer are getters that cost more than summing a 20-byte header: only a
	// long enough run looks at them.
	const absolute = end - start >= ALIGNED_MINIMUM ? bytes.byteOffset + start : 1;
	if ((absolute & 3) === 0) {
		// Aligned fast path: sum native-order 32-bit words. A 32-bit word is congruent to the sum
		// of its two 16-bit halves modulo 2^16-1, and a byte-swapped sum is the sum of the
		// byte-swapped words (RFC 1071 §2(B)), so one swap at the end gives the big-endian sum.
		const words = (end - start) >>> 2;
		const view = wordsOf(bytes.buffer, absolute + words * 4);
		const first = absolute >>> 2;
		let folded = 0;
		// Doubles are exact to 2^53: fold every 2^20 words, long before 2^21 could overflow.
		for (let chunk = first; chunk < first + words; chunk += 0x100000) {
			const chunkEnd = Math.min(first + words, chunk + 0x100000);
			let wordSum = 0;
			let k = chunk;
			// Four words a step, added in pairs: shorter chains of float additions (≈1.8× faster).
			for (; k + 3 < chunkEnd; k += 4) wordSum += (view[k]! + view[k + 1]!) + (view[k + 2]! + view[k + 3]!);
			for (; k < chunkEnd; k++) wordSum += view[k]!;
			folded = fold(folded + fold(wordSum));
		}
		if (LITTLE_ENDIAN) folded = ((folded & 0xff) << 8) | (folded >>> 8);
		sum += folded;
		i = start + words * 4;
	}
	// Unrolled by four words: doubles hold integers up to 2^53 exactly, so even a 64 KiB
	// buffer (at most 2^15 words of at most 2^16) cannot lose a carry before the fold.
	const last4 = end - 7;
	while (i < last4) {
		sum += ((bytes[i]! << 8) | bytes[i + 1]!)
			+ ((bytes[i + 2]! << 8) | bytes[i + 3]!)
			+ ((bytes[i + 4]! << 8) | bytes[i + 5]!)
			+ ((bytes[i + 6]! << 8) | bytes[i + 7]!);
		i += 8;
	}
	while (i < end - 1) {
		sum += (bytes[i]! << 8) | bytes[i + 1]!;
		i += 2;
	}
	if (i < end) sum += bytes[i]! << 8;
	return fold(sum);
}

/** Fold carries above bit 16 back in until the sum fits in 16 bits. */
export function fold(sum: number): number {
	// Above 32 bits by division (exact: a power of two, and sums stay below 2^53); `%` on a
	// double would call the C library's fmod, twice per segment. Then in 32-bit integers.
	while (sum > 0xffff_ffff) {
		const high = Math.floor(sum / 0x10000);
		sum = sum - high * 0x10000 + high;
	}
	while (sum > 0xffff) sum = (sum >>> 16) + (sum & 0xffff);
	return sum;
}

/**
 * The checksum field value for bytes[start, end) with `initial` as a partial sum already
 * accumulated (e.g. the TCP pseudo-header). Verifying data that includes its own checksum
 * field gives 0.
 */
export function internetChecksum(bytes: Uint8Array, start = 0, end = bytes.length, initial = 0): number {
	return ~onesComplementSum(bytes, start, end, initial) & 0xffff;
}
