// The link stage both worlds share: a packet entering the link in one direction gets its fate
// from that direction's Link (netem's model) and from any fault aimed at it, comes out as
// segment events (`sent`/`duplicated`, then `lost`, `corrupted`, `delivered`/`dropped`), and
// its arrival is an event in the world's scheduler that a fault can still change.
import type {SegmentMark} from '../stack/env.js';
import type {Segment} from '../stack/types.js';
import type {DropReason} from '../stack/messages.js';
import type {Link, LinkOutcome, PacketFate} from '../link/link.js';
import type {Scheduler} from './scheduler.js';
import type {EventBus} from './bus.js';
import {flagsMatch, type Direction, type SegmentEvent} from './events.js';
import {flagText, LinkSegmentEvent} from './segment-event.js';
import type {InFlightPacket, SegmentFault, SegmentPattern} from './world-api.js';

type FaultKind = SegmentFault['kind'];

/**
 * A packet on the wire: what views see (InFlightPacket) and what its arrival needs. The
 * scheduler's pending arrivals are the packets in flight, so no separate table is kept (one
 * updated twice per packet cost more than the rest of the link); inFlight() asks the scheduler.
 * Records are reused once their arrival has run (LinkStage.retire): with many connections, tens
 * of thousands are in flight at once, and fresh ones each survived a scavenge or two, copied.
 * For the same reason a record of a stack's own packet keeps no `segment` (null): the sender's
 * Segment and its payload view would otherwise live as long as the packet is in flight; the
 * packet's later events read the segment's fields from the bytes as sent (LinkSegmentEvent).
 */
export class InFlightRecord implements InFlightPacket {
	/** Set when a fault took the packet off the link or moved its arrival (a new record carries it on). */
	cancelled = false;
	/**
	 * The packet as its buffer, offset and length, while `sent` and `bytes` are NO_BYTES (see
	 * keepBytesOnly); null when they are its views.
	 */
	buffer: ArrayBufferLike | null = null;
	offset = 0;
	length = 0;

	constructor(
		public id: number,
		public dir: Direction,
		public sentAt: number,
		public arriveAt: number,
		public lost: boolean,
		/** The segment as the sender gave it, or null when the packet as sent says the same (see above). */
		public segment: Segment | null,
		/** The packet as sent, and as it will arrive (a corrupted copy, or the same array). */
		public sent: Uint8Array,
		public bytes: Uint8Array,
		public corrupted: boolean,
		public fault: FaultKind | undefined,
	) {}

	/** This record made over for another packet. */
	reuse(
		id: number, dir: Direction, sentAt: number, arriveAt: number, lost: boolean, segment: Segment | null, sent: Uint8Array, bytes: Uint8Array,
		corrupted: boolean, fault: FaultKind | undefined,
	): this {
		this.cancelled = false;
		this.buffer = null;
		this.id = id;
		this.dir = dir;
		this.sentAt = sentAt;
		this.arriveAt = arriveAt;
		this.lost = lost;
		this.segment = segment;
		this.sent = sent;
		this.bytes = bytes;
		this.corrupted = corrupted;
		this.fault = fault;
		return this;
	}

	/**
	 * Keep an unaltered packet (`sent` and `bytes` the same view) as its buffer, offset and length
	 * only, so that no view of it lives while it is in flight; viewed() makes the view again.
	 */
	keepBytesOnly(): void {
		const packet = this.sent;
		this.buffer = packet.buffer;
		this.offset = packet.byteOffset;
		this.length = packet.byteLength;
		this.sent = NO_BYTES;
		this.bytes = NO_BYTES;
	}

	/** This record with `sent` and `bytes` as views of its packet (made again if keepBytesOnly() let them go). */
	viewed(): this {
		if (this.buffer !== null) {
			const packet = new Uint8Array(this.buffer, this.offset, this.length);
			this.sent = packet;
			this.bytes = packet;
			this.buffer = null;
		}
		return this;
	}
}

/** What a retired record holds instead of its packet, so that it keeps no packet alive. */
const NO_BYTES = new Uint8Array(0);

/**
 * With this many events waiting in the scheduler (nearly all of them packets in flight), a packet
 * entering the link unaltered is kept by its record as buffer, offset and length, its view made
 * again when it arrives. A view alive in flight is copied by each scavenge it lives through and
 * promoted after two: nothing much for the few hundred packets in flight of one connection, for
 * which making the view again (about 50 ns, and 100 bytes more allocated per packet) would cost more,
 * but with 100 connections in slow start about 10 000 are in flight, and their views were most of
 * what scavenges copied and promoted.
 */
