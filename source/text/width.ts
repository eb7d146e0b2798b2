// Display width of text in terminal columns: string-width's answer, fast. Every frame measures
// every line (ours and Ink's), and string-width segments graphemes and runs Unicode-property
// regexes per cluster for anything beyond printable ASCII, which our screens always hold (box
// drawing, arrows, ▶, …). A character in NARROW below is one column alone and starts a grapheme
// of its own next to any other such character (none is a mark, joiner, control or prepend), so a
// string made only of them is as wide as it is long. Anything else goes to string-width, and its
// answers for short strings are remembered: a screen's lines repeat frame after frame.
import stringWidth from 'string-width';

export interface WidthOptions {
	ambiguousIsNarrow?: boolean;
	countAnsiEscapeCodes?: boolean;
}

/** Code units below this that are one column wide on their own (test/ui/width.test.ts checks each against string-width). */
const NARROW_LIMIT = 0x2800;
const NARROW = new Uint8Array(NARROW_LIMIT);

function mark(from: number, to: number): void {
	NARROW.fill(1, from, to + 1);
}

mark(0x20, 0x7e); // printable ASCII
mark(0xa0, 0xff); // Latin-1 printable (·, ×, ±, …)
NARROW[0xad] = 0; // soft hyphen: zero width
mark(0x2010, 0x2027); // dashes, quotes, bullets, … (not the zero-width spaces before, nor the line separators after)
mark(0x2030, 0x205e); // ‰, ′, ‹ ›, ⁄ …
mark(0x2190, 0x23ff); // arrows, mathematical operators (∞), technical (⌫, ⏸, ⏱)
for (const wide of [0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ea, 0x23eb, 0x23ec, 0x23f0, 0x23f3]) NARROW[wide] = 0; // emoji and CJK brackets: two columns
mark(0x2400, 0x243f); // control pictures (␣)
mark(0x2500, 0x25ff); // box drawing, block elements, geometric shapes (▶ ◀ ▸ ▲ ▼)
NARROW[0x25fd] = 0; // ◽ and ◾ are emoji: two columns
NARROW[0x25fe] = 0;
NARROW[0x2713] = 1; // ✓
NARROW[0x2717] = 1; // ✗

/** Whether every code unit of `text` is in NARROW: then its width is its length. */
export function isNarrowText(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code >= NARROW_LIMIT || NARROW[code] === 0) return false;
	}
	return true;
}

/** Whether one code point (as a number) is in NARROW. */
export function isNarrowCodePoint(code: number): boolean {
	return code < NARROW_LIMIT && NARROW[code] === 1;
}

// string-width's answers for strings outside the fast path (Korean lines, mostly), bounded: when
// full it starts again rather than track use.
const REMEMBERED_MAX = 4096;
const REMEMBERED_LENGTH_MAX = 1024;
const remembered = new Map<string, number>();

function isDefault(options: WidthOptions | undefined): boolean {
	return options === undefined || (options.ambiguousIsNarrow !== false && options.countAnsiEscapeCodes !== true);
}

/** Columns `text` takes in a terminal: exactly string-width's answer for the same arguments. */
export function displayWidth(text: string, options?: WidthOptions): number {
	if (typeof text !== 'string' || text.length === 0) return 0;
	if (!isDefault(options)) return stringWidth(text, options);
	if (isNarrowText(text)) return text.length;
	if (text.length > REMEMBERED_LENGTH_MAX) return stringWidth(text);
	let columns = remembered.get(text);
	if (columns === undefined) {
		columns = stringWidth(text);
		if (remembered.size >= REMEMBERED_MAX) remembered.clear();
		remembered.set(text, columns);
	}
	return columns;
}

export default displayWidth;
