// Two runs of the same animation, driven by the same hand-moved clock (hand-time.ts), write the same
// bytes frame for frame, however much real time passes between frames: nothing on the way from the
// clock to the terminal (the app, React, Ink) may read the wall clock or wait on a real timer.
// Drawn as the app draws (APP_INK_OPTIONS: incremental frames), not in ink-testing-library's debug mode.
import './draws-in-ci.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {render} from 'ink';
import type {Lang} from '../../source/i18n/lang.js';
import {Session} from '../../source/session/session.js';
import {createWorld} from '../../source/sim/world.js';
import {HandTime} from '../../source/ui/hand-time.js';
import {APP_INK_OPTIONS, createApp} from '../../source/ui/run.js';
import {establish} from './helpers.js';

/** Real time between frames: none (the next frame at once) or more than any frame interval. */
type Gap = 'none' | 'long';

async function animationFrames(lang: Lang, gap: Gap, frames: number): Promise<string[]> {
	const time = new HandTime();
	const world = createWorld({seed: 11, link: {c2s: {delay: 120}, s2c: {delay: 120}}});
	const {clientFd, serverFd} = establish(world);
	world.client.write(clientFd, 'x'.repeat(40_000));
	world.server.read(serverFd, 40_000);
	const session = new Session({speed: 1, createWorld: () => world, time});
	const app = createApp({
		options: {lang, ascii: false, color: true, speed: 1, world: {seed: 11}},
		watch: {session, demo: null, readOnly: false},
		worldFactory: () => world,
		onQuit: () => undefined,
	});
	let written = '';
	const stdout = Object.assign(new EventEmitter(), {
		columns: 80, rows: 24, isTTY: true,
		write: (text: string): boolean => {
			written += text;
			return true;
		},
	});
	const stdin = Object.assign(new EventEmitter(), {
		isTTY: true, setRawMode: () => undefined, setEncoding: () => undefined, read: () => null,
		ref: () => undefined, unref: () => undefined, resume: () => undefined, pause: () => undefined,
	});
	const instance = render(app.element, {stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, ...APP_INK_OPTIONS});
	const shown: string[] = [];
	try {
		for (let i = 0; i < frames; i++) {
			time.advance(50);
			await new Promise((resolve) => (gap === 'none' ? setImmediate(resolve) : setTimeout(resolve, 15)));
			shown.push(written);
			written = '';
		}
	} finally {
		instance.unmount();
		app.dispose();
	}
	return shown;
}

for (const lang of ['en', 'ko'] as const) {
	test(`a hand-driven animation writes the same frames in two runs, whatever real time passes between frames (${lang})`, async () => {
		const frames = 30;
		const quick = await animationFrames(lang, 'none', frames);
		const slow = await animationFrames(lang, 'long', frames);
		// The animation moves: most frames write something (the clock, segments along the ladder).
		assert.ok(quick.filter((frame) => frame !== '').length >= frames / 2, 'frames were drawn');
		for (let i = 0; i < frames; i++) assert.equal(JSON.stringify(quick[i]), JSON.stringify(slow[i]), `frame ${i}`);
		const again = await animationFrames(lang, 'none', frames);
		assert.deepEqual(again, quick);
	});
}