export const RECORD_VIEWS = 2048;

/**
 * Where packets leaving the link in a direction go: a host of this world (which says what it
 * made of each one), or the real wire (which says nothing: the far end cannot be seen from here).
 */
export type LinkEnd =
	| {
		kind: 'host';
		name: string;
		/** Hand the packet to the host: why it was dropped, or null when taken. */
		receive: (record: InFlightRecord) => DropReason | null;
		/** Told what became of each packet (after the stage's own catch of a stack that threw). */
		settled?: (reason: DropReason | null) => void;
	}
	| {kind: 'wire'; send: (bytes: Uint8Array) => void};

export interface LinkStageOptions {
	/** Hand packets that need no time on the link to their end at once rather than through the scheduler (the wire world). */
	immediate?: boolean;
	/** Told whenever an arrival is scheduled (the wire world's real-time driver re-arms its timer). */
	scheduled?: () => void;
	/** From how many waiting events on records keep packets as bytes only (RECORD_VIEWS; tests set 0 and Infinity to compare the paths). */
	recordViews?: number;
}

interface ArmedFault {
	dir: Direction;
	flags: readonly string[] | null;
	remaining: number;
	fault: SegmentFault;
}

/** Virtual times are kept to whole microseconds so sums of fractions print cleanly. */
function roundToMicrosecond(ms: number): number {
	return Math.round(ms * 1000) / 1000;
}

/**
 * A corrupted copy of a packet made on purpose: the lowest bit of its last byte flipped (payload
 * when it has any, else the TCP header's end), which the TCP checksum always catches.
 */
export function corruptOnPurpose(packet: Uint8Array): Uint8Array {
	const bytes = packet.slice();
	if (bytes.length > 0) bytes[bytes.length - 1]! ^= 1;
	return bytes;
}

/** Why a fault or a pattern cannot be used, or null (for callers taking user input). */
export function validateFault(fault: SegmentFault): string | null {
	if (fault.kind === 'delay' && (!Number.isFinite(fault.ms) || fault.ms < 0)) return `delay must be 0 ms or more (got ${fault.ms})`;
	return null;
}

export function validatePattern(pattern: SegmentPattern): string | null {
	if (!Number.isInteger(pattern.nth) || pattern.nth < 1) return `nth must be a whole number from 1 (got ${pattern.nth})`;
	return null;
}

export class LinkStage {
	private nextId = 1;
	private armed: ArmedFault[] = [];
	/** Records whose arrival has run, for reuse: retired[0, retiredCount). */
	private readonly retired: InFlightRecord[] = [];
	private retiredCount = 0;
	private errors = 0;
	private readonly recordViews: number;
	/** Set once the world has built its ends (hosts are made after the stage, and may send at once). */
	ends!: Record<Direction, LinkEnd>;

	constructor(
		private readonly scheduler: Scheduler,
		private readonly bus: EventBus,
		readonly links: Record<Direction, Link>,
		private readonly options: LinkStageOptions = {},
	) {
		this.recordViews = options.recordViews ?? RECORD_VIEWS;
	}

	// By name rather than `links[dir]`: a keyed load that meets both names goes megamorphic, and these run for every packet.
	private linkOf(dir: Direction): Link {
		return dir === 'c2s' ? this.links.c2s : this.links.s2c;
	}

	private endOf(dir: Direction): LinkEnd {
		return dir === 'c2s' ? this.ends.c2s : this.ends.s2c;
	}

	/** Packets a receiving host refused because its stack threw (a bug in the stack; should stay 0). */
	stackErrors(): number {
		return this.errors;
	}

	/** Publish the event of one fate of a segment, if anything takes events (else it is not even made). */
	private publishSegment(
		dir: Direction, fate: SegmentEvent['fate'], id: number, segment: Segment | null, sent: Uint8Array, bytes: Uint8Array,
		reason?: DropReason, arriveAt?: number, copyOf?: number, wireBytes?: Uint8Array, fault?: FaultKind, mark?: SegmentMark,
	): void {
		if (this.bus.listened) this.bus.publish(this.segmentEvent(dir, fate, id, segment, sent, bytes, reason, arriveAt, copyOf, wireBytes, fault, mark));
	}

