// Classic pcap export (the libpcap file format, version 2.4) with link type 228, LINKTYPE_IPV4:
// every record is a raw IPv4 packet, exactly the bytes the stack built. Wireshark and tshark
// read it as is. Timestamps are the simulation's virtual time, so a capture of a seeded run is
// the same file every time.
import fs from 'node:fs';
import type {SimEvent} from '../sim/events.js';
import type {WorldApi} from '../sim/world-api.js';
import {STDOUT_PATH} from './pcap-path.js';

export const PCAP_MAGIC = 0xa1b2c3d4;
export const PCAP_VERSION_MAJOR = 2;
export const PCAP_VERSION_MINOR = 4;
export const PCAP_SNAPLEN = 65_535;
export const LINKTYPE_IPV4 = 228;
export const PCAP_GLOBAL_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;

/** Bytes gathered before one write(2): small enough to bound memory, large enough to batch. */
const FLUSH_THRESHOLD = 64 * 1024;

/** A failure the user can cause (a path that cannot be written): the message is one line. */
export class PcapError extends Error {
	override readonly name = 'PcapError';

	constructor(message: string, readonly reason = message) {
		super(message);
	}
}

export {STDOUT_PATH};
const STDOUT_FD = 1;
/** Create or truncate, never through a symbolic link (ELOOP instead). */
const PCAP_OPEN_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | (fs.constants.O_NOFOLLOW ?? 0);

/** The 24-byte global header, little-endian (readers detect the byte order from the magic). */
export function pcapGlobalHeader(): Uint8Array {
	const header = new Uint8Array(PCAP_GLOBAL_HEADER_LENGTH);
	const view = new DataView(header.buffer);
	view.setUint32(0, PCAP_MAGIC, true);
	view.setUint16(4, PCAP_VERSION_MAJOR, true);
	view.setUint16(6, PCAP_VERSION_MINOR, true);
	view.setInt32(8, 0, true); // thiszone: timestamps are already "UTC" (virtual time since 0)
	view.setUint32(12, 0, true); // sigfigs
	view.setUint32(16, PCAP_SNAPLEN, true);
	view.setUint32(20, LINKTYPE_IPV4, true);
	return header;
}

/** Virtual milliseconds as pcap's (seconds, microseconds), rounding to the microsecond. */
export function virtualTimeToPcap(ms: number): {sec: number; usec: number} {
	const totalUsec = Math.round(Math.max(0, ms) * 1000);
	return {sec: Math.floor(totalUsec / 1_000_000), usec: totalUsec % 1_000_000};
}

/** One record: 16-byte header plus the packet, cut to the snap length. */
export function pcapRecord(ms: number, packet: Uint8Array): Uint8Array {
	const captured = Math.min(packet.length, PCAP_SNAPLEN);
	const record = new Uint8Array(PCAP_RECORD_HEADER_LENGTH + captured);
	const view = new DataView(record.buffer);
	const {sec, usec} = virtualTimeToPcap(ms);
	view.setUint32(0, sec, true);
	view.setUint32(4, usec, true);
	view.setUint32(8, captured, true);
	view.setUint32(12, packet.length, true);
	record.set(packet.subarray(0, captured), PCAP_RECORD_HEADER_LENGTH);
	return record;
}

/** The packet a segment event puts on the wire, or null if the event is not a packet entering the link. */
export function packetOfEvent(event: SimEvent): Uint8Array | null {
	if (event.kind !== 'segment') return null;
	if (event.fate !== 'sent' && event.fate !== 'duplicated') return null;
	// A packet the link corrupts is recorded with the corrupted bytes: the capture shows what crossed.
	return event.wireBytes ?? event.bytes;
}

/**
 * A pcap file being written. Records are gathered in a buffer of at most FLUSH_THRESHOLD bytes
 * and written synchronously, so memory stays bounded however long the run is, and events that
 * arrive synchronously from the simulation are recorded in order.
 */
export class PcapFileWriter {
	private fd: number | null;
	private pending: Uint8Array[] = [];
	private pendingBytes = 0;
	private failure: PcapError | null = null;
	private packetCount = 0;

	private readonly onError: ((error: PcapError) => void) | undefined;

