import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {parseScenario, type ParseResult} from '../../source/scenario/parser.js';
import {formatParseError, type Action, type Scenario} from '../../source/scenario/ast.js';
import {fixture} from './fixture-path.js';

function parsed(text: string): Scenario {
	const result = parseScenario(text, 'test.tcptui');
	if (!result.ok) assert.fail(result.errors.map((e) => formatParseError('test.tcptui', e)).join('\n'));
	return result.scenario;
}

function errors(text: string): string[] {
	const result: ParseResult = parseScenario(text, 'f.tcptui');
	assert.equal(result.ok, false, 'the file has errors');
	return result.ok ? [] : result.errors.map((e) => formatParseError('f.tcptui', e));
}

/** The one error of a one-line file. */
function error(line: string): string {
	const found = errors(line);
	assert.equal(found.length, 1, found.join('\n'));
	return found[0]!;
}

function strip(action: Action): Record<string, unknown> {
	const {pos: _pos, source: _source, ...rest} = action;
	return rest;
}

test("the issue's handshake example parses as written", () => {
	const scenario = parsed(readFileSync(fixture('handshake.tcptui'), 'utf8'));
	assert.equal(scenario.settings.seed, 7);
	assert.equal(scenario.settings.stack.msl, 2000);
	assert.deepEqual(scenario.settings.link, {c2s: {delay: 50}, s2c: {delay: 50}});
	assert.equal(scenario.actions.length, 17);
	assert.deepEqual(strip(scenario.actions[0]!), {kind: 'call', host: 'server', call: 'socket'});
	assert.deepEqual(strip(scenario.actions[5]!), {kind: 'call', host: 'client', call: 'connect', addr: '10.0.0.2', port: 80});
	assert.deepEqual(strip(scenario.actions[6]!), {kind: 'wait', ms: 1000});
	assert.deepEqual(strip(scenario.actions[7]!), {kind: 'call', host: 'client', call: 'write', data: 'hello'});
	assert.deepEqual(strip(scenario.actions[16]!), {kind: 'expect', expectation: {kind: 'state', host: 'server', state: 'CLOSED'}});
	assert.deepEqual(scenario.actions[5]!.pos, {line: 10, col: 1});
	assert.equal(scenario.actions[5]!.source, 'client: connect 10.0.0.2:80');
	assert.deepEqual(scenario.steps, []);
});

test('every call verb', () => {
	const scenario = parsed([
		'client: socket', 'server: bind 80', 'server: bind 10.0.0.2:8080', 'server: listen', 'server: listen 3', 'server: accept',
		'client: connect 10.0.0.2:80', 'client: write "a \\"b\\"\\n\\x41"', 'client: write 100000', 'server: read',
		'server: read 10 fd=4', 'client: shutdown wr', 'client: close', 'client: abort', 'client: kill',
		'client: set nodelay on', 'server: set rcvbuf 1000', 'client:socket',
	].join('\n'));
	assert.deepEqual(scenario.actions.map(strip), [
		{kind: 'call', host: 'client', call: 'socket'},
		{kind: 'call', host: 'server', call: 'bind', port: 80},
		{kind: 'call', host: 'server', call: 'bind', port: 8080, addr: '10.0.0.2'},
		{kind: 'call', host: 'server', call: 'listen', backlog: 8},
		{kind: 'call', host: 'server', call: 'listen', backlog: 3},
		{kind: 'call', host: 'server', call: 'accept'},
		{kind: 'call', host: 'client', call: 'connect', addr: '10.0.0.2', port: 80},
		{kind: 'call', host: 'client', call: 'write', data: 'a "b"\nA'},
		{kind: 'call', host: 'client', call: 'write', data: 100000},
		{kind: 'call', host: 'server', call: 'read', max: 65536},
		{kind: 'call', host: 'server', fd: 4, call: 'read', max: 10},
		{kind: 'call', host: 'client', call: 'shutdown', how: 'wr'},
		{kind: 'call', host: 'client', call: 'close'},
		{kind: 'call', host: 'client', call: 'abort'},
		{kind: 'call', host: 'client', call: 'kill'},
		{kind: 'call', host: 'client', call: 'set', option: 'nodelay', value: true},
		{kind: 'call', host: 'server', call: 'set', option: 'rcvbuf', value: 1000},
		{kind: 'call', host: 'client', call: 'socket'},
	]);
});

