// The two stack profiles, point by point: segment in → segments out, smoltcp style, each setting
// where textbook and linux differ tested in both (docs/stack.md has the table).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {LINUX_DIFFERENCES, profileConfig, STACK_PROFILES, type StackProfileName} from '../../source/stack/profiles.js';
import {encodeSegment} from '../../source/stack/segment.js';
import {DEFAULT_STACK_CONFIG} from '../../source/stack/types.js';
import {brief, CLIENT, established, fromServer, ISS, listening, makeRig, PEER_ISS, seg, SERVER, synSent, type Rig} from './helpers.js';

const conf = (profile: StackProfileName, extra = {}) => ({config: {...profileConfig(profile), ...extra}});
const conn = (r: Rig, fd = 4) => r.host.snapshot().sockets.find((s) => s.fd === fd)!.connection!;
const notes = (r: Rig) => r.events.flatMap((e) => (e.kind === 'note' ? [e.why] : []));

test('the profiles: textbook is the default config; linux differs in exactly the documented settings', () => {
	assert.deepEqual(profileConfig('textbook'), DEFAULT_STACK_CONFIG);
	const linux = profileConfig('linux');
	const differing = Object.keys(linux).filter((k) => JSON.stringify(linux[k as keyof typeof linux]) !== JSON.stringify(DEFAULT_STACK_CONFIG[k as keyof typeof linux]));
	assert.deepEqual(differing.sort(), Object.keys(LINUX_DIFFERENCES).sort());
	assert.equal(linux.congestionControl, 'newreno', 'the congestion-control slot (one controller so far)');
});

test('initialWindow: textbook sends 3 segments of 1460 (RFC 5681), linux 10 (RFC 6928)', () => {
	for (const [profile, segments] of [['textbook', 3], ['linux', 10]] as const) {
		const r = established(conf(profile));
		r.host.write(4, new Uint8Array(30_000));
		const out = r.take();
		assert.equal(out.length, segments, profile);
		assert.ok(out.every((s) => s.payload.length === 1460));
		assert.equal(conn(r).cwnd, segments * 1460);
	}
});

test('SYN options: textbook offers MSS and window scale 0; linux MSS, SACK-permitted, timestamps and window scale 7', () => {
	const t = synSent(conf('textbook'));
	t.host.socket();
	t.host.connect(4, SERVER, 81);
	const [plain] = t.take();
	assert.deepEqual(plain!.options, {mss: 1460, wscale: 0});
	const l = makeRig({addr: CLIENT, ...conf('linux')});
	l.host.socket();
	l.host.connect(3, SERVER, 80);
	const [syn] = l.take();
	assert.equal(syn!.options.mss, 1460);
	assert.equal(syn!.options.wscale, 7);
	assert.equal(syn!.options.sackPermitted, true);
	assert.equal(syn!.options.timestamps?.tsecr, 0);
	// A SYN+ACK carrying them all turns them all on; our window field is then scaled by 7.
	l.send(fromServer({flags: 'SYN,ACK', seq: PEER_ISS, ack: ISS + 1, options: {mss: 1460, wscale: 7, sackPermitted: true, timestamps: {tsval: 77, tsecr: syn!.options.timestamps!.tsval}}}));
	const [ack] = l.take();
	assert.equal(ack!.window, 65536 >> 7);
	assert.equal(ack!.options.timestamps?.tsecr, 77);
	const c = conn(l, 3);
	assert.equal(c.rcvWscale, 7);
	assert.equal(c.sndWscale, 7);
});

test('synRetries/maxRto: textbook sends 8 SYNs and gives up at 183 s (RFC 1122 ≥ 3 min); linux 7 SYNs, gives up at 127 s', () => {
	for (const [profile, syns, giveUp] of [['textbook', 8, 183_000], ['linux', 7, 127_000]] as const) {
		const r = makeRig({addr: CLIENT, ...conf(profile)});
		r.host.socket();
		const call = r.host.connect(3, SERVER, 80);
		const times: number[] = [];
		for (let t = 0; t <= giveUp; t += 1000) {
			for (const s of r.take()) {
				assert.equal(s.flags.syn, true);
				times.push(r.sched.now());
			}
			if (t === giveUp - 1000) assert.equal(call.status, 'blocked', `${profile}: still trying just before ${giveUp} ms`);
			r.run(t === 0 ? 0 : 1000);
		}
		assert.equal(times.length, syns, `${profile}: ${times.join(',')}`);
		assert.equal(call.status, 'failed');
		assert.equal(call.errno, 'ETIMEDOUT');
		assert.equal(call.settledAt, giveUp, profile);
	}
});

