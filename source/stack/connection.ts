// One TCP connection: the TCB and the RFC 9293 state machine. `input` is the segment-arrival
// procedure of RFC 9293 §3.10.7 in its order (acceptability, RST, SYN, ACK, text, FIN); the
// output side (`trySend`, `retransmitFirst`, `sendAck`) builds the segments. The socket layer
// (host.ts) owns fds and blocked calls; it hears about changes through ConnectionHooks.
import type {CloseCall, NoteMessage, SegmentDropReason, StateCause} from './messages.js';
import {ByteRing, PayloadQueue, Reassembly} from './buffers.js';
import {createController, type CongestionController} from './congestion.js';
import type {RetransmitCause, SegmentMark, SegmentNote, StackEnv} from './env.js';
import {ConnTimer, RttEstimator} from './retransmit.js';
import {NO_OPTIONS, RECEIVED_ACK, RECEIVED_ACK_PSH} from './segment.js';
import {seqAdd, seqDiff, seqGe, seqGt, seqInRange, seqLe, seqLt} from './seq.js';
import type {ConnectionSnapshot, Errno, Segment, StackConfig, TcpFlags, TcpOptions, TcpState, TimerSnapshot} from './types.js';

/** The MSS assumed when the peer's SYN carries no MSS option (RFC 9293 §3.7.1). */
export const DEFAULT_PEER_MSS = 536;
/** Largest window-scale shift (RFC 7323 §2.3). */
export const MAX_WSCALE = 14;
/** Largest MSS a data segment without options can carry in one IPv4 packet (65535 − 40). */
export const MAX_MSS = 65_495;

/** The MSS a config asks for, kept to what fits in a packet (a typed value is never trusted to). */
export function clampMss(mss: number): number {
	return Number.isFinite(mss) ? Math.min(Math.max(Math.floor(mss), 1), MAX_MSS) : DEFAULT_PEER_MSS;
}

export interface Endpoint {
	addr: string;
	port: number;
}

export interface ConnectionHooks {
	/** Encode the segment and hand it to the wire (`mark`: why, when it is a retransmission or special). */
	output(seg: Segment, mark?: SegmentMark): void;
	stateChanged(conn: Connection, from: TcpState, to: TcpState, cause: StateCause): void;
	/** Something a blocked call may be waiting for changed (data, space, state, error). */
	wake(conn: Connection): void;
	/** Passive open only: may the handshake complete now? False when the accept queue is full. */
	mayComplete(conn: Connection): boolean;
	/** RFC 5961 §7's host-wide challenge-ACK budget: take one if there is one left this second. */
	takeGlobalChallengeAck(): boolean;
}

/** Per-socket tunables (setsockopt), initialised from the host's StackConfig. */
export interface ConnectionSettings {
	nagle: boolean;
	delayedAck: boolean;
	keepalive: boolean;
	sndbuf: number;
	rcvbuf: number;
}

const EMPTY = new Uint8Array(0);

/**
 * Header prediction (Connection.inputPredicted) is on; tests turn it off to hold it against the
 * general path, which must give the same events and bytes for every segment.
 */
export const fastPaths = {headerPrediction: true};

/** The mark of the count-th retransmission of a sequence number. */
function resent(count: number, why: RetransmitCause, note?: SegmentNote): SegmentMark {
	return note === undefined ? {rtx: {count, cause: why}} : {rtx: {count, cause: why}, note};
}

// Every segment carries a flags object; the 32 combinations we send are shared and frozen
// rather than allocated per segment (a bulk transfer sends hundreds of thousands).
const FLAG_TABLE: readonly TcpFlags[] = Array.from({length: 32}, (_, i) => Object.freeze({
	ack: (i & 1) !== 0, syn: (i & 2) !== 0, fin: (i & 4) !== 0, rst: (i & 8) !== 0, psh: (i & 16) !== 0,
	urg: false, ece: false, cwr: false,
}));

function makeFlags(ack: boolean, syn = false, fin = false, rst = false, psh = false): TcpFlags {
	return FLAG_TABLE[(ack ? 1 : 0) | (syn ? 2 : 0) | (fin ? 4 : 0) | (rst ? 8 : 0) | (psh ? 16 : 0)]!;
}

/** The connection's name in events: "10.0.0.1:49152-10.0.0.2:80" (local-remote). */
export function connectionName(local: Endpoint, remote: Endpoint): string {
	return `${local.addr}:${local.port}-${remote.addr}:${remote.port}`;
}

/**
 * Smallest shift that lets a buffer of this size be advertised in 16 bits (a 64 KiB buffer
 * advertises 65535 unscaled rather than halving every window field on the wire).
 */
export function wscaleFor(buffer: number): number {
	let shift = 0;
	while (shift < MAX_WSCALE && ((buffer - 1) >> shift) > 0xffff) shift++;
	return shift;
}

export class Connection {
	state: TcpState = 'CLOSED';
	readonly id: string;
	/** The fd the app holds, or null (not yet accepted, or closed: orphaned). */
	fd: number | null = null;
	orphaned = false;
	/** Created from a listener (passive open) rather than connect(). */
	passive = false;
	/** For passive connections: the listener whose queues hold it until accept(). */
	listenerPort: number | null = null;
	/** Error for the next/pending call (SO_ERROR): ECONNRESET, ECONNREFUSED, ETIMEDOUT. */
	error: Errno | null = null;
	/** The handshake completed at least once (connect() may return). */
	established = false;

	// Send sequence space.
	iss = 0;
	sndUna = 0;
	sndNxt = 0;
	/** One past the highest sequence number ever sent. */
	sndMax = 0;
	/** Peer's window in bytes (scaled). */
	sndWnd = 0;
	/** MAX.SND.WND (RFC 5961 §5.2): the largest window the peer has advertised. */
	private maxSndWnd = 0;
	private sndWl1 = 0;
	private sndWl2 = 0;
	// Receive sequence space.
	irs = 0;
	rcvNxt = 0;
	/** Right edge of the window we last advertised: never moved left (RFC 9293 §3.8.6). */
	private rcvAdvEdge = 0;
	private synchronizedOnce = false;

	sndWscale = 0;
	rcvWscale = 0;
	private offerWscale: boolean;
	/** RFC 7323 timestamps: offered (config) and, once both SYNs carried them, in use. */
	private offerTs: boolean;
	tsOk = false;
	/** TS.Recent: the peer's timestamp to echo, updated by in-order segments. */
	private tsRecent = 0;
	/** Our timestamp when we last retransmitted: older echoes give no RTT sample. */
	private tsRetransmitted = 0;
	/** RCV.NXT as last acknowledged (RFC 7323 Last.ACK.sent). */
	private lastAckSent = 0;
	/** RFC 2018 selective acknowledgements: offered and, when both SYNs said so, in use. */
	private offerSack: boolean;
	sackOk = false;
	/** Sender's scoreboard: ranges above SND.UNA the peer reported holding (sorted, merged). */
	private sacked: Array<[number, number]> = [];
	/** Highest sequence retransmitted in the current SACK recovery (holes below it are done). */
	private sackRetransmitted = 0;
	/** Start of the out-of-order segment that arrived last: its block is reported first. */
	private lastOooSeq: number | null = null;
	/** Effective send MSS: min(ours, the peer's). */
	mss: number;
	/** The MSS we advertise (config, clamped). */
	private readonly ourMss: number;

	readonly sendBuffer: ByteRing;
	/** Sequence number of the first byte in sendBuffer. */
	private sendBufSeq = 0;
	readonly recvBuffer: PayloadQueue;
	private readonly ooo = new Reassembly();
	/** A FIN seen beyond a hole, processed once the hole fills. */
	private oooFinSeq: number | null = null;

	/** The app asked for a FIN (close/shutdown wr); it goes out after the queued data. */
	private finQueued = false;
	/** Sequence number our FIN occupies, once sent. */
	private finSeq: number | null = null;
	finReceived = false;
	shutRd = false;
	shutWr = false;