test('waits, expectations, links and injections', () => {
	const scenario = parsed([
		'client: socket', // the first action: the link lines after it are runtime changes
		'wait 1.5s',
		'wait 250',
		'wait until client state ESTABLISHED',
		'wait until server call accept returned timeout 5s',
		'wait until segment c2s FIN,ACK timeout 2m',
		'link c2s loss=30% delay=1s jitter=10ms rate=1mbit limit=50 ge=5%,50%,90',
		'link both ge=off corrupt=1 dup=2% reorder=3% reorder-corr=25%',
		'inject c2s syn-flood count=200 from=10.0.9.0/24 port=80',
		'inject s2c syn-flood count=5 from=10.1.0.0/16 port=22 interval=10ms',
		'inject c2s replay last-data delay=300ms',
		'expect client state time_wait',
		'expect server fd=5 state CLOSED',
		'expect server read "hello"',
		'expect client call connect failed ECONNREFUSED',
		'expect client call read returned 0',
		'expect server call accept blocked',
		'expect client call set returned',
		'expect segment s2c RST',
		'expect no segment c2s DATA',
	].join('\n'));
	assert.deepEqual(scenario.actions.slice(1).map(strip), [
		{kind: 'wait', ms: 1500},
		{kind: 'wait', ms: 250},
		{kind: 'wait-until', condition: {kind: 'state', host: 'client', state: 'ESTABLISHED'}, timeout: 30000},
		{kind: 'wait-until', condition: {kind: 'call', host: 'server', call: 'accept', status: 'returned'}, timeout: 5000},
		{kind: 'wait-until', condition: {kind: 'segment', dir: 'c2s', flags: ['FIN', 'ACK']}, timeout: 120000},
		{kind: 'link', dirs: ['c2s'], config: {loss: 30, delay: 1000, jitter: 10, rate: 1_000_000, queueLimit: 50, gilbertElliott: {p: 5, r: 50, lossInBad: 90, lossInGood: 0}}},
		{kind: 'link', dirs: ['c2s', 's2c'], config: {gilbertElliott: null, corrupt: 1, duplicate: 2, reorder: 3, reorderCorrelation: 25}},
		{kind: 'inject-syn-flood', dir: 'c2s', count: 200, network: 0x0a000900, prefix: 24, port: 80, interval: 1},
		{kind: 'inject-syn-flood', dir: 's2c', count: 5, network: 0x0a010000, prefix: 16, port: 22, interval: 10},
		{kind: 'inject-replay', dir: 'c2s', delay: 300},
		{kind: 'expect', expectation: {kind: 'state', host: 'client', state: 'TIME_WAIT'}},
		{kind: 'expect', expectation: {kind: 'state', host: 'server', state: 'CLOSED', fd: 5}},
		{kind: 'expect', expectation: {kind: 'read', host: 'server', text: 'hello'}},
		{kind: 'expect', expectation: {kind: 'call', host: 'client', call: 'connect', status: 'failed', errno: 'ECONNREFUSED'}},
		{kind: 'expect', expectation: {kind: 'call', host: 'client', call: 'read', status: 'returned', result: 0}},
		{kind: 'expect', expectation: {kind: 'call', host: 'server', call: 'accept', status: 'blocked'}},
		{kind: 'expect', expectation: {kind: 'call', host: 'client', call: 'setsockopt', status: 'returned'}},
		{kind: 'expect', expectation: {kind: 'segment', dir: 's2c', flags: ['RST'], negate: false}},
		{kind: 'expect', expectation: {kind: 'segment', dir: 'c2s', flags: ['DATA'], negate: true}},
	]);
});