test('minRto: an RTT of 0 gives textbook an RTO of 1 s (RFC 6298 §2.4) and linux 200 ms', () => {
	assert.equal(conn(established(conf('textbook'))).rto, 1000);
	assert.equal(conn(established(conf('linux'))).rto, 200);
});

test('challengeAckLimit: textbook answers every in-window RST with a challenge ACK; linux one per 500 ms per connection', () => {
	const rst = (n: number) => seg({flags: 'RST', seq: PEER_ISS + 1 + n});
	const t = established(conf('textbook'));
	for (const n of [10, 20, 30]) assert.equal(t.send(rst(n)), 'rst-challenged');
	assert.equal(t.take().length, 3);
	const l = established(conf('linux'));
	assert.equal(l.send(rst(10)), 'rst-challenged');
	assert.deepEqual(l.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=0`]);
	l.run(499);
	assert.equal(l.send(rst(20)), 'rst-challenged');
	assert.equal(l.send(seg({flags: 'SYN', seq: PEER_ISS + 40})), 'syn-challenged');
	assert.deepEqual(l.take(), [], 'within 500 ms: no second challenge ACK');
	assert.ok(notes(l).some((n) => n.code === 'challenge-ack-limited-per-connection' && n.ms === 500));
	l.run(1);
	l.send(rst(30));
	assert.equal(l.take().length, 1, '500 ms later one more');
	assert.equal(l.state(4), 'ESTABLISHED');
});

test('challengeAckLimit: linux also keeps a host-wide budget per second across connections', () => {
	const r = listening(conf('linux', {challengeAckLimit: {perConnectionMs: 500, globalPerSecond: 2}}));
	for (const port of [5001, 5002, 5003]) {
		r.send(seg({flags: 'SYN', seq: PEER_ISS, srcPort: port}));
		const [synAck] = r.take();
		r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: synAck!.seq + 1, srcPort: port}));
	}
	assert.equal(r.host.snapshot().sockets[0]!.listener!.acceptQueue, 3);
	for (const port of [5001, 5002, 5003]) r.send(seg({flags: 'RST', seq: PEER_ISS + 100, srcPort: port}));
	assert.deepEqual(r.take().map((s) => s.dstPort), [5001, 5002]);
	assert.ok(notes(r).some((n) => n.code === 'challenge-ack-limited-per-host' && n.perSecond === 2));
	r.run(1000);
	r.send(seg({flags: 'RST', seq: PEER_ISS + 100, srcPort: 5003}));
	assert.deepEqual(r.take().map((s) => s.dstPort), [5003], 'a new second, a new budget');
});

/** A SYN whose option bytes are replaced: kind 2 (MSS) with length 3, then a timestamp. */
function synWithOptionBytes(bytes: number[]): Uint8Array {
	const padded = [...bytes];
	while (padded.length % 4 !== 0) padded.push(0);
	const base = encodeSegment(seg({flags: 'SYN', seq: PEER_ISS, options: {unknown: [{kind: 99, data: new Uint8Array(padded.length - 2)}]}}));
	const packet = base.slice();
	packet.set(padded, 40);
	// Checksum over the new option bytes: recompute by encoding the same bytes through decode-free arithmetic.
	packet[36] = 0;
	packet[37] = 0;
	let sum = 0;
	const tcpLength = packet.length - 20;
	for (let i = 12; i < 20; i += 2) sum += (packet[i]! << 8) | packet[i + 1]!;
	sum += 6 + tcpLength;
	for (let i = 20; i < packet.length; i += 2) sum += (packet[i]! << 8) | (packet[i + 1] ?? 0);
	while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
	const check = ~sum & 0xffff;
	packet[36] = check >> 8;
	packet[37] = check & 0xff;
	return packet;
}

test('malformedOptions: textbook drops a SYN with a bad option; linux ignores the option and answers', () => {
	const cases: Array<[string, number[], number]> = [
		['MSS of length 3', [2, 3, 5, 1, 1, 1], 536],
		['an option of length 0', [2, 4, 5, 0xb4, 30, 0], 1460],
		['an option of length 1', [30, 1], 536],
		['an option running past the header', [2, 4, 5, 0xb4, 30, 9, 1, 1], 1460],
	];
	for (const [what, bytes, mss] of cases) {
		const t = listening(conf('textbook'));
		assert.equal(t.host.receive(synWithOptionBytes(bytes)), 'bad-option', what);
		assert.deepEqual(t.take(), [], what);
		const l = listening(conf('linux'));
		assert.equal(l.host.receive(synWithOptionBytes(bytes)), null, what);
		const [synAck] = l.take();
		assert.equal(brief(synAck!), `SYN,ACK seq=${ISS} ack=${PEER_ISS + 1} len=0`, what);
		assert.equal(l.host.snapshot().unaccepted![0]!.state, 'SYN_RCVD');
		// What came before the bad option counts; the bad one does not.
		l.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
		l.host.accept(3);
		l.host.write(4, new Uint8Array(3000));
		assert.equal(l.take()[0]!.payload.length, mss, `${what}: MSS ${mss}`);
	}
});

test('synFinToListener: textbook answers SYN+FIN as a SYN; linux drops it', () => {
	const t = listening(conf('textbook'));
	assert.equal(t.send(seg({flags: 'SYN,FIN', seq: PEER_ISS})), null);
	assert.deepEqual(t.take().map(brief), [`SYN,ACK seq=${ISS} ack=${PEER_ISS + 1} len=0`], 'the FIN is not processed in LISTEN');
	const l = listening(conf('linux'));
	assert.equal(l.send(seg({flags: 'SYN,FIN', seq: PEER_ISS})), 'syn-fin-to-listener');
	assert.deepEqual(l.take(), []);
	assert.equal(l.host.snapshot().sockets[0]!.listener!.synQueue, 0);
});

/** Server rig whose accepted connection (peer port 5000) is in TIME_WAIT after an active close. */
function timeWait(profile: StackProfileName, options: {timestamps?: boolean} = {}): Rig {
	const r = listening(conf(profile));
	r.host.accept(3);
	const ts = (v: number) => (options.timestamps ? {timestamps: {tsval: v, tsecr: 0}} : {});
	r.send(seg({flags: 'SYN', seq: PEER_ISS, options: {mss: 1460, ...ts(100)}}));
	const synAck = r.take()[0]!;
	const echo = (v: number) => (options.timestamps ? {timestamps: {tsval: v, tsecr: synAck.options.timestamps!.tsval}} : {});
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, options: echo(101)}));
	r.host.close(4);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 2, options: echo(102)}));
	r.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 2, options: echo(103)}));
	r.take();
	assert.equal(r.host.snapshot().sockets.find((s) => s.orphaned)?.state, 'TIME_WAIT');
	return r;
}

test('timeWaitSyn: a SYN with a higher sequence number in TIME_WAIT: textbook challenge ACK; linux a new connection', () => {
	const t = timeWait('textbook');
	assert.equal(t.send(seg({flags: 'SYN', seq: PEER_ISS + 50_000})), 'syn-challenged');
	assert.deepEqual(t.take().map(brief), [`ACK seq=${ISS + 2} ack=${PEER_ISS + 2} len=0`]);
	const l = timeWait('linux');
	assert.equal(l.send(seg({flags: 'SYN', seq: PEER_ISS + 50_000, options: {mss: 1460}})), null);
	const [synAck] = l.take();
	assert.equal(synAck!.flags.syn && synAck!.flags.ack, true);
	assert.equal(synAck!.ack, PEER_ISS + 50_001);
	assert.ok(l.states().some((s) => s.from === 'TIME_WAIT' && s.to === 'CLOSED' && s.why.code === 'time-wait-reopened-by-newer-syn'));
	assert.equal(l.host.snapshot().unaccepted![0]!.state, 'SYN_RCVD');
	// An older one is no new incarnation: below RCV.NXT it is unacceptable, so ACKed; TIME_WAIT stays.
	const old = timeWait('linux');
	assert.equal(old.send(seg({flags: 'SYN', seq: PEER_ISS - 50_000})), 'duplicate');
	assert.deepEqual(old.take().map(brief), [`ACK seq=${ISS + 2} ack=${PEER_ISS + 2} len=0`]);
	assert.equal(old.host.snapshot().sockets.find((s) => s.orphaned)?.state, 'TIME_WAIT');
});

test('timeWaitSyn (linux, RFC 6191): with timestamps a newer TSval reopens even with a lower sequence number; an older one does not', () => {
	const l = timeWait('linux', {timestamps: true});
	assert.equal(l.send(seg({flags: 'SYN', seq: PEER_ISS - 50_000, options: {mss: 1460, timestamps: {tsval: 99, tsecr: 0}}})), 'paws');
	assert.equal(l.host.snapshot().sockets.find((s) => s.orphaned)?.state, 'TIME_WAIT');
	l.take();
	assert.equal(l.send(seg({flags: 'SYN', seq: PEER_ISS - 50_000, options: {mss: 1460, timestamps: {tsval: 500, tsecr: 0}}})), null);
	assert.equal(l.take()[0]!.ack, (PEER_ISS - 49_999) >>> 0);
	assert.equal(l.host.snapshot().unaccepted![0]!.state, 'SYN_RCVD');
});

test('rejectTooOldAck: data with an ACK below SND.UNA − MAX.SND.WND: textbook takes it; linux ACKs and drops it (RFC 5961 §5.2)', () => {
	for (const profile of STACK_PROFILES) {
		const r = established(conf(profile));
		// Move SND.UNA 100 000 bytes on (the peer's window is 65 535), ACKing whatever was sent.
		r.host.write(4, new Uint8Array(100_000));
		for (let i = 0; i < 200 && conn(r).sndUna !== ISS + 100_001; i++) {
			r.take();
			r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: conn(r).sndNxt!}));
		}
		r.take();
		assert.equal(conn(r).sndUna, ISS + 100_001);
		const injected = seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'evil'});
		if (profile === 'textbook') {
			assert.equal(r.send(injected), null);
			assert.equal(conn(r).recvBuffer.used, 4, 'the blind injection is accepted');
		} else {
			assert.equal(r.send(injected), 'ack-too-old');
			assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 100_001} ack=${PEER_ISS + 1} len=0`]);
			assert.equal(conn(r).recvBuffer.used, 0);
			// Within MAX.SND.WND of SND.UNA an old ACK is just old: the data is taken.
			assert.equal(r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 100_001 - 60_000, data: 'fine'})), null);
			assert.equal(conn(r).recvBuffer.used, 4);
		}
	}
});

