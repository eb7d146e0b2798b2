// Types shared by every layer: the stack, the link, the simulation and the UI.
// The UI and the scenario runner only ever see these (events and snapshots).

export type TcpState =
	| 'CLOSED'
	| 'LISTEN'
	| 'SYN_SENT'
	| 'SYN_RCVD'
	| 'ESTABLISHED'
	| 'FIN_WAIT_1'
	| 'FIN_WAIT_2'
	| 'CLOSE_WAIT'
	| 'CLOSING'
	| 'LAST_ACK'
	| 'TIME_WAIT';

export const TCP_STATES: readonly TcpState[] = [
	'CLOSED', 'LISTEN', 'SYN_SENT', 'SYN_RCVD', 'ESTABLISHED', 'FIN_WAIT_1',
	'FIN_WAIT_2', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT',
];

/** POSIX error names a socket call can fail with. */
export type Errno =
	| 'ECONNREFUSED'
	| 'ECONNRESET'
	| 'ECONNABORTED'
	| 'ETIMEDOUT'
	| 'EPIPE'
	| 'ENOTCONN'
	| 'EISCONN'
	| 'EALREADY'
	| 'EINPROGRESS'
	| 'EADDRINUSE'
	| 'EADDRNOTAVAIL'
	| 'EINVAL'
	| 'EBADF'
	| 'EOPNOTSUPP'
	| 'EAGAIN'
	| 'ENETUNREACH';

export interface TcpFlags {
	fin: boolean;
	syn: boolean;
	rst: boolean;
	psh: boolean;
	ack: boolean;
	urg: boolean;
	ece: boolean;
	cwr: boolean;
}

export interface TcpOptions {
	mss?: number;
	/** Window-scale shift count (RFC 7323). */
	wscale?: number;
	sackPermitted?: boolean;
	timestamps?: {tsval: number; tsecr: number};
	/** SACK blocks as [left, right) pairs. */
	sack?: Array<[number, number]>;
	/** Options we do not understand, kept so they can be shown and re-encoded. */
	unknown?: Array<{kind: number; data: Uint8Array}>;
}

/** A decoded IPv4+TCP segment. Addresses are dotted quads. */
export interface Segment {
	src: string;
	dst: string;
	srcPort: number;
	dstPort: number;
	seq: number;
	ack: number;
	flags: TcpFlags;
	/** The raw 16-bit window field (unscaled). */
	window: number;
	urgent: number;
	options: TcpOptions;
	payload: Uint8Array;
	/** IPv4 fields; defaults are used when encoding if absent. */
	ttl?: number;
	ipId?: number;
}

export type DecodeError =
	| 'truncated-ip-header'
	| 'not-ipv4'
	| 'bad-ip-header-length'
	| 'bad-ip-total-length'
	| 'bad-ip-checksum'
	| 'not-tcp'
	| 'fragmented'
	| 'truncated-tcp-header'
	| 'bad-data-offset'
	| 'bad-tcp-checksum'
	| 'bad-option';

export type DecodeResult =
	| {ok: true; segment: Segment}
	| {ok: false; reason: DecodeError};

/** Short flag label as drawn in the ladder and the JSON: "SYN,ACK", "FIN,ACK", "ACK", "RST". */
export function flagLabel(flags: TcpFlags): string {
	const out: string[] = [];
	if (flags.syn) out.push('SYN');
	if (flags.fin) out.push('FIN');
	if (flags.rst) out.push('RST');
	if (flags.psh) out.push('PSH');
	if (flags.ack) out.push('ACK');
	if (flags.urg) out.push('URG');
	if (flags.ece) out.push('ECE');
	if (flags.cwr) out.push('CWR');
	return out.join(',');
}

export function noFlags(): TcpFlags {
	return {fin: false, syn: false, rst: false, psh: false, ack: false, urg: false, ece: false, cwr: false};
}

export type HostName = 'client' | 'server' | string;

export type CallName =
	| 'socket'
	| 'bind'
	| 'listen'
	| 'accept'
	| 'connect'
	| 'write'
	| 'read'
	| 'shutdown'
	| 'close'
	| 'abort'
	| 'setsockopt'
	| 'kill';

export type ShutdownHow = 'rd' | 'wr' | 'rdwr';

/**
 * A call's arguments: text that reads the same in every language (`10.0.0.2:80`, `"hello"`, `8`),
 * or a count of bytes (a write of generated data), which views write in the viewer's language.
 */
export type CallArgs = string | {readonly bytes: number};

/**
 * One socket call. The host mutates it when a blocked call completes, and emits a
 * `call` event on every change, so a view can keep the object or the events.
 */