test('settings: seed, msl, options per host, the starting link, rates in tc units', () => {
	const scenario = parsed([
		'seed 42',
		'msl 500ms',
		'option both delayed-ack=on nagle=off mss=536 rto-min=100ms',
		'option server syn-cookies=yes syn-backlog=4',
		'option client reuseaddr=true max-retries=3 keepalive-idle=2m',
		'link c2s rate=100kbps',
		'link s2c rate=0 loss=0.5',
		'client: socket',
	].join('\n'));
	assert.equal(scenario.settings.seed, 42);
	assert.deepEqual(scenario.settings.stack, {msl: 500, delayedAck: true, nagle: false, mss: 536, minRto: 100});
	assert.deepEqual(scenario.settings.serverStack, {synCookies: true, synBacklog: 4});
	assert.deepEqual(scenario.settings.clientStack, {reuseaddr: true, maxRetries: 3, keepaliveIdle: 120000});
	assert.deepEqual(scenario.settings.link, {c2s: {rate: 800_000}, s2c: {rate: 0, loss: 0.5}});
});

test('lessons: metadata, steps as ranges over the actions, captions per language', () => {
	const scenario = parsed([
		'title "Handshake"',
		'title.ko "핸드셰이크"',
		'summary "SYN, SYN+ACK, ACK"',
		'summary.ko "세 번의 악수"',
		'claims S1 S5 S6',
		'link both delay=100ms',
		'server: socket',
		'step "The client connects"',
		'step.ko "클라이언트가 연결합니다"',
		'caption en "Watch the SYN: seq={client.iss}. The server will ACK {client.iss+1}."',
		'caption ko "SYN을 보세요: seq={client.iss}. MSL {msl}, seed {seed}, {server.state}"',
		'client: socket',
		'client: connect 10.0.0.2:80',
		'step "Nothing happens"',
		'step "Wait"',
		'wait 1s',
	].join('\n'));
	assert.deepEqual(scenario.lesson, {title: {en: 'Handshake', ko: '핸드셰이크'}, summary: {en: 'SYN, SYN+ACK, ACK', ko: '세 번의 악수'}, claims: ['S1', 'S5', 'S6']});
	assert.deepEqual(scenario.settings.link.c2s, {delay: 100});
	assert.equal(scenario.steps.length, 3);
	assert.deepEqual(scenario.steps.map((s) => [s.start, s.end]), [[1, 3], [3, 3], [3, 4]]);
	assert.deepEqual(scenario.steps[0]!.title, {en: 'The client connects', ko: '클라이언트가 연결합니다'});
	assert.equal(scenario.steps[0]!.captions.en, 'Watch the SYN: seq={client.iss}. The server will ACK {client.iss+1}.');
	assert.deepEqual(scenario.steps[0]!.pos, {line: 8, col: 1});
});

test('a link line inside a step is a runtime action, not a starting setting', () => {
	const scenario = parsed('step "Lossy"\nlink c2s loss=100%\n');
	assert.deepEqual(scenario.settings.link, {c2s: {}, s2c: {}});
	assert.deepEqual(strip(scenario.actions[0]!), {kind: 'link', dirs: ['c2s'], config: {loss: 100}});
});

test('comments, blank lines, CRLF and a byte-order mark are ignored', () => {
	const scenario = parsed('\uFEFF# comment\r\n\r\n  client: socket   # trailing comment\r\nclient: write "a # not a comment"\r\n');
	assert.deepEqual(scenario.actions.map(strip), [
		{kind: 'call', host: 'client', call: 'socket'},
		{kind: 'call', host: 'client', call: 'write', data: 'a # not a comment'},
	]);
	assert.deepEqual(scenario.actions[0]!.pos, {line: 3, col: 3});
});

