import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {Scheduler} from '../../source/sim/scheduler.js';

test('events run in time order, ties in insertion order, and the clock follows', () => {
	const s = new Scheduler();
	const log: string[] = [];
	s.set(30, () => log.push(`c@${s.now()}`));
	s.set(10, () => log.push(`a@${s.now()}`));
	s.set(10, () => log.push(`b@${s.now()}`));
	s.set(20, () => log.push(`x@${s.now()}`));
	assert.equal(s.nextTime(), 10);
	while (s.step());
	assert.deepEqual(log, ['a@10', 'b@10', 'x@20', 'c@30']);
	assert.equal(s.now(), 30);
	assert.equal(s.step(), false);
	assert.equal(s.nextTime(), null);
});

test('cancel removes an event; cancelling twice or after it fired is harmless', () => {
	const s = new Scheduler();
	const log: number[] = [];
	const h1 = s.set(5, () => log.push(1));
	const h2 = s.set(6, () => log.push(2));
	s.cancel(h1);
	s.cancel(h1);
	assert.equal(s.pending(h1), false);
	assert.equal(s.nextTime(), 6, 'a cancelled head does not count as next');
	s.runUntil(100);
	s.cancel(h2);
	s.cancel(12345);
	assert.deepEqual(log, [2]);
	assert.equal(s.now(), 100);
});

test('runUntil runs events scheduled by events, up to and including t, then sets the clock to t', () => {
	const s = new Scheduler();
	const log: number[] = [];
	s.set(10, () => {
		log.push(s.now());
		s.set(s.now() + 10, () => log.push(s.now()));
		s.set(s.now() + 100, () => log.push(s.now()));
	});
	s.runUntil(20);
	assert.deepEqual(log, [10, 20]);
	assert.equal(s.now(), 20);
	s.runUntil(50);
	assert.equal(s.now(), 50);
	assert.equal(s.nextTime(), 110);
	s.runUntil(40);
	assert.equal(s.now(), 50, 'the clock never goes back');
});

test('a time in the past runs at now; the clock never goes back', () => {
	const s = new Scheduler(100);
	let at = -1;
	s.set(50, () => { at = s.now(); });
	s.step();
	assert.equal(at, 100);
	assert.throws(() => s.set(Number.NaN, () => {}), RangeError);
});

test('an event may cancel another due at the same time', () => {
	const s = new Scheduler();
	const log: string[] = [];
	let h = 0;
	s.set(1, () => { log.push('first'); s.cancel(h); });
	h = s.set(1, () => log.push('second'));
	s.runUntil(5);
	assert.deepEqual(log, ['first']);
});

test('tombstones are compacted: re-arming a timer many times keeps the heap small', () => {
	const s = new Scheduler();
	let handle = s.set(1000, () => {});
	for (let i = 0; i < 100_000; i++) {
		s.cancel(handle);
		handle = s.set(1000 + i, () => {});
	}
	assert.equal(s.size(), 1);
	// The private heap is bounded by the compaction rule: live + at most max(1024, live) tombstones.
	const heapLength = (s as unknown as {heap: unknown[]}).heap.length;
	assert.ok(heapLength <= 1025 + 1, `heap holds ${heapLength}`);
	let fired = 0;
	s.set(0, () => fired++);
	s.runUntil(1e9);
	assert.equal(fired, 1);
	assert.equal(s.size(), 0);
});

test('property: matches a sorted reference model under random set/cancel/step', () => {
	type Op = {kind: 'set'; at: number} | {kind: 'cancel'; which: number} | {kind: 'step'};
	const op: fc.Arbitrary<Op> = fc.oneof(
		fc.record({kind: fc.constant('set' as const), at: fc.integer({min: 0, max: 50})}),
		fc.record({kind: fc.constant('cancel' as const), which: fc.nat()}),
		fc.record({kind: fc.constant('step' as const)}),
	);
	fc.assert(fc.property(fc.array(op, {maxLength: 200}), ops => {
		const s = new Scheduler();
		const fired: number[] = [];
		const model: Array<{at: number; id: number}> = [];
		const handles: number[] = [];
		const expected: number[] = [];
		let id = 0;
		for (const o of ops) {
			if (o.kind === 'set') {
				const myId = id++;
				const at = Math.max(o.at, s.now());
				handles.push(s.set(o.at, () => fired.push(myId)));
				model.push({at, id: myId});
			} else if (o.kind === 'cancel') {
				if (handles.length === 0) continue;
				const idx = o.which % handles.length;
				s.cancel(handles[idx]!);
				const at = model.findIndex(m => m.id === idx);
				if (at >= 0) model.splice(at, 1);
			} else {
				model.sort((a, b) => a.at - b.at || a.id - b.id);
				const next = model.shift();
				assert.equal(s.nextTime(), next ? next.at : null);
				assert.equal(s.step(), next !== undefined);
				if (next) expected.push(next.id);
			}
		}
		assert.deepEqual(fired, expected);
		assert.equal(s.size(), model.length);
	}), {numRuns: 300});
});

