import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ClockDriver, nextCountdownStep, nextSpeed, SPEED_LADDER, type Activity, type ClockWorld} from '../../source/ui/clock.js';
import {formatCountdown} from '../../source/ui/text.js';
import {FakeTime} from './helpers.js';

/** A world with a queue of event times. */
class FakeWorld implements ClockWorld {
	t = 0;
	events: number[] = [];
	ran: number[] = [];
	now(): number {
		return this.t;
	}
	nextEventTime(): number | null {
		return this.events[0] ?? null;
	}
	step(): boolean {
		const next = this.events.shift();
		if (next === undefined) return false;
		this.t = next;
		this.ran.push(next);
		return true;
	}
	runUntil(t: number): void {
		while (this.events.length > 0 && this.events[0]! <= t) this.step();
		this.t = t;
	}
}

function setup(activity: Activity, speed = 1): {time: FakeTime; world: FakeWorld; clock: ClockDriver; frames: () => number; setActivity: (a: Activity) => void} {
	const time = new FakeTime();
	const world = new FakeWorld();
	let current = activity;
	let frames = 0;
	const clock = new ClockDriver(world, {speed, time, activity: () => current, onFrame: () => frames++});
	return {time, world, clock, frames: () => frames, setActivity: (a) => (current = a)};
}

test('idle with nothing pending arms no timer: nothing is redrawn', () => {
	const {time, clock, frames} = setup('idle');
	assert.equal(clock.ticking, false);
	time.advance(10_000);
	assert.equal(frames(), 0);
});

test('virtual time runs at speed × real time while segments move', () => {
	const {time, world, clock, frames} = setup('animating', 0.5);
	world.events.push(100);
	clock.kick();
	time.advance(1000);
	assert.ok(Math.abs(world.now() - 500) < 20, `virtual ${world.now()}`);
	assert.deepEqual(world.ran, [100]);
	assert.ok(frames() >= 25 && frames() <= 31, `frames ${frames()}`);
});

test('idle with an event pending sleeps until it is due, then draws once', () => {
	const {time, world, clock, frames} = setup('idle', 2);
	world.events.push(1000);
	clock.kick();
	assert.equal(time.timers.size, 1);
	assert.equal([...time.timers.values()][0]!.at, 500);
	time.advance(600);
	assert.deepEqual(world.ran, [1000]);
	assert.equal(frames(), 1);
	assert.equal(clock.ticking, false);
});

test('paused: no timer, no advance; step runs exactly one event', () => {
	const {time, world, clock} = setup('animating');
	world.events.push(10, 20);
	clock.pause();
	assert.equal(clock.ticking, false);
	time.advance(5000);
	assert.equal(world.now(), 0);
	clock.step();
	assert.deepEqual(world.ran, [10]);
	assert.equal(world.now(), 10);
	clock.resume();
	time.advance(50); // the first frame after resuming, ~33 ms later
	assert.deepEqual(world.ran, [10, 20]);
});

test('the speed ladder runs from ×0.05 to ×50 and clamps at both ends', () => {
	assert.equal(SPEED_LADDER[0], 0.05);
	assert.equal(SPEED_LADDER[SPEED_LADDER.length - 1], 50);
	assert.equal(nextSpeed(1, 1), 2);
	assert.equal(nextSpeed(1, -1), 0.5);
	assert.equal(nextSpeed(0.7, 1), 1);
	assert.equal(nextSpeed(50, 1), 50);
	assert.equal(nextSpeed(0.05, -1), 0.05);
	const {clock} = setup('idle');
	for (let i = 0; i < 20; i++) clock.faster();
	assert.equal(clock.speed, 50);
});

test('counting down: one frame per shown step of the countdown, never above the frame rate', () => {
	const time = new FakeTime();
	const world = new FakeWorld();
	world.events.push(60_000);
	let resolution = 1000;
	let frames = 0;
	const clock = new ClockDriver(world, {speed: 2, time, activity: () => 'counting', countdownResolution: () => resolution, onFrame: () => frames++});
	time.advance(5000);
	assert.equal(frames, 10); // whole seconds at ×2: every 500 ms
	resolution = 100;
	clock.kick();
	frames = 0;
	time.advance(1000);
	assert.equal(frames, 20); // tenths at ×2: every 50 ms
	clock.setSpeed(50);
	frames = 0;
	time.advance(1000);
	assert.ok(frames <= 31, `frames ${frames}`); // capped at 30 fps
	clock.dispose();
});

test('a hold stops virtual time at its instant (after that instant\'s events); real time spent there is not virtual time', () => {
	const time = new FakeTime();
	const world = new FakeWorld();
	let holdAt: number | null = null;
	// The "step" ends with the event at 300: from then on time is held there.
	world.events.push(100, 300, 300, 600, 900);
	const step = world.step.bind(world);
	world.step = () => {
		const ran = step();
		if (world.now() === 300 && holdAt === null) holdAt = 300;
		return ran;
	};
	const clock = new ClockDriver(world, {speed: 1, time, activity: () => 'animating', onFrame: () => undefined, holdAt: () => holdAt});
	time.advance(1000);
	assert.equal(world.now(), 300, 'stopped at the hold');
	assert.deepEqual(world.ran, [100, 300, 300], 'both events of that instant ran, none after');
	assert.equal(clock.ticking, false, 'no frames while held');
	time.advance(10_000);
	assert.equal(world.now(), 300, 'ten seconds of talk are not virtual time');
	assert.equal(clock.step(), false, 'stepping does not pass the hold either');
	assert.equal(world.now(), 300);
	// → : the hold ends, time flows on from 300, not from 300 + the 11 s of real time.
	holdAt = null;
	clock.kick();
	time.advance(400);
	assert.ok(world.now() >= 600 && world.now() < 800, `virtual ${world.now()}`);
	assert.deepEqual(world.ran, [100, 300, 300, 600]);
});