test('errors: exact line and column of the offending token, helpful messages', () => {
	assert.equal(error('client: conect 10.0.0.2:80'), "f.tcptui:1:9: unknown call 'conect' (did you mean 'connect'?); calls: socket, bind, listen, accept, connect, write, read, shutdown, close, abort, kill, set");
	assert.match(error('clinet: socket'), /^f\.tcptui:1:1: unknown statement 'clinet:' \(did you mean 'client:'\?\); statements: client:, server:, wait, expect, link/);
	assert.match(error('frobnicate'), /^f\.tcptui:1:1: unknown statement 'frobnicate'; statements: /);
	assert.equal(error('link c2s loss=150%'), "f.tcptui:1:15: loss: '150%' is out of range: a percentage lies between 0% and 100%");
	assert.equal(error('link c2s delay=50ms loss=abc'), "f.tcptui:1:26: loss: 'abc' is not a percentage (examples: 30%, 0.5%)");
	assert.equal(error('link c2s delay=fast'), "f.tcptui:1:16: delay: 'fast' is not a duration (examples: 250ms, 2s, 1.5s, 2m)");
	assert.match(error('link c2s los=5%'), /^f\.tcptui:1:10: unknown link setting 'los' \(did you mean 'loss'\?\)/);
	assert.match(error('link up loss=5%'), /^f\.tcptui:1:6: unknown direction 'up'; expected one of: c2s, s2c, both/);
	assert.equal(error('link c2s'), 'f.tcptui:1:9: missing link settings: KEY=VALUE with keys delay, jitter, delay-corr, loss, loss-corr, dup, dup-corr, corrupt, corrupt-corr, reorder, reorder-corr, rate, limit, ge');
	assert.equal(error('link c2s ge=5%'), 'f.tcptui:1:13: ge: expected P,R[,1-H[,1-K]] in percent (e.g. ge=5%,50%) or ge=off');
	assert.equal(error('link c2s ge=5%,500%'), "f.tcptui:1:16: ge: '500%' is out of range: a percentage lies between 0% and 100%");
	assert.equal(error('link c2s rate=1mbps2'), "f.tcptui:1:15: rate: '1mbps2' is not a rate (examples: 1mbit, 500kbit, 100kbps = kilobytes/s, 0 = unlimited)");
	assert.equal(error('wait fast'), "f.tcptui:1:6: 'fast' is not a duration (examples: 250ms, 2s, 1.5s, 2m)");
	assert.equal(error('wait'), 'f.tcptui:1:5: missing how long to wait (e.g. 1s) or `until …`');
	assert.equal(error('wait 1s 2s'), "f.tcptui:1:9: unexpected '2s' at the end of the line");
	assert.match(error('wait until client state ESTABLISH'), /^f\.tcptui:1:25: unknown TCP state 'ESTABLISH' \(did you mean 'ESTABLISHED'\?\)/);
	assert.match(error('wait until client state CLOSED after 5s'), /^f\.tcptui:1:32: unknown keyword 'after'; expected one of: timeout/);
	assert.equal(error('client: connect 10.0.0.300:80'), "f.tcptui:1:17: '10.0.0.300' is not an IPv4 address (example: 10.0.0.2)");
	assert.equal(error('client: connect 10.0.0.2'), "f.tcptui:1:17: '10.0.0.2' is not ADDRESS:PORT (example: 10.0.0.2:80)");
	assert.equal(error('client: connect 10.0.0.2:99999'), "f.tcptui:1:17: '99999' is not a port (1 to 65535)");
	assert.equal(error('server: bind'), 'f.tcptui:1:13: missing a port or ADDRESS:PORT');
	assert.equal(error('client: write hello'), "f.tcptui:1:15: write: expected \"text\" or a byte count; 'hello' is not a whole number");
	assert.equal(error('client: write "hello'), 'f.tcptui:1:15: unterminated string: add the closing "');
	assert.equal(error('client: write "a\\qb"'), "f.tcptui:1:17: unknown escape '\\q' in a string (use \\\" \\\\ \\n \\t or \\xHH)");
	assert.equal(error('client: write "a"b'), 'f.tcptui:1:18: put a space after the closing " of a string');
	assert.match(error('client: shutdown both'), /^f\.tcptui:1:18: unknown shutdown direction 'both'; expected one of: rd, wr, rdwr/);
	assert.match(error('client: set nodelai on'), /^f\.tcptui:1:13: unknown socket option 'nodelai' \(did you mean 'nodelay'\?\)/);
	assert.equal(error('client: set nodelay maybe'), "f.tcptui:1:21: 'maybe' is not on/off (use on, off, true, false, yes or no)");
	assert.equal(error('client: read 10 fd=x'), "f.tcptui:1:20: fd: 'x' is not a whole number");
	assert.match(error('expect client call connect failed ECONNREFUSD'), /^f\.tcptui:1:35: unknown error name 'ECONNREFUSD' \(did you mean 'ECONNREFUSED'\?\)/);
	assert.match(error('expect segment c2s SYN,FNI'), /^f\.tcptui:1:24: unknown flag 'FNI' \(did you mean 'FIN'\?\)/);
	assert.equal(error('expect server read hello'), 'f.tcptui:1:20: expected the text read in double quotes, e.g. "…"');
	assert.equal(error('inject c2s syn-flood count=10 port=80'), 'f.tcptui:1:38: syn-flood needs from=NETWORK/24');
	assert.equal(error('inject c2s syn-flood count=10 from=10.0.9.0/40 port=80'), "f.tcptui:1:36: from: '10.0.9.0/40': the prefix length must be 8 to 32 (example: 10.0.9.0/24)");
	assert.match(error('inject c2s replay first-data'), /^f\.tcptui:1:19: unknown what to replay 'first-data'/);
	assert.match(error('option both nagel=on'), /^f\.tcptui:1:13: unknown option 'nagel' \(did you mean 'nagle'\?\)/);
	assert.equal(error('option client mss=10'), "f.tcptui:1:19: mss: '10' is out of range (64 to 65495)");
	assert.equal(error('seed -1'), "f.tcptui:1:6: seed: '-1' is out of range (0 to 4294967295)");
	assert.equal(error('msl 0'), 'f.tcptui:1:5: msl: must be more than 0');
	assert.equal(error('claims S1 X2'), "f.tcptui:1:11: 'X2' is not a claim id (S1 … S22)");
	assert.equal(error('caption en "hi"'), `f.tcptui:1:1: 'caption' outside a step: start one with step "…" first`);
	assert.equal(error('title Handshake'), 'f.tcptui:1:7: expected the text in double quotes, e.g. "…"');
});

