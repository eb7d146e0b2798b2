// A teacher who talks: every built-in lesson driven through the app's model and its real clock, with
// hand-driven real time. After each → the step plays, then 10 s of real time pass while the teacher
// talks: virtual time must stand still at the step's end, no failure may show, and the step's
// expectations (what its caption claims) must hold. Then a → pressed while a step still runs must
// fast-forward it: the caption never runs ahead of the world. The lies of the past are checked by name.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {lessonsDir, listDemos, loadLesson} from '../../source/demo/catalog.js';
import {createDemoController, type DemoController} from '../../source/demo/controller.js';
import {createWorld} from '../../source/sim/world.js';
import {TuiModel} from '../../source/ui/model.js';
import {lessonPort} from '../../source/ui/run.js';
import {FakeTime, key} from './helpers.js';

function teacher(name: string, speed = 1): {controller: DemoController; model: TuiModel; time: FakeTime; press: () => void} {
	const loaded = loadLesson(`${lessonsDir()}/${name}.tcptui`, `lessons/${name}.tcptui`);
	assert.ok(loaded.ok);
	const controller = createDemoController(loaded.lesson, {lang: 'ko', worldFactory: createWorld});
	const time = new FakeTime();
	const model = new TuiModel({
		lang: 'ko', speed, time, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined,
		demo: lessonPort(controller),
	});
	return {controller, model, time, press: () => model.handleKey('', key({rightArrow: true}))};
}

/** Let real time run (in frames) until the step shown has ended; false if it never does within a minute. */
function playStep(controller: DemoController, time: FakeTime): boolean {
	for (let ms = 0; ms < 60_000 && controller.running; ms += 50) time.advance(50);
	return !controller.running;
}

test('every lesson, 10 s of talk after each step: time stands still at the step end, no failure, the caption\'s claims hold', () => {
	for (const demo of listDemos()) {
		const {controller, model, time, press} = teacher(demo.name);
		time.advance(10_000);
		assert.equal(controller.world.now(), 0, `${demo.name}: the introduction holds`);
		for (let i = 0; i < controller.stepCount; i++) {
			press();
			assert.ok(playStep(controller, time), `${demo.name} step ${i + 1} ends`);
			const end = controller.world.now();
			const events = controller.world.history().length;
			time.advance(10_000);
			assert.equal(controller.world.now(), end, `${demo.name} step ${i + 1}: the talk is not virtual time`);
			assert.equal(controller.world.history().length, events, `${demo.name} step ${i + 1}: nothing happens while held`);
			assert.equal(controller.message, null, `${demo.name} step ${i + 1}: ${controller.message}`);
		}
		assert.ok(controller.finished());
		model.dispose();
		controller.dispose();
	}
});

test('→ pressed while a step runs (or while paused) plays it to its end first: the world is never behind the caption', () => {
	for (const demo of listDemos()) {
		const {controller, model, time, press} = teacher(demo.name);
		for (let i = 0; i < controller.stepCount; i++) {
			press();
			time.advance(100);
			if (i % 2 === 1) model.handleKey(' ', key());
			time.advance(100);
		}
		assert.equal(controller.message, null, `${demo.name}: ${controller.message}`);
		// Space paused inside the last step: nothing moves until it resumes.
		if (controller.stepCount % 2 === 0 && controller.running) {
			const now = controller.world.now();
			time.advance(5000);
			assert.equal(controller.world.now(), now, `${demo.name}: paused inside a step`);
			model.handleKey(' ', key());
		}
		assert.ok(playStep(controller, time), `${demo.name}: the last step ends`);
		assert.equal(controller.message, null, `${demo.name}: ${controller.message}`);
		model.dispose();
		controller.dispose();
	}
});

test('the lies of the past: each caption now matches the world it is shown over', () => {
	// handshake step 2: "connect() is blocked in SYN_SENT" — still so however long the teacher talks.
	{
		const {controller, model, time, press} = teacher('handshake');
		press();
		press();
		playStep(controller, time);
		time.advance(30_000);
		const client = controller.world.snapshot().client.sockets[0]!;
		assert.equal(client.state, 'SYN_SENT');
		assert.equal(client.blocked[0]?.call, 'connect');
		// Step 3 then still sees its SYN+ACK arrive (it timed out after a 0.45 s pause before).
		press();
		playStep(controller, time);
		assert.equal(controller.message, null);
		model.dispose();
	}
	// checksum step 2: "read() is still blocked".
	{
		const {controller, model, time, press} = teacher('checksum');
		press();
		playStep(controller, time);
		press();
		playStep(controller, time);
		time.advance(30_000);
		assert.equal(controller.world.snapshot().server.sockets.find((s) => s.role === 'connection')!.blocked[0]?.call, 'read');
		model.dispose();
	}
	// active-close step 5: "watch the countdown": TIME_WAIT is still counting when the step begins.
	{
		const {controller, model, time, press} = teacher('active-close');
		for (let i = 0; i < 4; i++) {
			press();
			playStep(controller, time);
			time.advance(10_000);
		}
		press();
		time.advance(1000);
		const conn = controller.world.snapshot().client.sockets.find((s) => s.connection)?.connection;
		assert.equal(conn?.state, 'TIME_WAIT');
		assert.ok(conn!.timeWaitUntil! - controller.world.now() > 8000, 'most of the 2×MSL countdown is still to come');
		model.dispose();
	}
	// congestion steps 4–5: the 3 MB transfer is still going, so the blackout shows RTO backoff.
	{
		const {controller, model, time, press} = teacher('congestion', 5);
		for (let i = 0; i < 3; i++) {
			press();
			playStep(controller, time);
			time.advance(10_000);
		}
		const conn = controller.world.snapshot().client.sockets.find((s) => s.connection)!.connection!;
		assert.ok(conn.sendBuffer.used > 0, 'data is still waiting to be sent when the blackout begins');
		press();
		playStep(controller, time);
		const rto = controller.world.snapshot().client.sockets.find((s) => s.connection)!.connection!.rto;
		assert.ok(rto >= 800, `the RTO has backed off: ${rto} ms`);
		model.dispose();
	}
});
