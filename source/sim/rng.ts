// Seeded pseudo-random numbers: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator,
// as in PractRand) seeded through splitmix32. Every random choice in the simulation comes from
// here, so a seed reproduces a run exactly. `fork(label)` derives an independent stream from
// the seed and the label only (not from how much the parent has drawn), so adding a packet in
// one direction never shifts the randomness of the other direction or of the hosts.
import type {Rng} from '../stack/env.js';

/** splitmix32 step: a well-mixed 32-bit output for each state, used for seeding only. */
function splitmix32(state: number): [next: number, output: number] {
	const next = (state + 0x9e3779b9) >>> 0;
	let z = next;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
	z = (z ^ (z >>> 16)) >>> 0;
	return [next, z];
}

/** Mix a label into a 32-bit key (FNV-1a over the UTF-16 code units, then splitmix). */
function deriveKey(key: number, label: string): number {
	let h = (0x811c9dc5 ^ key) >>> 0;
	for (let i = 0; i < label.length; i++) {
		h ^= label.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return splitmix32(h ^ Math.imul(key, 0x9e3779b1))[1];
}

/** A seed from any number the user typed: integers map to themselves mod 2^32, others are hashed. */
export function normaliseSeed(seed: number): number {
	if (Number.isInteger(seed) && Math.abs(seed) <= Number.MAX_SAFE_INTEGER) return Number(BigInt.asUintN(32, BigInt(seed)));
	return deriveKey(0, String(seed));
}

export class SeededRng implements Rng {
	readonly key: number;
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(seed: number) {
		this.key = normaliseSeed(seed);
		let s = this.key;
		let out: number;
		[s, out] = splitmix32(s);
		this.a = out;
		[s, out] = splitmix32(s);
		this.b = out;
		[s, out] = splitmix32(s);
		this.c = out;
		this.d = 1;
		// Discard the first outputs: sfc32's state needs a few rounds to mix in the seed.
		for (let i = 0; i < 12; i++) this.u32();
	}

	u32(): number {
		const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
		this.d = (this.d + 1) >>> 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) >>> 0;
		this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
		this.c = (this.c + t) >>> 0;
		return t;
	}

	/** Uniform in [0, 1) with 32 bits of resolution. */
	next(): number {
		return this.u32() / 0x1_0000_0000;
	}

	/** Uniform integer in [min, max] (inclusive). */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	/** An independent stream named by `label`, the same for the same seed whatever was drawn here. */
	fork(label: string): SeededRng {
		return new SeededRng(deriveKey(this.key, label));
	}
}

export function createRng(seed: number): SeededRng {
	return new SeededRng(seed);
}
