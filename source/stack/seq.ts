// Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4). Every comparison of
// sequence numbers in the stack goes through these helpers, never through < or >.

export const SEQ_MOD = 0x1_0000_0000;

/** Normalise any integer to 0..2^32-1. */
export function seq(n: number): number {
	return ((n % SEQ_MOD) + SEQ_MOD) % SEQ_MOD;
}

/** a + n, wrapped. */
export function seqAdd(a: number, n: number): number {
	return seq(a + n);
}

/** Signed distance b - a in (-2^31, 2^31]. */
export function seqDiff(b: number, a: number): number {
	const d = seq(b - a);
	return d >= 0x8000_0000 ? d - SEQ_MOD : d;
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
