// Per-state tests in smoltcp's style: segment in → segments out + new state, for all 11 states.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {brief, established, fromServer, ISS, listening, makeRig, PEER_ISS, seg, synReceived, synSent, text} from './helpers.js';

test('LISTEN + SYN → SYN_RCVD, SYN+ACK consumes one sequence number and ACKs x+1 (S5, S6)', () => {
	const r = listening();
	assert.equal(r.state(3), 'LISTEN');
	assert.equal(r.send(seg({flags: 'SYN', seq: PEER_ISS, options: {mss: 1460, wscale: 7}})), null);
	const [synAck] = r.take();
	assert.equal(brief(synAck!), `SYN,ACK seq=${ISS} ack=${PEER_ISS + 1} len=0`);
	assert.equal(synAck!.options.mss, 1460);
	assert.equal(synAck!.options.wscale, 0, 'a 64 KiB buffer needs no scaling, but the option is offered');
	assert.equal(synAck!.window, 65535);
	assert.deepEqual(r.states().at(-1), {from: 'LISTEN', to: 'SYN_RCVD', why: {code: 'syn-received'}});
	const listener = r.host.snapshot().sockets[0]!.listener!;
	assert.equal(listener.synQueue, 1);
});

test('SYN_RCVD + ACK → ESTABLISHED and the blocked accept() returns a new fd (S13)', () => {
	const r = synReceived();
	const accept = r.events.find((e) => e.kind === 'call' && e.call.call === 'accept')!;
	assert.equal(accept.kind === 'call' && accept.status, 'blocked');
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	assert.equal(r.take().length, 0, 'a pure ACK is not answered');
	assert.equal(r.state(4), 'ESTABLISHED');
	const call = accept.kind === 'call' ? accept.call : null;
	assert.equal(call!.status, 'returned');
	assert.equal(call!.result, 4);
	const snap = r.host.snapshot().sockets.find((s) => s.fd === 4)!.connection!;
	assert.equal(snap.iss, ISS);
	assert.equal(snap.irs, PEER_ISS);
	assert.equal(snap.sndNxt, ISS + 1);
	assert.equal(snap.rcvNxt, PEER_ISS + 1);
});

test('SYN_RCVD: a retransmitted SYN gets the SYN+ACK again', () => {
	const r = synReceived();
	r.send(seg({flags: 'SYN', seq: PEER_ISS, options: {mss: 1460}}));
	assert.deepEqual(r.take().map(brief), [`SYN,ACK seq=${ISS} ack=${PEER_ISS + 1} len=0`]);
});

test('SYN_RCVD + bad ACK → RST with SEQ = SEG.ACK, state unchanged', () => {
	const r = synReceived();
	assert.equal(r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 50})), 'bad-ack');
	assert.deepEqual(r.take().map(brief), [`RST seq=${ISS + 50} ack=0 len=0`]);
});

test('SYN_RCVD (passive) + RST → dropped silently, the listener carries on', () => {
	const r = synReceived();
	r.send(seg({flags: 'RST', seq: PEER_ISS + 1}));
	assert.equal(r.take().length, 0);
	assert.equal(r.states().at(-1)!.to, 'CLOSED');
	const snap = r.host.snapshot();
	assert.equal(snap.sockets.length, 1);
	assert.equal(snap.sockets[0]!.state, 'LISTEN');
	assert.equal(snap.sockets[0]!.listener!.synQueue, 0);
});

