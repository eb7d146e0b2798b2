import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {parseScenario} from '../../source/scenario/parser.js';
import {formatParseError, type Scenario} from '../../source/scenario/ast.js';
import {runScenario, type RunOptions, type RunResult} from '../../source/scenario/run.js';
import {ActionRunner} from '../../source/scenario/runner.js';
import {renderCaption, stepCaption} from '../../source/scenario/captions.js';
import {createWorld} from '../../source/sim/world.js';
import {eventToJson, type CallEvent, type SegmentEvent, type SimEvent} from '../../source/sim/events.js';
import {decodeSegment} from '../../source/stack/segment.js';
import {fixture} from './fixture-path.js';

function scenario(text: string): Scenario {
	const result = parseScenario(text, 's.tcptui');
	if (!result.ok) assert.fail(result.errors.map((e) => formatParseError('s.tcptui', e)).join('\n'));
	return result.scenario;
}

function run(text: string, options: RunOptions = {}): RunResult {
	const result = runScenario(scenario(text), options);
	if (!result.ok) assert.fail(result.message);
	return result.result;
}

const segments = (events: SimEvent[], fate = 'sent'): SegmentEvent[] =>
	events.filter((e): e is SegmentEvent => e.kind === 'segment' && e.fate === fate);
const calls = (events: SimEvent[], host: string, call: string): CallEvent[] =>
	events.filter((e): e is CallEvent => e.kind === 'call' && e.host === host && e.call === call);

const SERVER_UP = 'link both delay=50ms\nserver: socket\nserver: bind 80\nserver: listen 8\nserver: accept\n';
const CONNECT = 'client: socket\nclient: connect 10.0.0.2:80\n';

test("the issue's example runs as written and its expects pass", () => {
	const result = run(readFileSync(fixture('handshake.tcptui'), 'utf8'));
	assert.deepEqual(result.failures, []);
	assert.deepEqual(result.expectResults.map((r) => r.passed), [true, true]);
	assert.equal(result.seed, 7);
	// The SYN's ISN is acknowledged +1 (S5), and "hello" crossed.
	const [syn, synAck] = segments(result.events);
	assert.equal(syn!.flags, 'SYN');
	assert.equal(synAck!.flags, 'SYN,ACK');
	assert.equal(synAck!.ack, (syn!.seq + 1) >>> 0);
	const reads = calls(result.events, 'server', 'read').filter((e) => e.status === 'returned');
	assert.deepEqual(reads.map((e) => e.data ?? ''), ['hello', '']);
	// The file's last action is `wait 10s` after t=2500: the run ends exactly there.
	assert.equal(result.endedAt, 12_500);
});

test('same seed, same run; the command-line seed overrides the file', () => {
	const text = readFileSync(fixture('handshake.tcptui'), 'utf8');
	const json = (r: RunResult) => r.events.map((e) => JSON.stringify(eventToJson(e)));
	assert.deepEqual(json(run(text)), json(run(text)));
	const other = run(text, {seed: 8});
	assert.equal(other.seed, 8);
	assert.notEqual(segments(other.events)[0]!.seq, segments(run(text).events)[0]!.seq);
});

test('fd rules: socket makes the fd current, accept acts on the listener and makes the accepted fd current', () => {
	const result = run(`${SERVER_UP}${CONNECT}wait 1s\nclient: write "ping"\nwait 1s\nserver: read 10\nexpect server read "ping"\n`);
	assert.deepEqual(result.failures, []);
	const accept = calls(result.events, 'server', 'accept');
	assert.equal(accept[0]!.fd, 3, 'accept on the listening fd');
	const acceptedFd = accept.find((e) => e.status === 'returned')!.result;
	assert.equal(result.runner.currentFd('server'), acceptedFd);
	assert.equal(calls(result.events, 'server', 'read')[0]!.fd, acceptedFd);
	// An explicit fd= wins: reading the listener is a real error, not a crash.
	const explicit = run(`${SERVER_UP}${CONNECT}wait 1s\nserver: read 10 fd=3\nexpect server call read failed ENOTCONN\n`);
	assert.equal(calls(explicit.events, 'server', 'read')[0]!.fd, 3);
	assert.deepEqual(explicit.failures.map((f) => f.message), []);
});

