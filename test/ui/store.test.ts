import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createWorld} from '../../source/sim/world.js';
import {UiStore, relativeTo} from '../../source/ui/store.js';
import {formatCall, segmentLabel} from '../../source/ui/format.js';
import {segmentMarks} from '../../source/ui/marks.js';
import {connectedWorld} from './helpers.js';

test('the ladder holds the handshake with relative numbers from each side\'s ISN', () => {
	const {store} = connectedWorld();
	const [syn, synAck, ack] = store.ladder;
	assert.equal(syn!.flags, 'SYN');
	assert.equal(syn!.dir, 'c2s');
	assert.equal(synAck!.flags, 'SYN,ACK');
	assert.equal(ack!.flags, 'ACK');
	assert.equal(segmentLabel(syn!, true), 'SYN seq=0 win=65535');
	assert.equal(segmentLabel(synAck!, true), 'SYN,ACK seq=0 ack=1 win=65535');
	// The pure ACK keeps the same window, so it is not repeated (win only when it changes).
	assert.equal(segmentLabel(ack!, true), 'ACK seq=1 ack=1');
	assert.equal(segmentLabel(syn!, false), `SYN seq=${syn!.seq} win=65535`);
	for (const entry of store.ladder) assert.equal(entry.fate, 'delivered');
});

test('call log entries read like the notes', () => {
	const {world, store, serverFd, clientFd} = connectedWorld();
	world.client.write(clientFd, 'hello');
	world.server.read(serverFd, 4096);
	world.runFor(1000);
	world.client.close(clientFd);
	world.runFor(1000);
	world.server.read(serverFd, 4096);
	world.runFor(100);
	const server = store.callLog('server').map((c) => formatCall(c, 'en'));
	assert.deepEqual(server, ['socket() → 3', 'bind(80) → 0', 'listen(8) → 0', 'accept() → 4', 'read() → "hello" (5 bytes)', 'read() → 0 (EOF: peer sent FIN)']);
	assert.equal(formatCall(store.callLog('server')[5]!, 'ko'), 'read() → 0 (EOF: 상대가 FIN을 보냄)');
	const client = store.callLog('client').map((c) => formatCall(c, 'en'));
	assert.deepEqual(client, ['socket() → 3', 'connect(10.0.0.2:80) → 0', 'write("hello") → 5', 'close() → 0']);
	// Too narrow for the arguments: they go, the result stays.
	assert.equal(formatCall(store.callLog('client')[1]!, 'en', 16), 'connect() → 0');
	assert.equal(store.lastTransition('server')?.to, 'CLOSE_WAIT');
});

test('a lost segment is marked "lost ✗", a corrupted one "checksum ✗"', () => {
	const world = createWorld({seed: 3, link: {c2s: {loss: 100}}});
	const store = new UiStore();
	world.on((e) => store.apply(e));
	const fd = world.client.socket().result!;
	world.client.connect(fd, world.server.addr, 80);
	world.runFor(500);
	assert.equal(store.ladder[0]!.fate, 'lost');
	assert.deepEqual(segmentMarks(store.ladder[0]!, 'en'), ['lost ✗']);

	const world2 = createWorld({seed: 3, link: {c2s: {corrupt: 100}}});
	const store2 = new UiStore();
	world2.on((e) => store2.apply(e));
	const fd2 = world2.client.socket().result!;
	world2.client.connect(fd2, world2.server.addr, 80);
	world2.runFor(500);
	const first = store2.ladder[0]!;
	assert.ok(first.corrupted || first.fate === 'dropped', `fate ${first.fate}`);
	assert.deepEqual(segmentMarks(first, 'en'), ['checksum ✗']);
});

test('a connect to a closed port shows the RST and ECONNREFUSED', () => {
	const world = createWorld({seed: 5});
	const store = new UiStore();
	world.on((e) => store.apply(e));
	const fd = world.client.socket().result!;
	world.client.connect(fd, world.server.addr, 81);
	world.runFor(1000);
	assert.ok(store.ladder.some((e) => e.dir === 's2c' && e.flags.includes('RST')));
	assert.equal(formatCall(store.callLog('client')[1]!, 'en'), 'connect(10.0.0.2:81) → ECONNREFUSED');
});

test('relative numbers wrap modulo 2^32', () => {
	assert.equal(relativeTo(5, 0xffff_fffe), 7);
	assert.equal(relativeTo(5, null), 5);
});
