// Predict, then reveal: a lesson step's question over one shared session, seen by the teacher and
// three followers (TuiModel viewers, each drawn by App at 80×24), and in a student's own session.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {lessonsDir, loadLesson} from '../../source/demo/catalog.js';
import {createDemoController, type DemoController} from '../../source/demo/controller.js';
import type {Lang} from '../../source/i18n/lang.js';
import {Session, type QuizState} from '../../source/session/session.js';
import {createWorld} from '../../source/sim/world.js';
import {App} from '../../source/ui/App.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi} from '../../source/ui/context.js';
import {TuiModel} from '../../source/ui/model.js';
import {lessonCaption, lessonPort} from '../../source/ui/run.js';
import {parseScenario} from '../../source/scenario/parser.js';
import {formatParseError} from '../../source/scenario/ast.js';
import {typeKeys} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

function lessonSession(name: string): {controller: DemoController; session: Session} {
	const loaded = loadLesson(`${lessonsDir()}/${name}.tcptui`);
	assert.ok(loaded.ok);
	const controller = createDemoController(loaded.lesson, {lang: 'en', worldFactory: createWorld});
	const session = new Session({speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), lesson: lessonPort(controller)});
	return {controller, session};
}

function screen(model: TuiModel, controller: DemoController, lang: Lang): string {
	const caption = lessonCaption(controller, {lang, ascii: false, color: false}, () => model.relativeNumbers);
	const {lastFrame, unmount} = render(<App model={model} ui={makeUi(lang, false, false)} caption={caption} size={{columns: 80, rows: 24}} />);
	const frame = lastFrame() ?? '';
	unmount();
	return frame;
}

/** The teacher presses → and the step runs to its end (headless: no real time passes here). */
function nextStep(teacher: TuiModel, controller: DemoController): void {
	typeKeys(teacher, 'n');
	assert.ok(controller.finishStep());
}

test('a teacher reaches a question; three followers answer (two right, one wrong); the teacher sees 2/1; reveal shows the answer on all three', () => {
	const {controller, session} = lessonSession('handshake');
	const onQuit = (): void => undefined;
	const teacher = new TuiModel({lang: 'en', session, teacher: true, onQuit});
	const followers = (['en', 'ko', 'en'] as const).map((lang) => new TuiModel({lang, session, readOnly: true, onQuit}));
	const [alice, bora, carl] = followers as [TuiModel, TuiModel, TuiModel];

	for (let i = 0; i < 3; i++) {
		nextStep(teacher, controller);
		assert.equal(session.quiz, null, `step ${i + 1} asks nothing`);
	}
	nextStep(teacher, controller);
	const quiz = session.quiz as QuizState | null;
	assert.ok(quiz, 'the step before the first data segment asks its question');
	assert.equal(quiz.question.answer.relative, '1');
	const iss = controller.world.snapshot().client.sockets.find((s) => s.connection)!.connection!.iss!;
	assert.equal(quiz.question.answer.absolute, String((iss + 1) % 2 ** 32));
	// Time holds at the question: the step has ended.
	assert.equal(controller.holdAt(), controller.world.now());

	assert.match(screen(alice, controller, 'en'), /Question: Next the client writes "hello"\. What seq will its data segment carry\?/);
	assert.match(screen(bora, controller, 'ko'), /질문: 이제 클라이언트가 "hello"를 씁니다\. 데이터 세그먼트의 seq는\?/);

	typeKeys(alice, '1\r'); // relative numbering
	typeKeys(bora, `${(iss + 1) % 2 ** 32}\r`); // absolute: right too
	typeKeys(carl, '0\r'); // wrong
	assert.equal(quiz.answers.size, 3);

	const teacherScreen = screen(teacher, controller, 'en');
	assert.match(teacherScreen, /3 answered · right 2 \/ wrong 1/);
	assert.match(teacherScreen, /R shows the answer/);
	// Followers see only how many answered, not the tally.
	const carlBefore = screen(carl, controller, 'en');
	assert.match(carlBefore, /Your answer: 0 · 3 answered/);
	assert.doesNotMatch(carlBefore, /right 2/);

	// A follower cannot reveal; the teacher can.
	typeKeys(carl, 'R');
	assert.equal(quiz.revealed, false);
	typeKeys(teacher, 'R');
	assert.equal(quiz.revealed, true);

	assert.match(screen(alice, controller, 'en'), /Answer: 1 · you were right/);
	assert.match(screen(bora, controller, 'ko'), /정답: 1 · 맞혔습니다/);
	assert.match(screen(carl, controller, 'en'), /Answer: 1 · you answered 0/);
	// After the reveal answers are closed.
	typeKeys(carl, '1\r');
	assert.equal(quiz.answers.get(carl.viewerId), '0');

	// → goes on: the question closes and the next step plays.
	typeKeys(teacher, 'n');
	assert.equal(session.quiz, null);
	assert.doesNotMatch(screen(alice, controller, 'en'), /Question:/);
	for (const model of [teacher, ...followers]) model.dispose();
	session.dispose();
	controller.dispose();
});

