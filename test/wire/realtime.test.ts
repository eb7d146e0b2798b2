import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Scheduler} from '../../source/sim/scheduler.js';
import {IDLE_TICK_MS, RealtimeDriver, type WallClock} from '../../source/wire/realtime.js';

/** A wall clock moved by hand: timers fire when `advance` passes their time. */
class ManualWall implements WallClock {
	t = 1000;
	private timers = new Map<number, {at: number; fn: () => void}>();
	private nextId = 1;
	now(): number { return this.t; }
	setTimer(ms: number, fn: () => void): unknown {
		const id = this.nextId++;
		this.timers.set(id, {at: this.t + ms, fn});
		return id;
	}
	clearTimer(handle: unknown): void { this.timers.delete(handle as number); }
	armed(): number[] { return [...this.timers.values()].map(x => x.at - this.t); }
	advance(ms: number): void {
		const end = this.t + ms;
		for (;;) {
			const due = [...this.timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
			if (!due) break;
			this.timers.delete(due[0]);
			this.t = Math.max(this.t, due[1].at);
			due[1].fn();
		}
		this.t = end;
	}
}

test('virtual time follows the wall clock, events run when they fall due', () => {
	const scheduler = new Scheduler(0);
	const wall = new ManualWall();
	const driver = new RealtimeDriver(scheduler, wall);
	const ran: Array<[string, number]> = [];
	scheduler.set(30, () => ran.push(['a', scheduler.now()]));
	scheduler.set(75, () => ran.push(['b', scheduler.now()]));
	driver.start();
	assert.deepEqual(wall.armed(), [30], 'the timer is armed for the first event');
	wall.advance(29);
	assert.deepEqual(ran, []);
	wall.advance(1);
	assert.deepEqual(ran, [['a', 30]]);
	assert.equal(scheduler.now(), 30);
	wall.advance(100);
	assert.deepEqual(ran, [['a', 30], ['b', 75]]);
	// With nothing scheduled the driver still ticks, so time keeps moving for observers.
	const [idle] = wall.armed();
	assert.ok(wall.armed().length === 1 && idle! > 0 && idle! <= IDLE_TICK_MS, `idle tick armed in ${idle} ms`);
	wall.advance(1000);
	assert.ok(scheduler.now() > 1130 - IDLE_TICK_MS && scheduler.now() <= 1130, 'idle ticks moved the clock');
	driver.sync();
	assert.equal(scheduler.now(), 1130);
	driver.stop();
	assert.deepEqual(wall.armed(), []);
	wall.advance(500);
	assert.equal(scheduler.now(), 1130, 'a stopped driver moves nothing');
});

test('sync brings the clock to the wall time at once; kick re-arms for a new event', () => {
	const scheduler = new Scheduler(0);
	const wall = new ManualWall();
	const driver = new RealtimeDriver(scheduler, wall);
	driver.start();
	wall.t += 12.5;
	driver.sync();
	assert.equal(scheduler.now(), 12.5);
	let fired = -1;
	scheduler.set(15, () => {
		fired = scheduler.now();
	});
	driver.kick();
	assert.deepEqual(wall.armed(), [3], 'rounded up so the timer never wakes early');
	wall.advance(3);
	assert.equal(fired, 15);
});

test('a sync from inside a running event does not re-enter the scheduler', () => {
	const scheduler = new Scheduler(0);
	const wall = new ManualWall();
	const driver = new RealtimeDriver(scheduler, wall);
	const order: string[] = [];
	scheduler.set(10, () => {
		order.push('first');
		driver.sync();
		order.push('first-end');
	});
	scheduler.set(10, () => order.push('second'));
	driver.start();
	wall.advance(10);
	assert.deepEqual(order, ['first', 'first-end', 'second']);
});
