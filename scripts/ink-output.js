// Ink 6.8's build/output.js as the bundle uses it (scripts/bundle.mjs puts it in place of Ink's
// own). Ink makes a grid of styled cells for the whole screen every frame and turns each row back
// into text, although most rows are the same as in the previous frame. Here each row first
// gathers what is written on it (column and text, after clipping and transformers, in order); a
// row made of the same writes as a row seen before is that row's text again, looked up. A row not
// seen before is drawn exactly as Ink draws it: same cells, same text, byte for byte.
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, styledCharsFromTokens, styledCharsToString, tokenize} from '@alcalzone/ansi-tokenize';
// tsc's build of source/text/width.ts; the bundle takes the source itself (scripts/bundle.mjs).
import {isNarrowCodePoint, isNarrowText} from '../dist/source/text/width.js';

const ESC = 0x1b;
const OPEN_BRACKET = 0x5b;
const SEMICOLON = 0x3b;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LETTER_M = 0x6d;

/** The tokens of one SGR sequence (`ESC [ digits and semicolons m`), as tokenize reads it anywhere in a line. */
const sgrTokens = new Map();
function tokensOfSgr(code) {
	let tokens = sgrTokens.get(code);
	if (tokens === undefined) {
		if (sgrTokens.size >= CACHE_LIMIT) sgrTokens.clear();
		tokens = tokenize(code);
		sgrTokens.set(code, tokens);
	}
	return tokens;
}

/** The index of the `m` ending the SGR code (ESC [ digits and semicolons m) that starts at `i`, or -1 if none does. */
function sgrEnd(line, i) {
	if (line.charCodeAt(i + 1) !== OPEN_BRACKET) return -1;
	for (let end = i + 2; end < line.length; end++) {
		const next = line.charCodeAt(end);
		if (next === LETTER_M) return end;
		if (next !== SEMICOLON && (next < DIGIT_0 || next > DIGIT_9)) return -1;
	}
	return -1;
}

/**
 * styledCharsFromTokens(tokenize(line)) without segmenting graphemes, for a line made only of
 * characters that are one column alone and never join another (displayWidth's fast set,
 * source/text/width.ts) and SGR sequences: each such character is a grapheme and a cell of its
 * own, and the escape that starts a sequence always starts a grapheme. The same characters with
 * the same styles; characters of a run with one style share its list of codes (nothing changes
 * them). Any other line (undefined) goes through the tokenizer.
 */
export function plainStyledChars(line) {
	const characters = [];
	let codes = [];
	let styles = codes;
	for (let i = 0; i < line.length; ) {
		const code = line.charCodeAt(i);
		if (code === ESC) {
			const end = sgrEnd(line, i);
			if (end < 0) return undefined;
			codes = reduceAnsiCodesIncremental(codes, tokensOfSgr(line.slice(i, end + 1)));
			styles = null;
			i = end + 1;
			continue;
		}
		if (!isNarrowCodePoint(code)) return undefined;
		if (styles === null) styles = [...codes];
		characters.push({type: 'char', value: line[i], fullWidth: false, styles});
		i++;
	}
	return characters;
}

/**
 * sliceAnsi(line, from, to) for the columns a clip keeps. A line made only of characters that are
 * one column alone and never join another, without any escape, has one column per code unit: its
 * slice is the string's. Such characters with SGR sequences: sliceStyledLine. Anything else goes
 * to slice-ansi.
 */
export function sliceLine(line, from, to) {
	if (!(Number.isInteger(from) && from >= 0 && Number.isInteger(to) && to >= 0)) return sliceAnsi(line, from, to);
	if (isNarrowText(line)) return line.slice(from, to);
	// A line cut before (a screen's lines repeat frame after frame) is that cut again.
	const key = `${from}:${to}:${line}`;
	let cut = cutLines.get(key);
	if (cut === undefined) {
		if (cutLines.size >= CACHE_LIMIT) cutLines = new Map();
		cut = sliceStyledLine(line, from, to) ?? sliceAnsi(line, from, to);
		cutLines.set(key, cut);
	}
	return cut;
}
let cutLines = new Map();

