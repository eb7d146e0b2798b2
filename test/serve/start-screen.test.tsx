// The start screen at 80×24 lists more than fits (two seats and every built-in lesson): the list
// scrolls with the cursor and says how many choices are past its ends, so no lesson is missed.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {listDemos} from '../../source/demo/catalog.js';
import {StartScreen, startItems} from '../../source/serve/StartScreen.js';
import {makeUi} from '../../source/ui/context.js';

async function settle(): Promise<void> {
	for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

const sshCommand = (user: string): string => `ssh -p 2222 ${user}@HOST`;

const more = {en: {below: /↓ (\d+) more/, above: /↑ (\d+) more/}, ko: {below: /↓ (\d+)개 더/, above: /↑ (\d+)개 더/}};

for (const lang of ['en', 'ko'] as const) {
	test(`the start screen says how many choices are below and above the screen (${lang}, 24 rows)`, async () => {
		const ui = makeUi(lang, false, false);
		const lessons = listDemos().map((d) => ({name: d.name, title: d.title[lang]}));
		const items = startItems(ui, lessons);
		const last = lessons[lessons.length - 1]!.name;
		const {lastFrame, stdin, unmount} = render(<StartScreen ui={ui} items={items} sshCommand={sshCommand} onChoose={() => undefined} onQuit={() => undefined} />);
		try {
			await settle();
			const first = lastFrame() ?? '';
			assert.ok(first.split('\n').length <= 24);
			const below = more[lang].below.exec(first);
			assert.ok(below, `a count of what is below:\n${first}`);
			assert.ok(!first.includes(last), 'the last lesson is past the end');
			assert.ok(Number(below[1]) >= 1);
			for (let i = 0; i < items.length - 1; i++) stdin.write('\u001b[B');
			await settle();
			const end = lastFrame() ?? '';
			assert.ok(end.includes(last), `the last lesson once the cursor is on it:\n${end}`);
			assert.match(end, more[lang].above);
			assert.doesNotMatch(end, more[lang].below);
		} finally {
			unmount();
		}
	});
}

// The hint at the foot is the line the teacher's terminal prints: with the port, which is not ssh's
// 22 (2222 by default), or the student's next ssh lands on the machine's own sshd.
for (const lang of ['en', 'ko'] as const) {
	test(`the start screen's "next time" hint gives the port (${lang}, 80×24)`, async () => {
		const ui = makeUi(lang, false, false);
		const items = startItems(ui, listDemos().map((d) => ({name: d.name, title: d.title[lang]})));
		const {lastFrame, unmount} = render(<StartScreen ui={ui} items={items} sshCommand={sshCommand} onChoose={() => undefined} onQuit={() => undefined} />);
		try {
			await settle();
			const frame = lastFrame() ?? '';
			const hint = frame.split('\n').find((line) => line.includes('play@HOST'));
			assert.ok(hint, `a hint with the play seat:\n${frame}`);
			assert.match(hint, /ssh -p 2222 play@HOST .+ ssh -p 2222 follow@HOST/);
			assert.doesNotMatch(hint, /…/, 'whole at 80 columns');
		} finally {
			unmount();
		}
	});
}
