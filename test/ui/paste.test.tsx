// A paste reaches the app as text, never as keys: through the keyboard filter (key-input.ts) and
// Ink into the app, as a terminal with bracketed paste sends it. Outside a prompt it runs nothing
// and the key bar says where a paste goes; in a prompt it is the prompt's text (en, ko).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {render} from 'ink-testing-library';
import {createWorld} from '../../source/sim/world.js';
import {filterKeyInput} from '../../source/ui/key-input.js';
import {createApp} from '../../source/ui/run.js';

const PASTE = (text: string): string => `\u001b[200~${text}\u001b[201~`;

async function settle(): Promise<void> {
	for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

function app(lang: 'en' | 'ko'): {frame: () => string; type: (text: string) => Promise<void>; calls: () => number; done: () => void} {
	const parts = createApp({
		options: {world: {seed: 3}, lang, ascii: false, color: false, speed: 1},
		worldFactory: createWorld,
		onQuit: () => undefined,
	});
	const rendered = render(parts.element);
	const stdin = filterKeyInput(rendered.stdin as unknown as NodeJS.ReadStream);
	return {
		frame: () => rendered.lastFrame() ?? '',
		type: async (text) => {
			stdin.write(text);
			await settle();
		},
		calls: () => parts.session.log.length,
		done: () => {
			rendered.unmount();
			parts.dispose();
		},
	};
}

const said = {en: 'A paste goes into a prompt only', ko: '붙여넣기는 입력 칸에만 들어갑니다'};
const writeLabel = {en: 'write() text', ko: 'write() 내용'};

for (const lang of ['en', 'ko'] as const) {
	test(`a paste outside a prompt runs none of its letters as keys and says where a paste goes (${lang})`, async () => {
		const a = app(lang);
		try {
			await settle();
			// s b L a: socket, bind, listen, accept, had they run as keys.
			await a.type(PASTE('sbLa socket close q'));
			assert.equal(a.calls(), 0, 'no socket call ran');
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
		const a = app(lang);
		try {
			await settle();
			await a.type('w');
			assert.match(a.frame(), new RegExp(writeLabel[lang].replace(/[()]/g, '\\$&')));
			await a.type(PASTE('socket close'));
			assert.match(a.frame(), /socket close_/);
			assert.doesNotMatch(a.frame(), new RegExp(said[lang]));
			assert.equal(a.calls(), 0);
		} finally {
			a.done();
		}
	});
}
