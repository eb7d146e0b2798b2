// Ink 6.8's build/output.js as the bundle uses it (scripts/bundle.mjs puts it in place of Ink's
// own). Ink makes a grid of styled cells for the whole screen every frame and turns each row back
// into text, although most rows are the same as in the previous frame. Here each row first
// gathers what is written on it (column and text, after clipping and transformers, in order); a
// row made of the same writes as a row seen before is that row's text again, looked up. A row not
// seen before is drawn exactly as Ink draws it: same cells, same text, byte for byte.
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {styledCharsFromTokens, styledCharsToString, tokenize} from '@alcalzone/ansi-tokenize';

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
			cached = styledCharsFromTokens(tokenize(line));
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
	/** Ink's cells for one row: `width` blanks, then each write's styled characters in order. */
	drawRow(writes) {
		const currentLine = [];
		for (let x = 0; x < this.width; x++) currentLine.push({type: 'char', value: ' ', fullWidth: false, styles: []});
		for (let i = 0; i < writes.length; i += 2) {
			const characters = this.caches.getStyledChars(writes[i + 1]);
			let offsetX = writes[i];
			for (const character of characters) {
				currentLine[offsetX] = character;
				// Determine printed width using string-width to align with measurement (printable
				// ASCII, most of a screen, is one column: string-width's answer without asking it)
				const {value} = character;
				const code = value.length === 1 ? value.charCodeAt(0) : 0;
				const characterWidth = code >= 0x20 && code < 0x7f ? 1 : Math.max(1, this.caches.getStringWidth(value));
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
		for (const operation of this.operations) {
			if (operation.type === 'clip') clips.push(operation.clip);
			if (operation.type === 'unclip') clips.pop();
			if (operation.type === 'write') {
				const {text, transformers} = operation;
				let {x, y} = operation;
				let lines = text.split('\n');
				const clip = clips.at(-1);
				if (clip) {
					const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
					const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
					// If text is positioned outside of clipping area altogether,
					// skip to the next operation to avoid unnecessary calculations
					if (clipHorizontally) {
						const width = this.caches.getWidestLine(text);
						if (x + width < clip.x1 || x > clip.x2) continue;
					}
					if (clipVertically) {
						const height = lines.length;
						if (y + height < clip.y1 || y > clip.y2) continue;
					}
					if (clipHorizontally) {
						lines = lines.map((line) => {
							const from = x < clip.x1 ? clip.x1 - x : 0;
							const width = this.caches.getStringWidth(line);
							const to = x + width > clip.x2 ? clip.x2 - x : width;
							return sliceAnsi(line, from, to);
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
				for (let [index, line] of lines.entries()) {
					const currentLine = output[y + offsetY];
					// Line can be missing if `text` is taller than height of pre-initialized `this.output`
					if (!currentLine) continue;
					for (const transformer of transformers) line = transformer(line, index);
					currentLine.push(x, line);
					offsetY++;
				}
			}
		}
		let rows = rowsByWidth.get(this.width);
		if (rows === undefined) {
			rows = new Map();
			rowsByWidth.set(this.width, rows);
		}
		const generatedOutput = output
			.map((writes) => {
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
				return row;
			})
			.join('\n');
		return {output: generatedOutput, height: output.length};
	}
}
