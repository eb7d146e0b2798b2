// Two real hosts over the simulated netem link: bulk data both ways through loss, duplication,
// reordering and corruption arrives exactly, and both ends close.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createWorld} from '../../source/sim/world.js';
import type {Call} from '../../source/stack/types.js';

function pattern(n: number, salt: number): Uint8Array {
	const out = new Uint8Array(n);
	for (let i = 0; i < n; i++) out[i] = (i * 31 + salt + (i >> 8)) & 0xff;
	return out;
}

function transfer(seed: number, link: Record<string, number>, stack: Record<string, number | boolean>, size: number) {
	const world = createWorld({seed, historyLimit: 16, stack});
	const notes = {fast: 0, rto: 0, dropped: 0};
	world.on((e) => {
		if (e.kind === 'note' && e.text.startsWith('third duplicate ACK')) notes.fast++;
		if (e.kind === 'note' && e.text.startsWith('retransmission timeout')) notes.rto++;
		if (e.kind === 'segment' && e.fate === 'dropped') notes.dropped++;
	});
	const {client, server} = world;
	server.socket();
	server.bind(3, 80);
	server.listen(3, 4);
	const accepted = server.accept(3);
	client.socket();
	const connected = client.connect(3, '10.0.0.2', 80);
	while ((accepted.status === 'blocked' || connected.status === 'blocked') && world.step()) { /* handshake */ }
	assert.equal(connected.status, 'returned', `connect: ${connected.errno}`);
	// Impairments start after the handshake (a half-open server gives up on its own, as Linux does).
	world.setLink('c2s', link);
	world.setLink('s2c', link);
	const up = pattern(size, 1);
	const down = pattern(size, 2);
	const got = {server: [] as Uint8Array[], client: [] as Uint8Array[]};
	const ends = {server: false, client: false};
	const writes: Call[] = [client.write(3, up), server.write(4, down)];
	const sides = [{host: client, fd: 3, name: 'client' as const}, {host: server, fd: 4, name: 'server' as const}];
	const reads = new Map<string, Call>(sides.map((s) => [s.name, s.host.read(s.fd, 100_000)]));
	const shut = new Set<string>();
	const deadline = world.now() + 600_000;
	while (world.now() < deadline && !(ends.client && ends.server)) {
		for (const s of sides) {
			const r = reads.get(s.name)!;
			if (r.status === 'blocked' || ends[s.name]) continue;
			assert.equal(r.status, 'returned', `${s.name} read failed: ${r.errno}`);
			if (r.result === 0) ends[s.name] = true;
			else got[s.name].push(r.data!);
			if (!ends[s.name]) reads.set(s.name, s.host.read(s.fd, 100_000));
		}
		writes.forEach((w, i) => {
			const s = sides[i]!;
			if (w.status === 'returned' && !shut.has(s.name)) {
				shut.add(s.name);
				s.host.shutdown(s.fd, 'wr');
			}
			assert.notEqual(w.status, 'failed', `${s.name} write failed: ${w.errno}`);
		});
		if (!world.step()) break;
	}
	const joined = (parts: Uint8Array[]) => Buffer.concat(parts);
	assert.ok(joined(got.server).equals(Buffer.from(up)), 'server received exactly what the client wrote');
	assert.ok(joined(got.client).equals(Buffer.from(down)), 'client received exactly what the server wrote');
	client.close(3);
	server.close(4);
	world.runFor(10 * 60_000);
	const left = [...world.snapshot().client.sockets, ...world.snapshot().server.sockets].filter((s) => s.role === 'connection');
	assert.deepEqual(left, [], 'both ends reach CLOSED');
	return notes;
}

test('300 KB each way over 10% loss, 5% duplication, 5% reordering, 2% corruption, with window scaling', () => {
	const notes = transfer(11, {delay: 20, jitter: 10, loss: 10, duplicate: 5, reorder: 5, corrupt: 2},
		{msl: 1000, rcvbuf: 200_000, sndbuf: 100_000, maxRetries: 20}, 300_000);
	assert.ok(notes.fast > 0, 'fast retransmits happened');
	assert.ok(notes.dropped > 0, 'corrupted or duplicate segments were dropped');
});

