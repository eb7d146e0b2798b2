// Real-time driving of a virtual clock. On a real wire the other end does not wait for us, so
// virtual time must follow the wall clock: this driver runs the scheduler's due events up to
// the elapsed real milliseconds, from a timer armed for the next event. The stack stays pure:
// it still only sees the scheduler.

/** The part of the scheduler the driver needs (source/sim/scheduler.ts's Scheduler has it). */
export interface DrivenClock {
	now(): number;
	nextTime(): number | null;
	runUntil(t: number): void;
}

/** Where real time and timers come from; tests pass a hand-driven one. */
export interface WallClock {
	/** Milliseconds, monotonic. */
	now(): number;
	setTimer(ms: number, fn: () => void): unknown;
	clearTimer(handle: unknown): void;
}

export const systemWallClock: WallClock = {
	now: () => performance.now(),
	setTimer: (ms, fn) => setTimeout(fn, ms),
	clearTimer: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Longest sleep between syncs even with nothing scheduled, so observers see time move. */
export const IDLE_TICK_MS = 50;

export class RealtimeDriver {
	private readonly origin: number;
	private readonly virtualOrigin: number;
	private timer: unknown = null;
	private running = false;
	private syncing = false;

	constructor(
		private readonly clock: DrivenClock,
		private readonly wall: WallClock = systemWallClock,
		/** Called after every sync (e.g. to re-check what someone is waiting for). */
		private readonly afterSync: () => void = () => {},
	) {
		this.origin = wall.now();
		this.virtualOrigin = clock.now();
	}

	/** The virtual time the wall clock says it is now. */
	target(): number {
		return this.virtualOrigin + (this.wall.now() - this.origin);
	}

	start(): void {
		if (this.running) return;
		this.running = true;
		this.sync();
	}

	stop(): void {
		this.running = false;
		if (this.timer !== null) this.wall.clearTimer(this.timer);
		this.timer = null;
	}

	/**
	 * Run everything due by now and re-arm the timer. Called from the timer, and by the wire
	 * world before it hands a packet or a socket call to the stack, so both happen at the right
	 * virtual time. A call from inside a running event is ignored (the outer sync finishes it).
	 */
	sync(): void {
		if (this.syncing) return;
		this.syncing = true;
		try {
			const target = this.target();
			if (target > this.clock.now()) this.clock.runUntil(target);
		} finally {
			this.syncing = false;
		}
		this.arm();
		this.afterSync();
	}

	/** Something new was scheduled: make sure the timer wakes up for it. */
	kick(): void {
		this.arm();
	}

	private arm(): void {
		if (!this.running) return;
		if (this.timer !== null) this.wall.clearTimer(this.timer);
		const next = this.clock.nextTime();
		const wait = next === null ? IDLE_TICK_MS : Math.min(IDLE_TICK_MS, Math.max(0, next - this.target()));
		// Round up: waking a hair early would find nothing due and spin.
		this.timer = this.wall.setTimer(Math.ceil(wait), () => {
			this.timer = null;
			this.sync();
		});
	}
}
