// One host's TCP stack behind the socket API (HostApi): fds, blocked calls, demultiplexing of
// arriving segments to connections and listeners, RSTs for closed ports. The protocol itself
// lives in connection.ts; this file is the "kernel" around it.
import type {DropReason, SegmentDropReason, StateCause} from './messages.js';
import {clampMss, Connection, connectionName, DEFAULT_PEER_MSS, type ConnectionHooks, type Endpoint} from './connection.js';
import type {SegmentMark, StackEnv} from './env.js';
import type {ByteSource, HostApi, WriteData} from './host-api.js';
import {checkCookie, cookieMssIndex, Listener, makeCookie, COOKIE_MSS_TABLE} from './listener.js';
import {blankSegment, decodePacketInto, encodeOutput, parseIPv4, sharedAddressText} from './segment.js';
import {seqAdd} from './seq.js';
import {Socket, type PendingWrite} from './socket.js';
import {
	noFlags,
	type Call,
	type CallArgs,
	type CallName,
	type ConnectionSnapshot,
	type Errno,
	type HostSnapshot,
	type Segment,
	type ShutdownHow,
	type SocketOption,
	type SocketSnapshot,
	type TcpState,
} from './types.js';

export const FIRST_FD = 3;
export const EPHEMERAL_LOW = 49152;
export const EPHEMERAL_HIGH = 65535;
/** Largest buffer setsockopt accepts (bytes). */
export const MAX_BUFFER = 16 * 1024 * 1024;

const BOOLEAN_OPTIONS: ReadonlySet<SocketOption> = new Set(['nodelay', 'linger0', 'reuseaddr', 'delayedAck', 'keepalive', 'synCookies']);
const textEncoder = new TextEncoder();

function connKey(localPort: number, remoteAddr: string, remotePort: number): string {
	return `${localPort}|${remoteAddr}|${remotePort}`;
}

/** Slots of the host's demultiplexing cache (a power of two). */
const DEMUX_SLOTS = 256;

/** Pieces asked of a ByteSource at a time: small next to any send buffer's free room. */
const SOURCE_PIECE = 64 * 1024;

/** Copy what fits of a source's bytes from `start` into the connection's send buffer, piece by piece. */
function writeFromSource(conn: Connection, source: ByteSource, start: number): number {
	let written = 0;
	for (;;) {
		// Only what the buffer has room for is made: nothing is made to be thrown away.
		const size = Math.min(source.length - start - written, conn.sendBuffer.free, SOURCE_PIECE);
		if (size <= 0) break;
		const n = conn.write(source.bytes(start + written, start + written + size));
		written += n;
		if (n < size) break;
	}
	return written;
}

function writeArgs(data: WriteData): CallArgs {
	if (typeof data === 'string') return JSON.stringify(data.length > 40 ? `${data.slice(0, 40)}…` : data);
	return {bytes: data.length};
}

/**
 * Why a source address is invalid for a segment arriving from the wire (RFC 1122 §3.2.1.3,
 * §4.2.3.10), or null: multicast 224/4, the limited broadcast, "this network" 0/8, loopback
 * 127/8 (never seen outside a host), or our own address (we did not send it).
 */
export function invalidSourceReason(src: string, own: string): SegmentDropReason | null {
	if (src === own) return 'source-own-address';
	// Per packet, so by the first digit (decoded addresses are plain dotted quads, no leading zeros).
	switch (src.charCodeAt(0)) {
		case 48: // 0/8
			return 'source-this-network';
		case 49: // 127/8 (every 10/8 address comes here too: three more characters, no string method)
			return src.charCodeAt(1) === 50 && src.charCodeAt(2) === 55 && src.charCodeAt(3) === 46 ? 'source-loopback' : null;
		case 50: { // 224/4 and 255.255.255.255
			if (src === '255.255.255.255') return 'source-broadcast';
			const first = Number(src.slice(0, src.indexOf('.')));
			return first >= 224 && first <= 239 ? 'source-multicast' : null;
		}
		default:
			return null;
	}
}

