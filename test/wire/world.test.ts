// Two wire worlds in one process, joined by loopback UDP: the "two tcp-tui processes" mode
// (one shows the client, one the server), with the real stack at both ends.
import {after, test} from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {encodeSegment} from '../../source/stack/segment.js';
import {noFlags, type Segment} from '../../source/stack/types.js';
import {attachPcapWriter} from '../../source/wire/pcap.js';
import {createWireWorld, openWireSession, type WireWorld} from '../../source/wire/world.js';
import {freeUdpPort} from './netns.js';
import {echoExchange, patternBytes, returned} from './drive.js';
import {assertCaptureMatches, readWithTshark, recordedEvents, tsharkMissing} from './tshark.js';

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A client world and a server world talking to each other; the server uses 10.9.0.1. */
async function pair(seed = 1): Promise<{client: WireWorld; server: WireWorld}> {
	const clientPort = await freeUdpPort();
	const serverPort = await freeUdpPort();
	const server = await createWireWorld({side: 'server', seed, localPort: serverPort, remoteHost: '127.0.0.1', remotePort: clientPort,
		localAddr: '10.9.0.1', remoteAddr: '10.9.0.2', stack: {msl: 200}});
	assert.ok(server.ok, server.ok ? '' : server.message);
	cleanups.push(() => server.world.close());
	const client = await createWireWorld({side: 'client', seed: seed + 1, localPort: clientPort, remoteHost: 'localhost', remotePort: serverPort, stack: {msl: 200}});
	assert.ok(client.ok, client.ok ? '' : client.message);
	cleanups.push(() => client.world.close());
	return {client: client.world, server: server.world};
}

test('two tcp-tui endpoints over UDP: handshake, 256 KB echoed, orderly close', {timeout: 60_000}, async () => {
	const {client, server} = await pair();
	await echoExchange(client, server, patternBytes(256 * 1024, 5));
	// Each side sees its own sends as `sent` and the other's packets as `sent` then `delivered`.
	const mine = client.history().filter(e => e.kind === 'segment' && e.dir === 'c2s');
	const theirs = client.history().filter(e => e.kind === 'segment' && e.dir === 's2c');
	assert.ok(mine.length > 0 && mine.every(e => e.kind === 'segment' && e.fate === 'sent'));
	assert.ok(theirs.some(e => e.kind === 'segment' && e.fate === 'delivered' && e.flags === 'SYN,ACK'));
	assert.equal(client.stats().foreign, 0);
	assert.equal(client.stats().received, client.stats().accepted + Object.values(client.stats().dropped).reduce((a, b) => a + b, 0));
	assert.deepEqual(server.stats().dropped, {});
});

test('the remote endpoint cannot be driven from here, and says why', async () => {
	const {client} = await pair(3);
	assert.equal(client.client, client.local);
	const notes: string[] = [];
	client.on(e => {
		if (e.kind === 'note') notes.push(e.text);
	});
	const call = client.server.socket();
	assert.equal(call.status, 'failed');
	assert.equal(call.errno, 'EOPNOTSUPP');
	assert.match(notes.join('\n'), /the remote endpoint is the Linux kernel or another tcp-tui \(udp 127\.0\.0\.1:\d+\)/);
	assert.equal(client.server.addr, '10.9.0.1');
	assert.deepEqual(client.snapshot().server.sockets, []);
});

test('datagrams from anyone but the peer are ignored and counted; bad ones from the peer dropped with a reason', async () => {
	const clientPort = await freeUdpPort();
	const peer = dgram.createSocket('udp4');
	await new Promise<void>(resolve => peer.bind(0, '127.0.0.1', resolve));
	cleanups.push(() => new Promise(resolve => peer.close(() => resolve())));
	const created = await createWireWorld({side: 'client', seed: 9, localPort: clientPort, remoteHost: '127.0.0.1', remotePort: peer.address().port});
	assert.ok(created.ok);
	const world = created.world;
	cleanups.push(() => world.close());
	const stranger = dgram.createSocket('udp4');
	await new Promise<void>(resolve => stranger.bind(0, '127.0.0.1', resolve));
	cleanups.push(() => new Promise(resolve => stranger.close(() => resolve())));

	const segment: Segment = {src: '10.9.0.1', dst: '10.9.0.2', srcPort: 80, dstPort: 40000, seq: 1, ack: 1, flags: {...noFlags(), ack: true},
		window: 1000, urgent: 0, options: {}, payload: new Uint8Array(0)};
	const good = encodeSegment(segment);
	const badChecksum = encodeSegment({...segment, payload: new Uint8Array([1, 2, 3])});
	badChecksum[badChecksum.length - 1] ^= 0xff;
	const otherHost = encodeSegment({...segment, dst: '10.9.0.77'});
	for (let i = 0; i < 5; i++) stranger.send(good, clientPort, '127.0.0.1');
	peer.send(new Uint8Array([0x45, 0, 0]), clientPort, '127.0.0.1');
	peer.send(badChecksum, clientPort, '127.0.0.1');
	peer.send(otherHost, clientPort, '127.0.0.1');
	assert.ok(await world.waitFor(() => world.stats().foreign === 5 && world.stats().received === 3, 5000), JSON.stringify(world.stats()));
	assert.deepEqual(world.stats().dropped, {'truncated-ip-header': 1, 'bad-tcp-checksum': 1, 'no-such-host': 1});
	assert.equal(world.snapshot().client.counters['wire.foreign'], 5);
	assert.equal(world.snapshot().client.counters['wire.drop.bad-tcp-checksum'], 1);
	// The readable ones show up as segments arriving and being dropped; the unreadable one as an rx-drop.
	const drops = world.history().filter(e => e.kind === 'segment' && e.fate === 'dropped').map(e => e.kind === 'segment' ? e.reason : '');
	assert.deepEqual(drops, ['bad-tcp-checksum', 'no-such-host']);
	assert.ok(world.history().some(e => e.kind === 'rx-drop' && e.reason === 'truncated-ip-header'));
});

