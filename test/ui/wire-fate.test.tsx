// Wire mode: our own segments go into a real network, whose far end we cannot watch. They must not
// stay "in flight" for ever: the ladder draws them as sent and the detail says "sent on the wire".
import {after, test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi, UiContext} from '../../source/ui/context.js';
import {entryProgress, Ladder} from '../../source/ui/Ladder.js';
import {TuiModel} from '../../source/ui/model.js';
import {SegmentDetail} from '../../source/ui/SegmentDetail.js';
import {UiStore} from '../../source/ui/store.js';
import {createWorld} from '../../source/sim/world.js';
import {createWireWorld, type WireWorld} from '../../source/wire/world.js';
import {freeUdpPort} from '../wire/netns.js';
import {returned} from '../wire/drive.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
});

function frame(node: React.ReactNode, lang: 'en' | 'ko' = 'en'): string {
	const {lastFrame, unmount} = render(<UiContext.Provider value={makeUi(lang, false, false)}>{node}</UiContext.Provider>);
	const out = lastFrame() ?? '';
	unmount();
	return out;
}

/** Our client (a wire world inside a TuiModel, as the app runs it) connected to a tcp-tui server. */
async function connectedWireModel(): Promise<{m: TuiModel; client: WireWorld}> {
	const clientPort = await freeUdpPort();
	const serverPort = await freeUdpPort();
	const server = await createWireWorld({side: 'server', seed: 4, localPort: serverPort, remoteHost: '127.0.0.1', remotePort: clientPort,
		localAddr: '10.9.0.1', remoteAddr: '10.9.0.2'});
	assert.ok(server.ok, server.ok ? '' : server.message);
	cleanups.push(() => server.world.close());
	const client = await createWireWorld({side: 'client', seed: 5, localPort: clientPort, remoteHost: '127.0.0.1', remotePort: serverPort});
	assert.ok(client.ok, client.ok ? '' : client.message);
	cleanups.push(() => client.world.close());
	const m = new TuiModel({lang: 'en', speed: 1, time: frozen, createWorld: () => client.world, remote: 'server', liveEvents: true, onQuit: () => undefined});
	cleanups.push(async () => m.dispose());
	const s = server.world.server;
	const listener = s.socket().result!;
	s.bind(listener, 80);
	s.listen(listener, 8);
	const accept = s.accept(listener);
	const fd = client.world.client.socket().result!;
	await returned(client.world, client.world.client.connect(fd, '10.9.0.1', 80), 10_000);
	await returned(server.world, accept, 10_000);
	return {m, client: client.world};
}

test('wire mode: our segments are "sent on the wire", theirs delivered; none left in flight', {timeout: 30_000}, async () => {
	const {m, client} = await connectedWireModel();
	await client.sleep(100);
	const ladder = m.store.ladder;
	const ours = ladder.filter((e) => e.dir === 'c2s');
	const theirs = ladder.filter((e) => e.dir === 's2c');
	assert.ok(ours.length >= 2, 'SYN and ACK sent');
	assert.ok(ours.every((e) => e.fate === 'wire'), ours.map((e) => e.fate).join());
	assert.ok(theirs.length >= 1 && theirs.every((e) => e.fate === 'delivered'));
	assert.ok(ladder.every((e) => e.fate !== 'flying'));

	const syn = ours[0]!;
	assert.equal(syn.flags, 'SYN');
	const en = frame(<SegmentDetail entry={syn} width={80} height={24} />);
	assert.match(en, /sent on the wire/);
	assert.match(en, /not visible from here/);
	assert.doesNotMatch(en, /in flight/);
	const ko = frame(<SegmentDetail entry={syn} width={80} height={24} />, 'ko');
	assert.match(ko, /실제 네트워크로 보냄/);
	assert.doesNotMatch(ko, /전송 중/);

	// Drawn whole (as sent) once out of our own link, and the same frame later: not travelling.
	assert.equal(entryProgress(syn, new Map()), 1);
	const ladderFrame = (): string => frame(<Ladder entries={[syn]} progress={new Map()} width={40} height={3} selectedId={null} relative={false} twoLine={false} showTimes={false} />);
	const before = ladderFrame();
	assert.match(before, /│─SYN [^│]*─▶│/u, 'the whole shaft, head at the far rail');
	await client.sleep(150);
	assert.equal(ladderFrame(), before);
});

test('the simulated link keeps "in flight" for a segment on its way', () => {
	const world = createWorld({seed: 2});
	const store = new UiStore();
	world.on((e) => store.apply(e));
	const fd = world.client.socket().result!;
	world.client.connect(fd, world.server.addr, 80);
	assert.equal(store.ladder[0]?.fate, 'flying');
	assert.match(frame(<SegmentDetail entry={store.ladder[0]!} width={80} height={24} />), /in flight/);
	world.runFor(1000);
	// It reached the server (no listener there: the stack dropped it and answered RST).
	assert.equal(store.ladder[0]?.fate, 'dropped');
});

test('a store told which arrivals go unseen marks only that direction, and a loss still overrides', () => {
	const world = createWorld({seed: 2, link: {c2s: {loss: 100}}});
	const store = new UiStore({unseenArrivals: 'c2s'});
	world.on((e) => store.apply(e));
	const fd = world.client.socket().result!;
	world.client.connect(fd, world.server.addr, 80);
	assert.equal(store.ladder[0]?.fate, 'wire');
	world.runFor(100);
	assert.equal(store.ladder[0]?.fate, 'lost');
});