test('wait until resumes at the moment of the event; later actions run then', () => {
	const result = run(`${SERVER_UP}${CONNECT}wait until client state ESTABLISHED timeout 5s\nclient: write "x"\n`);
	assert.deepEqual(result.failures, []);
	const established = result.events.find((e) => e.kind === 'state' && e.host === 'client' && e.to === 'ESTABLISHED')!;
	assert.equal(established.t, 100);
	assert.equal(calls(result.events, 'client', 'write')[0]!.t, 100);
	assert.equal(result.endedAt, 100);

	const segmentWait = run(`${SERVER_UP}${CONNECT}wait 1s\nclient: close\nwait until segment c2s FIN timeout 5s\n`);
	assert.deepEqual(segmentWait.failures, []);
	assert.equal(segmentWait.endedAt, 1050, 'the FIN sent at 1000 is delivered 50 ms later');

	const callWait = run(`${SERVER_UP}${CONNECT}wait until server call accept returned\nexpect server state ESTABLISHED\n`);
	assert.deepEqual(callWait.failures, []);
	assert.equal(callWait.endedAt, 150);
});

test('wait until that is already true does not wait', () => {
	const result = run(`${SERVER_UP}wait until server state LISTEN timeout 1s\n`);
	assert.deepEqual(result.failures, []);
	assert.equal(result.endedAt, 0);
});

test('wait until is satisfied by a matching event since the range began; each event satisfies one wait', () => {
	// The SYN+ACK arrives at 100 ms, long before the wait is reached: it still counts.
	const early = run(`${SERVER_UP}${CONNECT}wait 1s\nwait until segment s2c SYN,ACK timeout 100ms\n`);
	assert.deepEqual(early.failures, []);
	assert.equal(early.endedAt, 1000);
	// There was only one: a second wait for it waits for a second one, and times out.
	const twice = run(`${SERVER_UP}${CONNECT}wait 1s\nwait until segment s2c SYN,ACK timeout 100ms\nwait until segment s2c SYN,ACK timeout 100ms\n`);
	assert.equal(twice.failures.length, 1);
	assert.deepEqual(twice.failures[0]!.pos, {line: 10, col: 1});
	// A lesson step's range starts its own count: an event of an earlier range does not satisfy it.
	const parsed = scenario(`${SERVER_UP}${CONNECT}wait 1s\nwait until segment s2c SYN,ACK timeout 100ms\n`);
	const world = createWorld({seed: 1, link: {c2s: {delay: 50}, s2c: {delay: 50}}});
	const runner = new ActionRunner(world, parsed.actions);
	runner.start(0, 7);
	world.runUntil(2000);
	runner.start(7, 8);
	world.runUntil(3000);
	assert.equal(runner.failure?.pos.line, 9, 'the SYN+ACK of the first range is not this range\'s');
	runner.dispose();
});

test('wait until times out with a clear, positioned message and stops the run', () => {
	const result = run(`link both delay=20ms\nserver: socket\nserver: bind 80\nserver: listen 8\n${CONNECT.replace(':80', ':81')}wait until client state ESTABLISHED timeout 2s\nclient: write "never"\n`);
	assert.equal(result.failures.length, 1);
	const [failure] = result.failures;
	assert.equal(failure!.fatal, true);
	assert.deepEqual(failure!.pos, {line: 7, col: 1});
	assert.equal(failure!.message, 'timed out after 2s waiting until client state ESTABLISHED (the client is in CLOSED)');
	assert.equal(failure!.text?.ko, '2s 동안 client state ESTABLISHED을(를) 기다렸지만 일어나지 않았습니다 (클라이언트의 현재 상태: CLOSED)');
	assert.equal(result.endedAt, 2000);
	assert.equal(calls(result.events, 'client', 'write').length, 0, 'nothing after the failed wait runs');
	assert.equal(result.runner.failure, failure);
});

test('a lone wait terminates even with nothing else scheduled', () => {
	const result = run('wait 10s\nexpect client state CLOSED\n');
	assert.deepEqual(result.failures, []);
	assert.equal(result.endedAt, 10_000);
});

