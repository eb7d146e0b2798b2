// The stack says why it sent a segment (RTX#n and its cause, window update, zero window,
// challenge ACK…), and the world carries it on the segment's `sent` event.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createWorld} from '../../source/sim/world.js';
import type {SegmentEvent} from '../../source/sim/events.js';
import type {WorldApi, WorldOptions} from '../../source/sim/world-api.js';
import {encodeSegment} from '../../source/stack/segment.js';
import {establish} from '../ui/helpers.js';
import {senderMarks} from '../../source/i18n/marks.js';

function sentSegments(world: WorldApi): SegmentEvent[] {
	return world.history().filter((e): e is SegmentEvent => e.kind === 'segment' && e.fate === 'sent');
}

/** Run `send` with the direction losing everything, so what it sends is lost. */
function lose(world: WorldApi, dir: 'c2s' | 's2c', send: () => void): void {
	world.setLink(dir, {loss: 100});
	send();
	world.setLink(dir, {loss: 0});
}

function world(options: Partial<WorldOptions> = {}): WorldApi {
	return createWorld({seed: 3, historyLimit: 100_000, ...options});
}

/** A server listening (and accepting) on port 80; the client's new socket, not yet connected. */
function listeningServer(w: WorldApi): number {
	const listener = w.server.socket().result!;
	w.server.bind(listener, 80);
	w.server.listen(listener, 8);
	w.server.accept(listener);
	return w.client.socket().result!;
}

test('a lost FIN comes back marked RTX#1 rto, then RTX#2 rto', () => {
	const w = world();
	const {serverFd, clientFd} = establish(w);
	const fds = {server: serverFd, client: clientFd};
	w.setLink('c2s', {loss: 100});
	w.client.close(fds.client);
	// Lose the first retransmission too.
	w.runFor(1500);
	w.setLink('c2s', {loss: 0});
	w.runFor(5000);
	const fins = sentSegments(w).filter((e) => e.dir === 'c2s' && e.segment.flags.fin);
	assert.ok(fins.length >= 3, `FINs: ${fins.length}`);
	assert.equal(fins[0]!.rtx, undefined);
	assert.deepEqual(fins[1]!.rtx, {count: 1, cause: 'rto'});
	assert.deepEqual(fins[2]!.rtx, {count: 2, cause: 'rto'});
	// Nothing else is marked as a retransmission.
	assert.equal(sentSegments(w).filter((e) => e.rtx && !e.segment.flags.fin).length, 0);
});

test('a lost SYN and a lost SYN+ACK are retransmissions of cause syn and synack', () => {
	const w = world();
	const client = listeningServer(w);
	lose(w, 'c2s', () => w.client.connect(client, w.server.addr, 80));
	// The SYN's retransmission reaches the server; its SYN+ACK is lost.
	w.setLink('s2c', {loss: 100});
	w.runFor(1500);
	w.setLink('s2c', {loss: 0});
	w.runFor(10_000);
	const sent = sentSegments(w);
	const syns = sent.filter((e) => e.flags === 'SYN');
	const synAcks = sent.filter((e) => e.flags === 'SYN,ACK');
	assert.deepEqual(syns.map((e) => e.rtx), [undefined, {count: 1, cause: 'syn'}]);
	assert.equal(synAcks[0]!.rtx, undefined);
	assert.deepEqual(synAcks[1]!.rtx, {count: 1, cause: 'synack'});
	assert.equal(w.client.snapshot().sockets.find((s) => s.fd === client)?.state, 'ESTABLISHED');
});