test('SYN_SENT: connect() sends SYN with MSS and window scale, blocks, returns at ESTABLISHED', () => {
	const r = makeRig({addr: '10.0.0.1'});
	r.host.socket();
	const call = r.host.connect(3, '10.0.0.2', 80);
	assert.equal(call.status, 'blocked');
	const [syn] = r.take();
	assert.equal(brief(syn!), `SYN seq=${ISS} ack=0 len=0`);
	assert.equal(syn!.srcPort, 49152, 'ephemeral port from the RNG');
	assert.equal(syn!.options.mss, 1460);
	assert.equal(r.state(3), 'SYN_SENT');
	r.run(30);
	r.send(fromServer({flags: 'SYN,ACK', seq: PEER_ISS, ack: ISS + 1, options: {mss: 1400}}));
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=0`], 'the client ACKs y+1 (S6) with seq x+1');
	assert.equal(r.state(3), 'ESTABLISHED');
	assert.equal(call.status, 'returned');
	assert.equal(call.result, 0);
	const snap = r.host.snapshot().sockets[0]!.connection!;
	assert.equal(snap.srtt, 30, 'the handshake gives the first RTT sample');
	// The data after the handshake reuses seq x+1: the pure ACK consumed nothing (S7).
	r.host.write(3, 'hi');
	const [data] = r.take();
	assert.equal(brief(data!), `PSH,ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=2`);
	assert.ok(data!.payload.length <= 1400, 'effective MSS is the smaller one');
});

test('SYN_SENT + ACK of the wrong sequence → RST, state unchanged', () => {
	const r = synSent();
	assert.equal(r.send(fromServer({flags: 'SYN,ACK', seq: PEER_ISS, ack: ISS + 7})), 'bad-ack');
	assert.deepEqual(r.take().map(brief), [`RST seq=${ISS + 7} ack=0 len=0`]);
	assert.equal(r.state(3), 'SYN_SENT');
});

test('SYN_SENT + RST that ACKs our SYN → CLOSED and connect fails ECONNREFUSED (S21)', () => {
	const r = synSent();
	assert.equal(r.send(fromServer({flags: 'RST', seq: 0})), 'rst-without-ack', 'an RST not acking our SYN is ignored');
	assert.equal(r.state(3), 'SYN_SENT');
	r.send(fromServer({flags: 'RST,ACK', seq: 0, ack: ISS + 1}));
	assert.equal(r.state(3), 'CLOSED');
	const connect = r.events.flatMap((e) => e.kind === 'call' && e.call.call === 'connect' ? [e.call] : [])[0]!;
	assert.equal(connect.status, 'failed');
	assert.equal(connect.errno, 'ECONNREFUSED');
	assert.equal(r.take().length, 0, 'never RST in answer to a RST');
});

test('simultaneous open: SYN_SENT + SYN → SYN_RCVD, SYN+ACK with our ISS; then ACK → ESTABLISHED', () => {
	const r = synSent();
	r.send(fromServer({flags: 'SYN', seq: PEER_ISS, options: {mss: 1460}}));
	assert.deepEqual(r.take().map(brief), [`SYN,ACK seq=${ISS} ack=${PEER_ISS + 1} len=0`]);
	assert.equal(r.state(3), 'SYN_RCVD');
	r.send(fromServer({flags: 'SYN,ACK', seq: PEER_ISS, ack: ISS + 1}));
	// Their SYN+ACK acknowledges our SYN: ESTABLISHED (the repeated SYN bit is outside the window).
	assert.equal(r.state(3), 'ESTABLISHED');
	const connect = r.events.flatMap((e) => e.kind === 'call' && e.call.call === 'connect' ? [e.call] : [])[0]!;
	assert.equal(connect.status, 'returned');
});

test('ESTABLISHED: data in order is ACKed cumulatively and read() returns it (S2, S3)', () => {
	const r = established();
	r.send(seg({flags: 'PSH,ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'hello'}));
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 6} len=0`]);
	const read = r.host.read(4, 100);
	assert.equal(read.status, 'returned');
	assert.equal(text(read.data), 'hello');
});

test('ESTABLISHED: out of order data → duplicate ACK at the hole, then one ACK covers all (S3)', () => {
	const r = established();
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 6, ack: ISS + 1, data: 'world'}));
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=0`]);
	assert.equal(r.host.snapshot().sockets[1]!.connection!.outOfOrder, 5);
	const read = r.host.read(4, 100);
	assert.equal(read.status, 'blocked', 'nothing in order yet');
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'hello'}));
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 11} len=0`]);
	assert.equal(read.status, 'returned');
	assert.equal(text(read.data), 'helloworld');
});

