import {test} from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import {fold, internetChecksum, onesComplementSum} from '../../source/stack/checksum.js';
import {
	decodeSegment, describeSegment, encodeOutput, encodeSegment, encodeOptions, segmentSeqLength, parseIPv4, formatIPv4,
	sharedAddressText,
} from '../../source/stack/segment.js';
import {noFlags, type DecodeError, type Segment, type TcpFlags, type TcpOptions} from '../../source/stack/types.js';

function flags(...names: Array<keyof TcpFlags>): TcpFlags {
	const f = noFlags();
	for (const n of names) f[n] = true;
	return f;
}

function segment(overrides: Partial<Segment> = {}): Segment {
	return {
		src: '10.0.0.1', dst: '10.0.0.2', srcPort: 49152, dstPort: 80,
		seq: 1000, ack: 0, flags: flags('syn'), window: 65535, urgent: 0,
		options: {}, payload: new Uint8Array(0), ...overrides,
	};
}

/** An independent, deliberately naive RFC 1071 checksum: modulo-65535 arithmetic with BigInt-free words. */
function naiveChecksum(words: number[]): number {
	let sum = 0;
	for (const w of words) {
		sum += w;
		sum = (sum & 0xffff) + (sum >>> 16);
	}
	return (~sum) & 0xffff;
}

function wordsOf(bytes: Uint8Array | number[]): number[] {
	const out: number[] = [];
	for (let i = 0; i < bytes.length; i += 2) out.push((bytes[i]! << 8) | (bytes[i + 1] ?? 0));
	return out;
}

