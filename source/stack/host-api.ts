// The socket API one host offers: what the panes' keys, the scenario runner and the demos call.
// Every call returns a Call at once; calls that block in POSIX come back `blocked` and are
// settled later (status changes, and a `call` event is emitted).
import type {Call, HostSnapshot, ShutdownHow, SocketOption} from './types.js';
import type {DropReason} from './messages.js';

/**
 * Bytes made on demand, for a write far larger than any send buffer (`write 100000000`): the host
 * asks for each piece as the send buffer drains, so the whole write never exists in memory at once.
 */
export interface ByteSource {
	readonly length: number;
	/** Bytes [start, end) of the write. */
	bytes(start: number, end: number): Uint8Array;
}

/** What write() takes: text (UTF-8), bytes, or bytes made on demand. */
export type WriteData = Uint8Array | string | ByteSource;

export interface HostApi {
	readonly name: string;
	readonly addr: string;
	socket(): Call;
	bind(fd: number, port: number, addr?: string): Call;
	listen(fd: number, backlog: number): Call;
	accept(fd: number): Call;
	connect(fd: number, addr: string, port: number): Call;
	write(fd: number, data: WriteData): Call;
	read(fd: number, max: number): Call;
	shutdown(fd: number, how: ShutdownHow): Call;
	close(fd: number): Call;
	/** close() with SO_LINGER {on, 0}: sends RST, discards buffers. */
	abort(fd: number): Call;
	setsockopt(fd: number, option: SocketOption, value: number | boolean): Call;
	/** The process exits (or gets Ctrl-C): the kernel closes every fd it held (S16). */
	kill(): Call;
	/** A packet arrives from the wire. Returns null if accepted, or why it was dropped. */
	receive(packet: Uint8Array): DropReason | null;
	snapshot(): HostSnapshot;
	/**
	 * cwnd and ssthresh of the connection the congestion plot follows (the one `senderConnection`
	 * picks from a snapshot), without making the snapshot: the plot asks after every segment.
	 */
	senderWindow?(): {cwnd: number; ssthresh: number} | null;
}
