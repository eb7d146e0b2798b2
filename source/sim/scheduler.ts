// The discrete-event scheduler: it owns virtual time. Events run in (time, insertion order),
// so two events at the same millisecond run in the order they were scheduled, every run.
// Cancelling marks the entry dead in O(1) (a tombstone the heap skips); when tombstones
// outnumber live entries the heap is rebuilt, so re-armed timers cannot grow it without bound.
import type {TimerHandle, TimerService} from '../stack/env.js';

interface Entry {
	at: number;
	order: number;
	fn: ((arg: unknown) => void) | null;
	/** What post() passes to fn (a packet in flight), so no closure is made per event. */
	arg: unknown;
	handle: TimerHandle;
}

/** Rebuild only when there is enough garbage to be worth the O(n) pass. */
const COMPACT_MINIMUM = 1024;

export class Scheduler implements TimerService {
	private heap: Entry[] = [];
	private readonly live = new Map<TimerHandle, Entry>();
	private clock = 0;
	private nextOrder = 0;
	private nextHandle = 1;
	private tombstones = 0;
	/** Events from post() still waiting (they have no handle). */
	private posted = 0;
	// The FIFO lane of posted events, in (time, order) order from laneHead on, kept as parallel
	// arrays rather than an object per event: step() reads them in sequence (the memory
	// prefetcher follows), where a heap of objects made each arrival start with a cache miss.
	private laneAt: number[] = [];
	private laneOrder: number[] = [];
	private laneFn: Array<((arg: unknown) => void) | undefined> = [];
	private laneArg: unknown[] = [];
	private laneHead = 0;

	constructor(start = 0) {
		this.clock = start;
	}

	now(): number {
		return this.clock;
	}

	/** Run fn at virtual time `at`; a time in the past means "as soon as possible" (at now). */
	set(at: number, fn: () => void): TimerHandle {
		if (Number.isNaN(at)) throw new RangeError('Scheduler.set: time is NaN');
		const entry: Entry = {at: Math.max(at, this.clock), order: this.nextOrder++, fn, handle: this.nextHandle++, arg: undefined};
		this.live.set(entry.handle, entry);
		this.push(entry);
		return entry.handle;
	}

	/**
	 * Run fn(arg) at virtual time `at`, like set(), for an event that is never cancelled (a
	 * packet's arrival): no handle and no entry in the table of cancellable ones, which a bulk
	 * transfer would otherwise fill and empty twice per packet, and no closure per event.
	 */
	post<T>(at: number, fn: (arg: T) => void, arg: T): void {
		if (Number.isNaN(at)) throw new RangeError('Scheduler.post: time is NaN');
		this.posted++;
		const time = Math.max(at, this.clock);
		const order = this.nextOrder++;
		// Packets over a link with a fixed delay arrive in the order they were posted: such an
		// event joins the FIFO lane in O(1) instead of the heap. Anything earlier than the lane's
		// tail goes to the heap; step() takes whichever head comes first by (time, order), so the
		// order of events is exactly the one a single heap would give.
		const lane = this.laneAt;
		if (lane.length === this.laneHead || lane[lane.length - 1]! <= time) {
			lane.push(time);
			this.laneOrder.push(order);
			this.laneFn.push(fn as (arg: unknown) => void);
			this.laneArg.push(arg);
		} else {
			this.push({at: time, order, fn: fn as (arg: unknown) => void, handle: 0, arg});
		}
	}

	/** Does the lane's head come before the heap's top (or is the heap empty)? False if the lane is empty. */
	private laneFirst(): boolean {
		const i = this.laneHead;
		if (i >= this.laneAt.length) return false;
		if (this.heap.length === 0) return true;
		const top = this.heap[0]!;
		const at = this.laneAt[i]!;
		return at < top.at || (at === top.at && this.laneOrder[i]! < top.order);
	}

	/** The arguments of the posted events still waiting (in no particular order). */
	postedArgs(): unknown[] {
		const args = this.laneArg.slice(this.laneHead);
		for (const entry of this.heap) if (entry.handle === 0 && entry.fn !== null) args.push(entry.arg);
		return args;
	}

