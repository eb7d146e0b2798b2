import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {eventToJson, type SimEvent} from '../../source/sim/events.js';
import {createWorld} from '../../source/sim/world.js';
import {listDemos, loadLesson} from '../../source/demo/catalog.js';
import {createDemoController, type DemoController} from '../../source/demo/controller.js';
import {recordingController} from './play.js';

const json = (events: readonly SimEvent[]) => events.map((e) => JSON.stringify(eventToJson(e)));

/** Drive a controller as the TUI would: keys (→) at moments of virtual time the clock has reached. */
function play(controller: DemoController, steps: Array<['next'] | ['run', number]>): void {
	for (const step of steps) {
		if (step[0] === 'next') controller.next();
		else controller.world.runUntil(step[1]);
	}
}

test('back() then next() gives identical events (steps run to completion)', () => {
	const {controller, events} = recordingController('handshake');
	for (let i = 0; i < 4; i++) {
		controller.next();
		assert.ok(controller.finishStep());
	}
	const original = json(events());
	const originalCaption = controller.caption();
	controller.back();
	assert.equal(controller.stepIndex, 2);
	assert.ok(controller.finishStep());
	controller.next();
	assert.equal(controller.stepIndex, 3);
	assert.ok(controller.finishStep());
	assert.deepEqual(json(events()), original);
	assert.equal(controller.caption(), originalCaption);
});

test('back() replays what was seen: steps started mid-way by the clock, and a next() queued behind a running step', () => {
	const {controller, events} = recordingController('handshake');
	const drive = (steps: Array<['next'] | ['run', number]>) => play(controller, steps);
	// Step 1 at 0; step 2 at 450 (the clock ran on after step 1 ended); step 3 pressed at 500 while
	// step 2 still waits for the SYN, so it is queued and starts the moment step 2 ends.
	drive([['next'], ['run', 450], ['next'], ['run', 500]]);
	assert.ok(controller.running);
	drive([['next'], ['run', 2000]]);
	assert.equal(controller.stepIndex, 2);
	assert.ok(!controller.running);
	const original = json(events());
	controller.back();
	assert.equal(controller.stepIndex, 1);
	// The replay stops where step 2 was started, at 450, and runs it live from there.
	assert.equal(controller.world.now(), 450);
	const replayed = json(events());
	assert.ok(replayed.length > 0 && replayed.length < original.length);
	assert.deepEqual(replayed, original.slice(0, replayed.length), 'the replay is a prefix of what was seen');
	drive([['run', 500], ['next'], ['run', 2000]]);
	assert.deepEqual(json(events()), original);
});

test('back() replays a queued (chained) step that lies before the step shown', () => {
	const {controller, events} = recordingController('handshake');
	const drive = (steps: Array<['next'] | ['run', number]>) => play(controller, steps);
	drive([['next'], ['run', 450], ['next'], ['run', 500], ['next'], ['run', 2000], ['next'], ['run', 3000]]);
	assert.equal(controller.stepIndex, 3);
	const original = json(events());
	controller.back();
	assert.equal(controller.stepIndex, 2);
	assert.ok(controller.world.now() < 2000);
	drive([['run', 2000], ['next'], ['run', 3000]]);
	assert.deepEqual(json(events()), original);
	controller.back();
	controller.back();
	assert.equal(controller.stepIndex, 1);
	assert.equal(controller.world.now(), 450);
	drive([['run', 500], ['next'], ['run', 2000], ['next'], ['run', 3000]]);
	assert.deepEqual(json(events()), original);
});

test('next() past the end and back() before the start do nothing; back() from the first step shows the introduction', () => {
	const {controller} = recordingController('refused', 'ko');
	assert.equal(controller.stepIndex, -1);
	assert.equal(controller.title, '연결 거절: RST');
	assert.match(controller.caption(), /ECONNREFUSED로 실패함\n→ 또는 n을 누르면/);
	controller.back();
	assert.equal(controller.stepIndex, -1);
	for (let i = 0; i < 5; i++) {
		controller.next();
		controller.finishStep();
	}
	assert.equal(controller.stepIndex, controller.stepCount - 1);
	assert.ok(controller.finished);
	controller.back();
	controller.back();
	controller.back();
	assert.equal(controller.stepIndex, -1);
	assert.equal(controller.world.now(), 0);
});

test('captions in Korean carry the same numbers as in English', () => {
	const en = recordingController('handshake', 'en').controller;
	const ko = recordingController('handshake', 'ko').controller;
	for (const c of [en, ko]) {
		c.next();
		c.finishStep();
		c.next();
		c.finishStep();
	}
	const numbers = (s: string) => s.match(/\d{6,}/g);
	assert.ok(numbers(en.caption()));
	assert.deepEqual(numbers(ko.caption()), numbers(en.caption()));
	assert.match(ko.caption(), /클라이언트 창: connect\(\)가 SYN_SENT 상태에서 블록되어 있습니다/);
	assert.equal(ko.stepTitle, 'connect()가 SYN을 보냄');
	assert.equal(en.stepTitle, 'connect() sends a SYN');
});

test('a bounded wait that does not happen gives a FILE:LINE:COL message, and the lesson goes on', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcptui-lesson-'));
	const file = join(dir, 'nobody.tcptui');
	writeFileSync(file, [
		'seed 5',
		'step "connect to nobody"',
		'caption en "The client connects; the server does not listen."',
		'client: socket',
		'client: connect 10.0.0.2:80',
		'wait until client state ESTABLISHED timeout 2s',
		'step "still here"',
		'caption en "state {client.state}"',
		'wait 1s',
		'',
	].join('\n'));
	const loaded = loadLesson(file, 'nobody.tcptui');
	assert.ok(loaded.ok);
	const controller = createDemoController(loaded.lesson, {lang: 'en', worldFactory: (o) => createWorld(o)});
	let changes = 0;
	controller.subscribe(() => changes++);
	controller.next();
	assert.ok(controller.finishStep());
	assert.match(controller.message ?? '', /^nobody\.tcptui:6:1: timed out after 2s waiting until client state ESTABLISHED \(the client is in CLOSED\)$/);
	controller.next();
	assert.ok(controller.finishStep());
	assert.equal(controller.message, null);
	assert.equal(controller.caption(), 'state CLOSED');
	assert.ok(changes >= 4, `listeners heard ${changes} changes`);
});

test('every lesson: back() from the last step and next() again reproduces the run exactly', () => {
	for (const demo of listDemos()) {
		const {controller, events} = recordingController(demo.name);
		for (let i = 0; i < controller.stepCount; i++) {
			controller.next();
			assert.ok(controller.finishStep(), `${demo.name}: step ${i + 1}`);
		}
		const original = json(events());
		controller.back();
		assert.ok(controller.finishStep());
		controller.next();
		assert.ok(controller.finishStep());
		assert.deepEqual(json(events()), original, demo.name);
	}
});
