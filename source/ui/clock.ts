// Real time → virtual time. While running, virtual time advances at `speed` × real time and the
// world is run up to it; frames are only scheduled while something moves on screen (segments in
// flight: full frame rate; timers counting down: once per step of the shown countdown). Paused, or idle with nothing
// pending, no timer is armed at all, so nothing is redrawn and the CPU rests.
// A hold (a lesson step that has finished and waits for →) stops virtual time at a given instant:
// real time spent there is not virtual time, and when the hold ends time flows on from there.

/** The part of the world the clock drives. */
export interface ClockWorld {
	now(): number;
	nextEventTime(): number | null;
	step(): boolean;
	runUntil(t: number): void;
}

/** Real time and real timers; injectable so tests never depend on the wall clock. */
export interface RealTime {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const SYSTEM_TIME: RealTime = {
	now: () => performance.now(),
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What is on screen right now: decides how often frames are needed. */
export type Activity = 'animating' | 'counting' | 'idle';

export const SPEED_LADDER: readonly number[] = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50];

/** Next value up (or down) the ladder from any speed, clamped to its ends. */
export function nextSpeed(speed: number, direction: 1 | -1): number {
	if (direction > 0) return SPEED_LADDER.find((s) => s > speed + 1e-9) ?? SPEED_LADDER[SPEED_LADDER.length - 1]!;
	return [...SPEED_LADDER].reverse().find((s) => s < speed - 1e-9) ?? SPEED_LADDER[0]!;
}

export interface ClockOptions {
	speed: number;
	paused?: boolean;
	/** Frames per second while segments are in flight. */
	fps?: number;
	activity: () => Activity;
	/**
	 * While counting: how many virtual ms one step of the shown countdowns is (100 while they show
	 * tenths, 1000 while whole seconds). A frame is drawn once per step, and no more often than fps.
	 */
	countdownResolution?: () => number;
	/**
	 * While counting: the virtual instants at which the countdowns on screen reach 0. Given, a
	 * frame is drawn just after each instant at which one of them shows another value (see
	 * nextCountdownStep), so none shows a stale step; steps due within one frame interval of each
	 * other share a frame. Not given, frames come every countdownResolution.
	 */
	countdownEnds?: () => readonly number[];
	onFrame: () => void;
	time?: RealTime;
	/**
	 * Virtual time must not pass this instant (null: no hold). Asked between events, so a hold that
	 * begins during a frame stops the world right there, after the other events of that instant.
	 */
	holdAt?: () => number | null;
}

const NO_HOLD = (): null => null;

/** Countdowns show tenths of a second up to this many ms left, whole seconds above (formatCountdown). */
const COUNTDOWN_TENTHS_UP_TO = 10_000;

/**
 * The first instant after `now` at which a countdown that ends at `end` shows another value, or
 * null when it has ended. It shows the time left rounded up, in whole seconds above 10 s and in
 * tenths below (formatCountdown in text.ts; a test holds the two together).
 */
export function nextCountdownStep(end: number, now: number): number | null {
	const left = end - now;
	if (left <= 0) return null;
	const step = left > COUNTDOWN_TENTHS_UP_TO ? 1000 : 100;
	return end - (Math.ceil(left / step) - 1) * step;
}

/** The last step of any countdown ending at `ends` that is due after `now` and by `limit`, or null. */
function lastCountdownStep(ends: readonly number[], now: number, limit: number): number | null {
	let last: number | null = null;
	for (const end of ends) {
		for (let at = nextCountdownStep(end, now); at !== null && at <= limit; at = nextCountdownStep(end, at)) {
			if (last === null || at > last) last = at;
		}
	}
	return last;
}

/** Real ms a frame for a countdown step waits past the step: timers may fire a little early. */
const STEP_MARGIN_MS = 1;

// setTimeout's ceiling (about 24.8 days).
const MAX_TIMEOUT = 0x7fff_ffff;

export class ClockDriver {
	private world: ClockWorld;
	private readonly time: RealTime;
	private readonly fps: number;
	private readonly countdownResolution: () => number;
	private readonly countdownEnds: (() => readonly number[]) | null;
	/** The virtual instant the armed timer waits for (null: draw whenever it fires). */
	private wakeFor: number | null = null;
	private readonly activity: () => Activity;
	private readonly onFrame: () => void;
	private readonly holdAt: () => number | null;
	/** Whether the last look found time held: when the hold ends, time restarts from that moment. */
	private wasHeld = false;
	private anchorReal: number;
	private anchorVirtual: number;
	private timer: unknown = null;
	/** Real time when the running tick began (null outside a tick): see schedule. */
	private tickBegan: number | null = null;
	private disposed = false;
	speed: number;
	paused: boolean;

	constructor(world: ClockWorld, options: ClockOptions) {
		this.world = world;
		this.time = options.time ?? SYSTEM_TIME;
		this.fps = options.fps ?? 30;
		this.countdownResolution = options.countdownResolution ?? (() => 100);
		this.countdownEnds = options.countdownEnds ?? null;
		this.activity = options.activity;
		this.onFrame = options.onFrame;
		this.holdAt = options.holdAt ?? NO_HOLD;
		this.speed = options.speed;
		this.paused = options.paused ?? false;
		this.anchorReal = this.time.now();
		this.anchorVirtual = world.now();
		this.schedule();
	}

	/** True when a frame timer is armed (for tests and the idle guarantee). */
	get ticking(): boolean {
		return this.timer !== null;
	}

	/** A new world (reset, demo back): time starts again from its clock. */
	setWorld(world: ClockWorld): void {
		this.world = world;
		this.reanchor();
		this.schedule();
	}