	readonly rtt: RttEstimator;
	readonly cc: CongestionController;
	/** Consecutive expiries of the retransmission timer (reset by a new ACK). */
	private retries = 0;
	dupAcks = 0;
	retransmissions = 0;
	/** RTT timing of one segment at a time (Karn's rule: never a retransmitted one). */
	private rttSeq: number | null = null;
	private rttStart = 0;
	/** When the (first, never retransmitted) SYN or SYN+ACK left: the handshake's RTT sample. */
	private synSentAt: number | null = null;

	/** A delayed ACK is owed (the delayed-ack timer runs). */
	private ackPending = false;
	/** An ACK is owed at once: sent when input() ends, unless a data segment carried it. */
	private ackNow = false;
	/** Bytes received since our last ACK (delayed ACK: every second full segment). */
	private unackedBytes = 0;
	/** In-order data segments still to be ACKed at once despite delayed ACKs (Linux quick-ack mode). */
	private quickAcksLeft: number;
	/** When this connection last sent a challenge ACK (RFC 5961 §7 rate limit). */
	private lastChallengeAckAt: number | null = null;
	/** Zero-window probes sent since the window closed (the persist timer doubles with each). */
	private persistBackoff = 0;
	/** One past the last zero-window probe byte, which an ACK may cover. */
	private probeEnd: number | null = null;
	private keepaliveProbes = 0;
	/** What the retransmissions sent now answer to (the last timeout or recovery that rewound). */
	private rtxCause: RetransmitCause = 'rto';
	/** Times each unacknowledged sequence number was sent again (the ladder's RTX#n). */
	private readonly resent = new Map<number, number>();
	/** SYNs and SYN+ACKs sent so far: the later ones are retransmissions. */
	private synsSent = 0;
	private synAcksSent = 0;
	timeWaitUntil: number | null = null;

	private readonly retransmitTimer: ConnTimer;
	/** SYN+ACK retransmissions of a half-open connection (its own name, so the flood demo shows it). */
	private readonly synAckTimer: ConnTimer;
	private readonly persistTimer: ConnTimer;
	private readonly delayedAckTimer: ConnTimer;
	private readonly keepaliveTimer: ConnTimer;
	private readonly timeWaitTimer: ConnTimer;
	/** An orphaned FIN_WAIT_2 gives up on the peer's FIN (Linux tcp_fin_timeout). */
	private readonly finWait2Timer: ConnTimer;
	private readonly config: StackConfig;

	constructor(
		private readonly env: StackEnv,
		private readonly hooks: ConnectionHooks,
		readonly local: Endpoint,
		readonly remote: Endpoint,
		readonly settings: ConnectionSettings,
	) {
		this.config = env.config;
		this.id = connectionName(local, remote);
		this.ourMss = clampMss(this.config.mss);
		this.mss = this.ourMss;
		this.sendBuffer = new ByteRing(settings.sndbuf);
		this.recvBuffer = new PayloadQueue(settings.rcvbuf);
		this.offerWscale = this.config.windowScaling;
		this.offerTs = this.config.timestamps;
		this.offerSack = this.config.sack;
		this.rtt = new RttEstimator(this.config.initialRto, this.config.minRto, this.config.maxRto);
		this.cc = createController(this.config.congestionControl, this.mss, 0, this.config.initialWindow);
		this.quickAcksLeft = Math.max(0, Math.floor(this.config.quickAckSegments));
		const id = () => this.id;
		this.retransmitTimer = new ConnTimer(env, 'retransmit', id, () => this.onRetransmitTimeout());
		this.synAckTimer = new ConnTimer(env, 'syn-ack', id, () => this.onSynAckTimeout());
		this.persistTimer = new ConnTimer(env, 'persist', id, () => this.onPersistTimeout());
		this.delayedAckTimer = new ConnTimer(env, 'delayed-ack', id, () => this.onDelayedAckTimeout());
		this.keepaliveTimer = new ConnTimer(env, 'keepalive', id, () => this.onKeepaliveTimeout());
		this.timeWaitTimer = new ConnTimer(env, 'time-wait', id, () => this.onTimeWaitTimeout());
		this.finWait2Timer = new ConnTimer(env, 'fin-wait-2', id, () => this.onFinWait2Timeout());
	}

	private now(): number {
		return this.env.timers.now();
	}

	// -----------------------------------------------------------------------------------------
	// Opening

	/** A random ISN, unless the world pinned one (drawn all the same, so later draws do not shift). */
	private chooseIss(): number {
		const drawn = this.env.rng.u32();
		return this.env.takePinnedIsn?.() ?? drawn;
	}

	/** connect(): CLOSED → SYN_SENT, SYN out (S5). */
	openActive(): void {
		this.initSend(this.chooseIss());
		this.setState('SYN_SENT', {code: 'connect-called'});
		this.sendSyn(false);
	}

	/** A SYN reached a listener: LISTEN → SYN_RCVD, SYN+ACK out (S6). */
	openPassive(syn: Segment, listenerPort: number): void {
		this.passive = true;
		this.listenerPort = listenerPort;
		this.state = 'LISTEN';
		this.initSend(this.chooseIss());
		this.acceptSyn(syn);
		this.setState('SYN_RCVD', {code: 'syn-received'});
		this.sendSyn(true);
	}

	/**
	 * A valid SYN-cookie ACK reached a listener: rebuild the connection the cookie encodes
	 * (no state was kept for the SYN). `iss` is the cookie, `mss` the MSS it encodes.
	 */
	openFromCookie(ackSeg: Segment, listenerPort: number, iss: number, mss: number): void {
		this.passive = true;
		this.listenerPort = listenerPort;
		this.state = 'LISTEN';
		this.initSend(iss);
		// Our (cookie) SYN+ACK is outstanding; the arriving ACK acknowledges it.
		this.sndNxt = this.sndMax = seqAdd(iss, 1);
		this.irs = seqAdd(ackSeg.seq, -1);
		this.rcvNxt = ackSeg.seq;
		this.rcvAdvEdge = this.rcvNxt;
		// The cookie SYN+ACK carried no window-scale, timestamp or SACK option: none of them is used.
		this.offerWscale = false;
		this.offerTs = false;
		this.offerSack = false;
		this.sndWscale = 0;
		this.rcvWscale = 0;
		this.setMss(mss);
		this.synchronizedOnce = true;
		this.setState('SYN_RCVD', {code: 'cookie-ack-received'});
	}

	private initSend(iss: number): void {
		this.iss = iss;
		this.sndUna = iss;
		this.sndNxt = iss;
		this.sndMax = iss;
		this.sendBufSeq = seqAdd(iss, 1);
		this.cc.recover = iss;
		const shift = this.config.wscaleShift;
		this.rcvWscale = !this.offerWscale ? 0 : shift === 'fit-buffer' ? wscaleFor(this.settings.rcvbuf) : Math.min(Math.max(Math.floor(shift), 0), MAX_WSCALE);
	}

	/**
	 * A SYN for this 4-tuple while it is in TIME_WAIT: does it belong to a newer incarnation
	 * (RFC 6191: a newer timestamp; RFC 1122 §4.2.2.13: a higher sequence number)?
	 */
	newerIncarnation(syn: Segment): boolean {
		const ts = syn.options.timestamps;
		if (this.tsOk && ts !== undefined) {
			if (seqLt(ts.tsval, this.tsRecent)) return false; // PAWS: an old duplicate
			if (seqGt(ts.tsval, this.tsRecent)) return true;
		}
		return seqGt(syn.seq, this.rcvNxt);
	}