test('a SYN that comes again while half-open gets a SYN+ACK marked dupsyn, not a timer\'s', () => {
	const w = world();
	const client = listeningServer(w);
	// Every SYN+ACK is lost for 1.5 s. At 1 s the server's timer resends one, and the client's resent
	// SYN arrives at the same instant, just after it, and is answered at once; both are lost. At 3 s
	// (both timers backed off to 2 s) the same pair goes out again and gets through.
	w.setLink('s2c', {loss: 100});
	w.client.connect(client, w.server.addr, 80);
	w.runFor(1500);
	w.setLink('s2c', {loss: 0});
	w.runFor(10_000);
	const synAcks = sentSegments(w).filter((e) => e.flags === 'SYN,ACK');
	assert.deepEqual(synAcks.map((e) => e.rtx), [undefined, {count: 1, cause: 'synack'}, {count: 2, cause: 'dupsyn'}, {count: 3, cause: 'synack'}, {count: 4, cause: 'dupsyn'}]);
	assert.equal(w.client.snapshot().sockets.find((s) => s.fd === client)?.state, 'ESTABLISHED');
	// The ladder and transcript name the cause.
	assert.equal(senderMarks(synAcks[2]!, 'en').join(' '), 'RTX#2 dup SYN');
	assert.equal(senderMarks(synAcks[2]!, 'ko').join(' '), 'RTX#2 중복 SYN');
	assert.equal(senderMarks(synAcks[1]!, 'en').join(' '), 'RTX#1 RTO');
});

test('three duplicate ACKs: the retransmission is marked fast', () => {
	const w = world({stack: {nagle: false}});
	const {serverFd, clientFd} = establish(w);
	const fds = {server: serverFd, client: clientFd};
	w.client.write(fds.client, 'a'.repeat(1000));
	lose(w, 'c2s', () => w.client.write(fds.client, 'b'.repeat(1000)));
	for (let i = 0; i < 4; i++) w.client.write(fds.client, 'c'.repeat(1000));
	w.runFor(2000);
	const rtx = sentSegments(w).filter((e) => e.rtx);
	assert.ok(rtx.length >= 1);
	assert.deepEqual(rtx[0]!.rtx, {count: 1, cause: 'fast'});
});

test('zero window, window probe, window update', () => {
	const w = world({serverStack: {rcvbuf: 2000}});
	const {serverFd, clientFd} = establish(w);
	const fds = {server: serverFd, client: clientFd};
	w.client.write(fds.client, 'x'.repeat(6000));
	w.runFor(10_000);
	const sent = sentSegments(w);
	assert.ok(sent.some((e) => e.dir === 's2c' && e.note === 'zero-window'), 'zero window ACK');
	const probes = sent.filter((e) => e.note === 'window-probe');
	assert.ok(probes.length >= 2, `probes: ${probes.length}`);
	assert.equal(probes[0]!.rtx, undefined);
	assert.deepEqual(probes[1]!.rtx, {count: 1, cause: 'probe'});
	w.server.read(fds.server, 4096);
	assert.ok(sentSegments(w).some((e) => e.dir === 's2c' && e.note === 'window-update'), 'window update');
});

test('a SYN on an established connection is answered by an ACK marked challenge-ack', () => {
	const w = world();
	establish(w);
	const snap = w.server.snapshot().sockets.find((s) => s.connection?.state === 'ESTABLISHED')!.connection!;
	// In the window, so it passes the acceptability test and reaches the SYN check.
	w.inject('c2s', encodeSegment({
		src: snap.remote!.addr, dst: snap.local.addr, srcPort: snap.remote!.port, dstPort: snap.local.port,
		seq: snap.rcvNxt! + 10, ack: 0, flags: {syn: true, ack: false, fin: false, rst: false, psh: false, urg: false, ece: false, cwr: false},
		window: 1000, urgent: 0, options: {}, payload: new Uint8Array(0),
	}));
	w.runFor(1000);
	assert.ok(sentSegments(w).some((e) => e.dir === 's2c' && e.note === 'challenge-ack'));
});

test('keepalive probes are marked with their count', () => {
	const w = world({stack: {keepalive: true, keepaliveIdle: 1000, keepaliveInterval: 500}});
	establish(w);
	w.setLink('s2c', {loss: 100});
	w.runFor(2500);
	const probes = sentSegments(w).filter((e) => e.dir === 'c2s' && e.rtx?.cause === 'keepalive');
	assert.ok(probes.length >= 2);
	assert.deepEqual(probes.slice(0, 2).map((e) => e.rtx!.count), [1, 2]);
});