/**
 * sliceAnsi(line, from, to) for a line of fast-set characters and SGR sequences (as plainStyledChars
 * reads), from and to whole columns: slice-ansi copies each such character as it is and handles
 * them all alike (one column, a grapheme of its own), so its answer depends on where the codes
 * stand, not on which characters lie between. The line's shape (its codes as they are, a stand-in
 * for each character) is sliced by slice-ansi once, and the line's characters from `from` on are
 * put in the stand-ins' places: a countdown's line that changes its digits is sliced once. Any
 * other line, or a shape whose slice does not keep the characters expected: undefined.
 */
const STAND_IN = 'a';
const STAND_IN_CODE = 0x61;
let shapeSlices = new Map();
export function sliceStyledLine(line, from, to) {
	let shape = '';
	// The line's characters without its codes, in order: the stand-ins' places are filled from them.
	let characters = '';
	let run = 0;
	for (let i = 0; i < line.length; ) {
		const code = line.charCodeAt(i);
		if (code === ESC) {
			const end = sgrEnd(line, i);
			if (end < 0) return undefined;
			if (run > 0) shape += STAND_IN.repeat(run);
			run = 0;
			shape += line.slice(i, end + 1);
			i = end + 1;
			continue;
		}
		if (!isNarrowCodePoint(code)) return undefined;
		run++;
		characters += line[i];
		i++;
	}
	if (run > 0) shape += STAND_IN.repeat(run);
	const key = `${from}:${to}:${shape}`;
	let sliced = shapeSlices.get(key);
	if (sliced === undefined) {
		if (shapeSlices.size >= CACHE_LIMIT) shapeSlices = new Map();
		sliced = sliceAnsi(shape, from, to);
		shapeSlices.set(key, sliced);
	}
	// The characters kept are the line's from `from` up to `to`, in order: one for each stand-in.
	const kept = Math.max(0, Math.min(to, characters.length) - from);
	const keptText = characters.slice(from, from + kept);
	let out = '';
	let filled = 0;
	for (let i = 0; i < sliced.length; ) {
		const code = sliced.charCodeAt(i);
		if (code === ESC) {
			const end = sgrEnd(sliced, i);
			if (end < 0) return undefined;
			out += sliced.slice(i, end + 1);
			i = end + 1;
			continue;
		}
		if (code !== STAND_IN_CODE || filled >= kept) return undefined;
		out += keptText[filled++];
		i++;
	}
	return filled === kept ? out : undefined;
}

/**
 * Styles (reduced lists of SGR codes) by number, equal lists one number: how the text of a cell
 * after another depends on their styles is worked out once per pair. 0 is no style (a blank cell).
 * diffAnsiCodes, ansiCodesToString and reduceAnsiCodesIncremental read only each code's `code` and
 * `endCode`, so lists with the same of those give the same text.
 */
const STYLE_LIMIT = 4096;
const STYLE_KEY = 0x100000;
let styleCodes = [[]];
let styleIds = new Map([['', 0]]);
let styleOpen = [''];
let styleAfter = [new Map()];
let styleDiffs = new Map();
let lineSpans = new Map();
function styleOf(codes) {
	let key = '';
	for (const code of codes) key += `${code.code}\u0000${code.endCode}\u0001`;
	let id = styleIds.get(key);
	if (id === undefined) {
		id = styleCodes.length;
		styleIds.set(key, id);
		styleCodes.push(codes);
		styleOpen.push(ansiCodesToString(codes));
		styleAfter.push(new Map());
	}
	return id;
}
/** The style after an SGR sequence in a cell of style `id`, as reduceAnsiCodesIncremental gives it. */
function styleAfterSgr(id, sgr) {
	const after = styleAfter[id];
	let next = after.get(sgr);
	if (next === undefined) {
		next = styleOf(reduceAnsiCodesIncremental(styleCodes[id], tokensOfSgr(sgr)));
		after.set(sgr, next);
	}
	return next;
}
/** Ink's codes between a cell of style `from` and the next of style `to`. */
function styleDiff(from, to) {
	if (from === to) return '';
	const key = from * STYLE_KEY + to;
	let text = styleDiffs.get(key);
	if (text === undefined) {
		text = ansiCodesToString(diffAnsiCodes(styleCodes[from], styleCodes[to]));
		styleDiffs.set(key, text);
	}
	return text;
}
/** Starts the styles and everything made from them again once there are this many (at a frame's start). */
function boundStyles() {
	if (styleCodes.length <= STYLE_LIMIT && lineSpans.size < CACHE_LIMIT) return;
	styleCodes = [[]];
	styleIds = new Map([['', 0]]);
	styleOpen = [''];
	styleAfter = [new Map()];
	styleDiffs = new Map();
	lineSpans = new Map();
}