test('zeroWindowProbe: textbook sends one new byte beyond the window; linux a pure ACK with SEQ = SND.UNA − 1', () => {
	for (const [profile, probe] of [['textbook', `ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=1`], ['linux', `ACK seq=${ISS} ack=${PEER_ISS + 1} len=0`]] as const) {
		const r = established(conf(profile));
		r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, window: 0}));
		r.host.write(4, 'abcdef');
		assert.deepEqual(r.take(), []);
		const rto = conn(r).rto;
		r.run(rto);
		assert.deepEqual(r.take().map(brief), [probe], profile);
		r.run(2 * rto);
		assert.deepEqual(r.take().map(brief), [probe], `${profile}: backed off, probed again`);
		r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, window: 1000}));
		assert.deepEqual(r.take().map(brief), [`PSH,ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=6`], `${profile}: the window opened, data flows`);
	}
});

test('finWait2Timeout: an orphaned FIN_WAIT_2 lives on in textbook; linux drops it after 60 s, silently', () => {
	for (const profile of STACK_PROFILES) {
		const r = established(conf(profile));
		r.host.close(4);
		r.take();
		r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
		const orphan = () => r.host.snapshot().sockets.find((s) => s.orphaned);
		assert.equal(orphan()?.state, 'FIN_WAIT_2');
		r.run(59_999);
		assert.equal(orphan()?.state, 'FIN_WAIT_2');
		r.run(1);
		if (profile === 'textbook') {
			r.run(600_000);
			assert.equal(orphan()?.state, 'FIN_WAIT_2', 'RFC 9293 sets no limit');
		} else {
			assert.equal(orphan(), undefined);
			assert.deepEqual(r.states().at(-1), {from: 'FIN_WAIT_2', to: 'CLOSED', why: {code: 'fin-wait-2-timeout', seconds: 60}});
		}
		assert.deepEqual(r.take(), [], 'no RST');
	}
	// Half-closed but still open (shutdown, not close): the app may still read, so no timer.
	const h = established(conf('linux'));
	h.host.shutdown(4, 'wr');
	h.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	h.run(120_000);
	assert.equal(h.state(4), 'FIN_WAIT_2');
	// …until it is closed: then the 60 s start.
	h.host.close(4);
	h.run(60_000);
	assert.equal(h.host.snapshot().sockets.find((s) => s.orphaned), undefined);
	// A FIN in time moves it to TIME_WAIT as usual, and the timer is gone.
	const f = established(conf('linux', {msl: 1000}));
	f.host.close(4);
	f.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	f.run(30_000);
	f.send(seg({flags: 'FIN,ACK', seq: PEER_ISS + 1, ack: ISS + 2}));
	assert.equal(f.host.snapshot().sockets.find((s) => s.orphaned)?.state, 'TIME_WAIT');
	assert.ok(f.events.some((e) => e.kind === 'timer' && e.timer === 'fin-wait-2' && e.action === 'cancelled'));
});

