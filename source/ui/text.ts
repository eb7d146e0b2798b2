// Column-exact text helpers. Korean is double-width, so every pad and cut measures with
// string-width, never with `.length`.
import stringWidth from 'string-width';
import {escapeControlChar, hasControlChar} from '../text/sanitize.js';

export function width(text: string): number {
	return stringWidth(text);
}

/** Cut to at most `columns` display columns, ending in `ellipsis` when something was cut. */
export function truncate(text: string, columns: number, ellipsis = '…'): string {
	if (columns <= 0) return '';
	if (stringWidth(text) <= columns) return text;
	const room = columns - stringWidth(ellipsis);
	if (room <= 0) return ellipsis.slice(0, columns);
	let out = '';
	let used = 0;
	for (const ch of text) {
		const w = stringWidth(ch);
		if (used + w > room) break;
		out += ch;
		used += w;
	}
	return out + ellipsis;
}

/** Pad (or cut) to exactly `columns` display columns. */
export function padEnd(text: string, columns: number): string {
	const cut = truncate(text, columns);
	return cut + ' '.repeat(Math.max(0, columns - stringWidth(cut)));
}

export function padStart(text: string, columns: number): string {
	const cut = truncate(text, columns);
	return ' '.repeat(Math.max(0, columns - stringWidth(cut))) + cut;
}

export function center(text: string, columns: number): string {
	const cut = truncate(text, columns);
	const room = Math.max(0, columns - stringWidth(cut));
	const left = Math.floor(room / 2);
	return ' '.repeat(left) + cut + ' '.repeat(room - left);
}

/** Virtual milliseconds as seconds with three decimals: 1234 → "1.234s". */
export function formatTime(ms: number): string {
	return `${(ms / 1000).toFixed(3)}s`;
}

/**
 * A countdown: tenths below 10 s (1234 → "1.3s"), whole seconds above (54321 → "55s"). Rounded up,
 * so it reads 0 only when the timer fires; the clock redraws once per shown step.
 */
export function formatCountdown(ms: number): string {
	const clamped = Math.max(0, ms);
	if (clamped >= 10_000) return `${Math.ceil(clamped / 1000)}s`;
	return `${(Math.ceil(clamped / 100) / 10).toFixed(1)}s`;
}

export function formatSpeed(speed: number): string {
	return `×${Number(speed.toPrecision(3))}`;
}

/** Bits per second in tc's units: 1000000 → "1mbit". */
export function formatRate(bitsPerSecond: number): string {
	if (bitsPerSecond === 0) return '∞';
	const units: Array<[number, string]> = [[1e9, 'gbit'], [1e6, 'mbit'], [1e3, 'kbit']];
	for (const [size, unit] of units) {
		if (bitsPerSecond >= size) return `${Number((bitsPerSecond / size).toPrecision(4))}${unit}`;
	}
	return `${bitsPerSecond}bit`;
}

/** Bytes as text a person can read: printable ASCII/UTF-8 kept, the rest escaped. */
export function printableBytes(data: Uint8Array): string {
	return printablePrefix(data, Infinity).text;
}

/**
 * Characters of a read's data a call-log row keeps (made once, with the row): more than any pane
 * is wide, while a read may return 4096 bytes that would be escaped and measured on every frame.
 */
export const SHOWN_DATA_CHARS = 512;

/** What a call-log row shows of a read's data: its printable start (see SHOWN_DATA_CHARS). */
export function shownData(data: Uint8Array): {text: string; cut: boolean} {
	return printablePrefix(data, SHOWN_DATA_CHARS);
}

/**
 * The start of printableBytes(data): its first `maxChars` characters at most, read from no more
 * of `data` than they need (4 bytes a character at most). `cut` says something was left out.
 */
export function printablePrefix(data: Uint8Array, maxChars: number): {text: string; cut: boolean} {
	const bytes = data.length > maxChars * 4 ? data.subarray(0, maxChars * 4) : data;
	// A prefix may end inside a character: streaming holds those bytes back instead of decoding them as U+FFFD.
	const text = new TextDecoder('utf-8', {fatal: false}).decode(bytes, {stream: bytes !== data});
	let out = '';
	let chars = 0;
	for (const ch of text) {
		if (chars === maxChars) return {text: out, cut: true};
		chars++;
		const code = ch.codePointAt(0) ?? 0;
		if (ch === '\n') out += '\\n';
		else if (ch === '\r') out += '\\r';
		else if (ch === '\t') out += '\\t';
		else if (ch === '"') out += '\\"';
		else if (ch === '\\') out += '\\\\';
		else if (hasControlChar(ch)) out += escapeControlChar(ch);
		else if (ch === '\ufffd') out += `\\x${code.toString(16)}`;
		else out += ch;
	}
	return {text: out, cut: bytes !== data};
}
