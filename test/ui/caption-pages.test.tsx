// A lesson caption too long for its bar, on the whole screen (App + the caption bar runTui builds):
// at 80×24 the bar shows four lines and says how many are below; e shows the next ones, page by page,
// until every line has been on screen; nothing else on the screen moves or breaks. A taller terminal
// gives the caption more lines. Another step starts at its first page again.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {captionLinesFor} from '../../source/demo/CaptionBar.js';
import {createDemoController} from '../../source/demo/controller.js';
import {wrapText} from '../../source/demo/wrap.js';
import type {Lang} from '../../source/i18n/lang.js';
import {parseScenario} from '../../source/scenario/parser.js';
import {createWorld} from '../../source/sim/world.js';
import {App} from '../../source/ui/App.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi} from '../../source/ui/context.js';
import {TuiModel} from '../../source/ui/model.js';
import {lessonCaption, lessonPort} from '../../source/ui/run.js';
import {Session} from '../../source/session/session.js';
import {key} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

const LONG: Record<Lang, string> = {
	en: Array.from({length: 14}, (_, i) => `Sentence ${i + 1}: the server pane shows LISTEN and its accept() is blocked.`).join(' '),
	ko: Array.from({length: 10}, (_, i) => `문장 ${i + 1}: 서버 창은 LISTEN 상태이고 accept()는 블록되어 있습니다.`).join(' '),
};

const LESSON = `title "Long"
seed 7
step "one"
server: socket
server: bind 80
server: listen 8
caption en "${LONG.en}"
caption ko "${LONG.ko}"
step "two"
server: accept
caption en "Short."
caption ko "짧음."
`;

function setup(lang: Lang, columns: number, rows: number) {
	const parsed = parseScenario(LESSON, 'long.tcptui');
	assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.errors));
	const controller = createDemoController(parsed.scenario, {lang, worldFactory: createWorld});
	const model = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined, demo: lessonPort(controller)});
	const caption = lessonCaption(controller, {lang, ascii: false, color: false});
	const screen = (): string[] => {
		const {lastFrame, unmount} = render(<App model={model} ui={makeUi(lang, false, false)} caption={caption} size={{columns, rows}} />);
		const frame = (lastFrame() ?? '').split('\n');
		unmount();
		return frame;
	};
	return {controller, model, screen, press: (input: string, overrides = {}) => model.handleKey(input, key(overrides))};
}

/** The caption bar's text lines: between its rule (`step k/n`) and its hint line. */
function captionLines(lines: string[], lang: Lang): string[] {
	const rule = lines.findIndex((line) => (lang === 'en' ? /step \d\/2 ──$/ : /단계 \d\/2 ──$/).test(line));
	assert.ok(rule >= 0, lines.join('\n'));
	return lines.slice(rule + 1, -1).map((line) => line.trimEnd());
}

for (const lang of ['en', 'ko'] as const) {
	test(`a caption too long for the bar (${lang}): e pages through all of it at 80×24, the rest of the screen stays whole`, () => {
		const {controller, press, screen} = setup(lang, 80, 24);
		press('', {rightArrow: true});
		assert.ok(controller.finishStep());
		const whole = wrapText(LONG[lang], 80).map((line) => line.trimEnd());
		assert.ok(whole.length > 8, `${whole.length} lines`);
		const pageCount = Math.ceil(whole.length / 4);
		const seen = new Set<string>();
		let first: string[] | null = null;
		for (let page = 0; page <= pageCount; page++) {
			const lines = screen();
			assert.equal(lines.length, 23, `page ${page}: ${lines.length} rows`);
			for (const line of lines) assert.ok(stringWidth(line) <= 80, `page ${page}: ${line}`);
			// The panes, the link bar and the key bar are where they are with any caption.
			if (first === null) first = lines;
			assert.deepEqual(lines.slice(0, 12), first.slice(0, 12), `page ${page}: the screen above the caption moved`);
			const shown = captionLines(lines, lang);
			assert.equal(shown.length, 4);
			const hint = lines.at(-1)!;
			if (page === pageCount) {
				// Round again: the first page.
				assert.deepEqual(shown, whole.slice(0, 4));
			} else if (page === pageCount - 1) {
				assert.deepEqual(shown, whole.slice(-4));
				assert.match(hint, lang === 'en' ? /^▲ e: from the top/ : /^▲ e: 처음부터/);
			} else {
				assert.deepEqual(shown, whole.slice(4 * page, 4 * page + 4));
				const below = whole.length - 4 * (page + 1);
				assert.match(hint, lang === 'en' ? new RegExp(`^▼ ${below} more lines?: e`) : new RegExp(`^▼ ${below}줄 더 있음: e`));
			}
			for (const line of shown) seen.add(line);
			press('e');
		}
		assert.deepEqual(whole.filter((line) => !seen.has(line)), [], 'every line of the caption was on screen');
		// The next step starts with its own caption, and coming back starts at the first page.
		press('e');
		press('', {rightArrow: true});
		assert.deepEqual(captionLines(screen(), lang), [lang === 'en' ? 'Short.' : '짧음.']);
		press('', {leftArrow: true});
		assert.deepEqual(captionLines(screen(), lang), whole.slice(0, 4));
		controller.dispose();
	});
}