export interface Call {
	readonly id: number;
	readonly host: HostName;
	readonly call: CallName;
	/** The fd the call acts on (null for socket()). */
	readonly fd: number | null;
	readonly args: CallArgs;
	status: 'blocked' | 'returned' | 'failed';
	/** Return value: new fd for socket/accept, byte count for read/write, 0 otherwise. */
	result?: number;
	/**
	 * Bytes returned by read(). They may be the very bytes of the packet they arrived in (a read
	 * that takes one whole payload is not copied), so they are never changed and must not be written to.
	 */
	data?: Uint8Array;
	errno?: Errno;
	/** Virtual time the call was issued and (if settled) settled. */
	issuedAt: number;
	settledAt?: number;
}

export type SocketOption =
	| 'nodelay'
	| 'linger0'
	| 'reuseaddr'
	| 'sndbuf'
	| 'rcvbuf'
	| 'delayedAck'
	| 'keepalive'
	| 'synCookies';

/** Tunables of one host's stack. All times in virtual milliseconds. */
export interface StackConfig {
	/** Maximum segment lifetime; TIME_WAIT lasts 2×MSL (S17). */
	msl: number;
	/** Sender MSS we advertise and use. */
	mss: number;
	initialRto: number;
	minRto: number;
	maxRto: number;
	/** Retransmissions of a data/FIN segment before ETIMEDOUT. */
	maxRetries: number;
	/** Retransmissions of a SYN before connect() fails with ETIMEDOUT. */
	synRetries: number;
	/** Retransmissions of a SYN+ACK before the half-open entry is dropped. */
	synAckRetries: number;
	delayedAck: boolean;
	delayedAckTimeout: number;
	nagle: boolean;
	keepalive: boolean;
	keepaliveIdle: number;
	keepaliveInterval: number;
	keepaliveProbes: number;
	sndbuf: number;
	rcvbuf: number;
	windowScaling: boolean;
	timestamps: boolean;
	sack: boolean;
	synCookies: boolean;
	/** Accept a new connection on a 4-tuple still in TIME_WAIT (S19 demo). */
	reuseaddr: boolean;
	/** Upper bound of the SYN (half-open) queue of each listener. */
	synBacklog: number;
	/** RFC 5961 challenge ACKs. */
	challengeAcks: boolean;
	/** Go from TIME_WAIT straight to CLOSED, freeing the 4-tuple at once (S19 demo: the hazard). */
	skipTimeWait: boolean;

	// The settings below are where the `textbook` and `linux` profiles differ (profiles.ts;
	// docs/stack.md has the table). minRto, maxRto, synRetries, delayedAck, timestamps and sack above too.

	/** Congestion controller: NewReno (RFC 5681/6582) or CUBIC (RFC 9438). */
	congestionControl: CongestionControlName;
	/** Initial congestion window: RFC 5681 §3.1 (3 segments of 1460) or RFC 6928 (10 segments). */
	initialWindow: 'rfc5681' | 'rfc6928';
	/** Window-scale shift offered in a SYN: the smallest that fits the receive buffer, or a fixed one (Linux: 7). */
	wscaleShift: 'fit-buffer' | number;
	/** RFC 5961 §7 challenge-ACK rate limit: at most one per `perConnectionMs` per connection and `globalPerSecond` per host; null: no limit. */
	challengeAckLimit: {perConnectionMs: number; globalPerSecond: number} | null;
	/** A malformed TCP option: drop the whole segment, or ignore the option and process the segment (Linux). */
	malformedOptions: 'drop-segment' | 'ignore-option';
	/** A SYN+FIN reaching a listener: answered as the SYN it carries (RFC 9293 ignores FIN in LISTEN), or dropped (Linux). */
	synFinToListener: 'answer-syn' | 'drop';
	/** A SYN for a 4-tuple in TIME_WAIT: challenge ACK (RFC 9293/5961; SO_REUSEADDR aside), or a new connection when its sequence number is higher or its timestamp newer (RFC 1122 §4.2.2.13, RFC 6191; Linux). */
	timeWaitSyn: 'challenge-ack' | 'reopen-if-newer';
	/** RFC 5961 §5.2: an ACK below SND.UNA − MAX.SND.WND is answered with an ACK and the segment dropped. */
	rejectTooOldAck: boolean;
	/** Zero-window probe: one new byte beyond the window (RFC 9293 §3.8.6.1), or a pure ACK with SEQ = SND.UNA − 1 (Linux). */
	zeroWindowProbe: 'new-byte' | 'snd-una-minus-1';
	/** An orphaned connection (closed by the app) in FIN_WAIT_2 is dropped after this many ms (Linux tcp_fin_timeout); null: never. */
	finWait2Timeout: number | null;
	/** Delayed ACK: the first this many data segments of a connection are ACKed at once (Linux quick-ack mode); 0: none. */
	quickAckSegments: number;
}

