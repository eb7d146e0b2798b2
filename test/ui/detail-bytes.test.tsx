// Segment detail: every field plus the bytes pane (hex and text), the field under the cursor
// highlighted in it (capitals, so it shows without colour too); Enter with nothing selected
// opens the newest segment.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {createWorld} from '../../source/sim/world.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi, UiContext} from '../../source/ui/context.js';
import {TuiModel} from '../../source/ui/model.js';
import {detailRows} from '../../source/ui/detail-rows.js';
import {hexLines, SegmentDetail} from '../../source/ui/SegmentDetail.js';
import {connectedWorld, CONNECT_KEYS, key, typeKeys} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

test('the bytes pane: the selected field\'s bytes in capitals, the rest in lower case, whole at 80×24 in both languages', () => {
	const {store} = connectedWorld();
	const synAck = store.ladder[1]!;
	const rows = detailRows(synAck, 'en');
	const seqIndex = rows.findIndex(([name]) => name === 'seq');
	const [start, end] = rows[seqIndex]![3]!;
	assert.deepEqual([start, end], [24, 28]);
	for (const lang of ['en', 'ko'] as const) {
		const {lastFrame, unmount} = render(
			<UiContext.Provider value={makeUi(lang, false, false)}>
				<SegmentDetail entry={synAck} width={80} height={22} field={seqIndex} />
			</UiContext.Provider>,
		);
		const lines = (lastFrame() ?? '').split('\n');
		unmount();
		assert.ok(lines.length <= 22);
		for (const line of lines) assert.ok(stringWidth(line) <= 80, line);
		assert.ok(lines.some((line) => line.startsWith('▸seq')), lines.join('\n'));
		// The seq is bytes 24..27: the second hex line's bytes 8..11.
		const seqHex = [...synAck.sentBytes.subarray(24, 28)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
		const second = lines.find((line) => line.startsWith(' 0010'))!;
		assert.ok(second.includes(seqHex), `${seqHex} in ${second}`);
		const hexPart = second.slice(7, 7 + 16 * 3);
		assert.ok(hexPart.includes(seqHex));
		const others = hexPart.replace(seqHex, '');
		assert.equal(others, others.toLowerCase());
	}
	// The raw hex: every byte of the packet, 16 a line, with its text.
	const hex = hexLines(synAck.sentBytes, undefined, 0, 10).map((parts) => parts.map((p) => p.text).join(''));
	assert.equal(hex.length, Math.ceil(synAck.sentBytes.length / 16));
	assert.match(hex[0]!, /^0000 {2}45 00 /);
});

test('Enter with nothing selected opens the newest segment; ↑↓ move the field; [ ] change segment', () => {
	const m = new TuiModel({lang: 'en', speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined});
	typeKeys(m, CONNECT_KEYS);
	m.world.runFor(1000);
	assert.equal(m.ladderSelected, null);
	m.handleKey('', key({return: true}));
	assert.equal(m.view, 'detail');
	assert.equal(m.ladderSelected, m.store.ladder[m.store.ladder.length - 1]!.id);
	m.handleKey('', key({downArrow: true}));
	m.handleKey('', key({downArrow: true}));
	assert.equal(m.detailField, 2);
	for (let i = 0; i < 40; i++) m.handleKey('', key({downArrow: true}));
	assert.equal(m.detailField, detailRows(m.store.entry(m.ladderSelected!)!, 'en').length - 1);
	m.handleKey('', key({upArrow: true}));
	assert.equal(m.detailField, detailRows(m.store.entry(m.ladderSelected!)!, 'en').length - 2);
	m.dispose();
});

test('the data offset is worded in the user\'s language: N bytes in English, N바이트 in Korean', () => {
	const {store} = connectedWorld();
	const synAck = store.ladder[1]!;
	for (const [lang, unit] of [['en', / bytes\b/], ['ko', /바이트/]] as const) {
		const {lastFrame, unmount} = render(
			<UiContext.Provider value={makeUi(lang, false, false)}>
				<SegmentDetail entry={synAck} width={80} height={22} field={0} />
			</UiContext.Provider>,
		);
		const row = (lastFrame() ?? '').split('\n').find((line) => line.includes('data offset'));
		unmount();
		assert.ok(row, lang);
		assert.match(row, new RegExp(`data offset\\s+\\d+${unit.source}`), row);
		if (lang === 'ko') assert.doesNotMatch(row, /bytes/, row);
	}
});