test('a taller terminal gives a long caption more lines (120×40: 9), and help lists e in both languages', () => {
	for (const lang of ['en', 'ko'] as const) {
		const {controller, press, screen, model} = setup(lang, 120, 40);
		press('', {rightArrow: true});
		assert.ok(controller.finishStep());
		const lines = screen();
		assert.equal(lines.length, 39);
		assert.equal(captionLinesFor(40), 9);
		assert.deepEqual(captionLines(lines, lang), wrapText(LONG[lang], 120).map((line) => line.trimEnd()).slice(0, 9));
		model.view = 'help';
		let help = '';
		for (let page = 0; page < 3; page++) {
			help += screen().join('\n');
			press('', {downArrow: true});
		}
		assert.match(help, lang === 'en' ? /e +lesson: rest of the caption/ : /e +강의: 설명의 나머지 보기/);
		controller.dispose();
	}
});

test('over serve, a follower pages its own caption with e (no "watch only" note); the teacher\'s screen stays; the teacher\'s → or ← starts a step at its first page', () => {
	const parsed = parseScenario(LESSON, 'long.tcptui');
	assert.ok(parsed.ok);
	const controller = createDemoController(parsed.scenario, {lang: 'en', worldFactory: createWorld});
	const session = new Session({speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), lesson: lessonPort(controller)});
	const onQuit = (): void => undefined;
	const teacher = new TuiModel({lang: 'en', session, teacher: true, onQuit});
	const follower = new TuiModel({lang: 'ko', session, readOnly: true, onQuit});
	const shown = (model: TuiModel, lang: Lang): string[] => {
		const caption = lessonCaption(controller, {lang, ascii: false, color: false});
		const {lastFrame, unmount} = render(<App model={model} ui={makeUi(lang, false, false)} caption={caption} size={{columns: 80, rows: 24}} />);
		const frame = (lastFrame() ?? '').split('\n');
		unmount();
		return captionLines(frame, lang);
	};
	teacher.handleKey('', key({rightArrow: true}));
	assert.ok(controller.finishStep());
	const whole = wrapText(LONG.ko, 80).map((line) => line.trimEnd());
	const teacherFirst = shown(teacher, 'en');
	assert.deepEqual(shown(follower, 'ko'), whole.slice(0, 4));
	follower.handleKey('e', key());
	assert.equal(follower.note, null);
	assert.deepEqual(shown(follower, 'ko'), whole.slice(4, 8));
	assert.deepEqual(shown(teacher, 'en'), teacherFirst, 'the teacher\'s page is the teacher\'s');
	teacher.handleKey('', key({rightArrow: true}));
	assert.ok(controller.finishStep());
	assert.deepEqual(shown(follower, 'ko'), ['짧음.']);
	// The teacher goes back: the step is replayed from the seed and starts at its first page for the follower too.
	teacher.handleKey('', key({leftArrow: true}));
	assert.ok(controller.finishStep());
	assert.deepEqual(shown(follower, 'ko'), whole.slice(0, 4));
	teacher.dispose();
	follower.dispose();
	controller.dispose();
});