test('ESTABLISHED: an unacceptable (old) segment is answered with an ACK and dropped', () => {
	const r = established();
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'hello'}));
	r.take();
	assert.equal(r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'hello'})), 'duplicate');
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 6} len=0`]);
});

test('ESTABLISHED: write() sends data carrying the ACK for the peer\'s bytes (S8)', () => {
	const r = established();
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'ping'}));
	r.take();
	const w = r.host.write(4, 'pong');
	assert.equal(w.status, 'returned');
	assert.equal(w.result, 4);
	assert.deepEqual(r.take().map(brief), [`PSH,ACK seq=${ISS + 1} ack=${PEER_ISS + 5} len=4`]);
	r.host.write(4, '!!');
	assert.deepEqual(r.take().map(brief), [`PSH,ACK seq=${ISS + 5} ack=${PEER_ISS + 5} len=2`], 'next seq = previous + len (S2)');
});

test('ESTABLISHED + exact RST → CLOSED; read() fails ECONNRESET, then write() EPIPE', () => {
	const r = established();
	const read = r.host.read(4, 10);
	r.send(seg({flags: 'RST', seq: PEER_ISS + 1}));
	assert.equal(r.take().length, 0, 'never RST in answer to a RST');
	assert.equal(r.state(4), 'CLOSED');
	assert.equal(read.status, 'failed');
	assert.equal(read.errno, 'ECONNRESET');
	assert.equal(r.host.write(4, 'x').errno, 'EPIPE');
});

test('ESTABLISHED + in-window RST not at RCV.NXT → challenge ACK (RFC 5961), still ESTABLISHED', () => {
	const r = established();
	assert.equal(r.send(seg({flags: 'RST', seq: PEER_ISS + 100})), 'rst-challenged');
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=0`]);
	assert.equal(r.state(4), 'ESTABLISHED');
	assert.equal(r.send(seg({flags: 'RST', seq: PEER_ISS + 1 + 70000})), 'out-of-window');
	assert.equal(r.take().length, 0, 'an out-of-window RST is dropped without an answer');
});

test('ESTABLISHED + SYN → challenge ACK, still ESTABLISHED', () => {
	const r = established();
	assert.equal(r.send(seg({flags: 'SYN', seq: PEER_ISS + 10})), 'syn-challenged');
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=0`]);
	assert.equal(r.state(4), 'ESTABLISHED');
});

test('active close: FIN_WAIT_1 → FIN_WAIT_2 → TIME_WAIT → CLOSED after exactly 2×MSL (S10, S11, S17)', () => {
	const r = established({config: {msl: 1000}});
	r.host.close(4);
	assert.deepEqual(r.take().map(brief), [`FIN,ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=0`]);
	let snap = r.host.snapshot().sockets.find((s) => s.orphaned)!;
	assert.equal(snap.state, 'FIN_WAIT_1');
	assert.equal(snap.fd, 4);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	assert.equal(r.host.snapshot().sockets.find((s) => s.orphaned)!.state, 'FIN_WAIT_2', 'the FIN consumed one sequence number');
	r.run(100);
	const t0 = r.sched.now();
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 2} ack=${PEER_ISS + 2} len=0`]);
	snap = r.host.snapshot().sockets.find((s) => s.orphaned)!;
	assert.equal(snap.state, 'TIME_WAIT');
	assert.equal(snap.connection!.timeWaitUntil, t0 + 2000);
	r.sched.runUntil(t0 + 1999);
	assert.equal(r.host.snapshot().sockets.find((s) => s.orphaned)?.state, 'TIME_WAIT');
	r.sched.runUntil(t0 + 2000);
	assert.equal(r.host.snapshot().sockets.find((s) => s.orphaned), undefined);
	assert.deepEqual(r.states().at(-1), {from: 'TIME_WAIT', to: 'CLOSED', why: {code: 'time-wait-expired'}});
});

