// Byte ring, payload queue and reassembly queue, including sequence numbers that wrap.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {ByteRing, PayloadQueue, Reassembly} from '../../source/stack/buffers.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

test('ByteRing: push/peek/take across the wrap, free space, resize keeps content', () => {
	const r = new ByteRing(8);
	assert.equal(r.push(bytes('abcdef')), 6);
	assert.equal(str(r.take(4)), 'abcd');
	assert.equal(r.push(bytes('ghijklmn')), 6, 'only what fits');
	assert.equal(r.free, 0);
	assert.equal(str(r.peek(1, 5)), 'fghij', 'a peek across the end of the array');
	r.resize(16);
	assert.equal(str(r.take(100)), 'efghijkl');
	assert.equal(r.length, 0);
});

test('ByteRing: property: behaves as a bounded FIFO while its storage grows, wraps and is resized', () => {
	const op = fc.oneof(
		fc.record({kind: fc.constant('push' as const), n: fc.integer({min: 0, max: 40_000})}),
		fc.record({kind: fc.constant('take' as const), n: fc.integer({min: 0, max: 40_000})}),
		fc.record({kind: fc.constant('peek' as const), n: fc.integer({min: 0, max: 40_000})}),
		fc.record({kind: fc.constant('peekAt' as const), n: fc.integer({min: 0, max: 200_000})}),
		fc.record({kind: fc.constant('consume' as const), n: fc.integer({min: 0, max: 70_000})}),
		fc.record({kind: fc.constant('resize' as const), n: fc.integer({min: 1, max: 300_000})}),
		fc.record({kind: fc.constant('clear' as const), n: fc.constant(0)}),
	);
	fc.assert(fc.property(fc.integer({min: 1, max: 300_000}), fc.array(op, {maxLength: 30}), (capacity, ops) => {
		const ring = new ByteRing(capacity);
		let model: number[] = [];
		let limit = capacity;
		let next = 0;
		for (const {kind, n} of ops) {
			if (kind === 'push') {
				const input = Uint8Array.from({length: n}, () => next++ & 0xff);
				const taken = ring.push(input);
				assert.equal(taken, Math.min(n, limit - model.length));
				model = model.concat([...input.subarray(0, taken)]);
			} else if (kind === 'take') {
				const k = Math.min(n, model.length);
				assert.deepEqual([...ring.take(n)], model.slice(0, k));
				model = model.slice(k);
			} else if (kind === 'peek') {
				const k = Math.min(n, model.length);
				assert.deepEqual([...ring.peek(0, k)], model.slice(0, k));
			} else if (kind === 'peekAt') {
				// Somewhere inside, up to about one MSS long: in one piece or across the end of the array.
				if (model.length === 0) continue;
				const offset = n % model.length;
				const k = Math.min(1 + (n % 1460), model.length - offset);
				assert.deepEqual([...ring.peek(offset, k)], model.slice(offset, offset + k));
			} else if (kind === 'consume') {
				ring.consume(n);
				model = model.slice(Math.min(n, model.length));
			} else if (kind === 'clear') {
				ring.clear();
				model = [];
			} else {
				ring.resize(n);
				limit = Math.max(1, n, model.length);
			}
			assert.equal(ring.length, model.length);
			assert.equal(ring.capacity, limit);
			assert.equal(ring.free, limit - model.length);
		}
	}), {numRuns: 200});
});

test('Reassembly: overlapping and duplicate chunks keep each byte once; drain stops at a hole', () => {
	const q = new Reassembly();
	q.insert(10, bytes('klmno'));
	q.insert(20, bytes('uvw'));
	q.insert(12, bytes('mnopqr'));
	q.insert(10, bytes('kl'));
	assert.equal(q.bytes, 11);
	assert.deepEqual(q.ranges(), [[10, 15], [15, 18], [20, 23]]);
	const out: string[] = [];
	const next = q.drain(5, (b) => (out.push(str(b)), b.length));
	assert.equal(next, 5, 'nothing continues at 5');
	const next2 = q.drain(10, (b) => (out.push(str(b)), b.length));
	assert.equal(next2, 18);
	assert.deepEqual(out, ['klmno', 'pqr']);
	assert.equal(q.bytes, 3);
	assert.equal(q.drain(20, (b) => b.length), 23);
	assert.equal(q.bytes, 0);
});