export class Host implements HostApi {
	readonly name: string;
	readonly addr: string;
	private readonly sockets = new Map<number, Socket>();
	/** Every live connection by 4-tuple: with an fd, half-open, queued for accept, or orphaned. */
	private readonly conns = new Map<string, Connection>();
	/** Listening sockets by port. */
	private readonly listeners = new Map<number, Socket>();
	/** fd a connection had before close(), for views of orphaned connections. */
	private readonly formerFd = new Map<Connection, number>();
	private readonly counters: Record<string, number> = {};
	// The two per-packet counters are plain fields (hot path); snapshot() merges them in.
	private rxPackets = 0;
	private txPackets = 0;
	private nextCallId = 1;
	private cookieSecret: number | null = null;
	/**
	 * Connections recently found for arriving segments, by (source port XOR destination port) mod
	 * DEMUX_SLOTS: one side's port is fixed (a server's 80, a client's peer), so up to DEMUX_SLOTS
	 * connections with consecutive ports each keep a slot and skip building the 4-tuple key.
	 */
	private readonly demux: Array<Connection | null> = new Array<Connection | null>(DEMUX_SLOTS).fill(null);
	private readonly hooks: ConnectionHooks;
	/** Malformed options are skipped rather than failing the segment (StackConfig.malformedOptions). */
	private readonly lenientOptions: boolean;
	/** RFC 5961 §7 host-wide budget: the second it counts for and the challenge ACKs sent in it. */
	private challengeSecond = -1;
	private challengeAcksThisSecond = 0;
	/** Segments received packets are decoded into, by depth of nesting (see receive). */
	private readonly received: Segment[] = [];
	private receiving = 0;

	constructor(private readonly env: StackEnv) {
		this.name = env.name;
		this.addr = sharedAddressText(env.addr);
		this.hooks = {
			output: (seg, mark) => this.output(seg, mark),
			stateChanged: (conn, from, to, why) => this.onStateChanged(conn, from, to, why),
			wake: (conn) => this.onWake(conn),
			mayComplete: (conn) => {
				const listener = conn.listenerPort === null ? undefined : this.listeners.get(conn.listenerPort)?.listener;
				return listener !== undefined && listener !== null && !listener.acceptQueueFull;
			},
			takeGlobalChallengeAck: () => this.takeGlobalChallengeAck(),
		};
		this.lenientOptions = env.config.malformedOptions === 'ignore-option';
	}

	// -----------------------------------------------------------------------------------------
	// Calls

	socket(): Call {
		const c = this.newCall('socket', null, '');
		let fd = FIRST_FD;
		while (this.sockets.has(fd)) fd++;
		this.sockets.set(fd, new Socket(fd, this.env.config));
		return this.returned(c, fd);
	}

	bind(fd: number, port: number, addr?: string): Call {
		const c = this.newCall('bind', fd, addr ? `${addr}:${port}` : String(port));
		const sock = this.sockets.get(fd);
		if (!sock) return this.failed(c, 'EBADF');
		if (sock.role !== 'unbound') return this.failed(c, 'EINVAL');
		if (!Number.isInteger(port) || port < 0 || port > 65535) return this.failed(c, 'EINVAL');
		if (addr !== undefined && addr !== this.addr && addr !== '0.0.0.0') {
			return this.failed(c, parseIPv4(addr) === null ? 'EINVAL' : 'EADDRNOTAVAIL');
		}
		let chosen = port;
		if (port === 0) {
			const p = this.ephemeralPort();
			if (p === null) return this.failed(c, 'EADDRNOTAVAIL');
			chosen = p;
		} else if (this.portConflict(chosen, sock)) {
			return this.failed(c, 'EADDRINUSE');
		}
		sock.local = {addr: this.addr, port: chosen};
		sock.role = 'bound';
		return this.returned(c, 0);
	}

	listen(fd: number, backlog: number): Call {
		const c = this.newCall('listen', fd, String(backlog));
		const sock = this.sockets.get(fd);
		if (!sock) return this.failed(c, 'EBADF');
		if (sock.role === 'connection') {
			// A socket whose connect() failed is unconnected again and may listen (as on Linux).
			if (!sock.conn || sock.conn.state !== 'CLOSED' || sock.conn.established) return this.failed(c, 'EINVAL');
			sock.conn = null;
			sock.role = 'bound';
		}
		const size = Math.max(1, Math.floor(Number.isFinite(backlog) ? backlog : 1));
		if (sock.role === 'listener' && sock.listener) {
			sock.listener.backlog = size;
			return this.returned(c, 0);
		}
		if (sock.role === 'unbound') {
			const p = this.ephemeralPort();
			if (p === null) return this.failed(c, 'EADDRNOTAVAIL');
			sock.local = {addr: this.addr, port: p};
		}
		const port = sock.local!.port;
		if (this.listeners.has(port)) return this.failed(c, 'EADDRINUSE');
		sock.role = 'listener';
		sock.listener = new Listener(port, size, this.env.config);
		this.listeners.set(port, sock);
		this.env.emit({kind: 'state', host: this.name, fd, conn: this.listenerName(port), from: 'CLOSED', to: 'LISTEN', why: {code: 'listen-called'}});
		return this.returned(c, 0);
	}

	accept(fd: number): Call {
		const c = this.newCall('accept', fd, '');
		const sock = this.sockets.get(fd);
		if (!sock) return this.failed(c, 'EBADF');
		if (sock.role !== 'listener' || !sock.listener) return this.failed(c, 'EINVAL');
		sock.accepts.push(c);
		this.settleAccepts(sock);
		if (sock.accepts.includes(c)) this.blocked(c);
		return c;
	}