test('TIME_WAIT: a retransmitted FIN is ACKed again and 2×MSL restarts (S18)', () => {
	const r = established({config: {msl: 1000}});
	r.host.close(4);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	r.take();
	r.run(1500);
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 2} ack=${PEER_ISS + 2} len=0`]);
	const tw = r.host.snapshot().sockets.find((s) => s.orphaned)!;
	assert.equal(tw.state, 'TIME_WAIT');
	assert.equal(tw.connection!.timeWaitUntil, r.sched.now() + 2000);
	r.run(1999);
	assert.equal(r.host.snapshot().sockets.find((s) => s.orphaned)?.state, 'TIME_WAIT');
	r.run(1);
	assert.equal(r.host.snapshot().sockets.find((s) => s.orphaned), undefined);
});

test('passive close: CLOSE_WAIT, read() → 0, LAST_ACK, CLOSED at once on the last ACK (S15, S20)', () => {
	const r = established();
	const read = r.host.read(4, 10);
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 2} len=0`], 'the FIN consumed one number (S11)');
	assert.equal(r.state(4), 'CLOSE_WAIT');
	assert.equal(read.status, 'returned');
	assert.equal(read.result, 0);
	r.host.close(4);
	assert.deepEqual(r.take().map(brief), [`FIN,ACK seq=${ISS + 1} ack=${PEER_ISS + 2} len=0`]);
	assert.equal(r.host.snapshot().sockets.find((s) => s.orphaned)!.state, 'LAST_ACK');
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 2, ack: ISS + 2}));
	assert.equal(r.host.snapshot().sockets.find((s) => s.orphaned), undefined);
	assert.equal(r.states().at(-1)!.from, 'LAST_ACK');
	assert.equal(r.states().at(-1)!.to, 'CLOSED');
});

test('simultaneous close: FIN_WAIT_1 + FIN → CLOSING; ACK of our FIN → TIME_WAIT', () => {
	const r = established();
	r.host.shutdown(4, 'wr');
	r.take();
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 2} ack=${PEER_ISS + 2} len=0`]);
	assert.equal(r.state(4), 'CLOSING');
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 2, ack: ISS + 2}));
	assert.equal(r.state(4), 'TIME_WAIT');
});

test('FIN_WAIT_1 + FIN that also ACKs our FIN → TIME_WAIT directly', () => {
	const r = established();
	r.host.shutdown(4, 'wr');
	r.take();
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	assert.equal(r.state(4), 'TIME_WAIT');
	const path = r.states().slice(-2).map((s) => `${s.from}>${s.to}`);
	assert.deepEqual(path, ['FIN_WAIT_1>FIN_WAIT_2', 'FIN_WAIT_2>TIME_WAIT']);
});

test('half close: after shutdown(wr) write() fails EPIPE, data still arrives and is read; peer FIN → 0 (S14, S15)', () => {
	const r = established();
	assert.equal(r.host.shutdown(4, 'wr').status, 'returned');
	assert.deepEqual(r.take().map(brief), [`FIN,ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=0`]);
	const w = r.host.write(4, 'late');
	assert.equal(w.status, 'failed');
	assert.equal(w.errno, 'EPIPE');
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 2, data: 'still here'}));
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 2} ack=${PEER_ISS + 11} len=0`], 'the half-closed side still ACKs');
	assert.equal(text(r.host.read(4, 100).data), 'still here');
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 11, ack: ISS + 2}));
	const eof = r.host.read(4, 100);
	assert.equal(eof.status, 'returned');
	assert.equal(eof.result, 0);
	assert.equal(r.state(4), 'TIME_WAIT');
});

