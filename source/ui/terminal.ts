// The terminal around the app: alternate screen on start, and a restore that runs exactly once
// on every way out (quit, Ctrl-C, SIGTERM, SIGHUP, an uncaught error), so the shell gets back a
// clean main screen with the cursor shown and raw mode off.
export const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
export const SHOW_CURSOR = '\x1b[?25h';
export const HIDE_CURSOR = '\x1b[?25l';
// Bracketed paste: the terminal marks a paste, so a newline in pasted text is not taken as Enter
// (the rest of the paste would run as keys). key-input.ts reads the marks.
export const PASTE_MARKS_ON = '\x1b[?2004h';
export const PASTE_MARKS_OFF = '\x1b[?2004l';

export interface TerminalStreams {
	stdout: {write(data: string): boolean};
	stdin: {isTTY?: boolean; setRawMode?(mode: boolean): unknown};
}

export class TerminalGuard {
	private raw = false;
	private entered = false;
	private restored = false;

	constructor(private readonly streams: TerminalStreams) {}

	/** Echo off: from here a key is the app's alone (type-ahead.ts reads what was typed before). */
	rawMode(): void {
		if (this.raw) return;
		this.raw = true;
		try {
			if (this.streams.stdin.isTTY) this.streams.stdin.setRawMode?.(true);
		} catch {
			// stdin already closed
		}
	}

	/** `mainScreen`: written on the main screen just before leaving it (type-ahead.ts's eraseEcho). */
	enter(mainScreen = ''): void {
		if (this.entered) return;
		this.entered = true;
		// Raw mode before the alternate screen, not when Ink mounts its input: a key typed while the
		// first frame is made would be echoed by the terminal at the home position, and the frame,
		// drawn from where the echo left the cursor, would land a column right and wrap (its top row lost).
		this.rawMode();
		this.write(mainScreen + ENTER_ALT_SCREEN + HIDE_CURSOR + PASTE_MARKS_ON);
	}

	/** Idempotent; never throws (the terminal may already be gone after SIGHUP). */
	restore(): void {
		if (!this.raw || this.restored) return;
		this.restored = true;
		try {
			if (this.streams.stdin.isTTY) this.streams.stdin.setRawMode?.(false);
		} catch {
			// stdin already closed
		}
		if (this.entered) this.write(PASTE_MARKS_OFF + SHOW_CURSOR + LEAVE_ALT_SCREEN);
	}

	get isRestored(): boolean {
		return this.restored;
	}

	private write(data: string): void {
		try {
			this.streams.stdout.write(data);
		} catch {
			// stdout already closed (SSH drop): nothing left to restore
		}
	}
}

// Ink 6.8's incremental renderer starts each frame with cursorUp(lines - 1) although the previous
// frame left the cursor one line lower (after its trailing newline), so every frame lands one row
// further down. The app always draws from the top of the alternate screen, so a frame that starts
// with a relative move up can start at the home position instead.
const LEADING_CURSOR_UP = /^\x1b\[\d+A/;

export function fixIncrementalFrame(data: string): string {
	return data.replace(LEADING_CURSOR_UP, '\x1b[H');
}

// Ink brackets each frame with the terminal's synchronised-update marks, in three writes: the
// begin mark, the frame, the end mark. Each write is a system call and a pass through the stream;
// a frame that changes a few characters (a clock, a countdown) costs about as much to write as
// to make. The three are sent as one write, the same bytes in the same order.
export const BEGIN_SYNCHRONISED_UPDATE = '\x1b[?2026h';
export const END_SYNCHRONISED_UPDATE = '\x1b[?2026l';

/**
 * stdout as Ink should see it: the same stream, with frames corrected by fixIncrementalFrame and
 * a synchronised update (begin mark, frame, end mark) written as one.
 */
export function inkStdout(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
	const send = (data: unknown, rest: unknown[]): boolean => (stdout.write as (...args: unknown[]) => boolean)(data, ...rest);
	// The begin mark and what followed it, not yet written (null: nothing held).
	let held: string | null = null;
	const release = (): void => {
		if (held === null) return;
		const data = held;
		held = null;
		send(data, []);
	};
	const write = (data: unknown, ...rest: unknown[]): boolean => {
		if (typeof data !== 'string' || rest.length > 0) {
			release();
			return send(typeof data === 'string' ? fixIncrementalFrame(data) : data, rest);
		}
		if (held === null) {
			if (data !== BEGIN_SYNCHRONISED_UPDATE) return send(fixIncrementalFrame(data), []);
			held = data;
			// Ink writes the frame and the end mark in the same turn; whatever it holds goes out before the next.
			queueMicrotask(release);
			return true;
		}
		held += fixIncrementalFrame(data);
		if (data === END_SYNCHRONISED_UPDATE) release();
		return true;
	};
	return new Proxy(stdout, {
		get(target, property) {
			if (property === 'write') return write;
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
