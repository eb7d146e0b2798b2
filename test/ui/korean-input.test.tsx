// A Korean keyboard left in Korean input: `ㄴ` where s was meant. The app says so on the key bar
// (no key is Hangul) instead of doing nothing unseen; the next Latin key works as ever (en, ko).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {uiText} from '../../source/i18n/ui.js';
import {inkApp, settle} from './ink-app.js';

for (const lang of ['en', 'ko'] as const) {
	test(`a Hangul key on the main screen says Korean input is on; it runs nothing (${lang})`, async () => {
		const a = inkApp(lang);
		try {
			await settle();
			const note = uiText(lang, 'koreanInput');
			for (const typed of ['ㄴ', '소']) {
				await a.type(typed);
				assert.ok(a.frame().includes(note), a.frame());
				assert.equal(a.session.log.length, 0, 'no call ran');
			}
			await a.type('s');
			assert.match(a.frame(), /socket\(\) → 3/);
			assert.ok(!a.frame().includes(note), 'the note goes with the next key');
		} finally {
			a.done();
		}
	});
}

// In the views over the main screen (help, the diagram, the plot, the legend) a Hangul key (ㅂ where
// q was meant) says so on the top bar as well, and the note goes with the next key, Esc included.
for (const lang of ['en', 'ko'] as const) {
	test(`a Hangul key in help, the diagram, the plot and the legend says Korean input is on; Esc leaves and the note goes (${lang})`, async () => {
		const a = inkApp(lang);
		try {
			await settle();
			const start = lang === 'en' ? 'Korean input is on' : '한글 입력 상태입니다';
			for (const open of ['?', 'd', 'g', 'm']) {
				await a.type(open);
				const view = a.frame();
				assert.ok(!view.includes(start), `${open}: no note yet\n${view}`);
				await a.type('ㅂ');
				assert.ok(a.frame().includes(start), `${open}: the note\n${a.frame()}`);
				await a.type('\x1b');
				assert.ok(!a.frame().includes(start), `${open}: Esc took the note away\n${a.frame()}`);
			}
			assert.equal(a.session.log.length, 0, 'no call ran');
		} finally {
			a.done();
		}
	});
}
