import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import stringWidth from 'string-width';
import {parseScenario} from '../../source/scenario/parser.js';
import {runScenario, type RunResult} from '../../source/scenario/run.js';
import {buildTranscript, describeCallEvent, transcriptToMarkdown, type TranscriptRow} from '../../source/scenario/transcript.js';
import {renderTranscript} from '../../source/scenario/transcript-view.js';
import type {SegmentEvent} from '../../source/sim/events.js';
import {fixture} from './fixture-path.js';

function run(text: string): RunResult {
	const parsed = parseScenario(text, 't.tcptui');
	if (!parsed.ok) assert.fail(JSON.stringify(parsed.errors));
	const result = runScenario(parsed.scenario);
	if (!result.ok) assert.fail(result.message);
	return result.result;
}

const handshake = run(readFileSync(fixture('handshake.tcptui'), 'utf8'));
const firstSegment = (flags: string): SegmentEvent =>
	handshake.events.find((e): e is SegmentEvent => e.kind === 'segment' && e.fate === 'sent' && e.flags === flags)!;

function rowAt(rows: TranscriptRow[], t: number): TranscriptRow {
	const row = rows.find((r) => r.t === t);
	assert.ok(row, `a row at t=${t}`);
	return row;
}

test('the handshake reads like the notes: calls and states per side, segments with arrows in the middle', () => {
	const rows = buildTranscript(handshake.events);
	const syn = firstSegment('SYN');
	const synAck = firstSegment('SYN,ACK');
	const start = rowAt(rows, 0);
	assert.ok(start.client.includes('socket() → 3'));
	assert.ok(start.client.includes('connect(10.0.0.2:80) blocked…'));
	assert.ok(start.client.includes('CLOSED → SYN_SENT'));
	assert.ok(start.server.includes('accept() blocked…'));
	assert.deepEqual(start.segments, [`-> SYN seq=${syn.seq} win=${syn.win} ->`]);
	assert.deepEqual(rowAt(rows, 50).segments, [`<- SYN,ACK seq=${synAck.seq} ack=${syn.seq + 1} win=${synAck.win} <-`]);
	assert.deepEqual(rowAt(rows, 50).server, ['SYN_RCVD']);
	assert.deepEqual(rowAt(rows, 100).client, ['ESTABLISHED', 'connect() → 0']);
	assert.deepEqual(rowAt(rows, 150).server, ['ESTABLISHED', 'accept() → 4']);
	assert.deepEqual(rowAt(rows, 1500).server, ['read(100) → "hello" (5 bytes)']);
	assert.ok(rowAt(rows, 2500).server.includes('read(100) → 0 (EOF: peer sent FIN)'));
	assert.ok(rowAt(rows, 2550).client.includes('2×MSL timer: 4000 ms'));
	assert.deepEqual(rowAt(rows, 6550).client, ['TIME_WAIT → CLOSED']);
	// Rows are moments in time order.
	assert.deepEqual(rows.map((r) => r.t), [...rows.map((r) => r.t)].sort((a, b) => a - b));
});

test('in Korean, the words change and the table stays aligned', () => {
	const rows = buildTranscript(handshake.events, {lang: 'ko'});
	assert.ok(rowAt(rows, 0).server.includes('accept() 대기 중…'));
	assert.ok(rowAt(rows, 1500).server.includes('read(100) → "hello" (5바이트)'));
	const text = renderTranscript(rows, {lang: 'ko'});
	assert.match(text, /클라이언트/);
	const widths = new Set(text.split('\n').filter(Boolean).map((line) => stringWidth(line)));
	assert.equal(widths.size, 1, 'every line of the table has the same display width');
});

