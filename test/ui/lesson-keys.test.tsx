// Lesson keys on the whole screen (App + the caption bar runTui builds) at 80×24: j lists the steps
// and a digit jumps; # switches ladder, panes and the caption between relative and absolute numbers.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import type {Key} from 'ink';
import {lessonsDir, loadLesson} from '../../source/demo/catalog.js';
import {createDemoController, type DemoController} from '../../source/demo/controller.js';
import type {Lang} from '../../source/i18n/lang.js';
import {createWorld} from '../../source/sim/world.js';
import {App} from '../../source/ui/App.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi} from '../../source/ui/context.js';
import {TuiModel} from '../../source/ui/model.js';
import {lessonCaption, lessonPort} from '../../source/ui/run.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};
const noKey = {} as Key;

function setup(lang: Lang): {controller: DemoController; model: TuiModel; screen: () => string} {
	const loaded = loadLesson(`${lessonsDir()}/handshake.tcptui`);
	assert.ok(loaded.ok);
	const controller = createDemoController(loaded.lesson, {lang, worldFactory: createWorld});
	const model = new TuiModel({
		lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined,
		demo: lessonPort(controller),
	});
	const caption = lessonCaption(controller, {lang, ascii: false, color: false}, () => model.relativeNumbers);
	const screen = (): string => {
		const {lastFrame, unmount} = render(<App model={model} ui={makeUi(lang, false, false)} caption={caption} size={{columns: 80, rows: 24}} />);
		const frame = lastFrame() ?? '';
		unmount();
		return frame;
	};
	return {controller, model, screen};
}

test('j lists the steps in the viewer\'s language; a digit jumps there, 0 restarts', () => {
	for (const [lang, title, intro] of [['en', 'connect() sends a SYN', 'Introduction (restart)'], ['ko', 'connect()가 SYN을 보냄', '소개 (처음부터)']] as const) {
		const {controller, model, screen} = setup(lang);
		model.handleKey('j', noKey);
		assert.equal(model.view, 'steps');
		const list = screen();
		assert.ok(list.includes(title) && list.includes(intro), list);
		assert.match(list, /▸  0 {2}/, 'the introduction is where the lesson is');
		model.handleKey('3', noKey);
		assert.equal(model.view, 'main');
		assert.equal(controller.current(), 2);
		controller.finishStep();
		model.handleKey('j', noKey);
		assert.match(screen(), /✓ {2}2 {2}/, 'step 2 is done');
		model.handleKey('0', noKey);
		assert.equal(controller.current(), -1);
		assert.equal(controller.world.now(), 0);
		model.dispose();
		controller.dispose();
	}
});

test('# switches the ladder, the panes and the caption to absolute numbers together, at 80 columns', () => {
	const {controller, model, screen} = setup('en');
	controller.next();
	controller.next();
	controller.finishStep();
	const isn = String(controller.world.snapshot().client.sockets[0]!.connection!.iss);
	const relative = screen();
	assert.ok(relative.includes('carries seq=0:'), relative);
	assert.ok(relative.includes('SYN seq=0'), 'the ladder counts from the ISN');
	model.handleKey('#', noKey);
	const absolute = screen();
	assert.ok(absolute.includes(`carries seq=${isn}:`), absolute);
	assert.ok(absolute.includes(`SYN seq=${isn}`), 'the ladder too');
	assert.match(absolute, new RegExp(`SND\\.NXT\\s+${Number(isn) + 1}`), 'and the pane');
	model.dispose();
	controller.dispose();
});