	/** Take IRS and options from the peer's SYN. */
	private acceptSyn(syn: Segment): void {
		this.irs = syn.seq;
		this.rcvNxt = seqAdd(syn.seq, 1);
		this.rcvAdvEdge = this.rcvNxt;
		this.synchronizedOnce = true;
		this.setMss(Math.min(this.ourMss, syn.options.mss ?? DEFAULT_PEER_MSS));
		// RFC 7323 §2.2: scaling only when both SYNs carry the option.
		if (this.offerWscale && syn.options.wscale !== undefined) {
			this.sndWscale = Math.min(syn.options.wscale, MAX_WSCALE);
		} else {
			this.offerWscale = false;
			this.sndWscale = 0;
			this.rcvWscale = 0;
		}
		// The window field of a SYN is never scaled.
		this.setSndWnd(syn.window);
		this.sndWl1 = syn.seq;
		this.sndWl2 = syn.ack;
		const ts = syn.options.timestamps;
		if (this.offerTs && ts !== undefined) {
			this.tsOk = true;
			this.tsRecent = ts.tsval;
			this.tsRetransmitted = this.tsNow();
			// Every segment now carries 12 bytes of options: the data per segment shrinks (RFC 6691).
			this.setMss(this.mss - 12);
		} else {
			this.offerTs = false;
		}
		if (this.offerSack && syn.options.sackPermitted) this.sackOk = true;
		else this.offerSack = false;
	}

	/** Our timestamp clock: virtual milliseconds, offset per connection (RFC 7323 §5.4). */
	private tsNow(): number {
		return (Math.floor(this.now()) + this.iss) >>> 0;
	}

	private setMss(mss: number): void {
		this.mss = Math.max(1, mss);
		this.cc.setMss(this.mss);
	}

	private sendSyn(withAck: boolean, why: RetransmitCause = withAck ? 'synack' : 'syn'): void {
		const options: TcpOptions = {mss: this.ourMss};
		if (this.offerWscale) options.wscale = this.rcvWscale;
		if (this.offerSack) options.sackPermitted = true;
		// A SYN+ACK echoes the peer's timestamp; our own SYN has nothing to echo yet.
		if (this.offerTs) options.timestamps = {tsval: this.tsNow(), tsecr: withAck ? this.tsRecent : 0};
		const earlier = withAck ? this.synAcksSent++ : this.synsSent++;
		const mark = earlier > 0 ? resent(earlier, why) : undefined;
		this.emitSegment(this.iss, makeFlags(withAck, true), EMPTY, options, mark);
		if (seqLt(this.sndNxt, seqAdd(this.iss, 1))) this.sndNxt = seqAdd(this.iss, 1);
		if (seqLt(this.sndMax, this.sndNxt)) this.sndMax = this.sndNxt;
		this.synSentAt = this.retries === 0 ? this.now() : null;
		if (withAck) {
			this.retransmitTimer.cancel();
			this.synAckTimer.set(this.now() + this.rtt.rto);
		} else {
			this.retransmitTimer.set(this.now() + this.rtt.rto);
		}
	}

	// -----------------------------------------------------------------------------------------
	// The app's side

	/** write(): copy what fits into the send buffer and send what the windows allow. */
	write(bytes: Uint8Array, start = 0, end = bytes.length): number {
		const n = this.sendBuffer.push(bytes, start, end);
		if (n > 0) this.trySend();
		return n;
	}

	/** read(): take up to max in-order bytes; reopening the window may send an update. */
	read(max: number): Uint8Array {
		const data = this.recvBuffer.take(max);
		if (data.length > 0) this.maybeWindowUpdate();
		return data;
	}

	/** Bytes the app has not read yet (in order plus out of order). */
	get unread(): number {
		return this.recvBuffer.length + this.ooo.bytes;
	}

	/** close(): orderly release (FIN after the queued data), or RST if unread data would be lost. */
	close(): void {
		this.orphaned = true;
		if (this.recvBuffer.length > 0 && this.state !== 'CLOSED' && this.state !== 'SYN_SENT') {
			// Linux: closing with unread data tells the peer at once that it was not consumed.
			this.abort({code: 'close-with-unread-data'});
			return;
		}
		this.shutdownWrite('close()');
		if (this.state === 'FIN_WAIT_2') this.armFinWait2();
	}

	/** shutdown(SHUT_WR) / close(): queue a FIN (S14). */
	shutdownWrite(call: CloseCall = 'shutdown(SHUT_WR)'): void {
		switch (this.state) {
			case 'SYN_SENT':
				this.finish({code: 'closed-before-handshake', call});
				return;
			case 'SYN_RCVD':
				// Our SYN is not acknowledged yet, so a FIN cannot follow it in order: abort.
				this.abort({code: 'closed-during-handshake', call});
				return;
			case 'ESTABLISHED':
			case 'CLOSE_WAIT':
				// Active close (S10) or the passive side's answer to the peer's FIN.
				this.shutWr = true;
				this.finQueued = true;
				this.setState(this.state === 'ESTABLISHED' ? 'FIN_WAIT_1' : 'LAST_ACK', {code: 'fin-queued', call});
				this.trySend();
				return;
			default:
				this.shutWr = true;
		}
	}

	/** shutdown(SHUT_RD): discard what is buffered; later data is acknowledged and dropped. */
	shutdownRead(): void {
		this.shutRd = true;
		this.recvBuffer.clear();
		this.ooo.clear();
	}

	/** abort() / linger 0: RST (in synchronized states), buffers discarded, CLOSED. */
	abort(cause: StateCause = {code: 'abort-called'}): void {
		switch (this.state) {
			case 'SYN_RCVD':
			case 'ESTABLISHED':
			case 'FIN_WAIT_1':
			case 'FIN_WAIT_2':
			case 'CLOSE_WAIT':
				this.sendRst(this.sndMax, true);
				break;
			default:
				break;
		}
		this.sendBuffer.clear();
		this.recvBuffer.clear();
		this.ooo.clear();
		this.finish(cause);
	}

	/** setsockopt on a live connection. */
	applySettings(): void {
		this.sendBuffer.resize(this.settings.sndbuf);
		if (this.settings.rcvbuf !== this.recvBuffer.capacity) this.recvBuffer.resize(this.settings.rcvbuf);
		if (!this.settings.delayedAck && this.ackPending) this.sendAck();
		if (this.settings.keepalive && this.state === 'ESTABLISHED') this.armKeepalive();
		if (!this.settings.keepalive) this.keepaliveTimer.cancel();
		this.trySend();
	}

	// -----------------------------------------------------------------------------------------
	// Segment arrival (RFC 9293 §3.10.7)

	/** Process one segment for this connection. Returns null if it was used, else why it was dropped. */
	input(seg: Segment): SegmentDropReason | null {
		let reason: SegmentDropReason | null = null;
		if (this.state === 'ESTABLISHED' && fastPaths.headerPrediction && this.inputPredicted(seg)) {
			// Taken by the short path: used.
		} else if (this.state === 'SYN_SENT') reason = this.inputSynSent(seg);
		else if (this.state === 'CLOSED' || this.state === 'LISTEN') reason = 'closed';
		else reason = this.inputSynchronized(seg);
		this.flushAck();
		this.hooks.wake(this);
		return reason;
	}

	private inputSynSent(seg: Segment): SegmentDropReason | null {
		const f = seg.flags;
		// First: the ACK must acknowledge our SYN and nothing beyond it.
		if (f.ack && (seqLe(seg.ack, this.iss) || seqGt(seg.ack, this.sndNxt))) {
			if (!f.rst) this.sendRst(seg.ack, false);
			return 'bad-ack';
		}
		if (f.rst) {
			// Only an RST that acknowledges our SYN is believed (RFC 9293 / RFC 5961 §3).
			if (!f.ack) return 'rst-without-ack';
			this.error = 'ECONNREFUSED';
			this.finish({code: 'rst-no-listener'});
			return null;
		}
		if (!f.syn) return 'no-syn';
		this.acceptSyn(seg);
		if (f.ack) {
			this.sndUna = seg.ack;
			this.retransmitTimer.cancel();
			if (this.synSentAt !== null) this.rtt.sample(this.now() - this.synSentAt);
			this.retries = 0;
			this.setState('ESTABLISHED', {code: 'synack-received'});
			this.onEstablished();
			this.ackNow = true;
			// Data or FIN on the SYN+ACK is handled like any other (rare, but legal).
			this.processTextAndFin(seg, seqAdd(seg.seq, 1));
		} else {
			// Simultaneous open: both SYNs crossed.
			this.setState('SYN_RCVD', {code: 'simultaneous-open-syn'});
			this.sendSyn(true);
		}
		return null;
	}