test('a hard bound on virtual time stops a run that would go on too long', () => {
	const result = run('wait 2h\n', {maxVirtualTime: 3_600_000});
	assert.equal(result.failures.length, 1);
	assert.match(result.failures[0]!.message, /did not finish within 3600s of virtual time/);
});

test('expectations: failures are recorded with clear messages and do not stop the run', () => {
	const result = run([
		SERVER_UP + CONNECT + 'wait 1s',
		'client: write "hello"',
		'wait 500ms',
		'server: read 100',
		'expect server read "goodbye"',
		'expect client state CLOSED',
		'expect client call connect failed ECONNREFUSED',
		'expect client call connect returned 0',
		'expect client call shutdown returned',
		'expect segment s2c RST',
		'expect no segment c2s DATA',
		'expect segment c2s DATA',
		'expect no segment s2c RST',
		'wait 1s',
	].join('\n'));
	assert.deepEqual(result.failures.map((f) => [f.pos.line, f.message]), [
		[12, 'expect server read "goodbye": failed, the last read() returned "hello" (5 bytes)'],
		[13, 'expect client state CLOSED: failed, it is ESTABLISHED (fd 3)'],
		[14, 'expect client call connect failed ECONNREFUSED: failed, the last connect() returned 0'],
		[16, 'expect client call shutdown returned: failed, no shutdown() was called on the client'],
		[17, 'expect segment s2c RST: failed, none was sent s2c'],
		[18, 'expect no segment c2s DATA: failed, one was sent'],
	]);
	assert.equal(result.expectResults.length, 9);
	assert.equal(result.endedAt, 2500, 'the run went on after the failed expects');
});

test('link changes while running: a lossy link loses the next segment', () => {
	const result = run(`${SERVER_UP}${CONNECT}wait 1s\nlink c2s loss=100%\nclient: write "gone"\nwait 100ms\n`);
	const lost = segments(result.events, 'lost');
	assert.ok(lost.length >= 1);
	assert.equal(lost[0]!.len, 4);
	assert.equal(result.world.linkConfig('c2s').loss, 100);
});

test('syn-flood: spoofed SYNs from the given network, spread at the interval, reproducible', () => {
	const text = `${SERVER_UP}inject c2s syn-flood count=20 from=10.0.9.0/24 port=80 interval=2ms\nwait 1s\n`;
	const result = run(text);
	const spoofed = segments(result.events).filter((e) => e.src.startsWith('10.0.9.'));
	assert.equal(spoofed.length, 20);
	for (const [i, e] of spoofed.entries()) {
		assert.equal(e.flags, 'SYN');
		assert.equal(e.dst, '10.0.0.2');
		assert.equal(e.dstPort, 80);
		assert.equal(e.t, i * 2);
		const last = Number(e.src.split('.')[3]);
		assert.ok(last >= 1 && last <= 254, e.src);
		assert.ok(e.srcPort >= 1024);
		assert.equal(decodeSegment(e.bytes).ok, true, 'a real packet with good checksums');
	}
	assert.ok(new Set(spoofed.map((e) => e.seq)).size > 15, 'random ISNs');
	assert.ok(new Set(spoofed.map((e) => e.src)).size > 5, 'random sources');
	const again = segments(run(text).events).filter((e) => e.src.startsWith('10.0.9.'));
	assert.deepEqual(again.map((e) => [e.src, e.srcPort, e.seq]), spoofed.map((e) => [e.src, e.srcPort, e.seq]));
	// The server answers them: half-open entries fill its SYN queue (S22).
	assert.ok(segments(result.events).some((e) => e.flags === 'SYN,ACK' && e.dst.startsWith('10.0.9.')));
});

test('replay last-data re-sends the exact bytes of the last data segment in that direction', () => {
	const result = run(`${SERVER_UP}${CONNECT}wait 1s\nclient: write "old"\nwait 500ms\ninject c2s replay last-data delay=200ms\nwait 1s\n`);
	const data = segments(result.events).filter((e) => e.dir === 'c2s' && e.len > 0);
	assert.equal(data.length, 2);
	assert.deepEqual([...data[1]!.bytes], [...data[0]!.bytes]);
	assert.equal(data[1]!.t, 1700);

	const nothing = run('inject s2c replay last-data\n');
	assert.deepEqual(nothing.failures.map((f) => f.message), ['inject s2c replay last-data: no data segment has been sent s2c yet']);
});