function hex(text: string): Uint8Array {
	const clean = text.replace(/\s+/g, '');
	const out = new Uint8Array(clean.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
	return out;
}

test('RFC 1071 example sums to 0xddf2, checksum 0x220d', () => {
	const bytes = hex('0001 f203 f4f5 f6f7');
	assert.equal(onesComplementSum(bytes), 0xddf2);
	assert.equal(internetChecksum(bytes), 0x220d);
});

test('a well-known IPv4 header checksum (192.168.0.1 → 192.168.0.199, 0xb861)', () => {
	const header = hex('4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7');
	assert.equal(internetChecksum(header), 0xb861);
	header[10] = 0xb8;
	header[11] = 0x61;
	assert.equal(internetChecksum(header), 0);
});

test('odd lengths pad with a zero byte; start/end/initial select a range', () => {
	assert.equal(internetChecksum(hex('ab')), (~0xab00) & 0xffff);
	const bytes = hex('ffff 0001 1234 5678 9a');
	assert.equal(internetChecksum(bytes, 4, 9), naiveChecksum(wordsOf([0x12, 0x34, 0x56, 0x78, 0x9a])));
	assert.equal(internetChecksum(bytes, 4, 8, 0x1111), naiveChecksum([0x1111, 0x1234, 0x5678]));
});

test('checksum of big random buffers agrees with the naive implementation', () => {
	let x = 12345;
	for (const size of [0, 1, 2, 7, 8, 9, 15, 1460, 1461, 65535]) {
		const bytes = new Uint8Array(size);
		for (let i = 0; i < size; i++) {
			x = (x * 1103515245 + 12345) >>> 0;
			bytes[i] = x >>> 24;
		}
		assert.equal(internetChecksum(bytes), naiveChecksum(wordsOf(bytes)), `size ${size}`);
	}
	const ones = new Uint8Array(65534).fill(0xff);
	assert.equal(internetChecksum(ones), naiveChecksum(wordsOf(ones)));
});

test('aligned fast path and byte path agree at every alignment and length', () => {
	let x = 99;
	const backing = new Uint8Array(3000);
	for (let i = 0; i < backing.length; i++) {
		x = (x * 1103515245 + 12345) >>> 0;
		backing[i] = x >>> 24;
	}
	for (let offset = 0; offset < 8; offset++) {
		for (const length of [63, 64, 65, 66, 67, 100, 1460, 1461, 2900]) {
			const view = backing.subarray(offset, offset + length);
			assert.equal(internetChecksum(view), naiveChecksum(wordsOf(view)), `offset ${offset} length ${length}`);
			assert.equal(internetChecksum(backing, offset, offset + length, 0x1234), naiveChecksum([0x1234, ...wordsOf(view)]));
		}
	}
	// More than 2^20 32-bit words of 0xffffffff: the periodic fold must not lose carries.
	const huge = new Uint8Array(4 * 0x100000 + 12).fill(0xff);
	huge[5] = 0x12;
	assert.equal(internetChecksum(huge), naiveChecksum(wordsOf(huge)));
});

test('encoded SYN: every header byte where RFC 791 and RFC 9293 put it', () => {
	const seg = segment({seq: 0x01020304, ack: 0x0a0b0c0d, flags: flags('syn', 'ack'), window: 0x1234, urgent: 0, ipId: 0x4242, ttl: 63, options: {mss: 1460}});
	const b = encodeSegment(seg);
	assert.equal(b.length, 20 + 24);
	assert.equal(b[0], 0x45);
	assert.equal((b[2]! << 8) | b[3]!, 44);
	assert.equal((b[4]! << 8) | b[5]!, 0x4242);
	assert.equal((b[6]! << 8) | b[7]!, 0x4000, 'DF set, no fragment offset');
	assert.equal(b[8], 63);
	assert.equal(b[9], 6);
	assert.deepEqual([...b.subarray(12, 20)], [10, 0, 0, 1, 10, 0, 0, 2]);
	assert.deepEqual([...b.subarray(20, 24)], [0xc0, 0x00, 0x00, 0x50]);
	assert.deepEqual([...b.subarray(24, 32)], [1, 2, 3, 4, 0x0a, 0x0b, 0x0c, 0x0d]);
	assert.equal(b[32], 6 << 4, 'data offset 6 words');
	assert.equal(b[33], 0x12, 'SYN|ACK');
	assert.deepEqual([...b.subarray(34, 36)], [0x12, 0x34]);
	assert.deepEqual([...b.subarray(40, 44)], [2, 4, 0x05, 0xb4], 'MSS 1460');
	// Known answer, computed independently: IP header words, then pseudo-header + TCP words.
	const ipWords = wordsOf(b.subarray(0, 20));
	ipWords[5] = 0;
	assert.equal((b[10]! << 8) | b[11]!, naiveChecksum(ipWords));
	const tcpWords = wordsOf(b.subarray(20));
	tcpWords[8] = 0;
	const pseudo = [0x0a00, 0x0001, 0x0a00, 0x0002, 0x0006, 24];
	assert.equal((b[36]! << 8) | b[37]!, naiveChecksum([...pseudo, ...tcpWords]));
});

test('a captured packet: hand-assembled SYN bytes decode with valid checksums', () => {
	// Built by hand from the field values (not by encodeSegment), checksums filled in independently.
	const ip = [0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0, 0, 192, 168, 1, 10, 93, 184, 216, 34];
	const tcp = [0xd4, 0x31, 0x01, 0xbb, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 0, 0x50, 0x02, 0xfa, 0xf0, 0, 0, 0, 0];
	const ipSum = naiveChecksum(wordsOf(ip));
	ip[10] = ipSum >>> 8;
	ip[11] = ipSum & 0xff;
	const tcpSum = naiveChecksum([0xc0a8, 0x010a, 0x5db8, 0xd822, 6, 20, ...wordsOf(tcp)]);
	tcp[16] = tcpSum >>> 8;
	tcp[17] = tcpSum & 0xff;
	const r = decodeSegment(Uint8Array.from([...ip, ...tcp]));
	assert.ok(r.ok, JSON.stringify(r));
	assert.equal(r.segment.src, '192.168.1.10');
	assert.equal(r.segment.dst, '93.184.216.34');
	assert.equal(r.segment.srcPort, 54321);
	assert.equal(r.segment.dstPort, 443);
	assert.equal(r.segment.seq, 0xfffffffe);
	assert.equal(r.segment.window, 64240);
	assert.deepEqual(r.segment.flags, flags('syn'));
	// And our encoder produces exactly these bytes.
	assert.deepEqual([...encodeSegment(r.segment)], [...ip, ...tcp]);
});

function roundTrip(seg: Segment): Segment {
	const r = decodeSegment(encodeSegment(seg));
	assert.ok(r.ok, `decode failed: ${r.ok ? '' : r.reason}`);
	return r.segment;
}

function assertSame(actual: Segment, expected: Segment): void {
	assert.equal(actual.src, expected.src);
	assert.equal(actual.dst, expected.dst);
	assert.equal(actual.srcPort, expected.srcPort);
	assert.equal(actual.dstPort, expected.dstPort);
	assert.equal(actual.seq, expected.seq);
	assert.equal(actual.ack, expected.ack);
	assert.deepEqual(actual.flags, expected.flags);
	assert.equal(actual.window, expected.window);
	assert.equal(actual.urgent, expected.urgent);
	assert.deepEqual(actual.options, expected.options);
	assert.deepEqual([...actual.payload], [...expected.payload]);
}

test('every option round-trips, alone and together', () => {
	const cases: TcpOptions[] = [
		{},
		{mss: 1460},
		{mss: 0xffff},
		{wscale: 7},
		{wscale: 14},
		{sackPermitted: true},
		{timestamps: {tsval: 0xdeadbeef, tsecr: 1}},
		{sack: [[1, 2]]},
		{sack: [[0xfffffff0, 0x10], [100, 200], [300, 400], [500, 600]]},
		{unknown: [{kind: 30, data: Uint8Array.from([1, 2, 3])}]},
		{unknown: [{kind: 254, data: new Uint8Array(0)}]},
		{mss: 1460, sackPermitted: true, timestamps: {tsval: 5, tsecr: 0}, wscale: 7},
		{mss: 536, sackPermitted: true, wscale: 0},
		{timestamps: {tsval: 1, tsecr: 2}, sack: [[10, 20], [30, 40], [50, 60]]},
	];
	for (const options of cases) {
		const seg = segment({options});
		assertSame(roundTrip(seg), seg);
		assert.equal(encodeOptions(options).length % 4, 0);
	}
});

test('SACK blocks that do not fit in 40 bytes are left out, not overflowed', () => {
	const sack: Array<[number, number]> = [[1, 2], [3, 4], [5, 6], [7, 8]];
	const got = roundTrip(segment({options: {timestamps: {tsval: 1, tsecr: 2}, sack}}));
	assert.deepEqual(got.options.sack, sack.slice(0, 3));
	const bytes = encodeSegment(segment({options: {mss: 1460, timestamps: {tsval: 1, tsecr: 2}, wscale: 3, sackPermitted: true, sack}}));
	assert.equal(bytes.length, 20 + 60, 'a full 40 bytes of options');
	const full = decodeSegment(bytes);
	assert.ok(full.ok);
	assert.deepEqual(full.segment.options.sack, sack.slice(0, 2));
});

test('all flags, payload, urgent pointer, TTL and IP id round-trip', () => {
	const payload = new TextEncoder().encode('hello, world! odd length');
	for (const name of ['fin', 'syn', 'rst', 'psh', 'ack', 'urg', 'ece', 'cwr'] as const) {
		const seg = segment({flags: flags(name), payload});
		assertSame(roundTrip(seg), seg);
	}
	const all = segment({flags: flags('fin', 'syn', 'rst', 'psh', 'ack', 'urg', 'ece', 'cwr'), urgent: 7, payload, ttl: 1, ipId: 65535});
	const got = roundTrip(all);
	assertSame(got, all);
	assert.equal(got.ttl, 1);
	assert.equal(got.ipId, 65535);
	const big = segment({flags: flags('ack', 'psh'), payload: new Uint8Array(1460).map((_, i) => i * 7)});
	assertSame(roundTrip(big), big);
});

test('sequence and ack numbers near 2^32 round-trip', () => {
	for (const n of [0, 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff]) {
		const seg = segment({seq: n, ack: (n + 1) % 0x1_0000_0000, flags: flags('ack')});
		assertSame(roundTrip(seg), seg);
	}
});

test('segmentSeqLength counts SYN and FIN, not ACK', () => {
	assert.equal(segmentSeqLength(segment({flags: flags('syn')})), 1);
	assert.equal(segmentSeqLength(segment({flags: flags('syn', 'ack')})), 1);
	assert.equal(segmentSeqLength(segment({flags: flags('ack')})), 0);
	assert.equal(segmentSeqLength(segment({flags: flags('fin', 'ack')})), 1);
	assert.equal(segmentSeqLength(segment({flags: flags('ack', 'fin'), payload: new Uint8Array(5)})), 6);
	assert.equal(segmentSeqLength(segment({flags: flags('syn', 'fin')})), 2);
});

test('describeSegment', () => {
	assert.equal(describeSegment(segment({seq: 5, ack: 9, flags: flags('syn', 'ack'), window: 100})), 'SYN,ACK seq=5 ack=9 len=0 win=100');
	assert.equal(describeSegment(segment({seq: 5, flags: flags('syn'), window: 100, options: {mss: 1460, wscale: 7}})), 'SYN seq=5 len=0 win=100 <mss=1460,ws=7>');
	assert.equal(describeSegment(segment({seq: 1, ack: 2, flags: flags('psh', 'ack'), payload: new Uint8Array(3), window: 9})), 'PSH,ACK seq=1 ack=2 len=3 win=9');
});

test('addresses', () => {
	assert.equal(parseIPv4('10.0.0.1'), 0x0a000001);
	assert.equal(parseIPv4('255.255.255.255'), 0xffffffff);
	for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', 'a.b.c.d', '1..2.3', ' 1.2.3.4', '1.2.3.-4']) assert.equal(parseIPv4(bad), null, bad);
	assert.equal(formatIPv4(0xc0a80001), '192.168.0.1');
	assert.throws(() => encodeSegment(segment({dst: 'server'})), RangeError);
});

// -------------------------------------------------------------------------------------------
// Every DecodeError is reachable.

/** Rewrite header fields of a valid packet and fix both checksums, so only the intended fault remains. */
function mutate(seg: Segment, change: (b: Uint8Array) => Uint8Array | void, fixChecksums = true): Uint8Array {
	let b = encodeSegment(seg);
	b = change(b) ?? b;
	if (fixChecksums) refreshChecksums(b);
	return b;
}

function refreshChecksums(b: Uint8Array): void {
	const ihl = (b[0]! & 0xf) * 4;
	b[10] = 0;
	b[11] = 0;
	const ipSum = internetChecksum(b, 0, ihl);
	b[10] = ipSum >>> 8;
	b[11] = ipSum & 0xff;
	const total = (b[2]! << 8) | b[3]!;
	const t = ihl;
	if (total - t >= 18) {
		b[t + 16] = 0;
		b[t + 17] = 0;
		const pseudo = ((b[12]! << 8) | b[13]!) + ((b[14]! << 8) | b[15]!) + ((b[16]! << 8) | b[17]!) + ((b[18]! << 8) | b[19]!) + b[9]! + (total - t);
		const sum = internetChecksum(b, t, total, pseudo);
		b[t + 16] = sum >>> 8;
		b[t + 17] = sum & 0xff;
	}
}

function reason(bytes: Uint8Array): DecodeError | 'ok' {
	const r = decodeSegment(bytes);
	return r.ok ? 'ok' : r.reason;
}

test('every DecodeError is reachable', () => {
	const data = segment({flags: flags('ack', 'psh'), payload: new Uint8Array(10).fill(0x61), options: {mss: 1460}});
	const valid = encodeSegment(data);
	assert.equal(reason(valid), 'ok');
	const cases: Array<[DecodeError, Uint8Array]> = [
		['truncated-ip-header', valid.slice(0, 19)],
		['truncated-ip-header', new Uint8Array(0)],
		['not-ipv4', mutate(data, b => { b[0] = 0x65; })],
		['bad-ip-header-length', mutate(data, b => { b[0] = 0x44; })],
		['bad-ip-total-length', mutate(data, b => { b[2] = 0; b[3] = 19; })],
		['bad-ip-total-length', mutate(data, b => { b[3] = b[3]! + 1; })],
		['bad-ip-total-length', valid.slice(0, valid.length - 1)],
		['bad-ip-checksum', mutate(data, b => { b[8] = 1; }, false)],
		['not-tcp', mutate(data, b => { b[9] = 17; })],
		['fragmented', mutate(data, b => { b[6] = 0x20; })],
		['fragmented', mutate(data, b => { b[6] = 0x00; b[7] = 0x10; })],
		['truncated-tcp-header', mutate(data, b => { b[2] = 0; b[3] = 39; })],
		['bad-data-offset', mutate(data, b => { b[32] = 4 << 4; })],
		['bad-data-offset', mutate(data, b => { b[32] = 15 << 4; })],
		['bad-tcp-checksum', mutate(data, b => { b[b.length - 1] = 0x62; }, false)],
		['bad-option', mutate(data, b => { b[41] = 0; })],
		['bad-option', mutate(data, b => { b[41] = 1; })],
		['bad-option', mutate(data, b => { b[41] = 5; })],
		['bad-option', mutate(data, b => { b[41] = 3; })],
	];
	for (const [expected, bytes] of cases) assert.equal(reason(bytes), expected, `expected ${expected}`);
	const all: DecodeError[] = ['truncated-ip-header', 'not-ipv4', 'bad-ip-header-length', 'bad-ip-total-length', 'bad-ip-checksum',
		'not-tcp', 'fragmented', 'truncated-tcp-header', 'bad-data-offset', 'bad-tcp-checksum', 'bad-option'];
	assert.deepEqual(new Set(cases.map(c => c[0])), new Set(all));
});

test('IP options are skipped; trailing bytes past the total length are ignored', () => {
	const seg = segment({flags: flags('ack'), payload: Uint8Array.from([1, 2, 3])});
	const plain = encodeSegment(seg);
	// Insert 4 bytes of IP options (NOP NOP NOP EOL) → IHL 6.
	const withOptions = new Uint8Array(plain.length + 4);
	withOptions.set(plain.subarray(0, 20));
	withOptions.set([1, 1, 1, 0], 20);
	withOptions.set(plain.subarray(20), 24);
	withOptions[0] = 0x46;
	withOptions[3] = withOptions[3]! + 4;
	refreshChecksums(withOptions);
	const r = decodeSegment(withOptions);
	assert.ok(r.ok);
	assertSame(r.segment, seg);
	const padded = new Uint8Array(plain.length + 6);
	padded.set(plain);
	padded.fill(0xee, plain.length);
	const p = decodeSegment(padded);
	assert.ok(p.ok);
	assertSame(p.segment, seg);
});

test('unknown options with a sane length are skipped and kept; EOL ends the list', () => {
	const seg = segment({options: {unknown: [{kind: 99, data: Uint8Array.from([7, 7])}], mss: 1200}});
	const got = roundTrip(seg);
	assert.equal(got.options.mss, 1200);
	assert.equal(got.options.unknown?.[0]?.kind, 99);
	assert.deepEqual([...got.options.unknown![0]!.data], [7, 7]);
	// Bytes after EOL are not parsed even if they look malformed.
	const b = mutate(segment({options: {mss: 1460}}), bytes => {
		const out = new Uint8Array(bytes.length + 4);
		out.set(bytes);
		out.set([0, 0xff, 1, 0], bytes.length);
		out[3] = out[3]! + 4;
		out[32] = 7 << 4;
		return out;
	});
	const r = decodeSegment(b);
	assert.ok(r.ok);
	assert.deepEqual(r.segment.options, {mss: 1460});
});

test('decode never throws on non-Uint8Array-ish input shapes', () => {
	assert.equal(reason(new Uint8Array(20)), 'not-ipv4');
	assert.equal(reason(Buffer.from(encodeSegment(segment()))), 'ok');
	const big = new Uint8Array(70_000);
	big[0] = 0x45;
	big[2] = 0xff;
	big[3] = 0xff;
	assert.equal(reason(big), 'bad-ip-checksum');
});

test('encoded packets never share bytes: changing one leaves the others valid', () => {
	const packets = Array.from({length: 200}, (_, i) => encodeSegment(segment({seq: i, flags: flags('ack'), payload: new Uint8Array(700 + i).fill(i)})));
	for (const p of packets) p.fill(0xff, 20);
	const fresh = Array.from({length: 200}, (_, i) => encodeSegment(segment({seq: i, flags: flags('ack'), payload: new Uint8Array(700 + i).fill(i)})));
	for (const [i, p] of fresh.entries()) {
		const r = decodeSegment(p);
		assert.ok(r.ok);
		assert.equal(r.segment.seq, i);
		assert.ok(r.segment.payload.every(b => b === (i & 0xff)));
	}
	const big = encodeSegment(segment({flags: flags('ack'), payload: new Uint8Array(20_000).fill(3)}));
	assert.ok(decodeSegment(big).ok, 'packets beyond the slab size get their own buffer');
});

test('fold: any sum below 2^53 folds to 16 bits, congruent modulo 0xffff, as repeated carry-adding does', () => {
	const slowFold = (n: bigint): bigint => {
		while (n > 0xffffn) n = (n & 0xffffn) + (n >> 16n);
		return n;
	};
	fc.assert(fc.property(fc.oneof(fc.integer({min: 0, max: 0xffff_ffff}), fc.maxSafeNat()), (sum) => {
		const folded = fold(sum);
		assert.equal(BigInt(folded), slowFold(BigInt(sum)));
		assert.ok(folded <= 0xffff);
	}), {numRuns: 2000});
	for (const sum of [0, 0xffff, 0x10000, 0xffff_ffff, 0x1_0000_0000, Number.MAX_SAFE_INTEGER]) assert.equal(BigInt(fold(sum)), slowFold(BigInt(sum)));
});

test('packets do not depend on what the memory they are carved from held before', () => {
	// Every byte is written by the encoder (the checksum fields too, not left to a zeroed slab):
	// the same segments, encoded before and after many others have filled slabs with other
	// bytes, come out byte for byte the same.
	const shapes: Segment[] = [
		segment({options: {mss: 1460, wscale: 7, sackPermitted: true, timestamps: {tsval: 1, tsecr: 0}}}),
		segment({flags: flags('ack'), options: {wscale: 3}}),
		segment({flags: flags('ack'), options: {unknown: [{kind: 99, data: new Uint8Array([1])}]}}),
		segment({flags: flags('ack', 'psh'), payload: new Uint8Array(1).fill(7)}),
		segment({flags: flags('ack', 'psh'), payload: new Uint8Array(1461).fill(9), options: {sack: [[5, 9]]}}),
		segment({flags: flags('ack'), ttl: 3, ipId: 0xbeef}),
	];
	const before = shapes.map((s) => Array.from(encodeSegment(s)));
	let x = 7;
	for (let i = 0; i < 3000; i++) {
		x = (x * 1103515245 + 12345) >>> 0;
		const payload = new Uint8Array(x % 1500).fill(x >>> 24);
		encodeSegment(segment({flags: flags('ack'), seq: x, ack: ~x >>> 0, window: x & 0xffff, payload}));
	}
	assert.deepEqual(shapes.map((s) => Array.from(encodeSegment(s))), before);
});

test('a bare header (an ACK) and a header with data: the header fast paths give the general sums', () => {
	for (const seg of [segment({flags: flags('ack'), seq: 0xffff_fff0, ack: 0x8000_0001, window: 0xffff}), segment({flags: flags('ack', 'fin'), payload: new Uint8Array([1, 2, 3])})]) {
		const b = encodeSegment(seg);
		assert.equal(internetChecksum(b, 0, 20), 0, 'IP header verifies');
		const pseudo = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 6 + (b.length - 20);
		assert.equal(internetChecksum(b, 20, b.length, pseudo), 0, 'TCP verifies');
		const decoded = decodeSegment(b);
		assert.ok(decoded.ok);
		for (let i = 0; i < b.length; i++) {
			const bad = b.slice();
			bad[i]! ^= 0x10;
			assert.equal(decodeSegment(bad).ok, false, `a flipped bit at byte ${i} is caught`);
		}
	}
});

test('encodeOutput: the segment keeps the packet\'s copy of its payload, untouched when the send buffer changes', () => {
	for (const size of [1, 1460, 9000]) {
		const sendBuffer = new Uint8Array(size + 10).map((_, i) => i * 31);
		const seg = segment({flags: flags('ack', 'psh'), payload: sendBuffer.subarray(5, 5 + size)});
		const expected = [...seg.payload];
		const packet = encodeOutput(seg);
		assert.deepEqual(packet, encodeSegment(segment({flags: flags('ack', 'psh'), payload: Uint8Array.from(expected)})));
		sendBuffer.fill(0);
		// Later packets are carved next to this one: they must not reach into its bytes either.
		for (let i = 0; i < 200; i++) encodeOutput(segment({flags: flags('ack'), payload: new Uint8Array(1400).fill(0xaa)}));
		assert.deepEqual([...seg.payload], expected, `size ${size}`);
		assert.equal(seg.payload.buffer, packet.buffer, 'a view of the packet');
		assert.equal(seg.payload.byteOffset, packet.byteOffset + packet.length - size);
	}
	const bare = segment({flags: flags('ack')});
	encodeOutput(bare);
	assert.equal(bare.payload.length, 0);
});

test('addresses round-trip while several pairs take turns (the codec remembers the last two of each side)', () => {
	const addresses = ['10.0.0.1', '10.0.0.2', '192.168.7.9', '172.16.0.1', '10.0.0.1'];
	for (let i = 0; i < 40; i++) {
		const src = addresses[i % addresses.length]!;
		const dst = addresses[(i * 3 + 1) % addresses.length]!;
		const decoded = decodeSegment(encodeSegment(segment({src, dst, flags: flags('ack')})));
		assert.ok(decoded.ok);
		assert.equal(decoded.segment.src, src);
		assert.equal(decoded.segment.dst, dst);
	}
});

test('sharedAddressText: the same text back, and decoded addresses read the same before and after it', () => {
	// Which string object decoding gives is not visible to JavaScript; what is: the text stays.
	const before = decodeSegment(encodeSegment(segment({src: '10.1.2.3', dst: '10.3.2.1'})));
	assert.ok(before.ok);
	for (const text of ['10.1.2.3', '10.3.2.1', '192.168.7.9', '010.1.2.3', '10.1.2', 'host', '1.2.3.4 ']) {
		assert.equal(sharedAddressText(text), text);
	}
	for (const [src, dst] of [['10.1.2.3', '10.3.2.1'], ['192.168.7.9', '10.1.2.3'], ['10.3.2.1', '192.168.7.9']] as const) {
		const decoded = decodeSegment(encodeSegment(segment({src, dst})));
		assert.ok(decoded.ok);
		assert.equal(decoded.segment.src, src);
		assert.equal(decoded.segment.dst, dst);
	}
	assert.equal(before.segment.src, '10.1.2.3');
});