	/**
	 * Header prediction (Van Jacobson; Linux tcp_rcv_established's fast path), in ESTABLISHED: a
	 * segment with only ACK (or ACK+PSH), at RCV.NXT, acknowledging something in [SND.UNA,
	 * SND.MAX], whose data fits the receive window and whose timestamp (if any) passes PAWS, passes
	 * every check of the general path: acceptability, RST, SYN, the ACK's range. Such a segment
	 * skips them and goes straight to what follows them, which is the general path's own code (the
	 * ACK, the window, SACK blocks, the data and its out-of-order queue), so the results are the
	 * same. False, with nothing changed, for any other segment: inputSynchronized takes it.
	 */
	private inputPredicted(seg: Segment): boolean {
		const f = seg.flags;
		if ((f !== RECEIVED_ACK && f !== RECEIVED_ACK_PSH) || seg.seq !== this.rcvNxt) return false;
		const ack = seg.ack;
		if (seqLt(ack, this.sndUna) || seqGt(ack, this.sndMax)) return false;
		const length = seg.payload.length;
		if (length > 0 && length > this.receiveWindow()) return false;
		const ts = this.tsOk ? seg.options.timestamps : undefined;
		if (ts !== undefined) {
			if (seqLt(ts.tsval, this.tsRecent)) return false;
			if (seqLe(seg.seq, this.lastAckSent)) this.tsRecent = ts.tsval;
		}
		this.acceptAck(seg, ack, seg.window << this.sndWscale);
		// What inputSynchronized does after the ACK (sending may have let a nested arrival close the connection).
		if (this.state === 'CLOSED' || this.state === 'TIME_WAIT') return true;
		// Without data or FIN, processTextAndFin changes nothing.
		if (length > 0) this.processTextAndFin(seg, seg.seq);
		if (this.keepaliveTimer.running) this.armKeepalive();
		return true;
	}

	/** `synAck`: the segment is the peer's SYN+ACK of a simultaneous open, its SYN taken off. */
	private inputSynchronized(seg: Segment, synAck = false): SegmentDropReason | null {
		const f = seg.flags;
		if (this.state === 'SYN_RCVD' && f.syn && !f.rst && seg.seq === this.irs) {
			// A retransmitted SYN while we are half-open means our SYN+ACK was lost: send it again.
			if (!f.ack) {
				this.sendSyn(true, 'dupsyn');
				return null;
			}
			// Simultaneous open: the peer's SYN+ACK repeats the SYN we already counted (RFC 9293
			// figure 8). Take the SYN bit off and treat the rest as the ACK it carries.
			// It is a duplicate SYN all the same, and a duplicate is ACKed (RFC 9293 §3.10.7.4; Linux too):
			// without that ACK the peer learns only from its own SYN+ACK's ACK that we are synchronized.
			const reason = this.inputSynchronized({...seg, seq: seqAdd(seg.seq, 1), flags: {...f, syn: false}}, true);
			if (reason === null && this.state !== 'SYN_RCVD') this.ackNow = true;
			return reason;
		}
		const segLen = seg.payload.length + (f.syn ? 1 : 0) + (f.fin ? 1 : 0);
		const ts = this.tsOk ? seg.options.timestamps : undefined;
		if (ts !== undefined && !f.rst && seqLt(ts.tsval, this.tsRecent)) {
			// PAWS (RFC 7323 §5): a timestamp older than the last one seen marks an old duplicate.
			this.ackNow = true;
			return 'paws';
		}

		// First: is the segment acceptable (the four cases of RFC 9293 §3.10.7.4)?
		if (!this.acceptable(seg.seq, segLen)) {
			if (this.state === 'TIME_WAIT' && f.fin && !f.rst && seqAdd(seg.seq, segLen) === this.rcvNxt) {
				// S18: the peer's FIN again, so our last ACK was lost. ACK it and restart 2×MSL.
				this.sendAck();
				this.startTimeWait({code: 'fin-again-last-ack-lost'});
				return null;
			}
			if (f.rst) return 'out-of-window';
			this.ackNow = true;
			return seqLe(seqAdd(seg.seq, segLen), this.rcvNxt) && segLen > 0 ? 'duplicate' : 'out-of-window';
		}

		if (ts !== undefined && seqLe(seg.seq, this.lastAckSent)) this.tsRecent = ts.tsval;

		// Second: RST.
		if (f.rst) {
			if (this.config.challengeAcks && seg.seq !== this.rcvNxt) {
				// RFC 5961 §3.2: in the window but not exact: ask the sender to prove itself.
				this.sendChallengeAck({code: 'challenge-ack-rst-in-window'});
				return 'rst-challenged';
			}
			this.onReset();
			return null;
		}

		// Fourth: SYN in a synchronized state (RFC 5961 §4), or a new SYN in a passive SYN_RCVD.
		if (f.syn) {
			if (this.state === 'SYN_RCVD' && this.passive) {
				this.finish({code: 'syn-while-half-open'});
				return null;
			}
			this.sendChallengeAck({code: 'challenge-ack-syn-established'});
			return 'syn-challenged';
		}

		// Fifth: ACK.
		if (!f.ack) return 'no-ack';
		if (this.state === 'SYN_RCVD') {
			if (!(seqLt(this.sndUna, seg.ack) && seqLe(seg.ack, this.sndNxt))) {
				this.sendRst(seg.ack, false);
				return 'bad-ack';
			}
			if (this.passive && !this.hooks.mayComplete(this)) {
				// Linux: with the accept queue full the handshake's last ACK is ignored; the
				// SYN+ACK timer will offer it again.
				return 'accept-queue-full';
			}
			this.setSndWnd(seg.window << this.sndWscale);
			this.sndWl1 = seg.seq;
			this.sndWl2 = seg.ack;
			this.synAckTimer.cancel();
			if (this.synSentAt !== null) this.rtt.sample(this.now() - this.synSentAt);
			this.retries = 0;
			this.sndUna = seg.ack;
			if (seqLt(this.sndNxt, this.sndUna)) this.sndNxt = this.sndUna;
			this.setState('ESTABLISHED', synAck ? {code: 'simultaneous-open-synack'} : {code: 'handshake-complete'});
			this.onEstablished();
		} else {
			const dropped = this.processAck(seg);
			if (dropped !== null) return dropped;
			if (this.state === 'CLOSED') return null;
		}

		if (this.state === 'TIME_WAIT') {
			if (f.fin) {
				this.sendAck();
				this.startTimeWait({code: 'fin-again'});
			}
			return null;
		}
		this.processTextAndFin(seg, seg.seq);
		if (this.keepaliveTimer.running) this.armKeepalive();
		return null;
	}

	/** RFC 9293 §3.10.7.4 acceptability: the four cases of length and window. */
	private acceptable(seqNo: number, segLen: number): boolean {
		const wnd = this.receiveWindow();
		if (segLen === 0) {
			if (wnd === 0) return seqNo === this.rcvNxt;
			return seqInRange(seqNo, this.rcvNxt, seqAdd(this.rcvNxt, wnd));
		}
		if (wnd === 0) return false;
		const end = seqAdd(this.rcvNxt, wnd);
		return seqInRange(seqNo, this.rcvNxt, end) || seqInRange(seqAdd(seqNo, segLen - 1), this.rcvNxt, end);
	}

	/** The window we accept data into: free receive-buffer space (never less than advertised). */
	private receiveWindow(): number {
		const free = this.shutRd ? this.settings.rcvbuf : this.recvBuffer.free;
		return Math.max(free, seqDiff(this.rcvAdvEdge, this.rcvNxt), 0);
	}

	/** A RST that passed the checks: what it means depends on the state. */
	private onReset(): void {
		switch (this.state) {
			case 'SYN_RCVD':
				if (this.passive) {
					this.finish({code: 'rst-half-open'});
				} else {
					this.error = 'ECONNREFUSED';
					this.finish({code: 'rst-refused'});
				}
				return;
			case 'ESTABLISHED':
			case 'FIN_WAIT_1':
			case 'FIN_WAIT_2':
			case 'CLOSE_WAIT':
				this.error = 'ECONNRESET';
				this.sendBuffer.clear();
				this.recvBuffer.clear();
				this.ooo.clear();
				this.finish({code: 'rst-reset'});
				return;
			default:
				this.finish({code: 'rst-received'});
		}
	}

