// Congestion control: initial window, slow start, RTO collapse, fast retransmit and NewReno.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Cubic, CUBIC_BETA, CUBIC_C, NewReno} from '../../source/stack/congestion.js';
import {brief, established, ISS, PEER_ISS, seg} from './helpers.js';

test('RFC 5681 initial window: min(4·MSS, max(2·MSS, 4380))', () => {
	assert.equal(NewReno.initialWindow(1460), 4380);
	assert.equal(NewReno.initialWindow(1000), 4000);
	assert.equal(NewReno.initialWindow(536), 2144);
	assert.equal(NewReno.initialWindow(4000), 8000);
});

const MSS = 1000;
function bulk() {
	const r = established({config: {mss: MSS, minRto: 200}});
	r.host.write(4, new Uint8Array(20_000).fill(7));
	return r;
}
const ack = (n: number) => seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1 + n});
function snap(r: ReturnType<typeof bulk>) {
	return r.host.snapshot().sockets.find((s) => s.fd === 4)!.connection!;
}

test('slow start: IW segments leave, each ACK grows cwnd by one MSS', () => {
	const r = bulk();
	const first = r.take();
	assert.deepEqual(first.map((s) => s.seq - ISS - 1), [0, 1000, 2000, 3000], 'IW = 4000 bytes = 4 segments');
	assert.equal(snap(r).cwnd, 4000);
	r.send(ack(1000));
	assert.equal(snap(r).cwnd, 5000);
	assert.deepEqual(r.take().map((s) => s.seq - ISS - 1), [4000, 5000], 'one ACK frees one segment and grows cwnd by one');
});

test('RTO: ssthresh = max(FlightSize/2, 2·MSS), cwnd = 1 MSS, go-back-N from SND.UNA', () => {
	const r = bulk();
	r.take();
	r.run(200);
	const [retx] = r.take();
	assert.equal(brief(retx!), `ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=1000`);
	const c = snap(r);
	assert.equal(c.ssthresh, 2000);
	assert.equal(c.cwnd, 1000);
	r.send(ack(1000));
	assert.deepEqual(r.take().map((s) => s.seq - ISS - 1), [1000, 2000], 'slow start again from SND.UNA');
});

test('fast retransmit on the third duplicate ACK, NewReno partial ACK retransmits the next hole', () => {
	const r = bulk();
	r.take();
	r.send(ack(1000));
	r.take(); // in flight: 1000..6000 (segments 1000, 2000, 3000, 4000, 5000)
	// Segments 1000 and 3000 are lost; 2000, 4000, 5000 arrive and each produce a duplicate ACK of 1000.
	r.send(ack(1000));
	r.send(ack(1000));
	assert.equal(r.take().length, 0, 'two duplicate ACKs: wait');
	assert.equal(snap(r).dupAcks, 2);
	r.send(ack(1000));
	const [fast] = r.take();
	assert.equal(fast!.seq, ISS + 1 + 1000, 'the third duplicate ACK retransmits SND.UNA at once');
	let c = snap(r);
	assert.equal(c.inFastRecovery, true);
	assert.equal(c.ssthresh, 2500, 'FlightSize 5000 / 2');
	assert.equal(c.cwnd, 2500 + 3 * 1000);
	assert.ok(r.events.some((e) => e.kind === 'note' && e.why.code === 'fast-retransmit'));
	// The retransmission fills the first hole: the receiver ACKs up to the second hole (partial ACK).
	r.send(ack(3000));
	const out = r.take();
	assert.equal(out[0]!.seq, ISS + 1 + 3000, 'partial ACK: the next hole is retransmitted without waiting for 3 dup ACKs');
	c = snap(r);
	assert.equal(c.inFastRecovery, true, 'still recovering until everything up to recover is acknowledged');
	// Everything sent before the loss is acknowledged: full ACK, recovery ends, cwnd deflates.
	const sentSoFar = Math.max(...[...out].map((s) => s.seq - ISS - 1 + s.payload.length), 6000);
	r.send(ack(sentSoFar));
	c = snap(r);
	assert.equal(c.inFastRecovery, false);
	assert.ok(c.cwnd <= 2500, `cwnd ${c.cwnd} deflated to at most ssthresh`);
});

test('congestion avoidance grows cwnd by about one MSS per RTT', () => {
	const cc = new NewReno(1000, 0);
	cc.ssthresh = 4000;
	cc.cwnd = 4000;
	for (let i = 0; i < 4; i++) cc.onNewAck(i * 1000, 1000, 3000, 0, null);
	assert.equal(cc.cwnd, 5000);
	for (let i = 0; i < 4; i++) cc.onNewAck(i * 1000, 1000, 3000, 0, null);
	assert.equal(cc.cwnd, 5000, 'needs a full cwnd of ACKed bytes for the next MSS');
	cc.onNewAck(0, 1000, 3000, 0, null);
	assert.equal(cc.cwnd, 6000);
});

test('Nagle: with nodelay off, small writes wait while data is unacknowledged', () => {
	const r = established({config: {nagle: true}});
	r.host.write(4, 'a');
	assert.equal(r.take().length, 1);
	r.host.write(4, 'b');
	r.host.write(4, 'c');
	assert.equal(r.take().length, 0, 'held back by Nagle');
	r.send(ack(1));
	assert.deepEqual(r.take().map(brief), [`PSH,ACK seq=${ISS + 2} ack=${PEER_ISS + 1} len=2`], 'coalesced');
	r.host.setsockopt(4, 'nodelay', true);
	r.host.write(4, 'd');
	r.host.write(4, 'e');
	assert.equal(r.take().length, 2, 'TCP_NODELAY sends at once');
});

