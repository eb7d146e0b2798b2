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

test('a finished step holds virtual time until →; the introduction holds too', () => {
	const {controller} = recordingController('handshake');
	assert.equal(controller.holdAt(), controller.world.now(), 'the introduction waits for the teacher');
	controller.next();
	assert.equal(controller.holdAt(), 0, 'step 1 has no waits: it ends at once and holds');
	controller.next();
	assert.equal(controller.holdAt(), null, 'a running step lets time flow');
	assert.ok(controller.finishStep());
	// Step 2 ends when the SYN arrives; the SYN+ACK is already on its way, but time is held here.
	const end = controller.world.now();
	assert.equal(controller.holdAt(), end);
	assert.ok(controller.world.inFlight().length > 0, 'the SYN+ACK is in flight while the caption is read');
	assert.equal(controller.world.snapshot().client.sockets[0]!.state, 'SYN_SENT', 'the screen still matches "blocked in SYN_SENT"');
});

test('→ while a step runs fast-forwards it to its end first: the caption never runs ahead of the world', () => {
	const {controller, events} = recordingController('handshake');
	const drive = (steps: Array<['next'] | ['run', number]>) => play(controller, steps);
	drive([['next'], ['next'], ['run', 100]]);
	assert.equal(controller.stepIndex, 1);
	assert.ok(controller.running, 'step 2 waits for the SYN (300 ms away)');
	controller.next();
	assert.equal(controller.stepIndex, 2);
	// Step 2 ran to its end (the SYN delivered at 300 ms) before step 3 began there.
	assert.equal(controller.world.now(), 300);
	assert.ok(events().some((e) => e.kind === 'segment' && e.fate === 'delivered' && e.flags === 'SYN'));
	assert.ok(controller.finishStep());
	assert.equal(controller.message, null, 'step 3 still finds its SYN+ACK');
	const original = json(events());
	// The same presses at other moments give the same run: every step starts where the one before ended.
	const other = recordingController('handshake');
	for (let i = 0; i < 3; i++) {
		other.controller.next();
		other.controller.finishStep();
	}
	assert.deepEqual(json(other.events()), original);
});

test('back() runs the step before again from its start, and the replay is a prefix of what was seen', () => {
	const {controller, events} = recordingController('handshake');
	for (let i = 0; i < 4; i++) {
		controller.next();
		assert.ok(controller.finishStep());
	}
	const original = json(events());
	controller.back();
	assert.equal(controller.stepIndex, 2);
	assert.ok(controller.running, 'step 3 plays again, live');
	assert.equal(controller.world.now(), 300, 'from where step 2 ended');
	const replayed = json(events());
	assert.deepEqual(replayed, original.slice(0, replayed.length));
	controller.finishStep();
	controller.next();
	controller.finishStep();
	assert.deepEqual(json(events()), original);
});

test('steps(), current(), jump(n), restart(), finished(): the navigation a session logs', () => {
	const {controller, events} = recordingController('handshake', 'ko');
	assert.deepEqual(controller.steps().map((s) => s.index), [0, 1, 2, 3, 4, 5]);
	assert.equal(controller.steps()[1]!.title, 'connect()가 SYN을 보냄');
	assert.equal(controller.current(), -1);
	controller.jump(3);
	assert.equal(controller.current(), 3);
	assert.ok(controller.running);
	assert.ok(!controller.finished());
	controller.finishStep();
	const atFour = json(events());
	controller.restart();
	assert.equal(controller.current(), -1);
	assert.equal(controller.world.now(), 0);
	for (let i = 0; i < 4; i++) {
		controller.next();
		controller.finishStep();
	}
	assert.deepEqual(json(events()), atFour, 'jump(3) is the same as pressing → four times');
	controller.jump(99);
	assert.equal(controller.current(), 5, 'jump clamps to the last step');
	controller.finishStep();
	assert.ok(controller.finished());
	controller.jump(-5);
	assert.equal(controller.current(), -1);
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
	assert.ok(controller.finished());
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
	// The run has left the lesson's path (step 1's wait ran out) and this step has no checks: its caption says so.
	assert.equal(controller.caption(), 'Off the lesson\'s path since step 1; this step has no checks, so its caption may not match the screen (← then → replays it as written).\nstate CLOSED');
	assert.ok(changes >= 4, `listeners heard ${changes} changes`);
});