test('a UDP port already in use is a one-line message, not an exception', async () => {
	const holder = dgram.createSocket('udp4');
	await new Promise<void>(resolve => holder.bind(0, '127.0.0.1', resolve));
	cleanups.push(() => new Promise(resolve => holder.close(() => resolve())));
	const port = holder.address().port;
	const created = await createWireWorld({side: 'client', seed: 1, localPort: port, remoteHost: '127.0.0.1', remotePort: 9});
	assert.deepEqual(created, {ok: false, message: `--wire: cannot bind udp 127.0.0.1:${port}: the port is already in use`});
	const unresolvable = await createWireWorld({side: 'client', seed: 1, localPort: 0, remoteHost: 'no-such-host.invalid', remotePort: 9});
	assert.equal(unresolvable.ok, false);
	assert.match(unresolvable.ok ? '' : unresolvable.message, /^--wire: cannot resolve REMOTEHOST "no-such-host\.invalid"$/);
	const badLink = await createWireWorld({side: 'client', seed: 1, localPort: 0, remoteHost: '127.0.0.1', remotePort: 9, link: {s2c: {loss: 200}}});
	assert.equal(badLink.ok, false);
	assert.match(badLink.ok ? '' : badLink.message, /^link s2c: .*loss/);
});

test('a pcap of a wire session holds both directions, and tshark agrees with the events', {timeout: 60_000}, async t => {
	const missing = tsharkMissing();
	if (missing) {
		t.skip(missing);
		return;
	}
	const {client, server} = await pair(11);
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tcptui-wire-')), 'wire.pcap');
	const pcap = attachPcapWriter(client, file);
	await echoExchange(client, server, patternBytes(20_000, 6), 81);
	await pcap.close();
	const events = recordedEvents(client.history());
	assert.ok(events.some(e => e.dir === 'c2s') && events.some(e => e.dir === 's2c'));
	assertCaptureMatches(readWithTshark(file), events);
});

test('a session makes fresh worlds on the same UDP port (the TUI\'s reset); the old one goes quiet', {timeout: 60_000}, async () => {
	const clientPort = await freeUdpPort();
	const serverPort = await freeUdpPort();
	const server = await createWireWorld({side: 'server', seed: 1, localPort: serverPort, remoteHost: '127.0.0.1', remotePort: clientPort,
		localAddr: '10.9.0.1', remoteAddr: '10.9.0.2'});
	assert.ok(server.ok);
	cleanups.push(() => server.world.close());
	const opened = await openWireSession({localPort: clientPort, remoteHost: '127.0.0.1', remotePort: serverPort});
	assert.ok(opened.ok);
	const {session} = opened;
	cleanups.push(() => session.close());
	assert.equal(session.description, `udp:${clientPort}:127.0.0.1:${serverPort}`);

	const s = server.world.local;
	const listener = (await returned(server.world, s.socket())).result!;
	await returned(server.world, s.bind(listener, 80));
	await returned(server.world, s.listen(listener, 4));
	const first = session.newWorld({side: 'client', seed: 1});
	const fd1 = (await returned(first, first.local.socket())).result!;
	await returned(first, first.local.connect(fd1, '10.9.0.1', 80));
	const accepted1 = (await returned(server.world, s.accept(listener))).result!;

	const second = session.newWorld({side: 'client', seed: 2});
	const heard = first.stats().received;
	// The retired world answers a wait at once, and no longer sends or receives.
	assert.equal(await first.waitFor(() => false, 60_000), false);
	assert.equal(first.local.write(fd1, 'ignored').status !== 'blocked', true);
	const fd2 = (await returned(second, second.local.socket())).result!;
	await returned(second, second.local.connect(fd2, '10.9.0.1', 80));
	const accepted2 = (await returned(server.world, s.accept(listener))).result!;
	assert.notEqual(accepted2, accepted1);
	await returned(second, second.local.write(fd2, 'after reset'));
	const read = await returned(server.world, s.read(accepted2, 100));
	assert.equal(Buffer.from(read.data!).toString(), 'after reset');
	assert.equal(first.stats().received, heard);
	assert.equal(server.world.stats().dropped['no-such-host'], undefined);
});

