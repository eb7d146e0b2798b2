// Classic pcap export (the libpcap file format, version 2.4) with link type 228, LINKTYPE_IPV4:
// every record is a raw IPv4 packet, exactly the bytes the stack built. Wireshark and tshark
// read it as is. Timestamps are the simulation's virtual time, so a capture of a seeded run is
// the same file every time.
import fs from 'node:fs';
import {dirname} from 'node:path';
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
/** The same line in both languages (the app and `run` say it in the user's). */
export interface PcapText {
	en: string;
	ko: string;
}

export class PcapError extends Error {
	override readonly name = 'PcapError';
	readonly text: PcapText;

	/** The system's error code (EPIPE, ENOSPC…), when the system gave one. */
	readonly code: string | undefined;

	constructor(text: PcapText, readonly reason: PcapText = text, code?: string) {
		super(text.en);
		this.code = code;
		this.text = text;
	}
}

/** A pcap error in the user's language (any other error: its first line). */
export function pcapErrorLine(error: unknown, lang: keyof PcapText): string {
	if (error instanceof PcapError) return error.text[lang];
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

type PcapDoing = 'open' | 'write' | 'close';
const PCAP_DOING: Record<PcapDoing, PcapText> = {
	open: {en: 'cannot write pcap file {file}: {reason}', ko: 'pcap 파일 {file}에 쓸 수 없습니다: {reason}'},
	write: {en: 'writing pcap file {file} failed: {reason}', ko: 'pcap 파일 {file}에 쓰다가 실패했습니다: {reason}'},
	close: {en: 'closing pcap file {file} failed: {reason}', ko: 'pcap 파일 {file}을(를) 닫다가 실패했습니다: {reason}'},
};

function pcapError(doing: PcapDoing, path: string, reason: PcapText, cause?: unknown): PcapError {
	const fill = (lang: keyof PcapText): string => PCAP_DOING[doing][lang].replace('{file}', JSON.stringify(path)).replace('{reason}', reason[lang]);
	const code = cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
	return new PcapError({en: fill('en'), ko: fill('ko')}, reason, code);
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
			throw pcapError('open', path, describeFsError(error, path), error);
		}
		this.enqueue(pcapGlobalHeader());
		this.flush();
		if (this.failure) {
			const {reason, code} = this.failure;
			this.release();
			throw pcapError('open', path, reason, {code});
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
			writeAllSync(this.fd, chunk);
		} catch (error) {
			// Disk full and the like: stop recording, keep the run going, say so at once (onError) and on close.
			this.failure = pcapError('write', this.path, describeFsError(error), error);
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
			this.failure ??= pcapError('close', this.path, describeFsError(error), error);
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

/** A pause while a pipe is full: the reader (tshark, wc) is slower than the simulation. */
const PIPE_FULL_WAIT_MS = 5;
const pipeFullWait = new Int32Array(new SharedArrayBuffer(4));

/**
 * Write all of `chunk`. Node makes standard output's pipe non-blocking, so a reader slower than
 * the simulation answers EAGAIN: wait for it as a blocking write would (a reader that goes away
 * answers EPIPE instead, which is thrown).
 */
function writeAllSync(fd: number, chunk: Uint8Array): void {
	let offset = 0;
	while (offset < chunk.length) {
		try {
			offset += fs.writeSync(fd, chunk, offset, chunk.length - offset);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
			Atomics.wait(pipeFullWait, 0, 0, PIPE_FULL_WAIT_MS);
		}
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

/** Whether `path`'s directory exists: ENOENT on create then means it takes no new file (/proc), not that it is missing. */
function directoryExists(path: string): boolean {
	try {
		return fs.statSync(dirname(path)).isDirectory();
	} catch {
		return false;
	}
}

function describeFsError(error: unknown, creating?: string): PcapText {
	if (error && typeof error === 'object' && 'code' in error) {
		const {code} = error as {code?: unknown};
		if (code === 'ENOENT' && creating !== undefined && directoryExists(creating)) {
			return {en: 'the directory exists, but a file cannot be created in it (ENOENT)', ko: '디렉터리는 있지만 그 안에 파일을 만들 수 없습니다 (ENOENT)'};
		}
		const known: Record<string, PcapText> = {
			ENOENT: {en: 'no such directory', ko: '그런 디렉터리가 없습니다'},
			EACCES: {en: 'permission denied', ko: '권한이 없습니다'},
			EISDIR: {en: 'it is a directory', ko: '디렉터리입니다'},
			ENOSPC: {en: 'no space left on device', ko: '장치에 남은 공간이 없습니다'},
			EROFS: {en: 'read-only file system', ko: '읽기 전용 파일 시스템입니다'},
			ENOTDIR: {en: 'a part of the path is not a directory', ko: '경로의 일부가 디렉터리가 아닙니다'},
			ELOOP: {en: 'it is a symbolic link, which is not followed', ko: '심볼릭 링크이고, 따라가지 않습니다'},
		};
		if (typeof code === 'string') {
			const text = known[code];
			return text ? {en: `${text.en} (${code})`, ko: `${text.ko} (${code})`} : {en: code, ko: code};
		}
	}
	const line = error instanceof Error ? error.message.split('\n')[0]! : String(error);
	return {en: line, ko: line};
}