test('the failure line is in the chosen language and belongs to its step: ← does not carry it onto others', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcptui-lesson-'));
	const file = join(dir, 'nobody.tcptui');
	writeFileSync(file, [
		'seed 5',
		'step "fine"',
		'caption en "fine"',
		'client: socket',
		'step "connect to nobody"',
		'caption en "no one listens"',
		'client: connect 10.0.0.2:80',
		'wait until client state ESTABLISHED timeout 2s',
		'step "fine again"',
		'caption en "still here"',
		'wait 1s',
		'',
	].join('\n'));
	const loaded = loadLesson(file, 'nobody.tcptui');
	assert.ok(loaded.ok);
	const controller = createDemoController(loaded.lesson, {lang: 'ko', worldFactory: (o) => createWorld(o)});
	for (let i = 0; i < 2; i++) {
		controller.next();
		controller.finishStep();
	}
	assert.equal(controller.message, 'nobody.tcptui:8:1: 2s 동안 client state ESTABLISHED을(를) 기다렸지만 일어나지 않았습니다 (클라이언트의 현재 상태: CLOSED)');
	assert.match(controller.messageIn('en') ?? '', /^nobody\.tcptui:8:1: timed out after 2s/);
	controller.next();
	controller.finishStep();
	assert.equal(controller.message, null);
	controller.back();
	assert.equal(controller.stepIndex, 1);
	assert.equal(controller.message, null, 'the step runs again: no failure until it fails again');
	controller.back();
	assert.equal(controller.message, null, 'step 1 never failed');
	controller.finishStep();
	assert.equal(controller.message, null);
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

test('after the run goes another way than the lesson (handshake step 5 after the student wrote "4"), the caption says so and what the lesson expected, in English and Korean; ← → brings the lesson\'s own caption back', () => {
	const {controller} = recordingController('handshake');
	for (let i = 0; i < 4; i++) {
		controller.next();
		assert.ok(controller.finishStep());
	}
	// The student's own key in the client pane: write "4" before the lesson's write "hello".
	const clientFd = controller.world.snapshot().client.sockets.find((s) => s.state === 'ESTABLISHED')!.fd;
	controller.world.client.write(clientFd, '4');
	controller.next();
	assert.ok(controller.finishStep());
	const en = controller.caption();
	const ko = controller.caption({lang: 'ko'});
	assert.match(en, /^This run went another way than the lesson here .* The lesson expected: server read "hello"\. ← then → replays the step as written\.$/);
	assert.match(ko, /^이번 실행은 여기서 강의와 다르게 진행되었습니다.* 강의가 기대한 것: server read "hello"\./);
	// Nothing of the step's own caption, whose numbers (seq, SND.NXT = ISN+1 + 5) this run does not show.
	for (const caption of [en, ko]) assert.doesNotMatch(caption, /SND\.NXT/);
	assert.match(controller.message ?? '', /expect server read "hello": failed, the last read\(\) returned "4"/);
	controller.back();
	assert.ok(controller.finishStep());
	controller.next();
	assert.ok(controller.finishStep());
	assert.match(controller.caption(), /^The client writes "hello"\. .*SND\.NXT is now/);
});

test('any step whose checks fail gets the deviation caption: failed expects (each named once) and a wait that ran out; a step that holds keeps its own', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcptui-lesson-'));
	const file = join(dir, 'checks.tcptui');
	writeFileSync(file, [
		'seed 5',
		'step "holds"',
		'caption en "the client has a socket"',
		'caption ko "클라이언트 소켓"',
		'client: socket',
		'expect client state CLOSED',
		'step "expects fail"',
		'caption en "the client listens"',
		'caption ko "클라이언트가 listen함"',
		'expect client state LISTEN',
		'expect segment c2s SYN',
		'step "a wait runs out"',
		'caption en "connected"',
		'client: connect 10.0.0.2:80',
		'wait until client state ESTABLISHED timeout 2s',
		'',
	].join('\n'));
	const loaded = loadLesson(file, 'checks.tcptui');
	assert.ok(loaded.ok);
	const controller = createDemoController(loaded.lesson, {lang: 'en', worldFactory: (o) => createWorld(o)});
	controller.next();
	assert.ok(controller.finishStep());
	assert.equal(controller.caption(), 'the client has a socket');
	assert.equal(controller.caption({lang: 'ko'}), '클라이언트 소켓');
	controller.next();
	assert.ok(controller.finishStep());
	assert.match(controller.caption(), /The lesson expected: client state LISTEN; segment c2s SYN\./);
	assert.match(controller.caption({lang: 'ko'}), /강의가 기대한 것: client state LISTEN; segment c2s SYN\./);
	controller.next();
	controller.finishStep();
	assert.match(controller.caption(), /The lesson expected: client state ESTABLISHED\./);
	assert.match(controller.caption({lang: 'ko'}), /강의가 기대한 것: client state ESTABLISHED\./);
});

