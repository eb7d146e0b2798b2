// Filters and jumps: H hides third-party traffic (a SYN flood's forged peers), o shows only the
// focused pane's connection, j / J select the next / previous lost, dropped or retransmitted segment.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {createWorld} from '../../source/sim/world.js';
import {App} from '../../source/ui/App.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi} from '../../source/ui/context.js';
import {isBad} from '../../source/ui/marks.js';
import {TuiModel} from '../../source/ui/model.js';
import {encodeSegment} from '../../source/stack/segment.js';
import {CONNECT_KEYS, typeKeys} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};
const SYN = {syn: true, ack: false, fin: false, rst: false, psh: false, urg: false, ece: false, cwr: false};

function floodedModel(): TuiModel {
	const m = new TuiModel({lang: 'en', speed: 1, time: frozen, createWorld: () => createWorld({seed: 5}), onQuit: () => undefined});
	typeKeys(m, CONNECT_KEYS);
	m.world.runFor(1000);
	// Forged SYNs from addresses that do not exist.
	for (let i = 0; i < 5; i++) {
		m.world.inject('c2s', encodeSegment({
			src: `10.0.9.${i + 1}`, dst: m.world.server.addr, srcPort: 40000 + i, dstPort: 80, seq: 1000 * i, ack: 0, flags: SYN,
			window: 1000, urgent: 0, options: {}, payload: new Uint8Array(0),
		}));
	}
	m.world.runFor(1000);
	return m;
}

test('H hides the forged peers\' segments and shows them again; the heading says the ladder is filtered', () => {
	const m = floodedModel();
	const all = m.visibleLadder().length;
	assert.ok(m.store.ladder.some((e) => e.segment.src.startsWith('10.0.9.')));
	typeKeys(m, 'H');
	const ours = m.visibleLadder();
	assert.ok(ours.length < all && ours.length >= 3);
	assert.ok(ours.every((e) => !e.segment.src.startsWith('10.0.9.') && !e.segment.dst.startsWith('10.0.9.')));
	const {lastFrame, unmount} = render(<App model={m} ui={makeUi('en', false, false)} size={{columns: 80, rows: 24}} />);
	assert.match(lastFrame() ?? '', /filtered/);
	unmount();
	typeKeys(m, 'H');
	assert.equal(m.visibleLadder().length, all);
	m.dispose();
});

test('o shows only the focused pane\'s connection; [ ] move among the rows shown', () => {
	const m = floodedModel();
	typeKeys(m, 'o');
	const shown = m.visibleLadder();
	const ports = new Set(shown.map((e) => (e.dir === 'c2s' ? e.segment.srcPort : e.segment.dstPort)));
	assert.equal(ports.size, 1);
	assert.ok(shown.every((e) => e.segment.src === '10.0.0.1' || e.segment.dst === '10.0.0.1'));
	typeKeys(m, '[[[');
	assert.ok(shown.some((e) => e.id === m.ladderSelected));
	typeKeys(m, 'o');
	assert.equal(m.ladderFilter, null);
	m.dispose();
});

test('j and J jump to the next and previous segment in trouble', () => {
	const m = new TuiModel({lang: 'en', speed: 1, time: frozen, createWorld: () => createWorld({seed: 5, stack: {msl: 500}}), onQuit: () => undefined});
	typeKeys(m, CONNECT_KEYS);
	m.world.runFor(1000);
	m.world.setLink('c2s', {loss: 100});
	typeKeys(m, 'x');
	m.world.runFor(1500);
	m.world.setLink('c2s', {loss: 0});
	m.world.runFor(5000);
	const trouble = m.store.ladder.filter((e) => isBad(e) || e.rtx !== undefined).map((e) => e.id);
	assert.ok(trouble.length >= 2);
	typeKeys(m, 'j');
	assert.equal(m.ladderSelected, trouble[0]);
	typeKeys(m, 'j');
	assert.equal(m.ladderSelected, trouble[1]);
	typeKeys(m, 'J');
	assert.equal(m.ladderSelected, trouble[0]);
	typeKeys(m, 'J');
	assert.equal(m.note?.key, 'jumpNone');
	m.dispose();
});