	/**
	 * The event of one fate of a segment; this runs twice or more for every packet of a long
	 * transfer, so the optional fields are plain arguments rather than an options object made per call.
	 */
	segmentEvent(
		dir: Direction, fate: SegmentEvent['fate'], id: number, segment: Segment | null, sent: Uint8Array, bytes: Uint8Array,
		reason?: DropReason, arriveAt?: number, copyOf?: number, wireBytes?: Uint8Array, fault?: FaultKind, mark?: SegmentMark,
	): SegmentEvent {
		const event = new LinkSegmentEvent(this.scheduler.now(), id, dir, fate, segment, sent, bytes);
		if (copyOf !== undefined) event.copyOf = copyOf;
		if (reason !== undefined) event.reason = reason;
		if (arriveAt !== undefined) event.arriveAt = arriveAt;
		if (wireBytes !== undefined) event.wireBytes = wireBytes;
		if (fault !== undefined) event.fault = fault;
		if (mark !== undefined) {
			if (mark.rtx !== undefined) event.rtx = mark.rtx;
			if (mark.note !== undefined) event.note = mark.note;
		}
		return event;
	}

	/**
	 * A packet entering the link in `dir`. `injected`: a third party's, which armed faults do not aim at.
	 * `mark`: what the sender's stack says it is (a retransmission, a window update…), on its `sent` event.
	 */
	transmit(dir: Direction, packet: Uint8Array, segment: Segment, injected = false, mark?: SegmentMark): void {
		const link = this.linkOf(dir);
		// A link that only delays (the common case) gives the arrival time without fate objects.
		const delayedTo = link.delayOnly(this.scheduler.now());
		const plain = !Number.isNaN(delayedTo);
		const id = this.nextId++;
		// A third party's packet may say something else than the segment shown for it (see inject), so its record keeps the segment.
		const kept = injected ? segment : null;
		if (plain && (this.armed.length === 0 || injected)) {
			const record = this.launchDelivered(dir, id, delayedTo, packet, packet, false, segment, kept, undefined, undefined, mark);
			if (record !== null) this.arrive(record);
			return;
		}
		const outcome: LinkOutcome = plain
			? {original: {fate: 'delivered', arriveAt: delayedTo, bytes: packet, corrupted: false, reordered: false}, duplicate: null}
			: link.transmit(packet, this.scheduler.now());
		const fault = this.armed.length === 0 || injected ? null : this.takeArmed(dir, segment);
		if (fault === null) {
			const first = this.launch(dir, id, outcome.original, packet, segment, kept, undefined, undefined, mark);
			const second = outcome.duplicate ? this.launch(dir, this.nextId++, outcome.duplicate, packet, segment, kept, id, undefined, mark) : null;
			// Copies that need no time on the link arrive once both have been announced.
			if (first !== null) this.arrive(first);
			if (second !== null) this.arrive(second);
			return;
		}
		// The link's own draws are made all the same, so aiming at one packet changes no other's fate.
		const now = this.scheduler.now();
		let original = outcome.original;
		let duplicate = outcome.duplicate;
		const delay = this.linkOf(dir).config().delay;
		switch (fault.kind) {
			case 'drop':
				original = {fate: 'lost', arriveAt: roundToMicrosecond(now + delay)};
				duplicate = null;
				break;
			case 'corrupt':
				if (original.fate === 'delivered') original = {...original, bytes: corruptOnPurpose(packet), corrupted: true};
				break;
			case 'delay':
				if (original.fate === 'delivered') original = {...original, arriveAt: roundToMicrosecond(original.arriveAt + fault.ms)};
				break;
			case 'duplicate':
				break;
		}
		const first = this.launch(dir, id, original, packet, segment, kept, undefined, fault.kind, mark);
		const second = duplicate ? this.launch(dir, this.nextId++, duplicate, packet, segment, kept, id, undefined, mark) : null;
		let third: InFlightRecord | null = null;
		if (fault.kind === 'duplicate') {
			const arriveAt = original.fate === 'delivered' ? original.arriveAt : roundToMicrosecond(now + delay);
			third = this.launch(dir, this.nextId++, {fate: 'delivered', arriveAt, bytes: packet, corrupted: false, reordered: false}, packet, segment, kept, id, 'duplicate', mark);
		}
		for (const record of [first, second, third]) if (record !== null) this.arrive(record);
	}