/**
 * A line made only of displayWidth's fast-set characters (one column each, one code unit each)
 * and SGR sequences, as spans of cells of one style: `starts[k]` is span k's first cell, `styles[k]`
 * its style, `texts[k]` its characters; `cells` in all, `whole` the text Ink makes of all its cells
 * after the first cell's codes. null for any other line (it is drawn cell by cell).
 */
function spansOf(line) {
	let spans = lineSpans.get(line);
	if (spans === undefined) {
		spans = parseSpans(line);
		lineSpans.set(line, spans);
	}
	return spans;
}
function parseSpans(line) {
	const starts = [];
	const styles = [];
	const texts = [];
	let style = 0;
	let text = '';
	let from = -1;
	let cells = 0;
	for (let i = 0; i < line.length; ) {
		const code = line.charCodeAt(i);
		if (code === ESC) {
			const end = sgrEnd(line, i);
			if (end < 0) return null;
			if (from >= 0) {
				text += line.slice(from, i);
				from = -1;
			}
			const next = styleAfterSgr(style, line.slice(i, end + 1));
			if (next !== style) {
				if (text.length > 0) {
					starts.push(cells - text.length);
					styles.push(style);
					texts.push(text);
					text = '';
				}
				style = next;
			}
			i = end + 1;
			continue;
		}
		if (!isNarrowCodePoint(code)) return null;
		if (from < 0) from = i;
		cells++;
		i++;
	}
	if (from >= 0) text += line.slice(from);
	if (text.length > 0) {
		starts.push(cells - text.length);
		styles.push(style);
		texts.push(text);
	}
	let whole = texts.length > 0 ? texts[0] : '';
	for (let k = 1; k < texts.length; k++) whole += styleDiff(styles[k - 1], styles[k]) + texts[k];
	return {cells, starts, styles, texts, whole};
}

/** A piece of a row: cells [from, to) show cells from `at` on of `spans` (null: blanks). */
function piece(from, to, spans, at) {
	return {from, to, spans, at};
}

/** Ink's caches of styled characters and widths, kept from frame to frame (they depend only on the text). */
const CACHE_LIMIT = 20_000;
class OutputCaches {
	widths = new Map();
	blockWidths = new Map();
	styledChars = new Map();
	getStyledChars(line) {
		let cached = this.styledChars.get(line);
		if (cached === undefined) {
			if (this.styledChars.size >= CACHE_LIMIT) this.styledChars.clear();
			cached = plainStyledChars(line) ?? styledCharsFromTokens(tokenize(line));
			this.styledChars.set(line, cached);
		}
		return cached;
	}
	getStringWidth(text) {
		let cached = this.widths.get(text);
		if (cached === undefined) {
			if (this.widths.size >= CACHE_LIMIT) this.widths.clear();
			cached = stringWidth(text);
			this.widths.set(text, cached);
		}
		return cached;
	}
	getWidestLine(text) {
		let cached = this.blockWidths.get(text);
		if (cached === undefined) {
			if (this.blockWidths.size >= CACHE_LIMIT) this.blockWidths.clear();
			let lineWidth = 0;
			for (const line of text.split('\n')) lineWidth = Math.max(lineWidth, this.getStringWidth(line));
			cached = lineWidth;
			this.blockWidths.set(text, cached);
		}
		return cached;
	}
}
const sharedCaches = new OutputCaches();

/** Rows drawn before, by width and then by their writes; started again when it grows past this. */
const ROW_LIMIT = CACHE_LIMIT;
const rowsByWidth = new Map();
let remembered = 0;

/** A blank cell's styles (none). */
const BLANK_STYLES = [];

/** Lists of styled characters that are all one column wide (true) or not (false). */
const oneColumn = new WeakMap();

