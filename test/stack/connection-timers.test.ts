// Timers on the virtual clock: RFC 6298 retransmission with backoff and Karn's rule, SYN and
// SYN+ACK retries, persist probes, delayed ACK, keepalive.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {brief, established, fromServer, ISS, listening, makeRig, PEER_ISS, seg, synSent} from './helpers.js';

function conn(r: ReturnType<typeof makeRig>, fd = 4) {
	return r.host.snapshot().sockets.find((s) => s.fd === fd)!.connection!;
}

test('RTO: exponential backoff, then ETIMEDOUT after maxRetries with no RST', () => {
	const r = established({config: {maxRetries: 3, minRto: 200}});
	const read = r.host.read(4, 10);
	r.host.write(4, 'lost');
	r.take();
	const times: number[] = [];
	for (let i = 0; i < 20_000; i += 10) {
		r.run(10);
		for (const s of r.take()) {
			assert.equal(brief(s), `PSH,ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=4`);
			times.push(r.sched.now());
		}
	}
	// RTO 200 (handshake RTT 0 → minimum), then 400, 800: three retransmissions.
	assert.deepEqual(times, [200, 600, 1400]);
	assert.equal(r.state(4), 'CLOSED');
	assert.equal(read.status, 'failed');
	assert.equal(read.errno, 'ETIMEDOUT');
	assert.deepEqual(r.states().at(-1)!.why, {code: 'retries-exhausted', retries: 3});
	const timerEvents = r.events.filter((e) => e.kind === 'timer' && e.timer === 'retransmit' && e.action === 'fired');
	assert.equal(timerEvents.length, 4);
});

test('RFC 6298: SRTT/RTTVAR from samples; Karn: no sample from a retransmitted segment', () => {
	const r = established({config: {minRto: 200}});
	r.run(100);
	r.host.write(4, 'a');
	r.take();
	r.run(100);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	let c = conn(r);
	// First handshake sample 0 (SRTT 0, RTTVAR 0), then R = 100: RTTVAR = 3/4·0 + 1/4·100 = 25, SRTT = 12.5.
	assert.equal(c.rttvar, 25);
	assert.equal(c.srtt, 12.5);
	assert.equal(c.rto, 200, 'SRTT + 4·RTTVAR = 112.5, clamped to minRto');
	// Now a segment that is retransmitted before its ACK arrives.
	r.host.write(4, 'b');
	r.take();
	r.run(200);
	assert.equal(r.take().length, 1, 'retransmitted at the RTO');
	r.run(50);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 3}));
	c = conn(r);
	assert.equal(c.srtt, 12.5, 'the ACK of a retransmitted segment gives no sample (Karn)');
	assert.equal(c.rto, 400, 'the backed-off RTO stays until a new valid sample');
	assert.equal(c.retransmissions, 1);
	r.host.write(4, 'c');
	r.take();
	r.run(40);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 4}));
	c = conn(r);
	assert.notEqual(c.srtt, 12.5, 'a fresh segment is timed again');
	assert.equal(c.rto, 200);
});

test('SYN retries: the SYN is resent with backoff, then connect() fails ETIMEDOUT', () => {
	const r = synSent({config: {synRetries: 2, initialRto: 1000}});
	const times: number[] = [];
	for (let t = 0; t < 10_000; t += 50) {
		r.run(50);
		for (const s of r.take()) {
			assert.equal(brief(s), `SYN seq=${ISS} ack=0 len=0`);
			times.push(r.sched.now());
		}
	}
	assert.deepEqual(times, [1000, 3000]);
	const connect = r.events.flatMap((e) => e.kind === 'call' && e.call.call === 'connect' ? [e.call] : [])[0]!;
	assert.equal(connect.status, 'failed');
	assert.equal(connect.errno, 'ETIMEDOUT');
	assert.equal(connect.settledAt, 7000);
	assert.equal(r.state(3), 'CLOSED');
});

test('SYN+ACK retries free the half-open entry after synAckRetries', () => {
	const r = listening({config: {synAckRetries: 1, initialRto: 1000}});
	r.send(seg({flags: 'SYN', seq: PEER_ISS}));
	r.take();
	r.run(1000);
	assert.deepEqual(r.take().map(brief), [`SYN,ACK seq=${ISS} ack=${PEER_ISS + 1} len=0`]);
	assert.equal(r.host.snapshot().sockets[0]!.listener!.synQueue, 1);
	const synAckTimer = r.events.filter((e) => e.kind === 'timer' && e.timer === 'syn-ack');
	assert.ok(synAckTimer.length >= 2);
	r.run(2000);
	assert.equal(r.host.snapshot().sockets[0]!.listener!.synQueue, 0);
	assert.equal(r.take().length, 0, 'dropped silently');
});