test('Reassembly across 2^32: chunks just below and above zero', () => {
	const q = new Reassembly();
	q.insert(2, bytes('cd'));
	q.insert(0xffff_fffe, bytes('yzab'));
	assert.deepEqual(q.ranges(), [[0xffff_fffe, 2], [2, 4]]);
	const out: string[] = [];
	assert.equal(q.drain(0xffff_fffe, (b) => (out.push(str(b)), b.length)), 4);
	assert.equal(out.join(''), 'yzabcd');
});

test('Reassembly: a drain that runs out of room keeps the rest for later', () => {
	const q = new Reassembly();
	q.insert(0, bytes('abcdef'));
	let room = 4;
	const next = q.drain(0, (b) => {
		const n = Math.min(room, b.length);
		room -= n;
		return n;
	});
	assert.equal(next, 4);
	assert.equal(q.bytes, 2);
	assert.equal(q.drain(4, (b) => b.length), 6);
});

test('Reassembly: many chunks appended after one hole are linear work', () => {
	const q = new Reassembly();
	const n = 50_000;
	for (let i = 1; i <= n; i++) q.insert(i * 10, new Uint8Array(10));
	assert.equal(q.count, n);
	assert.equal(q.drain(0, (b) => b.length), 0, 'the hole at 0..10 is still open');
	q.insert(0, new Uint8Array(10));
	assert.equal(q.drain(0, (b) => b.length), (n + 1) * 10);
	assert.equal(q.bytes, 0);
});

test('PayloadQueue: property: bytes come out as they went in, within capacity, whatever the sizes', () => {
	const op = fc.oneof(
		fc.record({kind: fc.constant('push' as const), size: fc.oneof(fc.integer({min: 0, max: 40}), fc.integer({min: 400, max: 3000})), skip: fc.nat({max: 30})}),
		fc.record({kind: fc.constant('take' as const), max: fc.integer({min: 0, max: 5000})}),
	);
	fc.assert(fc.property(fc.integer({min: 1, max: 20_000}), fc.array(op, {maxLength: 120}), (capacity, ops) => {
		const q = new PayloadQueue(capacity);
		const model: number[] = [];
		let next = 0;
		for (const o of ops) {
			if (o.kind === 'push') {
				const source = Uint8Array.from({length: o.size + o.skip}, () => next++ & 0xff);
				const n = q.push(source, o.skip);
				const expected = Math.min(o.size, capacity - model.length);
				assert.equal(n, Math.max(0, expected));
				model.push(...source.subarray(o.skip, o.skip + n));
				// Small payloads are copied: the caller's array may change afterwards.
				if (n < 512) source.fill(0xee);
			} else {
				const got = q.take(o.max);
				assert.deepEqual([...got], model.splice(0, Math.min(o.max, model.length)));
			}
			assert.equal(q.length, model.length);
			assert.equal(q.free, capacity - model.length);
		}
		assert.deepEqual([...q.take(model.length)], model);
	}), {numRuns: 300});
});

test('PayloadQueue: a read of exactly one whole payload gets it without a copy, and every result keeps its bytes', () => {
	let uncopied = 0;
	// Against the byte model (what copying reads give): reads sized to the next payload take the
	// no-copy path, other reads copy, and no later push, take or small-payload append changes
	// the bytes of an earlier result.
	const op = fc.oneof(
		fc.record({kind: fc.constant('push' as const), size: fc.oneof(fc.integer({min: 1, max: 40}), fc.integer({min: 512, max: 3000})), skip: fc.nat({max: 30})}),
		fc.record({kind: fc.constant('whole' as const)}),
		fc.record({kind: fc.constant('take' as const), max: fc.integer({min: 1, max: 5000})}),
	);
	fc.assert(fc.property(fc.array(op, {maxLength: 150}), (ops) => {
		const q = new PayloadQueue(1 << 20);
		const model: number[] = [];
		// Sizes of what is queued, payload by payload, as the queue would hold them (small ones joined).
		const sizes: Array<{size: number; small: boolean; source: Uint8Array | null}> = [];
		const results: Array<{got: Uint8Array; bytes: number[]}> = [];
		let next = 0;
		for (const o of ops) {
			if (o.kind === 'push') {
				const source = Uint8Array.from({length: o.size + o.skip}, () => next++ & 0xff);
				assert.equal(q.push(source, o.skip), o.size);
				model.push(...source.subarray(o.skip));
				const small = o.size < 512;
				const last = sizes[sizes.length - 1];
				if (small && last?.small) last.size += o.size;
				else sizes.push({size: o.size, small, source: small ? null : source});
				if (small) source.fill(0xee);
				continue;
			}
			const head = sizes[0];
			const max = o.kind === 'whole' ? head?.size ?? 1 : o.max;
			const got = q.take(max);
			const want = model.splice(0, Math.min(max, model.length));
			assert.deepEqual([...got], want);
			results.push({got, bytes: want});
			if (o.kind === 'whole' && head !== undefined && head.source !== null) {
				// The payload's own bytes, not a copy of them.
				assert.equal(got.buffer, head.source.buffer);
				uncopied++;
			}
			// What is left queued, payload by payload.
			let taken = want.length;
			while (taken > 0 && sizes.length > 0) {
				const first = sizes[0]!;
				const k = Math.min(first.size, taken);
				first.size -= k;
				taken -= k;
				if (first.size === 0) sizes.shift();
				else first.source = null;
			}
		}
		q.push(new Uint8Array(100).fill(0xaa));
		q.take(1 << 20);
		for (const r of results) assert.deepEqual([...r.got], r.bytes);
	}), {numRuns: 300});
	assert.ok(uncopied > 10, `the no-copy path was taken ${uncopied} times`);
});

