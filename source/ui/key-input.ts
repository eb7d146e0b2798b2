// What reaches Ink from the keyboard. Ink's key parser throws on escape sequences it cannot name when
// their modifier field has the Ctrl bit (`ESC[31m` in pasted coloured text, `ESC[1;5P` for Ctrl+F1 in
// xterm, `ESC[99;5~`): one such sequence ended the whole app, and over SSH the whole classroom.
// Sequences of keys the app knows pass through; every other escape sequence (colours, focus and
// mouse reports) is dropped before Ink sees it. Between bracketed-paste marks (ESC[200~ … ESC[201~,
// turned on by terminal.ts) the text is one line of text: a line break or tab becomes a space and other
// control characters and escape sequences go, so a pasted newline neither submits a prompt nor lets
// the rest of the paste run as keys. The paste reaches the app between PASTE_OPEN and PASTE_CLOSE
// (characters of Unicode's private use area, removed from anything typed): outside a prompt the
// app takes no paste as keys, whatever letters it holds.
import type {Readable} from 'node:stream';

/** Before pasted text, as the app receives it (Ink passes it on as text). */
export const PASTE_OPEN = '\uE000';
/** After pasted text. */
export const PASTE_CLOSE = '\uE001';

const ESC = '\u001B';
// Keys the app (or Ink) names: arrows, Home/End, Shift+Tab, F1–F4 (CSI and SS3 forms).
const CSI_LETTER = /^\[(?:1;\d{1,3})?[ABCDHF]$|^\[[ZPQRS]$/;
const SS3_LETTER = /^O[ABCDHFPQRS]$/;
// `ESC[N~` / `ESC[N;M~`: Home, Insert, Delete, End, PgUp, PgDn, F5–F12.
const TILDE = /^\[(\d{1,2})(?:;\d{1,3})?~$/;
const PASTE_START = '[200~';
const PASTE_END = '[201~';
const TILDE_KEYS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24]);

function known(body: string): boolean {
	if (CSI_LETTER.test(body) || SS3_LETTER.test(body)) return true;
	const tilde = TILDE.exec(body);
	return tilde !== null && TILDE_KEYS.has(Number(tilde[1]));
}

/** Where the escape sequence starting at `start` (at an ESC) ends: its length, or -1 if the input ends inside it. 0: not a CSI/SS3 sequence. */
function sequenceLength(input: string, start: number): number {
	let i = start + 1;
	if (input[i] === ESC) i++; // Alt (meta) + key
	const kind = input[i];
	if (kind === undefined) return 0; // a lone Esc (or Alt+Esc): Ink decides, as before
	if (kind === 'O') return i + 2 <= input.length ? i + 2 - start : -1;
	if (kind !== '[') return 0;
	for (let j = i + 1; j < input.length; j++) {
		const code = input.charCodeAt(j);
		if (code >= 0x20 && code <= 0x3f) continue; // parameter and intermediate bytes
		if (j === i + 1 && code === 0x5b) continue; // ESC[[A: the Linux console's F1–F5
		if (code >= 0x40 && code <= 0x7e) return j + 1 - start;
		return j - start; // broken: drop what was read so far
	}
	return -1;
}

/** Filters the text read from a terminal, keeping any sequence cut at a read's end for the next read. */
export class KeyInputFilter {
	private carry = '';
	/** Escapes that ended the last read and were passed on: Ink may join them with this read's start. */
	private trailingEsc = '';
	private pasting = false;

	push(chunk: string): string {
		const prefix = this.trailingEsc;
		const out = this.filter(prefix + this.carry + chunk);
		const ending = /\u001B{1,2}$/.exec(out);
		this.trailingEsc = this.carry === '' && ending ? ending[0] : '';
		return out.startsWith(prefix) ? out.slice(prefix.length) : out;
	}

	/** Ink has flushed a pending Esc as the Escape key (on setImmediate): the next read starts afresh. */
	settle(): void {
		this.trailingEsc = '';
	}

	private filter(input: string): string {
		this.carry = '';
		// A paste that goes on from the last read: this read's part of it is marked as pasted too.
		let out = this.pasting ? PASTE_OPEN : '';
		let i = 0;
		while (i < input.length) {
			const at = input.indexOf(ESC, i);
			if (at < 0) {
				out += this.text(input.slice(i));
				break;
			}
			out += this.text(input.slice(i, at));
			const length = sequenceLength(input, at);
			if (length < 0) {
				this.carry = input.slice(at);
				break;
			}
			if (length === 0) {
				if (!this.pasting) out += ESC;
				i = at + 1;
				continue;
			}
			const sequence = input.slice(at, at + length);
			const body = sequence.startsWith(ESC + ESC) ? sequence.slice(2) : sequence.slice(1);
			if (body === PASTE_START || body === PASTE_END) {
				if (this.pasting !== (body === PASTE_START)) out += body === PASTE_START ? PASTE_OPEN : PASTE_CLOSE;
				this.pasting = body === PASTE_START;
			} else if (!this.pasting && known(body)) out += sequence;
			i = at + length;
		}
		return out;
	}

	private text(text: string): string {
		// Only the filter marks a paste: the marks never come from what was typed or pasted.
		const unmarked = text.replace(/[\uE000\uE001]/g, '');
		// eslint-disable-next-line no-control-regex
		return this.pasting ? unmarked.replace(/\r\n|[\r\n\t]/g, ' ').replace(/[\u0000-\u001F\u007F]/g, '') : unmarked;
	}
}

/** Make `stream.read()` (what Ink calls on 'readable') return filtered text. */
export function filterKeyInput<S extends Readable>(stream: S): S {
	const filter = new KeyInputFilter();
	const read = stream.read.bind(stream);
	stream.read = (size?: number): unknown => {
		const chunk: unknown = read(size);
		if (chunk === null) return null;
		setImmediate(() => filter.settle());
		return filter.push(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
	};
	return stream;
}
