// Every built-in lesson runs headless to its end through the demo controller (no failed wait, no
// failed expect, every caption filled), and the claims it teaches hold on its event stream.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {listDemos} from '../../source/demo/catalog.js';
import {DEFAULT_CAPTION_LINES} from '../../source/demo/CaptionBar.js';
import {wrapText} from '../../source/demo/wrap.js';
import {TCP_STATES} from '../../source/stack/types.js';
import type {CwndSample} from '../../source/demo/plot-data.js';
import {calls, playLesson, recordingController, segments, seqPlus, statePath, states} from './play.js';

test('the catalogue and these tests cover the same lessons', () => {
	const tested = ['handshake', 'data', 'cumulative-ack', 'checksum', 'active-close', 'half-close', 'process-exit', 'lost-last-ack', 'port-reuse', 'refused', 'syn-flood', 'simultaneous-open', 'simultaneous-close', 'congestion', 'cubic', 'flow-control'];
	assert.deepEqual(listDemos().map((d) => d.name).sort(), [...tested].sort());
});

test('handshake (S1, S5, S6, S7, S13): ISN+1, IRS+1, the data reuses x+1, calls return on the right segments', () => {
	const {events, captions} = playLesson('handshake');
	const syns = segments(events, {dir: 'c2s', fate: 'sent', flags: 'SYN'});
	assert.equal(syns.length, 2, 'two connections');
	const x = syns[0]!.seq;
	const synAck = segments(events, {dir: 's2c', fate: 'sent', flags: 'SYN,ACK'})[0]!;
	assert.equal(synAck.ack, seqPlus(x, 1), 'S5: the server ACKs x+1');
	const y = synAck.seq;
	const ack = segments(events, {dir: 'c2s', fate: 'sent', flags: 'ACK', data: false})[0]!;
	assert.equal(ack.ack, seqPlus(y, 1), 'S6: the client ACKs y+1');
	assert.equal(ack.seq, seqPlus(x, 1));
	const data = segments(events, {dir: 'c2s', fate: 'sent', data: true})[0]!;
	assert.equal(data.seq, seqPlus(x, 1), 'S7: the pure ACK consumed no number');
	assert.equal(data.len, 5);
	// S13: connect() returns when the SYN+ACK arrives, accept() when the ACK arrives, read() when the data arrives.
	const synAckArrives = segments(events, {dir: 's2c', fate: 'delivered', flags: 'SYN,ACK'})[0]!.t;
	assert.equal(calls(events, 'client', 'connect', 'returned')[0]!.t, synAckArrives);
	assert.equal(calls(events, 'server', 'accept', 'blocked')[0]!.t, 0);
	const ackArrives = segments(events, {dir: 'c2s', fate: 'delivered', flags: 'ACK', data: false})[0]!.t;
	assert.equal(calls(events, 'server', 'accept', 'returned')[0]!.t, ackArrives);
	assert.equal(calls(events, 'server', 'read', 'returned')[0]!.t, segments(events, {dir: 'c2s', fate: 'delivered', data: true})[0]!.t);
	// S1: the second connection starts elsewhere; the same seed gives the same ISNs.
	assert.notEqual(syns[1]!.seq, x);
	const again = playLesson('handshake');
	assert.deepEqual(segments(again.events, {dir: 'c2s', fate: 'sent', flags: 'SYN'}).map((s) => s.seq), syns.map((s) => s.seq));
	const otherSeed = playLesson('handshake', 'en', 8);
	assert.notEqual(segments(otherSeed.events, {dir: 'c2s', fate: 'sent', flags: 'SYN'})[0]!.seq, x);
	// The captions carry this run's numbers, relative to the ISNs as the ladder draws them, each ISN named.
	assert.ok(captions[1]!.includes('seq=0') && captions[1]!.includes(`ISN ${x}`), captions[1]);
	assert.ok(captions[2]!.includes('ack=1') && captions[2]!.includes('seq=0') && captions[2]!.includes(String(y)), captions[2]);
	assert.ok(captions[5]!.includes(String(syns[1]!.seq)), captions[5]);
});

