// A clock frame in which no world event happened moves only what shows the time: the top bar's clock,
// the countdowns, segments along the ladder. The panes, the ladder's rows and the bars are not drawn
// again (counted by the texts each asks for: only a pane asks for "send", only the ladder for its
// numbering heading). And the countdowns still show the right value at every instant.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {createWorld} from '../../source/sim/world.js';
import type {WorldApi} from '../../source/sim/world-api.js';
import {App} from '../../source/ui/App.js';
import {makeUi, type Ui} from '../../source/ui/context.js';
import {TuiModel} from '../../source/ui/model.js';
import {formatCountdown} from '../../source/ui/text.js';
import {establish, FakeTime} from './helpers.js';

/** The texts the screen asked for since the last reset, by key. */
function countingUi(lang: 'en' | 'ko'): {ui: Ui; asked: Map<string, number>} {
	const base = makeUi(lang, false, false);
	const asked = new Map<string, number>();
	return {ui: {...base, t: (key, params) => {
		asked.set(key, (asked.get(key) ?? 0) + 1);
		return base.t(key, params);
	}}, asked};
}

/** Let React commit what the timers just changed (its updates run in a microtask). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Both ends in TIME_WAIT (12 s: whole seconds, then tenths), as in the bench's countdown: a
 * simultaneous close, the server's FIN sent 220 ms after the client's, so the two countdowns step
 * at different instants.
 */
function twoTimeWaits(): {world: WorldApi; ends: () => number[]} {
	const world = createWorld({seed: 3, stack: {msl: 6000}, link: {c2s: {delay: 10}, s2c: {delay: 10}}});
	const {serverFd, clientFd} = establish(world);
	world.setLink('c2s', {delay: 400});
	world.setLink('s2c', {delay: 400});
	world.client.close(clientFd);
	world.runFor(220);
	world.server.close(serverFd);
	world.runFor(1000);
	const ends = (): number[] => {
		const snap = world.snapshot();
		return [...snap.client.sockets, ...snap.server.sockets].flatMap((s) => (s.connection?.timeWaitUntil == null ? [] : [s.connection.timeWaitUntil]));
	};
	return {world, ends};
}

/** The countdown values on screen (the TCB's TIME_WAIT rows, or its table's in tall panes), client first. */
function shownCountdowns(frame: string): string[] {
	return [...frame.matchAll(/TIME_WAIT(?: +| │ )(\d+(?:\.\d)?s) *[│║]/g)].map((m) => m[1]!);
}

/** 80×24 draws the TCB as rows; 160×40 as a table (tall panes). */
const SIZES = [{columns: 80, rows: 24}, {columns: 160, rows: 40}];

test('a clock frame with no world event draws the clock and the countdowns again, not the panes, ladder or bars', async () => {
	for (const [lang, size] of [['en', SIZES[0]!], ['ko', SIZES[0]!], ['en', SIZES[1]!]] as const) {
		const {world, ends} = twoTimeWaits();
		assert.equal(ends().length, 2, 'both ends in TIME_WAIT');
		const time = new FakeTime();
		const model = new TuiModel({lang, speed: 1, time, createWorld: () => world, onQuit: () => undefined});
		const {ui, asked} = countingUi(lang);
		const {lastFrame, frames, unmount} = render(<App model={model} ui={ui} size={size} />);
		await settle();
		// The first frame of the clock draws everything once.
		time.advance(1000);
		await settle();
		asked.clear();
		const drawn = frames.length;
		const before = shownCountdowns(lastFrame() ?? '');
		for (let ms = 0; ms < 5000; ms += 10) {
			time.advance(10);
			await settle();
		}
		const after = shownCountdowns(lastFrame() ?? '');
		assert.equal(before.length, 2, lastFrame());
		assert.notDeepEqual(after, before, 'the countdowns moved');
		assert.ok(frames.length - drawn >= 10, `two countdowns a second apart in phase: ${frames.length - drawn} frames`);
		assert.equal(asked.get('time'), frames.length - drawn, 'the top bar follows every frame');
		assert.equal(asked.get('sndBuf'), undefined, 'no pane was drawn again');
		assert.equal(asked.get('relative'), undefined, 'the ladder was not drawn again');
		assert.equal(asked.get('linkSummary'), undefined, 'the link bar was not drawn again');
		// A key still draws the whole screen.
		model.handleKey('\t', {tab: true} as never);
		await settle();
		assert.equal(asked.get('sndBuf'), 2, 'both panes drawn for a key');
		unmount();
		model.dispose();
	}
});

test('the countdowns show the right value at every instant (virtual clock)', async () => {
	for (const size of SIZES) await countdownsExact(size);
});

