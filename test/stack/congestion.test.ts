// Congestion control: initial window, slow start, RTO collapse, fast retransmit and NewReno.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {NewReno} from '../../source/stack/congestion.js';
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
	for (let i = 0; i < 4; i++) cc.onNewAck(i * 1000, 1000, 3000);
	assert.equal(cc.cwnd, 5000);
	for (let i = 0; i < 4; i++) cc.onNewAck(i * 1000, 1000, 3000);
	assert.equal(cc.cwnd, 5000, 'needs a full cwnd of ACKed bytes for the next MSS');
	cc.onNewAck(0, 1000, 3000);
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
