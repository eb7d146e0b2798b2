// The ladders remember what each segment's row looked like (its label, its arrow) and draw it
// again only when it could differ. A row drawn from what was remembered must be the row drawn
// fresh: here a lossy, corrupting, duplicating, reordering link changes entries' fates between
// frames, and every frame of a ladder kept alive is compared with the same ladder drawn from
// copies of the entries (which nothing remembers), at two widths, in English and Korean.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import React from 'react';
import stringWidth from 'string-width';
import {render} from 'ink-testing-library';
import {createWorld} from '../../source/sim/world.js';
import type {WorldApi} from '../../source/sim/world-api.js';
import {makeUi, UiContext, type Ui} from '../../source/ui/context.js';
import {ladderText, segmentText} from '../../source/ui/format.js';
import {arrowOf, drawArrow, entryProgress, Ladder} from '../../source/ui/Ladder.js';
import {UiStore, type LadderEntry} from '../../source/ui/store.js';
import {truncate} from '../../source/ui/text.js';
import {TimeLadder} from '../../source/ui/TimeLadder.js';
import {establish} from './helpers.js';

function progressOf(world: WorldApi): Map<number, number> {
	const now = world.now();
	const progress = new Map<number, number>();
	for (const packet of world.inFlight()) {
		const span = packet.arriveAt - packet.sentAt;
		progress.set(packet.id, span > 0 ? Math.max(0, Math.min(1, (now - packet.sentAt) / span)) : 1);
	}
	return progress;
}

function ladders(entries: readonly LadderEntry[], world: WorldApi, width: number, kind: 'one' | 'two' | 'time'): React.JSX.Element {
	if (kind === 'time') {
		return (
			<TimeLadder entries={entries} now={world.now()} width={width} height={30} selectedId={entries[entries.length - 3]?.id ?? null}
				relative wideTimes={width > 50} transit={200} />
		);
	}
	return (
		<Ladder entries={entries} progress={progressOf(world)} width={width} height={30} selectedId={entries[entries.length - 3]?.id ?? null}
			relative twoLine={kind === 'two'} showTimes={width > 50} compactTimes />
	);
}

/** A world whose link loses, corrupts, duplicates and reorders, sending both ways. */
function troubledWorld(): {world: WorldApi; store: UiStore; step: (n: number) => void} {
	const world = createWorld({seed: 11, stack: {msl: 1000}, link: {c2s: {delay: 120}, s2c: {delay: 90}}});
	const store = new UiStore();
	world.on((e) => store.apply(e));
	const {serverFd, clientFd} = establish(world);
	world.setLink('c2s', {loss: 15, corrupt: 10, duplicate: 10, reorder: 20});
	world.setLink('s2c', {loss: 10, corrupt: 5});
	const step = (n: number): void => {
		if (n % 3 === 0) world.client.write(clientFd, `hello ${n} 안녕 `.repeat(40));
		if (n % 4 === 0) world.server.write(serverFd, `reply ${n} `.repeat(30));
		if (n % 2 === 0) world.server.read(serverFd, 4096);
		if (n % 5 === 0) world.client.read(clientFd, 4096);
		world.runFor(37);
	};
	return {world, store, step};
}

test('a ladder row drawn from what was remembered equals the row drawn fresh (one- and two-line, time-scaled; two widths; en, ko; with and without colour)', () => {
	for (const lang of ['en', 'ko'] as const) {
		for (const ascii of lang === 'en' ? [false, true] : [false]) {
			// ASCII without colour: the selection is a marker in the rail.
			const ui: Ui = makeUi(lang, ascii, !ascii);
			for (const kind of ascii ? (['one', 'time'] as const) : (['one', 'two', 'time'] as const)) {
				const {world, store, step} = troubledWorld();
				const live = render(<UiContext.Provider value={ui}>{ladders(store.ladder, world, 44, kind)}</UiContext.Provider>);
				let compared = 0;
				for (let n = 0; n < 24; n++) {
					step(n);
					// The live ladder is drawn every step, six at one width then six at the other; now and then it is compared.
					const width = Math.floor(n / 6) % 2 === 0 ? 44 : 70;
					live.rerender(<UiContext.Provider value={ui}>{ladders(store.ladder, world, width, kind)}</UiContext.Provider>);
					if (n % 3 !== 2) continue;
					const copies = store.ladder.map((entry) => structuredClone(entry));
					const fresh = render(<UiContext.Provider value={ui}>{ladders(copies, world, width, kind)}</UiContext.Provider>);
					assert.equal(live.lastFrame(), fresh.lastFrame(), `${lang} ${kind} ${width} columns, step ${n}`);
					fresh.unmount();
					compared++;
				}
				live.unmount();
				assert.equal(compared, 8);
				// The link did what it was asked: rows of every fate were drawn.
				const fates = new Set(store.ladder.map((entry) => entry.fate));
				for (const fate of ['lost', 'delivered', 'dropped'] as const) assert.ok(fates.has(fate), `${fate} in ${[...fates].join(' ')}`);
				assert.ok(store.ladder.some((entry) => entry.corrupted));
				assert.ok(store.ladder.some((entry) => entry.copyOf !== undefined));
			}
		}
	}
});

