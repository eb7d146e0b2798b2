// Byte storage for one connection: a ring for the send and receive buffers (no per-byte objects,
// no copying the whole buffer on every write) and a reassembly queue of out-of-order chunks.
import {seqAdd, seqDiff, seqGt, seqLe, seqLt} from './seq.js';

// read() hands out an array no one changes: a queued payload taken whole as it is, or else a
// copy. A typed array of its own costs a backing store each time; copies are carved from a
// shared slab instead (disjoint views, so no caller can see another's bytes).
const SLAB_SIZE = 256 * 1024;
// The slab is kept as its ArrayBuffer: a view made from it is quicker than a subarray() of a view.
let slab = new ArrayBuffer(0);
let slabUsed = 0;

function allocate(n: number): Uint8Array {
	if (n > SLAB_SIZE / 8) return new Uint8Array(n);
	if (slabUsed + n > slab.byteLength) {
		slab = new ArrayBuffer(SLAB_SIZE);
		slabUsed = 0;
	}
	const out = new Uint8Array(slab, slabUsed, n);
	slabUsed += n;
	return out;
}

/** A fixed-capacity FIFO of bytes. Capacity may change (setsockopt sndbuf/rcvbuf). */
export class ByteRing {
	private data: Uint8Array;
	/** data's ArrayBuffer (data starts at its offset 0): peek's views are made from it, quicker than subarray(). */
	private storage: ArrayBufferLike;
	private head = 0;
	private used = 0;
	/** The array push() copied part of last, with its buffer and offset (see sourceView). */
	private source: Uint8Array | null = null;
	private sourceBuffer: ArrayBufferLike = new ArrayBuffer(0);
	private sourceOffset = 0;

	constructor(capacity: number) {
		this.data = new Uint8Array(Math.max(1, capacity));
		this.storage = this.data.buffer;
	}

	get capacity(): number {
		return this.data.length;
	}

	get length(): number {
		return this.used;
	}

	get free(): number {
		return this.data.length - this.used;
	}

	/** Append as much of bytes[start, end) as fits; returns how many bytes were copied. */
	push(bytes: Uint8Array, start = 0, end = bytes.length): number {
		const n = Math.min(end - start, this.free);
		if (n <= 0) return 0;
		const cap = this.data.length;
		const tail = (this.head + this.used) % cap;
		const first = Math.min(n, cap - tail);
		// A whole array goes in as it is: a view made per segment costs more than its copy.
		this.data.set(start === 0 && first === bytes.length ? bytes : this.sourceView(bytes, start, first), tail);
		if (n > first) this.data.set(bytes.subarray(start + first, start + n), 0);
		this.used += n;
		// A source taken to its end is let go (the ring must not keep an application's array alive).
		if (start + n === bytes.length) this.source = null;
		return n;
	}

	/**
	 * bytes[start, start + length) as a view. A blocked write hands the same array over again and
	 * again, a piece per ACK that frees room: its buffer and offset are looked up once (their
	 * getters cost as much as the subarray() they would replace) and each piece's view is made from them.
	 */
	private sourceView(bytes: Uint8Array, start: number, length: number): Uint8Array {
		if (bytes !== this.source) {
			this.source = bytes;
			this.sourceBuffer = bytes.buffer;
			this.sourceOffset = bytes.byteOffset;
		}
		return new Uint8Array(this.sourceBuffer, this.sourceOffset + start, length);
	}

	/**
	 * `len` bytes starting `offset` bytes after the head. A view when they are contiguous
	 * (the common case), otherwise a copy: callers must not keep it past the next push.
	 */
	peek(offset: number, len: number): Uint8Array {
		const cap = this.data.length;
		const start = (this.head + offset) % cap;
		if (start + len <= cap) return new Uint8Array(this.storage, start, len);
		const out = new Uint8Array(len);
		const first = cap - start;
		out.set(this.data.subarray(start, cap), 0);
		out.set(this.data.subarray(0, len - first), first);
		return out;
	}

	/** Drop n bytes from the head. */
	consume(n: number): void {
		const k = Math.min(n, this.used);
		this.used -= k;
		this.head = this.used === 0 ? 0 : (this.head + k) % this.data.length;
	}

	/** Remove and return up to n bytes from the head (a fresh copy). */
	take(n: number): Uint8Array {
		const k = Math.min(n, this.used);
		const out = allocate(k);
		const cap = this.data.length;
		const first = Math.min(k, cap - this.head);
		out.set(this.data.subarray(this.head, this.head + first), 0);
		if (k > first) out.set(this.data.subarray(0, k - first), first);
		this.consume(k);
		return out;
	}

	clear(): void {
		this.head = 0;
		this.used = 0;
	}

	/** Change the capacity, keeping the content (never below what is stored). */
	resize(capacity: number): void {
		const size = Math.max(1, capacity, this.used);
		if (size === this.data.length) return;
		const content = this.take(this.used);
		this.data = new Uint8Array(size);
		this.storage = this.data.buffer;
		this.push(content);
	}
}

