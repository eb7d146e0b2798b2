// Every segment mark is whole on a ladder row at 80×24, in English and Korean: the marks are
// written before the label, so only the label is cut.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import type {Lang} from '../../source/i18n/lang.js';
import {createWorld} from '../../source/sim/world.js';
import {App} from '../../source/ui/App.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi, UiContext} from '../../source/ui/context.js';
import {Ladder} from '../../source/ui/Ladder.js';
import {computeLayout} from '../../source/ui/layout.js';
import {segmentMarks} from '../../source/ui/marks.js';
import {TuiModel} from '../../source/ui/model.js';
import type {LadderEntry} from '../../source/ui/store.js';
import {connectedWorld, lessonPlayedTo} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};
const LANGS: readonly Lang[] = ['en', 'ko'];

/** One entry per kind of mark (and the combinations that make the longest rows). */
function variants(): Array<[string, LadderEntry]> {
	const {store} = connectedWorld();
	const data = store.ladder[2]!; // the handshake's ACK: a plain c2s segment
	const synAck = store.ladder[1]!; // s2c
	const base = (over: Partial<LadderEntry>, from = data): LadderEntry => ({...from, ...over});
	const out: Array<[string, LadderEntry]> = [
		['lost', base({fate: 'lost'})],
		['corrupted', base({fate: 'dropped', corrupted: true, dropReason: 'bad-tcp-checksum'})],
		['duplicated', base({copyOf: 1})],
		['reordered', base({reordered: true})],
		['dupACK', base({dupAck: 3})],
		['SACK', base({segment: {...data.segment, options: {sack: [[1000, 2000]]}}})],
		['keepalive dropped', base({rtx: {count: 9, cause: 'keepalive'}, fate: 'dropped', dropReason: 'out-of-window'})],
		['fault + lost + RTX', base({fault: 'drop', fate: 'lost', rtx: {count: 12, cause: 'rto'}})],
		['syn-flood SYN,ACK', base({fate: 'dropped', dropReason: 'no-such-host'}, synAck)],
		['late SYN,ACK retransmission', base({fate: 'dropped', dropReason: 'duplicate', rtx: {count: 1, cause: 'synack'}}, synAck)],
	];
	for (const cause of ['rto', 'fast', 'sack', 'probe', 'keepalive', 'syn', 'synack', 'dupsyn'] as const) {
		out.push([`RTX ${cause}`, base({rtx: {count: 2, cause}})], [`RTX ${cause} s2c`, base({rtx: {count: 2, cause}}, synAck)]);
	}
	for (const note of ['window-update', 'zero-window', 'challenge-ack', 'old-duplicate', 'window-probe'] as const) {
		out.push([`note ${note}`, base({note}, synAck)]);
	}
	for (const fault of ['drop', 'corrupt', 'duplicate', 'delay'] as const) out.push([`fault ${fault}`, base({fault})]);
	for (const reason of ['queue-full', 'duplicate', 'paws', 'out-of-window', 'bad-ack', 'no-ack', 'no-syn', 'rst-challenged',
		'syn-challenged', 'rst-without-ack', 'accept-queue-full', 'syn-queue-full', 'ack-of-unsent-data', 'ack-to-listener',
		'rst-to-listener', 'no-listener', 'wrong-address', 'stack-error', 'truncated-tcp-header', 'source-loopback',
		'source-multicast', 'syn-fin-to-listener', 'ack-too-old', 'closed', 'remote-endpoint', 'unreadable'] as const) {
		out.push([`dropped ${reason}`, base({fate: 'dropped', dropReason: reason}, synAck)]);
	}
	return out;
}

test('every mark is whole on its ladder row at 80×24, one line or two, in both languages', () => {
	const layout = computeLayout(80, 24);
	// All on one ladder, each its own row (distinct ids), drawn once per language and row height.
	const all = variants().map(([name, entry], i) => [name, {...entry, id: 1000 + i}] as const);
	for (const lang of LANGS) {
		const ui = makeUi(lang, false, false);
		for (const twoLine of [false, true]) {
			const {lastFrame, unmount} = render(
				<UiContext.Provider value={ui}>
					<Ladder entries={all.map(([, e]) => e)} progress={new Map()} width={layout.ladderWidth} height={all.length * 2 + 1} selectedId={null} relative twoLine={twoLine} showTimes={layout.ladderTimes} compactTimes={!layout.ladderTimes} />
				</UiContext.Provider>,
			);
			const rows = (lastFrame() ?? '').split('\n').slice(1);
			unmount();
			all.forEach(([name, entry], i) => {
				const marks = segmentMarks(entry, lang).join(' ');
				assert.ok(marks.length > 0, `${name}: no mark`);
				const row = rows[twoLine ? 2 * i : i]!;
				assert.ok(row.includes(marks), `${lang} ${name}${twoLine ? ' (two lines)' : ''}: "${marks}" not whole in ${row}`);
			});
		}
	}
});