test('zero window: persist timer probes with one byte and backs off; a window update restarts data', () => {
	const r = established({config: {minRto: 200}});
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, window: 0}));
	const w = r.host.write(4, 'abcdef');
	assert.equal(w.status, 'returned', 'the data fits in the send buffer');
	assert.equal(r.take().length, 0, 'nothing may be sent into a zero window');
	assert.ok(conn(r).timers.some((t) => t.name === 'persist'));
	r.run(200);
	const probe = r.take();
	assert.deepEqual(probe.map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=1`]);
	// The peer still has no room: it drops the byte and re-advertises 0.
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, window: 0}));
	r.run(399);
	assert.equal(r.take().length, 0, 'the next probe waits twice as long');
	r.run(1);
	assert.equal(r.take().length, 1);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, window: 1000}));
	assert.deepEqual(r.take().map(brief), [`PSH,ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=6`]);
	assert.ok(!conn(r).timers.some((t) => t.name === 'persist'));
});

test('receiver: the window shrinks as unread data piles up, reaches 0, and read() sends a window update', () => {
	const r = established({config: {rcvbuf: 4000, mss: 1000}});
	const chunk = 'x'.repeat(1000);
	const windows: number[] = [];
	for (let i = 0; i < 4; i++) {
		r.send(seg({flags: 'ACK', seq: PEER_ISS + 1 + i * 1000, ack: ISS + 1, data: chunk}));
		windows.push(r.take()[0]!.window);
	}
	assert.deepEqual(windows, [3000, 2000, 1000, 0]);
	assert.equal(r.send(seg({flags: 'ACK', seq: PEER_ISS + 4001, ack: ISS + 1, data: 'y'})), 'out-of-window', 'a probe into a zero window is refused…');
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 4001} len=0`], '…and answered');
	r.host.read(4, 100);
	assert.equal(r.take().length, 0, 'reading 100 bytes is not worth a window update (SWS avoidance)');
	r.host.read(4, 2000);
	const [update] = r.take();
	assert.equal(brief(update!), `ACK seq=${ISS + 1} ack=${PEER_ISS + 4001} len=0`);
	assert.equal(update!.window, 2100);
});

test('delayed ACK: one segment waits delayedAckTimeout; the second full segment is ACKed at once', () => {
	const r = established({config: {delayedAck: true, delayedAckTimeout: 40, mss: 100}});
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'x'.repeat(100)}));
	assert.equal(r.take().length, 0);
	r.run(39);
	assert.equal(r.take().length, 0);
	r.run(1);
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 101} len=0`]);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 101, ack: ISS + 1, data: 'x'.repeat(100)}));
	assert.equal(r.take().length, 0);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 201, ack: ISS + 1, data: 'x'.repeat(100)}));
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 301} len=0`]);
	// Data written before the timer fires carries the ACK instead (S8).
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 301, ack: ISS + 1, data: 'q'}));
	r.run(10);
	r.host.write(4, 'answer');
	assert.deepEqual(r.take().map(brief), [`PSH,ACK seq=${ISS + 1} ack=${PEER_ISS + 302} len=6`]);
	r.run(100);
	assert.equal(r.take().length, 0, 'no separate ACK after the piggybacked one');
});

test('keepalive: probes after the idle time, ETIMEDOUT when unanswered', () => {
	const r = established({config: {keepalive: true, keepaliveIdle: 10_000, keepaliveInterval: 1000, keepaliveProbes: 2}});
	r.run(9999);
	assert.equal(r.take().length, 0);
	r.run(1);
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS} ack=${PEER_ISS + 1} len=0`], 'probe with SND.UNA-1');
	// An answer resets the idle clock.
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	r.run(10_000);
	assert.equal(r.take().length, 1);
	r.run(1000);
	assert.equal(r.take().length, 1);
	r.run(1000);
	assert.equal(r.state(4), 'CLOSED');
	const read = r.host.read(4, 1);
	assert.equal(read.errno, 'ETIMEDOUT');
});

test('retransmission timer events: set when data leaves, cancelled when all is acknowledged', () => {
	const r = established();
	r.events.length = 0;
	r.host.write(4, 'data');
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 5}));
	const t = r.events.filter((e) => e.kind === 'timer').map((e) => e.kind === 'timer' ? `${e.timer}:${e.action}` : '');
	assert.deepEqual(t, ['retransmit:set', 'retransmit:cancelled']);
});

test('after a refused connect the error is reported once; write() then fails EPIPE', () => {
	const r = synSent();
	r.send(fromServer({flags: 'RST,ACK', seq: 0, ack: ISS + 1}));
	const w = r.host.write(3, 'x');
	assert.equal(w.errno, 'EPIPE');
});
