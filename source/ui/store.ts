// What the views need, computed from the world's one event stream: the ladder rows, each host's
// call log and the last state transition per host. Snapshots (TCB values, sockets) are read from
// `world.snapshot()` at render time; this store only keeps what snapshots cannot tell: history.
import type {DropReason, StateCause} from '../stack/messages.js';
import type {Direction, SegmentEvent, SimEvent, StateEvent} from '../sim/events.js';
import type {Call, Segment, TcpState} from '../stack/types.js';
import type {RetransmitCause, SegmentNote} from '../stack/env.js';

/** A fault the user aimed at one segment (the world marks its events with it). */
export type UserFault = NonNullable<SegmentEvent['fault']>;
import {DupAckCounter} from '../sim/dup-acks.js';
import {shownData} from './text.js';

/**
 * `wire`: ours, sent into a real network (wire mode). Its arrival at the far end cannot be seen
 * from here, so it is neither in flight nor delivered; only our own link may still lose it.
 */
export type LadderFate = 'flying' | 'wire' | 'delivered' | 'lost' | 'corrupted' | 'dropped';

export interface LadderEntry {
	id: number;
	dir: Direction;
	/** Set on a duplicate the link made: the id of the original. */
	copyOf?: number;
	sentAt: number;
	arriveAt: number | null;
	/** When the receiver got (or dropped) it. */
	doneAt: number | null;
	flags: string;
	seq: number;
	ack: number;
	len: number;
	win: number;
	/** The window is drawn only when it differs from this direction's previous segment. */
	winChanged: boolean;
	/** Sender's ISN and receiver's ISN at send time, for relative numbers; null when unknown. */
	seqBase: number | null;
	ackBase: number | null;
	fate: LadderFate;
	/** The link corrupted it (it may still be dropped by the receiver, which is the usual end). */
	corrupted: boolean;
	dropReason?: DropReason;
	/** Arrived after a segment that was sent later in the same direction. */
	reordered: boolean;
	/** The sender's stack says it is the count-th retransmission of its sequence number, and why. */
	rtx?: {count: number; cause: RetransmitCause};
	/** What the sender's stack sent it as, beyond its flags. */
	note?: SegmentNote;
	/** The n-th duplicate ACK in a row, by Wireshark's rule (see UiStore.countDupAck). */
	dupAck?: number;
	/** The user faulted this segment on purpose. */
	fault?: UserFault;
	segment: Segment;
	/** Bytes as sent, and as they arrived when the link changed them. */
	sentBytes: Uint8Array;
	arrivedBytes?: Uint8Array;
}

/** A call as the log shows it: a copy taken at its latest event (the live Call keeps changing). */
export type CallEntry = Pick<Call, 'id' | 'call' | 'fd' | 'args' | 'status' | 'result' | 'errno' | 'data' | 'issuedAt' | 'settledAt'> & {
	/** The printable start of `data`, made once with the row (text.ts shownData); `cut` when some was left out. */
	shown?: {text: string; cut: boolean};
};

export interface Transition {
	t: number;
	fd: number | null;
	conn: string;
	from: TcpState;
	to: TcpState;
	/** Why, as a code and its parameters (drawn in the viewer's language). */
	why: StateCause;
}

const MAX_LADDER = 2000;
const MAX_CALLS = 200;

function tupleKey(e: {src: string; srcPort: number; dst: string; dstPort: number}): string {
	return `${e.src}:${e.srcPort}>${e.dst}:${e.dstPort}`;
}

function reverseKey(e: {src: string; srcPort: number; dst: string; dstPort: number}): string {
	return `${e.dst}:${e.dstPort}>${e.src}:${e.srcPort}`;
}

export class UiStore {
	/** Ladder rows in the order segments entered the link. */
	readonly ladder: LadderEntry[] = [];
	private readonly byId = new Map<number, LadderEntry>();
	private readonly isn = new Map<string, number>();
	private readonly lastWin = new Map<string, number>();
	private readonly dupAcks = new DupAckCounter();
	/** Highest id delivered so far per direction, to spot reordering. */
	private readonly lastDelivered: Record<Direction, number> = {c2s: -1, s2c: -1};
	private readonly calls = new Map<string, CallEntry[]>();
	private readonly transitions = new Map<string, Transition[]>();
	/** Bumped on every event: views compare it to know whether anything changed. */
	version = 0;

	/** `unseenArrivals`: the direction whose arrivals no event will report (ours, in wire mode). */
	constructor(private readonly options: {unseenArrivals?: Direction} = {}) {}

	apply(event: SimEvent): void {
		this.version++;
		switch (event.kind) {
			case 'segment':
				this.applySegment(event);
				break;
			case 'call':
				this.applyCall(event.host, event.ref);
				break;
			case 'state':
				this.applyState(event);
				break;
			default:
				break;
		}
	}