/** The congestion controllers a host can run. */
export type CongestionControlName = 'newreno' | 'cubic';

/** The `textbook` profile: what the course notes describe (profiles.ts has `linux`). */
export const DEFAULT_STACK_CONFIG: StackConfig = {
	msl: 30_000,
	mss: 1460,
	initialRto: 1000,
	// RFC 6298 §2.4: RTO SHOULD be rounded up to 1 s; §2.5: a maximum of at least 60 s.
	minRto: 1000,
	maxRto: 60_000,
	maxRetries: 8,
	// RFC 1122 §4.2.3.5: a SYN MUST be retried for at least 3 minutes: 8 SYNs, given up at 183 s.
	synRetries: 7,
	synAckRetries: 5,
	delayedAck: false,
	delayedAckTimeout: 40,
	nagle: false,
	keepalive: false,
	keepaliveIdle: 7_200_000,
	keepaliveInterval: 75_000,
	keepaliveProbes: 9,
	sndbuf: 65_536,
	rcvbuf: 65_536,
	windowScaling: true,
	timestamps: false,
	sack: false,
	synCookies: false,
	reuseaddr: false,
	synBacklog: 16,
	challengeAcks: true,
	skipTimeWait: false,
	congestionControl: 'newreno',
	initialWindow: 'rfc5681',
	wscaleShift: 'fit-buffer',
	challengeAckLimit: null,
	malformedOptions: 'drop-segment',
	synFinToListener: 'answer-syn',
	timeWaitSyn: 'challenge-ack',
	rejectTooOldAck: false,
	zeroWindowProbe: 'new-byte',
	finWait2Timeout: null,
	quickAckSegments: 0,
};

export type TimerName = 'retransmit' | 'persist' | 'delayed-ack' | 'keepalive' | 'time-wait' | 'syn-ack' | 'fin-wait-2';

export interface TimerSnapshot {
	name: TimerName;
	/** Virtual time it fires at. */
	at: number;
}

/** Everything the TCB table in a pane shows about one connection. */
export interface ConnectionSnapshot {
	state: TcpState;
	local: {addr: string; port: number};
	remote: {addr: string; port: number} | null;
	iss: number | null;
	irs: number | null;
	sndUna: number | null;
	sndNxt: number | null;
	/** Peer's advertised window, scaled, in bytes. */
	sndWnd: number;
	rcvNxt: number | null;
	/** Our advertised window in bytes. */
	rcvWnd: number;
	cwnd: number;
	ssthresh: number;
	rto: number;
	srtt: number | null;
	rttvar: number | null;
	timers: TimerSnapshot[];
	/** When TIME_WAIT ends, if in TIME_WAIT. */
	timeWaitUntil: number | null;
	sendBuffer: {used: number; size: number};
	recvBuffer: {used: number; size: number};
	/** Bytes held out of order, waiting for a hole to fill. */
	outOfOrder: number;
	retransmissions: number;
	dupAcks: number;
	inFastRecovery: boolean;
	sndWscale: number;
	rcvWscale: number;
	finReceived: boolean;
	/** Half-close direction flags. */
	shutRd: boolean;
	shutWr: boolean;
}

export interface SocketSnapshot {
	fd: number;
	/** What the socket is now: fresh, bound, a listener, or a connection. */
	role: 'unbound' | 'bound' | 'listener' | 'connection';
	/** TCP state (CLOSED for unbound/bound, LISTEN for listeners). */
	state: TcpState;
	local: {addr: string; port: number} | null;
	connection: ConnectionSnapshot | null;
	listener: {backlog: number; synQueue: number; synQueueMax: number; acceptQueue: number; synCookies: boolean} | null;
	/** Calls on this fd that are still blocked. */
	blocked: Call[];
	options: Record<SocketOption, number | boolean>;
	/** The app has closed the fd; the connection lives on in the kernel (e.g. TIME_WAIT). */
	orphaned: boolean;
}

export interface HostSnapshot {
	name: HostName;
	addr: string;
	sockets: SocketSnapshot[];
	counters: Record<string, number>;
	/**
	 * Connections listeners hold that no fd refers to yet: half-open (SYN_RCVD) or waiting in an
	 * accept queue (ESTABLISHED, CLOSE_WAIT), oldest first. A server's SYN_RCVD is only visible here.
	 */
	unaccepted?: ConnectionSnapshot[];
}