	/** ACK processing for synchronized states. Returns a drop reason or null. */
	private processAck(seg: Segment): SegmentDropReason | null {
		const ack = seg.ack;
		const limit = this.probeEnd !== null && seqGt(this.probeEnd, this.sndMax) ? this.probeEnd : this.sndMax;
		if (seqGt(ack, limit)) {
			// Acknowledges something never sent: answer with an ACK, drop (RFC 9293).
			this.ackNow = true;
			return 'ack-of-unsent-data';
		}
		if (this.config.rejectTooOldAck && seqLt(ack, seqAdd(this.sndUna, -this.maxSndWnd))) {
			// RFC 5961 §5.2: an ACK this far behind is no peer's; its data may be a blind injection.
			this.sendChallengeAck({code: 'challenge-ack-ack-too-old'});
			return 'ack-too-old';
		}
		this.acceptAck(seg, ack, seg.window << this.sndWscale);
		return null;
	}

	/** An acceptable ACK (processAck's checks passed): SACK blocks, new or duplicate ACK, window, FIN acknowledged, and sending. */
	private acceptAck(seg: Segment, ack: number, window: number): void {
		if (this.sackOk && seg.options.sack) this.updateScoreboard(seg.options.sack);
		if (seqGt(ack, this.sndUna)) {
			this.onNewAck(ack, seg);
		} else if (ack === this.sndUna) {
			// RFC 5681 §2: a duplicate ACK carries no data, no SYN/FIN, the same window, and
			// arrives while data is outstanding.
			// (Outstanding means sent by SND.NXT: a zero-window probe byte does not count.)
			const dup = seg.payload.length === 0 && !seg.flags.fin && window === this.sndWnd && this.sndNxt !== this.sndUna;
			if (dup) this.onDupAck(ack);
		}
		// Window update (RFC 9293 §3.10.7.4, SND.WL1/SND.WL2 guard against old segments).
		if (seqLe(this.sndUna, ack) && (seqLt(this.sndWl1, seg.seq) || (this.sndWl1 === seg.seq && seqLe(this.sndWl2, ack)))) {
			const opened = this.sndWnd === 0 && window > 0;
			this.setSndWnd(window);
			this.sndWl1 = seg.seq;
			this.sndWl2 = ack;
			if (window > 0 && this.persistTimer.running) {
				this.persistTimer.cancel();
				this.persistBackoff = 0;
			}
			if (opened) this.note({code: 'peer-window-reopened', bytes: window});
		}
		const finAcked = this.finSeq !== null && seqGt(ack, this.finSeq);
		switch (this.state) {
			case 'FIN_WAIT_1':
				if (finAcked) {
					this.setState('FIN_WAIT_2', {code: 'fin-acked'});
					if (this.orphaned) this.armFinWait2();
				}
				break;
			case 'CLOSING':
				if (finAcked) this.enterTimeWait({code: 'fin-acked'});
				break;
			case 'LAST_ACK':
				if (finAcked) {
					// S20: the passive closer frees everything at once.
					this.finish({code: 'fin-acked-closed'});
					return;
				}
				break;
			default:
				break;
		}
		this.trySend();
	}

	private onNewAck(ack: number, seg: Segment): void {
		const acked = seqDiff(ack, this.sndUna);
		const tsecr = this.tsOk ? seg.options.timestamps?.tsecr : undefined;
		if (tsecr !== undefined && tsecr !== 0 && seqGe(tsecr, this.tsRetransmitted)) {
			// RFC 7323 RTTM: the echoed timestamp times this ACK. An echo older than our last
			// retransmission answers an earlier segment and would count the timeout in the RTT
			// (Karn's caution, kept with timestamps).
			this.rtt.sample(Math.max(0, seqDiff(this.tsNow(), tsecr)));
			this.rttSeq = null;
		} else if (this.rttSeq !== null && seqGe(ack, this.rttSeq)) {
			this.rtt.sample(this.now() - this.rttStart);
			this.rttSeq = null;
		}
		const dataAcked = Math.min(Math.max(seqDiff(ack, this.sendBufSeq), 0), this.sendBuffer.length);
		if (dataAcked > 0) {
			this.sendBuffer.consume(dataAcked);
			this.sendBufSeq = seqAdd(this.sendBufSeq, dataAcked);
		}
		this.sndUna = ack;
		if (seqLt(this.sndNxt, ack)) this.sndNxt = ack;
		if (seqLt(this.sndMax, ack)) this.sndMax = ack; // the peer kept a zero-window probe byte
		this.probeEnd = null;
		this.retries = 0;
		this.dupAcks = 0;
		if (this.resent.size > 0) for (const seq of this.resent.keys()) if (seqLt(seq, ack)) this.resent.delete(seq);
		if (this.sacked.length > 0) this.trimScoreboard();
		const flight = seqDiff(this.sndMax, this.sndUna);
		const action = this.cc.onNewAck(ack, acked, flight, this.now(), this.rtt.srtt);
		if (action === 'partial-ack') {
			// RFC 6582: a partial ACK shows the next hole; fill it at once (unless SACK did already).
			if (!(this.sackOk && seqGt(this.sackRetransmitted, ack))) {
				this.note({code: 'partial-ack', ack});
				this.rtxCause = 'fast';
				this.retransmitFirst();
			}
		} else if (action === 'full-ack') {
			this.note({code: 'full-ack', ack, cwnd: this.cc.cwnd});
		}
		if (this.sndUna === this.sndMax) this.retransmitTimer.cancel();
		else this.retransmitTimer.set(this.now() + this.rtt.rto);
	}

	private onDupAck(ack: number): void {
		this.dupAcks++;
		const flight = seqDiff(this.sndMax, this.sndUna);
		const action = this.cc.onDupAck(this.dupAcks, ack, flight, this.sndMax, this.now());
		if (action === 'fast-retransmit') {
			this.note({code: 'fast-retransmit', ack, ssthresh: this.cc.ssthresh, cwnd: this.cc.cwnd});
			this.rttSeq = null;
			this.sackRetransmitted = this.sndUna;
			this.rtxCause = 'fast';
			this.retransmitFirst();
			this.retransmitTimer.set(this.now() + this.rtt.rto);
		} else if (action === 'inflate' && this.sackOk) {
			this.retransmitNextHole();
		}
	}

	/** Seventh and eighth steps: segment text and FIN. `dataSeq` is the sequence of payload[0]. */
	private processTextAndFin(seg: Segment, dataSeq: number): void {
		let data = seg.payload;
		let fin = seg.flags.fin;
		let start = dataSeq;
		// Trim what we already have on the left…
		const behind = seqDiff(this.rcvNxt, start);
		if (behind > 0) {
			if (behind > data.length) {
				data = EMPTY;
				fin = false;
			} else {
				data = data.subarray(behind);
			}
			start = this.rcvNxt;
		}
		// …and what does not fit on the right.
		const room = seqDiff(seqAdd(this.rcvNxt, this.receiveWindow()), start);
		if (data.length > room) {
			data = data.subarray(0, Math.max(room, 0));
			fin = false;
		}
		const receiving = this.state === 'ESTABLISHED' || this.state === 'FIN_WAIT_1' || this.state === 'FIN_WAIT_2';
		if (data.length > 0 && receiving) {
			if (this.orphaned) {
				// Linux: new data for a socket the app has closed cannot be delivered; reset.
				this.abort({code: 'data-after-close'});
				return;
			}
			this.receiveData(start, data);
		}
		if (fin) {
			const finAt = seqAdd(start, data.length);
			if (finAt === this.rcvNxt) this.processFin();
			else if (receiving) this.oooFinSeq = finAt;
		}
	}

