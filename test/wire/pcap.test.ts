import {test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {encodeSegment} from '../../source/stack/segment.js';
import {flagLabel, noFlags, type Segment, type TcpFlags} from '../../source/stack/types.js';
import type {SegmentEvent, SegmentFate, SimEvent} from '../../source/sim/events.js';
import {
	attachPcapWriter, LINKTYPE_IPV4, PcapError, PCAP_SNAPLEN, pcapRecord, virtualTimeToPcap,
} from '../../source/wire/pcap.js';
import {createWorld} from '../../source/sim/world.js';
import type {Call} from '../../source/stack/types.js';
import {assertCaptureMatches, isCorrupted, readWithTshark, recordedEvents, tsharkMissing} from './tshark.js';

function tempFile(name: string): string {
	return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tcptui-pcap-')), name);
}

function flags(...names: Array<keyof TcpFlags>): TcpFlags {
	const f = noFlags();
	for (const n of names) f[n] = true;
	return f;
}

/** A minimal event source standing in for a world: only `on` is needed by the writer. */
class EventSource {
	private listeners: Array<(e: SimEvent) => void> = [];
	readonly events: SimEvent[] = [];
	private nextId = 1;
	on(listener: (e: SimEvent) => void): () => void {
		this.listeners.push(listener);
		return () => {
			this.listeners = this.listeners.filter(l => l !== listener);
		};
	}

	segment(t: number, fate: SegmentFate, seg: Segment, extra: Partial<SegmentEvent> = {}): SegmentEvent {
		const bytes = encodeSegment(seg);
		const event: SegmentEvent = {
			t, kind: 'segment', id: this.nextId++, dir: seg.src === '10.0.0.1' ? 'c2s' : 's2c', fate,
			flags: flagLabel(seg.flags), seq: seg.seq, ack: seg.ack, len: seg.payload.length, win: seg.window,
			src: seg.src, dst: seg.dst, srcPort: seg.srcPort, dstPort: seg.dstPort, segment: seg, bytes, ...extra,
		};
		this.emit(event);
		return event;
	}

	emit(event: SimEvent): void {
		this.events.push(event);
		for (const l of this.listeners) l(event);
	}
}

function seg(overrides: Partial<Segment>): Segment {
	return {
		src: '10.0.0.1', dst: '10.0.0.2', srcPort: 49152, dstPort: 80, seq: 0, ack: 0, flags: flags('ack'),
		window: 65535, urgent: 0, options: {}, payload: new Uint8Array(0), ...overrides,
	};
}

function payload(n: number, start = 0): Uint8Array {
	const out = new Uint8Array(n);
	for (let i = 0; i < n; i++) out[i] = (start + i) & 0xff;
	return out;
}

/** Parse the file with an independent reader: global header fields and every record. */
function readPcap(file: string) {
	const b = fs.readFileSync(file);
	const header = {
		magic: b.readUInt32LE(0), major: b.readUInt16LE(4), minor: b.readUInt16LE(6),
		snaplen: b.readUInt32LE(16), linktype: b.readUInt32LE(20),
	};
	const records: Array<{sec: number; usec: number; incl: number; orig: number; data: Buffer}> = [];
	let at = 24;
	while (at < b.length) {
		const incl = b.readUInt32LE(at + 8);
		records.push({sec: b.readUInt32LE(at), usec: b.readUInt32LE(at + 4), incl, orig: b.readUInt32LE(at + 12), data: b.subarray(at + 16, at + 16 + incl)});
		at += 16 + incl;
	}
	assert.equal(at, b.length, 'records end exactly at the end of the file');
	return {header, records};
}

test('virtual time converts to seconds and microseconds', () => {
	assert.deepEqual(virtualTimeToPcap(0), {sec: 0, usec: 0});
	assert.deepEqual(virtualTimeToPcap(1500), {sec: 1, usec: 500_000});
	assert.deepEqual(virtualTimeToPcap(1234.5678), {sec: 1, usec: 234_568});
	assert.deepEqual(virtualTimeToPcap(999.9999), {sec: 1, usec: 0});
});

test('records are cut to the snap length but keep the original length', () => {
	const record = pcapRecord(10, new Uint8Array(PCAP_SNAPLEN + 5));
	const view = new DataView(record.buffer);
	assert.equal(view.getUint32(8, true), PCAP_SNAPLEN);
	assert.equal(view.getUint32(12, true), PCAP_SNAPLEN + 5);
	assert.equal(record.length, 16 + PCAP_SNAPLEN);
});

test('the writer records sent and duplicated packets only, corrupted ones with their wire bytes', async () => {
	const file = tempFile('a.pcap');
	const source = new EventSource();
	const pcap = attachPcapWriter(source, file);
	const syn = source.segment(0, 'sent', seg({seq: 100, flags: flags('syn'), options: {mss: 1460, wscale: 7, sackPermitted: true}}));
	source.segment(50, 'delivered', syn.segment);
	const data = seg({seq: 101, ack: 5001, flags: flags('ack', 'psh'), payload: payload(1000)});
	const corruptBytes = encodeSegment(data);
	corruptBytes[60] ^= 0x10;
	source.segment(100.25, 'sent', data, {wireBytes: corruptBytes});
	source.segment(100.25, 'duplicated', data);
	source.segment(150, 'lost', data);
	await pcap.close();
	// Events after close are not recorded (the writer unsubscribed).
	source.segment(200, 'sent', data);
	assert.equal(pcap.packets(), 3);

	const {header, records} = readPcap(file);
	assert.deepEqual(header, {magic: 0xa1b2c3d4, major: 2, minor: 4, snaplen: 65535, linktype: LINKTYPE_IPV4});
	assert.equal(records.length, 3);
	assert.deepEqual(records.map(r => [r.sec, r.usec]), [[0, 0], [0, 100_250], [0, 100_250]]);
	assert.deepEqual(new Uint8Array(records[0]!.data), syn.bytes);
	assert.deepEqual(new Uint8Array(records[1]!.data), corruptBytes);
	assert.deepEqual(new Uint8Array(records[2]!.data), encodeSegment(data));
	assert.ok(records.every(r => r.incl === r.orig));
});

test('a path that cannot be written is a PcapError with a one-line message', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcptui-pcap-'));
	const source = new EventSource();
	assert.throws(() => attachPcapWriter(source, path.join(dir, 'missing', 'x.pcap')), (error: unknown) => {
		assert.ok(error instanceof PcapError);
		assert.match(error.message, /^cannot write pcap file ".*x\.pcap": no such directory \(ENOENT\)$/);
		return true;
	});
	assert.throws(() => attachPcapWriter(source, dir), /it is a directory \(EISDIR\)/);
});

