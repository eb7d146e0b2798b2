// Typing into a link field (`l`): a character no value is spelt with (`/`, a space, a Korean IME's
// syllable) is refused with one line saying what the field takes, never dropped unseen; the text
// typed so far stays, and out-of-range values are still refused on Enter (en, ko).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {displayWidth} from '../../source/text/width.js';
import {LINK_FIELDS, linkCharRefusal} from '../../source/ui/link-fields.js';
import {inkApp, settle, type InkApp} from './ink-app.js';

const DOWN = '\u001b[B';

/** One key a write, as typed by hand. */
async function typeKeys(a: InkApp, keys: string): Promise<void> {
	for (const k of keys.match(/\u001b\[[A-D]|[^]/gu) ?? []) await a.type(k);
}

const said = {
	en: {
		slash: '"/" is not taken here: a duration such as 300ms or 2s',
		space: '" " is not taken here: a percentage such as 30%',
		hangul: '"ㅣ": Korean input is on; switch the keyboard to English',
		range: 'loss (%): must be between 0 and 100',
	},
	ko: {
		slash: '"/"은(는) 입력할 수 없습니다: 시간, 예: 300ms, 2s',
		space: '" "은(는) 입력할 수 없습니다: 백분율, 예: 30%',
		hangul: '"ㅣ": 한글 입력 상태입니다. 영문 입력으로 바꾸세요',
		range: '손실 (%): 0과 100 사이여야 합니다',
	},
};

for (const lang of ['en', 'ko'] as const) {
	test(`a link field refuses a character with a line saying what it takes, and keeps what was typed (${lang})`, async () => {
		const a = inkApp(lang);
		try {
			await settle();
			await typeKeys(a, 'l5/');
			assert.ok(a.frame().includes(said[lang].slash), a.frame());
			assert.match(a.frame(), /\b5_/, 'the 5 typed before is kept');
			// The next character that is taken clears the line; Enter applies what was typed.
			await typeKeys(a, '0');
			assert.ok(!a.frame().includes(said[lang].slash));
			await typeKeys(a, '\r');
			assert.equal(a.session.world.linkConfig('c2s').delay, 50);
			// loss: a space and a Korean syllable are refused; an out-of-range value still is, on Enter.
			await typeKeys(a, `${DOWN}${DOWN}${DOWN}3 `);
			assert.ok(a.frame().includes(said[lang].space), a.frame());
			await typeKeys(a, 'ㅣ');
			assert.ok(a.frame().includes(said[lang].hangul), a.frame());
			await typeKeys(a, '00\r');
			assert.ok(a.frame().includes(said[lang].range), a.frame());
			assert.equal(a.session.world.linkConfig('c2s').loss, 0);
		} finally {
			a.done();
		}
	});
}

test('every field\'s refusal line fits an 80-column screen whole, and what a value is spelt with is taken (en, ko)', () => {
	for (const lang of ['en', 'ko'] as const) {
		for (const field of LINK_FIELDS) {
			for (const ch of ['/', '한']) {
				const line = linkCharRefusal(field, ch, lang);
				assert.ok(line !== null && displayWidth(line) <= 78, `${field.key} ${lang}: ${line}`);
			}
			for (const ch of '09amsMbit%.,-') assert.equal(linkCharRefusal(field, ch, lang), null);
		}
	}
});
