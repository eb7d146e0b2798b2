// The one event stream. The TUI, the headless runner, the JSON output, the transcript,
// the pcap writer and the tests are all functions of it.
import type {Call, CallArgs, Errno, HostName, Segment, TcpState, TimerName} from '../stack/types.js';
import type {RetransmitCause, SegmentNote} from '../stack/env.js';
import type {DropReason, NoteMessage, StateCause} from '../stack/messages.js';

export type Direction = 'c2s' | 's2c';

export type SegmentFate = 'sent' | 'lost' | 'corrupted' | 'duplicated' | 'delivered' | 'dropped';

export interface SegmentEvent {
	t: number;
	kind: 'segment';
	/** One id per packet entering the link; a duplicate gets a new id and `copyOf`. */
	id: number;
	copyOf?: number;
	dir: Direction;
	fate: SegmentFate;
	/** For `dropped`: why the receiver (or the link queue) discarded it, e.g. "bad-tcp-checksum", "queue-full". */
	reason?: DropReason;
	/** For `sent`/`duplicated`: virtual time it will arrive (if not lost). */
	arriveAt?: number;
	flags: string;
	seq: number;
	ack: number;
	len: number;
	win: number;
	src: string;
	dst: string;
	srcPort: number;
	dstPort: number;
	/** The decoded segment as sent (not in JSON). */
	segment: Segment;
	/** The bytes as they entered (sent) or left (delivered/corrupted) the link (not in JSON). */
	bytes: Uint8Array;
	/**
	 * For `sent`/`duplicated`: the bytes the link will actually carry, when the link has decided to
	 * corrupt them (the pcap writer records these, so Wireshark shows exactly what crossed). Not in JSON.
	 */
	wireBytes?: Uint8Array;
	/** For `sent`/`duplicated`: the count-th retransmission of this sequence number, and what caused it. */
	rtx?: {count: number; cause: RetransmitCause};
	/** For `sent`/`duplicated`: what the segment is, beyond its flags (the stack's reason to send it). */
	note?: SegmentNote;
	/** Set on every event of a segment faulted on purpose (SegmentFault), from the fault on. */
	fault?: 'drop' | 'corrupt' | 'duplicate' | 'delay';
}

export interface StateEvent {
	t: number;
	kind: 'state';
	host: HostName;
	fd: number | null;
	conn: string;
	from: TcpState;
	to: TcpState;
	/** Why, in English (derived from `why`; kept for the JSON lines and the transcript). */
	cause: string;
	/** Why, as the stack said it: a code and its parameters (source/i18n/protocol.ts has the words). */
	why: StateCause;
}

export interface CallEvent {
	t: number;
	kind: 'call';
	host: HostName;
	id: number;
	call: string;
	fd: number | null;
	args: CallArgs;
	status: 'blocked' | 'returned' | 'failed';
	result?: number;
	errno?: Errno;
	/** read() data as text (JSON-safe). */
	data?: string;
	/** The live call object (not in JSON). */
	ref: Call;
}

export interface TimerEvent {
	t: number;
	kind: 'timer';
	host: HostName;
	conn: string;
	timer: TimerName;
	action: 'set' | 'fired' | 'cancelled';
	at: number;
}

export interface NoteEvent {
	t: number;
	kind: 'note';
	host: HostName | 'link' | 'sim';
	conn: string | null;
	/** In English (derived from `why`; kept for the JSON lines and the transcript). */
	text: string;
	/** What happened, as a code and its parameters (source/i18n/protocol.ts has the words). */
	why: NoteMessage;
}

export interface RxDropEvent {
	t: number;
	kind: 'rx-drop';
	host: HostName;
	reason: DropReason;
	conn: string | null;
}

export type SimEvent = SegmentEvent | StateEvent | CallEvent | TimerEvent | NoteEvent | RxDropEvent;

/** Does a segment with these flags (and length) carry every flag asked for? DATA = has payload. */
export function flagsMatch(segmentFlags: string, len: number, wanted: readonly string[]): boolean {
	const have = segmentFlags.split(',');
	return wanted.every((flag) => (flag === 'DATA' ? len > 0 : have.includes(flag)));
}

/** Bytes of a read's data an event's JSON carries unless asked for all of it. */
export const JSON_DATA_BYTES = 64;

const jsonDecoder = new TextDecoder();

/**
 * The JSON line of an event: drops the non-serialisable fields. A read's data longer than
 * JSON_DATA_BYTES bytes is cut to its first bytes (with `dataCut: true`; `result` still
 * counts every byte) unless `fullData`: a bulk transfer would otherwise print all its bytes as text.
 */
export function eventToJson(e: SimEvent, options: {fullData?: boolean} = {}): Record<string, unknown> {
	switch (e.kind) {
		case 'segment': {
			// Field by field, in this order: the link stage's events read the segment's own fields
			// through prototype getters, which a spread would not copy.
			const out: Record<string, unknown> = {t: e.t, kind: e.kind, id: e.id, dir: e.dir, fate: e.fate, flags: e.flags, seq: e.seq, ack: e.ack,
				len: e.len, win: e.win, src: e.src, dst: e.dst, srcPort: e.srcPort, dstPort: e.dstPort};
			if (e.copyOf !== undefined) out.copyOf = e.copyOf;
			if (e.reason !== undefined) out.reason = e.reason;
			if (e.arriveAt !== undefined) out.arriveAt = e.arriveAt;
			if (e.fault !== undefined) out.fault = e.fault;
			if (e.rtx !== undefined) out.rtx = e.rtx;
			if (e.note !== undefined) out.note = e.note;
			return out;
		}
		case 'call': {
			// Field by field: the sim's read() events decode `data` in a prototype getter (world.ts).
			const out: Record<string, unknown> = {t: e.t, kind: e.kind, host: e.host, id: e.id, call: e.call, fd: e.fd, args: e.args, status: e.status};
			if (e.result !== undefined) out.result = e.result;
			if (e.errno !== undefined) out.errno = e.errno;
			const bytes = e.ref?.data;
			if (!options.fullData && bytes instanceof Uint8Array && bytes.length > JSON_DATA_BYTES) {
				// Only the start is decoded; a character cut in two is left out rather than shown as U+FFFD.
				out.data = jsonDecoder.decode(bytes.subarray(0, JSON_DATA_BYTES), {stream: true});
				jsonDecoder.decode();
				out.dataCut = true;
			} else if (e.data !== undefined) {
				out.data = e.data;
			}
			return out;
		}
		default:
			return {...e};
	}
}