test('memory stays bounded: a long capture streams to disk as it goes', async () => {
	const file = tempFile('long.pcap');
	const source = new EventSource();
	const pcap = attachPcapWriter(source, file);
	const data = seg({seq: 1, flags: flags('ack'), payload: payload(1460)});
	for (let i = 0; i < 2000; i++) source.segment(i, 'sent', {...data, seq: 1 + 1460 * i});
	// Without closing, all but the last (under 64 KiB) batch is already in the file.
	const onDisk = fs.statSync(file).size;
	const total = 24 + 2000 * (16 + 40 + 1460);
	assert.ok(onDisk > total - 64 * 1024 - 1600, `on disk ${onDisk} of ${total}`);
	await pcap.close();
	assert.equal(fs.statSync(file).size, total);
});

test('tshark reads a hand-built capture: fields equal the events, checksums good except the corrupted one', async t => {
	const missing = tsharkMissing();
	if (missing) {
		t.skip(missing);
		return;
	}
	const file = tempFile('hand.pcap');
	const source = new EventSource();
	const pcap = attachPcapWriter(source, file);
	const c = (o: Partial<Segment>) => seg(o);
	const s = (o: Partial<Segment>) => seg({src: '10.0.0.2', dst: '10.0.0.1', srcPort: 80, dstPort: 49152, ...o});
	source.segment(0, 'sent', c({seq: 0xfffffff0, flags: flags('syn'), window: 64240, options: {mss: 1460, sackPermitted: true, timestamps: {tsval: 1, tsecr: 0}, wscale: 7}}));
	source.segment(50, 'sent', s({seq: 7, ack: 0xfffffff1, flags: flags('syn', 'ack'), window: 65160, options: {mss: 1460, wscale: 6}}));
	source.segment(100, 'sent', c({seq: 0xfffffff1, ack: 8, window: 502}));
	// Data that wraps the sequence space, an odd length, and a duplicate.
	const wrapping = c({seq: 0xfffffff1, ack: 8, flags: flags('ack', 'psh'), window: 502, payload: payload(1001)});
	source.segment(100, 'sent', wrapping);
	source.segment(100, 'duplicated', wrapping);
	const corrupted = s({seq: 8, ack: (0xfffffff1 + 1001) >>> 0, window: 1000, payload: payload(10)});
	const flipped = encodeSegment(corrupted);
	flipped[45] ^= 0x04;
	source.segment(150, 'sent', corrupted, {wireBytes: flipped});
	source.segment(200, 'sent', s({seq: 8, ack: (0xfffffff1 + 1001) >>> 0, flags: flags('fin', 'ack'), window: 1000}));
	source.segment(250, 'sent', c({seq: (0xfffffff1 + 1001) >>> 0, ack: 9, flags: flags('rst')}));
	await pcap.close();
	const rows = readWithTshark(file);
	const {corrupted: count} = assertCaptureMatches(rows, recordedEvents(source.events));
	assert.equal(count, 1);
});