test('a countdown\'s next step is the first instant it shows another value (as formatCountdown writes it)', () => {
	for (const end of [60_000, 61_234.5, 10_050, 9_999.9, 777]) {
		for (let now = 0; now < end; now += 37) {
			const step = nextCountdownStep(end, now)!;
			assert.ok(step > now, `step ${step} after ${now}`);
			const shown = formatCountdown(end - now);
			// The same value up to the step (looked at every ms), another one from it on.
			for (let t = now; t < step; t += 1) assert.equal(formatCountdown(end - t), shown, `end ${end}: at ${t} (step ${step})`);
			assert.equal(formatCountdown(end - (step - 1e-6)), shown);
			assert.notEqual(formatCountdown(end - step), shown, `end ${end}: changes at ${step}`);
		}
		assert.equal(nextCountdownStep(end, end), null);
	}
});

/** A clock over two countdowns; what the last frame showed, checked against the truth every ms of real time. */
function watchCountdowns(ends: number[], time: FakeTime, ms: number): {frames: number; staleMs: number} {
	const world = new FakeWorld();
	const show = (): string => ends.map((end) => formatCountdown(end - world.now())).join(' ');
	let shown = show();
	let frames = 0;
	const clock = new ClockDriver(world, {speed: 1, time, activity: () => 'counting', countdownEnds: () => ends, onFrame: () => {
		frames++;
		shown = show();
	}});
	let staleMs = 0;
	for (let t = 0; t < ms; t++) {
		time.advance(1);
		world.t = time.now();
		if (shown !== show()) staleMs++;
	}
	clock.dispose();
	return {frames, staleMs};
}

test('counting down: a frame just after each step of each countdown, so none shows a stale value for more than a millisecond or two', () => {
	// Client and server in TIME_WAIT, their steps 300 ms apart: two frames a second.
	const {frames, staleMs} = watchCountdowns([60_000, 60_300], new FakeTime(), 20_000);
	assert.ok(frames >= 39 && frames <= 41, `frames ${frames}`);
	assert.ok(staleMs <= 2 * 40, `stale for ${staleMs} ms`);
});

test('counting down: steps within one frame interval of each other share a frame', () => {
	const {frames, staleMs} = watchCountdowns([60_000, 60_020], new FakeTime(), 20_000);
	assert.ok(frames >= 19 && frames <= 21, `frames ${frames}`);
	assert.ok(staleMs <= 22 * 20, `stale for ${staleMs} ms`);
});

test('counting down: a timer that fires a little early waits on without drawing a frame', () => {
	class EarlyTime extends FakeTime {
		override setTimeout(fn: () => void, ms: number): unknown {
			return super.setTimeout(fn, Math.max(0, ms - 1.5));
		}
	}
	const {frames, staleMs} = watchCountdowns([60_000], new EarlyTime(), 10_000);
	assert.ok(frames >= 9 && frames <= 11, `frames ${frames}`);
	assert.ok(staleMs <= 2 * 10, `stale for ${staleMs} ms`);
});

test('counting down: a timer armed after a tick\'s work, counted as Node counts it from the loop\'s wakeup, is not early', () => {
	// Node's timers count from the time the event loop woke; the tick's work (running the world,
	// a look at the hosts, here 5 ms) comes before the next timer is armed.
	class LoopTime extends FakeTime {
		woke = 0;
		fired = 0;
		override setTimeout(fn: () => void, ms: number): unknown {
			return super.setTimeout(() => {
				this.woke = this.t;
				this.fired++;
				fn();
			}, ms - (this.t - this.woke));
		}
	}
	const time = new LoopTime();
	const world = new FakeWorld();
	const ends = [60_000, 60_300];
	let frames = 0;
	const show = (): string => ends.map((end) => formatCountdown(end - world.now())).join(' ');
	let shown = show();
	const clock = new ClockDriver(world, {speed: 1, time, activity: () => 'counting', countdownEnds: () => ends, onFrame: () => {
		frames++;
		shown = show();
		time.t += 5;
	}});
	let staleMs = 0;
	for (let t = 0; t < 20_000; t++) {
		time.advance(1);
		world.t = time.now();
		if (shown !== show()) staleMs++;
	}
	clock.dispose();
	assert.ok(frames >= 39 && frames <= 41, `frames ${frames}`);
	assert.ok(time.fired <= frames + 1, `woke ${time.fired} times for ${frames} frames`);
	assert.ok(staleMs <= 2 * 40, `stale for ${staleMs} ms`);
});