/** Below this many bytes an arriving payload is copied rather than held (see PayloadQueue). */
const SMALL_PAYLOAD = 512;
/** Size of the buffers small payloads are copied into. */
const SMALL_BUFFER = 4096;

/**
 * The receive buffer: a FIFO of arrived payloads, held as the views of the packets they came in
 * (packets are never changed once built, and the out-of-order queue already holds such views),
 * so in-order data is copied once, into read()'s result, instead of first into a ring. Small
 * payloads are copied into shared buffers instead, so a stream of tiny segments cannot pin
 * a packet slab per byte (Linux collapses such queues for the same reason). Same interface as
 * ByteRing where the connection uses it; capacity is the receive buffer size.
 */
export class PayloadQueue {
	/**
	 * The queue's one chunk when it holds exactly one large payload (then `chunks` is empty): a
	 * reader woken per segment finds one payload at a time, and an array made for every such
	 * payload (a fresh backing store each time the queue empties) cost more than the payload's view.
	 */
	private solo: Uint8Array | null = null;
	private chunks: Uint8Array[] = [];
	private head = 0;
	/** Bytes of the first chunk (solo, or chunks[head]) already read. */
	private offset = 0;
	private used = 0;
	/** The buffer small payloads are copied into, how much of it is filled, and where the tail chunk starts in it. */
	private small: Uint8Array | null = null;
	private smallUsed = 0;
	private smallStart = 0;
	/** The last chunk is the part of `small` from smallStart (so small payloads may join it). */
	private tailIsSmall = false;

	constructor(private cap: number) {
		this.cap = Math.max(1, cap);
	}

	get capacity(): number {
		return this.cap;
	}

	get length(): number {
		return this.used;
	}

	get free(): number {
		return Math.max(0, this.cap - this.used);
	}

	/** Queue as much of bytes[start, end) as fits; returns how many bytes were taken. */
	push(bytes: Uint8Array, start = 0, end = bytes.length): number {
		const n = Math.min(end - start, this.free);
		if (n <= 0) return 0;
		if (n >= SMALL_PAYLOAD) {
			const chunk = start === 0 && n === bytes.length ? bytes : bytes.subarray(start, start + n);
			if (this.used === 0) {
				this.solo = chunk;
			} else {
				this.unsolo();
				this.chunks.push(chunk);
			}
			this.tailIsSmall = false;
		} else {
			this.unsolo();
			this.copySmall(bytes, start, n);
		}
		this.used += n;
		return n;
	}

	/**
	 * Remove and return up to n bytes from the head. A read that takes exactly one whole queued
	 * payload gets that payload's own view (no copy): what the queue holds never changes (packets are
	 * not changed once built, small payloads' buffers are only appended to), so the result is as
	 * fixed as a copy would be. Otherwise a fresh copy.
	 */
	take(n: number): Uint8Array {
		const k = Math.min(n, this.used);
		const solo = this.solo;
		if (solo !== null) {
			if (this.offset === 0 && k === solo.length) {
				this.solo = null;
				this.used -= k;
				return solo;
			}
			const out = allocate(k);
			out.set(solo.subarray(this.offset, this.offset + k));
			if (this.offset + k === solo.length) {
				this.solo = null;
				this.offset = 0;
			} else {
				this.offset += k;
			}
			this.used -= k;
			return out;
		}
		if (k > 0 && this.offset === 0 && this.chunks[this.head]!.length === k) {
			const whole = this.chunks[this.head]!;
			this.dropHead();
			this.used -= k;
			return whole;
		}
		const out = allocate(k);
		let filled = 0;
		while (filled < k) {
			const chunk = this.chunks[this.head]!;
			const available = chunk.length - this.offset;
			const count = Math.min(available, k - filled);
			out.set(count === chunk.length ? chunk : chunk.subarray(this.offset, this.offset + count), filled);
			filled += count;
			if (count === available) this.dropHead();
			else this.offset += count;
		}
		this.used -= k;
		return out;
	}

	clear(): void {
		this.solo = null;
		this.chunks = [];
		this.head = 0;
		this.offset = 0;
		this.used = 0;
		this.small = null;
		this.tailIsSmall = false;
	}

	/** Change the capacity (never below what is stored). */
	resize(capacity: number): void {
		this.cap = Math.max(1, capacity, this.used);
	}

	/** The one chunk held as `solo` moves into `chunks`, where more will follow it. */
	private unsolo(): void {
		if (this.solo === null) return;
		this.chunks.push(this.solo);
		this.head = 0;
		this.solo = null;
	}