test('data (S2, S8, S13): seq counts bytes, the reply carries the ACK, read blocks until the data arrives', () => {
	const {events} = playLesson('data');
	const data = segments(events, {dir: 'c2s', fate: 'sent', data: true});
	assert.deepEqual(data.map((s) => s.len), [5, 7, 4]);
	assert.equal(data[1]!.seq, seqPlus(data[0]!.seq, 5), 'S2');
	assert.equal(data[2]!.seq, seqPlus(data[1]!.seq, 7));
	const ping = data[2]!;
	const pingArrives = segments(events, {dir: 'c2s', fate: 'delivered', data: true}).find((s) => s.seq === ping.seq)!.t;
	const pong = segments(events, {dir: 's2c', fate: 'sent', data: true})[0]!;
	assert.ok(pong.flags.split(',').includes('ACK'));
	assert.equal(pong.ack, seqPlus(ping.seq, 4), 'S8: the reply acknowledges the ping');
	const pureAcksAfterPing = segments(events, {dir: 's2c', fate: 'sent', data: false, after: pingArrives}).filter((s) => s.t <= pong.t && s.ack === pong.ack);
	assert.equal(pureAcksAfterPing.length, 0, 'S8: no separate pure ACK before the reply');
	const reads = calls(events, 'server', 'read');
	const blocked = reads.filter((c) => c.status === 'blocked');
	assert.ok(blocked.length >= 1, 'S13: read blocks');
	const firstReturn = reads.find((c) => c.status === 'returned')!;
	assert.equal(firstReturn.data, 'hello');
	assert.equal(firstReturn.t, segments(events, {dir: 'c2s', fate: 'delivered', data: true})[0]!.t);
});

test('cumulative-ack (S3): the ACK stays at the hole, three duplicates trigger fast retransmit, one ACK covers all', () => {
	const {events} = playLesson('cumulative-ack');
	const data = segments(events, {dir: 'c2s', fate: 'sent', data: true});
	const base = data[0]!.seq;
	// Reordering: the second segment arrives first, the ACK names the hole, then one ACK covers both.
	const delivered = segments(events, {dir: 'c2s', fate: 'delivered', data: true});
	assert.equal(delivered[0]!.seq, seqPlus(base, 1000), 'the second segment overtakes the first');
	const afterReorder = segments(events, {dir: 's2c', fate: 'sent', after: delivered[0]!.t}).map((s) => s.ack);
	assert.equal(afterReorder[0], base, 'ACK stays at the hole');
	assert.equal(afterReorder[1], seqPlus(base, 2000), 'one ACK covers both segments');
	// Loss: the segment at base+3000 is lost, three duplicate ACKs, a fast retransmission, then one ACK covers 7000 bytes.
	const lost = segments(events, {dir: 'c2s', fate: 'lost'});
	assert.deepEqual(lost.map((s) => s.seq), [seqPlus(base, 3000)]);
	const dupAcks = segments(events, {dir: 's2c', fate: 'sent'}).filter((s) => s.ack === seqPlus(base, 3000));
	assert.equal(dupAcks.length, 4, 'one ACK for the segment before the hole, three duplicates');
	const retransmission = data.filter((s) => s.seq === seqPlus(base, 3000))[1]!;
	assert.ok(retransmission.t - lost[0]!.t < 1000, 'fast retransmit: well before the 1 s retransmission timeout');
	assert.ok(retransmission.t >= dupAcks[3]!.t);
	const firstAckAfter = segments(events, {dir: 's2c', fate: 'sent', after: retransmission.t}).find((s) => s.ack !== seqPlus(base, 3000))!;
	assert.equal(firstAckAfter.ack, seqPlus(base, 7000), 'one ACK covers everything buffered');
	assert.equal(calls(events, 'server', 'read', 'returned')[0]!.result, 7000);
});

