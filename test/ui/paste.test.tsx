// A paste reaches the app as text, never as keys: through the keyboard filter (key-input.ts) and
// Ink into the app, as a terminal with bracketed paste sends it. Outside a prompt it runs nothing
// and the key bar says where a paste goes; in a prompt it is the prompt's text (en, ko).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {inkApp, settle} from './ink-app.js';

const PASTE = (text: string): string => `\u001b[200~${text}\u001b[201~`;

const said = {en: 'A paste goes into a prompt only', ko: '붙여넣기는 입력 칸에만 들어갑니다'};
const writeLabel = {en: 'write() text', ko: 'write() 내용'};

for (const lang of ['en', 'ko'] as const) {
	test(`a paste outside a prompt runs none of its letters as keys and says where a paste goes (${lang})`, async () => {
		const a = inkApp(lang);
		try {
			await settle();
			// s b L a: socket, bind, listen, accept, had they run as keys.
			await a.type(PASTE('sbLa socket close q'));
			assert.equal(a.session.log.length, 0, 'no socket call ran');
			assert.match(a.frame(), new RegExp(said[lang]));
			assert.doesNotMatch(a.frame(), /socket\(\) →/);
			// Keys typed after the paste are keys again.
			await a.type('s');
			assert.match(a.frame(), /socket\(\) → 3/);
			assert.doesNotMatch(a.frame(), new RegExp(said[lang]), 'the note goes with the next key');
		} finally {
			a.done();
		}
	});

	test(`a paste in the write prompt is the prompt's text (${lang})`, async () => {
		const a = inkApp(lang);
		try {
			await settle();
			await a.type('w');
			assert.match(a.frame(), new RegExp(writeLabel[lang].replace(/[()]/g, '\\$&')));
			await a.type(PASTE('socket close'));
			assert.match(a.frame(), /socket close_/);
			assert.doesNotMatch(a.frame(), new RegExp(said[lang]));
			assert.equal(a.session.log.length, 0);
		} finally {
			a.done();
		}
	});
}