test('link settings impair our side of the tunnel: loss, duplication, corruption, reordering, delay; the echo survives', {timeout: 120_000}, async t => {
	const {client, server} = await pair(21);
	const impaired = {delay: 10, jitter: 5, loss: 10, duplicate: 5, corrupt: 5, reorder: 20};
	assert.equal(client.setLink('c2s', impaired), null);
	assert.equal(client.setLink('s2c', impaired), null);
	assert.match(client.setLink('c2s', {loss: 150}) ?? '', /loss/, 'an invalid setting is refused with a reason');
	assert.equal(client.linkConfig('c2s').loss, 10);
	const fates: Record<string, number> = {};
	client.on(e => {
		if (e.kind === 'segment') fates[`${e.dir}:${e.fate}`] = (fates[`${e.dir}:${e.fate}`] ?? 0) + 1;
	});
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tcptui-wire-')), 'impaired.pcap');
	const pcap = attachPcapWriter(client, file);
	await echoExchange(client, server, patternBytes(100_000, 8), 82);
	await pcap.close();
	t.diagnostic(JSON.stringify(fates));
	for (const fate of ['c2s:lost', 's2c:lost', 'c2s:duplicated', 's2c:duplicated', 's2c:corrupted']) assert.ok(fates[fate]! > 0, `${fate} happened`);
	// Our corrupted packets reach the server with bad checksums; its corrupted arrivals fail ours.
	assert.ok((server.stats().dropped['bad-tcp-checksum'] ?? 0) + (server.stats().dropped['bad-ip-checksum'] ?? 0) > 0);
	assert.ok((client.stats().dropped['bad-tcp-checksum'] ?? 0) + (client.stats().dropped['bad-ip-checksum'] ?? 0) > 0);
	const counters = client.linkCounters('c2s');
	assert.ok(counters.lost > 0 && counters.reordered > 0);
	if (!tsharkMissing()) assertCaptureMatches(readWithTshark(file), recordedEvents(client.history()));
});

for (const profile of ['textbook', 'linux'] as const) {
	test(`${profile}: a SYN from multicast, broadcast, 0/8, loopback or our own address reaching the wire world is dropped silently (RFC 1122 §3.2.1.3)`, async () => {
		const clientPort = await freeUdpPort();
		const peer = dgram.createSocket('udp4');
		await new Promise<void>(resolve => peer.bind(0, '127.0.0.1', resolve));
		cleanups.push(() => new Promise(resolve => peer.close(() => resolve())));
		const created = await createWireWorld({side: 'server', profile, seed: 4, localPort: clientPort, remoteHost: '127.0.0.1', remotePort: peer.address().port,
			localAddr: '10.9.0.1', remoteAddr: '10.9.0.2'});
		assert.ok(created.ok);
		const world = created.world;
		cleanups.push(() => world.close());
		world.server.socket();
		world.server.bind(3, 80);
		world.server.listen(3, 8);
		let answered = 0;
		peer.on('message', () => answered++);
		const sources: Array<[string, string]> = [['224.0.0.5', 'source-multicast'], ['255.255.255.255', 'source-broadcast'],
			['0.0.0.0', 'source-this-network'], ['127.0.0.1', 'source-loopback'], ['10.9.0.1', 'source-own-address']];
		const syn = (src: string, sport: number): Uint8Array => encodeSegment({src, dst: '10.9.0.1', srcPort: sport, dstPort: 80, seq: 1000, ack: 0,
			flags: {...noFlags(), syn: true}, window: 65535, urgent: 0, options: {mss: 1460}, payload: new Uint8Array(0)});
		// Half over the tunnel from the peer, half injected: both reach the stack the same way.
		sources.forEach(([src], i) => {
			if (i % 2 === 0) peer.send(syn(src, 40000 + i), clientPort, '127.0.0.1');
			else world.inject('c2s', syn(src, 40000 + i));
		});
		assert.ok(await world.waitFor(() => world.stats().received + world.stats().injected === sources.length, 5000), JSON.stringify(world.stats()));
		await world.sleep(50);
		assert.deepEqual(world.stats().dropped, Object.fromEntries(sources.map(([, reason]) => [reason, 1])));
		assert.equal(world.stats().sent, 0, 'no SYN+ACK, no RST');
		assert.equal(answered, 0);
		assert.equal(world.snapshot().server.sockets[0]!.listener!.synQueue, 0);
		const drops = world.history().filter(e => e.kind === 'segment' && e.fate === 'dropped').map(e => e.kind === 'segment' ? e.reason : '');
		assert.deepEqual(drops.sort(), sources.map(([, reason]) => reason).sort());
	});
}