	private receiveData(start: number, data: Uint8Array): void {
		if (start !== this.rcvNxt) {
			// S3: out of order: hold it and send an immediate duplicate ACK for the hole.
			this.ooo.insert(start, data);
			this.lastOooSeq = start;
			this.ackNow = true;
			return;
		}
		const taken = this.recvBuffer.push(data);
		this.rcvNxt = seqAdd(this.rcvNxt, taken);
		let filledHole = false;
		if (this.ooo.count > 0) {
			this.rcvNxt = this.ooo.drain(this.rcvNxt, (bytes) => this.recvBuffer.push(bytes));
			filledHole = true;
		}
		if (this.shutRd) this.recvBuffer.clear();
		if (this.oooFinSeq !== null && this.oooFinSeq === this.rcvNxt) {
			this.processFin();
			return;
		}
		this.unackedBytes += taken;
		const quick = this.quickAcksLeft > 0;
		if (quick) this.quickAcksLeft--;
		if (!this.settings.delayedAck || quick || filledHole || this.ooo.count > 0 || this.unackedBytes >= 2 * this.ourMss) {
			this.ackNow = true;
		} else {
			this.ackPending = true;
			if (!this.delayedAckTimer.running) this.delayedAckTimer.set(this.now() + this.config.delayedAckTimeout);
		}
	}

	private processFin(): void {
		this.oooFinSeq = null;
		if (this.finReceived) {
			this.ackNow = true;
			return;
		}
		this.finReceived = true;
		this.rcvNxt = seqAdd(this.rcvNxt, 1);
		switch (this.state) {
			case 'SYN_RCVD':
			case 'ESTABLISHED':
				this.setState('CLOSE_WAIT', {code: 'fin-received'});
				this.sendAck();
				break;
			case 'FIN_WAIT_1':
				this.setState('CLOSING', {code: 'simultaneous-close'});
				this.sendAck();
				break;
			case 'FIN_WAIT_2':
				this.sendAck();
				this.enterTimeWait({code: 'fin-received-ack-sent'});
				break;
			default:
				this.ackNow = true;
		}
	}

	// -----------------------------------------------------------------------------------------
	// Output

	/** Send the ACK now if one is owed (data segments piggyback it: S8). */
	private flushAck(): void {
		if (this.state === 'CLOSED') return;
		if (this.ackNow) {
			this.trySend();
			if (this.ackNow) this.sendAck();
		}
	}

	/** Send new data (and the FIN) as far as the peer's window, cwnd, Nagle and SWS allow. */
	trySend(): void {
		switch (this.state) {
			case 'ESTABLISHED':
			case 'CLOSE_WAIT':
			case 'FIN_WAIT_1':
			case 'CLOSING':
			case 'LAST_ACK':
				break;
			default:
				return;
		}
		for (;;) {
			const dataEnd = seqAdd(this.sendBufSeq, this.sendBuffer.length);
			const unsent = Math.max(0, seqDiff(dataEnd, this.sndNxt));
			const inFlight = seqDiff(this.sndNxt, this.sndUna);
			if (unsent > 0) {
				const usable = Math.min(this.sndWnd, this.cc.cwnd) - inFlight;
				const len = Math.min(unsent, this.mss, usable);
				if (len <= 0) break;
				if (len < this.mss && len < unsent && inFlight > 0) break; // sender SWS avoidance
				if (len < this.mss && this.settings.nagle && inFlight > 0) break; // Nagle (RFC 896)
				const fin = this.finQueued && len === unsent;
				this.sendData(this.sndNxt, len, fin, len === unsent);
				continue;
			}
			if (this.finQueued && this.sndNxt === dataEnd) {
				this.sendData(this.sndNxt, 0, true, false);
				continue;
			}
			break;
		}
		const unsentNow = seqDiff(seqAdd(this.sendBufSeq, this.sendBuffer.length), this.sndNxt);
		if (unsentNow > 0 && this.sndWnd === 0 && this.sndNxt === this.sndUna && !this.persistTimer.running) {
			this.persistTimer.set(this.now() + this.persistTimeout());
		}
	}

	/** Send `len` bytes of the send buffer starting at sequence `at` (plus FIN). */
	private sendData(at: number, len: number, fin: boolean, push: boolean): void {
		const offset = seqDiff(at, this.sendBufSeq);
		const payload = len > 0 ? this.sendBuffer.peek(offset, len) : EMPTY;
		const end = seqAdd(at, len + (fin ? 1 : 0));
		const isNew = seqGe(at, this.sndMax);
		if (fin) this.finSeq = seqAdd(at, len);
		let mark: SegmentMark | undefined;
		if (!isNew) {
			const count = (this.resent.get(at) ?? 0) + 1;
			this.resent.set(at, count);
			mark = resent(count, this.rtxCause);
		}
		this.emitSegment(at, makeFlags(true, false, fin, false, push && len > 0), payload, NO_OPTIONS, mark);
		if (seqGt(end, this.sndNxt)) this.sndNxt = end;
		if (seqGt(end, this.sndMax)) this.sndMax = end;
		if (isNew) {
			if (this.rttSeq === null) {
				this.rttSeq = end;
				this.rttStart = this.now();
			}
		} else {
			this.retransmissions++;
			if (this.tsOk) this.tsRetransmitted = this.tsNow();
		}
		if (!this.retransmitTimer.running) this.retransmitTimer.set(this.now() + this.rtt.rto);
	}

	/** Retransmit the earliest unacknowledged segment (RTO, fast retransmit, partial ACK). */
	private retransmitFirst(): void {
		const offset = seqDiff(this.sndUna, this.sendBufSeq);
		const available = Math.max(0, this.sendBuffer.length - offset);
		let len = Math.min(this.mss, available);
		// With SACK, resend only the hole: the peer holds what follows it.
		if (this.sacked.length > 0 && seqLt(this.sndUna, this.sacked[0]![0])) len = Math.min(len, seqDiff(this.sacked[0]![0], this.sndUna));
		const fin = this.finSeq !== null && len === available && seqGe(this.finSeq, this.sndUna);
		if (len === 0 && !fin) return;
		this.rttSeq = null;
		this.sendData(this.sndUna, len, fin, len === available);
		const end = seqAdd(this.sndUna, len);
		if (seqGt(end, this.sackRetransmitted)) this.sackRetransmitted = end;
	}

	sendAck(note?: SegmentNote): void {
		// SND.MAX, not SND.NXT: after an RTO rewinds SND.NXT the peer may already hold bytes up
		// to SND.MAX, and an ACK numbered below its RCV.NXT would be unacceptable to it.
		this.emitSegment(this.sndMax, makeFlags(true), EMPTY, NO_OPTIONS, note ? {note} : undefined);
	}

	private sendChallengeAck(why: NoteMessage): void {
		const limit = this.config.challengeAckLimit;
		if (limit !== null) {
			// RFC 5961 §7: a per-connection interval (Linux tcp_invalid_ratelimit), then a host-wide budget.
			const now = this.now();
			if (this.lastChallengeAckAt !== null && now - this.lastChallengeAckAt < limit.perConnectionMs) {
				this.note({code: 'challenge-ack-limited-per-connection', ms: limit.perConnectionMs});
				return;
			}
			if (!this.hooks.takeGlobalChallengeAck()) {
				this.note({code: 'challenge-ack-limited-per-host', perSecond: limit.globalPerSecond});
				return;
			}
			this.lastChallengeAckAt = now;
		}
		this.note(why);
		this.sendAck('challenge-ack');
	}

	private setSndWnd(window: number): void {
		this.sndWnd = window;
		if (window > this.maxSndWnd) this.maxSndWnd = window;
	}

	/** RST with our sequence number; `withAck` adds ACK = RCV.NXT (as Linux does). */
	private sendRst(seqNo: number, withAck: boolean): void {
		this.emitSegment(seqNo, makeFlags(withAck, false, false, true), EMPTY, NO_OPTIONS);
	}

