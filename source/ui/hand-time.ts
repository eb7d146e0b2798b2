// Real time that moves only when told to: the clock driver run without waiting (the UI tests,
// and bench/frame-cost.ts, which measures a frame's CPU without the machine's scheduling in it).
import type {RealTime} from './clock.js';

/** Timers fire, in the order they are due, only inside advance(). */
export class HandTime implements RealTime {
	t = 0;
	readonly timers = new Map<number, {at: number; fn: () => void}>();
	private next = 1;

	now(): number {
		return this.t;
	}

	setTimeout(fn: () => void, ms: number): unknown {
		const id = this.next++;
		this.timers.set(id, {at: this.t + ms, fn});
		return id;
	}

	clearTimeout(handle: unknown): void {
		this.timers.delete(handle as number);
	}

	/** Move time on by `ms`, firing every timer due by then (a timer set by a callback too, if due). */
	advance(ms: number): void {
		const end = this.t + ms;
		for (;;) {
			let due: [number, {at: number; fn: () => void}] | null = null;
			for (const entry of this.timers) if (entry[1].at <= end && (due === null || entry[1].at < due[1].at)) due = entry;
			if (due === null) break;
			this.timers.delete(due[0]);
			// Time a callback spent (a test's stand-in for work) stays spent.
			this.t = Math.max(this.t, due[1].at);
			due[1].fn();
		}
		this.t = Math.max(this.t, end);
	}
}