test('self-study: a multiple-choice question in a student\'s own session, answered by digit and revealed with R', () => {
	const {controller, session} = lessonSession('active-close');
	const student = new TuiModel({lang: 'ko', session, onQuit: () => undefined});
	for (let i = 0; i < 3; i++) nextStep(student, controller);
	const quiz = session.quiz;
	assert.ok(quiz);
	assert.deepEqual(quiz.question.choices, ['client', 'server', 'both']);
	const before = screen(student, controller, 'ko');
	assert.match(before, /1 client {3}2 server {3}3 both/);
	assert.match(before, /1–3 키로 답하세요/);
	typeKeys(student, '2');
	// No counts before the reveal in self-study: the answer is not given away.
	assert.doesNotMatch(screen(student, controller, 'ko'), /█|✓|맞혔/);
	typeKeys(student, 'R');
	const after = screen(student, controller, 'ko');
	assert.match(after, /1 client █+ 0 ✓|1 client {2}0 ✓/);
	assert.match(after, /정답: client · 내 답은 server였습니다/);
	student.dispose();
	session.dispose();
	controller.dispose();
});

test('ask lines: bad ones get one clear error in English and Korean', () => {
	const cases: Array<[string, RegExp, RegExp]> = [
		['ask "Q?" answer=1', /outside a step/, /단계 밖/],
		['step "s"\nask "Q?"', /needs answer=/, /answer=…가 필요/],
		['step "s"\nask "Q?" choices=a,b answer=c', /not one of the choices: a, b/, /선택지가 아닙니다/],
		['step "s"\nask "Q?" answer=x1', /whole number or one/, /정수이거나/],
		['step "s"\nask "Q?" answer={client.bogus}', /bogus/, /bogus/],
		['step "s"\nask.ko "질문"', /needs the English ask/, /영어 ask/],
		['step "s"\nask "Q?" choices=a answer=a', /2 to 9/, /2개에서 9개/],
		['step "s"\nask "Q?" answer=1 color=red', /unknown key 'color'/, /알 수 없는 키/],
		['step "s"\nask "Q?" answer=1\nask "R?" answer=2', /already has a question/, /이미 'en' 질문/],
	];
	for (const [text, en, ko] of cases) {
		const parsed = parseScenario(text, 'q.tcptui');
		assert.equal(parsed.ok, false, text);
		if (parsed.ok) continue;
		assert.equal(parsed.errors.length, 1, text);
		assert.match(formatParseError('q.tcptui', parsed.errors[0]!, 'en'), en, text);
		assert.match(formatParseError('q.tcptui', parsed.errors[0]!, 'ko'), ko, text);
	}
	const good = parseScenario('step "s"\nask "Q?" choices=a,b answer=b\nask.ko "질문?"', 'q.tcptui');
	assert.ok(good.ok);
	assert.deepEqual(good.scenario.steps[0]!.question, {text: {en: 'Q?', ko: '질문?'}, choices: ['a', 'b'], answer: 'b', pos: {line: 2, col: 1}});
});

test('a long question wraps to the screen instead of being cut; bars pack into lines; a very long one ends in …', async () => {
	const {QuizBar, quizBarRows} = await import('../../source/ui/QuizBar.js');
	const {UiContext} = await import('../../source/ui/context.js');
	const stringWidth = (await import('string-width')).default;
	const question = {
		en: 'After the SYN, the SYN+ACK and the ACK, the client writes "hello": what is the sequence number of that first data segment, counted from the ISN?',
		ko: 'SYN, SYN+ACK, ACK가 오간 뒤 클라이언트가 "hello"를 씁니다. 그 첫 데이터 세그먼트의 순서 번호는 ISN부터 세어 얼마입니까?',
	};
	for (const lang of ['en', 'ko'] as const) {
		for (const width of [40, 80]) {
			const quiz = {
				question: question[lang],
				bars: ['client', 'server', 'both'].map((label, i) => ({label: `${i + 1} ${label}`, count: i, right: i === 1})),
				status: lang === 'en' ? 'Type a number and press Enter, or R to reveal.' : '숫자를 입력하고 Enter, 공개는 R.',
			};
			const ui = makeUi(lang, false, false);
			const {lastFrame, unmount} = render(<UiContext.Provider value={ui}><QuizBar quiz={quiz} width={width} /></UiContext.Provider>);
			const out = lastFrame() ?? '';
			unmount();
			const lines = out.split('\n');
			assert.equal(lines.length, quizBarRows(quiz, width, false), `${lang} ${width}: rows as laid out`);
			for (const line of lines) assert.ok(stringWidth(line) <= width, `${lang} ${width}: ${line}`);
			// Every word of the question is on screen, in order (joined back across the wraps).
			const words = quiz.question.split(' ');
			const shown = lines.join(' ').replace(/\s+/g, ' ');
			assert.ok(shown.includes(words.at(-1)!), `${lang} ${width}: the question's end is shown:\n${out}`);
			assert.doesNotMatch(out, /…/);
			assert.match(out, /2 server █+ 1 ✓/);
		}
	}
	// Longer than four lines: cut, and says so.
	const ui = makeUi('en', false, false);
	const long = {question: 'why '.repeat(100).trim(), bars: [], status: ''};
	const {lastFrame, unmount} = render(<UiContext.Provider value={ui}><QuizBar quiz={long} width={40} /></UiContext.Provider>);
	const out = lastFrame() ?? '';
	unmount();
	assert.equal(out.split('\n').filter((l) => l.includes('why')).length, 4);
	assert.match(out, /…/);
});