// CUBIC (RFC 9438): the same loss recovery, a different reduction and growth.
test('CUBIC: a loss shrinks cwnd to β = 0.7 (NewReno halves), and K = ∛(W_max(1−β)/C)', () => {
	const mss = 1000;
	const cubic = new Cubic(mss, 0);
	cubic.cwnd = 100 * mss;
	cubic.ssthresh = 50 * mss;
	assert.equal(cubic.onDupAck(3, 0, 100 * mss, 100 * mss, 0), 'fast-retransmit');
	assert.equal(cubic.ssthresh, 70 * mss);
	assert.equal(cubic.wMax, 100);
	const reno = new NewReno(mss, 0);
	reno.cwnd = 100 * mss;
	reno.onDupAck(3, 0, 100 * mss, 100 * mss, 0);
	assert.equal(reno.ssthresh, 50 * mss);
	// Recovery ends; avoidance starts from ssthresh and K is computed on the first ACK.
	cubic.onNewAck(100 * mss, mss, 70 * mss, 0, 100);
	assert.equal(cubic.inRecovery, false);
	cubic.onNewAck(101 * mss, mss, 70 * mss, 0, 100);
	assert.ok(Math.abs(cubic.k - Math.cbrt((100 * (1 - CUBIC_BETA)) / CUBIC_C)) < 1e-9, `K = ${cubic.k}`);
});

/** CUBIC in avoidance after a loss at 100 segments, fed one window of ACKs per RTT of 100 ms: cwnd (segments) per RTT. */
function cubicGrowth(rtts: number, rttMs = 100): number[] {
	const mss = 1000;
	const cc = new Cubic(mss, 0);
	cc.cwnd = 100 * mss;
	cc.onDupAck(3, 0, 100 * mss, 100 * mss, 0);
	cc.onNewAck(100 * mss, mss, 70 * mss, 0, rttMs);
	const out: number[] = [];
	let t = 0;
	for (let r = 0; r < rtts; r++) {
		const segments = Math.floor(cc.cwnd / mss);
		for (let i = 0; i < segments; i++) cc.onNewAck(0, mss, cc.cwnd, t + (i * rttMs) / segments, rttMs);
		t += rttMs;
		out.push(cc.cwnd / mss);
	}
	return out;
}

test('CUBIC: concave up to W_max, a plateau near it at t ≈ K, convex beyond', () => {
	const w = cubicGrowth(120); // 12 s; K ≈ 4.2 s ≈ RTT 42
	const step = (r: number) => w[r]! - w[r - 1]!;
	assert.ok(w[0]! >= 70 && w[0]! < 80, `starts near β·W_max: ${w[0]}`);
	assert.ok(step(5) > step(30), `concave: grows faster early (${step(5)}) than near K (${step(30)})`);
	assert.ok(Math.abs(w[42]! - 100) < 3, `at t ≈ K the window is back at W_max: ${w[42]}`);
	assert.ok(step(90) > step(50), `convex beyond K: grows faster later (${step(90)}) than just past K (${step(50)})`);
	assert.ok(w[119]! > 110, `probes beyond the old maximum: ${w[119]}`);
});

test('CUBIC: fast convergence, a second loss below W_max sets W_max = cwnd·(1+β)/2', () => {
	const mss = 1000;
	const cc = new Cubic(mss, 0);
	cc.cwnd = 100 * mss;
	cc.onDupAck(3, 0, 100 * mss, 100 * mss, 0);
	cc.onNewAck(100 * mss, mss, 70 * mss, 0, 100);
	cc.cwnd = 80 * mss;
	cc.onDupAck(3, 100 * mss, 80 * mss, 200 * mss, 1000);
	assert.ok(Math.abs(cc.wMax - (80 * (1 + CUBIC_BETA)) / 2) < 1e-9, `W_max ${cc.wMax}`);
	assert.equal(cc.ssthresh, 56 * mss);
});

test('CUBIC: on a short RTT the Reno-friendly estimate (α per RTT) drives growth, not the flat cubic', () => {
	const w = cubicGrowth(50, 1);
	const alpha = (3 * (1 - CUBIC_BETA)) / (1 + CUBIC_BETA);
	// 50 ms after the loss the cubic alone is still at C·(0.05 − K)³ + 100 ≈ 71 segments.
	const cubicAlone = CUBIC_C * (0.05 - Math.cbrt((100 * (1 - CUBIC_BETA)) / CUBIC_C)) ** 3 + 100;
	assert.ok(cubicAlone < 72);
	const renoFriendly = 70 + 50 * alpha;
	assert.ok(Math.abs(w[49]! - renoFriendly) < 2, `after 50 RTTs of 1 ms: ${w[49]} ≈ W_est ${renoFriendly.toFixed(1)}`);
});

test('a connection runs the controller its settings name: CUBIC keeps 0.7 of the window on a fast retransmit', () => {
	const r = established({config: {mss: MSS, minRto: 200, congestionControl: 'cubic'}});
	r.host.write(4, new Uint8Array(20_000).fill(7));
	r.take();
	r.send(ack(1000));
	r.take();
	for (let i = 0; i < 3; i++) r.send(ack(1000));
	const c = snap(r);
	assert.equal(c.inFastRecovery, true);
	assert.equal(c.ssthresh, 3500, 'cwnd 5000 × 0.7 (NewReno: FlightSize 5000 / 2 = 2500)');
});
