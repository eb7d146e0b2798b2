// Targeted faults in scenarios: `drop c2s next FIN` and friends hit exactly the segment they name.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {parseScenario} from '../../source/scenario/parser.js';
import {formatParseError} from '../../source/scenario/ast.js';
import {runScenario, type RunResult} from '../../source/scenario/run.js';
import type {SegmentEvent, SimEvent} from '../../source/sim/events.js';

function run(text: string, seed?: number): RunResult {
	const parsed = parseScenario(text, 'f.tcptui');
	if (!parsed.ok) assert.fail(parsed.errors.map((e) => formatParseError('f.tcptui', e)).join('\n'));
	const result = runScenario(parsed.scenario, seed === undefined ? {} : {seed});
	if (!result.ok) assert.fail(result.message);
	assert.deepEqual(result.result.failures.map((f) => f.message), [], 'every wait and expect of the scenario holds');
	return result.result;
}

const segmentEvents = (events: SimEvent[], dir: string, pick: (e: SegmentEvent) => boolean = () => true): SegmentEvent[] =>
	events.filter((e): e is SegmentEvent => e.kind === 'segment' && e.dir === dir && pick(e));
const fates = (events: SimEvent[], id: number): string[] =>
	events.filter((e): e is SegmentEvent => e.kind === 'segment' && e.id === id).map((e) => `${e.fate}${e.fault ? `:${e.fault}` : ''}`);

const CONNECTED = [
	'link both delay=50ms', 'server: socket', 'server: bind 80', 'server: listen 8', 'server: accept',
	'client: socket', 'client: connect 10.0.0.2:80', 'wait until server call accept returned timeout 5s',
].join('\n');

test('drop c2s next FIN: that FIN is lost on purpose, retransmitted, and the close completes', () => {
	const {events} = run(`${CONNECTED}\ndrop c2s next FIN\nclient: close\nwait until client state FIN_WAIT_2 timeout 10s\n`);
	const fins = segmentEvents(events, 'c2s', (e) => e.fate === 'sent' && e.flags.includes('FIN'));
	assert.ok(fins.length >= 2, 'the FIN is sent again');
	assert.equal(fins[0]!.fault, 'drop');
	assert.deepEqual(fates(events, fins[0]!.id), ['sent:drop', 'lost:drop']);
	assert.deepEqual(fates(events, fins[1]!.id), ['sent', 'delivered']);
	// Nothing else was aimed at: every other segment arrived.
	assert.equal(segmentEvents(events, 'c2s', (e) => e.fate === 'lost').length, 1);
	assert.equal(segmentEvents(events, 's2c', (e) => e.fate === 'lost').length, 0);
});

test('drop s2c 2nd DATA: only the second data segment from the server is lost; the client reads everything', () => {
	const {events} = run(`${CONNECTED}\nserver: set nodelay on\ndrop s2c 2nd DATA\nserver: write "one"\nwait 200ms\nserver: write "two"\nwait 200ms\nserver: write "three"\n`
		+ 'wait 3s\nclient: read 100\nexpect client read "onetwothree"\n');
	const data = segmentEvents(events, 's2c', (e) => e.fate === 'sent' && e.len > 0);
	assert.deepEqual(data.slice(0, 3).map((e) => e.fault ?? null), [null, 'drop', null]);
	assert.deepEqual(fates(events, data[1]!.id), ['sent:drop', 'lost:drop']);
	assert.ok(data.length >= 4, 'the lost segment is sent again');
});

test('corrupt c2s next DATA: the checksum catches it, the receiver drops it, the retransmission gets through', () => {
	const {events} = run(`${CONNECTED}\nserver: read 100\ncorrupt c2s next DATA\nclient: write "hello"\nwait until server call read returned timeout 10s\nexpect server read "hello"\n`);
	const [first] = segmentEvents(events, 'c2s', (e) => e.fate === 'sent' && e.len > 0);
	assert.deepEqual(fates(events, first!.id), ['sent:corrupt', 'corrupted:corrupt', 'dropped:corrupt']);
	const dropped = segmentEvents(events, 'c2s', (e) => e.id === first!.id && e.fate === 'dropped')[0]!;
	assert.equal(dropped.reason, 'bad-tcp-checksum');
	assert.ok(first!.wireBytes && first!.wireBytes.some((b, i) => b !== first!.bytes[i]), 'the sent event carries the bytes as they crossed');
});

test('duplicate s2c next SYN,ACK: two copies arrive, the second is answered as a duplicate, the handshake completes', () => {
	const {events} = run(`link both delay=50ms\nserver: socket\nserver: bind 80\nserver: listen 8\nserver: accept\nduplicate s2c next SYN,ACK\n`
		+ 'client: socket\nclient: connect 10.0.0.2:80\nwait until server call accept returned timeout 5s\nexpect client state ESTABLISHED\n');
	const [synAck] = segmentEvents(events, 's2c', (e) => e.fate === 'sent' && e.flags === 'SYN,ACK');
	assert.equal(synAck!.fault, 'duplicate');
	const copy = segmentEvents(events, 's2c', (e) => e.fate === 'duplicated' && e.copyOf === synAck!.id);
	assert.equal(copy.length, 1);
	assert.equal(copy[0]!.fault, 'duplicate');
	assert.equal(copy[0]!.arriveAt, synAck!.arriveAt);
	// The copy reaches the client too (an ESTABLISHED client answers it with an ACK, but takes nothing from it).
	const [, arrival] = fates(events, copy[0]!.id);
	assert.match(arrival!, /^(delivered|dropped):duplicate$/);
});

test('delay c2s next ACK 2s: the handshake\'s last ACK arrives 2 s late; the server meanwhile retransmits its SYN+ACK', () => {
	const {events} = run(`link both delay=50ms\nserver: socket\nserver: bind 80\nserver: listen 8\nserver: accept\ndelay c2s next ACK 2s\n`
		+ 'client: socket\nclient: connect 10.0.0.2:80\nwait until server call accept returned timeout 5s\nwait 3s\n');
	const [ack] = segmentEvents(events, 'c2s', (e) => e.fate === 'sent' && e.flags === 'ACK');
	assert.equal(ack!.fault, 'delay');
	assert.equal(ack!.arriveAt, ack!.t + 50 + 2000);
	const arrival = segmentEvents(events, 'c2s', (e) => e.id === ack!.id && e.fate !== 'sent')[0]!;
	assert.equal(arrival.t, ack!.arriveAt);
	assert.equal(arrival.fault, 'delay');
	assert.ok(segmentEvents(events, 's2c', (e) => e.fate === 'sent' && e.flags === 'SYN,ACK').length >= 2, 'the server retransmitted its SYN+ACK meanwhile');
	// An ACK sent later overtakes the held one: the server is ESTABLISHED before it arrives.
	const established = events.find((e) => e.kind === 'state' && e.host === 'server' && e.to === 'ESTABLISHED')!;
	assert.ok(established.t < arrival.t);
});

test('a fault aims at the nth match counted from the line, not from the start of the run', () => {
	const {events} = run(`${CONNECTED}\nclient: write "a"\nwait 500ms\ndrop c2s next DATA\nclient: write "b"\nwait 3s\nserver: read 10\nexpect server read "ab"\n`);
	const data = segmentEvents(events, 'c2s', (e) => e.fate === 'sent' && e.len > 0);
	assert.deepEqual(data.slice(0, 2).map((e) => e.fault ?? null), [null, 'drop']);
});