test('the runner is driven by someone else\'s clock, one step range at a time (as in the TUI)', () => {
	const lesson = scenario([
		'msl 1s',
		'step "Listen"',
		'server: socket', 'server: bind 80', 'server: listen 8', 'server: accept',
		'step "Connect"',
		'caption en "SYN seq={client.iss}, the server ACKs {client.iss+1}; MSL {msl} ms, seed {seed}"',
		'client: socket', 'client: connect 10.0.0.2:80',
		'wait until client state ESTABLISHED timeout 5s',
	].join('\n'));
	const world = createWorld({seed: 5, stack: {msl: 1000}, link: {c2s: {delay: 50}, s2c: {delay: 50}}});
	const progress: number[] = [];
	const runner = new ActionRunner(world, lesson.actions, {onProgress: (index) => progress.push(index)});
	const [listen, connect] = lesson.steps;
	runner.start(listen!.start, listen!.end);
	assert.equal(runner.done, true, 'a step without waits finishes at once');
	assert.deepEqual(progress, [0, 1, 2, 3, 4]);
	runner.start(connect!.start, connect!.end);
	assert.equal(runner.done, false, 'waiting for ESTABLISHED');
	world.runUntil(99);
	assert.equal(runner.done, false);
	world.runUntil(100);
	assert.equal(runner.done, true);
	assert.equal(runner.failure, null);
	const syn = world.history().find((e): e is SegmentEvent => e.kind === 'segment' && e.flags === 'SYN')!;
	assert.equal(stepCaption(connect!, 'en', runner, 1000, false), `SYN seq=${syn.seq}, the server ACKs ${(syn.seq + 1) >>> 0}; MSL 1000 ms, seed 5`);
	assert.equal(stepCaption(connect!, 'en', runner, 1000), 'SYN seq=0, the server ACKs 1; MSL 1000 ms, seed 5');
	runner.dispose();
});

test('captions: sequence numbers wrap at 2^32, missing connections show ?', () => {
	const empty = {name: 'client', addr: '10.0.0.1', sockets: [], counters: {}};
	const context = {client: empty, server: empty, currentFd: {}, msl: 2000, seed: 3};
	assert.equal(renderCaption('{client.iss+1} {msl} {seed}', context), '? 2000 3');
	const connection = {state: 'SYN_SENT', iss: 0xffff_ffff, cwnd: 1460} as unknown as NonNullable<import('../../source/stack/types.js').SocketSnapshot['connection']>;
	const socket = {fd: 3, connection} as unknown as import('../../source/stack/types.js').SocketSnapshot;
	const withConnection = {...context, client: {...empty, sockets: [socket]}, currentFd: {client: 3}};
	assert.equal(renderCaption('{client.iss+1} {client.state} {client.cwnd+40}', {...withConnection, relative: false}), '0 SYN_SENT 1500');
	// Relative (the default): numbered from the ISN, which {client.isn} names as it is.
	assert.equal(renderCaption('{client.iss+1} {client.sndNxt} {client.isn}', withConnection), `1 ? ${0xffff_ffff}`);
	// The largest offset the parser takes (2^32−1) is exact: round the sequence space to one short of
	// where it started, and plain arithmetic on a window.
	assert.equal(renderCaption('{client.isn+4294967295} {client.isn-4294967295} {client.cwnd+4294967295}', withConnection), `${0xffff_fffe} 0 ${1460 + 0xffff_ffff}`);
});

test('a host that throws (a stack bug) stops the run with one positioned line, never an exception', () => {
	const parsed = parseScenario('client: socket\nclient: connect 10.0.0.2:80\nwait 1s\n', 'x.tcptui');
	assert.ok(parsed.ok);
	const world = createWorld({seed: 1});
	const broken = Object.create(world.client) as typeof world.client;
	broken.connect = () => {
		throw new Error('boom');
	};
	const runner = new ActionRunner({...world, client: broken}, parsed.scenario.actions);
	runner.start();
	assert.equal(runner.done, true);
	assert.deepEqual(runner.failure?.pos, {line: 2, col: 1});
	assert.equal(runner.failure?.message, 'internal error while running this line: boom (please report)');
	runner.dispose();
});
