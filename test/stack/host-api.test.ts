// The socket API: POSIX errors, blocking calls, fds, ports, TIME_WAIT and reuse (S19), kill (S16).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {brief, CLIENT, established, fromServer, ISS, listening, makeRig, PEER_ISS, seg, SERVER, synSent} from './helpers.js';

test('socket() hands out the lowest free fd from 3; calls on unknown fds fail EBADF', () => {
	const r = makeRig();
	assert.equal(r.host.socket().result, 3);
	assert.equal(r.host.socket().result, 4);
	r.host.close(3);
	assert.equal(r.host.socket().result, 3);
	for (const c of [r.host.read(9, 1), r.host.write(9, 'x'), r.host.close(9), r.host.listen(9, 1), r.host.accept(9)]) {
		assert.equal(c.status, 'failed');
		assert.equal(c.errno, 'EBADF');
	}
});

test('every call emits one event per status it takes', () => {
	const r = listening();
	r.events.length = 0;
	const accept = r.host.accept(3);
	r.send(seg({flags: 'SYN', seq: PEER_ISS}));
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	const statuses = r.events.flatMap((e) => e.kind === 'call' && e.call === accept ? [e.status] : []);
	assert.deepEqual(statuses, ['blocked', 'returned']);
	assert.equal(accept.settledAt, 0);
});

test('bind: EINVAL when already bound, EADDRINUSE for a taken port, port 0 is ephemeral', () => {
	const r = makeRig();
	r.host.socket();
	r.host.socket();
	assert.equal(r.host.bind(3, 80).status, 'returned');
	assert.equal(r.host.bind(3, 81).errno, 'EINVAL');
	assert.equal(r.host.bind(4, 80).errno, 'EADDRINUSE');
	assert.equal(r.host.bind(4, 0).status, 'returned');
	const port = r.host.snapshot().sockets[1]!.local!.port;
	assert.ok(port >= 49152 && port <= 65535);
	r.host.socket();
	assert.equal(r.host.bind(5, 70000).errno, 'EINVAL');
	assert.equal(r.host.bind(5, 80, '10.9.9.9').errno, 'EADDRNOTAVAIL');
});

test('calls that make no sense in the state return POSIX errors', () => {
	const r = makeRig({addr: CLIENT});
	r.host.socket();
	assert.equal(r.host.read(3, 10).errno, 'ENOTCONN');
	assert.equal(r.host.write(3, 'x').errno, 'ENOTCONN');
	assert.equal(r.host.shutdown(3, 'wr').errno, 'ENOTCONN');
	assert.equal(r.host.accept(3).errno, 'EINVAL');
	assert.equal(r.host.connect(3, 'not-an-ip', 80).errno, 'EINVAL');
	assert.equal(r.host.connect(3, CLIENT, 80).errno, 'ENETUNREACH');
	assert.equal(r.host.connect(3, SERVER, 80).status, 'blocked');
	assert.equal(r.host.connect(3, SERVER, 80).errno, 'EALREADY');
	assert.equal(r.host.listen(3, 5).errno, 'EINVAL');
	r.send(fromServer({flags: 'SYN,ACK', seq: PEER_ISS, ack: ISS + 1}));
	assert.equal(r.host.connect(3, SERVER, 80).errno, 'EISCONN');
	assert.equal(r.host.setsockopt(3, 'sndbuf', -5).errno, 'EINVAL');
	assert.equal(r.host.read(3, -1).errno, 'EINVAL');
});

test('write() blocks while the send buffer is full and completes as ACKs free space', () => {
	const r = established({config: {sndbuf: 3000, mss: 1000}});
	const w = r.host.write(4, new Uint8Array(5000).fill(1));
	assert.equal(w.status, 'blocked');
	assert.equal(r.take().length, 3);
	assert.equal(r.host.snapshot().sockets.find((s) => s.fd === 4)!.connection!.sendBuffer.used, 3000);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1 + 2000}));
	assert.equal(w.status, 'returned');
	assert.equal(w.result, 5000);
	const second = r.host.write(4, 'queued');
	assert.equal(second.status, 'blocked', 'the buffer is full again');
});

