// Issue 12, item 3: no small file can exhaust memory. Files are read only when regular, up to
// MAX_FILE_BYTES, lines up to MAX_LINE_CHARS; floods are bounded in count and rate; the events
// kept for a transcript are bounded; `write N` makes its bytes as the send buffer drains. Each
// limit is one clear line naming the constant and source/scenario/limits.ts, exit 2.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {readScenarioFile} from '../../source/scenario/read-file.js';
import {parseScenario} from '../../source/scenario/parser.js';
import {formatParseError} from '../../source/scenario/ast.js';
import {runScenario} from '../../source/scenario/run.js';
import {patternSource} from '../../source/scenario/runner.js';
import {MAX_FILE_BYTES, MAX_FLOOD_COUNT, MAX_LINE_CHARS} from '../../source/scenario/limits.js';
import type {ByteSource} from '../../source/stack/host-api.js';
import {cli, lines} from '../cli/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-limits-'));
const SERVER_UP = 'server: socket\nserver: bind 80\nserver: listen 8\nserver: accept\n';
const CONNECTED = `${SERVER_UP}client: socket\nclient: connect 10.0.0.2:80\nwait 1s\n`;

function parseErrors(text: string): string[] {
	const result = parseScenario(text, 'f.tcptui');
	return result.ok ? [] : result.errors.map((e) => formatParseError('f.tcptui', e));
}

test('only regular files are read: /dev/zero, /dev/urandom, a FIFO and a directory are refused at once', {skip: process.platform !== 'linux' && 'Linux device files'}, () => {
	for (const path of ['/dev/zero', '/dev/urandom']) {
		const result = readScenarioFile(path);
		assert.equal(result.ok, false, path);
		if (!result.ok) assert.match(result.reason.en, /not a regular file/);
	}
	const fifo = join(dir, 'fifo.tcptui');
	assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
	const fromFifo = readScenarioFile(fifo);
	assert.equal(fromFifo.ok, false, 'a FIFO with no writer does not block the read');
	const folder = readScenarioFile(dir);
	assert.ok(!folder.ok && folder.reason.en === 'it is a directory');
	for (const [args, pattern] of [[['run', '/dev/zero'], /^tcp-tui: |^\/dev\/zero: cannot read the file \(not a regular file/], [['run', fifo], /not a regular file/], [['demo', '--file', '/dev/urandom'], /not a (regular )?file/]] as const) {
		const run = cli([...args]);
		assert.equal(run.status, 2, args.join(' '));
		assert.equal(lines(run.stderr).length, 1, run.stderr);
		assert.match(run.stderr, pattern);
	}
	assert.match(cli(['run', '/dev/zero', '--lang', 'ko']).stderr, /일반 파일이 아닙니다/);
});

// A lesson shared in a Korean class may have been saved by a Windows editor as ANSI (CP949) or
// "Unicode" (UTF-16): refused with the line and what to do, never run with its captions as U+FFFD.
test('a lesson saved as CP949 or UTF-16 is one line saying to save it as UTF-8 (run, demo --file; en, ko), exit 2', () => {
	const good = 'title "t"\nstep "s"\nclient: socket\n';
	const cp949 = join(dir, 'cp949.tcptui');
	// "서버" in CP949 (EUC-KR): bytes that are not UTF-8, on line 4.
	writeFileSync(cp949, Buffer.concat([Buffer.from(good), Buffer.from('caption ko "'), Buffer.from([0xbc, 0xad, 0xb9, 0xf6]), Buffer.from('"\n')]));
	const utf16 = join(dir, 'utf16.tcptui');
	writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, 'utf16le')]));
	const cases: Array<[string[], RegExp]> = [
		[['run', cp949], /cp949\.tcptui: cannot read the file \(not UTF-8 text \(line 4\): save it as UTF-8/],
		[['run', cp949, '--lang', 'ko'], /cp949\.tcptui: 파일을 읽을 수 없습니다 \(UTF-8 텍스트가 아닙니다 \(4번째 줄\): UTF-8로 저장해 주세요/],
		[['demo', '--file', cp949, '--lang', 'ko'], /UTF-8 텍스트가 아닙니다 \(4번째 줄\)/],
		[['run', utf16], /utf16\.tcptui: cannot read the file \(UTF-16 text: save it as UTF-8\)/],
		[['run', utf16, '--lang', 'ko'], /UTF-16 텍스트입니다: UTF-8로 저장해 주세요/],
	];
	for (const [args, pattern] of cases) {
		const result = cli(args);
		assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
		assert.equal(lines(result.stderr).length, 1, result.stderr);
		assert.match(result.stderr, pattern);
	}
	// The same lesson as UTF-8 runs.
	const utf8 = join(dir, 'utf8.tcptui');
	writeFileSync(utf8, `${good}caption ko "서버"\n`);
	assert.equal(readScenarioFile(utf8).ok, true);
});