test('PayloadQueue: a large payload is held as it is (no copy); clear and resize', () => {
	const q = new PayloadQueue(10_000);
	const packet = new Uint8Array(2000).fill(7);
	assert.equal(q.push(packet, 500, 2000), 1500);
	assert.equal(q.push(Uint8Array.of(1, 2, 3)), 3);
	assert.equal(q.length, 1503);
	const first = q.take(1000);
	assert.deepEqual([...first.subarray(0, 3)], [7, 7, 7]);
	assert.deepEqual([...q.take(600)].slice(-3), [1, 2, 3]);
	q.push(new Uint8Array(1000));
	q.resize(10);
	assert.equal(q.capacity, 1000, 'never below what is stored');
	q.clear();
	assert.equal(q.length, 0);
	assert.equal(q.take(10).length, 0);
});

test('PayloadQueue: thousands of chunks never all read (its index compacts) and emptied again and again', () => {
	const q = new PayloadQueue(1 << 24);
	const model: number[] = [];
	let next = 0;
	const push = (size: number): void => {
		const bytes = Uint8Array.from({length: size}, () => next++ & 0xff);
		assert.equal(q.push(bytes), size);
		model.push(...bytes);
	};
	const take = (max: number): void => {
		assert.deepEqual([...q.take(max)], model.splice(0, Math.min(max, model.length)));
	};
	// Always two chunks behind: the head passes 1024 with the queue never empty.
	for (let i = 0; i < 5000; i++) {
		push(i % 7 === 0 ? 600 : 520 + (i % 5));
		if (i > 2) take(520);
	}
	take(model.length);
	assert.equal(q.length, 0);
	for (let round = 0; round < 50; round++) {
		push(700);
		push(10);
		take(300);
		take(1000);
		assert.equal(q.length, 0);
	}
	push(3);
	take(3);
});

test('ByteRing: property: a blocked write pushed piece by piece (views of one array at an offset), across the wrap', () => {
	fc.assert(fc.property(
		fc.integer({min: 1, max: 5000}), fc.nat(64), fc.integer({min: 1, max: 20_000}),
		fc.array(fc.tuple(fc.integer({min: 0, max: 3000}), fc.integer({min: 0, max: 6000})), {maxLength: 60}),
		(capacity, lead, size, steps) => {
			const ring = new ByteRing(capacity);
			const backing = Uint8Array.from({length: lead + size}, (_, i) => (i * 7 + 3) & 0xff);
			const source = backing.subarray(lead);
			const expected = [...source];
			let written = 0;
			let model: number[] = [];
			for (const [take, peekAt] of steps) {
				const n = ring.push(source, written);
				assert.equal(n, Math.min(size - written, capacity - model.length));
				model = model.concat(expected.slice(written, written + n));
				written += n;
				if (model.length > 0) {
					const at = peekAt % model.length;
					const len = Math.min(model.length - at, 1500);
					assert.deepEqual([...ring.peek(at, len)], model.slice(at, at + len));
				}
				const k = Math.min(take, model.length);
				assert.deepEqual([...ring.take(take)], model.slice(0, k));
				model = model.slice(k);
			}
			// What was pushed is a copy: changing the source afterwards changes nothing held.
			backing.fill(0);
			assert.deepEqual([...ring.take(ring.length)], model);
		},
	), {numRuns: 300});
});
