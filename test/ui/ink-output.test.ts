// The bundle draws Ink's screen with scripts/ink-output.js (rows remembered from frame to frame)
// instead of Ink's own output.js. Every frame the real app draws here is drawn by both, from the
// same writes: the text must be the same, byte for byte, in colour and plain, English and Korean
// (wide characters), at two sizes, across keys, views and moving segments.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import fc from 'fast-check';
import {styledCharsFromTokens, tokenize} from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import {isNarrowCodePoint} from '../../source/text/width.js';

// Colours on, whatever the test's output is: Ink's styles are what the rows' codes are made of.
process.env.FORCE_COLOR = '3';
const {drawFrames, FRAME_SETTINGS} = await import('../e2e/frames-app.js');

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface OutputLike {
	width: number;
	height: number;
	operations: unknown[];
	get(): {output: string; height: number};
}
type OutputClass = {new (options: {width: number; height: number}): OutputLike; prototype: OutputLike};

const inkOutput = (await import(pathToFileURL(path.join(ROOT, 'node_modules', 'ink', 'build', 'output.js')).href)).default as OutputClass;
const rowOutputModule = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'ink-output.js')).href)) as {
	default: OutputClass;
	plainStyledChars(line: string): unknown[] | undefined;
	sliceLine(line: string, from: number, to: number): string;
	sliceStyledLine(line: string, from: number, to: number): string | undefined;
};
const rowOutput = rowOutputModule.default;
const {plainStyledChars, sliceLine, sliceStyledLine} = rowOutputModule;

/** Ink's styled characters for a line: the tokenizer, grapheme by grapheme. */
const inkStyledChars = (line: string): unknown[] => styledCharsFromTokens(tokenize(line));

/** The lines of every write of the frames compared, and how many of them took the fast path. */
const written = {lines: 0, plain: 0};

/** The fast path gives Ink's styled characters, or leaves the line to the tokenizer (undefined). */
function assertSameStyledChars(line: string): boolean {
	const plain = plainStyledChars(line);
	if (plain !== undefined) assert.deepEqual(plain, inkStyledChars(line), JSON.stringify(line));
	return plain !== undefined;
}

/** While `run` runs, every frame Ink draws is drawn again by the row-remembering Output and compared. */
function compareFrames(run: () => void): {frames: number; coloured: number; differing: string[]} {
	const original = inkOutput.prototype.get;
	let frames = 0;
	let coloured = 0;
	const differing: string[] = [];
	inkOutput.prototype.get = function (this: OutputLike) {
		const expected = original.call(this);
		for (const operation of this.operations as Array<{type: string; text?: string}>) {
			if (operation.type !== 'write') continue;
			for (const line of operation.text!.split('\n')) {
				written.lines++;
				if (assertSameStyledChars(line)) written.plain++;
			}
		}
		const other = new rowOutput({width: this.width, height: this.height});
		other.operations = this.operations;
		// Twice: drawn afresh, then from the remembered rows.
		for (const actual of [other.get(), other.get()]) {
			if (actual.output !== expected.output || actual.height !== expected.height) differing.push(`${JSON.stringify(expected.output)}\n${JSON.stringify(actual.output)}`);
		}
		frames++;
		if (expected.output.includes('\x1b[')) coloured++;
		return expected;
	};
	try {
		run();
	} finally {
		inkOutput.prototype.get = original;
	}
	return {frames, coloured, differing};
}

for (const [lang, color, columns, rows] of FRAME_SETTINGS) {
	test(`the remembered rows are Ink's rows, byte for byte (${lang}, ${color ? 'colour' : 'plain'}, ${columns}×${rows})`, () => {
		const {frames, coloured, differing} = compareFrames(() => drawFrames(lang, color, columns, rows));
		assert.ok(frames >= 80, `frames compared: ${frames}`);
		if (color) assert.equal(coloured, frames, 'every frame is in colour');
		assert.deepEqual(differing.slice(0, 2), []);
	});
}

