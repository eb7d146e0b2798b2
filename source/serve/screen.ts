// A remote terminal as Ink sees it, and the bytes that reach it.
//
// Ink renders into a ScreenStream in its debug mode: every write is one full frame (lines joined by
// "\n"). A ScreenWriter keeps the latest frame and sends the remote terminal only the lines that
// differ from what it last sent, each placed with an absolute cursor move: nothing relies on the
// remote side turning "\n" into "\r\n" (an SSH channel has no line discipline), a frame never
// scrolls the screen, and a frame that could not be sent (the client reads slowly or not at all) is
// simply replaced by the next one. When the client catches up it gets the difference between what
// it shows and the latest frame, never a queue of stale ones.
import {PassThrough, Writable} from 'node:stream';
import {filterKeyInput} from '../ui/key-input.js';

export const ENTER_SCREEN = '\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l\x1b[?2004h';
export const LEAVE_SCREEN = '\x1b[?2004l\x1b[0m\x1b[?25h\x1b[?1049l';
/** Terminals that know it show a frame whole instead of line by line (others ignore it). */
const SYNC_BEGIN = '\x1b[?2026h';
const SYNC_END = '\x1b[?2026l';

/** The stream Ink writes frames to: looks like a terminal of the remote client's size. */
export class ScreenStream extends Writable {
	readonly isTTY = true;
	columns: number;
	rows: number;

	constructor(size: {columns: number; rows: number}, private readonly onFrame: (frame: string) => void) {
		super({decodeStrings: false});
		this.columns = size.columns;
		this.rows = size.rows;
	}

	override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.onFrame(typeof chunk === 'string' ? chunk : String(chunk));
		callback();
	}

	/** The client's window changed: Ink and the app lay out again at the new size. */
	resize(size: {columns: number; rows: number}): void {
		this.columns = size.columns;
		this.rows = size.rows;
		this.emit('resize');
	}
}

/** Keys from the client, as Ink reads stdin: a readable "terminal" whose raw mode is the client's business. */
export class KeyStream extends PassThrough {
	readonly isTTY = true;
	isRaw = false;

	constructor() {
		super();
		// A student's pasted colours or an odd key must not reach Ink's parser (see key-input.ts).
		filterKeyInput(this);
	}

	setRawMode(mode: boolean): this {
		this.isRaw = mode;
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}
}

/** Where a ScreenWriter's bytes go, and how many of them are still waiting to leave the machine. */
export interface ScreenOutput {
	write(data: string): void;
	/** Bytes written but not yet sent (channel and socket buffers). */
	backlog(): number;
}

/** Above this backlog a client is behind: frames for it are dropped until it has caught up. */
export const DEFAULT_BACKLOG_LIMIT = 32 * 1024;

/** When a paced writer may send next: the wall clock and a timer (tests pass their own). */
export interface Pace {
	now(): number;
	later(run: () => void, ms: number): void;
}

const REAL_PACE: Pace = {now: () => performance.now(), later: (run, ms) => void setTimeout(run, ms)};

export class ScreenWriter {
	/** The lines the client shows (null: unknown, repaint everything). */
	private shown: string[] | null = null;
	private latest: string[] | null = null;
	private pending = false;
	private closed = false;
	/**
	 * At most one update per this many ms (0: as they come). Followers watch at 10 frames a second:
	 * the teacher's 20 would double the bytes for arrows that move a cell further.
	 */
	minIntervalMs = 0;
	private lastSent = -Infinity;
	private waiting = false;
	/** Frames replaced before they could be sent (a slow client). */
	dropped = 0;
	/** Bytes sent to the client. */
	bytes = 0;

	constructor(
		private readonly output: ScreenOutput,
		private rows: number,
		private readonly limit = DEFAULT_BACKLOG_LIMIT,
		private readonly pace: Pace = REAL_PACE,
	) {}

	/** A new full frame from Ink. */
	frame(text: string): void {
		if (this.closed) return;
		if (this.pending) this.dropped++;
		this.latest = text.split('\n');
		this.pending = true;
		this.flush();
	}

	/** The screen was cleared or resized: the next flush repaints every line. */
	invalidate(rows: number): void {
		this.rows = rows;
		this.shown = null;
		if (this.latest) this.pending = true;
	}

	/** Send the latest frame if the client has room for it; call again when it drains. */
	flush(): boolean {
		if (this.closed || !this.pending || !this.latest) return false;
		if (this.output.backlog() > this.limit) return false;
		const wait = this.lastSent + this.minIntervalMs - this.pace.now();
		if (wait > 0) {
			if (!this.waiting) {
				this.waiting = true;
				this.pace.later(() => {
					this.waiting = false;
					this.flush();
				}, wait);
			}
			return false;
		}
		const update = diffFrame(this.shown, this.latest, this.rows);
		this.shown = this.latest.slice(0, this.rows);
		this.pending = false;
		if (update === '') return true;
		this.lastSent = this.pace.now();
		const data = SYNC_BEGIN + update + SYNC_END;
		this.bytes += Buffer.byteLength(data);
		this.output.write(data);
		return true;
	}

	/** Frames still waiting for the client. */
	get behind(): boolean {
		return this.pending;
	}

	close(): void {
		this.closed = true;
	}
}

/**
 * The bytes that turn a screen showing `shown` into one showing `next`: each differing line is
 * cleared and redrawn from its first column; rows below a shorter frame are cleared.
 */
export function diffFrame(shown: readonly string[] | null, next: readonly string[], rows: number): string {
	let out = shown === null ? '\x1b[H\x1b[2J' : '';
	const count = Math.min(rows, Math.max(next.length, shown?.length ?? 0));
	for (let row = 0; row < count; row++) {
		const line = row < next.length ? next[row]! : '';
		const before = shown === null ? '' : row < shown.length ? shown[row]! : '';
		if (line === before) continue;
		out += `\x1b[${row + 1};1H\x1b[2K${line}`;
	}
	return out;
}

/** Text for a channel: a terminal without a line discipline needs "\r\n" to start a new line. */
export function crlf(text: string): string {
	return text.replace(/\r?\n/g, '\r\n');
}
