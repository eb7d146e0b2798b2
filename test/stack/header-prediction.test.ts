// Header prediction (Connection.inputPredicted) takes the segments of a bulk transfer by a short
// path. These tests hold it against the general path over random transfers in both directions:
// the same seed must give the same events, the same packet bytes and the same read() data with the
// short path on and off, through loss, reordering, duplication, corruption, small and closed
// windows, both profiles, and the close at the end.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {createWorld, type World} from '../../source/sim/world.js';
import {eventLine} from '../sim/event-line.js';
import type {LinkConfig} from '../../source/link/config.js';
import {Connection, fastPaths} from '../../source/stack/connection.js';
import type {StackProfileName} from '../../source/stack/profiles.js';
import {encodeSegment} from '../../source/stack/segment.js';
import {noFlags, type Call, type Segment, type TcpFlags} from '../../source/stack/types.js';
import {openConnection, pumpTransfer} from '../../bench/stack.js';

interface Plan {
	profile: StackProfileName;
	mss: number;
	clientBuffer: number;
	serverBuffer: number;
	link: {c2s: Partial<LinkConfig>; s2c: Partial<LinkConfig>};
	/** Bytes the client sends (read by the server as fast as they come). */
	upload: number;
	/** Bytes the server sends back, read by the client every `readEvery` ms, `readSize` at a time. */
	download: number;
	readEvery: number;
	readSize: number;
	/** Keepalive on at both ends (each segment taken moves its timer). */
	keepalive: boolean;
	/** Segments made up from a connection's current numbers, injected as if from its peer. */
	injections: Injection[];
}

/**
 * A segment at RCV.NXT (or one off), acknowledging SND.UNA, one past it, SND.NXT, one past SND.NXT
 * (never sent), one before SND.UNA, or far behind (RFC 5961's too old), with an old or a new
 * timestamp or none: the cases around each check the short path skips.
 */
interface Injection {
	at: number;
	toServer: boolean;
	seqOffset: number;
	ack: 'una' | 'una+1' | 'nxt' | 'nxt+1' | 'una-1' | 'far';
	flags: number;
	length: number;
	window: number;
	timestamp: 'old' | 'new' | 'none';
}

function inject(world: World, fds: {client: number; server: number}, j: Injection): void {
	const host = j.toServer ? world.server : world.client;
	const c = host.snapshot().sockets.find(s => s.fd === (j.toServer ? fds.server : fds.client))?.connection;
	if (!c || c.remote === null || c.rcvNxt === null || c.sndUna === null || c.sndNxt === null) return;
	const acks = {una: c.sndUna, 'una+1': c.sndUna + 1, nxt: c.sndNxt, 'nxt+1': c.sndNxt + 1, 'una-1': c.sndUna - 1, far: c.sndUna - 3_000_000};
	const seg: Segment = {
		src: c.remote.addr, dst: c.local.addr, srcPort: c.remote.port, dstPort: c.local.port,
		seq: (c.rcvNxt + j.seqOffset) >>> 0, ack: acks[j.ack] >>> 0, flags: flagsOf(j.flags), window: j.window, urgent: 0,
		options: j.timestamp === 'none' ? {} : {timestamps: {tsval: j.timestamp === 'old' ? 1 : 0x7000_0000, tsecr: 0}},
		payload: new Uint8Array(j.length).fill(0x5a),
	};
	world.inject(j.toServer ? 'c2s' : 's2c', encodeSegment(seg));
}

function flagsOf(bits: number): TcpFlags {
	return {...noFlags(), ack: (bits & 1) !== 0, psh: (bits & 2) !== 0, fin: (bits & 4) !== 0, rst: (bits & 8) !== 0, syn: (bits & 16) !== 0, urg: (bits & 32) !== 0};
}

const MAX_STEPS = 50_000;

/** How often the short path took a segment, by kind: counted by wrapping the method. */
const taken = {ack: 0, data: 0};
const prototype = Connection.prototype as unknown as {inputPredicted(seg: Segment): boolean};
const inputPredicted = prototype.inputPredicted;
prototype.inputPredicted = function (this: Connection, seg: Segment): boolean {
	const used = inputPredicted.call(this, seg);
	if (used) taken[seg.payload.length > 0 ? 'data' : 'ack']++;
	return used;
};

