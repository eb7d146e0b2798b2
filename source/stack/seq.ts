// Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4). Every comparison of
// sequence numbers in the stack goes through these helpers, never through < or >.

export const SEQ_MOD = 0x1_0000_0000;

// Every caller passes integers (header fields, u32 ISNs, byte counts, lengths), so ToUint32 and
// ToInt32 do the modulo exactly, without the floating-point remainder `%` costs on doubles.

/** Normalise any integer to 0..2^32-1. */
export function seq(n: number): number {
	return n >>> 0;
}

/** a + n, wrapped. */
export function seqAdd(a: number, n: number): number {
	return (a + n) >>> 0;
}

/** Signed distance b - a in [-2^31, 2^31): exactly half way round counts as behind. */
export function seqDiff(b: number, a: number): number {
	return (b - a) | 0;
}

export function seqLt(a: number, b: number): boolean {
	return seqDiff(b, a) > 0;
}

export function seqLe(a: number, b: number): boolean {
	return seqDiff(b, a) >= 0;
}

export function seqGt(a: number, b: number): boolean {
	return seqDiff(a, b) > 0;
}

export function seqGe(a: number, b: number): boolean {
	return seqDiff(a, b) >= 0;
}

/** lo <= x < hi, modulo 2^32. */
export function seqInRange(x: number, lo: number, hi: number): boolean {
	return seqLe(lo, x) && seqLt(x, hi);
}