test('property: post() (the FIFO lane) and set() interleave exactly as one sorted order', () => {
	type Op = {kind: 'set' | 'post'; delay: number} | {kind: 'cancel'; which: number} | {kind: 'step'};
	// Mostly equal delays (a fixed link delay: the lane), some shorter or longer (the heap).
	const delay = fc.oneof(fc.constant(5), fc.constant(5), fc.integer({min: 0, max: 12}));
	const op: fc.Arbitrary<Op> = fc.oneof(
		fc.record({kind: fc.constant('post' as const), delay}),
		fc.record({kind: fc.constant('post' as const), delay}),
		fc.record({kind: fc.constant('set' as const), delay}),
		fc.record({kind: fc.constant('cancel' as const), which: fc.nat()}),
		fc.record({kind: fc.constant('step' as const)}),
		fc.record({kind: fc.constant('step' as const)}),
	);
	fc.assert(fc.property(fc.array(op, {maxLength: 300}), ops => {
		const s = new Scheduler();
		const fired: number[] = [];
		const model: Array<{at: number; id: number; handle: number | null}> = [];
		const handles: number[] = [];
		const expected: number[] = [];
		let id = 0;
		for (const o of ops) {
			if (o.kind === 'set' || o.kind === 'post') {
				const myId = id++;
				const at = s.now() + o.delay;
				let handle: number | null = null;
				if (o.kind === 'set') {
					handle = s.set(at, () => fired.push(myId));
					handles.push(handle);
				} else {
					s.post(at, id => fired.push(id), myId);
				}
				model.push({at, id: myId, handle});
			} else if (o.kind === 'cancel') {
				if (handles.length === 0) continue;
				const handle = handles[o.which % handles.length]!;
				s.cancel(handle);
				const at = model.findIndex(m => m.handle === handle);
				if (at >= 0) model.splice(at, 1);
			} else {
				model.sort((a, b) => a.at - b.at || a.id - b.id);
				const next = model.shift();
				assert.equal(s.nextTime(), next ? next.at : null);
				assert.equal(s.step(), next !== undefined);
				if (next) expected.push(next.id);
			}
			assert.equal(s.size(), model.length);
		}
		while (s.step()) {}
		model.sort((a, b) => a.at - b.at || a.id - b.id);
		assert.deepEqual(fired, [...expected, ...model.map(m => m.id)]);
	}), {numRuns: 300});
});

test('a long run of posted events keeps the lane small: its ring grows to what is in flight, not to what was ever sent', () => {
	const s = new Scheduler();
	let ran = 0;
	const tick = (): void => {
		ran++;
		if (ran < 100_000) s.post(s.now() + 3000, tick, null);
	};
	// 3000 packets in flight at any time, each arrival sending the next behind the tail.
	for (let i = 1; i <= 3000; i++) s.post(i, tick, null);
	let largest = 0;
	while (s.step()) largest = Math.max(largest, s.laneCapacity());
	assert.equal(ran, 100_000 + 2999);
	assert.ok(largest <= 2 * 3000, `the lane's capacity follows the events waiting (largest ${largest})`);
});

test('the lane keeps its order when its ring wraps and then grows while wrapped', () => {
	const s = new Scheduler();
	const fired: number[] = [];
	let next = 0;
	const post = (): void => {
		const id = next++;
		s.post(s.now() + 1, () => fired.push(id), null);
	};
	// Fill part of the ring, consume some (the head moves on), refill past the end (wrap), then
	// overfill while wrapped so the ring doubles with its content split in two.
	for (let i = 0; i < 10; i++) post();
	for (let i = 0; i < 8; i++) s.step();
	const before = s.laneCapacity();
	for (let i = 0; i < 3 * before; i++) post();
	assert.ok(s.laneCapacity() > before, 'the ring grew');
	while (s.step()) {}
	assert.deepEqual(fired, Array.from({length: next}, (_, i) => i));
	assert.deepEqual(s.postedArgs(), []);
});

test('postedArgs: the arguments of posted events not yet run, from the lane and the heap alike', () => {
	const s = new Scheduler();
	const noop = (): void => {};
	s.post(10, noop, 'a');
	s.post(20, noop, 'b');
	s.post(5, noop, 'early'); // behind the lane's tail: goes to the heap
	s.set(7, noop);
	assert.deepEqual([...s.postedArgs()].sort(), ['a', 'b', 'early']);
	s.step();
	assert.deepEqual([...s.postedArgs()].sort(), ['a', 'b']);
	s.step();
	s.step();
	assert.deepEqual(s.postedArgs(), ['b']);
	s.step();
	assert.deepEqual(s.postedArgs(), []);
});
