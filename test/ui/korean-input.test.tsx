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