/** The text of characters[from..to) after the first one's codes: see drawRowByRuns. */
const runTexts = new WeakMap();
function runText(characters, from, to) {
	let texts = runTexts.get(characters);
	if (texts === undefined) {
		texts = new Map();
		runTexts.set(characters, texts);
	}
	const key = from * 0x10000 + to;
	let text = texts.get(key);
	if (text === undefined) {
		text = characters[from].value;
		for (let i = from + 1; i < to; i++) text += ansiCodesToString(diffAnsiCodes(characters[i - 1].styles, characters[i].styles)) + characters[i].value;
		texts.set(key, text);
	}
	return text;
}

/** A row's writes as one key: column, length and text of each. */
function rowKey(writes) {
	let key = '';
	for (let i = 0; i < writes.length; i += 2) key += `${writes[i]},${writes[i + 1].length}:${writes[i + 1]}`;
	return key;
}

export default class Output {
	width;
	height;
	operations = [];
	caches = sharedCaches;
	constructor(options) {
		const {width, height} = options;
		this.width = width;
		this.height = height;
	}
	write(x, y, text, options) {
		const {transformers} = options;
		if (!text) return;
		this.operations.push({type: 'write', x, y, text, transformers});
	}
	clip(clip) {
		this.operations.push({type: 'clip', clip});
	}
	unclip() {
		this.operations.push({type: 'unclip'});
	}
	/** A row's text: by spans of one style (drawRowBySpans), by runs of cells (drawRowByRuns), or Ink's way (drawCells). */
	drawRow(writes) {
		return this.drawRowBySpans(writes) ?? this.drawRowByRuns(writes) ?? this.drawCells(writes);
	}
	/**
	 * Ink's text for a row is, cell after cell, the codes from the previous cell's style to this
	 * one's, then its character; nothing between two cells of one style. When every write is a
	 * fast-set line (spansOf) that fits in the row, the row is the pieces of lines left visible by
	 * the writes after them, and its text is made span by span: the codes at each change of style
	 * (remembered per pair of styles) and the characters between. Anything else: undefined.
	 */
	drawRowBySpans(writes) {
		const {width} = this;
		if (width === 0) return undefined;
		let pieces = [piece(0, width, null, 0)];
		for (let i = 0; i < writes.length; i += 2) {
			const x = writes[i];
			const spans = spansOf(writes[i + 1]);
			if (spans === null || !Number.isInteger(x) || x < 0 || x + spans.cells > width) return undefined;
			if (spans.cells === 0) continue;
			const end = x + spans.cells;
			// The pieces before, the write's piece, the pieces after (what it covers of them is cut away).
			const next = [];
			let placed = false;
			for (let j = 0; j < pieces.length; j++) {
				const p = pieces[j];
				if (p.to <= x || p.from >= end) {
					if (p.from >= end && !placed) {
						next.push(piece(x, end, spans, 0));
						placed = true;
					}
					next.push(p);
					continue;
				}
				if (p.from < x) next.push(piece(p.from, x, p.spans, p.at));
				if (!placed) {
					next.push(piece(x, end, spans, 0));
					placed = true;
				}
				if (p.to > end) next.push(piece(end, p.to, p.spans, p.at + (end - p.from)));
			}
			pieces = next;
		}
		let text = '';
		let previous = -1;
		for (let j = 0; j < pieces.length; j++) {
			const p = pieces[j];
			const length = p.to - p.from;
			if (p.spans === null) {
				text += (previous === -1 ? '' : styleDiff(previous, 0)) + ' '.repeat(length);
				previous = 0;
				continue;
			}
			const {starts, styles, texts} = p.spans;
			let k = 0;
			while (k + 1 < starts.length && starts[k + 1] <= p.at) k++;
			text += previous === -1 ? styleOpen[styles[k]] : styleDiff(previous, styles[k]);
			if (p.at === 0 && length === p.spans.cells) {
				text += p.spans.whole;
				previous = styles.at(-1);
				continue;
			}
			const last = p.at + length;
			text += texts[k].slice(p.at - starts[k], last - starts[k]);
			for (k++; k < starts.length && starts[k] < last; k++) text += styleDiff(styles[k - 1], styles[k]) + texts[k].slice(0, last - starts[k]);
			previous = styles[k - 1];
		}
		text += styleDiff(previous, 0);
		return text.trimEnd();
	}
	/**
	 * Ink's text for a row is, cell after cell, the codes from the previous cell's style to this
	 * one's, then its character. Along a run of cells that one write put side by side, that text
	 * depends on the write alone: it is made once per run and looked up after, and only the joins
	 * between runs are worked out each time. Rows with a character that is not one column wide, or a
	 * write that does not fit inside the row, are left to drawCells (undefined).
	 */
	drawRowByRuns(writes) {
		const {width} = this;
		if (width === 0) return undefined;
		const owner = new Int32Array(width).fill(-1);
		const at = new Int32Array(width);
		const written = [];
		for (let i = 0; i < writes.length; i += 2) {
			const x = writes[i];
			const characters = this.caches.getStyledChars(writes[i + 1]);
			if (!Number.isInteger(x) || x < 0 || x + characters.length > width || !this.allOneColumn(characters)) return undefined;
			const w = written.length;
			written.push(characters);
			for (let k = 0; k < characters.length; k++) {
				owner[x + k] = w;
				at[x + k] = k;
			}
		}
		let text = '';
		let previous = null;
		for (let start = 0; start < width; ) {
			const w = owner[start];
			let end = start + 1;
			if (w === -1) {
				while (end < width && owner[end] === -1) end++;
			} else {
				while (end < width && owner[end] === w && at[end] === at[end - 1] + 1) end++;
			}
			const characters = w === -1 ? null : written[w];
			const first = w === -1 ? BLANK_STYLES : characters[at[start]].styles;
			text += previous === null ? ansiCodesToString(first) : ansiCodesToString(diffAnsiCodes(previous, first));
			if (w === -1) {
				text += ' '.repeat(end - start);
				previous = BLANK_STYLES;
			} else {
				text += runText(characters, at[start], at[end - 1] + 1);
				previous = characters[at[end - 1]].styles;
			}
			start = end;
		}
		text += ansiCodesToString(diffAnsiCodes(previous, BLANK_STYLES));
		return text.trimEnd();
	}
	/** Whether every one of these styled characters takes one column (remembered per list). */
	allOneColumn(characters) {
		let narrow = oneColumn.get(characters);
		if (narrow === undefined) {
			narrow = characters.every((character) => this.columnsOf(character.value) === 1);
			oneColumn.set(characters, narrow);
		}
		return narrow;
	}
	/** Columns a cell's character takes, as Ink counts them (at least one). */
	columnsOf(value) {
		// Printable ASCII, most of a screen, is one column: string-width's answer without asking it
		const code = value.length === 1 ? value.charCodeAt(0) : 0;
		return code >= 0x20 && code < 0x7f ? 1 : Math.max(1, this.caches.getStringWidth(value));
	}
	/** Ink's cells for one row: `width` blanks, then each write's styled characters in order. */
	drawCells(writes) {
		const currentLine = [];
		for (let x = 0; x < this.width; x++) currentLine.push({type: 'char', value: ' ', fullWidth: false, styles: []});
		for (let i = 0; i < writes.length; i += 2) {
			const characters = this.caches.getStyledChars(writes[i + 1]);
			let offsetX = writes[i];
			for (const character of characters) {
				currentLine[offsetX] = character;
				// Determine printed width using string-width to align with measurement
				const characterWidth = this.columnsOf(character.value);
				// For multi-column characters, clear following cells to avoid stray spaces/artifacts
				if (characterWidth > 1) {
					for (let index = 1; index < characterWidth; index++) {
						currentLine[offsetX + index] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
					}
				}
				offsetX += characterWidth;
			}
		}
		// See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
		const lineWithoutEmptyItems = currentLine.filter((item) => item !== undefined);
		return styledCharsToString(lineWithoutEmptyItems).trimEnd();
	}
	get() {
		// One list of writes per row (column, text, …), so that margin/padding at the bottom is preserved
		const output = [];
		for (let y = 0; y < this.height; y++) output.push([]);
		const clips = [];
		// Indexed loops on the frame's path (see ink-render-node.js's pushAll).
		const {operations} = this;
		for (let k = 0; k < operations.length; k++) {
			const operation = operations[k];
			if (operation.type === 'clip') clips.push(operation.clip);
			if (operation.type === 'unclip') clips.pop();
			if (operation.type === 'write') {
				const placed = this.placed(operation, clips.at(-1));
				for (let i = 0; i < placed.length; i += 3) output[placed[i]].push(placed[i + 1], placed[i + 2]);
			}
		}
		boundStyles();
		let rows = rowsByWidth.get(this.width);
		if (rows === undefined) {
			rows = new Map();
			rowsByWidth.set(this.width, rows);
		}
		// A row made of the very writes of the same row in the last frame of this size is that row again.
		const frameKey = this.width * FRAME_KEY + this.height;
		const last = lastFrames.get(frameKey);
		const texts = [];
		for (let y = 0; y < output.length; y++) {
			const writes = output[y];
			if (last !== undefined && sameWrites(last.writes[y], writes)) {
				texts.push(last.texts[y]);
				continue;
			}
			const key = rowKey(writes);
			let row = rows.get(key);
			if (row === undefined) {
				if (remembered >= ROW_LIMIT) {
					for (const other of rowsByWidth.values()) other.clear();
					remembered = 0;
				}
				row = this.drawRow(writes);
				rows.set(key, row);
				remembered++;
			}
			texts.push(row);
		}
		if (last === undefined && lastFrames.size >= FRAME_SIZES) lastFrames.clear();
		lastFrames.set(frameKey, {writes: output, texts});
		return {output: texts.join('\n'), height: output.length};
	}
	/**
	 * Where a write's lines land, after the clip and the transformers, as Ink places them: row,
	 * column and text of each, flat. A node drawn again from its kept writes gives the same write
	 * objects every frame: what they made under the same clip in a frame of this height is used again.
	 */
	placed(operation, clip) {
		let kept = placedWrites.get(operation);
		if (kept !== undefined && kept.height === this.height && sameClip(kept.clip, clip)) return kept.placed;
		const placed = placeWrite(operation, clip, this.height, this.caches);
		placedWrites.set(operation, {height: this.height, clip: clip === undefined ? undefined : {...clip}, placed});
		return placed;
	}
}

