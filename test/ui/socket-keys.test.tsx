// close() leaves the connection orphaned in TIME_WAIT under its old fd, and socket() hands the same
// number out again: both rows must render (no duplicate React key) and both must be selectable.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {createWorld} from '../../source/sim/world.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi, UiContext} from '../../source/ui/context.js';
import {socketKey, socketNames} from '../../source/ui/format.js';
import {selectSocket, TuiModel} from '../../source/ui/model.js';
import {Pane} from '../../source/ui/Pane.js';
import {App} from '../../source/ui/App.js';
import {CONNECT_KEYS, key, typeKeys} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

/** Client connected, closed actively (TIME_WAIT, orphaned fd 3), then socket() → fd 3 again. */
function reusedFd(): TuiModel {
	const m = new TuiModel({lang: 'en', speed: 1, time: frozen, createWorld: () => createWorld({seed: 5, stack: {msl: 30_000}}), onQuit: () => undefined});
	typeKeys(m, CONNECT_KEYS);
	m.world.runFor(1000);
	typeKeys(m, 'x'); // client close → FIN_WAIT
	m.world.runFor(1000);
	typeKeys(m, '\tx\t'); // server close → client TIME_WAIT
	m.world.runFor(1000);
	typeKeys(m, 's');
	m.world.runFor(10);
	return m;
}

function withConsoleErrors<T>(run: () => T): {value: T; errors: string[]} {
	const errors: string[] = [];
	const original = console.error;
	console.error = (...args: unknown[]) => {
		errors.push(args.map(String).join(' '));
	};
	try {
		return {value: run(), errors};
	} finally {
		console.error = original;
	}
}

test('the world really reuses fd 3 beside the orphaned TIME_WAIT (the situation under test)', () => {
	const m = reusedFd();
	const sockets = m.world.snapshot().client.sockets;
	const threes = sockets.filter((s) => s.fd === 3);
	assert.equal(threes.length, 2);
	assert.deepEqual(threes.map((s) => [s.orphaned, s.state]).sort(), [[false, 'CLOSED'], [true, 'TIME_WAIT']]);
	assert.notEqual(socketKey(threes[0]!), socketKey(threes[1]!));
	// socket() made the fresh fd 3 the one the keys act on
	assert.equal(m.selectedSocket('client', m.world.snapshot().client)?.orphaned, false);
});

