// The bundle gives Ink scripts/ink-throttle.js for es-toolkit's throttle (its frames and writes):
// the same calls at the same moments, without a timer armed while no call waits for one.
import {mock, test} from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import fc from 'fast-check';
import {throttle as toolkitThrottle} from 'es-toolkit/compat';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
type Throttled = ((...args: unknown[]) => unknown) & {cancel(): void; flush(): unknown};
type Throttle = (func: (...args: unknown[]) => unknown, wait?: number, options?: {leading?: boolean; trailing?: boolean}) => Throttled;
const {throttle: lazyThrottle} = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'ink-throttle.js')).href)) as {throttle: Throttle};

/** A step: wait `gap` ms, then call (or flush or cancel). */
type Step = {gap: number; action: 'call' | 'flush' | 'cancel'};

/** When each call went through and with what, and how many timers were armed, under a virtual clock. */
function run(make: Throttle, wait: number | undefined, steps: Step[]): {calls: string[]; timers: number} {
	mock.timers.enable({apis: ['setTimeout', 'Date'], now: 1_000_000});
	const mocked = globalThis.setTimeout;
	let timers = 0;
	globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
		timers++;
		return mocked(...args);
	}) as typeof setTimeout;
	try {
		const calls: string[] = [];
		const throttled = make((n) => calls.push(`${Date.now() - 1_000_000}:${String(n)}`), wait, {leading: true, trailing: true});
		// A millisecond at a time: a timer's callback sees the clock at the time it was due.
		const tick = (ms: number): void => {
			for (let i = 0; i < ms; i++) mock.timers.tick(1);
		};
		steps.forEach((step, n) => {
			tick(step.gap);
			if (step.action === 'call') throttled(n);
			else if (step.action === 'flush') throttled.flush();
			else throttled.cancel();
		});
		tick(100);
		return {calls, timers};
	} finally {
		globalThis.setTimeout = mocked;
		mock.timers.reset();
	}
}

const steps = fc.array(
	fc.record({gap: fc.oneof(fc.integer({min: 0, max: 3}), fc.integer({min: 0, max: 25})), action: fc.oneof({weight: 8, arbitrary: fc.constant('call' as const)}, {weight: 1, arbitrary: fc.constantFrom('flush' as const, 'cancel' as const)})}),
	{maxLength: 40},
);

test('Ink\'s throttles (a frame: 9 ms, a write: 0 ms) call as es-toolkit\'s do, at the same moments with the same arguments', () => {
	for (const wait of [9, 0, undefined, 1, 16]) {
		fc.assert(
			fc.property(steps, (list) => {
				assert.deepEqual(run(lazyThrottle, wait, list).calls, run(toolkitThrottle as unknown as Throttle, wait, list).calls);
			}),
			{numRuns: 400},
		);
	}
});

test('a call with nothing waiting arms no timer; calls that wait arm one', () => {
	const apart: Step[] = [0, 50, 50, 50].map((gap) => ({gap, action: 'call'}));
	assert.equal(run(lazyThrottle, 9, apart).timers, 0);
	assert.equal(run(lazyThrottle, 0, apart).timers, 0);
	assert.equal(run(toolkitThrottle as unknown as Throttle, 9, apart).timers, 4);
	const burst: Step[] = [0, 2, 2, 2].map((gap) => ({gap, action: 'call'}));
	assert.deepEqual(run(lazyThrottle, 9, burst).calls, ['0:0', '15:3']);
	assert.ok(run(lazyThrottle, 9, burst).timers >= 1);
});
