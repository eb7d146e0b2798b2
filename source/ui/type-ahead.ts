// Keys typed while the app loads (`npx tcp-tui`, `npm start`'s compile), before it takes the
// terminal. Until then the terminal is in cooked mode: the line discipline echoes each key onto the
// main screen and holds it. Raw mode hands what it holds to the app, which would run it as keys
// nobody saw a screen for (`s` `b`: a socket and a bind prompt), and the echo stays on the main
// screen the user returns to after `q`. So the app reads what is held once raw mode is on (no
// more echo from then), discards it, and wipes its echo from the main screen before it leaves it.
import type {Readable} from 'node:stream';
import {displayWidth} from '../text/width.js';

/** Turns of the event loop to wait: the read starts on one (a nextTick), the kernel's answer comes on the poll after. */
const TURNS = 3;

/**
 * Read and drop whatever `stream` (a terminal, in raw mode now) already holds: keys typed before
 * raw mode. Resolves with them, '' when there were none, after a few turns of the event loop.
 */
export async function discardTypeAhead(stream: Readable): Promise<string> {
	let typed = '';
	const take = (): void => {
		for (let chunk: unknown = stream.read(); chunk !== null; chunk = stream.read()) typed += String(chunk);
	};
	stream.on('readable', take);
	try {
		for (let i = 0; i < TURNS; i++) await new Promise((resolve) => setImmediate(resolve));
		take();
	} finally {
		stream.off('readable', take);
	}
	return typed;
}

// How the line discipline echoes one character (ECHOCTL, as Linux and macOS default): a control
// character as ^X (two columns), a tab to the next multiple of 8.
function echoWidth(line: string): number {
	let column = 0;
	for (const ch of line) {
		const code = ch.codePointAt(0)!;
		if (ch === '\t') column += 8 - (column % 8);
		else if (code < 0x20 || code === 0x7f) column += 2;
		else column += displayWidth(ch);
	}
	return column;
}

/**
 * What erases the echo of `typed` on a screen `columns` wide, written with the cursor just after
 * the echo (where the line discipline left it): back to the echo's first row, then clear to the end
 * of the screen. '' when nothing was typed. The echo is taken to start at the first column, as it
 * does after the shell's newline that ran the command.
 */
export function eraseEcho(typed: string, columns: number): string {
	if (typed === '' || columns < 1) return '';
	const rows = typed.split(/\r\n|\r|\n/).reduce((sum, line) => sum + Math.max(1, Math.ceil(echoWidth(line) / columns)), 0);
	return `\r${rows > 1 ? `\x1b[${rows - 1}A` : ''}\x1b[J`;
}