/** Frames of a size drawn last, by width and height: their rows' writes and texts. */
const FRAME_KEY = 0x10000;
const FRAME_SIZES = 16;
const lastFrames = new Map();
/** Each write operation's placed lines (see Output.placed), while the operation lives. */
const placedWrites = new WeakMap();

/** Whether two rows' writes are the same columns and texts in the same order. */
function sameWrites(a, b) {
	if (a === undefined || a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

function sameClip(a, b) {
	if (a === undefined || b === undefined) return a === b;
	return a.x1 === b.x1 && a.x2 === b.x2 && a.y1 === b.y1 && a.y2 === b.y2;
}

/** Ink's placing of one write's lines (Output.get in Ink 6.8): row, column and text of each line kept. */
function placeWrite(operation, clip, height, caches) {
	const placed = [];
	const {text, transformers} = operation;
	let {x, y} = operation;
	let lines = text.split('\n');
	if (clip) {
		const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
		const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
		// If text is positioned outside of clipping area altogether,
		// skip to the next operation to avoid unnecessary calculations
		if (clipHorizontally) {
			const width = caches.getWidestLine(text);
			if (x + width < clip.x1 || x > clip.x2) return placed;
		}
		if (clipVertically) {
			const height = lines.length;
			if (y + height < clip.y1 || y > clip.y2) return placed;
		}
		if (clipHorizontally) {
			lines = lines.map((line) => {
				const from = x < clip.x1 ? clip.x1 - x : 0;
				const width = caches.getStringWidth(line);
				const to = x + width > clip.x2 ? clip.x2 - x : width;
				return sliceLine(line, from, to);
			});
			if (x < clip.x1) x = clip.x1;
		}
		if (clipVertically) {
			const from = y < clip.y1 ? clip.y1 - y : 0;
			const height = lines.length;
			const to = y + height > clip.y2 ? clip.y2 - y : height;
			lines = lines.slice(from, to);
			if (y < clip.y1) y = clip.y1;
		}
	}
	let offsetY = 0;
	for (let index = 0; index < lines.length; index++) {
		let line = lines[index];
		// Line can be missing if `text` is taller than height of pre-initialized `this.output`
		const row = y + offsetY;
		if (!(Number.isInteger(row) && row >= 0 && row < height)) continue;
		for (let t = 0; t < transformers.length; t++) line = transformers[t](line, index);
		placed.push(row, x, line);
		offsetY++;
	}
	return placed;
}