test('a remembered label and arrow follow every change the store makes to an entry after it is drawn', () => {
	const ui = makeUi('en', false, true);
	const {world, store, step} = troubledWorld();
	for (let n = 0; n < 10; n++) step(n);
	const entry = store.ladder[store.ladder.length - 1]!;
	const check = (): void => {
		for (const room of [20, 60]) {
			assert.equal(ladderText(entry, true, 'ko', room, '…'), segmentText(entry, true, 'ko', room, '…'));
			assert.equal(ladderText(entry, false, 'en', room, '...'), segmentText(entry, false, 'en', room, '...'));
			for (const fraction of [0, 0.3, entryProgress(entry, progressOf(world)), 1]) {
				assert.equal(arrowOf(entry, fraction, 'SYN seq=0', room, ui), drawArrow(entry, fraction, 'SYN seq=0', room, ui));
			}
		}
	};
	check();
	entry.fault = 'corrupt';
	check();
	entry.fate = 'lost';
	check();
	entry.fate = 'dropped';
	entry.dropReason = 'bad-tcp-checksum';
	check();
	entry.dropReason = 'out-of-window';
	check();
	entry.corrupted = true;
	check();
	entry.fate = 'delivered';
	entry.reordered = true;
	check();
	assert.match(ladderText(entry, true, 'en', 60, '…'), /reordered|reorder/i);
});

/** drawArrow as it was first written, cell by cell with every character measured: what the faster one must draw. */
function drawArrowReference(entry: LadderEntry, fraction: number, label: string, inner: number, ui: Ui): string {
	const g = ui.glyphs;
	const cells: string[] = Array.from({length: inner}, () => ' ');
	const lost = entry.fate === 'lost';
	const reach = Math.max(0, Math.min(inner - 1, Math.round(fraction * (inner - 1))));
	const head = lost ? g.lost : entry.dir === 'c2s' ? g.rightHead : g.leftHead;
	const headCell = entry.dir === 'c2s' ? reach : inner - 1 - reach;
	for (let i = 0; i < reach; i++) cells[entry.dir === 'c2s' ? i : inner - 1 - i] = g.shaft;
	const text = truncate(label, Math.max(0, inner - 2), g.ellipsis);
	const labelWidth = stringWidth(text);
	let col = entry.dir === 'c2s' ? 1 : inner - 1 - labelWidth;
	for (const ch of text) {
		const w = stringWidth(ch);
		if (col >= 0 && col + w <= inner) {
			cells[col] = ch;
			for (let k = 1; k < w; k++) cells[col + k] = '';
		}
		col += w;
	}
	const labelStart = entry.dir === 'c2s' ? 1 : inner - 1 - labelWidth;
	const labelEnd = labelStart + labelWidth;
	if (labelWidth === 0 || headCell < labelStart || headCell >= labelEnd) cells[headCell] = head;
	else if (lost) cells[entry.dir === 'c2s' ? Math.min(inner - 1, labelEnd) : Math.max(0, labelStart - 1)] = head;
	return cells.join('');
}

test('an arrow is drawn as measuring every character of its label drew it (ASCII, Korean, marks; both ways; lost or not)', () => {
	const {store, step} = troubledWorld();
	for (let n = 0; n < 4; n++) step(n);
	const entry = store.ladder[store.ladder.length - 1]!;
	const labels = fc.oneof(
		fc.constantFrom('', 'SYN seq=0', '재전송#1 RTO FIN,ACK seq=1 ack=1', 'lost ✗ ACK seq=5', 'a\u0301b', '😀 x'),
		fc.string({unit: 'grapheme', maxLength: 30}),
	);
	fc.assert(fc.property(labels, fc.double({min: 0, max: 1, noNaN: true}), fc.integer({min: 1, max: 60}), fc.boolean(), fc.boolean(), fc.boolean(),
		(label, fraction, inner, c2s, lost, ascii) => {
			const ui = makeUi('en', ascii, true);
			const shaped = {...entry, dir: c2s ? 'c2s' : 's2c', fate: lost ? 'lost' : 'delivered'} as LadderEntry;
			assert.equal(drawArrow(shaped, fraction, label, inner, ui), drawArrowReference(shaped, fraction, label, inner, ui));
		}), {numRuns: 2000});
});