test('caption placeholders are checked at parse time, with the column inside the string', () => {
	const found = errors('step "s"\ncaption en "ISN {client.iss} then {client.isx+1}"');
	assert.equal(found.length, 1);
	assert.match(found[0]!, /^f\.tcptui:2:35: unknown placeholder '\{client\.isx\+1\}' \(did you mean 'isn'\?\)/);
	assert.match(errors('step "s"\ncaption ko "{router.iss}"')[0]!, /^f\.tcptui:2:13: unknown placeholder '\{router\.iss\}'/);
	assert.match(errors('step "s"\ncaption en "open {client.iss"')[0]!, /^f\.tcptui:2:18: unclosed '\{'/);
	assert.match(errors('step "s"\ncaption en "{client.state+1}"')[0]!, /^f\.tcptui:2:13: '\{client\.state\+1\}': a state cannot take \+N/);
	assert.match(errors('step "s"\ncaption en "a"\ncaption en "b"')[0]!, /^f\.tcptui:3:9: this step already has a caption in 'en'/);
	// Korean before the placeholder: columns count characters, not bytes.
	assert.match(errors('step "s"\ncaption ko "서버는 {client.nope}"')[0]!, /^f\.tcptui:2:17: /);
});

test('a placeholder offset past 2^32−1 is refused at parse time with one line naming the file, line, column and why (it would show a wrong number)', () => {
	// 2^53+1 is stored as 2^53: {client.isn+9007199254740993} came out one short; 10^23 as 1e+23.
	const cases = [
		['caption en "seq {client.isn+9007199254740993}"', 17, "'{client.isn+9007199254740993}': the offset 9007199254740993 is too large: at most 4294967295"],
		['caption en "{client.cwnd+99999999999999999999999}"', 13, "'{client.cwnd+99999999999999999999999}': the offset 99999999999999999999999 is too large"],
		['caption ko "{server.rcvNxt-4294967296}"', 13, "'{server.rcvNxt-4294967296}': 더하거나 빼는 수가 너무 큽니다(4294967296). 최대 4294967295입니다"],
		['ask "q?" answer={client.iss+18446744073709551617}', 17, "the offset 18446744073709551617 is too large"],
		[`caption en "{client.iss+${'9'.repeat(5000)}}"`, 13, "'{client.iss+999999999999…(5000 digits)}': the offset 999999999999…(5000 digits) is too large"],
	] as const;
	for (const [line, col, why] of cases) {
		const parsedErrors = parseScenario(`step "s"\n${line}\n`, 'f.tcptui');
		assert.ok(!parsedErrors.ok, line);
		assert.equal(parsedErrors.errors.length, 1);
		const error = parsedErrors.errors[0]!;
		const lang = line.startsWith('caption ko') ? 'ko' : 'en';
		const text = `f.tcptui:${error.line}:${error.col}: ${error.text?.[lang] ?? error.message}`;
		assert.ok(text.startsWith(`f.tcptui:2:${col}: `) && text.includes(why), text);
		assert.ok(!text.includes('\n') && text.length < 300, `one line: ${text}`);
	}
	// Up to 2^32−1 (and with leading zeros) it is accepted, and the numbers are exact, wrapping at 2^32.
	assert.ok(parseScenario('step "s"\ncaption en "{client.isn+4294967295} {client.cwnd+000004294967295} {client.iss-4294967295}"', 'f.tcptui').ok);
});

