import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {SEQ_MOD, seq, seqAdd, seqDiff, seqGe, seqGt, seqInRange, seqLe, seqLt} from '../../source/stack/seq.js';

const TOP = 0xffffffff;

test('seq normalises into 0..2^32-1', () => {
	assert.equal(seq(0), 0);
	assert.equal(seq(SEQ_MOD), 0);
	assert.equal(seq(-1), TOP);
	assert.equal(seq(SEQ_MOD + 5), 5);
	assert.equal(seq(-SEQ_MOD - 1), TOP);
});

test('seqAdd wraps just below 2^32', () => {
	assert.equal(seqAdd(TOP, 1), 0);
	assert.equal(seqAdd(TOP - 1, 5), 3);
	assert.equal(seqAdd(3, -5), TOP - 1);
	assert.equal(seqAdd(0xfffffff0, 0x20), 0x10);
});

test('seqDiff is the signed distance across the wrap', () => {
	assert.equal(seqDiff(0, TOP), 1);
	assert.equal(seqDiff(TOP, 0), -1);
	assert.equal(seqDiff(0x10, 0xfffffff0), 0x20);
	assert.equal(seqDiff(0x80000000, 0), 0x80000000 - SEQ_MOD, 'exactly half way is negative (range is (-2^31, 2^31])');
	assert.equal(seqDiff(0x7fffffff, 0), 0x7fffffff);
});

test('comparisons across the wrap', () => {
	assert.ok(seqLt(TOP, 0));
	assert.ok(seqLt(0xfffffff0, 5));
	assert.ok(seqGt(5, 0xfffffff0));
	assert.ok(seqLe(TOP, TOP));
	assert.ok(seqGe(0, 0));
	assert.ok(!seqLt(5, 0xfffffff0));
	assert.ok(!seqGt(TOP, 0));
});

test('seqInRange across the wrap', () => {
	assert.ok(seqInRange(TOP, 0xfffffff0, 0x10));
	assert.ok(seqInRange(0, 0xfffffff0, 0x10));
	assert.ok(seqInRange(0xfffffff0, 0xfffffff0, 0x10));
	assert.ok(!seqInRange(0x10, 0xfffffff0, 0x10), 'hi is exclusive');
	assert.ok(!seqInRange(0xffffffef, 0xfffffff0, 0x10));
	assert.ok(!seqInRange(5, 5, 5), 'empty range');
});

test('properties: a + n - a = n for |n| < 2^31; ordering is consistent', () => {
	const u32 = fc.integer({min: 0, max: TOP});
	const step = fc.integer({min: -0x7fffffff, max: 0x7fffffff});
	fc.assert(fc.property(u32, step, (a, n) => {
		const b = seqAdd(a, n);
		assert.equal(seqDiff(b, a), n);
		assert.equal(seqLt(a, b), n > 0);
		assert.equal(seqGt(a, b), n < 0);
		assert.equal(seqLe(a, b), n >= 0);
		assert.equal(seqGe(a, b), n <= 0);
		assert.ok(b >= 0 && b <= TOP && Number.isInteger(b));
	}), {numRuns: 2000});
});