	connect(fd: number, addr: string, port: number): Call {
		const c = this.newCall('connect', fd, `${addr}:${port}`);
		const sock = this.sockets.get(fd);
		if (!sock) return this.failed(c, 'EBADF');
		if (sock.role === 'listener') return this.failed(c, 'EINVAL');
		if (sock.conn && sock.conn.state !== 'CLOSED') {
			return this.failed(c, sock.conn.state === 'SYN_SENT' || sock.conn.state === 'SYN_RCVD' ? 'EALREADY' : 'EISCONN');
		}
		if (sock.conn && sock.conn.established) return this.failed(c, 'EISCONN');
		if (parseIPv4(addr) === null || !Number.isInteger(port) || port < 1 || port > 65535) return this.failed(c, 'EINVAL');
		// The simulated world has no loopback: a host can only reach the other end of the link.
		if (addr === this.addr || addr.startsWith('127.')) return this.failed(c, 'ENETUNREACH');
		if (sock.role === 'unbound') {
			const p = this.ephemeralPort();
			if (p === null) return this.failed(c, 'EADDRNOTAVAIL');
			sock.local = {addr: this.addr, port: p};
			sock.role = 'bound';
		}
		const local = sock.local!;
		const key = connKey(local.port, addr, port);
		const existing = this.conns.get(key);
		if (existing) {
			if (existing.state === 'TIME_WAIT' && sock.flag('reuseaddr')) {
				existing.terminate({code: 'time-wait-reused-by-connect'});
			} else {
				return this.failed(c, 'EADDRNOTAVAIL');
			}
		}
		const conn = new Connection(this.env, this.hooks, {addr: this.addr, port: local.port}, {addr: sharedAddressText(addr), port}, sock.settings());
		conn.fd = fd;
		sock.conn = conn;
		sock.role = 'connection';
		sock.errorReported = false;
		this.conns.set(key, conn);
		sock.connectCall = c;
		this.blocked(c);
		conn.openActive();
		this.settle(sock);
		return c;
	}

	write(fd: number, data: WriteData): Call {
		const c = this.newCall('write', fd, writeArgs(data));
		const sock = this.sockets.get(fd);
		if (!sock) return this.failed(c, 'EBADF');
		const bytes = typeof data === 'string' ? textEncoder.encode(data) : data;
		const conn = sock.conn;
		if (sock.role !== 'connection' || !conn) return this.failed(c, 'ENOTCONN');
		const error = this.writeError(sock, conn);
		if (error) return this.failed(c, error);
		if (bytes.length === 0 && sock.writes.length === 0) return this.returned(c, 0);
		// A blocked write goes on copying from the caller's bytes until it returns, as a blocking
		// POSIX write() owns its buffer until then (no copy of the whole rest up front).
		sock.writes.push({call: c, data: bytes, written: 0, announced: false});
		this.settleWrites(sock);
		return c;
	}

	read(fd: number, max: number): Call {
		const c = this.newCall('read', fd, String(max));
		const sock = this.sockets.get(fd);
		if (!sock) return this.failed(c, 'EBADF');
		if (!Number.isInteger(max) || max < 0) return this.failed(c, 'EINVAL');
		if (sock.role !== 'connection' || !sock.conn) return this.failed(c, 'ENOTCONN');
		sock.reads.push({call: c, max, announced: false});
		this.settleReads(sock);
		return c;
	}

	shutdown(fd: number, how: ShutdownHow): Call {
		const c = this.newCall('shutdown', fd, how);
		const sock = this.sockets.get(fd);
		if (!sock) return this.failed(c, 'EBADF');
		if (how !== 'rd' && how !== 'wr' && how !== 'rdwr') return this.failed(c, 'EINVAL');
		const conn = sock.conn;
		if (sock.role !== 'connection' || !conn || !conn.established || conn.state === 'CLOSED') return this.failed(c, 'ENOTCONN');
		if (how === 'rd' || how === 'rdwr') conn.shutdownRead();
		if (how === 'wr' || how === 'rdwr') conn.shutdownWrite();
		this.settle(sock);
		return this.returned(c, 0);
	}

	close(fd: number): Call {
		const c = this.newCall('close', fd, '');
		const sock = this.sockets.get(fd);
		if (!sock) return this.failed(c, 'EBADF');
		this.closeSocket(sock, sock.flag('linger0'));
		return this.returned(c, 0);
	}

	abort(fd: number): Call {
		const c = this.newCall('abort', fd, '');
		const sock = this.sockets.get(fd);
		if (!sock) return this.failed(c, 'EBADF');
		this.closeSocket(sock, true);
		return this.returned(c, 0);
	}