	/** Fault a segment on the link now; false when it is no longer in flight (or already lost). */
	faultSegment(id: number, fault: SegmentFault): boolean {
		const record = this.findInFlight(id);
		if (record === null || record.lost) return false;
		const now = this.scheduler.now();
		switch (fault.kind) {
			case 'drop':
				record.cancelled = true;
				this.publishSegment(record.dir, 'lost', id, record.segment, record.sent, record.sent, undefined, undefined, undefined, undefined, 'drop');
				return true;
			case 'corrupt':
				record.bytes = corruptOnPurpose(record.sent);
				record.corrupted = true;
				record.fault = 'corrupt';
				return true;
			case 'duplicate': {
				const copy = this.nextId++;
				const arriveAt = Math.max(now, record.arriveAt);
				this.publishSegment(record.dir, 'duplicated', copy, record.segment, record.sent, record.sent,
					undefined, this.endOf(record.dir).kind === 'host' ? arriveAt : undefined, id, undefined, 'duplicate');
				this.post(this.record(copy, record.dir, now, arriveAt, false, record.segment, record.sent, record.sent, false, 'duplicate'));
				return true;
			}
			case 'delay': {
				record.cancelled = true;
				const moved = this.record(id, record.dir, record.sentAt, roundToMicrosecond(record.arriveAt + fault.ms), false,
					record.segment, record.sent, record.bytes, record.corrupted, 'delay');
				this.post(moved);
				return true;
			}
		}
	}

	/** Fault the nth matching segment sent from now on. */
	armFault(pattern: SegmentPattern, fault: SegmentFault): void {
		const flags = pattern.flags === null ? null : pattern.flags.toUpperCase().split(',').filter(f => f !== '');
		this.armed = [...this.armed, {dir: pattern.dir, flags, remaining: pattern.nth, fault}];
	}

	inFlight(): InFlightPacket[] {
		const packets: InFlightPacket[] = [];
		for (const pending of this.scheduler.postedArgs()) {
			if (pending instanceof InFlightRecord && !pending.cancelled) {
				packets.push({id: pending.id, dir: pending.dir, sentAt: pending.sentAt, arriveAt: pending.arriveAt, lost: pending.lost});
			}
		}
		return packets.sort((a, b) => a.id - b.id);
	}

	/** The first armed fault this segment completes (counting it against every pattern it matches), or null. */
	private takeArmed(dir: Direction, segment: Segment): SegmentFault | null {
		let taken: SegmentFault | null = null;
		let kept: ArmedFault[] | null = null;
		const flags = flagText(segment.flags);
		const len = segment.payload.length;
		for (const armed of this.armed) {
			if (armed.dir === dir && (armed.flags === null || flagsMatch(flags, len, armed.flags))) {
				armed.remaining--;
				if (armed.remaining === 0 && taken === null) {
					taken = armed.fault;
					kept ??= this.armed.filter(a => a !== armed);
				}
			}
		}
		if (kept !== null) this.armed = kept.filter(a => a.remaining > 0);
		return taken;
	}

	private findInFlight(id: number): InFlightRecord | null {
		for (const pending of this.scheduler.postedArgs()) {
			if (pending instanceof InFlightRecord && pending.id === id && !pending.cancelled) return pending.viewed();
		}
		return null;
	}

	/**
	 * Announce one copy entering the link and schedule what becomes of it; returns the copy when
	 * it needs no time on the link and the caller is to hand it over at once (the wire world).
	 */
	private launch(
		dir: Direction, id: number, fate: PacketFate, packet: Uint8Array, segment: Segment, kept: Segment | null, copyOf: number | undefined,
		fault: FaultKind | undefined, mark?: SegmentMark,
	): InFlightRecord | null {
		if (fate.fate === 'delivered') return this.launchDelivered(dir, id, fate.arriveAt, packet, fate.bytes, fate.corrupted, segment, kept, copyOf, fault, mark);
		const now = this.scheduler.now();
		// When a packet reaches a host of this world is known; when it reaches the far end of a real wire is not.
		const arriveAt = fate.fate === 'queue-full' || this.endOf(dir).kind === 'wire' ? undefined : fate.arriveAt;
		this.publishSegment(dir, copyOf === undefined ? 'sent' : 'duplicated', id, segment, packet, packet, undefined, arriveAt, copyOf, undefined, fault, mark);
		if (fate.fate === 'queue-full') {
			this.publishSegment(dir, 'dropped', id, segment, packet, packet, 'queue-full', undefined, undefined, undefined, fault);
			return null;
		}
		const record = this.record(id, dir, now, fate.arriveAt, true, kept, packet, packet, false, fault);
		// Shown vanishing half way along, so a view can stop the arrow mid-flight.
		this.scheduler.post(roundToMicrosecond(now + (fate.arriveAt - now) / 2), this.vanish, record);
		this.options.scheduled?.();
		return null;
	}