test('most lines of those frames take the fast path to their styled characters', () => {
	assert.ok(written.lines > 10_000, `lines: ${written.lines}`);
	assert.ok(written.plain > written.lines / 2, `${written.plain} of ${written.lines}`);
});

const narrow: string[] = [];
for (let code = 0; code < 0x10000; code++) if (isNarrowCodePoint(code)) narrow.push(String.fromCharCode(code));
const SGR = ['\x1b[31m', '\x1b[39m', '\x1b[1m', '\x1b[2m', '\x1b[22m', '\x1b[0m', '\x1b[m', '\x1b[1;3;31m', '\x1b[38;5;208m', '\x1b[48;2;1;2;3m', '\x1b[38;5m', '\x1b[;m', '\x1b[7m', '\x1b[27m', '\x1b[49m', '\x1b[4;24m'];
// Lines with these go to the tokenizer: other escapes, links, marks, joiners, wide and control characters.
const OTHERS = ['\x1b', '\x1b[', '\x1b[K', '\x1b[31', '\x1b[3 1m', '\x9b31m', '\x1b]8;;http://x\x07', '\u0301', '\u200d', '\ufe0f', '\u00ad', '가', '中', '😀', '🇰🇷', '\t', '\r\n', '\n', '\u0000', '\ud800'];

test('every fast-path character, alone, doubled and between colour codes, has Ink\'s styled characters', () => {
	for (const ch of narrow) {
		for (const line of [ch, ch + ch, `\x1b[31m${ch}\x1b[39m`, `a\x1b[1;32m${ch}${ch}\x1b[0m${ch}`]) assert.ok(assertSameStyledChars(line), JSON.stringify(line));
	}
	for (const other of OTHERS) {
		for (const line of [other, `ab${other}cd`, `\x1b[31m─${other}\x1b[39m`]) assert.equal(plainStyledChars(line), undefined, JSON.stringify(line));
	}
});

test('random lines of characters and codes of every kind: the fast path gives Ink\'s styled characters or leaves them to it', () => {
	const piece = fc.oneof(
		{weight: 6, arbitrary: fc.constantFrom(...narrow)},
		{weight: 3, arbitrary: fc.constantFrom(...SGR)},
		{weight: 1, arbitrary: fc.constantFrom(...OTHERS)},
		{weight: 1, arbitrary: fc.string({unit: 'grapheme', maxLength: 3})},
		{weight: 1, arbitrary: fc.integer({min: 0, max: 0xffff}).map((code) => String.fromCharCode(code))},
	);
	let plain = 0;
	fc.assert(
		fc.property(fc.array(piece, {maxLength: 40}), (pieces) => {
			if (assertSameStyledChars(pieces.join(''))) plain++;
		}),
		{numRuns: 5000},
	);
	assert.ok(plain > 500, `lines on the fast path: ${plain}`);
});

test('a clip cuts a line as slice-ansi does, on the fast path and off it', () => {
	const lines = [narrow.join(''), '─a b─', '', '가나다', 'a\u0301bc', '\x1b[31mred\x1b[39m plain', '😀x', '\tx', '\x1b]8;;u\x07link\x1b]8;;\x07'];
	for (const ch of narrow) lines.push(`${ch}${ch}x${ch}`);
	for (const line of lines) {
		for (const [from, to] of [[0, 0], [0, 1], [0, 2], [1, 3], [2, 2], [3, 1], [0, 1000], [5, 4000], [2.5, 3], [0, -1], [1, 3.5]] as const) {
			assert.equal(sliceLine(line, from, to), sliceAnsi(line, from, to), `${JSON.stringify(line)} ${from}..${to}`);
		}
	}
	const piece = fc.oneof({weight: 8, arbitrary: fc.constantFrom(...narrow)}, {weight: 1, arbitrary: fc.constantFrom(...SGR, ...OTHERS)});
	fc.assert(
		fc.property(fc.array(piece, {maxLength: 30}), fc.integer({min: 0, max: 35}), fc.integer({min: 0, max: 35}), (pieces, from, to) => {
			const line = pieces.join('');
			assert.equal(sliceLine(line, from, to), sliceAnsi(line, from, to), `${JSON.stringify(line)} ${from}..${to}`);
		}),
		{numRuns: 5000},
	);
});