	/** Cancel a pending event. Unknown, fired or already-cancelled handles are ignored. */
	cancel(handle: TimerHandle): void {
		const entry = this.live.get(handle);
		if (!entry) return;
		this.live.delete(handle);
		entry.fn = null;
		this.tombstones++;
		if (this.tombstones >= COMPACT_MINIMUM && this.tombstones > this.live.size + this.posted) this.compact();
	}

	/** Is this handle still waiting to run? */
	pending(handle: TimerHandle): boolean {
		return this.live.has(handle);
	}

	/** Number of events waiting to run. */
	size(): number {
		return this.live.size + this.posted;
	}

	/** Time of the next live event, or null. */
	nextTime(): number | null {
		this.dropDeadTop();
		if (this.laneFirst()) return this.laneAt[this.laneHead]!;
		return this.heap.length > 0 ? this.heap[0]!.at : null;
	}

	/** Run the next event (advancing the clock to its time); false if there is none. */
	step(): boolean {
		this.dropDeadTop();
		if (this.laneFirst()) {
			const i = this.laneHead++;
			const fn = this.laneFn[i]!;
			const arg = this.laneArg[i];
			this.clock = this.laneAt[i]!;
			// Let the packet go; drop the consumed front now and then so the arrays do not grow
			// with every packet ever sent.
			this.laneFn[i] = undefined;
			this.laneArg[i] = undefined;
			if (this.laneHead === this.laneAt.length) this.trimLane(this.laneHead);
			else if (this.laneHead >= 1024 && this.laneHead * 2 >= this.laneAt.length) this.trimLane(this.laneHead);
			this.posted--;
			fn(arg);
			return true;
		}
		const entry = this.pop();
		if (!entry) return false;
		if (entry.handle === 0) this.posted--;
		else this.live.delete(entry.handle);
		this.clock = entry.at;
		const fn = entry.fn!;
		const arg = entry.arg;
		entry.fn = null;
		entry.arg = undefined;
		fn(arg);
		return true;
	}

	private trimLane(consumed: number): void {
		this.laneAt.splice(0, consumed);
		this.laneOrder.splice(0, consumed);
		this.laneFn.splice(0, consumed);
		this.laneArg.splice(0, consumed);
		this.laneHead = 0;
	}

	/** Run every event due at or before t (including ones those events schedule), then set the clock to t. */
	runUntil(t: number): void {
		for (;;) {
			const next = this.nextTime();
			if (next === null || next > t) break;
			this.step();
		}
		if (t > this.clock) this.clock = t;
	}

	private dropDeadTop(): void {
		while (this.heap.length > 0 && this.heap[0]!.fn === null) {
			this.pop();
			this.tombstones--;
		}
	}

	private compact(): void {
		this.heap = this.heap.filter(e => e.fn !== null);
		this.tombstones = 0;
		for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
	}

	private static before(x: Entry, y: Entry): boolean {
		return x.at < y.at || (x.at === y.at && x.order < y.order);
	}

	private push(entry: Entry): void {
		const heap = this.heap;
		heap.push(entry);
		let i = heap.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!Scheduler.before(entry, heap[parent]!)) break;
			heap[i] = heap[parent]!;
			i = parent;
		}
		heap[i] = entry;
	}

	private pop(): Entry | undefined {
		const heap = this.heap;
		if (heap.length === 0) return undefined;
		const top = heap[0]!;
		const last = heap.pop()!;
		if (heap.length > 0) {
			heap[0] = last;
			this.siftDown(0);
		}
		return top;
	}

	private siftDown(start: number): void {
		const heap = this.heap;
		const entry = heap[start]!;
		const n = heap.length;
		let i = start;
		for (;;) {
			const left = 2 * i + 1;
			if (left >= n) break;
			const right = left + 1;
			const child = right < n && Scheduler.before(heap[right]!, heap[left]!) ? right : left;
			if (!Scheduler.before(heap[child]!, entry)) break;
			heap[i] = heap[child]!;
			i = child;
		}
		heap[i] = entry;
	}
}
