import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createWorld} from '../../source/sim/world.js';
import type {WorldOptions} from '../../source/sim/world-api.js';
import type {RealTime} from '../../source/ui/clock.js';
import {Session} from '../../source/session/session.js';
import {TuiModel} from '../../source/ui/model.js';
import {CONNECT_KEYS, key, typeKeys} from '../ui/helpers.js';

// Real timers never fire: virtual time moves only when a test moves it.
const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

function session(options: Partial<WorldOptions> = {}): Session {
	const worldOptions: WorldOptions = {seed: 11, stack: {msl: 500}, ...options};
	return new Session({speed: 1, time: frozen, createWorld: () => createWorld(worldOptions), worldOptions});
}

test('two viewers, English and Korean, over one session: one world, each their own screen', () => {
	const s = session();
	const en = new TuiModel({lang: 'en', session: s, onQuit: () => undefined});
	const ko = new TuiModel({lang: 'ko', session: s, onQuit: () => undefined});
	let koFrames = 0;
	ko.subscribe(() => koFrames++);
	typeKeys(en, CONNECT_KEYS);
	s.runUntil(s.now() + 1000);
	// The Korean viewer sees the world the English one made.
	assert.equal(ko.world, en.world);
	assert.ok(koFrames > 0, 'the other viewer is told to redraw');
	const snap = s.world.snapshot();
	assert.equal(en.selectedSocket('client', snap.client)?.state, 'ESTABLISHED');
	assert.equal(ko.selectedSocket('client', snap.client)?.state, 'ESTABLISHED');
	assert.ok(ko.store.ladder.length >= 3, 'SYN, SYN+ACK, ACK on the shared ladder');
	// Each has its own focus, view and selection.
	assert.equal(en.focus, 'client');
	assert.equal(ko.focus, 'server');
	ko.handleKey('?', key());
	assert.equal(ko.view, 'help');
	assert.equal(en.view, 'main');
	en.handleKey('[', key());
	assert.notEqual(en.ladderSelected, null);
	assert.equal(ko.ladderSelected, null);
	// A message belongs to the viewer that acted, in its own language.
	ko.handleKey('?', key());
	ko.handleKey('r', key());
	assert.match(ko.message ?? '', /리셋/);
	assert.equal(en.message, null);
	assert.equal(en.world, ko.world, 'the reset world is both viewers\' world');
	assert.equal(en.store.ladder.length, 0);
	en.dispose();
	ko.dispose();
	s.dispose();
});

test('every action is logged with its virtual time; world actions make the timeline', () => {
	const s = session();
	const m = new TuiModel({lang: 'en', session: s, onQuit: () => undefined});
	typeKeys(m, 's');
	s.runUntil(250);
	typeKeys(m, ' +.');
	const types = s.log.map((entry) => entry.action.type);
	assert.deepEqual(types, ['call', 'pause', 'speed', 'step']);
	assert.equal(s.log[0]!.t, 0);
	assert.equal(s.log[1]!.t, 250);
	assert.deepEqual(s.log[0]!.action, {type: 'call', side: 'server', fd: -1, op: {call: 'socket'}});
	assert.deepEqual(s.past.map((entry) => entry.action.type), ['call']);
	assert.equal(s.clock.paused, true);
	assert.equal(s.clock.speed, 2);
	m.dispose();
	s.dispose();
});

test('a lesson or a wire world cannot be rewound: one clear message', () => {
	const s = new Session({speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), remote: 'server'});
	const m = new TuiModel({lang: 'ko', session: s, onQuit: () => undefined});
	m.handleKey('<', key());
	assert.match(m.message ?? '', /되감기는/);
	m.dispose();
	s.dispose();
});

test('rewind in free play: back one event, back one second, forward again, and a new action forks', () => {
	const s = session();
	const m = new TuiModel({lang: 'en', session: s, onQuit: () => undefined});
	typeKeys(m, CONNECT_KEYS);
	s.runUntil(2000);
	typeKeys(m, 'w\r');
	s.runUntil(3000);
	const full = s.world.history().length;
	const end = s.now();
	m.handleKey('', key({backspace: true}));
	assert.ok(s.world.history().length < full, 'an event fewer');
	assert.equal(s.clock.paused, true, 'rewinding pauses');
	assert.match(m.message ?? '', /Rewound to t=/);
	m.handleKey('{', key());
	assert.ok(s.now() <= end - 1000);
	assert.equal(s.futureActions, 1, 'the write is ahead again');
	// Forward replays what was rewound over, the write included.
	s.runUntil(end);
	assert.equal(s.world.history().length, full);
	assert.equal(s.futureActions, 0);
	// Back before the write, then a new action: the old future is gone.
	m.handleKey('{', key());
	m.handleKey('{', key());
	assert.equal(s.futureActions, 1);
	m.handleKey('v', key());
	assert.equal(s.futureActions, 0);
	assert.equal(s.past.at(-1)!.action.type, 'call');
	m.dispose();
	s.dispose();
});

test('the hosts as the session last looked at them are the world\'s snapshot after every event and action', () => {
	// The app draws from Session.hosts(), which snapshots the world again only after a world event
	// or an action: here it is looked at before each event, then compared with a fresh snapshot after
	// it (a lossy transfer both ways, retransmissions, a close, TIME_WAIT, actions from keys).
	const s = session({link: {c2s: {delay: 80}, s2c: {delay: 60}}});
	const m = new TuiModel({lang: 'en', session: s, onQuit: () => undefined});
	let compared = 0;
	const same = (where: string): void => {
		const {client, server} = s.world.snapshot();
		assert.deepEqual(s.hosts(), {client, server}, where);
		compared++;
	};
	const events = (count: number): void => {
		for (let i = 0; i < count && s.world.nextEventTime() !== null; i++) {
			s.hosts();
			s.world.step();
			same(`after event ${i} at ${s.world.now()}`);
		}
	};
	typeKeys(m, CONNECT_KEYS);
	same('after the keys that connect');
	events(40);
	const clientFd = s.world.snapshot().client.sockets.at(-1)!.fd;
	const serverFd = s.world.snapshot().server.sockets.at(-1)!.fd;
	s.world.setLink('c2s', {loss: 25});
	s.world.setLink('s2c', {loss: 15});
	for (let n = 0; n < 12; n++) {
		s.hosts();
		s.world.client.write(clientFd, `data ${n} `.repeat(1200));
		same(`after write ${n}`);
		events(60);
		s.world.server.read(serverFd, 8000);
		same(`after read ${n}`);
		events(60);
	}
	s.world.setLink('c2s', {loss: 0});
	s.world.setLink('s2c', {loss: 0});
	for (let n = 0; n < 8; n++) {
		s.world.server.read(serverFd, 65536);
		events(40);
	}
	s.hosts();
	s.world.client.close(clientFd);
	events(200);
	s.world.server.close(serverFd);
	events(400);
	s.hosts();
	typeKeys(m, '\t');
	same('after Tab');
	assert.ok(compared > 200, `${compared} comparisons`);
	assert.ok(s.world.history().some((e) => e.kind === 'timer' && e.timer === 'retransmit' && e.action === 'fired'), 'a retransmission happened');
	assert.ok(s.world.history().some((e) => e.kind === 'state' && e.to === 'TIME_WAIT'), 'TIME_WAIT was reached');
	m.dispose();
	s.dispose();
});