test('read() blocks on an empty buffer and returns when data arrives (S13)', () => {
	const r = established();
	const read = r.host.read(4, 3);
	assert.equal(read.status, 'blocked');
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'hello'}));
	assert.equal(read.status, 'returned');
	assert.equal(new TextDecoder().decode(read.data), 'hel', 'at most max bytes');
	assert.equal(new TextDecoder().decode(r.host.read(4, 100).data), 'lo');
});

test('close() frees the fd at once; the connection lives on orphaned (FIN_WAIT_1) in snapshots', () => {
	const r = established();
	r.host.close(4);
	assert.equal(r.host.read(4, 1).errno, 'EBADF');
	const orphan = r.host.snapshot().sockets.find((s) => s.orphaned)!;
	assert.equal(orphan.state, 'FIN_WAIT_1');
	assert.equal(orphan.connection!.shutWr, true);
	const event = r.events.filter((e) => e.kind === 'state').at(-1)!;
	assert.equal(event.kind === 'state' && event.fd, null, 'an orphan has no fd');
	assert.equal(event.kind === 'state' && event.conn, '10.0.0.2:80-10.0.0.1:5000');
});

test('S19: TIME_WAIT holds the port: bind EADDRINUSE unless reuseaddr; skipTimeWait frees it at once', () => {
	const closeActively = (r: ReturnType<typeof established>) => {
		r.host.close(4);
		r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
		r.host.close(3);
	};
	const r = established();
	closeActively(r);
	assert.equal(r.host.snapshot().sockets.find((s) => s.orphaned)!.state, 'TIME_WAIT');
	r.host.socket();
	assert.equal(r.host.bind(3, 80).errno, 'EADDRINUSE');
	r.host.setsockopt(3, 'reuseaddr', true);
	assert.equal(r.host.bind(3, 80).status, 'returned');

	const skip = established({config: {skipTimeWait: true}});
	closeActively(skip);
	assert.equal(skip.host.snapshot().sockets.length, 0, 'TIME_WAIT skipped: nothing left');
	assert.deepEqual(skip.states().slice(-3).map((s) => s.to), ['TIME_WAIT', 'CLOSED', 'CLOSED']);
	skip.host.socket();
	assert.equal(skip.host.bind(3, 80).status, 'returned');
});

test('S19: with reuseaddr a new SYN beyond RCV.NXT takes over a TIME_WAIT 4-tuple; an old one cannot', () => {
	const r = established({config: {msl: 60_000}, isn: [ISS, 90_000]});
	r.host.setsockopt(3, 'reuseaddr', true);
	r.host.close(4);
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	r.take();
	// An old duplicate SYN (seq below RCV.NXT) is not a new incarnation: challenge ACK.
	r.send(seg({flags: 'SYN', seq: PEER_ISS - 5}));
	assert.equal(r.host.snapshot().sockets.find((s) => s.orphaned)?.state, 'TIME_WAIT');
	r.take();
	r.send(seg({flags: 'SYN', seq: PEER_ISS + 50_000}));
	assert.deepEqual(r.take().map(brief), [`SYN,ACK seq=90000 ack=${PEER_ISS + 50_001} len=0`]);
	assert.ok(r.states().some((s) => s.from === 'TIME_WAIT' && s.to === 'CLOSED' && s.why.code === 'time-wait-reused-by-syn'));
});

