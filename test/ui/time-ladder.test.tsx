// The ladder to time scale (T): rows are time slices, arrows slant from the send row to the
// arrival row, idle stretches fold into one row; a time column at every width.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {createWorld} from '../../source/sim/world.js';
import type {WorldApi} from '../../source/sim/world-api.js';
import {App} from '../../source/ui/App.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi, UiContext} from '../../source/ui/context.js';
import {computeLayout} from '../../source/ui/layout.js';
import {TuiModel} from '../../source/ui/model.js';
import {UiStore} from '../../source/ui/store.js';
import {sliceFor, TimeLadder} from '../../source/ui/TimeLadder.js';
import {typeKeys} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

function established(world: WorldApi): {client: number; server: number} {
	const listener = world.server.socket().result!;
	world.server.bind(listener, 80);
	world.server.listen(listener, 8);
	const accept = world.server.accept(listener);
	const client = world.client.socket().result!;
	world.client.connect(client, world.server.addr, 80);
	world.runFor(500);
	return {client, server: accept.result!};
}

/** The ladder as App draws it; `select`: the segment selected (kept in view), else the newest rows. */
function draw(store: UiStore, world: WorldApi, columns: number, rows: number, select: number | null = null, lang: 'en' | 'ko' = 'en'): string[] {
	const layout = computeLayout(columns, rows);
	const {lastFrame, unmount} = render(
		<UiContext.Provider value={makeUi(lang, false, false)}>
			<TimeLadder entries={store.ladder} now={world.now()} width={layout.ladderWidth} height={layout.mainHeight} selectedId={select} relative wideTimes={layout.ladderTimes} transit={50} />
		</UiContext.Provider>,
	);
	const out = (lastFrame() ?? '').split('\n');
	unmount();
	return out;
}

test('a simultaneous close draws two crossing arrows at 80×24 (and wider)', () => {
	for (const [columns, rows] of [[80, 24], [160, 50]] as const) {
		const world = createWorld({seed: 1, stack: {msl: 1000}});
		const store = new UiStore();
		world.on((e) => store.apply(e));
		const fds = established(world);
		world.client.close(fds.client);
		world.server.close(fds.server);
		world.runFor(300);
		// Selecting the first FIN keeps it and what follows in view.
		const lines = draw(store, world, columns, rows, store.ladder.find((e) => e.flags.includes('FIN'))!.id);
		const finRow = lines.findIndex((line) => line.includes('FIN,ACK'));
		assert.ok(finRow > 0, lines.join('\n'));
		// On the FINs' send row each arrow leaves its own rail; a few rows down the c2s arrow (╲) is
		// right of the s2c one (╱): they crossed.
		const before = /[│▸]─FIN,ACK.*─│$/.test(lines[finRow]!);
		const after = lines.slice(finRow + 1, finRow + 8).some((line) => {
			const up = line.indexOf('╱');
			return up >= 0 && line.lastIndexOf('╲') > up;
		});
		assert.ok(before && after, `${columns}×${rows}: no crossing in\n${lines.join('\n')}`);
		for (const line of lines) assert.equal(stringWidth(line), computeLayout(columns, rows).ladderWidth, line);
	}
});

test('the time column: compact at 80 columns, full when wide; an RTO wait folds into one row that says how long', () => {
	const world = createWorld({seed: 1, stack: {msl: 1000}});
	const store = new UiStore();
	world.on((e) => store.apply(e));
	const fds = established(world);
	world.setLink('c2s', {loss: 100});
	world.client.close(fds.client);
	// The FIN and its first retransmission are lost (whatever the profile's RTO), the second gets through.
	world.runFor(2000);
	world.setLink('c2s', {loss: 0});
	world.runFor(6000);
	const firstRtx = store.ladder.find((e) => e.rtx !== undefined)!.id;
	const narrow = draw(store, world, 80, 24, firstRtx).join('\n');
	assert.match(narrow, /^\d\.\d\d│─.*FIN,ACK/m);
	assert.match(narrow, /│ ⋮ \+\d+\.\ds/);
	assert.match(narrow, /RTX#2 RTO FIN,ACK/);
	// Following the newest rows instead, the last ACK is in view.
	assert.match(draw(store, world, 80, 24).join('\n'), /ACK seq=1 ack=2/);
	const wide = draw(store, world, 160, 50, firstRtx).join('\n');
	assert.match(wide, / 0\.500│─lost ✗ FIN,ACK/);
	assert.match(wide, / \d\.\d{3}[│▸]─lost ✗ RTX#1 RTO FIN,ACK/);
});

test('T toggles the time-scaled ladder; the screen says how long a row is, in both languages', () => {
	for (const lang of ['en', 'ko'] as const) {
		const model = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined});
		typeKeys(model, 'T');
		assert.equal(model.timeScaled, true);
		const {lastFrame, unmount} = render(<App model={model} ui={makeUi(lang, false, false)} size={{columns: 80, rows: 24}} />);
		assert.match(lastFrame() ?? '', lang === 'en' ? /row=10ms/ : /한 줄=10ms/);
		unmount();
		typeKeys(model, 'T');
		assert.equal(model.timeScaled, false);
		model.dispose();
	}
	assert.equal(sliceFor(50), 10);
	assert.equal(sliceFor(500), 100);
	assert.equal(sliceFor(1), 1);
});