	private emitSegment(seqNo: number, flags: TcpFlags, payload: Uint8Array, options: TcpOptions, mark?: SegmentMark): void {
		const seg: Segment = {
			src: this.local.addr,
			dst: this.remote.addr,
			srcPort: this.local.port,
			dstPort: this.remote.port,
			seq: seqNo,
			ack: flags.ack ? this.rcvNxt : 0,
			flags,
			window: flags.rst ? 0 : this.windowField(flags.syn),
			urgent: 0,
			options: this.segmentOptions(flags, options),
			payload,
		};
		if (flags.ack) {
			this.lastAckSent = this.rcvNxt;
			this.ackNow = false;
			this.ackPending = false;
			this.unackedBytes = 0;
			if (this.delayedAckTimer.running) this.delayedAckTimer.cancel();
		}
		// A closed window is worth a mark whatever else the segment is.
		if (seg.window === 0 && !flags.rst && mark?.note === undefined) mark = {...mark, note: 'zero-window'};
		this.hooks.output(seg, mark);
	}

	/** Options on a non-SYN segment: our timestamp (RFC 7323) and SACK blocks (RFC 2018). */
	private segmentOptions(flags: TcpFlags, options: TcpOptions): TcpOptions {
		if (flags.syn || flags.rst) return options;
		const sack = this.sackOk && flags.ack && this.ooo.count > 0;
		if (!this.tsOk && !sack) return options;
		const out: TcpOptions = {};
		if (this.tsOk) out.timestamps = {tsval: this.tsNow(), tsecr: this.tsRecent};
		if (sack) out.sack = this.sackBlocks(this.tsOk ? 3 : 4);
		return out;
	}

	/** What we hold beyond a hole, as SACK blocks: the block with the latest arrival first. */
	private sackBlocks(max: number): Array<[number, number]> {
		const blocks: Array<[number, number]> = [];
		for (const [left, right] of this.ooo.ranges()) {
			const last = blocks[blocks.length - 1];
			if (last && last[1] === left) last[1] = right;
			else blocks.push([left, right]);
		}
		const recent = this.lastOooSeq;
		const first = recent === null ? -1 : blocks.findIndex(([l, r]) => seqLe(l, recent) && seqLt(recent, r));
		if (first > 0) blocks.unshift(...blocks.splice(first, 1));
		return blocks.slice(0, max);
	}

	/** Record the peer's SACK blocks (only those inside SND.UNA..SND.MAX can be true). */
	private updateScoreboard(blocks: Array<[number, number]>): void {
		for (const [left, right] of blocks) {
			if (!seqLt(left, right) || seqLe(right, this.sndUna) || seqGt(right, this.sndMax)) continue;
			const l = seqLt(left, this.sndUna) ? this.sndUna : left;
			const merged: Array<[number, number]> = [];
			let block: [number, number] = [l, right];
			let placed = false;
			for (const b of this.sacked) {
				if (seqLt(b[1], block[0])) {
					merged.push(b);
				} else if (seqLt(block[1], b[0])) {
					if (!placed) merged.push(block);
					placed = true;
					merged.push(b);
				} else {
					block = [seqLt(b[0], block[0]) ? b[0] : block[0], seqGt(b[1], block[1]) ? b[1] : block[1]];
				}
			}
			if (!placed) merged.push(block);
			this.sacked = merged;
		}
	}

	/** Forget scoreboard entries the cumulative ACK has passed. */
	private trimScoreboard(): void {
		while (this.sacked.length > 0 && seqLe(this.sacked[0]![1], this.sndUna)) this.sacked.shift();
		if (this.sacked.length > 0 && seqLt(this.sacked[0]![0], this.sndUna)) this.sacked[0]![0] = this.sndUna;
	}

	/**
	 * SACK loss recovery: retransmit the next hole below the highest SACKed byte that has not been
	 * retransmitted in this recovery (one per duplicate ACK: each one means a segment left the network).
	 */
	private retransmitNextHole(): void {
		if (this.sacked.length === 0) return;
		let cursor = seqGt(this.sackRetransmitted, this.sndUna) ? this.sackRetransmitted : this.sndUna;
		for (const [left, right] of this.sacked) {
			if (seqLt(cursor, left)) {
				const len = Math.min(this.mss, seqDiff(left, cursor));
				this.note({code: 'sack-retransmit', seq: cursor, bytes: len});
				this.rttSeq = null;
				this.rtxCause = 'sack';
				this.sendData(cursor, len, false, false);
				this.sackRetransmitted = seqAdd(cursor, len);
				return;
			}
			if (seqLt(cursor, right)) cursor = right;
		}
	}

	/** The window field to send, remembering the right edge it advertises. */
	private windowField(syn: boolean): number {
		const free = this.shutRd ? this.settings.rcvbuf : this.recvBuffer.free;
		if (syn) {
			const field = Math.min(free, 0xffff);
			if (this.synchronizedOnce) this.rcvAdvEdge = seqAdd(this.rcvNxt, field);
			return field;
		}
		const current = Math.max(0, seqDiff(this.rcvAdvEdge, this.rcvNxt));
		let wnd = free;
		// Receiver SWS avoidance (RFC 9293 §3.8.6.2.2): only move the right edge by a worthwhile amount.
		if (wnd > current && wnd - current < Math.min(this.settings.rcvbuf / 2, this.ourMss)) wnd = current;
		const field = Math.min(wnd >> this.rcvWscale, 0xffff);
		const advertised = field << this.rcvWscale;
		if (seqGt(seqAdd(this.rcvNxt, advertised), this.rcvAdvEdge) || current === 0) {
			this.rcvAdvEdge = seqAdd(this.rcvNxt, advertised);
		}
		return field;
	}

	/** After read(): tell a stalled sender the window reopened, if it grew substantially. */
	private maybeWindowUpdate(): void {
		if (this.state !== 'ESTABLISHED' && this.state !== 'FIN_WAIT_1' && this.state !== 'FIN_WAIT_2') return;
		const current = Math.max(0, seqDiff(this.rcvAdvEdge, this.rcvNxt));
		const free = this.recvBuffer.free;
		const threshold = Math.min(this.settings.rcvbuf / 2, this.ourMss);
		if (free - current >= threshold && free >= 2 * current) {
			this.sendAck('window-update');
			if (current === 0) this.note({code: 'window-update', bytes: free});
		}
	}

	// -----------------------------------------------------------------------------------------
	// Timers

	private onRetransmitTimeout(): void {
		this.retries++;
		if (this.state === 'SYN_SENT') {
			if (this.retries > this.config.synRetries) {
				this.error = 'ETIMEDOUT';
				this.finish({code: 'syn-retries-exhausted', syns: this.config.synRetries + 1});
			} else {
				this.rtt.backoff();
				this.note({code: 'syn-retransmit', n: this.retries, max: this.config.synRetries, rto: Math.round(this.rtt.rto)});
				this.retransmissions++;
				this.sendSyn(false);
			}
			this.hooks.wake(this);
			return;
		}
		if (this.retries > this.config.maxRetries) {
			// Give up without a RST (the peer is unreachable anyway).
			this.error = 'ETIMEDOUT';
			this.sendBuffer.clear();
			this.finish({code: 'retries-exhausted', retries: this.config.maxRetries});
			this.hooks.wake(this);
			return;
		}
		const flight = seqDiff(this.sndMax, this.sndUna);
		this.cc.onRto(flight, this.retries === 1, this.sndMax, this.now());
		this.rtt.backoff();
		this.dupAcks = 0;
		this.rttSeq = null;
		// RFC 2018 §8: after a timeout the SACK information is not trusted (the peer may renege).
		this.sacked = [];
		this.note({code: 'retransmission-timeout', n: this.retries, max: this.config.maxRetries, ssthresh: this.cc.ssthresh, cwnd: this.cc.cwnd, rto: Math.round(this.rtt.rto)});
		// Go back N: resend from SND.UNA, slow start does the rest.
		this.sndNxt = this.sndUna;
		this.rtxCause = 'rto';
		this.retransmitFirst();
		this.retransmitTimer.set(this.now() + this.rtt.rto);
		this.hooks.wake(this);
	}