	/**
	 * launch() for a copy the link delivers (arriving at `arriveAt` as `bytes`), with no fate
	 * object. `segment` is shown on the `sent` event; the record keeps `kept` (see InFlightRecord).
	 */
	private launchDelivered(
		dir: Direction, id: number, arriveAt: number, packet: Uint8Array, bytes: Uint8Array, corrupted: boolean, segment: Segment,
		kept: Segment | null, copyOf: number | undefined, fault: FaultKind | undefined, mark?: SegmentMark,
	): InFlightRecord | null {
		const now = this.scheduler.now();
		// When a packet reaches a host of this world is known; when it reaches the far end of a real wire is not.
		this.publishSegment(dir, copyOf === undefined ? 'sent' : 'duplicated', id, segment, packet, packet, undefined,
			this.endOf(dir).kind === 'wire' ? undefined : arriveAt, copyOf, corrupted ? bytes : undefined, fault, mark);
		const record = this.record(id, dir, now, arriveAt, false, kept, packet, bytes, corrupted, fault);
		if (!corrupted && kept === null && this.scheduler.size() >= this.recordViews) record.keepBytesOnly();
		return this.schedule(record);
	}

	/** Schedule a delivered copy's arrival; or, when it needs no time on the link (the wire world), return it to be handed over at once. */
	private schedule(record: InFlightRecord): InFlightRecord | null {
		// Rounded to the microsecond, "no delay" can land a hair after now.
		if (this.options.immediate && record.arriveAt - this.scheduler.now() < 0.001) return record;
		this.post(record);
		return null;
	}

	/** A record for a packet entering the link: a retired one made over, or a new one. */
	private record(
		id: number, dir: Direction, sentAt: number, arriveAt: number, lost: boolean, segment: Segment | null, sent: Uint8Array, bytes: Uint8Array,
		corrupted: boolean, fault: FaultKind | undefined,
	): InFlightRecord {
		if (this.retiredCount === 0) return new InFlightRecord(id, dir, sentAt, arriveAt, lost, segment, sent, bytes, corrupted, fault);
		const record = this.retired[--this.retiredCount]!;
		this.retired[this.retiredCount] = undefined!;
		return record.reuse(id, dir, sentAt, arriveAt, lost, segment, sent, bytes, corrupted, fault);
	}

	/** A record whose arrival (or vanishing) has run is no packet's any more: it keeps none alive and waits for reuse. */
	private retire(record: InFlightRecord): void {
		record.segment = null;
		record.sent = NO_BYTES;
		record.bytes = NO_BYTES;
		record.cancelled = true;
		this.retired[this.retiredCount++] = record;
	}

	private post(record: InFlightRecord): void {
		this.scheduler.post(record.arriveAt, this.arrive, record);
		this.options.scheduled?.();
	}

	private readonly vanish = (record: InFlightRecord): void => {
		// (A lost packet's record always keeps its view: only delivered ones keep bytes only.)
		if (!record.cancelled) this.publishSegment(record.dir, 'lost', record.id, record.segment, record.sent, record.sent, undefined, undefined, undefined, undefined, record.fault);
		this.retire(record);
	};

	/** A packet at the end of the link: to the real wire, or to a host, which digests it with what it does published after. */
	private readonly arrive = (record: InFlightRecord): void => {
		if (!record.cancelled) this.deliver(record.viewed());
		this.retire(record);
	};

	private deliver(record: InFlightRecord): void {
		const end = this.endOf(record.dir);
		if (end.kind === 'wire') {
			end.send(record.bytes);
			return;
		}
		const {dir, id, segment, sent, bytes, fault} = record;
		if (record.corrupted) this.publishSegment(dir, 'corrupted', id, segment, sent, bytes, undefined, undefined, undefined, undefined, fault);
		const outer = this.bus.hold();
		let reason: DropReason | null;
		try {
			reason = end.receive(record);
		} catch (error) {
			// The stack must never throw on input. Keep the world alive, and say so loudly.
			this.errors++;
			this.bus.note(this.scheduler.now(), end.name, null, {code: 'stack-error', error: error instanceof Error ? error.message.split('\n')[0]! : String(error)});
			reason = 'stack-error';
		}
		end.settled?.(reason);
		this.bus.release(outer, this.bus.listened
			? this.segmentEvent(dir, reason === null ? 'delivered' : 'dropped', id, segment, sent, bytes, reason ?? undefined, undefined, undefined, undefined, fault)
			: null);
	}
}