	/**
	 * Opens (truncates) the file and writes the global header, so a path that cannot be written
	 * fails here, before any session starts. A symbolic link is not followed (in a shared /tmp it
	 * could point at someone's file). `-` is standard output. Throws PcapError (one line).
	 * `onError` hears of a later write error (a full disk) as soon as it happens.
	 */
	constructor(readonly path: string, options: {onError?: (error: PcapError) => void} = {}) {
		try {
			this.fd = path === STDOUT_PATH ? STDOUT_FD : fs.openSync(path, PCAP_OPEN_FLAGS, 0o666);
		} catch (error) {
			throw new PcapError(`cannot write pcap file ${JSON.stringify(path)}: ${describeFsError(error)}`);
		}
		this.enqueue(pcapGlobalHeader());
		this.flush();
		if (this.failure) {
			const {reason} = this.failure;
			this.release();
			throw new PcapError(`cannot write pcap file ${JSON.stringify(path)}: ${reason}`);
		}
		this.onError = options.onError;
	}

	get packets(): number {
		return this.packetCount;
	}

	/** The write error that stopped recording, if any. */
	get error(): PcapError | null {
		return this.failure;
	}

	write(ms: number, packet: Uint8Array): void {
		if (this.fd === null || this.failure) return;
		this.enqueue(pcapRecord(ms, packet));
		this.packetCount++;
		if (this.pendingBytes >= FLUSH_THRESHOLD) this.flush();
	}

	flush(): void {
		if (this.fd === null || this.pending.length === 0) return;
		const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
		this.pending = [];
		this.pendingBytes = 0;
		if (this.failure) return;
		try {
			let offset = 0;
			while (offset < chunk.length) offset += fs.writeSync(this.fd, chunk, offset, chunk.length - offset);
		} catch (error) {
			// Disk full and the like: stop recording, keep the run going, say so at once (onError) and on close.
			this.failure = new PcapError(`writing pcap file ${JSON.stringify(this.path)} failed: ${describeFsError(error)}`, describeFsError(error));
			this.onError?.(this.failure);
		}
	}

	/** Flush and close. Rejects with the write error, if one stopped the recording. */
	async close(): Promise<void> {
		if (this.fd === null) {
			if (this.failure) throw this.failure;
			return;
		}
		this.flush();
		try {
			this.release();
		} catch (error) {
			this.failure ??= new PcapError(`closing pcap file ${JSON.stringify(this.path)} failed: ${describeFsError(error)}`);
		}
		if (this.failure) throw this.failure;
	}

	/** Close the file (standard output stays open). */
	private release(): void {
		const fd = this.fd;
		this.fd = null;
		if (fd !== null && fd !== STDOUT_FD) fs.closeSync(fd);
	}

	private enqueue(bytes: Uint8Array): void {
		this.pending.push(bytes);
		this.pendingBytes += bytes.length;
	}
}

export interface PcapAttachment {
	readonly path: string;
	/** Packets recorded so far. */
	packets(): number;
	/** Write what is gathered now (a live session calls this now and then, so a full disk shows at once). */
	flush(): void;
	/** Stop listening, flush and close the file. Rejects with a PcapError if a write failed. */
	close(): Promise<void>;
}

/**
 * Record every packet entering the world's link (`sent` and `duplicated` segment events) into a
 * pcap file: a writer already open (open it before the session to fail fast), or a path to open
 * now. Throws PcapError (one-line message) if the file cannot be created.
 */
export function attachPcapWriter(world: Pick<WorldApi, 'on'>, target: string | PcapFileWriter, options: {onError?: (error: PcapError) => void} = {}): PcapAttachment {
	const writer = typeof target === 'string' ? new PcapFileWriter(target, options) : target;
	const unsubscribe = world.on(event => {
		const packet = packetOfEvent(event);
		if (packet) writer.write(event.t, packet);
	});
	let closing: Promise<void> | null = null;
	return {
		path: writer.path,
		packets: () => writer.packets,
		flush: () => writer.flush(),
		close() {
			if (!closing) {
				unsubscribe();
				closing = writer.close();
			}
			return closing;
		},
	};
}

function describeFsError(error: unknown): string {
	if (error && typeof error === 'object' && 'code' in error) {
		const {code} = error as {code?: unknown};
		const known: Record<string, string> = {
			ENOENT: 'no such directory',
			EACCES: 'permission denied',
			EISDIR: 'it is a directory',
			ENOSPC: 'no space left on device',
			EROFS: 'read-only file system',
			ENOTDIR: 'a part of the path is not a directory',
			ELOOP: 'it is a symbolic link, which is not followed',
		};
		if (typeof code === 'string') return known[code] ? `${known[code]} (${code})` : code;
	}
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