test('S19 on the client: connect from a port whose 4-tuple is in TIME_WAIT needs reuseaddr', () => {
	const r = synSent({isn: [ISS, 777]});
	r.send(fromServer({flags: 'SYN,ACK', seq: PEER_ISS, ack: ISS + 1}));
	r.host.close(3);
	r.send(fromServer({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	r.take();
	r.host.socket();
	r.host.setsockopt(3, 'reuseaddr', true);
	assert.equal(r.host.bind(3, 49152).status, 'returned');
	const again = r.host.connect(3, SERVER, 80);
	assert.equal(again.status, 'blocked');
	assert.deepEqual(r.take().map(brief), ['SYN seq=777 ack=0 len=0']);
});

test('kill() closes every fd as close() would (S16)', () => {
	const r = established();
	r.host.socket();
	r.host.kill();
	const snap = r.host.snapshot();
	assert.equal(snap.sockets.filter((s) => !s.orphaned).length, 0);
	assert.equal(snap.sockets.find((s) => s.orphaned)!.state, 'FIN_WAIT_1');
	assert.ok(r.take().some((s) => s.flags.fin));
});

test('receive() reports why a packet was dropped and counts it', () => {
	const r = makeRig();
	assert.equal(r.host.receive(new Uint8Array([1, 2, 3])), 'truncated-ip-header');
	assert.equal(r.send(seg({flags: 'SYN', seq: 1, dst: '10.0.0.99'})), 'wrong-address');
	const counters = r.host.snapshot().counters;
	assert.equal(counters['rx-dropped'], 2);
	assert.equal(counters['rx-dropped:truncated-ip-header'], 1);
});

test('snapshot: listener queue sizes and blocked calls', () => {
	const r = listening({backlog: 4});
	r.host.accept(3);
	const s = r.host.snapshot().sockets[0]!;
	assert.equal(s.role, 'listener');
	assert.equal(s.state, 'LISTEN');
	assert.deepEqual(s.listener, {backlog: 4, synQueue: 0, synQueueMax: 4, acceptQueue: 0, synCookies: false});
	assert.equal(s.blocked.length, 1);
	assert.equal(s.blocked[0]!.call, 'accept');
});

test('write() during SYN_SENT waits for the handshake, then the data leaves with the ACK', () => {
	const r = synSent();
	const w = r.host.write(3, 'early');
	assert.equal(w.status, 'blocked');
	assert.equal(r.take().length, 0);
	r.send(fromServer({flags: 'SYN,ACK', seq: PEER_ISS, ack: ISS + 1}));
	assert.equal(w.status, 'returned');
	assert.equal(w.result, 5);
	const out = r.take().map(brief);
	assert.ok(out.includes(`PSH,ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=5`), out.join(' | '));
});

test('shutdown(rd): buffered data is discarded, read() returns 0, the peer is still ACKed', () => {
	const r = established();
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'dropped'}));
	r.take();
	r.host.shutdown(4, 'rd');
	assert.equal(r.host.read(4, 10).result, 0);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 8, ack: ISS + 1, data: 'later'}));
	assert.equal(r.take()[0]!.ack, PEER_ISS + 13);
	assert.equal(r.host.read(4, 10).result, 0);
});

test('a failed connect leaves a socket that can connect again or listen', () => {
	const r = synSent({config: {synRetries: 0}});
	r.run(10_000);
	const connect = r.events.flatMap((e) => e.kind === 'call' && e.call.call === 'connect' ? [e.call] : [])[0]!;
	assert.equal(connect.errno, 'ETIMEDOUT');
	assert.equal(r.host.listen(3, 2).status, 'returned');
	assert.equal(r.host.snapshot().sockets[0]!.state, 'LISTEN');
});

test('setsockopt rcvbuf on a live connection changes the advertised window', () => {
	const r = established();
	r.host.setsockopt(4, 'rcvbuf', 10_000);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'x'}));
	const [ack] = r.take();
	assert.ok(ack!.window <= 10_000, `window ${ack!.window}`);
	assert.equal(r.host.snapshot().sockets.find((s) => s.fd === 4)!.connection!.recvBuffer.size, 10_000);
});

test('a RST fails every blocked call with ECONNRESET; later calls see EOF and EPIPE', () => {
	const r = established({config: {sndbuf: 1000}});
	const w = r.host.write(4, new Uint8Array(5000));
	const read = r.host.read(4, 10);
	assert.equal(w.status, 'blocked');
	assert.equal(read.status, 'blocked');
	r.send(seg({flags: 'RST', seq: PEER_ISS + 1}));
	assert.equal(w.status, 'returned', 'the write had copied 1000 bytes: it returns that count');
	assert.equal(w.result, 1000);
	assert.equal(read.errno, 'ECONNRESET');
	assert.equal(r.host.read(4, 10).result, 0);
	assert.equal(r.host.write(4, 'x').errno, 'EPIPE');
});
