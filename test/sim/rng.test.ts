import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createRng, normaliseSeed} from '../../source/sim/rng.js';

function draw(rng: {u32(): number}, n: number): number[] {
	return Array.from({length: n}, () => rng.u32());
}

test('same seed, same stream; different seeds, different streams', () => {
	assert.deepEqual(draw(createRng(7), 100), draw(createRng(7), 100));
	assert.notDeepEqual(draw(createRng(7), 10), draw(createRng(8), 10));
	assert.notDeepEqual(draw(createRng(0), 10), draw(createRng(1), 10));
});

test('known first outputs pin the algorithm (a change here changes every recorded run)', () => {
	assert.deepEqual(draw(createRng(42), 3), [2476999517, 2284424721, 914527439]);
	assert.equal(createRng(42).fork('client').u32(), 1330265806);
});

test('next() is in [0, 1) and roughly uniform', () => {
	const rng = createRng(123);
	const buckets = new Array(10).fill(0);
	const n = 100_000;
	let sum = 0;
	for (let i = 0; i < n; i++) {
		const x = rng.next();
		assert.ok(x >= 0 && x < 1);
		buckets[Math.floor(x * 10)]++;
		sum += x;
	}
	for (const count of buckets) assert.ok(Math.abs(count - n / 10) < 600, `bucket ${count}`);
	assert.ok(Math.abs(sum / n - 0.5) < 0.005);
});

test('u32 bits are balanced', () => {
	const rng = createRng(5);
	const ones = new Array(32).fill(0);
	const n = 20_000;
	for (let i = 0; i < n; i++) {
		const v = rng.u32();
		for (let bit = 0; bit < 32; bit++) if ((v >>> bit) & 1) ones[bit]++;
	}
	for (const count of ones) assert.ok(Math.abs(count - n / 2) < 500, `bit count ${count}`);
});

test('int(min, max) covers the inclusive range', () => {
	const rng = createRng(9);
	const seen = new Set<number>();
	for (let i = 0; i < 1000; i++) {
		const v = rng.int(3, 7);
		assert.ok(v >= 3 && v <= 7 && Number.isInteger(v));
		seen.add(v);
	}
	assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
});

test('fork depends on seed and label only, not on what the parent drew', () => {
	const a = createRng(7);
	const b = createRng(7);
	draw(b, 1000);
	assert.deepEqual(draw(a.fork('link:c2s'), 20), draw(b.fork('link:c2s'), 20));
	assert.notDeepEqual(draw(a.fork('link:c2s'), 20), draw(a.fork('link:s2c'), 20));
	assert.notDeepEqual(draw(createRng(7).fork('x'), 20), draw(createRng(8).fork('x'), 20));
	assert.notDeepEqual(draw(a.fork('x'), 20), draw(createRng(7), 20), 'a fork is not its parent');
	// Nested forks are stable too, and drawing from one stream leaves a sibling untouched.
	const root = createRng(99);
	const left = root.fork('client');
	const right = root.fork('server');
	const rightFirst = draw(right.fork('isn'), 5);
	draw(left, 500);
	assert.deepEqual(draw(createRng(99).fork('server').fork('isn'), 5), rightFirst);
});

test('seeds: integers mod 2^32, others hashed deterministically', () => {
	assert.equal(normaliseSeed(5), 5);
	assert.equal(normaliseSeed(-1), 0xffffffff);
	assert.equal(normaliseSeed(2 ** 32 + 3), 3);
	assert.equal(normaliseSeed(1.5), normaliseSeed(1.5));
	assert.notEqual(normaliseSeed(1.5), normaliseSeed(2.5));
	assert.deepEqual(draw(createRng(2 ** 32 + 3), 5), draw(createRng(3), 5));
});
