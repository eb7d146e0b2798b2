// What an fd refers to: a fresh or bound socket, a listener, or a connection, with the calls
// blocked on it and its options (setsockopt).
import type {Connection, ConnectionSettings, Endpoint} from './connection.js';
import type {Listener} from './listener.js';
import type {Call, SocketOption, StackConfig} from './types.js';
import type {ByteSource} from './host-api.js';

export type SocketRole = 'unbound' | 'bound' | 'listener' | 'connection';

export interface PendingRead {
	call: Call;
	max: number;
	/** Its `blocked` event has been emitted (once). */
	announced: boolean;
}

export interface PendingWrite {
	call: Call;
	/** The caller's bytes (they belong to the call until it returns, as in POSIX), or their source. */
	data: Uint8Array | ByteSource;
	/** Bytes of `data` already in the send buffer. */
	written: number;
	announced: boolean;
}

export class Socket {
	role: SocketRole = 'unbound';
	local: Endpoint | null = null;
	conn: Connection | null = null;
	listener: Listener | null = null;
	readonly options: Record<SocketOption, number | boolean>;
	connectCall: Call | null = null;
	readonly accepts: Call[] = [];
	readonly reads: PendingRead[] = [];
	readonly writes: PendingWrite[] = [];
	/** The pending error was already reported once; later calls see EOF / EPIPE. */
	errorReported = false;

	constructor(readonly fd: number, config: StackConfig) {
		this.options = {
			nodelay: !config.nagle,
			linger0: false,
			reuseaddr: config.reuseaddr,
			sndbuf: config.sndbuf,
			rcvbuf: config.rcvbuf,
			delayedAck: config.delayedAck,
			keepalive: config.keepalive,
			synCookies: config.synCookies,
		};
	}

	flag(option: SocketOption): boolean {
		return Boolean(this.options[option]);
	}

	/** The tunables a connection made from this socket starts with. */
	settings(): ConnectionSettings {
		return {
			nagle: !this.flag('nodelay'),
			delayedAck: this.flag('delayedAck'),
			keepalive: this.flag('keepalive'),
			sndbuf: Number(this.options.sndbuf),
			rcvbuf: Number(this.options.rcvbuf),
		};
	}

	/** Calls still blocked on this fd. */
	blocked(): Call[] {
		const out: Call[] = [];
		if (this.connectCall) out.push(this.connectCall);
		out.push(...this.accepts);
		for (const r of this.reads) out.push(r.call);
		for (const w of this.writes) out.push(w.call);
		return out;
	}
}
