// RFC 7323 timestamps (RTTM, PAWS) and RFC 2018 selective acknowledgements, both optional.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {brief, ISS, listening, PEER_ISS, seg} from './helpers.js';

function withOptions(config: {timestamps?: boolean; sack?: boolean; mss?: number}, peer: {timestamps?: boolean; sack?: boolean}) {
	const r = listening({config});
	r.host.accept(3);
	r.send(seg({flags: 'SYN', seq: PEER_ISS, options: {
		mss: 1460,
		...(peer.timestamps ? {timestamps: {tsval: 1000, tsecr: 0}} : {}),
		...(peer.sack ? {sackPermitted: true} : {}),
	}}));
	const [synAck] = r.take();
	return {r, synAck: synAck!};
}

test('timestamps: offered only when asked, echoed in the SYN+ACK, then on every segment', () => {
	const off = withOptions({}, {timestamps: true});
	assert.equal(off.synAck.options.timestamps, undefined, 'not offered when the option is off');
	const {r, synAck} = withOptions({timestamps: true}, {timestamps: true});
	assert.equal(synAck.options.timestamps!.tsecr, 1000);
	const ourTs = synAck.options.timestamps!.tsval;
	r.run(40);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, options: {timestamps: {tsval: 1010, tsecr: ourTs}}}));
	const conn = r.host.snapshot().sockets.find((s) => s.fd === 4)!.connection!;
	assert.equal(conn.srtt, 40);
	r.host.write(4, 'x'.repeat(3000));
	const out = r.take();
	assert.deepEqual(out.map((s) => s.payload.length), [1448, 1448, 104], 'MSS − 12 bytes of data per segment: room for the option');
	for (const s of out) assert.deepEqual(s.options.timestamps, {tsval: ourTs + 40, tsecr: 1010});
	// RTTM: the ACK echoing our timestamp 25 ms later is a sample, whatever was retransmitted.
	r.run(25);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 3001, options: {timestamps: {tsval: 1030, tsecr: ourTs + 40}}}));
	const after = r.host.snapshot().sockets.find((s) => s.fd === 4)!.connection!;
	assert.notEqual(after.srtt, 40);
	assert.ok(after.srtt! < 40 && after.srtt! > 25);
});

test('PAWS: a segment with a timestamp older than TS.Recent is an old duplicate, ACKed and dropped', () => {
	const {r, synAck} = withOptions({timestamps: true}, {timestamps: true});
	const ourTs = synAck.options.timestamps!.tsval;
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'new', options: {timestamps: {tsval: 2000, tsecr: ourTs}}}));
	r.take();
	assert.equal(r.send(seg({flags: 'ACK', seq: PEER_ISS + 4, ack: ISS + 1, data: 'old', options: {timestamps: {tsval: 1500, tsecr: ourTs}}})), 'paws');
	const [ack] = r.take();
	assert.equal(brief(ack!), `ACK seq=${ISS + 1} ack=${PEER_ISS + 4} len=0`);
	assert.equal(ack!.options.timestamps!.tsecr, 2000);
	assert.equal(new TextDecoder().decode(r.host.read(4, 10).data), 'new');
});

test('SACK: negotiated by both SYNs; out-of-order data is reported in SACK blocks, latest first', () => {
	const off = withOptions({}, {sack: true});
	assert.equal(off.synAck.options.sackPermitted, undefined);
	const {r, synAck} = withOptions({sack: true}, {sack: true});
	assert.equal(synAck.options.sackPermitted, true);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 101, ack: ISS + 1, data: 'b'.repeat(100)}));
	assert.deepEqual(r.take()[0]!.options.sack, [[PEER_ISS + 101, PEER_ISS + 201]]);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 301, ack: ISS + 1, data: 'd'.repeat(100)}));
	assert.deepEqual(r.take()[0]!.options.sack, [[PEER_ISS + 301, PEER_ISS + 401], [PEER_ISS + 101, PEER_ISS + 201]]);
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 201, ack: ISS + 1, data: 'c'.repeat(100)}));
	assert.deepEqual(r.take()[0]!.options.sack, [[PEER_ISS + 101, PEER_ISS + 401]], 'adjacent blocks merge');
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1, data: 'a'.repeat(100)}));
	const [full] = r.take();
	assert.equal(full!.ack, PEER_ISS + 401);
	assert.equal(full!.options.sack, undefined, 'no blocks once nothing is out of order');
});

test('SACK recovery: duplicate ACKs with SACK blocks retransmit every hole, not one per round trip', () => {
	const {r} = withOptions({sack: true, mss: 1000}, {sack: true});
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1}));
	r.host.write(4, new Uint8Array(12_000).fill(9));
	r.take();
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 1001}));
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: ISS + 2001}));
	r.take(); // now 2000..8000 in flight (six segments)
	const base = ISS + 1;
	const dup = (blocks: Array<[number, number]>) => seg({flags: 'ACK', seq: PEER_ISS + 1, ack: base + 2000, options: {sack: blocks}});
	// Segments 2000 and 4000 are lost; 3000, 5000, 6000, 7000 arrive.
	r.send(dup([[base + 3000, base + 4000]]));
	r.send(dup([[base + 5000, base + 6000], [base + 3000, base + 4000]]));
	r.send(dup([[base + 5000, base + 7000], [base + 3000, base + 4000]]));
	const fast = r.take();
	assert.equal(fast[0]!.seq, base + 2000, 'fast retransmit of the first hole');
	assert.equal(fast[0]!.payload.length, 1000, 'only the hole, not what the peer holds');
	r.send(dup([[base + 5000, base + 8000], [base + 3000, base + 4000]]));
	const more = r.take();
	assert.equal(more.find((s) => s.seq === base + 4000)?.payload.length, 1000, 'the second hole goes out on the next duplicate ACK');
	// The retransmissions arrive: one cumulative ACK covers everything, recovery ends.
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: base + 8000}));
	const c = r.host.snapshot().sockets.find((s) => s.fd === 4)!.connection!;
	assert.equal(c.sndUna, base + 8000);
});
