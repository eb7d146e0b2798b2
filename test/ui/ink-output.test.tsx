// The bundle draws Ink's screen with scripts/ink-output.js (rows remembered from frame to frame)
// instead of Ink's own output.js. Every frame the real app draws here is drawn by both, from the
// same writes: the text must be the same, byte for byte, in colour and plain, English and Korean
// (wide characters), at two sizes, across keys, views and moving segments.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import React from 'react';
import {render} from 'ink-testing-library';
import {createWorld} from '../../source/sim/world.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi} from '../../source/ui/context.js';
import {TuiModel} from '../../source/ui/model.js';
import {App} from '../../source/ui/App.js';
import {CONNECT_KEYS, typeKeys} from './helpers.js';

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

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

for (const [lang, color, columns, rows] of [['en', true, 80, 24], ['ko', true, 120, 40], ['en', false, 100, 30]] as const) {
	test(`the remembered rows are Ink's rows, byte for byte (${lang}, ${color ? 'colour' : 'plain'}, ${columns}×${rows})`, () => {
		const m = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 4, stack: {msl: 2000}}), onQuit: () => undefined});
		const ui = makeUi(lang, false, color);
		const {frames, differing} = compareFrames(() => {
			const app = render(<App model={m} ui={ui} caption={null} size={{columns, rows}} />);
			const redraw = (): void => app.rerender(<App model={m} ui={ui} caption={null} size={{columns, rows}} />);
			const keys = (text: string): void => {
				for (const ch of text) {
					typeKeys(m, ch);
					redraw();
				}
			};
			const advance = (times: number, ms: number): void => {
				for (let i = 0; i < times; i++) {
					m.world.runFor(ms);
					redraw();
				}
			};
			keys(CONNECT_KEYS);
			advance(12, 20);
			// Data both ways, segments crossing, then the views and the close.
			keys('w\r\tw\r');
			advance(25, 12);
			keys('\tv\r\t');
			advance(10, 20);
			keys('dd');
			keys('gg');
			keys('#');
			keys('x\tx');
			advance(15, 130);
			keys('?');
			keys('\u001b');
			app.unmount();
		});
		m.dispose();
		assert.ok(frames >= 80, `frames compared: ${frames}`);
		assert.deepEqual(differing.slice(0, 2), []);
	});
}
