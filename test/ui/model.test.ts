import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createWorld} from '../../source/sim/world.js';
import type {WorldApi} from '../../source/sim/world-api.js';
import type {RealTime} from '../../source/ui/clock.js';
import {TuiModel} from '../../source/ui/model.js';
import {CONNECT_KEYS, establish, key, typeKeys} from './helpers.js';

// Real timers never fire in these tests: the world is run by hand.
const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

function model(lang: 'en' | 'ko' = 'en'): {m: TuiModel; world: () => WorldApi; quits: number[]} {
	const quits: number[] = [];
	const m = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 11, stack: {msl: 500}}), onQuit: (code) => quits.push(code)});
	return {m, world: () => m.world, quits};
}

function type(m: TuiModel, keys: string): void {
	for (const ch of keys) m.handleKey(ch, key());
}

test('the newcomer path: server s b⏎ L a, client s c⏎ → ESTABLISHED on both', () => {
	const {m, world} = model();
	assert.equal(m.focus, 'server');
	type(m, 'sb');
	assert.equal(m.prompt?.text, '80');
	m.handleKey('', key({return: true}));
	type(m, 'La');
	m.handleKey('', key({tab: true}));
	type(m, 'sc');
	assert.equal(m.prompt?.text, '10.0.0.2:80');
	m.handleKey('', key({return: true}));
	world().runFor(1000);
	const snap = world().snapshot();
	assert.equal(m.selectedSocket('client', snap.client)?.state, 'ESTABLISHED');
	// The accepted connection became the server's selected socket.
	assert.equal(m.selectedSocket('server', snap.server)?.state, 'ESTABLISHED');
	// write (empty = "hello"), then read on the server
	type(m, 'w');
	m.handleKey('', key({return: true}));
	world().runFor(500);
	m.handleKey('', key({tab: true}));
	type(m, 'v');
	const reads = m.store.callLog('server').filter((c) => c.call === 'read');
	assert.equal(new TextDecoder().decode(reads[0]!.data), 'hello');
	// ↑ selects the listener
	m.handleKey('', key({upArrow: true}));
	assert.equal(m.selectedSocket('server', world().snapshot().server)?.state, 'LISTEN');
});

test('a call that makes no sense runs and shows its real error', () => {
	const {m} = model();
	type(m, 'L'); // listen with no socket
	const log = m.store.callLog('server');
	assert.equal(log[0]!.status, 'failed');
	assert.equal(log[0]!.errno, 'EBADF');
	type(m, 'sv'); // read on an unconnected socket
	assert.equal(m.store.callLog('server').at(-1)!.errno, 'ENOTCONN');
});

test('prompts validate, Esc cancels, errors are translated', () => {
	const {m} = model('ko');
	type(m, 'sb');
	m.handleKey('', key({backspace: true}));
	m.handleKey('', key({backspace: true}));
	type(m, 'x9');
	m.handleKey('', key({return: true}));
	assert.match(m.prompt?.error ?? '', /포트가 아닙니다/);
	m.handleKey('', key({escape: true}));
	assert.equal(m.prompt, null);
	assert.equal(m.store.callLog('server').length, 1);
});

test('link settings: arrows choose, typing and Enter apply live, bad values are refused', () => {
	const {m, world} = model();
	type(m, 'l');
	assert.equal(m.view, 'link');
	for (let i = 0; i < 3; i++) m.handleKey('', key({downArrow: true})); // delay, jitter, delay correlation, loss
	m.handleKey('', key({rightArrow: true})); // s2c
	type(m, '150');
	m.handleKey('', key({return: true}));
	assert.match(m.linkCursor.error ?? '', /between 0 and 100/);
	assert.equal(world().linkConfig('s2c').loss, 0);
	m.handleKey('', key({backspace: true}));
	m.handleKey('', key({backspace: true}));
	m.handleKey('', key({backspace: true}));
	// A negative value is refused as out of range, not applied without its minus.
	type(m, '-5');
	m.handleKey('', key({return: true}));
	assert.match(m.linkCursor.error ?? '', /between 0 and 100/);
	assert.equal(world().linkConfig('s2c').loss, 0);
	m.handleKey('', key({backspace: true}));
	m.handleKey('', key({backspace: true}));
	type(m, '30%');
	m.handleKey('', key({return: true}));
	assert.equal(world().linkConfig('s2c').loss, 30);
	assert.equal(world().linkConfig('c2s').loss, 0);
	// Burst loss (netem's gemodel): P,R[,1-H[,1-K]], and off again.
	m.handleKey('', key({downArrow: true}));
	m.handleKey('', key({downArrow: true}));
	type(m, '5%,50%');
	m.handleKey('', key({return: true}));
	assert.deepEqual(world().linkConfig('s2c').gilbertElliott, {p: 5, r: 50, lossInBad: 100, lossInGood: 0});
	type(m, 'sometimes');
	m.handleKey('', key({return: true}));
	assert.match(m.linkCursor.error ?? '', /is not P,R/);
	m.handleKey('', key({escape: true}));
	type(m, 'off');
	m.handleKey('', key({return: true}));
	assert.equal(world().linkConfig('s2c').gilbertElliott, null);
	m.handleKey('', key({escape: true}));
	assert.equal(m.view, 'main');
});