	setsockopt(fd: number, option: SocketOption, value: number | boolean): Call {
		const c = this.newCall('setsockopt', fd, `${option}=${String(value)}`);
		const sock = this.sockets.get(fd);
		if (!sock) return this.failed(c, 'EBADF');
		if (!(option in sock.options)) return this.failed(c, 'EINVAL');
		if (BOOLEAN_OPTIONS.has(option)) {
			if (typeof value !== 'boolean' && typeof value !== 'number') return this.failed(c, 'EINVAL');
			sock.options[option] = Boolean(value);
		} else {
			const n = Number(value);
			if (typeof value !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_BUFFER) return this.failed(c, 'EINVAL');
			sock.options[option] = n;
		}
		if (sock.conn && sock.conn.state !== 'CLOSED') {
			Object.assign(sock.conn.settings, sock.settings());
			sock.conn.applySettings();
		}
		this.settle(sock);
		return this.returned(c, 0);
	}

	kill(): Call {
		const c = this.newCall('kill', null, '');
		for (const fd of [...this.sockets.keys()].sort((a, b) => a - b)) {
			const sock = this.sockets.get(fd);
			if (sock) this.closeSocket(sock, sock.flag('linger0'));
		}
		return this.returned(c, 0);
	}

	// -----------------------------------------------------------------------------------------
	// The wire

	receive(packet: Uint8Array): DropReason | null {
		this.rxPackets++;
		// Each packet is decoded into a Segment of the host's own, one per level of nesting (a
		// packet that needs no time on the link may reach this host while it digests another):
		// nothing keeps a received Segment past its digest, only its payload and options, which are fresh.
		const depth = this.receiving;
		const seg = this.received[depth] ?? (this.received[depth] = blankSegment());
		const invalid = decodePacketInto(packet, this.lenientOptions, seg);
		if (invalid !== null) return this.drop(invalid);
		this.receiving = depth + 1;
		try {
			return this.digest(seg);
		} finally {
			this.receiving = depth;
		}
	}

	/** A valid segment that has arrived: to its connection, a listener, or a RST. */
	private digest(seg: Segment): DropReason | null {
		if (seg.dst !== this.addr) return this.drop('wrong-address');
		// RFC 1122 §3.2.1.3: a datagram whose source no host may have is discarded silently
		// (no RST, no SYN+ACK: the answer would go to a group, everyone, or ourselves).
		const badSource = invalidSourceReason(seg.src, this.addr);
		if (badSource !== null) return this.drop(badSource);
		// A connection that is not CLOSED is the one `conns` holds for its 4-tuple (it leaves the
		// table only when it closes), so a cached one that matches and is not CLOSED is the answer.
		const slot = (seg.srcPort ^ seg.dstPort) & (DEMUX_SLOTS - 1);
		let conn: Connection | undefined = this.demux[slot] ?? undefined;
		if (conn === undefined || conn.state === 'CLOSED' || conn.local.port !== seg.dstPort
			|| conn.remote.port !== seg.srcPort || conn.remote.addr !== seg.src) {
			conn = this.conns.get(connKey(seg.dstPort, seg.src, seg.srcPort));
			this.demux[slot] = conn ?? null;
		}
		if (conn) {
			const f = seg.flags;
			// Nearly every segment: not a SYN meeting TIME_WAIT, so no listener to look up.
			if (!f.syn || conn.state !== 'TIME_WAIT') {
				const reason = conn.input(seg);
				return reason === null ? null : this.drop(reason);
			}
			const listening = this.listeners.get(seg.dstPort);
			const reopens = this.env.config.timeWaitSyn === 'reopen-if-newer';
			const reusable = conn.state === 'TIME_WAIT' && f.syn && !f.ack && !f.rst && listening !== undefined
				&& (reopens || this.env.config.reuseaddr || listening.flag('reuseaddr'));
			if (!reusable || !conn.newerIncarnation(seg)) {
				const reason = conn.input(seg);
				return reason === null ? null : this.drop(reason);
			}
			// RFC 6191 / RFC 1122 §4.2.2.13: a SYN from a newer incarnation ends TIME_WAIT.
			conn.terminate(reopens
				? {code: 'time-wait-reopened-by-newer-syn'}
				: {code: 'time-wait-reused-by-syn'});
		}
		const listening = this.listeners.get(seg.dstPort);
		if (listening && listening.listener) {
			const reason = this.listenerInput(listening, seg);
			return reason === null ? null : this.drop(reason);
		}
		// CLOSED: RFC 9293 §3.10.7.1 reset generation.
		if (!seg.flags.rst) this.sendResetFor(seg);
		return this.drop('no-listener');
	}