test('fates are marked on the segment they belong to: lost, dropped by the receiver', () => {
	const lossy = run([
		'link both delay=50ms', 'server: socket', 'server: bind 80', 'server: listen 8', 'server: accept',
		'client: socket', 'client: connect 10.0.0.2:80', 'wait 1s',
		'link c2s loss=100%', 'client: write "lost"', 'wait 100ms', 'link c2s loss=0%', 'wait 3s',
	].join('\n'));
	const rows = buildTranscript(lossy.events);
	const lostLine = rows.flatMap((r) => r.segments).find((line) => line.includes('len=4'));
	assert.match(lostLine!, /-> PSH,ACK seq=\d+ ack=\d+ len=4 -> ✗ lost$/);
	const ascii = buildTranscript(lossy.events, {ascii: true}).flatMap((r) => r.segments).find((line) => line.includes('len=4'));
	assert.match(ascii!, /-> x lost$/);
	// The link change is shown where it happened, and the retransmission gets through.
	assert.ok(rows.some((r) => r.segments.some((line) => line.startsWith('link c2s: loss=100'))));
	assert.ok(rows.some((r) => r.client.includes('retransmit timer fired')));

	const refused = run('link both delay=20ms\nclient: socket\nclient: connect 10.0.0.2:81\nwait 1s\n');
	const refusedRows = buildTranscript(refused.events);
	assert.match(refusedRows[0]!.segments[0]!, /^-> SYN seq=\d+ win=\d+ -> ✗ dropped: /);
	assert.ok(refusedRows.some((r) => r.segments.some((line) => line.startsWith('<- RST,ACK'))));
	assert.ok(refusedRows.some((r) => r.client.includes('connect() → ECONNREFUSED')));
});