test('a line of fast-set characters and colour codes is cut as slice-ansi cuts it, from the slice of its shape', () => {
	// A countdown's line as the panes draw it, every value: each is cut from one slice of the shape.
	for (let left = 0; left < 120_000; left += 100) {
		const value = left >= 10_000 ? `${Math.ceil(left / 1000)}s` : `${(Math.ceil(left / 100) / 10).toFixed(1)}s`;
		const line = `\x1b[31mTIME_WAIT\x1b[39m${value.padStart(12)}`;
		for (const [from, to] of [[0, 21], [0, 30], [0, 5], [3, 21], [9, 12], [21, 21], [5, 2]] as const) {
			const fast = sliceStyledLine(line, from, to);
			assert.notEqual(fast, undefined, `${JSON.stringify(line)} ${from}..${to}`);
			assert.equal(fast, sliceAnsi(line, from, to), `${JSON.stringify(line)} ${from}..${to}`);
		}
	}
	// Random lines of such characters and codes (resets, compound codes, closing codes of what
	// never opened, codes at either end, nothing between codes), random columns: all cut this way.
	const piece = fc.oneof({weight: 5, arbitrary: fc.constantFrom(...narrow)}, {weight: 3, arbitrary: fc.constantFrom(...SGR)});
	let cut = 0;
	fc.assert(
		fc.property(fc.array(piece, {maxLength: 30}), fc.integer({min: 0, max: 35}), fc.integer({min: 0, max: 35}), (pieces, from, to) => {
			const line = pieces.join('');
			const fast = sliceStyledLine(line, from, to);
			if (fast !== undefined) {
				cut++;
				assert.equal(fast, sliceAnsi(line, from, to), `${JSON.stringify(line)} ${from}..${to}`);
			}
			assert.equal(sliceLine(line, from, to), sliceAnsi(line, from, to), `${JSON.stringify(line)} ${from}..${to}`);
		}),
		{numRuns: 20_000},
	);
	assert.ok(cut > 19_000, `lines cut from their shape: ${cut}`);
	// Anything else is left to slice-ansi.
	for (const other of OTHERS) assert.equal(sliceStyledLine(`\x1b[31ma${other}b\x1b[39m`, 0, 3), undefined, JSON.stringify(other));
});

test('random rows of overlapping coloured writes are Ink\'s rows, byte for byte', () => {
	const text = fc.array(fc.oneof({weight: 5, arbitrary: fc.constantFrom('a', 'b', ' ', '─', '│', '▶', 'é', '\u00a0')}, {weight: 2, arbitrary: fc.constantFrom(...SGR)}, {weight: 1, arbitrary: fc.constantFrom('가', '\u0301', '😀', '\x1b]8;;u\x07')}), {maxLength: 14}).map((pieces) => pieces.join(''));
	const write = fc.record({x: fc.integer({min: -2, max: 22}), y: fc.integer({min: 0, max: 2}), text: fc.array(text, {minLength: 1, maxLength: 2}).map((lines) => lines.join('\n'))});
	fc.assert(
		fc.property(fc.integer({min: 0, max: 20}), fc.array(write, {maxLength: 8}), (width, writes) => {
			const ink = new inkOutput({width, height: 3});
			const ours = new rowOutput({width, height: 3});
			for (const output of [ink, ours]) {
				for (const w of writes) (output as unknown as {write(x: number, y: number, text: string, options: {transformers: unknown[]}): void}).write(w.x, w.y, w.text, {transformers: []});
			}
			assert.equal(ours.get().output, ink.get().output);
		}),
		{numRuns: 20_000},
	);
});