async function countdownsExact(size: {columns: number; rows: number}): Promise<void> {
	const {world, ends} = twoTimeWaits();
	const time = new FakeTime();
	const model = new TuiModel({lang: 'en', speed: 1, time, createWorld: () => world, onQuit: () => undefined});
	const {ui} = countingUi('en');
	const {lastFrame, unmount} = render(<App model={model} ui={ui} size={size} />);
	await settle();
	const [clientEnd, serverEnd] = ends() as [number, number];
	const start = world.now();
	assert.ok(serverEnd - clientEnd === 220 && clientEnd - start > 10_000, `${start} ${clientEnd} ${serverEnd}`);
	// Every 7 ms of real (= virtual) time until both have ended, away from the 2 ms after a step in
	// which its frame is still due: the screen shows each countdown's value as of that instant. Steps
	// of the two due within one frame interval (50 ms) share the later one's frame: while both show
	// tenths (20 ms apart) the earlier may show its previous value that long, never longer.
	let exact = 0;
	let late = 0;
	for (let t = 7; start + t < serverEnd - 2; t += 7) {
		time.advance(t - time.t);
		await settle();
		const virtual = start + t;
		const live = [clientEnd, serverEnd].filter((end) => end > virtual);
		if (live.some((end) => formatCountdown(end - virtual) !== formatCountdown(end - virtual + 2))) continue;
		const shown = shownCountdowns(lastFrame() ?? '');
		const now = live.map((end) => formatCountdown(end - virtual));
		if (JSON.stringify(shown) === JSON.stringify(now)) {
			exact++;
			continue;
		}
		late++;
		live.forEach((end, i) => {
			if (shown[i] === now[i]) return;
			// Here the other's step 220 ms away never falls within a frame interval of a whole second's.
			assert.ok(end - virtual < 10_000, `whole seconds are exact: at ${t} ms ${shown.join(' ')}`);
			assert.equal(shown[i], formatCountdown(end - virtual + 50), `at most a frame interval late: at ${t} ms`);
		});
	}
	assert.ok(exact > 1000 && late < exact / 4, `${size.columns}: ${exact} exact, ${late} late`);
	unmount();
	model.dispose();
}

test('segments move along the ladder between events without the panes being drawn again', async () => {
	const world = createWorld({seed: 3, link: {c2s: {delay: 10}, s2c: {delay: 10}}});
	const {clientFd} = establish(world);
	world.setLink('c2s', {delay: 400});
	world.setLink('s2c', {delay: 400});
	const time = new FakeTime();
	const model = new TuiModel({lang: 'en', speed: 1, time, createWorld: () => world, onQuit: () => undefined});
	const {ui, asked} = countingUi('en');
	// Wide enough that the ladder draws the arrow on a line of its own (its label would hide it).
	const {lastFrame, unmount} = render(<App model={model} ui={ui} size={{columns: 160, rows: 40}} />);
	await settle();
	world.client.write(clientFd, 'hello');
	model.clock.kick();
	// The write's segment leaves: an event, so the next frame draws everything.
	time.advance(60);
	await settle();
	asked.clear();
	const arrow = (): number => {
		const lines = (lastFrame() ?? '').split('\n');
		return lines[lines.findIndex((l) => l.includes('PSH,ACK')) + 1]?.indexOf('▶') ?? -1;
	};
	const reach: number[] = [];
	for (let i = 0; i < 5; i++) {
		time.advance(50);
		await settle();
		reach.push(arrow());
	}
	assert.ok(reach[0]! > 0 && reach.every((r, i) => i === 0 || r > reach[i - 1]!), `the arrow grows every frame: ${reach.join(' ')}`);
	assert.equal(asked.get('sndBuf'), undefined, 'no pane was drawn again');
	assert.equal(asked.get('time'), 5, 'the top bar follows every frame');
	unmount();
	model.dispose();
});

/**
 * `count` connections opened and closed one after another (700 ms apart), the client closing first:
 * its sockets stay as orphans in TIME_WAIT (6 s), listed oldest first, after the live sockets. A
 * pane lists the last four.
 */
function orphansInTimeWait(count: number): {world: WorldApi; ends: () => number[]} {
	const world = createWorld({seed: 3, stack: {msl: 3000}});
	const listener = world.server.socket().result!;
	world.server.bind(listener, 80);
	world.server.listen(listener, 8);
	for (let i = 0; i < count; i++) {
		const accepted = world.server.accept(listener);
		const fd = world.client.socket().result!;
		world.client.connect(fd, world.server.addr, 80);
		world.runFor(300);
		world.client.close(fd);
		world.runFor(300);
		world.server.close(accepted.result!);
		world.runFor(100);
	}
	// The pane's selected socket is a new one, with no countdown of its own (no frames but for events).
	world.client.socket();
	const ends = (): number[] => world.snapshot().client.sockets.flatMap((s) => (s.orphaned && s.connection?.timeWaitUntil != null ? [s.connection.timeWaitUntil] : []));
	return {world, ends};
}

test('an event nothing on screen shows (an unlisted orphan leaving TIME_WAIT) draws no frame; one the pane lists does', async () => {
	for (const [count, listed] of [[5, false], [2, true]] as const) {
		const {world, ends} = orphansInTimeWait(count);
		assert.equal(ends().length, count);
		const oldest = Math.min(...ends());
		const time = new FakeTime();
		const model = new TuiModel({lang: 'en', speed: 1, time, createWorld: () => world, onQuit: () => undefined});
		const {lastFrame, frames, unmount} = render(<App model={model} ui={makeUi('en', false, false)} size={{columns: 80, rows: 24}} />);
		await settle();
		// Up to just before the oldest leaves (nothing else happens in between). Virtual time is the
		// world's when the model was made plus real time (speed 1).
		const start = world.now();
		while (start + time.t < oldest - 60) {
			time.advance(50);
			await settle();
		}
		const before = frames.length;
		const shown = (lastFrame() ?? '').match(/TIME_WA/g)?.length ?? 0;
		for (let i = 0; i < 4; i++) {
			time.advance(50);
			await settle();
		}
		assert.equal(ends().length, count - 1, 'the oldest has left');
		if (listed) {
			assert.ok(frames.length > before, 'drawn');
			assert.equal((lastFrame() ?? '').match(/TIME_WA/g)?.length ?? 0, shown - 1, lastFrame());
		} else {
			assert.equal(frames.length, before, 'no frame');
		}
		unmount();
		model.dispose();
	}
});