test('a file over MAX_FILE_BYTES, a NUL byte, a line over MAX_LINE_CHARS: one line naming the limit, exit 2', () => {
	const big = join(dir, 'big.tcptui');
	writeFileSync(big, `# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
	const run = cli(['run', big]);
	assert.equal(run.status, 2);
	assert.equal(lines(run.stderr).length, 1);
	assert.match(run.stderr, /larger than 1 MB \(MAX_FILE_BYTES in source\/scenario\/limits\.ts\)/);
	const small = readScenarioFile(big, 100);
	assert.equal(small.ok, false);

	const binary = join(dir, 'nul.tcptui');
	writeFileSync(binary, 'seed 1\nclient: socket\x00\n');
	assert.match(cli(['run', binary]).stderr, /not a text file \(a NUL byte on line 2\)/);

	const long = join(dir, 'long.tcptui');
	writeFileSync(long, `step "s"\ncaption en "${'가'.repeat(MAX_LINE_CHARS)}"\nclient: socket\n`);
	for (const lang of ['en', 'ko']) {
		const result = cli(['run', long, '--lang', lang]);
		assert.equal(result.status, 2);
		assert.equal(lines(result.stderr).length, 1, result.stderr);
		assert.match(result.stderr, new RegExp(`^${long.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:${MAX_LINE_CHARS + 1}: .*MAX_LINE_CHARS`));
	}
	// Just under the limit still parses.
	assert.deepEqual(parseErrors(`title "${'a'.repeat(MAX_LINE_CHARS - 10)}"`), []);
});

test('flood count (over the whole file) and rate are bounded, with the limit named', () => {
	const flood = (count: number, interval = '1ms') => `inject c2s syn-flood count=${count} from=10.0.9.0/24 port=80 interval=${interval}`;
	assert.deepEqual(parseErrors(flood(MAX_FLOOD_COUNT)), []);
	assert.match(parseErrors(flood(MAX_FLOOD_COUNT + 1))[0]!, /^f\.tcptui:1:28: count=20001 would make the file send 20001 flood SYNs, more than 20000 \(MAX_FLOOD_COUNT in source\/scenario\/limits\.ts\)$/);
	const split = parseErrors(`${flood(15_000)}\n${flood(15_000)}`);
	assert.equal(split.length, 1);
	assert.match(split[0]!, /^f\.tcptui:2:28: .*30000 flood SYNs/);
	assert.match(parseErrors(flood(10, '0'))[0]!, /interval=0 is faster than one SYN per 0\.01ms \(MIN_FLOOD_INTERVAL in source\/scenario\/limits\.ts\)/);
	assert.deepEqual(parseErrors(flood(10, '0.01ms')), []);
	const korean = parseScenario(flood(1_000_000), 'k');
	assert.ok(!korean.ok && /MAX_FLOOD_COUNT/.test(korean.errors[0]!.text!.ko) && korean.errors[0]!.text!.ko !== korean.errors[0]!.text!.en);
});

test('events kept for the transcript: the run stops at the limit with a fatal line naming it', () => {
	const parsed = parseScenario(`${SERVER_UP}inject c2s syn-flood count=200 from=10.0.9.0/24 port=80 interval=1ms\nwait 1s\n`, 'f.tcptui');
	assert.ok(parsed.ok);
	if (!parsed.ok) return;
	const run = runScenario(parsed.scenario, {maxKeptEvents: 50});
	assert.ok(run.ok);
	if (!run.ok) return;
	assert.equal(run.result.overLimit, true);
	assert.equal(run.result.events.length, 0, 'the kept events are let go');
	const last = run.result.failures[run.result.failures.length - 1]!;
	assert.ok(last.fatal);
	assert.match(last.message, /more than 50 events to keep for the transcript \(MAX_KEPT_EVENTS in source\/scenario\/limits\.ts\); --json streams them instead/);
	const streamed = runScenario(parsed.scenario, {maxKeptEvents: 50, keepEvents: false});
	assert.ok(streamed.ok && !streamed.result.overLimit, '--json keeps nothing, so no limit');
});

test('write N larger than the send buffer: the bytes are made piece by piece as the buffer drains, and arrive in order', () => {
	const parsed = parseScenario(`${CONNECTED}`, 'f.tcptui');
	assert.ok(parsed.ok);
	if (!parsed.ok) return;
	const run = runScenario(parsed.scenario);
	assert.ok(run.ok);
	if (!run.ok) return;
	const {world} = run.result;
	const client = world.client.snapshot().sockets.find((s) => s.state === 'ESTABLISHED')!;
	const server = world.server.snapshot().sockets.find((s) => s.state === 'ESTABLISHED')!;
	const total = 100_000_000;
	const pattern = patternSource(total);
	const pieces: Array<[number, number]> = [];
	const spy: ByteSource = {length: total, bytes: (start, end) => (pieces.push([start, end]), pattern.bytes(start, end))};
	const call = world.client.write(client.fd!, spy);
	assert.equal(call.status, 'blocked', 'a write larger than the send buffer blocks');
	const madeUpFront = pieces.reduce((n, [s, e]) => n + e - s, 0);
	assert.ok(madeUpFront <= 2 * 1024 * 1024, `bytes made before anything drained: ${madeUpFront}`);
	assert.ok(pieces.every(([s, e]) => e - s <= 64 * 1024), 'every piece is small');
	// The server reads; more pieces are made as the buffer drains, each continuing where the last ended.
	const received: number[] = [];
	for (let round = 0; round < 20; round++) {
		const end = world.now() + 200;
		while ((world.nextEventTime() ?? Infinity) <= end) world.step();
		const read = world.server.read(server.fd!, 1_000_000);
		if (read.status === 'returned' && read.data) received.push(...read.data.subarray(0, 10));
		while ((world.nextEventTime() ?? Infinity) <= world.now()) world.step();
	}
	assert.ok(pieces.length > 2, 'pieces were made later, as the buffer drained');
	const made = pieces.reduce((n, [s, e]) => n + e - s, 0);
	// Read: at most 20 × 1 MB; made: what was read, what is in flight, and one send buffer more.
	assert.ok(made < 24 * 1024 * 1024, `made ${made} of ${total} bytes: only what the buffer took`);
	assert.equal(String.fromCharCode(...received.slice(0, 10)), 'abcdefghij');
	assert.equal(call.status, 'blocked');
	assert.deepEqual(pattern.bytes(25, 28), new TextEncoder().encode('zab'));
});