	/**
	 * Bring the world up to the current virtual time. Call before acting on the world from a
	 * key, so the action happens "now" and not at the time of the last frame.
	 */
	sync(): void {
		if (this.paused || this.disposed || this.held()) return;
		const target = this.target();
		if (this.holdAt === NO_HOLD) {
			if (target > this.world.now()) this.world.runUntil(target);
			return;
		}
		// Event by event, so a hold that begins on the way stops the world at its instant.
		for (;;) {
			const limit = Math.min(target, this.holdAt() ?? Infinity);
			const next = this.world.nextEventTime();
			if (next === null || next > limit) {
				if (limit > this.world.now()) this.world.runUntil(limit);
				break;
			}
			this.world.step();
		}
		this.held();
	}

	/** Time is held now; when a hold has just ended, virtual time restarts from here. */
	private held(): boolean {
		const at = this.holdAt();
		const held = at !== null && at <= this.world.now();
		if (!held && this.wasHeld) this.reanchor();
		this.wasHeld = held;
		return held;
	}

	/** Something changed (a call was made, the link was edited): re-evaluate what to draw when. */
	kick(): void {
		this.schedule();
	}

	togglePause(): void {
		if (this.paused) this.resume();
		else this.pause();
	}

	pause(): void {
		if (this.paused) return;
		this.sync();
		this.paused = true;
		this.clear();
		this.onFrame();
	}

	resume(): void {
		if (!this.paused) return;
		this.paused = false;
		this.reanchor();
		this.onFrame();
		this.schedule();
	}

	/** Run exactly the next event; virtual time jumps to it (not past a hold). */
	step(): boolean {
		this.sync();
		const next = this.world.nextEventTime();
		const hold = this.holdAt();
		if (hold !== null && (next === null || next > hold)) return false;
		const ran = this.world.step();
		this.reanchor();
		this.onFrame();
		this.schedule();
		return ran;
	}

	setSpeed(speed: number): void {
		this.sync();
		this.speed = speed;
		this.reanchor();
		this.onFrame();
		this.schedule();
	}

	faster(): void {
		this.setSpeed(nextSpeed(this.speed, 1));
	}

	slower(): void {
		this.setSpeed(nextSpeed(this.speed, -1));
	}

	dispose(): void {
		this.disposed = true;
		this.clear();
	}

	private target(): number {
		return this.anchorVirtual + (this.time.now() - this.anchorReal) * this.speed;
	}

	private reanchor(): void {
		this.anchorReal = this.time.now();
		this.anchorVirtual = this.world.now();
	}

	private clear(): void {
		if (this.timer !== null) this.time.clearTimeout(this.timer);
		this.timer = null;
	}

	private schedule(): void {
		this.clear();
		if (this.paused || this.disposed || this.held()) return;
		const activity = this.activity();
		const next = this.world.nextEventTime();
		// Real ms until the next scheduled event fires in virtual time.
		const untilNext = next === null ? null : Math.max(0, (next - this.target()) / this.speed);
		let delay: number | null;
		this.wakeFor = null;
		if (activity === 'animating') delay = 1000 / this.fps;
		else if (activity === 'counting' && this.countdownEnds) delay = this.untilCountdownStep(next, untilNext);
		else if (activity === 'counting') delay = Math.min(Math.max(1000 / this.fps, this.countdownResolution() / this.speed), untilNext ?? Infinity);
		else {
			delay = untilNext;
			this.wakeFor = next;
		}
		if (delay === null) return;
		// Node counts a timer from the event loop's time, read when the loop woke (for a tick: as it
		// began), not from now: a timer for an instant, armed after a tick's work (running the world,
		// a look at the hosts), would fire that much early and only wait on. Counted from the tick's start.
		if (this.wakeFor !== null && this.tickBegan !== null) delay += Math.max(0, this.time.now() - this.tickBegan);
		this.timer = this.time.setTimeout(() => this.tick(), Math.min(MAX_TIMEOUT, Math.max(1, Math.ceil(delay))));
	}

	/**
	 * Real ms until the next frame a countdown needs: just after its next step, taking along the
	 * steps (of any countdown) due within one frame interval after it; sooner if an event is due.
	 */
	private untilCountdownStep(next: number | null, untilNext: number | null): number | null {
		const now = this.target();
		const ends = this.countdownEnds!();
		let first: number | null = null;
		for (const end of ends) {
			const at = nextCountdownStep(end, now);
			if (at !== null && (first === null || at < first)) first = at;
		}
		const step = first === null ? null : lastCountdownStep(ends, now, first + (1000 / this.fps) * this.speed);
		const untilStep = step === null ? null : (step - now) / this.speed + STEP_MARGIN_MS;
		if (untilNext !== null && (untilStep === null || untilNext <= untilStep)) {
			this.wakeFor = next;
			return untilNext;
		}
		this.wakeFor = step;
		return untilStep;
	}

	private tick(): void {
		this.tickBegan = this.time.now();
		try {
			this.tickNow();
		} finally {
			this.tickBegan = null;
		}
	}

	private tickNow(): void {
		this.timer = null;
		if (this.paused || this.disposed) return;
		this.sync();
		// A timer that fired before the instant it waits for (timers may be a millisecond early)
		// has nothing new to show: it waits on, without a frame. (Asked of the clock's time, not
		// the world's, so a world that lags can never keep it waking without a frame.)
		if (this.wakeFor !== null && this.target() < this.wakeFor && !this.held()) {
			this.schedule();
			return;
		}
		this.onFrame();
		this.schedule();
	}
}