test('delayedAck/quickAckSegments: textbook ACKs every segment at once; linux quick-ACKs the first 16, then every second, a lone one after 40 ms', () => {
	const data = (i: number) => seg({flags: 'ACK', seq: PEER_ISS + 1 + i * 100, ack: ISS + 1, data: 'x'.repeat(100)});
	const t = established(conf('textbook', {mss: 100}));
	for (let i = 0; i < 20; i++) {
		t.send(data(i));
		assert.equal(t.take().length, 1);
	}
	const l = established(conf('linux', {mss: 100}));
	const acked: number[] = [];
	for (let i = 0; i < 21; i++) {
		l.send(data(i));
		if (l.take().length > 0) acked.push(i);
	}
	assert.deepEqual(acked, [...Array.from({length: 16}, (_, i) => i), 17, 19], 'quick ACKs, then every second segment');
	l.run(39);
	assert.deepEqual(l.take(), []);
	l.run(1);
	assert.deepEqual(l.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 2101} len=0`], 'the 21st waits the 40 ms delayed-ACK timer');
});

for (const profile of STACK_PROFILES) {
	test(`${profile}: simultaneous open: the peer's SYN+ACK is ACKed (RFC 9293 §3.10.7.4: a duplicate SYN is not acceptable, so it is ACKed)`, () => {
		const r = synSent(conf(profile));
		r.send(fromServer({flags: 'SYN', seq: PEER_ISS, options: {mss: 1460}}));
		assert.deepEqual(r.take().map(brief), [`SYN,ACK seq=${ISS} ack=${PEER_ISS + 1} len=0`]);
		assert.equal(r.state(3), 'SYN_RCVD');
		assert.equal(r.send(fromServer({flags: 'SYN,ACK', seq: PEER_ISS, ack: ISS + 1, options: {mss: 1460}})), null);
		assert.deepEqual(r.take().map(brief), [`ACK seq=${ISS + 1} ack=${PEER_ISS + 1} len=0`]);
		assert.equal(r.state(3), 'ESTABLISHED');
		assert.deepEqual(r.states().at(-1), {from: 'SYN_RCVD', to: 'ESTABLISHED', why: {code: 'simultaneous-open-synack'}});
		// The peer's ACK of our SYN+ACK then changes nothing and is not answered.
		assert.equal(r.send(fromServer({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1})), null);
		assert.deepEqual(r.take(), []);
	});
}