test('the segments column carries the ladder\'s marks: the user\'s fault, and the retransmission it caused with its cause, in en and ko', () => {
	const faulted = run([
		'link both delay=50ms', 'server: socket', 'server: bind 80', 'server: listen 8', 'server: accept',
		'client: socket', 'client: connect 10.0.0.2:80', 'wait 1s',
		'drop c2s next PSH,ACK', 'client: write "lost"', 'wait 3s',
	].join('\n'));
	const lines = (lang: 'en' | 'ko'): string[] => buildTranscript(faulted.events, {lang}).flatMap((r) => r.segments).filter((line) => line.includes('len=4'));
	const [first, resent] = lines('en');
	assert.match(first!, /len=4 -> you: drop, ✗ lost$/);
	assert.match(resent!, /len=4 -> RTX#1 RTO$/);
	const [firstKo, resentKo] = lines('ko');
	assert.match(firstKo!, /len=4 -> 직접: 버림, ✗ 손실$/);
	assert.match(resentKo!, /len=4 -> RTX#1 RTO$/);
	// A plain transfer has no marks at all.
	assert.ok(buildTranscript(handshake.events).flatMap((r) => r.segments).every((line) => !/RTX|you:/.test(line)));
});

test('a SYN flood is counted in one row, not one row per spoofed packet', () => {
	const flood = run([
		'link both delay=10ms', 'server: socket', 'server: bind 80', 'server: listen 8', 'server: accept',
		'inject c2s syn-flood count=50 from=10.0.9.0/24 port=80 interval=1ms', 'wait 100ms',
	].join('\n'));
	const rows = buildTranscript(flood.events);
	const counted = rows.flatMap((r) => r.segments).filter((line) => line.includes('spoofed'));
	assert.ok(counted.some((line) => /^-> SYN ×\d+ from spoofed sources ->$/.test(line)), counted.join('\n'));
	const total = counted.filter((line) => line.startsWith('-> SYN')).reduce((sum, line) => sum + Number(/×(\d+)/.exec(line)![1]), 0);
	assert.equal(total, 50);
	assert.ok(rows.length < 10, `${rows.length} rows`);
});

test('Markdown export: the notes\' table shape, cells escaped, lines joined with <br />', () => {
	const markdown = transcriptToMarkdown(buildTranscript(handshake.events), {title: 'handshake'});
	const lines = markdown.trimEnd().split('\n');
	assert.equal(lines[0], '# handshake');
	assert.equal(lines[2], '| t (ms) | client | segments | server |');
	assert.equal(lines[3], '| ---: | --- | :---: | --- |');
	assert.match(markdown, /\| 0 \| socket\(\) → 3<br \/>connect\(10\.0\.0\.2:80\) blocked…<br \/>CLOSED → SYN_SENT \|/);
	for (const line of lines.slice(2)) assert.equal(line.split(/(?<!\\)\|/).length, 6, line);
	const tricky = transcriptToMarkdown([{t: 1.5, client: ['a|b', '<script>'], segments: ['-> x ->'], server: ['*x*']}], {lang: 'ko'});
	assert.match(tricky, /\| 시각 \(ms\) \| 클라이언트 \| 세그먼트 \| 서버 \|/);
	assert.match(tricky, /\| 1\.5 \| a\\\|b<br \/>&lt;script> \| -> x -> \| \\\*x\\\* \|/);
});

test('call descriptions', () => {
	assert.equal(describeCallEvent({call: 'write', args: '"hi"', status: 'failed', errno: 'EPIPE'}, 'en'), 'write("hi") → EPIPE');
	assert.equal(describeCallEvent({call: 'read', args: '10', status: 'returned', result: 0}, 'en', false), 'read() → 0 (EOF: peer sent FIN)');
	assert.equal(describeCallEvent({call: 'read', args: '10', status: 'returned', result: 3, data: 'a\nb'}, 'en'), 'read(10) → "a\\nb" (3 bytes)');
	assert.equal(describeCallEvent({call: 'read', args: '', status: 'returned', result: 40, data: 'x'.repeat(40)}, 'en'), `read() → "${'x'.repeat(23)}…" (40 bytes)`);
	// A write of generated bytes: the count is written in the reader's language.
	assert.equal(describeCallEvent({call: 'write', args: {bytes: 10000}, status: 'returned', result: 10000}, 'en'), 'write(10000 bytes) → 10000');
	assert.equal(describeCallEvent({call: 'write', args: {bytes: 1}, status: 'blocked'}, 'en'), 'write(1 byte) blocked…');
	assert.equal(describeCallEvent({call: 'write', args: {bytes: 10000}, status: 'returned', result: 10000}, 'ko'), 'write(10000바이트) → 10000');
});

test('a write of N generated bytes: the stack gives the count, not words; `run` writes it in the chosen language; --json keeps the number', () => {
	const text = `server: socket\nserver: bind 80\nserver: listen 8\nserver: accept\nclient: socket\nclient: connect 10.0.0.2:80\nwait 1s\nclient: write 3000\nwait 1s\n`;
	const written = run(text);
	const write = written.events.find((e) => e.kind === 'call' && e.call === 'write');
	assert.ok(write?.kind === 'call');
	assert.deepEqual(write.args, {bytes: 3000});
	const cells = (lang: 'en' | 'ko'): string => buildTranscript(written.events, {lang}).flatMap((row) => row.client).join('\n');
	assert.match(cells('en'), /^write\(3000 bytes\) → 3000$/m);
	assert.match(cells('ko'), /^write\(3000바이트\) → 3000$/m);
	assert.doesNotMatch(cells('ko'), /bytes/);
});

test('a long transcript is drawn in slices that line up into one table', () => {
	const rows: TranscriptRow[] = Array.from({length: 450}, (_, i) => ({
		t: i, client: i % 7 === 0 ? ['클라이언트 write()'] : [], segments: [`-> ACK seq=${i * 1000} ->`], server: i === 300 ? ['a wide cell '.repeat(4)] : [],
	}));
	const lines = renderTranscript(rows, {lang: 'en'}).split('\n');
	assert.equal(lines.length, 2 + 2 * rows.length + 1, 'top border, heading, a separator and a line per row, bottom border');
	assert.equal(new Set(lines.map((line) => stringWidth(line))).size, 1, 'every slice uses the whole table\'s column widths');
	assert.equal(lines.filter((line) => line.startsWith('┌')).length, 1);
	assert.equal(lines.filter((line) => line.startsWith('└')).length, 1);
	const times = lines.filter((line) => /^│ \d/.test(line)).map((line) => Number(/^│ (\d+)/.exec(line)![1]));
	assert.deepEqual(times, rows.map((row) => row.t));
});

test('--ascii: the marks of the transcript become plain ASCII', () => {
	const text = renderTranscript(buildTranscript(handshake.events, {ascii: true}), {lang: 'en', ascii: true});
	assert.doesNotMatch(text, /[^\x00-\x7f]/);
	assert.match(text, /socket\(\) -> 3/);
	assert.match(text, /accept\(\) blocked\.\.\./);
});
