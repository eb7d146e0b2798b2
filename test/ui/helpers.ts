// Shared by the UI tests: a real world driven through a handshake, and a Key with nothing pressed.
import assert from 'node:assert/strict';
import type {Key} from 'ink';
import {lessonsDir, loadLesson} from '../../source/demo/catalog.js';
import {createDemoController, type DemoController} from '../../source/demo/controller.js';
import type {Lang} from '../../source/i18n/lang.js';
import {createWorld} from '../../source/sim/world.js';
import type {WorldApi} from '../../source/sim/world-api.js';
import type {TuiModel} from '../../source/ui/model.js';
import {UiStore} from '../../source/ui/store.js';

export function key(overrides: Partial<Key> = {}): Key {
	return {
		upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
		return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
		super: false, hyper: false, capsLock: false, numLock: false, ...overrides,
	};
}

/** A world with a store attached, after server listen+accept and client connect (ESTABLISHED both). */
export function connectedWorld(seed = 7): {world: WorldApi; store: UiStore; serverFd: number; clientFd: number} {
	const world = createWorld({seed, stack: {msl: 1000}});
	const store = new UiStore();
	world.on((e) => store.apply(e));
	return {world, store, ...establish(world)};
}

/** Server listen+accept on port 80 and client connect, run for a second (ESTABLISHED both). */
export function establish(world: WorldApi): {serverFd: number; clientFd: number} {
	const listener = world.server.socket().result!;
	world.server.bind(listener, 80);
	world.server.listen(listener, 8);
	const accept = world.server.accept(listener);
	const clientFd = world.client.socket().result!;
	world.client.connect(clientFd, world.server.addr, 80);
	world.runFor(1000);
	return {serverFd: accept.result!, clientFd};
}

/** Type each character as a key (no modifiers); '\r' is Enter, '\t' Tab. */
export function typeKeys(m: TuiModel, keys: string): void {
	for (const ch of keys) {
		if (ch === '\r') m.handleKey('', key({return: true}));
		else if (ch === '\t') m.handleKey('', key({tab: true}));
		else m.handleKey(ch, key());
	}
}

/** The newcomer's keys: server socket, bind 80, listen, accept; Tab; client socket, connect. */
export const CONNECT_KEYS = 'sb\rLa\tsc\r';

/** Hand-driven real time: timers fire only when the test advances it. */
export {HandTime as FakeTime} from '../../source/ui/hand-time.js';

/** A built-in lesson played `steps` steps, each run to its end (headless: no real time passes). */
export function lessonPlayedTo(name: string, lang: Lang, steps: number): DemoController {
	const loaded = loadLesson(`${lessonsDir()}/${name}.tcptui`);
	assert.ok(loaded.ok);
	const controller = createDemoController(loaded.lesson, {lang, worldFactory: createWorld});
	for (let i = 0; i < steps; i++) {
		controller.next();
		assert.ok(controller.finishStep());
	}
	return controller;
}