test('after the run leaves the lesson\'s path, a later step without expect lines says so once, above its own caption (en, ko), a follower\'s naming the teacher instead of ← →; a step whose checks hold does not; ← → brings the lesson back', () => {
	const {controller} = recordingController('cumulative-ack');
	// The student closes the client while it connects: step 1's wait runs out, the run has left the lesson.
	controller.next();
	controller.world.runUntil(1);
	const connecting = controller.world.snapshot().client.sockets.find((s) => s.state === 'SYN_SENT')!;
	controller.world.client.close(connecting.fd);
	assert.ok(controller.finishStep());
	assert.match(controller.caption(), /^This run went another way than the lesson here/);
	const note = {en: 'Off the lesson\'s path since step 1; this step has no checks, so its caption may not match the screen (← then → replays it as written).', ko: '1단계부터 강의와 다르게 진행 중입니다.'};
	const followerNote = {en: 'Off the lesson\'s path since step 1; this step has no checks, so its caption may not match the screen (the teacher can replay it as written).', ko: '1단계부터 강의와 다르게 진행 중입니다. 이 단계에는 확인(expect)이 없어서 아래 설명이 화면과 다를 수 있습니다(교사가 강의대로 다시 재생할 수 있습니다).'};
	const own = {en: ['The first segment (seq=', 'Of five segments the second'], ko: ['첫 번째 세그먼트(seq=', '세그먼트 다섯 개 중 두 번째']};
	for (const i of [1, 2]) {
		controller.next();
		assert.ok(controller.finishStep());
		assert.equal(controller.message, null, 'steps 2 and 3 have no checks: nothing failed');
		for (const lang of ['en', 'ko'] as const) {
			const caption = controller.caption({lang});
			const lines = caption.split('\n');
			// Once, on a line of its own above the step's caption, which follows whole.
			assert.ok(lines[0]!.startsWith(note[lang]), `${lang} step ${i + 1}: ${caption}`);
			assert.equal(caption.split(lang === 'en' ? 'Off the lesson\'s path' : '강의와 다르게 진행 중').length, 2, `${lang}: the note once`);
			assert.ok(lines[1]!.startsWith(own[lang][i - 1]!), `${lang} step ${i + 1}: ${caption}`);
			// A follower cannot press ← or →: its note names who can replay the step instead.
			const theirs = controller.caption({lang, follower: true});
			assert.ok(theirs.startsWith(followerNote[lang]), `${lang} follower, step ${i + 1}: ${theirs}`);
			assert.doesNotMatch(theirs, /←|→/);
			assert.equal(theirs.split('\n').slice(1).join('\n'), lines.slice(1).join('\n'), 'the same caption below the note');
		}
	}
	// Step 4 has checks, and they fail: the deviation caption, not the note.
	controller.next();
	controller.finishStep();
	assert.match(controller.caption(), /^This run went another way than the lesson here/);
	assert.doesNotMatch(controller.caption(), /Off the lesson's path/);
	for (const lang of ['en', 'ko'] as const) {
		const theirs = controller.caption({lang, follower: true});
		assert.ok(theirs.endsWith(lang === 'en' ? 'The teacher can replay the step as written.' : '교사가 이 단계를 강의대로 다시 재생할 수 있습니다.'), `${lang} follower: ${theirs}`);
		assert.doesNotMatch(theirs, /←|→/);
	}
	// ← then →: the steps are replayed as written, and the captions are the lesson's own again.
	controller.back();
	assert.ok(controller.finishStep());
	assert.match(controller.caption(), /^Of five segments the second/);
	controller.back();
	controller.back();
	assert.ok(controller.finishStep());
	assert.match(controller.caption(), /^A connection is set up\./);
	controller.next();
	assert.ok(controller.finishStep());
	assert.match(controller.caption(), /^The first segment \(seq=1\)/);
});

test('after a deviation, a step whose own expect lines hold keeps its own caption, without the note', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcptui-lesson-'));
	const file = join(dir, 'path.tcptui');
	writeFileSync(file, ['seed 5', 'step "fails"', 'caption en "listening"', 'client: socket', 'expect client state LISTEN',
		'step "no checks"', 'caption en "no checks here"', 'wait 10ms',
		'step "checks hold"', 'caption en "the socket is closed"', 'expect client state CLOSED', ''].join('\n'));
	const loaded = loadLesson(file, 'path.tcptui');
	assert.ok(loaded.ok);
	const controller = createDemoController(loaded.lesson, {lang: 'en', worldFactory: (o) => createWorld(o)});
	const captions: string[] = [];
	for (let i = 0; i < 3; i++) {
		controller.next();
		assert.ok(controller.finishStep());
		captions.push(controller.caption());
	}
	assert.match(captions[0]!, /^This run went another way than the lesson here/);
	assert.equal(captions[1], 'Off the lesson\'s path since step 1; this step has no checks, so its caption may not match the screen (← then → replays it as written).\nno checks here');
	assert.equal(captions[2], 'the socket is closed');
});