test('marks read as they should: fate, retransmission with its cause, dup ACK, notes', () => {
	const entries = new Map(variants());
	const en = (name: string): string => segmentMarks(entries.get(name)!, 'en').join(' ');
	assert.equal(en('lost'), 'lost ✗');
	assert.equal(en('corrupted'), 'checksum ✗');
	assert.equal(en('syn-flood SYN,ACK'), 'dropped: no host');
	assert.equal(en('RTX rto'), 'RTX#2 RTO');
	assert.equal(en('RTX syn'), 'RTX#2 RTO');
	assert.equal(en('RTX fast'), 'RTX#2 fast');
	assert.equal(en('RTX probe'), 'RTX#2 probe');
	assert.equal(en('dupACK'), 'dupACK#3');
	assert.equal(en('note window-update'), 'win update');
	assert.equal(en('note zero-window'), 'zero win');
	assert.equal(en('note challenge-ack'), 'challenge');
	assert.equal(en('dropped duplicate'), 'dropped: old dup');
	assert.equal(en('duplicated'), 'duplicated');
	assert.equal(en('fault + lost + RTX'), 'you: drop ✗ RTX#12 RTO');
	assert.equal(segmentMarks(entries.get('corrupted')!, 'ko').join(' '), '체크섬 ✗');
	assert.equal(segmentMarks(entries.get('syn-flood SYN,ACK')!, 'ko').join(' '), '폐기: 호스트 없음');
});

/** The whole screen at 80×24 with a lesson played `steps` steps. */
function lessonScreen(name: string, lang: Lang, steps: number, select?: (entry: LadderEntry) => boolean): string {
	const controller = lessonPlayedTo(name, lang, steps);
	const model = new TuiModel({
		lang, speed: 1, time: frozen, createWorld: () => createWorld({seed: 1}), onQuit: () => undefined,
		demo: {world: () => controller.world, next: () => controller.next(), back: () => controller.back()},
	});
	if (select) model.ladderSelected = model.store.ladder.find(select)?.id ?? null;
	const {lastFrame, unmount} = render(<App model={model} ui={makeUi(lang, false, false)} size={{columns: 80, rows: 24}} />);
	const screen = lastFrame() ?? '';
	unmount();
	model.dispose();
	controller.dispose();
	return screen;
}

test('at 80×24 the syn-flood rows show why the SYN+ACKs are dropped, the checksum lesson its checksum ✗ and RTX#1 RTO', () => {
	for (const lang of LANGS) {
		// The first SYN+ACKs went to forged addresses; the later SYNs found the queue full.
		const flood = lessonScreen('syn-flood', lang, 2, (e) => e.flags === 'SYN,ACK').split('\n');
		const synAcks = flood.filter((line) => line.includes('SYN,ACK'));
		assert.ok(synAcks.length > 3, `${lang}: ${synAcks.length} SYN,ACK rows`);
		for (const line of synAcks) assert.ok(line.includes(lang === 'en' ? 'dropped: no host' : '폐기: 호스트 없음'), `${lang}: ${line}`);
		// Every c2s row (the time column, then the arrow leaving the client's rail).
		const full = lessonScreen('syn-flood', lang, 2).split('\n').filter((line) => /\d│─/.test(line));
		assert.ok(full.length > 3);
		for (const line of full) assert.ok(line.includes(lang === 'en' ? 'dropped: SYN q full' : '폐기: SYN 큐 가득'), `${lang}: ${line}`);
		const checksum = lessonScreen('checksum', lang, 3);
		assert.ok(checksum.includes(lang === 'en' ? 'checksum ✗' : '체크섬 ✗'), checksum);
		assert.ok(checksum.includes('RTX#1 RTO'), checksum);
	}
});