test('CLOSE_WAIT and LAST_ACK: an exact RST closes; LAST_ACK retransmits its FIN on timeout', () => {
	const r = established();
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	r.host.read(4, 10);
	r.host.shutdown(4, 'wr');
	r.take();
	assert.equal(r.state(4), 'LAST_ACK');
	const rto = r.host.snapshot().sockets.find((s) => s.fd === 4)!.connection!.rto;
	assert.equal(rto, 1000, 'an RTT sample of 0 from the handshake gives the minimum RTO (RFC 6298 §2.4: 1 s)');
	r.run(rto - 1);
	assert.equal(r.take().length, 0);
	r.run(1);
	assert.deepEqual(r.take().map(brief), [`FIN,ACK seq=${ISS + 1} ack=${PEER_ISS + 2} len=0`], 'the FIN is retransmitted at the RTO');
	r.send(seg({flags: 'RST', seq: PEER_ISS + 2}));
	assert.equal(r.state(4), 'CLOSED');
});

test('a FIN beyond a hole waits for the hole, then CLOSE_WAIT', () => {
	const r = established();
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 6, ack: ISS + 1}));
	assert.equal(r.state(4), 'ESTABLISHED');
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'hello'}));
	assert.equal(r.state(4), 'CLOSE_WAIT');
	assert.equal(r.take().at(-1)!.ack, PEER_ISS + 7);
});

test('closed port: SYN → RST,ACK (seq 0, ack x+1); ACK → RST (seq = its ack); RST → nothing (S21)', () => {
	const r = makeRig();
	assert.equal(r.send(seg({flags: 'SYN', seq: 77})), 'no-listener');
	assert.deepEqual(r.take().map(brief), ['RST,ACK seq=0 ack=78 len=0']);
	r.send(seg({flags: 'ACK', seq: 77, ack: 999, data: 'abc'}));
	assert.deepEqual(r.take().map(brief), ['RST seq=999 ack=0 len=0']);
	r.send(seg({flags: 'RST', seq: 77}));
	assert.equal(r.take().length, 0);
	assert.equal(r.host.snapshot().counters['rst-sent'], 2);
});

test('abort() sends RST and discards buffers; close() with unread data sends RST (Linux)', () => {
	const r = established();
	r.host.write(4, 'unsent?');
	r.take();
	r.host.abort(4);
	assert.deepEqual(r.take().map(brief), [`RST,ACK seq=${ISS + 8} ack=${PEER_ISS + 1} len=0`]);
	assert.equal(r.host.snapshot().sockets.length, 1, 'only the listener is left');

	const r2 = established();
	r2.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'unread'}));
	r2.take();
	r2.host.close(4);
	assert.deepEqual(r2.take().map(brief), [`RST,ACK seq=${ISS + 1} ack=${PEER_ISS + 7} len=0`]);
});

test('data arriving after close() gets a RST (nobody can read it)', () => {
	const r = established();
	r.host.close(4);
	r.take();
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 2, data: 'too late'}));
	assert.deepEqual(r.take().map(brief), [`RST,ACK seq=${ISS + 2} ack=${PEER_ISS + 1} len=0`]);
	assert.equal(r.host.snapshot().sockets.find((s) => s.orphaned), undefined);
});

