// The real app driven through keys, views and moving segments, with every frame Ink draws kept:
// what the bundle (scripts/bundle.mjs, which gives Ink other output and width code) must draw
// byte for byte as tsc's output does. Run with --print, it prints the frames as JSON (the test runner
// runs every file here, and must see nothing).
import React from 'react';
import {render} from 'ink-testing-library';
import {createWorld} from '../../source/sim/world.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi} from '../../source/ui/context.js';
import {TuiModel} from '../../source/ui/model.js';
import {App} from '../../source/ui/App.js';
import {CONNECT_KEYS, key, typeKeys} from '../ui/helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

/** The screens compared: colour and plain, English and Korean (wide characters), three sizes. */
export const FRAME_SETTINGS = [['en', true, 80, 24], ['ko', true, 120, 40], ['en', false, 100, 30]] as const;

/** Every frame of one session (connect, data both ways, a read, diagram, plot, #, close, help). */
export function drawFrames(lang: 'en' | 'ko', color: boolean, columns: number, rows: number): string[] {
	const m = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 4, stack: {msl: 2000}}), onQuit: () => undefined});
	const ui = makeUi(lang, false, color);
	let size = {columns, rows};
	const app = render(<App model={m} ui={ui} caption={null} size={size} />);
	const redraw = (): void => app.rerender(<App model={m} ui={ui} caption={null} size={size} />);
	const keys = (text: string): void => {
		for (const ch of text) {
			typeKeys(m, ch);
			redraw();
		}
	};
	const special = (name: 'pageUp' | 'pageDown' | 'escape' | 'upArrow' | 'downArrow'): void => {
		m.handleKey('', key({[name]: true}));
		redraw();
	};
	const resize = (to: {columns: number; rows: number}): void => {
		size = to;
		redraw();
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
	// A big write: the ladder fills and scrolls; paging, jumping and a segment's detail over it.
	special('escape');
	keys('W');
	advance(30, 40);
	special('pageUp');
	special('pageUp');
	keys('[[\r');
	advance(3, 40);
	keys('\r');
	special('pageDown');
	keys(']j');
	special('escape');
	advance(10, 40);
	// The window made larger, wider and back while segments move.
	resize({columns: columns + 9, rows: rows + 4});
	advance(4, 40);
	resize({columns: columns + 17, rows});
	advance(3, 40);
	resize({columns, rows});
	keys('TT');
	advance(5, 60);
	keys('mm');
	keys('x\tx');
	advance(15, 130);
	keys('?\u001b');
	app.unmount();
	m.dispose();
	return app.frames;
}

if (process.argv[2] === '--print') {
	process.stdout.write(JSON.stringify(FRAME_SETTINGS.map(([lang, color, columns, rows]) => drawFrames(lang, color, columns, rows))));
}
