// Every byte count a user reads is worded by the i18n tables: "1 byte" / "N bytes" in English,
// "N바이트" in Korean (a lesson's failed read expectation, the call log, the transcript, the
// protocol notes and the segment detail).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {byteCount} from '../../source/i18n/lang.js';
import {protocolText} from '../../source/i18n/protocol.js';
import {formatParseError} from '../../source/scenario/ast.js';
import {parseScenario} from '../../source/scenario/parser.js';
import {runScenario} from '../../source/scenario/run.js';
import {formatCall} from '../../source/ui/format.js';
import type {CallEntry} from '../../source/ui/store.js';

test('byteCount: 1 byte, N bytes; N바이트', () => {
	assert.equal(byteCount('en', 1), '1 byte');
	assert.equal(byteCount('en', 0), '0 bytes');
	assert.equal(byteCount('en', 5), '5 bytes');
	assert.equal(byteCount('ko', 1), '1바이트');
	assert.equal(byteCount('ko', 5), '5바이트');
});

test('a failed read expectation after a 1-byte read says "1 byte" in English and "1바이트" in Korean', () => {
	const parsed = parseScenario([
		'link both delay=50ms', 'server: socket', 'server: bind 80', 'server: listen 8', 'server: accept',
		'client: socket', 'client: connect 10.0.0.2:80', 'wait 1s',
		'client: write "4"', 'wait 500ms', 'server: read 100', 'expect server read "hello"',
	].join('\n'), 's.tcptui');
	if (!parsed.ok) assert.fail(parsed.errors.map((e) => formatParseError('s.tcptui', e)).join('\n'));
	const run = runScenario(parsed.scenario);
	if (!run.ok) assert.fail(run.message);
	const [failure] = run.result.failures;
	assert.ok(failure?.text, 'the read expectation failed');
	assert.equal(failure.text.en, 'expect server read "hello": failed, the last read() returned "4" (1 byte)');
	assert.match(failure.text.ko, /"4"\(1바이트\)를 반환했습니다$/);
	assert.doesNotMatch(failure.text.ko, /bytes?\b/);
});

test('the call log words a read of one byte and of many in each language', () => {
	const entry = (text: string): CallEntry => {
		const data = new TextEncoder().encode(text);
		return {id: 1, call: 'read', fd: 4, args: '4, 100', status: 'returned', result: data.length, data, issuedAt: 0, settledAt: 1};
	};
	assert.match(formatCall(entry('4'), 'en'), /"4" \(1 byte\)$/);
	assert.match(formatCall(entry('hello'), 'en'), /"hello" \(5 bytes\)$/);
	assert.match(formatCall(entry('4'), 'ko'), /"4" \(1바이트\)$/);
	assert.match(formatCall(entry('hello'), 'ko'), /"hello" \(5바이트\)$/);
});

test('protocol notes word their byte counts in each language', () => {
	assert.equal(protocolText({code: 'peer-window-reopened', bytes: 1}, 'en'), "peer's window reopened to 1 byte");
	assert.equal(protocolText({code: 'peer-window-reopened', bytes: 1}, 'ko'), '상대의 윈도우가 1바이트로 다시 열림');
	assert.equal(protocolText({code: 'window-update', bytes: 4096}, 'en'), 'window update: the app read data, window reopened to 4096 bytes');
});
