// Listen backlog: the SYN (half-open) queue, the accept queue, SYN cookies (S22).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {checkCookie, cookieMssIndex, makeCookie} from '../../source/stack/listener.js';
import {brief, ISS, listening, PEER_ISS, seg} from './helpers.js';

const spoofed = (i: number) => seg({flags: 'SYN', seq: 100 + i, src: `10.0.9.${i + 1}`, srcPort: 40000 + i, options: {mss: 1460}});

test('SYN queue full: new SYNs are dropped with an rx-drop event, a real client gets no answer (S22)', () => {
	const r = listening({backlog: 3, config: {synBacklog: 16}, isn: [1, 2, 3, 4]});
	for (let i = 0; i < 3; i++) assert.equal(r.send(spoofed(i)), null);
	assert.equal(r.take().length, 3, 'three SYN+ACKs to the spoofed sources');
	const l = r.host.snapshot().sockets[0]!.listener!;
	assert.equal(l.synQueue, 3);
	assert.equal(l.synQueueMax, 3);
	assert.equal(r.send(seg({flags: 'SYN', seq: PEER_ISS})), 'syn-queue-full');
	assert.equal(r.take().length, 0);
	assert.ok(r.events.some((e) => e.kind === 'rx-drop' && e.reason === 'syn-queue-full'));
	assert.equal(r.host.snapshot().counters['syn-queue-full'], 1);
});

test('the SYN queue limit is min(backlog, synBacklog)', () => {
	const r = listening({backlog: 100, config: {synBacklog: 2}});
	assert.equal(r.host.snapshot().sockets[0]!.listener!.synQueueMax, 2);
});

test('SYN cookies: with the queue full the SYN+ACK carries a cookie and the ACK creates the connection', () => {
	const r = listening({backlog: 2, config: {synCookies: true}, isn: [1, 2, 0xdead_beef]});
	r.host.accept(3);
	r.send(spoofed(0));
	r.send(spoofed(1));
	r.take();
	assert.equal(r.send(seg({flags: 'SYN', seq: PEER_ISS, options: {mss: 1460, wscale: 7}})), null);
	const [synAck] = r.take();
	assert.equal(brief(synAck!).split(' ')[0], 'SYN,ACK');
	assert.equal(synAck!.ack, PEER_ISS + 1);
	assert.equal(synAck!.options.wscale, undefined, 'no state kept, so no window scaling');
	assert.equal(synAck!.options.mss, 1460);
	assert.equal(r.host.snapshot().sockets[0]!.listener!.synQueue, 2, 'no half-open entry was made');
	// A forged ACK (wrong cookie) gets a RST like any ACK to a listener.
	assert.equal(r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: synAck!.seq + 2})), 'ack-to-listener');
	assert.equal(brief(r.take()[0]!).split(' ')[0], 'RST');
	// The real client's ACK carries cookie+1.
	assert.equal(r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: synAck!.seq + 1, data: 'hi'})), null);
	const sock = r.host.snapshot().sockets.find((s) => s.fd === 4)!;
	assert.equal(sock.state, 'ESTABLISHED');
	assert.equal(sock.connection!.iss, synAck!.seq);
	assert.equal(sock.connection!.irs, PEER_ISS);
	assert.deepEqual(r.take().map(brief), [`ACK seq=${synAck!.seq + 1} ack=${PEER_ISS + 3} len=0`], 'data on the cookie ACK is kept');
	assert.equal(r.host.snapshot().counters['syn-cookies-accepted'], 1);
	const path = r.states().slice(-2).map((s) => `${s.from}>${s.to}`);
	assert.deepEqual(path, ['LISTEN>SYN_RCVD', 'SYN_RCVD>ESTABLISHED']);
});

test('cookies: encode an MSS index, expire after two ticks, bind to the 4-tuple and client ISN', () => {
	const tuple = {localAddr: '10.0.0.2', localPort: 80, remoteAddr: '10.0.0.1', remotePort: 5000};
	const secret = 0x1234_5678;
	const idx = cookieMssIndex(1460);
	const c = makeCookie(secret, tuple, 42, idx, 1000);
	assert.equal(checkCookie(secret, tuple, 42, c, 1000), 1460);
	assert.equal(checkCookie(secret, tuple, 42, c, 61_000), 1460, 'still valid in the next tick');
	assert.equal(checkCookie(secret, tuple, 42, c, 121_000), null, 'too old');
	assert.equal(checkCookie(secret, tuple, 43, c, 1000), null, 'another client ISN');
	assert.equal(checkCookie(secret, {...tuple, remotePort: 5001}, 42, c, 1000), null, 'another 4-tuple');
	assert.equal(checkCookie(secret + 1, tuple, 42, c, 1000), null, 'another secret');
	assert.equal(cookieMssIndex(536), 1);
	assert.equal(cookieMssIndex(100), 0);
});

test('accept queue full: the handshake-completing ACK is ignored (Linux); the SYN+ACK is offered again', () => {
	const r = listening({backlog: 1, isn: [ISS, ISS + 100]});
	r.send(seg({flags: 'SYN', seq: PEER_ISS}));
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	assert.equal(r.host.snapshot().sockets[0]!.listener!.acceptQueue, 1);
	r.take();
	r.send(seg({flags: 'SYN', seq: 7000, srcPort: 5001}));
	r.take();
	assert.equal(r.send(seg({flags: 'ACK', seq: 7001, ack: ISS + 101, srcPort: 5001})), 'accept-queue-full');
	assert.equal(r.host.snapshot().sockets[0]!.listener!.synQueue, 1);
	r.host.accept(3);
	assert.equal(r.host.snapshot().sockets[0]!.listener!.acceptQueue, 0);
	// Room now: the client's next ACK (answering the retransmitted SYN+ACK) completes it.
	r.run(1000);
	const again = r.take();
	assert.ok(again.some((s) => s.flags.syn && s.flags.ack && s.dstPort === 5001));
	r.send(seg({flags: 'ACK', seq: 7001, ack: ISS + 101, srcPort: 5001}));
	assert.equal(r.host.snapshot().sockets[0]!.listener!.acceptQueue, 1);
});

test('closing a listener resets the connections nobody accepted', () => {
	const r = listening();
	r.send(seg({flags: 'SYN', seq: PEER_ISS}));
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	r.take();
	r.host.close(3);
	assert.deepEqual(r.take().map(brief), [`RST,ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=0`]);
	assert.equal(r.host.snapshot().sockets.length, 0);
	assert.equal(r.send(seg({flags: 'SYN', seq: 9})), 'no-listener');
});

test('snapshot.unaccepted shows half-open and queued connections no fd refers to yet', () => {
	const r = listening();
	r.send(seg({flags: 'SYN', seq: PEER_ISS}));
	assert.deepEqual(r.host.snapshot().unaccepted!.map((c) => c.state), ['SYN_RCVD']);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	assert.deepEqual(r.host.snapshot().unaccepted!.map((c) => c.state), ['ESTABLISHED']);
	r.host.accept(3);
	assert.deepEqual(r.host.snapshot().unaccepted, []);
	assert.equal(r.host.snapshot().sockets.find((s) => s.fd === 4)!.state, 'ESTABLISHED');
});