test('checksum (S4): the corrupted segment fails its checksum, is dropped, and is retransmitted', () => {
	const {events} = playLesson('checksum');
	const corrupted = segments(events, {dir: 'c2s', fate: 'corrupted'});
	assert.equal(corrupted.length, 1);
	const dropped = segments(events, {dir: 'c2s', fate: 'dropped'});
	assert.equal(dropped.length, 1);
	assert.equal(dropped[0]!.reason, 'bad-tcp-checksum');
	const good = segments(events, {dir: 'c2s', fate: 'delivered', data: true});
	assert.equal(good.length, 1);
	assert.equal(good[0]!.seq, corrupted[0]!.seq, 'the same bytes again');
	assert.ok(good[0]!.t > dropped[0]!.t);
	assert.equal(calls(events, 'server', 'read', 'returned')[0]!.data, 'hello');
});

test('active-close (S9, S10, S11, S12, S17, S20): the four-way close, TIME_WAIT for 2×MSL, the server frees at once', () => {
	const {events, controller} = playLesson('active-close');
	assert.deepEqual(statePath(events, 'client').slice(-5), ['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'TIME_WAIT', 'CLOSED']);
	const serverConn = states(events, 'server').find((e) => e.to === 'SYN_RCVD')!.conn;
	assert.deepEqual(statePath(events, 'server', serverConn), ['LISTEN', 'SYN_RCVD', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED']);
	const fin = segments(events, {dir: 'c2s', fate: 'sent'}).find((s) => s.flags.includes('FIN'))!;
	const finArrives = segments(events, {dir: 'c2s', fate: 'delivered'}).find((s) => s.id === fin.id)!.t;
	const finAck = segments(events, {dir: 's2c', fate: 'sent', after: finArrives}).find((s) => s.flags === 'ACK')!;
	assert.equal(finAck.ack, seqPlus(fin.seq, 1), 'S11: the FIN consumed one number');
	const serverFin = segments(events, {dir: 's2c', fate: 'sent'}).find((s) => s.flags.includes('FIN'))!;
	const lastAck = segments(events, {dir: 'c2s', fate: 'sent', after: serverFin.t}).find((s) => s.ack === seqPlus(serverFin.seq, 1))!;
	const lastAckArrives = segments(events, {dir: 'c2s', fate: 'delivered'}).find((s) => s.id === lastAck.id)!.t;
	const serverClosed = states(events, 'server').find((e) => e.to === 'CLOSED')!;
	assert.equal(serverClosed.from, 'LAST_ACK');
	assert.equal(serverClosed.t, lastAckArrives, 'S20: CLOSED the moment the last ACK arrives');
	const timeWait = states(events, 'client').find((e) => e.to === 'TIME_WAIT')!;
	const closed = states(events, 'client').find((e) => e.from === 'TIME_WAIT')!;
	assert.equal(closed.to, 'CLOSED');
	assert.equal(closed.t - timeWait.t, 2 * 5000, 'S17: 2×MSL with MSL 5 s');
	// S9: the TCBs and buffers are gone once both sides are CLOSED; only the listener is left.
	const snap = controller.world.snapshot();
	assert.deepEqual(snap.client.sockets, []);
	assert.deepEqual(snap.server.sockets.map((s) => s.role), ['listener']);
});

test('half-close (S14, S15): after shutdown(wr) write fails with EPIPE, reads and ACKs go on, read() returns 0', () => {
	const {events} = playLesson('half-close');
	const shutdownAt = calls(events, 'client', 'shutdown', 'returned')[0]!.t;
	const write = calls(events, 'client', 'write').find((c) => c.t >= shutdownAt)!;
	assert.equal(write.status, 'failed');
	assert.equal(write.errno, 'EPIPE');
	assert.equal(segments(events, {dir: 'c2s', fate: 'sent', data: true, after: shutdownAt}).length, 0, 'nothing sent after shutdown');
	const serverRead = calls(events, 'server', 'read', 'returned');
	assert.equal(serverRead[serverRead.length - 1]!.result, 0, 'S15: read() → 0 after the FIN');
	const answer = segments(events, {dir: 's2c', fate: 'delivered', data: true})[0]!;
	const clientRead = calls(events, 'client', 'read', 'returned');
	assert.equal(clientRead[0]!.data, 'answer', 'S14: the closer still receives');
	const ackOfAnswer = segments(events, {dir: 'c2s', fate: 'sent', after: answer.t}).find((s) => s.ack === seqPlus(answer.seq, answer.len));
	assert.ok(ackOfAnswer, 'S14: and still ACKs');
	assert.equal(clientRead[1]!.result, 0, 'read() → 0 when the server closes too');
});

test('process-exit (S16): killing a process closes its sockets: FIN, or RST over unread data', () => {
	const {events} = playLesson('process-exit');
	const killClient = calls(events, 'client', 'kill')[0]!;
	const clientFin = segments(events, {dir: 'c2s', fate: 'sent', after: killClient.t}).find((s) => s.flags.includes('FIN'))!;
	assert.equal(clientFin.t, killClient.t, 'the kernel sends the FIN when the process dies');
	const eof = calls(events, 'server', 'read', 'returned')[0]!;
	assert.equal(eof.result, 0);
	assert.equal(eof.t, segments(events, {dir: 'c2s', fate: 'delivered'}).find((s) => s.id === clientFin.id)!.t);
	const killServer = calls(events, 'server', 'kill')[0]!;
	const rst = segments(events, {dir: 's2c', fate: 'sent', after: killServer.t}).find((s) => s.flags.includes('RST'))!;
	assert.equal(rst.t, killServer.t, 'unread data: RST at once, no FIN');
	assert.ok(!segments(events, {dir: 's2c', fate: 'sent', after: killServer.t}).some((s) => s.flags.includes('FIN')));
	const reset = calls(events, 'client', 'read', 'failed')[0]!;
	assert.equal(reset.errno, 'ECONNRESET');
});

test('lost-last-ack (S18): the last ACK is lost, LAST_ACK retransmits the FIN, TIME_WAIT answers, both close', () => {
	const {events} = playLesson('lost-last-ack');
	const lost = segments(events, {dir: 'c2s', fate: 'lost'});
	assert.equal(lost.length, 1);
	assert.equal(lost[0]!.flags, 'ACK');
	const serverFins = segments(events, {dir: 's2c', fate: 'sent'}).filter((s) => s.flags.includes('FIN'));
	assert.equal(serverFins.length, 2, 'the FIN is retransmitted');
	assert.equal(serverFins[1]!.seq, serverFins[0]!.seq);
	assert.equal(lost[0]!.ack, seqPlus(serverFins[0]!.seq, 1));
	const reAck = segments(events, {dir: 'c2s', fate: 'delivered', after: serverFins[1]!.t}).find((s) => s.ack === lost[0]!.ack)!;
	const clientStates = states(events, 'client');
	const timeWaitStart = clientStates.find((e) => e.to === 'TIME_WAIT')!.t;
	const timeWaitEnd = clientStates.find((e) => e.from === 'TIME_WAIT')!.t;
	assert.ok(reAck.t > timeWaitStart && reAck.t < timeWaitEnd, 'the re-ACK comes from TIME_WAIT');
	const serverClosed = states(events, 'server').find((e) => e.to === 'CLOSED')!;
	assert.equal(serverClosed.from, 'LAST_ACK');
	assert.equal(serverClosed.t, reAck.t);
	assert.equal(clientStates[clientStates.length - 1]!.to, 'CLOSED');
	assert.equal(segments(events, {dir: 'c2s', fate: 'sent'}).filter((s) => s.flags.includes('RST')).length, 0, 'no RST: a clean close');
});

// The lesson pins the new connection's ISNs near the old segment's numbers, so any seed shows the hazard.
const PORT_REUSE_SEEDS = [undefined, 1, 2, 3, 42, 123_456, 0xffff_fffe];

for (const seed of PORT_REUSE_SEEDS) test(`port-reuse (S19), seed ${seed ?? 'of the lesson'}: with TIME_WAIT cut short the old duplicate lands in the new connection; with it, it cannot`, () => {
	const {events, controller} = playLesson('port-reuse', 'en', seed);
	const old = segments(events, {dir: 'c2s', fate: 'sent', data: true})[0]!;
	const copies = segments(events, {dir: 'c2s', data: true}).filter((s) => s.seq === old.seq && s.id !== old.id);
	const arrivals = copies.filter((s) => s.fate === 'delivered' || s.fate === 'dropped');
	assert.equal(arrivals.length, 2, 'two old copies arrive');
	const syns = segments(events, {dir: 'c2s', fate: 'sent', flags: 'SYN'});
	assert.equal(syns.length, 2);
	assert.equal(syns[1]!.srcPort, syns[0]!.srcPort, 'the same 4-tuple');
	// The first copy arrives in the new connection and is accepted (no drop: held out of order, 8 bytes).
	assert.equal(arrivals[0]!.fate, 'delivered');
	assert.ok(arrivals[0]!.t > syns[1]!.t);
	// The second arrives while the client is in TIME_WAIT: no connection, dropped with an RST.
	assert.equal(arrivals[1]!.fate, 'dropped');
	assert.ok(segments(events, {dir: 's2c', fate: 'sent', after: arrivals[1]!.t}).some((s) => s.flags.includes('RST')));
	assert.equal(calls(events, 'client', 'bind', 'failed')[0]!.errno, 'EADDRINUSE');
	assert.ok(controller.caption().length > 0);
	const clientStates = states(events, 'client');
	assert.equal(clientStates[clientStates.length - 1]!.to, 'TIME_WAIT', 'the second close waits in TIME_WAIT');
});

for (const seed of PORT_REUSE_SEEDS) test(`port-reuse, seed ${seed ?? 'of the lesson'}: the old bytes are held by the new connection as if the new client had sent them`, () => {
	const {controller} = recordingController('port-reuse', 'en', seed);
	for (let i = 0; i < 5; i++) {
		controller.next();
		assert.ok(controller.finishStep());
	}
	const conn = controller.world.snapshot().server.sockets.find((s) => s.role === 'connection')!.connection!;
	assert.equal(conn.state, 'ESTABLISHED');
	assert.equal(conn.outOfOrder, 8, '"OLD DATA" sits in the new connection\'s reassembly queue');
});

test('refused (S21): a SYN to a closed port gets RST and connect fails with ECONNREFUSED', () => {
	const {events} = playLesson('refused');
	const syn = segments(events, {dir: 'c2s', fate: 'sent', flags: 'SYN'})[0]!;
	assert.equal(syn.dstPort, 81);
	const rst = segments(events, {dir: 's2c', fate: 'sent'}).find((s) => s.flags.includes('RST'))!;
	assert.equal(rst.ack, seqPlus(syn.seq, 1));
	const failed = calls(events, 'client', 'connect', 'failed')[0]!;
	assert.equal(failed.errno, 'ECONNREFUSED');
	assert.equal(failed.t, segments(events, {dir: 's2c', fate: 'delivered'}).find((s) => s.id === rst.id)!.t);
	assert.equal(calls(events, 'client', 'connect', 'returned').length, 1, 'port 80 works');
});

test('syn-flood (S22): the flood fills the SYN queue and the real client times out; with SYN cookies it connects', () => {
	const {events} = playLesson('syn-flood');
	const spoofed = segments(events, {dir: 'c2s', flags: 'SYN'}).filter((s) => s.src.startsWith('10.0.9.'));
	const firstFlood = spoofed.filter((s) => s.fate === 'sent').slice(0, 200);
	const floodEnd = firstFlood[199]!.arriveAt!;
	const arrived = spoofed.filter((s) => s.t <= floodEnd && (s.fate === 'delivered' || s.fate === 'dropped'));
	assert.equal(arrived.length, 200);
	assert.equal(arrived.filter((s) => s.fate === 'delivered').length, 16, 'the SYN queue takes 16');
	assert.ok(arrived.filter((s) => s.fate === 'dropped').every((s) => s.reason === 'syn-queue-full'), 'the rest are dropped: the queue is full');
	const answered = segments(events, {dir: 's2c', fate: 'sent', flags: 'SYN,ACK'}).filter((s) => s.dst.startsWith('10.0.9.') && s.t <= floodEnd);
	assert.equal(answered.length, 16, 'only the SYN queue\'s 16 get a SYN+ACK');
	const realSyns = segments(events, {dir: 'c2s', flags: 'SYN', fate: 'dropped'}).filter((s) => s.src === '10.0.0.1');
	assert.ok(realSyns.length >= 4 && realSyns.every((s) => s.reason === 'syn-queue-full'), 'the real client\'s SYN and its retries are dropped too');
	const connects = calls(events, 'client', 'connect').filter((c) => c.status !== 'blocked');
	assert.equal(connects[0]!.status, 'failed');
	assert.equal(connects[0]!.errno, 'ETIMEDOUT');
	assert.equal(connects[1]!.status, 'returned', 'with SYN cookies the real client gets through');
	assert.equal(calls(events, 'server', 'accept', 'returned').length, 1);
});

test('simultaneous-open (S12): both sides SYN_SENT → SYN_RCVD → ESTABLISHED, without a listener', () => {
	const {events} = playLesson('simultaneous-open');
	for (const host of ['client', 'server']) {
		assert.deepEqual(statePath(events, host), ['CLOSED', 'SYN_SENT', 'SYN_RCVD', 'ESTABLISHED'], host);
		assert.equal(calls(events, host, 'connect', 'returned').length, 1);
	}
	assert.equal(calls(events, 'server', 'listen').length, 0);
});

test('simultaneous-close (S12): both sides FIN_WAIT_1 → CLOSING → TIME_WAIT → CLOSED', () => {
	const {events} = playLesson('simultaneous-close');
	assert.deepEqual(statePath(events, 'client').slice(-5), ['ESTABLISHED', 'FIN_WAIT_1', 'CLOSING', 'TIME_WAIT', 'CLOSED']);
	const serverConn = states(events, 'server').find((e) => e.to === 'SYN_RCVD')!.conn;
	assert.deepEqual(statePath(events, 'server', serverConn).slice(-5), ['ESTABLISHED', 'FIN_WAIT_1', 'CLOSING', 'TIME_WAIT', 'CLOSED']);
});

test('congestion: slow start doubles cwnd, fast retransmit halves ssthresh, timeouts back off exponentially', () => {
	const {events, controller} = playLesson('congestion');
	const samples = controller.recorder.cwnd;
	const firstDrop = samples.findIndex((s, i) => i > 0 && s.cwnd < samples[i - 1]!.cwnd);
	assert.ok(firstDrop > 0);
	// Slow start: from 3 segments to at least 16 before the first loss.
	assert.equal(samples[0]!.cwnd, 4380);
	assert.ok(samples[firstDrop - 1]!.cwnd >= 16 * 1460, `cwnd reached ${samples[firstDrop - 1]!.cwnd}`);
	const fastRecovery = events.filter((e) => e.kind === 'note' && /fast retransmit/i.test(e.text));
	assert.ok(fastRecovery.length >= 2, 'several fast retransmits');
	// The blackout step: retransmission timeouts with doubling intervals.
	const fired = events.filter((e) => e.kind === 'timer' && e.host === 'client' && e.timer === 'retransmit' && e.action === 'fired');
	const gaps = fired.slice(1).map((e, i) => e.t - fired[i]!.t);
	const doubling = gaps.some((g, i) => i > 0 && gaps[i - 1]! >= 400 && Math.abs(g - 2 * gaps[i - 1]!) < 1);
	assert.ok(doubling, `RTO backoff: gaps ${gaps.join(', ')}`);
	// After the blackout: cwnd restarts from one segment.
	assert.ok(samples.some((s) => s.cwnd === 1460));
	assert.ok(controller.recorder.seq.some((p) => p.kind === 'retransmitted'));
	assert.ok(controller.recorder.seq.some((p) => p.kind === 'lost'));
});

/** The cwnd samples up to and including the first loss (the first fall of ssthresh). */
function upToFirstLoss(name: string): CwndSample[] {
	const samples = playLesson(name).controller.recorder.cwnd;
	const drop = samples.findIndex((s, i) => i > 0 && s.ssthresh < samples[i - 1]!.ssthresh);
	assert.ok(drop > 0, `${name}: a loss`);
	return samples.slice(0, drop + 1);
}

test('cubic: on the congestion lesson\'s link the first loss cuts to 0.7× under CUBIC, 0.5× under Reno; the curve regrows', () => {
	const cubic = upToFirstLoss('cubic');
	const reno = upToFirstLoss('congestion');
	// The same slow start up to the same loss: ssthresh = β × the same FlightSize.
	assert.deepEqual(cubic.slice(0, -2), reno.slice(0, -2));
	const flightAtLoss = reno.at(-1)!.ssthresh / 0.5;
	assert.ok(Math.abs(cubic.at(-1)!.ssthresh / flightAtLoss - 0.7) < 0.002, `CUBIC: ssthresh ${cubic.at(-1)!.ssthresh} of ${flightAtLoss}`);
	assert.ok(flightAtLoss >= 16 * 1460);
	const {events, controller} = playLesson('cubic');
	assert.ok(events.filter((e) => e.kind === 'note' && /fast retransmit/i.test(e.text)).length >= 2, 'several losses repaired');
	const samples = controller.recorder.cwnd;
	const lastCut = samples.map((s, i) => i > 0 && s.cwnd < samples[i - 1]!.cwnd).lastIndexOf(true);
	assert.ok(samples.slice(lastCut).some((s) => s.cwnd > samples[lastCut]!.cwnd), 'cwnd grows again after the last cut');
});

test('flow-control: zero window, persist probes, window update, all bytes delivered', () => {
	const {events} = playLesson('flow-control');
	const zero = segments(events, {dir: 's2c', fate: 'sent'}).filter((s) => s.win === 0);
	assert.ok(zero.length >= 2, 'the server advertises a zero window');
	const probes = segments(events, {dir: 'c2s', fate: 'sent', data: true}).filter((s) => s.len === 1);
	assert.ok(probes.length >= 3, `persist probes: ${probes.length}`);
	const gaps = probes.slice(1, 3).map((p, i) => p.t - probes[i]!.t);
	assert.ok(gaps[1]! > gaps[0]!, `the probe interval grows: ${gaps.join(', ')}`);
	const firstRead = calls(events, 'server', 'read', 'returned')[0]!;
	const update = segments(events, {dir: 's2c', fate: 'sent', after: firstRead.t})[0]!;
	assert.ok(update.win > 0 && update.t === firstRead.t, 'window update as soon as the app reads');
	assert.equal(update.ack, zero[0]!.ack, 'same ack number, bigger window');
	const read = calls(events, 'server', 'read', 'returned').reduce((sum, c) => sum + (c.result ?? 0), 0);
	assert.equal(read, 12000);
});

test('every caption of every lesson fits the caption bar at 80 columns, in both languages, with real numbers', () => {
	for (const demo of listDemos()) {
		for (const lang of ['en', 'ko'] as const) {
			const {captions} = playLesson(demo.name, lang);
			captions.forEach((caption, i) => {
				const lines = wrapText(caption, 80).length;
				assert.ok(lines <= DEFAULT_CAPTION_LINES, `${demo.name} (${lang}) step ${i + 1}: ${lines} lines at 80 columns`);
				if (lang === 'ko') assert.match(caption, /[가-힣]/);
			});
		}
	}
});

test('S12: across the lessons, both endpoints together pass through all 11 states of the diagram', () => {
	const seen = new Set<string>();
	for (const demo of listDemos()) {
		const {events} = playLesson(demo.name);
		for (const e of events) if (e.kind === 'state') seen.add(e.to);
	}
	assert.deepEqual([...seen].sort(), [...TCP_STATES].sort());
});
