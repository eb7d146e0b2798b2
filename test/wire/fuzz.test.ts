// 100k hostile datagrams at a wire endpoint, through the real UDP socket and the full receive
// path (tunnel filter, decoder, the stack's receive). Nothing may throw, every datagram must be
// accounted for (taken, or dropped with a reason), and a real connection must work afterwards.
import {after, test} from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import {internetChecksum} from '../../source/stack/checksum.js';
import {encodeSegment} from '../../source/stack/segment.js';
import {noFlags, type Segment, type TcpFlags} from '../../source/stack/types.js';
import {createRng, type SeededRng} from '../../source/sim/rng.js';
import {createWireWorld} from '../../source/wire/world.js';
import {freeUdpPort} from './netns.js';
import {echoExchange, patternBytes, returned, stateOf} from './drive.js';

const TOTAL = 100_000;
/** Datagrams in flight before waiting for the endpoint to take them: well under a socket buffer. */
const BATCH = 64;
const OUR_ADDR = '10.9.0.1';
const PEER_ADDR = '10.9.0.2';
const LISTEN_PORT = 80;

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
});

function bytes(rng: SeededRng, n: number): Uint8Array {
	const out = new Uint8Array(n);
	for (let i = 0; i < n; i++) out[i] = rng.u32() & 0xff;
	return out;
}

function randomFlags(rng: SeededRng, allowSyn: boolean): TcpFlags {
	const bits = rng.u32();
	const f = noFlags();
	f.fin = (bits & 1) !== 0;
	f.syn = allowSyn && (bits & 2) !== 0;
	f.rst = (bits & 4) !== 0;
	f.psh = (bits & 8) !== 0;
	f.ack = (bits & 16) !== 0;
	f.urg = (bits & 32) !== 0;
	return f;
}

/** A well-formed segment from the peer to us: to a port nobody uses, or a non-SYN to the listener. */
function plausible(rng: SeededRng): Segment {
	const toListener = rng.next() < 0.3;
	return {
		src: PEER_ADDR, dst: OUR_ADDR, srcPort: rng.int(1, 65535), dstPort: toListener ? LISTEN_PORT : rng.int(1000, 65535),
		seq: rng.u32(), ack: rng.u32(), flags: randomFlags(rng, !toListener), window: rng.int(0, 65535), urgent: 0,
		options: rng.next() < 0.3 ? {mss: rng.int(1, 65535), wscale: rng.int(0, 14)} : {},
		payload: bytes(rng, rng.next() < 0.5 ? 0 : rng.int(1, 1400)),
	};
}

function fixIpChecksum(packet: Uint8Array): void {
	packet[10] = 0;
	packet[11] = 0;
	const sum = internetChecksum(packet, 0, 20);
	packet[10] = sum >>> 8;
	packet[11] = sum & 0xff;
}

type Kind = 'random' | 'truncated' | 'not-ipv4' | 'bad-ip-checksum' | 'not-tcp' | 'fragmented' | 'bad-data-offset'
	| 'bad-tcp-checksum' | 'no-such-host' | 'unknown-connection';
const KINDS: Kind[] = ['random', 'truncated', 'not-ipv4', 'bad-ip-checksum', 'not-tcp', 'fragmented', 'bad-data-offset',
	'bad-tcp-checksum', 'no-such-host', 'unknown-connection'];

/** One hostile datagram and, where it is certain, the reason it must be dropped for. */
function hostile(rng: SeededRng): {kind: Kind; packet: Uint8Array; reason: string | null} {
	const kind = KINDS[rng.int(0, KINDS.length - 1)]!;
	const seg = plausible(rng);
	const packet = encodeSegment(seg);
	switch (kind) {
		case 'random':
			return {kind, packet: bytes(rng, rng.int(0, 1600)), reason: null};
		case 'truncated': {
			const cut = rng.int(0, 19);
			return {kind, packet: packet.slice(0, cut), reason: 'truncated-ip-header'};
		}
		case 'not-ipv4':
			packet[0] = 0x60 | (packet[0]! & 0x0f);
			return {kind, packet, reason: 'not-ipv4'};
		case 'bad-ip-checksum':
			packet[10]! ^= 1 << rng.int(0, 7);
			return {kind, packet, reason: 'bad-ip-checksum'};
		case 'not-tcp':
			packet[9] = rng.next() < 0.5 ? 17 : 1;
			fixIpChecksum(packet);
			return {kind, packet, reason: 'not-tcp'};
		case 'fragmented':
			packet[6] = 0x20;
			fixIpChecksum(packet);
			return {kind, packet, reason: 'fragmented'};
		case 'bad-data-offset':
			packet[32] = (rng.int(0, 4) << 4) | (packet[32]! & 0x0f);
			return {kind, packet, reason: 'bad-data-offset'};
		case 'bad-tcp-checksum': {
			const at = rng.int(20, packet.length - 1);
			packet[at]! ^= 1 << rng.int(0, 7);
			// A flip in the data offset can make the header longer than the packet: that is found first.
			return {kind, packet, reason: at === 32 ? null : 'bad-tcp-checksum'};
		}
		case 'no-such-host':
			return {kind, packet: encodeSegment({...seg, dst: `10.9.${rng.int(1, 255)}.${rng.int(2, 254)}`}), reason: 'no-such-host'};
		case 'unknown-connection':
			return {kind, packet, reason: null};
	}
}