	private onSynAckTimeout(): void {
		this.retries++;
		if (this.retries > this.config.synAckRetries) {
			if (this.passive) {
				this.finish({code: 'synack-retries-exhausted', synAcks: this.config.synAckRetries + 1});
			} else {
				this.error = 'ETIMEDOUT';
				this.finish({code: 'synack-unanswered-connect-fails'});
			}
		} else {
			this.rtt.backoff();
			this.retransmissions++;
			this.sendSyn(true);
		}
		this.hooks.wake(this);
	}

	private persistTimeout(): number {
		return Math.min(this.rtt.rto * 2 ** this.persistBackoff, this.config.maxRto);
	}

	private onPersistTimeout(): void {
		const unsent = seqDiff(seqAdd(this.sendBufSeq, this.sendBuffer.length), this.sndNxt);
		if (this.sndWnd > 0 || unsent <= 0) {
			this.trySend();
			return;
		}
		if (this.config.zeroWindowProbe === 'snd-una-minus-1') {
			// Linux: an old sequence number with no data, which the peer must answer with an ACK
			// carrying its current window (like a keepalive probe).
			this.note({code: 'zero-window-probe-ack'});
			this.emitSegment(seqAdd(this.sndUna, -1), makeFlags(true), EMPTY, NO_OPTIONS);
			this.persistBackoff = Math.min(this.persistBackoff + 1, 16);
			this.persistTimer.set(this.now() + this.persistTimeout());
			return;
		}
		// Zero-window probe: one byte beyond the window. If the window has opened the peer keeps
		// it; either way its ACK carries the current window.
		const offset = seqDiff(this.sndNxt, this.sendBufSeq);
		const probe = this.sendBuffer.peek(offset, 1);
		this.note({code: 'zero-window-probe-byte'});
		// The same byte again while the window stays shut: persistBackoff counts the probes so far.
		const mark: SegmentMark = this.persistBackoff > 0 ? resent(this.persistBackoff, 'probe', 'window-probe') : {note: 'window-probe'};
		this.emitSegment(this.sndNxt, makeFlags(true), probe, NO_OPTIONS, mark);
		// The probe byte is not counted as sent (SND.MAX): the peer will most likely drop it.
		this.probeEnd = seqAdd(this.sndNxt, 1);
		this.persistBackoff = Math.min(this.persistBackoff + 1, 16);
		this.persistTimer.set(this.now() + this.persistTimeout());
	}

	private onDelayedAckTimeout(): void {
		if (this.ackPending && this.state !== 'CLOSED') this.sendAck();
	}

	private armKeepalive(): void {
		this.keepaliveProbes = 0;
		this.keepaliveTimer.set(this.now() + this.config.keepaliveIdle);
	}

	private onKeepaliveTimeout(): void {
		if (this.state !== 'ESTABLISHED' && this.state !== 'CLOSE_WAIT') return;
		if (this.keepaliveProbes >= this.config.keepaliveProbes) {
			this.error = 'ETIMEDOUT';
			this.finish({code: 'keepalive-exhausted', probes: this.keepaliveProbes});
			this.hooks.wake(this);
			return;
		}
		this.keepaliveProbes++;
		this.note({code: 'keepalive-probe', n: this.keepaliveProbes, max: this.config.keepaliveProbes});
		// SEG.SEQ = SND.UNA-1 forces the peer to answer with an ACK (RFC 1122 §4.2.3.6).
		this.emitSegment(seqAdd(this.sndUna, -1), makeFlags(true), EMPTY, NO_OPTIONS, resent(this.keepaliveProbes, 'keepalive'));
		this.keepaliveTimer.set(this.now() + this.config.keepaliveInterval);
	}

	private armFinWait2(): void {
		const timeout = this.config.finWait2Timeout;
		if (timeout !== null && !this.finWait2Timer.running) this.finWait2Timer.set(this.now() + timeout);
	}

	private onFinWait2Timeout(): void {
		if (this.state !== 'FIN_WAIT_2') return;
		// Linux: nobody can read any more and the peer may never send its FIN; forget it silently.
		this.finish({code: 'fin-wait-2-timeout', seconds: Math.round((this.config.finWait2Timeout ?? 0) / 1000)});
	}

	private onTimeWaitTimeout(): void {
		this.timeWaitUntil = null;
		this.finish({code: 'time-wait-expired'});
	}

	// -----------------------------------------------------------------------------------------
	// State changes

	private onEstablished(): void {
		this.established = true;
		if (this.settings.keepalive) this.armKeepalive();
		this.trySend();
	}

	private enterTimeWait(cause: StateCause): void {
		this.retransmitTimer.cancel();
		this.persistTimer.cancel();
		this.keepaliveTimer.cancel();
		this.delayedAckTimer.cancel();
		this.finWait2Timer.cancel();
		this.setState('TIME_WAIT', cause);
		this.startTimeWait(null);
	}

	private startTimeWait(note: NoteMessage | null): void {
		const duration = 2 * this.config.msl;
		if (this.config.skipTimeWait || duration <= 0) {
			this.timeWaitUntil = null;
			this.finish(this.config.skipTimeWait ? {code: 'time-wait-skipped'} : {code: 'time-wait-zero'});
			return;
		}
		if (note !== null) this.note(note);
		this.timeWaitUntil = this.now() + duration;
		this.timeWaitTimer.cancel();
		this.timeWaitTimer.set(this.timeWaitUntil);
	}

	/** Any path to CLOSED: timers stop, the host forgets the connection. */
	private finish(cause: StateCause): void {
		this.retransmitTimer.cancel();
		this.synAckTimer.cancel();
		this.persistTimer.cancel();
		this.delayedAckTimer.cancel();
		this.keepaliveTimer.cancel();
		this.timeWaitTimer.cancel();
		this.finWait2Timer.cancel();
		this.timeWaitUntil = null;
		this.ackNow = false;
		this.ackPending = false;
		this.setState('CLOSED', cause);
	}

	/** The host removes a TIME_WAIT connection whose 4-tuple a new SYN reuses. */
	terminate(cause: StateCause): void {
		this.finish(cause);
	}

	private setState(to: TcpState, cause: StateCause): void {
		const from = this.state;
		if (from === to) return;
		this.state = to;
		this.hooks.stateChanged(this, from, to, cause);
	}

	private note(why: NoteMessage): void {
		this.env.emit({kind: 'note', host: this.env.name, conn: this.id, why});
	}

	// -----------------------------------------------------------------------------------------
	// Views

	snapshot(): ConnectionSnapshot {
		const synced = this.synchronizedOnce;
		const started = this.state !== 'CLOSED' || this.established || synced;
		const timers: TimerSnapshot[] = [];
		for (const t of [this.retransmitTimer, this.synAckTimer, this.persistTimer, this.delayedAckTimer, this.keepaliveTimer, this.timeWaitTimer, this.finWait2Timer]) {
			if (t.deadline !== null) timers.push({name: t.name, at: t.deadline});
		}
		return {
			state: this.state,
			local: {...this.local},
			remote: {...this.remote},
			iss: started ? this.iss : null,
			irs: synced ? this.irs : null,
			sndUna: started ? this.sndUna : null,
			sndNxt: started ? this.sndNxt : null,
			sndWnd: this.sndWnd,
			rcvNxt: synced ? this.rcvNxt : null,
			rcvWnd: synced ? Math.max(0, seqDiff(this.rcvAdvEdge, this.rcvNxt)) : this.recvBuffer.free,
			cwnd: this.cc.cwnd,
			ssthresh: this.cc.ssthresh,
			rto: this.rtt.rto,
			srtt: this.rtt.srtt,
			rttvar: this.rtt.rttvar,
			timers,
			timeWaitUntil: this.timeWaitUntil,
			sendBuffer: {used: this.sendBuffer.length, size: this.sendBuffer.capacity},
			recvBuffer: {used: this.recvBuffer.length, size: this.recvBuffer.capacity},
			outOfOrder: this.ooo.bytes,
			retransmissions: this.retransmissions,
			dupAcks: this.dupAcks,
			inFastRecovery: this.cc.inRecovery,
			sndWscale: this.sndWscale,
			rcvWscale: this.rcvWscale,
			finReceived: this.finReceived,
			shutRd: this.shutRd,
			shutWr: this.shutWr,
		};
	}
}
