// Reading a pcap back with tshark (Wireshark's dissectors, independent of our codec) and
// comparing it with the event stream that produced it.
import {spawnSync} from 'node:child_process';
import assert from 'node:assert/strict';
import type {SegmentEvent, SimEvent} from '../../source/sim/events.js';

export interface TsharkRow {
	frame: number;
	time: number;
	seq: number | null;
	ack: number | null;
	flags: number | null;
	len: number | null;
	window: number | null;
	/** 1 good, 0 bad, null when tshark did not reach TCP. */
	tcpChecksum: number | null;
	ipChecksum: number | null;
	malformed: boolean;
}

/** Why tshark cannot be used here, or null when it can. */
export function tsharkMissing(): string | null {
	const probe = spawnSync('tshark', ['--version'], {encoding: 'utf8'});
	if (probe.error) return 'tshark is not installed (apt-get install tshark)';
	return null;
}

const FIELDS = [
	'frame.number', 'frame.time_epoch', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.flags', 'tcp.len',
	'tcp.window_size_value', 'tcp.checksum.status', 'ip.checksum.status', '_ws.malformed',
];

export function readWithTshark(file: string): TsharkRow[] {
	const args = ['-r', file, '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-T', 'fields',
		'-E', 'separator=/t', '-E', 'occurrence=f'];
	for (const field of FIELDS) args.push('-e', field);
	const run = spawnSync('tshark', args, {encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000});
	assert.equal(run.status, 0, `tshark failed: ${run.stderr}`);
	const number = (text: string | undefined): number | null => (text === undefined || text === '' ? null : Number(text));
	return run.stdout.split('\n').filter(line => line !== '').map(line => {
		const cells = line.split('\t');
		return {
			frame: Number(cells[0]),
			time: Number(cells[1]),
			seq: number(cells[2]),
			ack: number(cells[3]),
			flags: number(cells[4]),
			len: number(cells[5]),
			window: number(cells[6]),
			tcpChecksum: number(cells[7]),
			ipChecksum: number(cells[8]),
			malformed: (cells[9] ?? '') !== '',
		};
	});
}

const FLAG_BITS: Record<string, number> = {FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80};

export function flagBits(label: string): number {
	let bits = 0;
	for (const name of label.split(',')) if (name) bits |= FLAG_BITS[name]!;
	return bits;
}

/** The events the pcap writer records, in order. */
export function recordedEvents(events: readonly SimEvent[]): SegmentEvent[] {
	return events.filter((e): e is SegmentEvent => e.kind === 'segment' && (e.fate === 'sent' || e.fate === 'duplicated'));
}

export function isCorrupted(event: SegmentEvent): boolean {
	if (!event.wireBytes) return false;
	if (event.wireBytes.length !== event.bytes.length) return true;
	return event.wireBytes.some((b, i) => b !== event.bytes[i]);
}

/**
 * tshark's view of every frame equals the event that wrote it; checksums are good exactly for
 * the packets that were not corrupted. Returns how many corrupted packets were seen.
 */
export function assertCaptureMatches(rows: TsharkRow[], events: SegmentEvent[]): {corrupted: number} {
	assert.equal(rows.length, events.length, 'one frame per packet entering the link');
	let corrupted = 0;
	for (let i = 0; i < events.length; i++) {
		const row = rows[i]!;
		const event = events[i]!;
		const where = `frame ${row.frame} (event id ${event.id}, ${event.fate}, ${event.flags} seq=${event.seq})`;
		assert.ok(Math.abs(row.time * 1000 - event.t) < 0.002, `${where}: time ${row.time}s vs t=${event.t}ms`);
		if (isCorrupted(event)) {
			corrupted++;
			const changed = new Set<number>();
			event.wireBytes!.forEach((b, i) => {
				if (b !== event.bytes[i]) changed.add(i);
			});
			// A flipped bit breaks the IP header checksum or the TCP checksum, whichever covers it.
			// A flip in the version/IHL byte, or a data offset under 20 bytes, leaves tshark unable to
			// read the header at all ("bogus header length"): it then checks no checksum.
			const unreadable = (changed.has(0) && row.ipChecksum === null && row.seq === null)
				|| (changed.has(32) && row.tcpChecksum === null && row.flags === null);
			assert.ok(row.ipChecksum === 0 || row.tcpChecksum === 0 || unreadable, `${where}: corrupted, yet tshark found both checksums good`);
			// Fields the flip did not touch still read as sent (offsets for a 20-byte IP header).
			const untouched = (...offsets: number[]) => offsets.every(o => !changed.has(o)) && ![0, 2, 3, 6, 7, 9, 32].some(o => changed.has(o));
			if (untouched(24, 25, 26, 27)) assert.equal(row.seq, event.seq, `${where}: seq (corrupted elsewhere)`);
			if (untouched(28, 29, 30, 31)) assert.equal(row.ack, event.ack, `${where}: ack (corrupted elsewhere)`);
			// tshark's flags field has 12 bits: a flip in the reserved nibble of byte 32 shows there.
			if (untouched(33)) assert.equal(row.flags! & 0xff, flagBits(event.flags), `${where}: flags (corrupted elsewhere)`);
			if (untouched(34, 35)) assert.equal(row.window, event.win, `${where}: window (corrupted elsewhere)`);
			if (untouched()) assert.equal(row.len, event.len, `${where}: len (corrupted elsewhere)`);
			continue;
		}
		assert.equal(row.malformed, false, `${where}: tshark says malformed`);
		assert.equal(row.ipChecksum, 1, `${where}: IP checksum`);
		assert.equal(row.tcpChecksum, 1, `${where}: TCP checksum`);
		assert.equal(row.seq, event.seq, `${where}: seq`);
		assert.equal(row.flags, flagBits(event.flags), `${where}: flags`);
		// The raw field, even without the ACK flag (tshark's tcp.ack_raw is the field as sent).
		assert.equal(row.ack, event.ack, `${where}: ack`);
		assert.equal(row.len, event.len, `${where}: len`);
		assert.equal(row.window, event.win, `${where}: window`);
	}
	return {corrupted};
}