	private listenerInput(sock: Socket, seg: Segment): SegmentDropReason | null {
		const listener = sock.listener!;
		const f = seg.flags;
		if (f.rst) return 'rst-to-listener';
		const tuple = {localAddr: this.addr, localPort: seg.dstPort, remoteAddr: seg.src, remotePort: seg.srcPort};
		if (f.ack) {
			if (!f.syn && this.cookiesOn(sock)) {
				const mss = checkCookie(this.secret(), tuple, seqAdd(seg.seq, -1), seqAdd(seg.ack, -1), this.env.timers.now());
				if (mss !== null) {
					if (listener.acceptQueueFull) return 'accept-queue-full';
					const conn = new Connection(this.env, this.hooks, {addr: this.addr, port: seg.dstPort}, {addr: seg.src, port: seg.srcPort}, sock.settings());
					this.conns.set(connKey(seg.dstPort, seg.src, seg.srcPort), conn);
					this.count('syn-cookies-accepted');
					conn.openFromCookie(seg, listener.port, seqAdd(seg.ack, -1), Math.min(mss, clampMss(this.env.config.mss)));
					return conn.input(seg);
				}
			}
			this.sendResetFor(seg);
			return 'ack-to-listener';
		}
		if (!f.syn) return 'no-syn';
		// Linux drops SYN+FIN (a scanner's probe); RFC 9293 only says FIN is not processed in LISTEN.
		if (f.fin && this.env.config.synFinToListener === 'drop') return 'syn-fin-to-listener';
		if (listener.synQueueFull) {
			if (this.cookiesOn(sock)) {
				this.sendCookieSynAck(seg, tuple);
				return null;
			}
			this.count('syn-queue-full');
			this.env.emit({kind: 'rx-drop', host: this.name, reason: 'syn-queue-full', conn: this.listenerName(listener.port)});
			return 'syn-queue-full';
		}
		const conn = new Connection(this.env, this.hooks, {addr: this.addr, port: seg.dstPort}, {addr: seg.src, port: seg.srcPort}, sock.settings());
		this.conns.set(connKey(seg.dstPort, seg.src, seg.srcPort), conn);
		listener.synQueue.add(conn);
		conn.openPassive(seg, listener.port);
		return null;
	}

	private takeGlobalChallengeAck(): boolean {
		const limit = this.env.config.challengeAckLimit;
		if (limit === null) return true;
		const second = Math.floor(this.env.timers.now() / 1000);
		if (second !== this.challengeSecond) {
			this.challengeSecond = second;
			this.challengeAcksThisSecond = 0;
		}
		if (this.challengeAcksThisSecond >= limit.globalPerSecond) return false;
		this.challengeAcksThisSecond++;
		return true;
	}

	private cookiesOn(sock: Socket): boolean {
		return sock.flag('synCookies');
	}

	private secret(): number {
		// Drawn on first use so hosts that never use cookies do not shift the random sequence.
		if (this.cookieSecret === null) this.cookieSecret = this.env.rng.u32();
		return this.cookieSecret;
	}

	private sendCookieSynAck(syn: Segment, tuple: {localAddr: string; localPort: number; remoteAddr: string; remotePort: number}): void {
		const index = cookieMssIndex(Math.min(syn.options.mss ?? DEFAULT_PEER_MSS, clampMss(this.env.config.mss)));
		const cookie = makeCookie(this.secret(), tuple, syn.seq, index, this.env.timers.now());
		this.count('syn-cookies-sent');
		this.env.emit({kind: 'note', host: this.name, conn: this.listenerName(tuple.localPort), why: {code: 'syn-cookie-sent', peer: `${syn.src}:${syn.srcPort}`, isn: cookie}});
		const flags = noFlags();
		flags.syn = true;
		flags.ack = true;
		this.output({
			src: this.addr, dst: syn.src, srcPort: syn.dstPort, dstPort: syn.srcPort,
			seq: cookie, ack: seqAdd(syn.seq, 1), flags,
			window: Math.min(this.env.config.rcvbuf, 0xffff), urgent: 0,
			options: {mss: COOKIE_MSS_TABLE[index]!},
			payload: new Uint8Array(0),
		});
	}

	/** RST in answer to a segment no connection wants (RFC 9293 §3.10.7.1). */
	private sendResetFor(seg: Segment): void {
		const flags = noFlags();
		flags.rst = true;
		let seqNo = 0;
		let ack = 0;
		if (seg.flags.ack) {
			seqNo = seg.ack;
		} else {
			flags.ack = true;
			ack = seqAdd(seg.seq, seg.payload.length + (seg.flags.syn ? 1 : 0) + (seg.flags.fin ? 1 : 0));
		}
		this.output({
			src: this.addr, dst: seg.src, srcPort: seg.dstPort, dstPort: seg.srcPort,
			seq: seqNo, ack, flags, window: 0, urgent: 0, options: {}, payload: new Uint8Array(0),
		});
	}

