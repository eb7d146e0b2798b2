// The bundle draws Ink's screen with scripts/ink-output.js (rows remembered from frame to frame)
// instead of Ink's own output.js. Every frame the real app draws here is drawn by both, from the
// same writes: the text must be the same, byte for byte, in colour and plain, English and Korean
// (wide characters), at two sizes, across keys, views and moving segments.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {drawFrames, FRAME_SETTINGS} from '../e2e/frames-app.js';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface OutputLike {
	width: number;
	height: number;
	operations: unknown[];
	get(): {output: string; height: number};
}
type OutputClass = {new (options: {width: number; height: number}): OutputLike; prototype: OutputLike};

const inkOutput = (await import(pathToFileURL(path.join(ROOT, 'node_modules', 'ink', 'build', 'output.js')).href)).default as OutputClass;
const rowOutput = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'ink-output.js')).href)).default as OutputClass;

/** While `run` runs, every frame Ink draws is drawn again by the row-remembering Output and compared. */
function compareFrames(run: () => void): {frames: number; differing: string[]} {
	const original = inkOutput.prototype.get;
	let frames = 0;
	const differing: string[] = [];
	inkOutput.prototype.get = function (this: OutputLike) {
		const expected = original.call(this);
		const other = new rowOutput({width: this.width, height: this.height});
		other.operations = this.operations;
		// Twice: drawn afresh, then from the remembered rows.
		for (const actual of [other.get(), other.get()]) {
			if (actual.output !== expected.output || actual.height !== expected.height) differing.push(`${JSON.stringify(expected.output)}\n${JSON.stringify(actual.output)}`);
		}
		frames++;
		return expected;
	};
	try {
		run();
	} finally {
		inkOutput.prototype.get = original;
	}
	return {frames, differing};
}

for (const [lang, color, columns, rows] of FRAME_SETTINGS) {
	test(`the remembered rows are Ink's rows, byte for byte (${lang}, ${color ? 'colour' : 'plain'}, ${columns}×${rows})`, () => {
		const {frames, differing} = compareFrames(() => drawFrames(lang, color, columns, rows));
		assert.ok(frames >= 80, `frames compared: ${frames}`);
		assert.deepEqual(differing.slice(0, 2), []);
	});
}