test('the pane renders both fd 3 rows with no React key warning', () => {
	const m = reusedFd();
	const snap = m.world.snapshot();
	const {value: out, errors} = withConsoleErrors(() => {
		const {lastFrame, rerender, unmount} = render(
			<UiContext.Provider value={makeUi('en', false, false)}>
				<Pane side="client" host={snap.client} selected={m.selectedSocket('client', snap.client)} calls={[]} now={m.world.now()} focused width={40} height={22} tall={false} />
			</UiContext.Provider>,
		);
		// A second render is where a duplicate key would be reconciled wrongly as well.
		rerender(
			<UiContext.Provider value={makeUi('en', false, false)}>
				<Pane side="client" host={snap.client} selected={m.selectedSocket('client', snap.client)} calls={[]} now={m.world.now()} focused width={40} height={22} tall={false} />
			</UiContext.Provider>,
		);
		const frame = lastFrame() ?? '';
		unmount();
		return frame;
	});
	// Two sockets never read the same: the closed one is (fd3), the new one fd3.
	assert.match(out, / \(fd3\) TIME_WAIT 10\.0\.0\.2:80 \(closed …/);
	assert.match(out, /▸fd3 CLOSED/);
	assert.deepEqual(errors.filter((e) => /same key|unique "key"/.test(e)), []);
});

test('the whole app renders the reused fd without a key warning', () => {
	const m = reusedFd();
	const {value: out, errors} = withConsoleErrors(() => {
		const {lastFrame, unmount} = render(<App model={m} ui={makeUi('en', false, false)} caption={null} size={{columns: 120, rows: 40}} />);
		const frame = lastFrame() ?? '';
		unmount();
		return frame;
	});
	assert.match(out, /\(fd3\) TIME_WAIT/);
	assert.deepEqual(errors.filter((e) => /same key|unique "key"/.test(e)), []);
	m.dispose();
});

test('↑/↓ reach both fd 3 rows, and a call on the orphan does not hit the new fd 3', () => {
	const m = reusedFd();
	const selected = (): ReturnType<TuiModel['selectedSocket']> => m.selectedSocket('client', m.world.snapshot().client);
	assert.equal(m.focus, 'client');
	const seen = new Set<string>();
	for (let i = 0; i < 4; i++) {
		m.handleKey('', key({downArrow: true}));
		seen.add(socketKey(selected()!));
	}
	assert.equal(seen.size, 2, 'both rows are selectable');
	// Stop on the orphan; its row stays selected as time passes (the key is stable).
	while (!selected()!.orphaned) m.handleKey('', key({upArrow: true}));
	m.world.runFor(100);
	assert.equal(selected()!.state, 'TIME_WAIT');
	// close() on the orphan: it has no fd, so EBADF, and the fresh fd 3 is still open.
	typeKeys(m, 'x');
	const live = m.world.snapshot().client.sockets.filter((s) => s.fd === 3 && !s.orphaned);
	assert.equal(live.length, 1);
	const last = m.store.callLog('client').at(-1);
	assert.equal(last?.call, 'close');
	assert.equal(last?.errno, 'EBADF');
	// Back to the live fd 3: close() closes it.
	m.handleKey('', key({downArrow: true}));
	assert.equal(selected()!.orphaned, false);
	typeKeys(m, 'x');
	assert.equal(m.world.snapshot().client.sockets.filter((s) => s.fd === 3 && !s.orphaned).length, 0);
	m.dispose();
});

test('socket names: a closed fd reads (fd3), and two that would still read the same get their local port', () => {
	const sock = (fd: number, orphaned: boolean, port: number) => ({fd, orphaned, local: {addr: '10.0.0.1', port}, connection: null}) as unknown as import('../../source/stack/types.js').SocketSnapshot;
	assert.deepEqual(socketNames([sock(3, false, 80), sock(3, true, 5000)]), ['fd3', '(fd3)']);
	assert.deepEqual(socketNames([sock(3, true, 5000), sock(3, true, 5001), sock(3, false, 80)]), ['(fd3):5000', '(fd3):5001', 'fd3']);
});

test('a pane whose connection is gone shows what is left (its listener), not "no socket" above the list', () => {
	const m = new TuiModel({lang: 'en', speed: 1, time: {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined}, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined});
	const server = m.world.server;
	const fd = server.socket().result!;
	server.bind(fd, 80);
	server.listen(fd, 8);
	// The keys had chosen an fd that no longer exists (an accepted connection, closed and freed).
	m.selectedFd.server = 9;
	const snap = m.world.snapshot().server;
	assert.equal(m.selectedSocket('server', snap)?.state, 'LISTEN');
	m.dispose();
});

test('the selected socket kept for a snapshot is the one chosen afresh, as keys move the selection and events come', () => {
	// selectedSocket keeps its answer for the same snapshot object and selection; the session hands
	// out the same snapshot until the world changes, while ↑/↓ move the selection without changing it.
	const m = reusedFd();
	let compared = 0;
	const same = (where: string): void => {
		const snap = m.session.hosts();
		for (const side of ['client', 'server'] as const) {
			const plain = selectSocket(snap[side], m.selectedKey[side], m.selectedFd[side]);
			assert.equal(m.selectedSocket(side, snap[side]), plain, `${side} ${where}`);
			assert.equal(m.selectedSocket(side, snap[side]), plain, `${side} ${where}, asked again`);
			compared++;
		}
	};
	const moves = ['down', 'down', 'up', 'tab', 'down', 'tab', 'up', 'up', 'down'] as const;
	const seen = new Set<string>();
	for (const [i, move] of moves.entries()) {
		same(`before move ${i}`);
		if (move === 'tab') typeKeys(m, '\t');
		else m.handleKey('', key(move === 'down' ? {downArrow: true} : {upArrow: true}));
		same(`after move ${i} (${move})`);
		seen.add(socketKey(m.selectedSocket('client', m.session.hosts().client)!));
		if (i === 4) typeKeys(m, 's');
		m.world.runFor(200);
		same(`after time ${i}`);
	}
	assert.ok(seen.size >= 2, 'the selection moved between rows');
	// The selection moved with nothing else asked in between: each fd 3 row of the same snapshot in turn.
	const snap = m.session.hosts().client;
	for (const row of snap.sockets.filter((socket) => socket.fd === 3)) {
		m.selectedSocket('client', snap);
		m.selectedKey.client = socketKey(row);
		m.selectedFd.client = row.fd;
		assert.equal(m.selectedSocket('client', snap), row, socketKey(row));
		same(`on ${socketKey(row)}`);
	}
	// Or the fd alone (a socket() or accept() the pane follows), of a snapshot holding two live fds.
	const server = m.session.hosts().server;
	const twoLive = {...server, sockets: server.sockets.map((socket, i) => ({...socket, fd: 10 + i, orphaned: false}))};
	m.selectedKey.server = null;
	for (const row of twoLive.sockets) {
		m.selectedSocket('server', twoLive);
		m.selectedFd.server = row.fd;
		assert.equal(m.selectedSocket('server', twoLive), row, `fd ${row.fd}`);
	}
	assert.ok(twoLive.sockets.length >= 2);
	assert.ok(compared >= 50);
	m.dispose();
});
