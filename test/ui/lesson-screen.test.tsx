// The whole screen with a lesson playing (App + the caption bar runTui builds), at 80×24.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import type {Lang} from '../../source/i18n/lang.js';
import {createWorld} from '../../source/sim/world.js';
import {App} from '../../source/ui/App.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi} from '../../source/ui/context.js';
import {TuiModel, type View} from '../../source/ui/model.js';
import {lessonCaption} from '../../source/ui/run.js';
import {lessonPlayedTo} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

function lessonScreens(name: string, lang: Lang, ascii: boolean, steps: number, views: View[]): Map<View, string[]> {
	const controller = lessonPlayedTo(name, lang, steps);
	const model = new TuiModel({
		lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined,
		demo: {world: () => controller.world, next: () => controller.next(), back: () => controller.back(), recorder: () => controller.recorder},
	});
	const caption = lessonCaption(controller, {lang, ascii, color: false});
	const screens = new Map<View, string[]>();
	for (const view of views) {
		model.view = view;
		const ui = makeUi(lang, ascii, false);
		const {lastFrame, unmount} = render(<App model={model} ui={ui} caption={caption} size={{columns: 80, rows: 24}} />);
		screens.set(view, (lastFrame() ?? '').split('\n'));
		unmount();
	}
	model.dispose();
	controller.dispose();
	return screens;
}

test('a lesson under --ascii: caption, hints and every view are plain ASCII (Korean text aside), in both languages', () => {
	for (const lang of ['en', 'ko'] as const) {
		const screens = lessonScreens('congestion', lang, true, 2, ['main', 'diagram', 'plot', 'help']);
		for (const [view, lines] of screens) {
			const foreign = lines.join('\n').replace(/[\uac00-\ud7a3]/g, '').match(/[^\x00-\x7f]/g);
			assert.equal(foreign, null, `${lang} ${view}: ${foreign?.join(' ')}`);
		}
		assert.ok(screens.get('main')!.some((line) => line.includes(lang === 'en' ? '< back' : '< 이전')));
	}
});

test('a lesson at 80×24: every view fits; beside the state diagram the caption takes one line', () => {
	for (const lang of ['en', 'ko'] as const) {
		const screens = lessonScreens('active-close', lang, false, 3, ['main', 'diagram', 'plot', 'help', 'link', 'transcript', 'detail']);
		for (const [view, lines] of screens) {
			assert.ok(lines.length <= 23, `${lang} ${view}: ${lines.length} rows`);
			for (const line of lines) assert.ok(stringWidth(line) <= 80, `${lang} ${view}: ${line}`);
		}
		const diagram = screens.get('diagram')!;
		assert.equal(diagram.length, 23);
		assert.ok(diagram.some((line) => line.includes('TIME_WAIT')) && diagram.some((line) => line.includes('(CLOSED)')), 'the whole diagram');
		assert.match(diagram.join('\n'), / C (Client|클라이언트): /);
		assert.match(diagram.join('\n'), / S (Server|서버): /);
		// One caption line; the hint line says how much more there is and that e shows it.
		assert.doesNotMatch(diagram.at(-2)!, /…$/);
		assert.match(diagram.at(-1)!, lang === 'en' ? /^▼ \d+ more lines?: e/ : /^▼ \d+줄 더 있음: e/);
		assert.match(diagram.at(-3)!, lang === 'en' ? /step 3\/\d/ : /단계 3\/\d/);
		// Esc closes the diagram first: its hint is only where Esc leaves the lesson.
		assert.doesNotMatch(diagram.at(-1)!, /Esc/);
		assert.match(screens.get('main')!.at(-1)!, /Esc/);
	}
});