test('targeted faults: drop, corrupt, duplicate, delay the next, 2nd, 3rd or Nth matching segment', () => {
	const {actions} = parsed([
		'drop c2s next FIN', 'drop s2c 2nd DATA', 'corrupt c2s next DATA', 'duplicate s2c next SYN,ACK', 'delay c2s next ACK 2s',
		'drop c2s 3rd ack', 'delay s2c 11th PSH,DATA 250ms',
	].join('\n'));
	assert.deepEqual(actions.map(strip), [
		{kind: 'fault', dir: 'c2s', nth: 1, flags: ['FIN'], fault: {kind: 'drop'}},
		{kind: 'fault', dir: 's2c', nth: 2, flags: ['DATA'], fault: {kind: 'drop'}},
		{kind: 'fault', dir: 'c2s', nth: 1, flags: ['DATA'], fault: {kind: 'corrupt'}},
		{kind: 'fault', dir: 's2c', nth: 1, flags: ['SYN', 'ACK'], fault: {kind: 'duplicate'}},
		{kind: 'fault', dir: 'c2s', nth: 1, flags: ['ACK'], fault: {kind: 'delay', ms: 2000}},
		{kind: 'fault', dir: 'c2s', nth: 3, flags: ['ACK'], fault: {kind: 'drop'}},
		{kind: 'fault', dir: 's2c', nth: 11, flags: ['PSH', 'DATA'], fault: {kind: 'delay', ms: 250}},
	]);
	assert.match(error('drop c2s first FIN'), /^f\.tcptui:1:10: 'first' does not say which segment: use next, 2nd, 3rd or Nth/);
	assert.match(error('drop c2s 0th FIN'), /^f\.tcptui:1:10: '0th' does not say which segment/);
	assert.match(error('drop c2s next'), /^f\.tcptui:1:14: missing segment flags/);
	assert.match(error('drop both next FIN'), /^f\.tcptui:1:6: unknown direction 'both'/);
	assert.match(error('delay c2s next ACK'), /^f\.tcptui:1:19: missing how long to hold it back \(e\.g\. 2s\)/);
	assert.match(error('delay c2s next ACK soon'), /^f\.tcptui:1:20: delay: 'soon' is not a duration/);
	assert.match(error('drop c2s next FIN now'), /^f\.tcptui:1:19: unexpected 'now'/);
});