	private output(seg: Segment, mark?: SegmentMark): void {
		// The event stream keeps the segment: its payload becomes the packet's own bytes, which
		// never change, rather than the send buffer's, which will.
		const packet = encodeOutput(seg);
		this.txPackets++;
		if (seg.flags.rst) this.count('rst-sent');
		this.env.output(packet, seg, mark);
	}

	// -----------------------------------------------------------------------------------------
	// Connection events

	private onStateChanged(conn: Connection, from: TcpState, to: TcpState, why: StateCause): void {
		this.env.emit({kind: 'state', host: this.name, fd: conn.fd, conn: conn.id, from, to, why});
		const listenerSock = conn.listenerPort === null ? undefined : this.listeners.get(conn.listenerPort);
		const listener = listenerSock?.listener ?? null;
		if (to === 'ESTABLISHED' && conn.passive && conn.fd === null && listener) {
			listener.synQueue.delete(conn);
			listener.acceptQueue.push(conn);
			this.settleAccepts(listenerSock!);
		}
		if (to === 'CLOSED') {
			const key = connKey(conn.local.port, conn.remote.addr, conn.remote.port);
			if (this.conns.get(key) === conn) this.conns.delete(key);
			// Let a closed connection (and its buffers) go.
			const slot = (conn.remote.port ^ conn.local.port) & (DEMUX_SLOTS - 1);
			if (this.demux[slot] === conn) this.demux[slot] = null;
			if (listener) listener.remove(conn);
			this.formerFd.delete(conn);
			if (conn.fd !== null) {
				const sock = this.sockets.get(conn.fd);
				if (sock && sock.conn === conn) this.settle(sock);
			}
		}
	}

	private onWake(conn: Connection): void {
		if (conn.fd === null) return;
		const sock = this.sockets.get(conn.fd);
		if (sock && sock.conn === conn) this.settle(sock);
	}

	// -----------------------------------------------------------------------------------------
	// Blocked calls

	private settle(sock: Socket): void {
		const conn = sock.conn;
		if (conn && conn.error && conn.state === 'CLOSED') {
			// A reset or timeout fails every call blocked on the connection with the same error;
			// with none blocked, the next call reports it (then EOF/EPIPE, as POSIX's SO_ERROR).
			const errno = conn.error;
			const blocked = sock.blocked().length;
			if (sock.connectCall) this.failed(sock.connectCall, errno);
			sock.connectCall = null;
			for (const w of sock.writes.splice(0)) {
				if (w.written > 0) this.returned(w.call, w.written);
				else this.failed(w.call, errno);
			}
			for (const r of sock.reads.splice(0)) this.failed(r.call, errno);
			if (blocked > 0) {
				conn.error = null;
				sock.errorReported = true;
			}
		}
		if (sock.connectCall && conn) {
			if (conn.established) {
				this.returned(sock.connectCall, 0);
				sock.connectCall = null;
			} else if (conn.state === 'CLOSED') {
				const errno = conn.error ?? 'ECONNREFUSED';
				conn.error = null;
				sock.errorReported = true;
				this.failed(sock.connectCall, errno);
				sock.connectCall = null;
			}
		}
		if (sock.writes.length > 0) this.settleWrites(sock);
		if (sock.reads.length > 0) this.settleReads(sock);
	}

	private settleAccepts(sock: Socket): void {
		const listener = sock.listener;
		if (!listener) return;
		while (sock.accepts.length > 0 && listener.acceptQueue.length > 0) {
			const conn = listener.acceptQueue.shift()!;
			const call = sock.accepts.shift()!;
			let fd = FIRST_FD;
			while (this.sockets.has(fd)) fd++;
			const child = new Socket(fd, this.env.config);
			Object.assign(child.options, sock.options);
			child.role = 'connection';
			child.local = {addr: this.addr, port: conn.local.port};
			child.conn = conn;
			conn.fd = fd;
			conn.listenerPort = null;
			this.sockets.set(fd, child);
			this.returned(call, fd);
		}
	}

	private writeError(sock: Socket, conn: Connection): Errno | null {
		if (conn.error) {
			const errno = conn.error;
			conn.error = null;
			sock.errorReported = true;
			return errno;
		}
		if (conn.shutWr) return 'EPIPE';
		switch (conn.state) {
			case 'ESTABLISHED':
			case 'CLOSE_WAIT':
			case 'SYN_SENT':
			case 'SYN_RCVD':
				return null;
			case 'CLOSED':
				return conn.established || sock.errorReported ? 'EPIPE' : 'ENOTCONN';
			default:
				return 'EPIPE';
		}
	}