test('100k hostile datagrams: all accounted for, nothing throws, the endpoint still works', {timeout: 300_000}, async t => {
	const serverPort = await freeUdpPort();
	const fuzzer = dgram.createSocket('udp4');
	await new Promise<void>(resolve => fuzzer.bind(0, '127.0.0.1', resolve));
	const fuzzerPort = fuzzer.address().port;
	let fuzzerOpen = true;
	const closeFuzzer = () => new Promise<void>(resolve => {
		if (!fuzzerOpen) return resolve();
		fuzzerOpen = false;
		fuzzer.close(() => resolve());
	});
	cleanups.push(closeFuzzer);
	let replies = 0;
	fuzzer.on('message', () => replies++);
	const stranger = dgram.createSocket('udp4');
	await new Promise<void>(resolve => stranger.bind(0, '127.0.0.1', resolve));
	cleanups.push(() => new Promise(resolve => stranger.close(() => resolve())));

	const created = await createWireWorld({side: 'server', seed: 1, localPort: serverPort, remoteHost: '127.0.0.1', remotePort: fuzzerPort,
		localAddr: OUR_ADDR, remoteAddr: PEER_ADDR, stack: {msl: 200}, historyLimit: 1000});
	assert.ok(created.ok);
	const server = created.world;
	cleanups.push(() => server.close());
	const listener = (await returned(server, server.local.socket())).result!;
	await returned(server, server.local.bind(listener, LISTEN_PORT));
	await returned(server, server.local.listen(listener, 8));

	const rng = createRng(20251125);
	const expected: Record<string, number> = {};
	const kinds: Record<string, number> = {};
	let fromPeer = 0;
	let fromStranger = 0;
	while (fromPeer + fromStranger < TOTAL) {
		for (let i = 0; i < BATCH && fromPeer + fromStranger < TOTAL; i++) {
			if (rng.next() < 0.05) {
				// Perfectly good segments, from the wrong address: ignored before the stack sees them.
				stranger.send(encodeSegment(plausible(rng)), serverPort, '127.0.0.1');
				fromStranger++;
				continue;
			}
			const {kind, packet, reason} = hostile(rng);
			kinds[kind] = (kinds[kind] ?? 0) + 1;
			if (reason !== null) expected[reason] = (expected[reason] ?? 0) + 1;
			fuzzer.send(packet, serverPort, '127.0.0.1');
			fromPeer++;
		}
		const caughtUp = await server.waitFor(() => server.stats().received === fromPeer && server.stats().foreign === fromStranger, 10_000);
		assert.ok(caughtUp, `endpoint fell behind: sent ${fromPeer}+${fromStranger}, stats ${JSON.stringify(server.stats())}`);
	}
	const stats = server.stats();
	t.diagnostic(`kinds ${JSON.stringify(kinds)}`);
	t.diagnostic(`stats ${JSON.stringify(stats)}; replies from our stack: ${replies}`);
	assert.equal(stats.received, fromPeer);
	assert.equal(stats.foreign, fromStranger);
	const droppedTotal = Object.values(stats.dropped).reduce((a, b) => a + b, 0);
	assert.equal(stats.accepted + droppedTotal, stats.received, 'every datagram taken or dropped with a reason');
	assert.equal(stats.dropped['stack-error'], undefined, 'the stack never threw');
	for (const [reason, count] of Object.entries(expected)) {
		assert.ok((stats.dropped[reason] ?? 0) >= count, `${reason}: expected at least ${count}, counted ${stats.dropped[reason] ?? 0}`);
	}
	// Nothing the fuzzer sent opened a connection: the listener is alone and still listening.
	assert.deepEqual(server.local.snapshot().sockets.map(s => [s.fd, s.state]), [[listener, 'LISTEN']]);
	assert.equal(stateOf(server.local, listener), 'LISTEN');

	// A real client now takes the fuzzer's place at the same address and port.
	await closeFuzzer();
	const client = await createWireWorld({side: 'client', seed: 2, localPort: fuzzerPort, remoteHost: '127.0.0.1', remotePort: serverPort,
		localAddr: PEER_ADDR, remoteAddr: OUR_ADDR, stack: {msl: 200}});
	assert.ok(client.ok, client.ok ? '' : client.message);
	cleanups.push(() => client.world.close());
	await returned(server, server.local.close(listener));
	await echoExchange(client.world, server, patternBytes(128 * 1024, 9), 8080);
});