test('isn: a host\'s next connection pinned to a field of the last data segment sent in a direction, plus an offset', () => {
	const {actions} = parsed('isn client last-data c2s seq -1000\nisn server last-data c2s ack +1000');
	assert.deepEqual(actions.map(strip), [
		{kind: 'pin-isn', host: 'client', dir: 'c2s', field: 'seq', offset: -1000},
		{kind: 'pin-isn', host: 'server', dir: 'c2s', field: 'ack', offset: 1000},
	]);
	assert.match(error('isn client last-data c2s seq 1000'), /^f\.tcptui:1:30: '1000' is not an offset: write a sign/);
	assert.match(error('isn client last-data c2s len -1'), /^f\.tcptui:1:26: unknown field 'len'/);
});

test('every error of a file is reported, in line order', () => {
	const found = errors(readFileSync(fixture('bad-values.tcptui'), 'utf8'));
	assert.deepEqual(found.map((e) => e.split(': ')[0]), ['f.tcptui:1:15', 'f.tcptui:2:6', 'f.tcptui:3:17']);
});

test('every error also exists in Korean, at the same position', () => {
	const badLines = [
		'client: conect 10.0.0.2:80', 'frobnicate', 'link c2s loss=150%', 'link c2s', 'link c2s ge=5%', 'wait', 'wait 1s 2s',
		'wait until client state ESTABLISH', 'client: connect 10.0.0.2', 'client: write hello', 'client: write "a', 'client: write "a\\qb"',
		'client: set nodelai on', 'expect segment c2s FNI', 'expect server read hello', 'inject c2s syn-flood count=1 port=80',
		'inject c2s replay last-data when=1s', 'option both nagel=on', 'msl 0', 'claims X1', 'caption en "x"', 'title x',
		'step "s"\ncaption en "{client.nope}"',
		'drop c2s first FIN', 'drop c2s next', 'drop c2s next FNI', 'delay c2s next ACK', 'delay c2s next ACK soon', 'corrupt x2y next DATA',
		'duplicate s2c 0th SYN', 'drop c2s next FIN now', 'isn client last-data c2s seq 1000', 'isn client last-data c2s len -1',
	];
	for (const text of badLines) {
		const result = parseScenario(text, 'k.tcptui');
		assert.equal(result.ok, false, text);
		if (result.ok) continue;
		for (const error of result.errors) {
			assert.ok(error.text, `${text}: has both languages`);
			assert.equal(error.text.en, error.message);
			assert.notEqual(error.text.ko, error.text.en, `${text}: translated (${error.text.ko})`);
			assert.equal(formatParseError('k.tcptui', error, 'ko'), `k.tcptui:${error.line}:${error.col}: ${error.text.ko}`);
		}
	}
	const [korean] = (parseScenario('client: conect 10.0.0.2:80', 'k') as {ok: false; errors: import('../../source/scenario/ast.js').ParseError[]}).errors;
	assert.match(korean!.text!.ko, /^알 수 없는 호출 'conect' \('connect'을\(를\) 말씀하셨나요\?\)/);
});

test('option cc= chooses a host\'s congestion controller; another word is an error naming the choices', () => {
	const scenario = parsed('option client cc=cubic\noption server cc=newreno\nclient: socket');
	assert.deepEqual(scenario.settings.clientStack, {congestionControl: 'cubic'});
	assert.deepEqual(scenario.settings.serverStack, {congestionControl: 'newreno'});
	assert.match(error('option client cc=vegas'), /^f\.tcptui:1:18: cc: 'vegas' is not one of: newreno, cubic$/);
});
