// Fault keys: f faults the selected segment while it is on the link (drop, corrupt, duplicate,
// delay by a typed time); F the next one the focused side sends. The ladder marks what happened.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {createWorld} from '../../source/sim/world.js';
import {App} from '../../source/ui/App.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi} from '../../source/ui/context.js';
import {TuiModel} from '../../source/ui/model.js';
import {segmentMarks} from '../../source/ui/marks.js';
import {CONNECT_KEYS, key, typeKeys} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

function connected(lang: 'en' | 'ko' = 'en'): TuiModel {
	const m = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 11, stack: {msl: 500}}), onQuit: () => undefined});
	typeKeys(m, CONNECT_KEYS);
	m.world.runFor(1000);
	return m;
}

test('select the in-flight FIN, f d drops it; it comes back as RTX#1 RTO', () => {
	const m = connected();
	// Focus is on the client after CONNECT_KEYS: close it, then pick its FIN while it flies.
	typeKeys(m, 'x');
	m.world.runFor(10);
	typeKeys(m, '[');
	const fin = m.store.entry(m.ladderSelected!)!;
	assert.match(fin.flags, /FIN/);
	assert.equal(fin.fate, 'flying');
	typeKeys(m, 'f');
	assert.equal(m.prompt?.kind, 'fault');
	const prompt = render(<App model={m} ui={makeUi('en', false, false)} size={{columns: 80, rows: 24}} />);
	assert.match(prompt.lastFrame() ?? '', new RegExp(`fault segment #${fin.id}: d drop`));
	prompt.unmount();
	typeKeys(m, 'd');
	assert.equal(m.prompt, null);
	assert.equal(m.store.entry(fin.id)!.fate, 'lost');
	assert.deepEqual(segmentMarks(m.store.entry(fin.id)!, 'en'), ['you: drop ✗']);
	m.world.runFor(5000);
	const again = m.store.ladder.find((e) => e.id > fin.id && e.dir === 'c2s' && e.flags.includes('FIN'))!;
	assert.deepEqual(segmentMarks(again, 'en'), ['RTX#1 RTO']);
	m.dispose();
});

test('F arms a fault on the next segment the focused side sends; y asks for a delay and checks it', () => {
	const m = connected('ko');
	typeKeys(m, 'F');
	assert.equal(m.prompt?.kind, 'fault');
	typeKeys(m, 'y');
	assert.equal(m.prompt?.kind, 'delay');
	m.handleKey('', key({backspace: true}));
	typeKeys(m, 'x\r');
	assert.match(m.prompt?.error ?? '', /시간이 아닙니다/);
	for (let i = 0; i < 5; i++) m.handleKey('', key({backspace: true}));
	typeKeys(m, '2s\r');
	assert.equal(m.prompt, null);
	// The client's next segment (its FIN) is held back two seconds.
	typeKeys(m, 'x');
	m.world.runFor(100);
	const fin = m.store.ladder.find((e) => e.dir === 'c2s' && e.flags.includes('FIN'))!;
	assert.equal(fin.fault, 'delay');
	assert.equal(fin.fate, 'flying');
	m.world.runFor(3000);
	// It arrives two seconds late, after its retransmission: the receiver drops it as an old duplicate.
	const late = m.store.entry(fin.id)!;
	assert.ok(late.doneAt! - late.sentAt >= 2000);
	assert.deepEqual(segmentMarks(late, 'ko'), ['직접: 지연', '폐기: 옛 중복']);
	m.dispose();
});

test('f on a segment no longer on the link says so', () => {
	const m = connected();
	typeKeys(m, '[');
	typeKeys(m, 'f');
	assert.equal(m.prompt, null);
	assert.equal(m.note?.key, 'faultTooLate');
	m.dispose();
});