test('the same with delayed ACKs and Nagle, small buffers (zero windows happen)', () => {
	transfer(12, {delay: 5, loss: 5, reorder: 10},
		{msl: 500, rcvbuf: 3000, sndbuf: 4000, mss: 536, delayedAck: true, nagle: true, maxRetries: 20}, 100_000);
});

test('a burst of 30% loss in one direction: NewReno and RTOs recover', () => {
	const notes = transfer(13, {delay: 10, loss: 30}, {msl: 500, maxRetries: 30, rcvbuf: 65536}, 60_000);
	assert.ok(notes.rto > 0, 'retransmission timeouts happened');
});

test('with timestamps and SACK on both sides: 300 KB each way over 8% loss and reordering', () => {
	const notes = transfer(14, {delay: 15, jitter: 5, loss: 8, reorder: 10, duplicate: 3},
		{msl: 500, timestamps: true, sack: true, rcvbuf: 150_000, sndbuf: 150_000, maxRetries: 20}, 300_000);
	assert.ok(notes.fast > 0);
});

test('300 connections at once (more than the host caches), each gets exactly its own bytes, both ways', () => {
	const world = createWorld({seed: 5, historyLimit: 16, stack: {sndbuf: 16_384, rcvbuf: 16_384}, link: {c2s: {delay: 2, reorder: 5}, s2c: {delay: 2}}});
	const {client, server} = world;
	const listener = server.socket().result!;
	server.bind(listener, 80);
	server.listen(listener, 400);
	const count = 300;
	const clientFds: number[] = [];
	const connecting: Call[] = [];
	const accepting: Call[] = [];
	// A hundred at a time: the listener's SYN queue holds 128.
	for (let i = 0; i < count; i++) {
		const fd = client.socket().result!;
		connecting.push(client.connect(fd, '10.0.0.2', 80));
		accepting.push(server.accept(listener));
		clientFds.push(fd);
		if (i % 100 === 99) while ([...connecting, ...accepting].some((c) => c.status === 'blocked') && world.step()) { /* handshakes */ }
	}
	assert.ok([...connecting, ...accepting].every((c) => c.status === 'returned'), 'every handshake completed');
	const serverFds = accepting.map((c) => c.result!);
	// Each end sends 3000 bytes that name it in the first two (a pattern of its own after them).
	const size = 3000;
	const message = (id: number): Uint8Array => {
		const bytes = pattern(size, id);
		bytes[0] = id >> 8;
		bytes[1] = id & 0xff;
		return bytes;
	};
	const ends = [
		...clientFds.map((fd, i) => ({host: client, fd, id: i})),
		...serverFds.map((fd, i) => ({host: server, fd, id: 1000 + i})),
	];
	for (const end of ends) end.host.write(end.fd, message(end.id));
	const got = ends.map(() => [] as number[]);
	const reads = ends.map((end) => end.host.read(end.fd, 100_000));
	const deadline = world.now() + 120_000;
	let received = 0;
	while (received < ends.length * size && world.now() < deadline && world.step()) {
		reads.forEach((call, i) => {
			if (call.status === 'blocked') return;
			assert.equal(call.status, 'returned', `read: ${call.errno}`);
			got[i]!.push(...call.data!);
			received += call.result!;
			reads[i] = ends[i]!.host.read(ends[i]!.fd, 100_000);
		});
	}
	// Every end got one whole message from the other side, and its peer got its own.
	const peerOf = new Map<number, number>();
	ends.forEach((end, i) => {
		const bytes = got[i]!;
		const from = (bytes[0]! << 8) | bytes[1]!;
		assert.deepEqual(bytes, [...message(from)], `end ${end.id} got the whole message of ${from}`);
		assert.equal(end.id < 1000, from >= 1000, 'from the other side');
		peerOf.set(end.id, from);
	});
	for (const [id, from] of peerOf) assert.equal(peerOf.get(from), id, `${id} and ${from} are each other's peers`);
	assert.equal(world.stackErrors(), 0);
});