test('views open and close; r gives a new world; q and Ctrl-C quit', () => {
	const {m, world, quits} = model();
	const first = world();
	for (const [open, view] of [['?', 'help'], ['d', 'diagram'], ['t', 'transcript']] as const) {
		type(m, open);
		assert.equal(m.view, view);
		m.handleKey('', key({escape: true}));
		assert.equal(m.view, 'main');
	}
	type(m, 's');
	type(m, 'r');
	assert.notEqual(world(), first);
	assert.equal(m.store.callLog('server').length, 0);
	type(m, ' ');
	assert.equal(m.clock.paused, true);
	type(m, '+');
	assert.equal(m.clock.speed, 2);
	type(m, 'q');
	m.handleKey('c', key({ctrl: true}));
	assert.deepEqual(quits, [0, 130]);
});

test('keys that arrive in one chunk are taken one by one (Enter included)', () => {
	const {m, world} = model();
	m.handleKey('sb\nLa', key());
	assert.equal(m.prompt, null);
	const calls = m.store.callLog('server').map((c) => `${c.call}:${c.status}`);
	assert.deepEqual(calls, ['socket:returned', 'bind:returned', 'listen:returned', 'accept:blocked']);
	assert.equal(world().snapshot().server.sockets[0]!.state, 'LISTEN');
});

test('h asks how to shut down; w sends the FIN (half close), then write fails and read still works', () => {
	const {m, world} = model();
	typeKeys(m, CONNECT_KEYS);
	world().runFor(1000);
	type(m, 'h');
	assert.equal(m.prompt?.kind, 'shutdown');
	type(m, 'w');
	assert.equal(m.prompt, null);
	world().runFor(1000);
	assert.equal(m.selectedSocket('client', world().snapshot().client)?.state, 'FIN_WAIT_2');
	type(m, 'w');
	m.handleKey('', key({return: true}));
	assert.equal(m.store.callLog('client').at(-1)!.errno, 'EPIPE');
	m.handleKey('', key({tab: true}));
	type(m, 'w');
	m.handleKey('', key({return: true}));
	world().runFor(1000);
	m.handleKey('', key({tab: true}));
	type(m, 'v');
	assert.equal(new TextDecoder().decode(m.store.callLog('client').at(-1)!.data), 'hello');
});

test('wire mode: real-network events redraw at most once per frame interval', () => {
	let now = 0;
	const timers: Array<{fn: () => void; ms: number}> = [];
	const time: RealTime = {now: () => now, setTimeout: (fn, ms) => timers.push({fn, ms}), clearTimeout: () => undefined};
	const m = new TuiModel({lang: 'en', speed: 1, time, createWorld: () => createWorld({seed: 11}), onQuit: () => undefined, liveEvents: true});
	let frames = 0;
	m.subscribe(() => frames++);
	const liveTimers = (): Array<{fn: () => void; ms: number}> => timers.splice(0);
	liveTimers();
	// Events from the network (here: calls made directly on the world, not through keys).
	m.world.client.socket();
	m.world.server.socket();
	let queued = liveTimers();
	assert.equal(queued.length, 1, 'two events, one redraw queued');
	assert.equal(queued[0]!.ms, 0, 'the first one at once');
	queued[0]!.fn();
	assert.equal(frames, 1);
	now = 10;
	m.world.client.socket();
	queued = liveTimers().filter((t) => t.ms > 1);
	assert.equal(queued.length, 1);
	assert.ok(Math.abs(queued[0]!.ms - (1000 / 20 - 10)) < 1e-9, `waits out the frame interval: ${queued[0]!.ms}`);
	m.dispose();
});

test('only the countdowns on screen set the frame pace: an orphan in TIME_WAIT that no pane shows draws nothing', () => {
	const m = new TuiModel({lang: 'en', speed: 1, time: frozen, createWorld: () => createWorld({seed: 11}), onQuit: () => undefined});
	const world = m.world;
	const {serverFd, clientFd} = establish(world);
	world.client.close(clientFd);
	world.runFor(100);
	world.server.close(serverFd);
	world.runFor(100);
	// TIME_WAIT lasts 2×MSL (60 s): 5 s are left, in tenths of a second if it were shown.
	world.runFor(54_000);
	world.client.socket();
	const snap = world.snapshot();
	assert.ok(snap.client.sockets.some((s) => s.orphaned && s.state === 'TIME_WAIT'));
	assert.equal(m.selectedSocket('client', snap.client)?.orphaned, false);
	assert.equal(m.session.activity(), 'idle');
	assert.equal(m.session.countdownResolution(), 1000);
	// Selected, its countdown is on screen again.
	m.handleKey('', key({tab: true}));
	m.handleKey('', key({upArrow: true}));
	assert.equal(m.selectedSocket('client', world.snapshot().client)?.state, 'TIME_WAIT');
	assert.equal(m.session.activity(), 'counting');
	assert.equal(m.session.countdownResolution(), 100);
});
