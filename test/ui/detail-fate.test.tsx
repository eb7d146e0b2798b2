// The segment detail at the smallest screens: the fate (what became of the segment) always shows;
// the hex dump gives way and its heading says how many of its lines are out of view.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import type {Lang} from '../../source/i18n/lang.js';
import {makeUi, UiContext} from '../../source/ui/context.js';
import {detailRows} from '../../source/ui/detail-rows.js';
import {SegmentDetail} from '../../source/ui/SegmentDetail.js';
import type {LadderEntry} from '../../source/ui/store.js';
import {connectedWorld} from './helpers.js';

const FATE = {en: /^[ ▸]fate +delivered$/, ko: /^[ ▸]결과 +도착$/};
const HIDDEN = {en: /\(hex lines out of view: (↑\d+ )?↓\d+\)/, ko: /\(화면 밖의 줄: (↑\d+ )?↓\d+\)/};

function detail(entry: LadderEntry, lang: Lang, height: number, field: number): string[] {
	const {lastFrame, unmount} = render(
		<UiContext.Provider value={makeUi(lang, false, false)}>
			<SegmentDetail entry={entry} width={80} height={height} field={field} />
		</UiContext.Provider>,
	);
	const lines = (lastFrame() ?? '').split('\n');
	unmount();
	return lines;
}

function dataSegment(): LadderEntry {
	const {world, store, clientFd} = connectedWorld();
	world.client.write(clientFd, 'x'.repeat(1000));
	world.runFor(1000);
	const entry = store.ladder.find((e) => e.segment.payload.length === 1000);
	assert.ok(entry);
	return entry;
}

// 22 rows: the detail's height in the app at 80×24; 16: the same with a lesson's caption and a question.
for (const lang of ['en', 'ko'] as const) {
	test(`detail at 80×24 (${lang}): the fate shows below every field, the hex dump gives way`, () => {
		const {store} = connectedWorld();
		const ack = store.ladder[2]!;
		const lines = detail(ack, lang, 22, 0);
		assert.ok(lines.length <= 22, lines.join('\n'));
		for (const line of lines) assert.ok(stringWidth(line) <= 80, line);
		assert.ok(lines.some((line) => FATE[lang].test(line)), lines.join('\n'));
		assert.ok(lines.some((line) => HIDDEN[lang].test(line)), lines.join('\n'));
		assert.ok(lines.some((line) => line.startsWith(' 0000  45 ')), lines.join('\n'));
	});

	test(`detail of a 1000-byte segment in small rooms (${lang}): fate, selected field and a hex line always show`, () => {
		const entry = dataSegment();
		const rows = detailRows(entry, lang);
		for (const height of [22, 16, 10]) {
			for (let field = 0; field < rows.length; field++) {
				const lines = detail(entry, lang, height, field);
				const screen = lines.join('\n');
				assert.ok(lines.length <= height, screen);
				assert.ok(lines.some((line) => FATE[lang].test(line)), `height ${height} field ${field}:\n${screen}`);
				assert.ok(lines.some((line) => line.startsWith(`▸${rows[field]![0]}`)), `height ${height} field ${field}:\n${screen}`);
				assert.ok(lines.some((line) => /^ [0-9a-f]{4}  /.test(line)), `height ${height} field ${field}:\n${screen}`);
				assert.ok(lines.some((line) => HIDDEN[lang].test(line)), screen);
			}
		}
	});
}