	private copySmall(bytes: Uint8Array, start: number, n: number): void {
		let copied = 0;
		while (copied < n) {
			if (this.small === null || this.smallUsed === this.small.length) {
				this.small = new Uint8Array(SMALL_BUFFER);
				this.smallUsed = 0;
				this.tailIsSmall = false;
			}
			if (!this.tailIsSmall) {
				this.chunks.push(EMPTY_CHUNK);
				this.smallStart = this.smallUsed;
				this.tailIsSmall = true;
			}
			const k = Math.min(n - copied, this.small.length - this.smallUsed);
			this.small.set(bytes.subarray(start + copied, start + copied + k), this.smallUsed);
			this.smallUsed += k;
			copied += k;
			this.chunks[this.chunks.length - 1] = this.small.subarray(this.smallStart, this.smallUsed);
		}
	}

	private dropHead(): void {
		if (this.head === this.chunks.length - 1) this.tailIsSmall = false;
		this.chunks[this.head++] = EMPTY_CHUNK;
		this.offset = 0;
		if (this.head === this.chunks.length) {
			// Emptied: a fresh backing store next time. Keeping the old one (an index instead of the
			// length) measured 5% worse over 100 connections, likely because a promoted store makes
			// every view put in it an old-to-young pointer for the next scavenge.
			this.chunks.length = 0;
			this.head = 0;
		} else if (this.head >= 1024 && this.head * 2 >= this.chunks.length) {
			this.chunks.splice(0, this.head);
			this.head = 0;
		}
	}
}

const EMPTY_CHUNK = new Uint8Array(0);

interface Chunk {
	seq: number;
	data: Uint8Array;
}

/**
 * Out-of-order segments waiting for a hole to fill (S3): sorted, non-overlapping chunks keyed
 * by sequence number. A handful of chunks at most per window, so a sorted array is enough.
 */
export class Reassembly {
	private chunks: Chunk[] = [];
	private total = 0;

	get bytes(): number {
		return this.total;
	}

	get count(): number {
		return this.chunks.length;
	}

	clear(): void {
		this.chunks = [];
		this.total = 0;
	}

	/** Store data at seq, keeping only bytes not already held. */
	insert(seq: number, data: Uint8Array): void {
		// The common case while a hole is open: the segment goes after everything held (O(1)).
		const last = this.chunks[this.chunks.length - 1];
		if (last === undefined || seqLe(seqAdd(last.seq, last.data.length), seq)) {
			if (data.length > 0) {
				this.chunks.push({seq, data});
				this.total += data.length;
			}
			return;
		}
		let start = seq;
		let bytes = data;
		let i = 0;
		while (i < this.chunks.length && bytes.length > 0) {
			const c = this.chunks[i]!;
			const cEnd = seqAdd(c.seq, c.data.length);
			if (seqLe(cEnd, start)) {
				i++;
				continue;
			}
			const end = seqAdd(start, bytes.length);
			if (seqLe(end, c.seq)) break;
			// Overlap: keep the part before c as a new chunk, continue with the part after c.
			if (seqLt(start, c.seq)) {
				const before = seqDiff(c.seq, start);
				this.chunks.splice(i, 0, {seq: start, data: bytes.subarray(0, before)});
				this.total += before;
				i++;
			}
			const skip = seqDiff(cEnd, start);
			if (skip >= bytes.length) {
				bytes = bytes.subarray(0, 0);
				break;
			}
			bytes = bytes.subarray(skip);
			start = cEnd;
			i++;
		}
		if (bytes.length > 0) {
			this.chunks.splice(i, 0, {seq: start, data: bytes});
			this.total += bytes.length;
		}
	}

	/**
	 * Hand every chunk that now continues at `next` to `deliver` (which returns how many bytes
	 * it took), discarding data already behind `next`. Returns the new next expected sequence.
	 */
	drain(next: number, deliver: (bytes: Uint8Array) => number): number {
		let cursor = next;
		let used = 0;
		while (used < this.chunks.length) {
			const c = this.chunks[used]!;
			if (seqGt(c.seq, cursor)) break;
			const skip = seqDiff(cursor, c.seq);
			if (skip >= c.data.length) {
				used++;
				this.total -= c.data.length;
				continue;
			}
			const fresh = c.data.subarray(skip);
			const taken = deliver(fresh);
			cursor = seqAdd(cursor, taken);
			if (taken < fresh.length) {
				// No room (cannot happen while chunks stay inside the advertised window): keep the rest.
				this.total -= skip + taken;
				this.chunks[used] = {seq: cursor, data: fresh.subarray(taken)};
				break;
			}
			used++;
			this.total -= c.data.length;
		}
		// One splice for everything delivered (shifting chunk by chunk would be quadratic).
		if (used > 0) this.chunks.splice(0, used);
		return cursor;
	}

	/** [seq, end) ranges held, for views and SACK-like displays. */
	ranges(): Array<[number, number]> {
		return this.chunks.map((c) => [c.seq, seqAdd(c.seq, c.data.length)]);
	}
}
