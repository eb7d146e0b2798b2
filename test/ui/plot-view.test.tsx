// `g`: the plot view, in free play (the model's own recorder, new on reset) and in a lesson (the
// lesson's recorder, new after ←), drawn in the whole app with ink-testing-library.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {lessonsDir, loadLesson} from '../../source/demo/catalog.js';
import {createDemoController} from '../../source/demo/controller.js';
import {createWorld} from '../../source/sim/world.js';
import {App} from '../../source/ui/App.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi} from '../../source/ui/context.js';
import {TuiModel} from '../../source/ui/model.js';
import {CONNECT_KEYS, key, typeKeys} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

function screen(m: TuiModel, lang: 'en' | 'ko' = 'en', columns = 80, rows = 24, ascii = false): string {
	const ui = makeUi(lang, ascii, false);
	const {lastFrame, unmount} = render(<App model={m} ui={ui} size={{columns, rows}} />);
	const out = lastFrame() ?? '';
	unmount();
	return out;
}

function type(m: TuiModel, keys: string): void {
	for (const ch of keys) m.handleKey(ch, key());
}

test('free play: g shows cwnd/ssthresh and the Stevens graph of the client\'s data; g closes; r starts an empty plot', () => {
	const m = new TuiModel({lang: 'en', speed: 1, time: frozen, createWorld: () => createWorld({seed: 3, link: {c2s: {loss: 2, delay: 20}, s2c: {delay: 20}}}), onQuit: () => undefined});
	type(m, 'g');
	assert.equal(m.view, 'plot');
	let out = screen(m);
	assert.match(out, /cwnd and ssthresh over time: no data sent yet/);
	assert.match(out, /Esc or g closes\./);
	assert.doesNotMatch(out, /In a lesson/);
	m.handleKey('', key({escape: true}));
	assert.equal(m.view, 'main');
	// Server listens and accepts, the client connects and writes 10 000 bytes over a lossy link.
	typeKeys(m, CONNECT_KEYS);
	m.world.runFor(200);
	type(m, 'WWWW');
	m.world.runFor(5000);
	assert.ok(m.plotRecorder.seq.length > 0 && m.plotRecorder.cwnd.length > 0);
	type(m, 'g');
	out = screen(m);
	const lines = out.split('\n');
	assert.equal(lines.length, 23);
	for (const line of lines) assert.ok(stringWidth(line) <= 80, `${stringWidth(line)}: ${line}`);
	assert.match(out, /cwnd and ssthresh over time/);
	assert.match(out, /sequence number over time \(Stevens graph\)/);
	assert.match(out, /█ cwnd {2}─ ssthresh/);
	assert.match(out, /• sent/);
	assert.ok(out.includes('•'), 'data segments drawn');
	// Time keys work in the view; g closes it.
	type(m, ' ');
	assert.equal(m.clock.paused, true);
	type(m, 'g');
	assert.equal(m.view, 'main');
	// Reset: a new world, a new (empty) recorder that follows it.
	const before = m.plotRecorder;
	type(m, 'r');
	assert.notEqual(m.plotRecorder, before);
	assert.equal(m.plotRecorder.seq.length, 0);
	type(m, 'g');
	assert.match(screen(m), /no data sent yet/);
	m.dispose();
});

test('in the congestion lesson g shows the lesson\'s recorder, → steps on from the plot, ← swaps in the replayed one', () => {
	const loaded = loadLesson(`${lessonsDir()}/congestion.tcptui`);
	assert.ok(loaded.ok);
	const controller = createDemoController(loaded.lesson, {lang: 'ko', worldFactory: createWorld});
	const m = new TuiModel({
		lang: 'ko', speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined,
		demo: {world: () => controller.world, next: () => controller.next(), back: () => controller.back(), recorder: () => controller.recorder},
	});
	assert.equal(m.plotRecorder, controller.recorder);
	type(m, 'g');
	// → from the plot view runs the next step (and leaves the view open).
	for (let i = 0; i < 3; i++) {
		m.handleKey('', key({rightArrow: true}));
		assert.ok(controller.finishStep());
	}
	assert.equal(controller.stepIndex, 2);
	assert.equal(m.view, 'plot');
	const out = screen(m, 'ko');
	assert.match(out, /시간에 따른 cwnd와 ssthresh/);
	assert.match(out, /시간에 따른 순서번호\(Stevens 그래프\)/);
	assert.ok(out.includes('✗') && out.includes('R'), 'losses and retransmissions drawn');
	assert.match(out, /강의 중에는 여기서도/);
	for (const line of out.split('\n')) assert.ok(stringWidth(line) <= 80, line);
	m.handleKey('', key({leftArrow: true}));
	assert.equal(controller.stepIndex, 1);
	assert.equal(m.plotRecorder, controller.recorder, 'the replayed world\'s recorder');
	assert.ok(m.plotRecorder.seq.length > 0);
	// --ascii: the plot is drawn with plain characters.
	const ascii = screen(m, 'ko', 120, 40, true).replace(/[\uac00-\ud7a3]/g, '');
	assert.equal(ascii.match(/[^\x00-\x7f]/g), null);
	m.dispose();
	controller.dispose();
});