	private settleWrites(sock: Socket): void {
		const conn = sock.conn;
		while (sock.writes.length > 0) {
			const w = sock.writes[0]!;
			if (!conn) {
				this.failed(w.call, 'ENOTCONN');
				sock.writes.shift();
				continue;
			}
			if (conn.state === 'SYN_SENT' || conn.state === 'SYN_RCVD') {
				this.announceWrite(w);
				return;
			}
			const error = this.writeError(sock, conn);
			if (error) {
				sock.writes.shift();
				if (w.written > 0) this.returned(w.call, w.written);
				else this.failed(w.call, error);
				continue;
			}
			w.written += w.data instanceof Uint8Array ? conn.write(w.data, w.written) : writeFromSource(conn, w.data, w.written);
			if (w.written < w.data.length) {
				this.announceWrite(w);
				return;
			}
			sock.writes.shift();
			this.returned(w.call, w.written);
		}
	}

	private settleReads(sock: Socket): void {
		const conn = sock.conn;
		while (sock.reads.length > 0) {
			const r = sock.reads[0]!;
			if (!conn) {
				sock.reads.shift();
				this.failed(r.call, 'ENOTCONN');
				continue;
			}
			if (r.max === 0 || conn.shutRd) {
				sock.reads.shift();
				this.returned(r.call, 0, new Uint8Array(0));
				continue;
			}
			if (conn.recvBuffer.length > 0) {
				sock.reads.shift();
				const data = conn.read(r.max);
				this.returned(r.call, data.length, data);
				continue;
			}
			if (conn.error) {
				sock.reads.shift();
				const errno = conn.error;
				conn.error = null;
				sock.errorReported = true;
				this.failed(r.call, errno);
				continue;
			}
			if (conn.finReceived) {
				// S15: read() returns 0 once the peer's FIN is reached.
				sock.reads.shift();
				this.returned(r.call, 0, new Uint8Array(0));
				continue;
			}
			if (conn.state === 'CLOSED') {
				sock.reads.shift();
				if (conn.established || sock.errorReported) this.returned(r.call, 0, new Uint8Array(0));
				else this.failed(r.call, 'ENOTCONN');
				continue;
			}
			if (!r.announced) {
				r.announced = true;
				this.blocked(r.call);
			}
			return;
		}
	}

	private announceWrite(w: PendingWrite): void {
		if (w.announced) return;
		w.announced = true;
		this.blocked(w.call);
	}

	private closeSocket(sock: Socket, abortive: boolean): void {
		this.sockets.delete(sock.fd);
		for (const call of sock.blocked()) this.failed(call, 'EBADF');
		sock.connectCall = null;
		sock.accepts.length = 0;
		sock.reads.length = 0;
		sock.writes.length = 0;
		if (sock.role === 'listener' && sock.listener) {
			const listener = sock.listener;
			this.listeners.delete(listener.port);
			this.env.emit({kind: 'state', host: this.name, fd: sock.fd, conn: this.listenerName(listener.port), from: 'LISTEN', to: 'CLOSED', why: abortive ? {code: 'listener-aborted'} : {code: 'listener-closed'}});
			// Connections nobody accepted yet die with the listener (RST to their peers).
			for (const conn of [...listener.synQueue, ...listener.acceptQueue]) {
				conn.listenerPort = null;
				conn.abort({code: 'listener-closed-before-accept'});
			}
			listener.synQueue.clear();
			listener.acceptQueue.length = 0;
			return;
		}
		const conn = sock.conn;
		if (sock.role === 'connection' && conn) {
			conn.fd = null;
			if (conn.state === 'CLOSED') return;
			this.formerFd.set(conn, sock.fd);
			if (abortive) {
				conn.orphaned = true;
				conn.abort({code: 'linger-zero-close'});
			} else {
				conn.close();
			}
		}
	}

	// -----------------------------------------------------------------------------------------
	// Ports

	/** Does binding `port` for `sock` clash with another socket or a lingering connection? */
	private portConflict(port: number, sock: Socket): boolean {
		const reuse = sock.flag('reuseaddr');
		for (const other of this.sockets.values()) {
			if (other === sock || other.local === null || other.local.port !== port) continue;
			if (other.role === 'listener') return true;
			if (!(reuse && other.flag('reuseaddr'))) return true;
		}
		if (reuse) return false;
		for (const conn of this.conns.values()) {
			// An orphaned connection (TIME_WAIT after close, S19) still owns its port.
			if (conn.local.port === port && conn.fd === null) return true;
		}
		return false;
	}

	private portUsed(port: number): boolean {
		if (this.listeners.has(port)) return true;
		for (const s of this.sockets.values()) if (s.local?.port === port) return true;
		for (const conn of this.conns.values()) if (conn.local.port === port) return true;
		return false;
	}

	private ephemeralPort(): number | null {
		const span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
		const start = Math.floor(this.env.rng.next() * span);
		for (let i = 0; i < span; i++) {
			const port = EPHEMERAL_LOW + ((start + i) % span);
			if (!this.portUsed(port)) return port;
		}
		return null;
	}

