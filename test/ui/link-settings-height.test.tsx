// The link settings (`l`) in less than their 20 rows (80×24 with a lesson's caption): rows used to
// vanish from the middle (the title, "duplicate (%)"), and with them the value being typed.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {DEFAULT_LINK_CONFIG} from '../../source/link/config.js';
import {uiText} from '../../source/i18n/ui.js';
import {makeUi, UiContext} from '../../source/ui/context.js';
import {LINK_FIELDS} from '../../source/ui/link-fields.js';
import {LinkSettings} from '../../source/ui/LinkSettings.js';

function view(lang: 'en' | 'ko', height: number, field: number, error: string | null = null): string[] {
	const {lastFrame, unmount} = render(
		<UiContext.Provider value={makeUi(lang, false, false)}>
			<LinkSettings c2s={DEFAULT_LINK_CONFIG} s2c={DEFAULT_LINK_CONFIG} cursor={{field, dir: 'c2s', text: '40', error}} width={80} height={height} />
		</UiContext.Provider>,
	);
	const lines = (lastFrame() ?? '').split('\n');
	unmount();
	return lines;
}

for (const lang of ['en', 'ko'] as const) {
	test(`at 17 rows every field is listed, in order, and the typed value shows (${lang})`, () => {
		const lines = view(lang, 17, 6, 'refused');
		assert.ok(lines.length <= 17, lines.join('\n'));
		let at = -1;
		for (const field of LINK_FIELDS) {
			const next = lines.findIndex((line) => line.startsWith(' ' + uiText(lang, field.label)));
			assert.ok(next > at, `${field.label} missing or out of order:\n${lines.join('\n')}`);
			at = next;
		}
		assert.ok(lines.some((line) => line.startsWith(' ' + uiText(lang, 'fieldDuplicate')) && line.includes('40_')));
		assert.match(lines.join('\n'), /refused/);
	});

	test(`at 10 rows the fields scroll with the cursor: the field being typed and the error show (${lang})`, () => {
		for (let field = 0; field < LINK_FIELDS.length; field++) {
			const lines = view(lang, 10, field, 'refused');
			assert.ok(lines.length <= 10);
			const row = lines.find((line) => line.startsWith(' ' + uiText(lang, LINK_FIELDS[field]!.label)));
			assert.ok(row?.includes('40_'), `field ${field}:\n${lines.join('\n')}`);
			assert.match(lines.join('\n'), /refused/);
		}
	});
}

test('with room for all 20 rows the title is shown', () => {
	assert.match(view('en', 20, 0).join('\n'), new RegExp(uiText('en', 'linkTitle').replace(/[()]/g, '\\$&')));
});
