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
	/** Posted entries in (time, order) order, consumed from laneHead. */
	private lane: Array<Entry | undefined> = [];
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
		const entry: Entry = {at: Math.max(at, this.clock), order: this.nextOrder++, fn: fn as (arg: unknown) => void, handle: 0, arg};
		// Packets over a link with a fixed delay arrive in the order they were posted: such an
		// entry joins the FIFO lane in O(1) instead of the heap. Anything earlier than the lane's
		// tail goes to the heap; step() takes whichever head comes first by (time, order), so the
		// order of events is exactly the one a single heap would give.
		const lane = this.lane;
		if (lane.length === this.laneHead || lane[lane.length - 1]!.at <= entry.at) lane.push(entry);
		else this.push(entry);
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
		const laneTop = this.lane[this.laneHead];
		const heapTop = this.heap.length > 0 ? this.heap[0]! : undefined;
		if (laneTop === undefined) return heapTop === undefined ? null : heapTop.at;
		return heapTop !== undefined && Scheduler.before(heapTop, laneTop) ? heapTop.at : laneTop.at;
	}

	/** Run the next event (advancing the clock to its time); false if there is none. */
	step(): boolean {
		this.dropDeadTop();
		let entry: Entry | undefined;
		if (this.laneHead < this.lane.length && (this.heap.length === 0 || Scheduler.before(this.lane[this.laneHead]!, this.heap[0]!))) {
			entry = this.lane[this.laneHead]!;
			this.lane[this.laneHead++] = undefined; // let the closure go
			if (this.laneHead === this.lane.length) {
				this.lane.length = 0;
				this.laneHead = 0;
			} else if (this.laneHead >= 1024 && this.laneHead * 2 >= this.lane.length) {
				// Drop the consumed front now and then, so the array does not grow with every packet.
				this.lane.splice(0, this.laneHead);
				this.laneHead = 0;
			}
		} else {
			entry = this.pop();
		}
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