	callLog(host: string): readonly CallEntry[] {
		return this.calls.get(host) ?? [];
	}

	lastTransition(host: string): Transition | null {
		const list = this.transitions.get(host);
		return list && list.length > 0 ? list[list.length - 1]! : null;
	}

	transitionsOf(host: string): readonly Transition[] {
		return this.transitions.get(host) ?? [];
	}

	entry(id: number): LadderEntry | undefined {
		return this.byId.get(id);
	}

	private applySegment(e: SegmentEvent): void {
		if (e.fate === 'sent' || e.fate === 'duplicated') {
			this.addEntry(e);
			return;
		}
		const entry = this.byId.get(e.id) ?? this.addEntry(e);
		if (e.fault !== undefined) entry.fault = e.fault;
		switch (e.fate) {
			case 'lost':
				entry.fate = 'lost';
				entry.doneAt = e.t;
				break;
			case 'corrupted':
				entry.corrupted = true;
				entry.arrivedBytes = e.bytes;
				entry.fate = 'corrupted';
				entry.doneAt = e.t;
				break;
			case 'dropped':
				entry.fate = 'dropped';
				entry.dropReason = e.reason;
				entry.doneAt = e.t;
				break;
			case 'delivered':
				entry.fate = 'delivered';
				entry.doneAt = e.t;
				if (e.id < this.lastDelivered[e.dir]) entry.reordered = true;
				this.lastDelivered[e.dir] = Math.max(this.lastDelivered[e.dir], e.id);
				break;
			default:
				break;
		}
	}

	private addEntry(e: SegmentEvent): LadderEntry {
		const key = tupleKey(e);
		if (e.segment.flags.syn && e.fate !== 'duplicated') this.isn.set(key, e.seq);
		const previousWin = this.lastWin.get(key);
		this.lastWin.set(key, e.win);
		const dupAck = this.dupAcks.count(e);
		const entry: LadderEntry = {
			id: e.id,
			dir: e.dir,
			copyOf: e.copyOf,
			sentAt: e.t,
			arriveAt: e.arriveAt ?? null,
			doneAt: null,
			flags: e.flags,
			seq: e.seq,
			ack: e.ack,
			len: e.len,
			win: e.win,
			winChanged: previousWin === undefined || previousWin !== e.win,
			seqBase: this.isn.get(key) ?? null,
			ackBase: this.isn.get(reverseKey(e)) ?? null,
			fate: e.fate !== 'sent' && e.fate !== 'duplicated' ? 'delivered' : e.dir === this.options.unseenArrivals ? 'wire' : 'flying',
			corrupted: false,
			reordered: false,
			segment: e.segment,
			sentBytes: e.bytes,
		};
		if (e.rtx !== undefined) entry.rtx = e.rtx;
		if (e.note !== undefined) entry.note = e.note;
		if (dupAck !== undefined) entry.dupAck = dupAck;
		if (e.fault !== undefined) entry.fault = e.fault;
		this.ladder.push(entry);
		this.byId.set(e.id, entry);
		if (this.ladder.length > MAX_LADDER) {
			const dropped = this.ladder.splice(0, this.ladder.length - MAX_LADDER);
			for (const old of dropped) this.byId.delete(old.id);
		}
		return entry;
	}

	private applyCall(host: string, ref: Call): void {
		let list = this.calls.get(host);
		if (!list) {
			list = [];
			this.calls.set(host, list);
		}
		const entry: CallEntry = {
			id: ref.id, call: ref.call, fd: ref.fd, args: ref.args, status: ref.status, result: ref.result,
			errno: ref.errno, data: ref.data, issuedAt: ref.issuedAt, settledAt: ref.settledAt,
			...(ref.data ? {shown: shownData(ref.data)} : {}),
		};
		const index = list.findIndex((c) => c.id === ref.id);
		if (index >= 0) list[index] = entry;
		else list.push(entry);
		if (list.length > MAX_CALLS) list.splice(0, list.length - MAX_CALLS);
	}

	private applyState(e: StateEvent): void {
		let list = this.transitions.get(e.host);
		if (!list) {
			list = [];
			this.transitions.set(e.host, list);
		}
		list.push({t: e.t, fd: e.fd, conn: e.conn, from: e.from, to: e.to, why: e.why});
		if (list.length > MAX_CALLS) list.splice(0, list.length - MAX_CALLS);
	}
}

/** Relative sequence number as Wireshark shows it, or the absolute one when the ISN is unknown. */
export function relativeTo(value: number, base: number | null): number {
	if (base === null) return value;
	return (((value - base) % 0x1_0000_0000) + 0x1_0000_0000) % 0x1_0000_0000;
}
