// Column-exact text helpers. Korean is double-width, so every pad and cut measures display
// columns (string-width's answer, through displayWidth), never `.length`.
import {escapeControlChar} from '../text/sanitize.js';
import {displayWidth, isNarrowText} from '../text/width.js';

export function width(text: string): number {
	return displayWidth(text);
}

/** Cut to at most `columns` display columns, ending in `ellipsis` when something was cut. */
export function truncate(text: string, columns: number, ellipsis = '…'): string {
	return cut(text, columns, ellipsis).text;
}

/** Keep the last `columns` display columns, starting with `ellipsis` when something was cut (a typed line's end). */
export function truncateStart(text: string, columns: number, ellipsis = '…'): string {
	if (displayWidth(text) <= columns) return text;
	const room = columns - displayWidth(ellipsis);
	if (room <= 0) return ellipsis.slice(0, Math.max(0, columns));
	const chars = [...text];
	let start = chars.length;
	let used = 0;
	while (start > 0) {
		const w = displayWidth(chars[start - 1]!);
		if (used + w > room) break;
		used += w;
		start--;
	}
	return ellipsis + chars.slice(start).join('');
}

interface Cut {
	text: string;
	/** displayWidth(text), when known without measuring again; -1 otherwise. */
	columns: number;
}

function cut(text: string, columns: number, ellipsis = '…'): Cut {
	if (columns <= 0) return {text: '', columns: 0};
	const narrow = isNarrowText(text);
	const whole = narrow ? text.length : displayWidth(text);
	if (whole <= columns) return {text, columns: whole};
	const room = columns - displayWidth(ellipsis);
	if (room <= 0) return {text: ellipsis.slice(0, columns), columns: -1};
	// One column per code unit: the first `room` of them.
	if (narrow) return {text: text.slice(0, room) + ellipsis, columns: -1};
	// Character by character, each measured alone (as a cut always has: a cluster may be split).
	let end = 0;
	let used = 0;
	for (const ch of text) {
		const w = displayWidth(ch);
		if (used + w > room) break;
		end += ch.length;
		used += w;
	}
	return {text: text.slice(0, end) + ellipsis, columns: -1};
}

function cutColumns(piece: Cut): number {
	return piece.columns >= 0 ? piece.columns : displayWidth(piece.text);
}

/** Pad (or cut) to exactly `columns` display columns. */
export function padEnd(text: string, columns: number): string {
	const piece = cut(text, columns);
	return piece.text + ' '.repeat(Math.max(0, columns - cutColumns(piece)));
}

export function padStart(text: string, columns: number): string {
	const piece = cut(text, columns);
	return ' '.repeat(Math.max(0, columns - cutColumns(piece))) + piece.text;
}

export function center(text: string, columns: number): string {
	const piece = cut(text, columns);
	const room = Math.max(0, columns - cutColumns(piece));
	const left = Math.floor(room / 2);
	return ' '.repeat(left) + piece.text + ' '.repeat(room - left);
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

/** The bytes a prefix of `maxChars` characters needs (4 a character at most), decoded. */
function decodePrefix(data: Uint8Array, maxChars: number): {text: string; cutBytes: boolean} {
	const bytes = data.length > maxChars * 4 ? data.subarray(0, maxChars * 4) : data;
	// A prefix may end inside a character: streaming holds those bytes back instead of decoding them as U+FFFD.
	return {text: new TextDecoder('utf-8', {fatal: false}).decode(bytes, {stream: bytes !== data}), cutBytes: bytes !== data};
}

/**
 * Text with nothing printableBytes escapes (no control character, quote, backslash or U+FFFD) and
 * no surrogate (a pair is one character in two code units): its own printable form, one character
 * a code unit.
 */
const NOTHING_TO_ESCAPE = /^[^\x00-\x1f"\\\x7f-\x9f\ufffd\ud800-\udfff]*$/;

/**
 * The start of printableBytes(data): its first `maxChars` characters at most, read from no more
 * of `data` than they need (4 bytes a character at most). `cut` says something was left out.
 */
export function printablePrefix(data: Uint8Array, maxChars: number): {text: string; cut: boolean} {
	const {text, cutBytes} = decodePrefix(data, maxChars);
	// Most data a class sends (a read of 4 KB of text, several a second) needs no escaping: a slice, not a string built character by character.
	if (NOTHING_TO_ESCAPE.test(text)) return text.length > maxChars ? {text: text.slice(0, maxChars), cut: true} : {text, cut: cutBytes};
	return escapedPrefix(text, maxChars, cutBytes);
}

/** printablePrefix character by character, escaping what needs it (any text; the plain path, also for tests). */
export function printablePrefixByChar(data: Uint8Array, maxChars: number): {text: string; cut: boolean} {
	const {text, cutBytes} = decodePrefix(data, maxChars);
	return escapedPrefix(text, maxChars, cutBytes);
}

function escapedPrefix(text: string, maxChars: number, cutBytes: boolean): {text: string; cut: boolean} {
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
		else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += escapeControlChar(ch); // what sanitize.ts calls a control character
		else if (ch === '\ufffd') out += `\\x${code.toString(16)}`;
		else out += ch;
	}
	return {text: out, cut: cutBytes};
}