/** Everything a run gives out, as text: every event's JSON line with its packet bytes and segment, and read() data. */
function record(plan: Plan, predict: boolean): string[] {
	fastPaths.headerPrediction = predict;
	try {
		const world: World = createWorld({
			seed: 5,
			profile: plan.profile,
			stack: {mss: plan.mss, maxRetries: 30},
			clientStack: {sndbuf: plan.clientBuffer, rcvbuf: plan.clientBuffer},
			serverStack: {sndbuf: plan.serverBuffer, rcvbuf: plan.serverBuffer},
			link: plan.link,
			historyLimit: 16,
		});
		const out: string[] = [];
		world.on((e) => out.push(eventLine(e)));
		const {fd, conn} = openConnection(world);
		if (plan.keepalive) {
			world.client.setsockopt(fd, 'keepalive', true);
			world.server.setsockopt(conn, 'keepalive', true);
		}
		const back = new Uint8Array(plan.download).map((_, i) => (i * 31 + 7) & 0xff);
		world.server.write(conn, back);
		// The client reads slowly, so its window fills and closes now and then.
		let clientRead: Call | null = null;
		let reads = 0;
		const readSome = (): void => {
			if (clientRead === null || clientRead.status !== 'blocked') clientRead = world.client.read(fd, plan.readSize);
			if (++reads < 400) world.schedule(world.now() + plan.readEvery, readSome);
		};
		world.schedule(world.now() + plan.readEvery, readSome);
		const start = world.now();
		for (const j of plan.injections) world.schedule(start + j.at, () => inject(world, {client: fd, server: conn}, j));
		// A made-up segment may leave the transfer stuck (a window closed for good), or start two
		// ends ACKing each other's unacceptable ACKs for ever: every run stops after so many steps.
		let steps = 0;
		const step = world.step;
		world.step = () => {
			if (++steps > MAX_STEPS) throw new Error('step limit');
			return step();
		};
		const runFor = (ms: number): void => {
			const end = world.now() + ms;
			for (let next = world.nextEventTime(); next !== null && next <= end; next = world.nextEventTime()) world.step();
		};
		try {
			pumpTransfer(world, fd, conn, plan.upload, new Uint8Array(3000).map((_, i) => (i * 13) & 0xff));
		} catch (error) {
			// An injected RST or SYN may end the connection: how it ended is part of the result.
			out.push(`stopped: ${(error as Error).message}`);
		}
		try {
			runFor(2000);
			world.client.close(fd);
			world.server.close(conn);
			runFor(5000);
		} catch (error) {
			out.push(`stopped: ${(error as Error).message}`);
		}
		out.push(`end ${world.now()} ${JSON.stringify(world.snapshot())}`);
		return out;
	} finally {
		fastPaths.headerPrediction = true;
	}
}

const linkConfig: fc.Arbitrary<Partial<LinkConfig>> = fc.record({
	delay: fc.integer({min: 0, max: 30}),
	jitter: fc.oneof(fc.constant(0), fc.integer({min: 0, max: 10})),
	loss: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({min: 1, max: 5})),
	duplicate: fc.oneof(fc.constant(0), fc.integer({min: 1, max: 5})),
	corrupt: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({min: 1, max: 3})),
	reorder: fc.oneof(fc.constant(0), fc.integer({min: 1, max: 10})),
});

const plan: fc.Arbitrary<Plan> = fc.record({
	profile: fc.constantFrom<StackProfileName>('textbook', 'linux'),
	mss: fc.constantFrom(536, 1460),
	clientBuffer: fc.constantFrom(2048, 8192, 65536),
	serverBuffer: fc.constantFrom(4096, 65536),
	link: fc.record({c2s: linkConfig, s2c: linkConfig}),
	upload: fc.integer({min: 1_000, max: 60_000}),
	download: fc.integer({min: 0, max: 20_000}),
	readEvery: fc.integer({min: 1, max: 60}),
	readSize: fc.constantFrom(100, 1000, 1 << 16),
	keepalive: fc.boolean(),
	injections: fc.array(fc.record({
		at: fc.integer({min: 1, max: 400}),
		toServer: fc.boolean(),
		seqOffset: fc.constantFrom(0, 0, 0, -1, 1),
		ack: fc.constantFrom('una' as const, 'una+1' as const, 'nxt' as const, 'nxt+1' as const, 'una-1' as const, 'far' as const),
		// Mostly ACK or ACK+PSH, the two the short path takes.
		flags: fc.oneof(fc.constantFrom(1, 1, 3, 3), fc.integer({min: 0, max: 63})),
		length: fc.constantFrom(0, 0, 1, 100),
		window: fc.constantFrom(0, 1, 512, 65535),
		timestamp: fc.constantFrom('old' as const, 'new' as const, 'none' as const),
	}), {maxLength: 8}),
});

function assertSame(p: Plan): void {
	const general = record(p, false);
	assert.ok(general.length > 20);
	assert.deepEqual(record(p, true), general);
}

test('property: header prediction gives the same events, packet bytes and read() data as the general path', () => {
	taken.ack = 0;
	taken.data = 0;
	fc.assert(fc.property(plan, assertSame), {numRuns: 60});
	// The comparison means something only if the short path was taken, for both kinds.
	assert.ok(taken.ack > 200 && taken.data > 1000, `short path taken ${taken.ack} ACKs, ${taken.data} data segments`);
});

test('a clean bulk transfer: nearly every segment after the handshake takes the short path, with the same results', () => {
	for (const profile of ['textbook', 'linux'] as const) {
		const p: Plan = {profile, mss: 1460, clientBuffer: 65536, serverBuffer: 65536, link: {c2s: {delay: 5}, s2c: {delay: 5}},
			upload: 300_000, download: 0, readEvery: 5, readSize: 1 << 16, keepalive: false, injections: []};
		taken.ack = 0;
		taken.data = 0;
		assertSame(p);
		// Counted in the run with the short path on: about 210 data segments, and an ACK for each
		// (textbook) or for every second one (linux: delayed ACKs), the handshake's excepted.
		assert.ok(taken.data >= 190 && taken.ack >= (profile === 'linux' ? 50 : 150), `${profile}: ${taken.data} data, ${taken.ack} ACKs`);
	}
});

test('data at RCV.NXT that does not fit the window, and an old timestamp, are left to the general path', () => {
	// The client never reads (its 2 KiB window closes); made-up data lands at its RCV.NXT.
	for (const timestamp of ['none', 'old', 'new'] as const) {
		assertSame({profile: 'linux', mss: 536, clientBuffer: 2048, serverBuffer: 65536, link: {c2s: {delay: 3}, s2c: {delay: 3}},
			upload: 5_000, download: 10_000, readEvery: 100_000, readSize: 100, keepalive: true,
			injections: [50, 300, 301].map(at => ({at, toServer: false, seqOffset: 0, ack: 'una' as const, flags: 3, length: 100, window: 65535, timestamp}))});
	}
});