	private listenerName(port: number): string {
		return `${this.addr}:${port}-*:*`;
	}

	// -----------------------------------------------------------------------------------------
	// Call bookkeeping

	private newCall(call: CallName, fd: number | null, args: CallArgs): Call {
		const now = this.env.timers.now();
		// The status is set (and the first event emitted) by returned/failed/blocked.
		return {id: this.nextCallId++, host: this.name, call, fd, args, status: 'blocked', issuedAt: now};
	}

	private emitCall(c: Call): void {
		this.env.emit({kind: 'call', host: this.name, call: c, status: c.status});
	}

	/** Emit the `blocked` event (callers make sure it happens once per call). */
	private blocked(c: Call): void {
		c.status = 'blocked';
		this.emitCall(c);
	}

	private returned(c: Call, result: number, data?: Uint8Array): Call {
		c.status = 'returned';
		c.result = result;
		if (data !== undefined) c.data = data;
		c.settledAt = this.env.timers.now();
		this.emitCall(c);
		return c;
	}

	private failed(c: Call, errno: Errno): Call {
		c.status = 'failed';
		c.errno = errno;
		c.settledAt = this.env.timers.now();
		this.emitCall(c);
		return c;
	}

	private count(name: string): void {
		this.counters[name] = (this.counters[name] ?? 0) + 1;
	}

	private drop<R extends DropReason>(reason: R): R {
		this.count('rx-dropped');
		this.count(`rx-dropped:${reason}`);
		return reason;
	}

	// -----------------------------------------------------------------------------------------
	// Views

	senderWindow(): {cwnd: number; ssthresh: number} | null {
		// As in snapshot(): the connection of the highest open fd, else the last orphan.
		let chosen: Connection | null = null;
		let chosenFd = -1;
		for (const sock of this.sockets.values()) {
			if (sock.role === 'connection' && sock.conn && sock.fd > chosenFd) {
				chosen = sock.conn;
				chosenFd = sock.fd;
			}
		}
		if (!chosen) {
			for (const conn of this.conns.values()) if (conn.fd === null && conn.orphaned) chosen = conn;
		}
		return chosen ? {cwnd: chosen.cc.cwnd, ssthresh: chosen.cc.ssthresh} : null;
	}

	snapshot(): HostSnapshot {
		const sockets: SocketSnapshot[] = [];
		for (const sock of [...this.sockets.values()].sort((a, b) => a.fd - b.fd)) {
			const conn = sock.conn;
			const listener = sock.listener;
			let state: TcpState = 'CLOSED';
			if (sock.role === 'listener') state = 'LISTEN';
			else if (conn) state = conn.state;
			sockets.push({
				fd: sock.fd,
				role: sock.role,
				state,
				local: sock.local ? {...sock.local} : null,
				connection: conn ? conn.snapshot() : null,
				listener: listener ? {
					backlog: listener.backlog,
					synQueue: listener.synQueue.size,
					synQueueMax: listener.synQueueMax,
					acceptQueue: listener.acceptQueue.length,
					synCookies: sock.flag('synCookies'),
				} : null,
				blocked: sock.blocked(),
				options: {...sock.options},
				orphaned: false,
			});
		}
		// Orphaned connections: closed by the app, still alive in the kernel (FIN_WAIT_*, TIME_WAIT, LAST_ACK…).
		for (const conn of this.conns.values()) {
			if (conn.fd !== null || !conn.orphaned) continue;
			sockets.push({
				fd: this.formerFd.get(conn) ?? -1,
				role: 'connection',
				state: conn.state,
				local: {...conn.local},
				connection: conn.snapshot(),
				listener: null,
				blocked: [],
				options: {
					nodelay: !conn.settings.nagle, linger0: false, reuseaddr: false,
					sndbuf: conn.settings.sndbuf, rcvbuf: conn.settings.rcvbuf,
					delayedAck: conn.settings.delayedAck, keepalive: conn.settings.keepalive, synCookies: false,
				},
				orphaned: true,
			});
		}
		const unaccepted: ConnectionSnapshot[] = [];
		for (const conn of this.conns.values()) {
			if (conn.fd === null && !conn.orphaned && conn.listenerPort !== null) unaccepted.push(conn.snapshot());
		}
		return {
			name: this.name,
			addr: this.addr,
			sockets,
			counters: {'rx-packets': this.rxPackets, 'tx-packets': this.txPackets, ...this.counters},
			unaccepted,
		};
	}

	/** Connections not visible through an fd: half-open, waiting in accept queues, orphaned. */
	connectionCount(): number {
		return this.conns.size;
	}
}

export {connectionName};
export type {Endpoint};
