// Wire mode in the app: the command line's link settings reach the wire world, and r (reset) makes
// a fresh world on the same tunnel. Two endpoints over loopback UDP, as in test/wire/world.test.ts.
import {after, test} from 'node:test';
import assert from 'node:assert/strict';
import type {RealTime} from '../../source/ui/clock.js';
import {TuiModel} from '../../source/ui/model.js';
import {openWireWorlds} from '../../source/ui/wire-worlds.js';
import {createWireWorld, type WireWorld} from '../../source/wire/world.js';
import {freeUdpPort} from '../wire/netns.js';
import {returned} from '../wire/drive.js';
import {key} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A listening tcp-tui server on 10.9.0.1:80 at the other end of a UDP tunnel, and our client's port. */
async function listeningPeer(): Promise<{server: WireWorld; serverPort: number; clientPort: number; listener: number}> {
	const clientPort = await freeUdpPort();
	const serverPort = await freeUdpPort();
	const created = await createWireWorld({side: 'server', seed: 3, localPort: serverPort, remoteHost: '127.0.0.1', remotePort: clientPort,
		localAddr: '10.9.0.1', remoteAddr: '10.9.0.2', stack: {msl: 200}});
	assert.ok(created.ok, created.ok ? '' : created.message);
	const server = created.world;
	cleanups.push(() => server.close());
	const fd = server.server.socket().result!;
	server.server.bind(fd, 80);
	server.server.listen(fd, 8);
	return {server, serverPort, clientPort, listener: fd};
}

test('--loss and the other link flags apply to our side of the tunnel', {timeout: 30_000}, async () => {
	const {server, serverPort, clientPort} = await listeningPeer();
	const opened = await openWireWorlds({
		wire: {side: 'client', localPort: clientPort, remoteHost: '127.0.0.1', remotePort: serverPort},
		world: {seed: 1, stack: {msl: 200}, link: {c2s: {loss: 100}, s2c: {delay: 5}}},
	});
	assert.ok(opened.ok, opened.ok ? '' : opened.message);
	const worlds = opened.worlds;
	cleanups.push(() => worlds.close());
	const world = worlds.next();
	assert.equal(world.linkConfig('c2s').loss, 100);
	assert.equal(world.linkConfig('s2c').delay, 5);
	const fd = world.client.socket().result!;
	world.client.connect(fd, '10.9.0.1', 80);
	const lost = await world.waitFor(() => world.history().some((e) => e.kind === 'segment' && e.dir === 'c2s' && e.fate === 'lost'), 5000);
	assert.ok(lost, 'the SYN is lost on our side of the tunnel');
	await world.sleep(200);
	assert.equal(server.stats().received, 0, 'nothing crossed the tunnel');
});

test('a bad link setting is a one-line error before the tunnel opens', async () => {
	const opened = await openWireWorlds({wire: {side: 'client', localPort: 0, remoteHost: '127.0.0.1', remotePort: 9}, world: {seed: 1, link: {c2s: {loss: 150}}}});
	assert.equal(opened.ok, false);
	assert.match(opened.ok ? '' : opened.message, /^link c2s: .*loss/);
});

test('r in wire mode: a fresh world on the same tunnel, same link, a new seed; it connects', {timeout: 30_000}, async () => {
	const {server, serverPort, clientPort, listener} = await listeningPeer();
	const seeds = [77];
	const opened = await openWireWorlds(
		{wire: {side: 'client', localPort: clientPort, remoteHost: '127.0.0.1', remotePort: serverPort}, world: {seed: 1, stack: {msl: 200}, link: {c2s: {delay: 7}}}},
		() => seeds.shift()!,
	);
	assert.ok(opened.ok, opened.ok ? '' : opened.message);
	const worlds = opened.worlds;
	cleanups.push(() => worlds.close());
	const m = new TuiModel({lang: 'en', speed: 1, time: frozen, createWorld: () => worlds.next(), remote: 'server', liveEvents: true, onQuit: () => undefined});
	cleanups.push(async () => m.dispose());
	const first = m.world as WireWorld;
	assert.equal(first.seed, 1);
	first.client.socket();
	assert.ok(first.history().length > 0);

	m.handleKey('r', key());
	const second = m.world as WireWorld;
	assert.notEqual(second, first, 'reset made a new world');
	assert.equal(worlds.current(), second);
	assert.equal(second.seed, 77, 'a new seed: not the same ISNs and port into the far end again');
	assert.equal(second.linkConfig('c2s').delay, 7);
	assert.deepEqual(second.snapshot().client.sockets, [], 'nothing of the old world is left');
	assert.match(m.message ?? '', /Reset/);

	// The old world is retired: it takes no datagrams; the new one handshakes on the same tunnel.
	const before = first.history().length;
	const accept = server.server.accept(listener);
	const fd = second.client.socket().result!;
	const connect = second.client.connect(fd, '10.9.0.1', 80);
	await returned(second, connect, 10_000);
	await returned(server, accept, 10_000);
	assert.equal(first.history().length, before);
	assert.equal(m.selectedSocket('client', second.snapshot().client)?.state, 'ESTABLISHED');
});
