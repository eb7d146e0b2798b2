// The real app driven through keys, views and moving segments, with every frame Ink draws kept:
// what the bundle (scripts/bundle.mjs, which gives Ink other output and width code) must draw
// byte for byte as tsc's output does. Run directly, it prints the frames as JSON.
import {pathToFileURL} from 'node:url';
import React from 'react';
import {render} from 'ink-testing-library';
import {createWorld} from '../../source/sim/world.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi} from '../../source/ui/context.js';
import {TuiModel} from '../../source/ui/model.js';
import {App} from '../../source/ui/App.js';
import {CONNECT_KEYS, typeKeys} from '../ui/helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

/** The screens compared: colour and plain, English and Korean (wide characters), three sizes. */
export const FRAME_SETTINGS = [['en', true, 80, 24], ['ko', true, 120, 40], ['en', false, 100, 30]] as const;

/** Every frame of one session (connect, data both ways, a read, diagram, plot, #, close, help). */
export function drawFrames(lang: 'en' | 'ko', color: boolean, columns: number, rows: number): string[] {
	const m = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 4, stack: {msl: 2000}}), onQuit: () => undefined});
	const ui = makeUi(lang, false, color);
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
	keys('w\r\tw\r');
	advance(25, 12);
	keys('\tv\r\t');
	advance(10, 20);
	keys('ddgg#');
	keys('x\tx');
	advance(15, 130);
	keys('?\u001b');
	app.unmount();
	m.dispose();
	return app.frames;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	process.stdout.write(JSON.stringify(FRAME_SETTINGS.map(([lang, color, columns, rows]) => drawFrames(lang, color, columns, rows))));
}
