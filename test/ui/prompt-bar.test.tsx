// The prompt bar with a line longer than the screen (a paste): the end of the line and the cursor
// stay on screen, on the bar's one line, in both languages.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {PromptBar} from '../../source/ui/Bars.js';
import {makeUi, UiContext} from '../../source/ui/context.js';

function bar(text: string, lang: 'en' | 'ko'): string[] {
	const {lastFrame, unmount} = render(
		<UiContext.Provider value={makeUi(lang, false, false)}>
			<PromptBar prompt={{kind: 'write', side: 'client', text}} width={80} />
		</UiContext.Provider>,
	);
	const lines = (lastFrame() ?? '').split('\n');
	unmount();
	return lines;
}

for (const lang of ['en', 'ko'] as const) {
	test(`a long line in the write prompt shows its end and the cursor (${lang})`, () => {
		for (const text of ['가나다라마바사아자차'.repeat(30) + 'END', 'x'.repeat(500) + 'END']) {
			const lines = bar(text, lang);
			assert.equal(lines.length, 2, lines.join('\n'));
			assert.match(lines[0]!, /END_$/);
			assert.ok(stringWidth(lines[0]!) <= 80, lines[0]);
			assert.equal(lines[1]!.trim(), '');
			assert.match(lines[0]!, lang === 'en' ? /Client: / : /클라이언트: /);
		}
	});
}

test('a short line is shown whole after the whole label', () => {
	assert.match(bar('hi', 'en')[0]!, /Client: write\(\) text \(Enter sends, empty = "hello", Esc cancels\): hi_/);
});