test('sequence numbers wrap: ISNs just below 2^32, data crossing zero both ways', () => {
	const ours = 0xffff_fffa;
	const peer = 0xffff_fffd;
	const r = makeRig({isn: [ours]});
	r.host.socket();
	r.host.bind(3, 80);
	r.host.listen(3, 4);
	r.host.accept(3);
	r.send(seg({flags: 'SYN', seq: peer}));
	assert.deepEqual(r.take().map(brief), [`SYN,ACK seq=${ours} ack=${0xffff_fffe} len=0`]);
	r.send(seg({flags: 'ACK', seq: 0xffff_fffe, ack: 0xffff_fffb}));
	assert.equal(r.state(4), 'ESTABLISHED');
	// Peer data: 10 bytes from 2^32-2 across zero.
	r.send(seg({flags: 'ACK', seq: 0xffff_fffe, ack: 0xffff_fffb, data: '0123456789'}));
	assert.deepEqual(r.take().map(brief), [`ACK seq=${0xffff_fffb} ack=8 len=0`]);
	// Out of order across the wrap, then the hole.
	r.send(seg({flags: 'ACK', seq: 13, ack: 0xffff_fffb, data: 'xyz'}));
	assert.equal(r.take()[0]!.ack, 8);
	r.send(seg({flags: 'ACK', seq: 8, ack: 0xffff_fffb, data: 'abcde'}));
	assert.equal(r.take()[0]!.ack, 16);
	assert.equal(text(r.host.read(4, 100).data), '0123456789abcdexyz');
	// Our data across zero, acknowledged by a wrapped ACK.
	r.host.write(4, 'wrapping!');
	const [out] = r.take();
	assert.equal(out!.seq, 0xffff_fffb);
	r.send(seg({flags: 'ACK', seq: 16, ack: 4}));
	const c = r.host.snapshot().sockets.find((s) => s.fd === 4)!.connection!;
	assert.equal(c.sndUna, 4);
	assert.equal(c.sendBuffer.used, 0);
	r.host.close(4);
	assert.deepEqual(r.take().map(brief), ['FIN,ACK seq=4 ack=16 len=0']);
	r.send(seg({flags: 'FIN,ACK', seq: 16, ack: 5}));
	assert.equal(r.host.snapshot().sockets.find((s) => s.orphaned)!.state, 'TIME_WAIT');
});

test('CLOSE_WAIT: the passive side still sends data and it is ACKed; a RST there is ECONNRESET', () => {
	const r = established();
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	r.take();
	assert.equal(r.state(4), 'CLOSE_WAIT');
	assert.equal(r.host.write(4, 'reply').status, 'returned');
	assert.deepEqual(r.take().map(brief), [`PSH,ACK seq=${ISS + 1} ack=${PEER_ISS + 2} len=5`]);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 2, ack: ISS + 6}));
	assert.equal(r.host.snapshot().sockets.find((s) => s.fd === 4)!.connection!.sndUna, ISS + 6);
	r.send(seg({flags: 'RST', seq: PEER_ISS + 2}));
	assert.equal(r.state(4), 'CLOSED');
	assert.equal(r.host.write(4, 'x').errno, 'ECONNRESET');
	assert.equal(r.host.write(4, 'x').errno, 'EPIPE', 'the error is reported once');
});

test('CLOSING and TIME_WAIT: an exact RST closes at once', () => {
	const r = established();
	r.host.shutdown(4, 'wr');
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	assert.equal(r.state(4), 'CLOSING');
	r.send(seg({flags: 'RST', seq: PEER_ISS + 2}));
	assert.equal(r.state(4), 'CLOSED');

	const t = established();
	t.host.shutdown(4, 'wr');
	t.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	assert.equal(t.state(4), 'TIME_WAIT');
	t.send(seg({flags: 'RST', seq: PEER_ISS + 2}));
	assert.equal(t.state(4), 'CLOSED');
	assert.deepEqual(t.states().at(-1)!.why, {code: 'rst-received'});
});

test('FIN_WAIT_2: data keeps arriving and is ACKed until the peer\'s FIN', () => {
	const r = established();
	r.host.shutdown(4, 'wr');
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	assert.equal(r.state(4), 'FIN_WAIT_2');
	r.take();
	r.send(seg({flags: 'PSH,ACK', seq: PEER_ISS + 1, ack: ISS + 2, data: 'more'}));
	assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 2} ack=${PEER_ISS + 5} len=0`]);
	assert.equal(r.state(4), 'FIN_WAIT_2');
	assert.equal(text(r.host.read(4, 10).data), 'more');
});
