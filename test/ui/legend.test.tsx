// The legend (m): one screen at 80×24 that names every mark and glyph, in both languages; help lists it.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import type {Lang} from '../../source/i18n/lang.js';
import {markText} from '../../source/i18n/marks.js';
import {createWorld} from '../../source/sim/world.js';
import {App} from '../../source/ui/App.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi} from '../../source/ui/context.js';
import {legendLines} from '../../source/ui/Legend.js';
import {TuiModel} from '../../source/ui/model.js';
import {key, typeKeys} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

function screen(model: TuiModel, lang: Lang, ascii = false): string[] {
	const {lastFrame, unmount} = render(<App model={model} ui={makeUi(lang, ascii, false)} size={{columns: 80, rows: 24}} />);
	const out = (lastFrame() ?? '').split('\n');
	unmount();
	return out;
}

for (const lang of ['en', 'ko'] as const) {
	test(`legend (${lang}): m opens it from the ladder and from help, every line whole on one 80×24 screen, Esc and m close it`, () => {
		const model = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined});
		typeKeys(model, 'm');
		assert.equal(model.view, 'legend');
		const lines = screen(model, lang);
		assert.ok(lines.length <= 23, `${lines.length} rows`);
		for (const line of lines) assert.ok(stringWidth(line) <= 80, line);
		const text = lines.join('\n');
		for (const entry of legendLines(lang, makeUi(lang, false, false).glyphs)) {
			assert.ok(text.includes(entry.text), `missing: ${entry.text}`);
			if (entry.symbol) assert.ok(text.includes(entry.symbol.trim()), `missing symbol: ${entry.symbol}`);
		}
		// The marks themselves, as the ladder writes them.
		for (const mark of ['markLost', 'markChecksum', 'markCopy', 'markReordered', 'markSack', 'noteWindowUpdate', 'noteZeroWindow', 'noteChallengeAck'] as const) {
			assert.ok(text.includes(markText(lang, mark)), mark);
		}
		assert.ok(text.includes('RTX#n') && text.includes('dupACK#n'));
		model.handleKey('', key({escape: true}));
		assert.equal(model.view, 'main');
		typeKeys(model, '?');
		const help = screen(model, lang).join('\n');
		assert.match(help, lang === 'en' ? /m\s+legend: every mark, glyph/ : /m\s+범례: 모든 표시와 기호/);
		typeKeys(model, 'm');
		assert.equal(model.view, 'legend');
		typeKeys(model, 'm');
		assert.equal(model.view, 'main');
		model.dispose();
	});
}

test('legend under --ascii is plain ASCII (Korean text aside)', () => {
	for (const lang of ['en', 'ko'] as const) {
		const model = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined});
		typeKeys(model, 'm');
		const foreign = screen(model, lang, true).join('\n').replace(/[\uac00-\ud7a3]/g, '').match(/[^\x00-\x7f]/g);
		assert.equal(foreign, null, `${lang}: ${foreign?.join(' ')}`);
		model.dispose();
	}
});

/** The display column where each glyph's or mark's description starts, per legend column (0 left, 1 right). */
function descriptionColumns(lines: string[], lang: Lang, columns: number): Map<number, Set<number>> {
	const found = new Map<number, Set<number>>();
	const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	for (const entry of legendLines(lang, makeUi(lang, false, false).glyphs)) {
		if (entry.symbol === undefined) continue;
		const start = [...entry.text].slice(0, 2).join('');
		const pattern = new RegExp(`${escape(entry.symbol.trim())} +${escape(start)}`);
		const line = lines.find((l) => pattern.test(l));
		assert.ok(line, `${lang} ${columns}: no row holds ${entry.symbol} ${entry.text}`);
		const match = pattern.exec(line)!;
		const symbolAt = stringWidth(line.slice(0, match.index));
		const textAt = stringWidth(line.slice(0, match.index + match[0].length - start.length));
		const side = symbolAt < columns / 2 ? 0 : 1;
		if (!found.has(side)) found.set(side, new Set());
		found.get(side)!.add(textAt);
	}
	return found;
}

for (const lang of ['en', 'ko'] as const) {
	test(`legend (${lang}): every row's description starts at the same display column, at 80×24 and wider`, () => {
		for (const [columns, rows] of [[80, 24], [100, 24], [120, 30], [80, 40]] as const) {
			const model = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined});
			typeKeys(model, 'm');
			const {lastFrame, unmount} = render(<App model={model} ui={makeUi(lang, false, false)} size={{columns, rows}} />);
			const lines = (lastFrame() ?? '').split('\n');
			unmount();
			model.dispose();
			for (const [side, starts] of descriptionColumns(lines, lang, columns)) {
				assert.equal(starts.size, 1, `${lang} ${columns}×${rows}, column ${side}: descriptions start at ${[...starts].join(', ')}\n${lines.join('\n')}`);
			}
		}
	});
}

test('legend under --ascii in a terminal that draws ambiguous-width characters (…, →, ─) two columns wide: the arrows read ->, and every row lines up as drawn there', () => {
	// string-width with ambiguousIsNarrow false measures as such a terminal (many CJK set-ups) draws.
	const wide = (text: string): number => stringWidth(text, {ambiguousIsNarrow: false});
	for (const lang of ['en', 'ko'] as const) {
		const model = new TuiModel({lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined});
		typeKeys(model, 'm');
		const lines = screen(model, lang, true);
		model.dispose();
		const text = lines.join('\n');
		assert.ok(text.includes(lang === 'en' ? 'client -> server (moving)' : '클라이언트 -> 서버'), text);
		assert.ok(text.includes(lang === 'en' ? 'scaled: sent -> arrived' : '비례: 보낸 줄->도착 줄'), text);
		for (const line of lines) assert.equal(wide(line), stringWidth(line), `drawn the same in any terminal: ${line}`);
		const starts = new Map<number, Set<number>>();
		for (const entry of legendLines(lang, makeUi(lang, true, false).glyphs)) {
			if (entry.symbol === undefined) continue;
			const line = lines.find((l) => l.includes(entry.text.slice(0, 8)));
			assert.ok(line, entry.text);
			const at = wide(line.slice(0, line.indexOf(entry.text.slice(0, 8))));
			const side = at < 40 ? 0 : 1;
			starts.set(side, (starts.get(side) ?? new Set()).add(at));
		}
		for (const [side, at] of starts) assert.equal(at.size, 1, `${lang}, column ${side}: descriptions start at ${[...at].join(', ')}\n${text}`);
	}
});
