// What a host's stack is given by its surroundings. The stack does no I/O and never reads
// the wall clock: time, timers, randomness and the wire all come in through this.
import type {Call, HostName, StackConfig, TcpState, TimerName, Segment} from './types.js';
import type {DropReason, NoteMessage, StateCause} from './messages.js';

export interface Rng {
	/** Uniform in [0, 1). */
	next(): number;
	/** Uniform 32-bit unsigned integer. */
	u32(): number;
}

export type TimerHandle = number;

export interface TimerService {
	now(): number;
	/** Run fn at virtual time `at` (>= now). */
	set(at: number, fn: () => void): TimerHandle;
	cancel(handle: TimerHandle): void;
}

/** What started a retransmission: the retransmission timer, three duplicate ACKs (or a partial ACK in
 * that recovery), a SACK hole, the persist timer, the keepalive timer, the SYN or SYN+ACK timer. */
/**
 * Why a segment was sent again: its timer (`rto`, and the handshake's `syn`/`synack` timers), three
 * duplicate ACKs (`fast`), a SACK hole (`sack`), a window or keepalive probe, or, for a SYN+ACK, the
 * peer's SYN arriving again (`dupsyn`: our SYN+ACK was lost, and the peer's timer, not ours, fired).
 */
export type RetransmitCause = 'rto' | 'fast' | 'probe' | 'keepalive' | 'syn' | 'synack' | 'dupsyn' | 'sack';

/** What a segment is, beyond its flags. */
export type SegmentNote = 'window-update' | 'zero-window' | 'challenge-ack' | 'old-duplicate' | 'window-probe';

export interface SegmentMark {
	/** The count-th retransmission of this sequence number. */
	rtx?: {count: number; cause: RetransmitCause};
	note?: SegmentNote;
}

/** Events the stack reports; the simulation adds `t` and forwards them to the one event stream. */
export type StackEvent =
	| {kind: 'state'; host: HostName; fd: number | null; conn: string; from: TcpState; to: TcpState; why: StateCause}
	| {kind: 'call'; host: HostName; call: Call; status: 'blocked' | 'returned' | 'failed'}
	| {kind: 'timer'; host: HostName; conn: string; timer: TimerName; action: 'set' | 'fired' | 'cancelled'; at: number}
	| {kind: 'rx-drop'; host: HostName; reason: DropReason; conn: string | null}
	| {kind: 'note'; host: HostName; conn: string | null; why: NoteMessage};

export interface StackEnv {
	name: HostName;
	addr: string;
	config: StackConfig;
	timers: TimerService;
	rng: Rng;
	emit(event: StackEvent): void;
	/**
	 * An ISN the world pins for the next connection this host opens or accepts, taken once (null or
	 * absent: the random one). A lesson uses it to show a rare case (an old segment inside a new
	 * connection's window) every run instead of on a lucky seed.
	 */
	takePinnedIsn?(): number | null;
	/**
	 * Hand an encoded IPv4 packet (and its decoded form, for the event stream) to the wire.
	 * `mark`: why it was sent, when it is more than the next data or ACK (views mark it).
	 */
	output(packet: Uint8Array, segment: Segment, mark?: SegmentMark): void;
}
