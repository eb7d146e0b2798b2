import {test} from 'node:test';
import assert from 'node:assert/strict';
import {cwndGrid, gridLines, stevensGrid, formatBytes} from '../../source/demo/plot-render.js';
import {PlotRecorder} from '../../source/demo/plot-data.js';
import type {SegmentEvent, SimEvent} from '../../source/sim/events.js';
import type {HostSnapshot} from '../../source/stack/types.js';
import {wrapText} from '../../source/demo/wrap.js';
import stringWidth from 'string-width';

test('cwnd plot: a doubling cwnd rises column by column, ssthresh is a line once it is finite', () => {
	const samples = [
		{t: 0, cwnd: 1000, ssthresh: 2 ** 31},
		{t: 100, cwnd: 2000, ssthresh: 2 ** 31},
		{t: 200, cwnd: 4000, ssthresh: 2 ** 31},
		{t: 300, cwnd: 8000, ssthresh: 2 ** 31},
		{t: 400, cwnd: 1000, ssthresh: 4000},
	];
	const grid = cwndGrid(samples, 5, 8, 500);
	const lines = gridLines(grid, true);
	assert.equal(grid.yMax, 8000);
	const heights = [0, 1, 2, 3, 4].map((col) => lines.filter((line) => line[col] === '#').length);
	assert.deepEqual(heights, [2, 3, 5, 8, 2]);
	// ssthresh (4000) is drawn only after it became finite, at half the height.
	assert.equal(lines.filter((line) => line[4] === '-').length, 1);
	assert.equal(lines.filter((line) => line[3] === '-').length, 0);
});

test('Stevens graph: segments climb, a retransmission and a loss are marked, ACKs drawn', () => {
	const points = [
		{t: 0, seq: 0, len: 1000, kind: 'sent' as const},
		{t: 10, seq: 1000, len: 1000, kind: 'lost' as const},
		{t: 20, seq: 2000, len: 1000, kind: 'sent' as const},
		{t: 100, seq: 1000, len: 0, kind: 'ack' as const},
		{t: 150, seq: 1000, len: 1000, kind: 'retransmitted' as const},
		{t: 199, seq: 3000, len: 0, kind: 'ack' as const},
	];
	const lines = gridLines(stevensGrid(points, 10, 4, 200), true);
	const text = lines.join('\n');
	assert.ok(text.includes('x'), 'the loss is marked');
	assert.ok(text.includes('R'), 'the retransmission is marked');
	assert.equal(lines[3]![0], '.', 'the first segment is at the bottom left');
	assert.equal(lines[0]![9], '_', 'the last ACK (highest) is at the top right');
});

function segment(partial: Partial<SegmentEvent>): SegmentEvent {
	return {t: 0, kind: 'segment', id: 1, dir: 'c2s', fate: 'sent', flags: 'ACK', seq: 0, ack: 0, len: 0, win: 0, src: '', dst: '', srcPort: 0, dstPort: 0, segment: undefined as never, bytes: new Uint8Array(), ...partial};
}

test('PlotRecorder: sequence numbers relative to the ISN (across 2^32), retransmissions recognised, cwnd sampled', () => {
	const recorder = new PlotRecorder('client');
	let cwnd = 1460;
	const host = (): HostSnapshot => ({name: 'client', addr: '10.0.0.1', counters: {}, sockets: [{fd: 3, role: 'connection', state: 'ESTABLISHED', local: null, listener: null, blocked: [], options: {} as never, orphaned: false, connection: {cwnd, ssthresh: 65535} as never}]});
	const snap = host;
	const iss = 0xffff_fff0;
	const events: SimEvent[] = [
		segment({t: 0, flags: 'SYN', seq: iss}),
		segment({t: 100, seq: (iss + 1) >>> 0, len: 100}),
		segment({t: 110, seq: (iss + 101) >>> 0, len: 100}),
		segment({t: 200, dir: 's2c', fate: 'delivered', flags: 'ACK', ack: (iss + 101) >>> 0}),
		segment({t: 300, seq: (iss + 101) >>> 0, len: 100}),
	];
	for (const e of events) {
		if (e.t === 200) cwnd = 2920;
		recorder.observe(e, snap);
	}
	assert.deepEqual(recorder.seq.map((p) => [p.seq, p.kind]), [[0, 'sent'], [100, 'sent'], [100, 'ack'], [100, 'retransmitted']]);
	assert.deepEqual(recorder.cwnd.map((s) => [s.t, s.cwnd]), [[0, 1460], [200, 2920]]);
});

test('PlotRecorder stays bounded on long runs and keeps the whole time range', () => {
	const recorder = new PlotRecorder('client', 100);
	const snap = (): HostSnapshot => ({name: 'client', addr: '', counters: {}, sockets: []});
	recorder.observe(segment({t: 0, flags: 'SYN', seq: 0}), snap);
	for (let i = 0; i < 10_000; i++) recorder.observe(segment({t: i + 1, seq: 1 + i * 10, len: 10}), snap);
	assert.ok(recorder.seq.length <= 100);
	assert.equal(recorder.seq[0]!.t, 1);
	assert.ok(recorder.seq[recorder.seq.length - 1]!.t > 9_000);
});

test('wrapText measures Korean as double width and never exceeds the width', () => {
	const ko = '클라이언트가 \"hello\"를 씁니다. 이 데이터 세그먼트의 seq는 1234567로, 핸드셰이크의 ACK과 같은 번호입니다.';
	for (const width of [10, 17, 30, 78]) {
		const lines = wrapText(ko, width);
		for (const line of lines) assert.ok(stringWidth(line) <= width, `'${line}' is wider than ${width}`);
		// Words fit whole from 30 columns on, so nothing is lost or added between lines.
		if (width >= 30) assert.equal(lines.join(' '), ko);
	}
	assert.deepEqual(wrapText('a verylongwordhere b', 6), ['a', 'verylo', 'ngword', 'here b']);
	assert.equal(formatBytes(1460), '1.4K');
});