test('handshake step 4\'s question is right whatever the run did: after the student\'s own write its answer is the seq the "hello" segment really carries', () => {
	const answerAfter = (studentWrites: boolean) => {
		const {controller, events} = recordingController('handshake');
		for (let i = 0; i < 3; i++) {
			controller.next();
			assert.ok(controller.finishStep());
		}
		controller.next();
		if (studentWrites) {
			const fd = controller.world.snapshot().client.sockets.find((s) => s.state === 'ESTABLISHED')!.fd;
			controller.world.client.write(fd, '4');
		}
		assert.ok(controller.finishStep());
		const question = controller.question()!;
		assert.match(question.text.en!, /What seq will its data segment carry\?/);
		controller.next();
		controller.finishStep();
		const hello = events().find((e) => e.kind === 'segment' && e.dir === 'c2s' && e.fate === 'sent' && e.len === 5);
		assert.ok(hello && hello.kind === 'segment', 'the "hello" segment was sent');
		const iss = events().find((e) => e.kind === 'segment' && e.dir === 'c2s' && e.flags === 'SYN');
		assert.ok(iss && iss.kind === 'segment');
		controller.dispose();
		return {question, seq: hello.seq, relative: ((hello.seq - iss.seq) >>> 0)};
	};
	const lesson = answerAfter(false);
	assert.deepEqual(lesson.question.answer, {relative: '1', absolute: String(lesson.seq)}, 'the lesson\'s run: ISN+1');
	const other = answerAfter(true);
	assert.equal(other.relative, 2, 'the student\'s byte went first');
	assert.deepEqual(other.question.answer, {relative: '2', absolute: String(other.seq)});
});