test('a simulated run with loss, reordering, duplication and corruption: tshark reads what the events say', async t => {
	const missing = tsharkMissing();
	if (missing) {
		t.skip(missing);
		return;
	}
	const impaired = {delay: 20, jitter: 5, loss: 10, reorder: 25, corrupt: 8, duplicate: 3};
	const world = createWorld({seed: 42, link: {c2s: impaired, s2c: impaired}, stack: {msl: 100}});
	const file = tempFile('sim.pcap');
	const pcap = attachPcapWriter(world, file);
	/** Run the simulation until the call settles (bounded in virtual time). */
	const settle = (call: Call): Call => {
		const limit = world.now() + 120_000;
		while (call.status === 'blocked' && world.now() < limit && world.step()) {}
		assert.equal(call.status, 'returned', `${call.host} ${call.call}(${call.args}): ${call.status} ${call.errno ?? ''}`);
		return call;
	};
	const listener = settle(world.server.socket()).result!;
	settle(world.server.bind(listener, 80));
	settle(world.server.listen(listener, 4));
	const accepting = world.server.accept(listener);
	const fd = settle(world.client.socket()).result!;
	settle(world.client.connect(fd, '10.0.0.2', 80));
	const conn = settle(accepting).result!;
	const sent = payload(60_000, 3);
	let offset = 0;
	while (offset < sent.length) offset += settle(world.client.write(fd, sent.subarray(offset))).result!;
	settle(world.client.shutdown(fd, 'wr'));
	const got: number[] = [];
	for (;;) {
		const read = settle(world.server.read(conn, 65_536));
		if (read.result === 0) break;
		got.push(...read.data!);
	}
	assert.deepEqual(Uint8Array.from(got), sent, 'the stack delivered everything despite the link');
	settle(world.server.close(conn));
	settle(world.client.close(fd));
	world.runFor(5_000);
	await pcap.close();

	const events = recordedEvents(world.history());
	assert.ok(world.history().length < 5000, 'the whole run is still in the history');
	const fates = new Set(world.history().map(e => (e.kind === 'segment' ? e.fate : '')));
	for (const fate of ['lost', 'duplicated', 'corrupted'] as const) assert.ok(fates.has(fate), `the link really did ${fate}`);
	const {corrupted} = assertCaptureMatches(readWithTshark(file), events);
	assert.equal(corrupted, events.filter(isCorrupted).length);
	assert.ok(corrupted > 0);
	t.diagnostic(`${events.length} packets captured, ${corrupted} corrupted`);
});
