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
/** The lane's first capacity (a power of two). */
const LANE_START = 16;

export class Scheduler implements TimerService {
	private heap: Entry[] = [];
	private readonly live = new Map<TimerHandle, Entry>();
	private clock = 0;
	private nextOrder = 0;
	private nextHandle = 1;
	private tombstones = 0;
	/** Events from post() still waiting (they have no handle). */
	private posted = 0;
	// The FIFO lane of posted events, in (time, order) order from laneHead on: a ring of parallel
	// arrays rather than an object per event (step() reads them in sequence, which the memory
	// prefetcher follows), whose capacity doubles when full and is never given back, so a long
	// transfer allocates nothing per packet here.
	private laneAt = new Float64Array(LANE_START);
	private laneOrder = new Float64Array(LANE_START);
	private laneFn: Array<((arg: unknown) => void) | undefined> = new Array<undefined>(LANE_START).fill(undefined);
	private laneArg: unknown[] = new Array<unknown>(LANE_START).fill(undefined);
	/** Index of the lane's first event, how many it holds (capacity - 1 is the mask), and its last event's time. */
	private laneHead = 0;
	private laneCount = 0;
	private laneTailAt = 0;

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
		if (this.laneCount === 0 || this.laneTailAt <= time) {
			if (this.laneCount === this.laneAt.length) this.growLane();
			const i = (this.laneHead + this.laneCount) & (this.laneAt.length - 1);
			this.laneAt[i] = time;
			this.laneOrder[i] = order;
			this.laneFn[i] = fn as (arg: unknown) => void;
			this.laneArg[i] = arg;
			this.laneCount++;
			this.laneTailAt = time;
		} else {
			this.push({at: time, order, fn: fn as (arg: unknown) => void, handle: 0, arg});
		}
	}

	/** Twice the lane's capacity, its events moved to the front in order. */
	private growLane(): void {
		const capacity = this.laneAt.length;
		const at = new Float64Array(capacity * 2);
		const order = new Float64Array(capacity * 2);
		const fns = new Array<((arg: unknown) => void) | undefined>(capacity * 2).fill(undefined);
		const args = new Array<unknown>(capacity * 2).fill(undefined);
		for (let k = 0; k < this.laneCount; k++) {
			const i = (this.laneHead + k) & (capacity - 1);
			at[k] = this.laneAt[i]!;
			order[k] = this.laneOrder[i]!;
			fns[k] = this.laneFn[i];
			args[k] = this.laneArg[i];
		}
		this.laneAt = at;
		this.laneOrder = order;
		this.laneFn = fns;
		this.laneArg = args;
		this.laneHead = 0;
	}

	/** How many events the lane can hold before it grows (for tests). */
	laneCapacity(): number {
		return this.laneAt.length;
	}

	/** Does the lane's head come before the heap's top (or is the heap empty)? False if the lane is empty. */
	private laneFirst(): boolean {
		if (this.laneCount === 0) return false;
		if (this.heap.length === 0) return true;
		const top = this.heap[0]!;
		const i = this.laneHead;
		const at = this.laneAt[i]!;
		return at < top.at || (at === top.at && this.laneOrder[i]! < top.order);
	}

	/** The arguments of the posted events still waiting (in no particular order). */
	postedArgs(): unknown[] {
		const args: unknown[] = [];
		const mask = this.laneAt.length - 1;
		for (let k = 0; k < this.laneCount; k++) args.push(this.laneArg[(this.laneHead + k) & mask]);
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
			const i = this.laneHead;
			const fn = this.laneFn[i]!;
			const arg = this.laneArg[i];
			this.clock = this.laneAt[i]!;
			// Let the packet go: the slot keeps no reference once its event has run.
			this.laneFn[i] = undefined;
			this.laneArg[i] = undefined;
			this.laneHead = (i + 1) & (this.laneAt.length - 1);
			this.laneCount--;
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
