// A pane kept alive draws again only the lines whose values changed (TCB rows and buffer bars are
// memoised, call-log lines are reused by place as the log scrolls). Every frame of a live pane must
// be the pane drawn fresh: here data crosses a lossy link both ways (TCB values, bars and the call
// log change, a retransmission timer comes and goes), then both ends close (TIME_WAIT counts down).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {createWorld} from '../../source/sim/world.js';
import type {WorldApi} from '../../source/sim/world-api.js';
import {makeUi, UiContext, type Ui} from '../../source/ui/context.js';
import {Pane} from '../../source/ui/Pane.js';
import {UiStore} from '../../source/ui/store.js';
import {establish} from './helpers.js';

function pane(world: WorldApi, store: UiStore, side: 'client' | 'server', width: number, tall: boolean, ui: Ui): React.JSX.Element {
	const host = side === 'client' ? world.client.snapshot() : world.server.snapshot();
	const selected = host.sockets.filter((s) => s.connection !== null).at(-1) ?? host.sockets.at(-1) ?? null;
	return (
		<UiContext.Provider value={ui}>
			<Pane side={side} host={host} selected={selected} calls={store.callLog(side)} now={world.now()} focused={side === 'server'}
				width={width} height={tall ? 40 : 22} tall={tall} relative />
		</UiContext.Provider>
	);
}

test('a pane drawn again frame after frame equals the pane drawn fresh (both sides, short and tall, en and ko, colour and ASCII)', () => {
	for (const [lang, ascii, tall] of [['en', false, false], ['ko', false, false], ['en', true, true]] as const) {
		const ui = makeUi(lang, ascii, !ascii);
		{
			const world = createWorld({seed: 5, stack: {msl: 1000}, link: {c2s: {delay: 80}, s2c: {delay: 60}}});
			const store = new UiStore();
			world.on((e) => store.apply(e));
			const {serverFd, clientFd} = establish(world);
			world.setLink('c2s', {loss: 20});
			world.setLink('s2c', {loss: 10});
			const live = {client: render(pane(world, store, 'client', 30, tall, ui)), server: render(pane(world, store, 'server', 34, tall, ui))};
			const shown = new Set<string>();
			let timers = 0;
			for (let n = 0; n < 60; n++) {
				if (n < 40) {
					if (n % 2 === 0) world.client.write(clientFd, `data ${n} `.repeat(200));
					if (n % 3 === 0) world.server.read(serverFd, 1500);
					if (n % 7 === 0) world.server.write(serverFd, `reply ${n}`);
					if (n % 5 === 0) world.client.read(clientFd, 100);
				}
				if (n === 40) world.setLink('c2s', {loss: 0});
				if (n === 40) world.setLink('s2c', {loss: 0});
				if (n === 46) world.client.close(clientFd);
				if (n === 47) world.server.close(serverFd);
				world.runFor(n < 46 ? 45 : 150);
				const snap = world.client.snapshot();
				if (snap.sockets.some((s) => (s.connection?.timers.length ?? 0) > 0)) timers++;
				for (const side of ['client', 'server'] as const) {
					const width = side === 'client' ? 30 : 34;
					live[side].rerender(pane(world, store, side, width, tall, ui));
					// The live pane is drawn every step; every third step it is compared.
					if (n % 3 !== 2) continue;
					const fresh = render(pane(world, store, side, width, tall, ui));
					assert.equal(live[side].lastFrame(), fresh.lastFrame(), `${lang}${ascii ? ' ascii' : ''} ${tall ? 'tall' : 'short'} ${side}, step ${n}`);
					shown.add(`${side} ${live[side].lastFrame()}`);
					fresh.unmount();
				}
			}
			live.client.unmount();
			live.server.unmount();
			// The frames compared were many different ones, with timers counting down among them.
			assert.ok(shown.size > 25, `${shown.size} distinct frames`);
			assert.ok(timers > 5, `${timers} steps with a timer`);
		}
	}
});
