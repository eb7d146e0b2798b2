// Properties of the session's timeline on random free play: rewinding to any point and playing
// forward gives the same event stream byte for byte, and a recorded session replays in
// `tcp-tui run` (runScenario) to the identical stream.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {createWorld} from '../../source/sim/world.js';
import {eventToJson, type SimEvent} from '../../source/sim/events.js';
import type {WorldOptions} from '../../source/sim/world-api.js';
import type {RealTime} from '../../source/ui/clock.js';
import {Session} from '../../source/session/session.js';
import {recordSession} from '../../source/session/record.js';
import type {Action, Side, SocketCall} from '../../source/session/actions.js';
import {parseScenario} from '../../source/scenario/parser.js';
import {runScenario} from '../../source/scenario/run.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};

/** One event as a line, with its packet bytes: "byte for byte". */
function line(e: SimEvent): string {
	const bytes = e.kind === 'segment' ? Buffer.from(e.bytes).toString('hex') : undefined;
	return JSON.stringify({...eventToJson(e), bytes});
}

type Move = {kind: 'act'; action: Action} | {kind: 'advance'; ms: number};

const side = fc.constantFrom<Side>('client', 'server');
const fd = fc.constantFrom(-1, 3, 4, 5);
const op: fc.Arbitrary<SocketCall> = fc.oneof(
	fc.constant<SocketCall>({call: 'socket'}),
	fc.constantFrom(80, 8080).map((port): SocketCall => ({call: 'bind', port})),
	fc.constant<SocketCall>({call: 'listen', backlog: 8}),
	fc.constant<SocketCall>({call: 'accept'}),
	fc.constantFrom(80, 81).map((port): SocketCall => ({call: 'connect', addr: '10.0.0.2', port})),
	fc.oneof(fc.constantFrom('hello', 'say "hi" \\ bye\n\t', '안녕하세요', ''), fc.string({maxLength: 100})).map((data): SocketCall => ({call: 'write', data})),
	fc.integer({min: 1, max: 30_000}).map((pattern): SocketCall => ({call: 'write', data: {pattern}})),
	fc.constant<SocketCall>({call: 'read', max: 4096}),
	fc.constantFrom('rd', 'wr', 'rdwr').map((how): SocketCall => ({call: 'shutdown', how})),
	fc.constant<SocketCall>({call: 'close'}),
	fc.constant<SocketCall>({call: 'abort'}),
	fc.constant<SocketCall>({call: 'kill'}),
);
const linkChange = fc.record({
	dir: fc.constantFrom('c2s' as const, 's2c' as const),
	config: fc.oneof(
		fc.record({delay: fc.integer({min: 0, max: 300})}),
		fc.record({loss: fc.integer({min: 0, max: 40})}),
		fc.record({duplicate: fc.integer({min: 0, max: 30}), reorder: fc.integer({min: 0, max: 30})}),
		fc.record({corrupt: fc.integer({min: 0, max: 20})}),
		fc.record({jitter: fc.double({min: 0, max: 40, noNaN: true}).map((v) => Math.round(v * 1000) / 1000)}),
		fc.record({rate: fc.constantFrom(0, 100_000, 1_000_000)}),
	),
}).map(({dir, config}): Action => ({type: 'link', dir, config}));
const faultKind = fc.oneof(fc.constantFrom({kind: 'drop'} as const, {kind: 'corrupt'} as const, {kind: 'duplicate'} as const), fc.integer({min: 1, max: 3000}).map((ms) => ({kind: 'delay', ms}) as const));
const aimedFault = fc.record({
	dir: fc.constantFrom('c2s' as const, 's2c' as const),
	flags: fc.constantFrom('SYN', 'ACK', 'FIN', 'DATA', 'SYN,ACK', 'FIN,ACK', 'RST'),
	nth: fc.integer({min: 1, max: 3}),
	fault: faultKind,
}).map(({fault, ...pattern}): Action => ({type: 'fault', target: {pattern}, fault}));
/** A segment already on the link, by id (the ladder's way): rewind replays it, a recording cannot say it. */
const idFault = fc.record({id: fc.integer({min: 0, max: 40}), fault: faultKind}).map(({id, fault}): Action => ({type: 'fault', target: {id}, fault}));

const move: fc.Arbitrary<Move> = fc.oneof(
	{weight: 5, arbitrary: fc.record({side, fd, op}).map(({side: s, fd: f, op: o}): Move => ({kind: 'act', action: {type: 'call', side: s, fd: f, op: o}}))},
	{weight: 1, arbitrary: linkChange.map((action): Move => ({kind: 'act', action}))},
	{weight: 1, arbitrary: fc.constant<Move>({kind: 'act', action: {type: 'step'}})},
	{weight: 1, arbitrary: aimedFault.map((action): Move => ({kind: 'act', action}))},
	{weight: 3, arbitrary: fc.oneof(fc.integer({min: 0, max: 1500}), fc.double({min: 0, max: 800, noNaN: true})).map((ms): Move => ({kind: 'advance', ms}))},
);

/** Server listening, client connecting: most random moves then find a connection to act on. */
const OPENING: Move[] = [
	{kind: 'act', action: {type: 'call', side: 'server', fd: -1, op: {call: 'socket'}}},
	{kind: 'act', action: {type: 'call', side: 'server', fd: 3, op: {call: 'bind', port: 80}}},
	{kind: 'act', action: {type: 'call', side: 'server', fd: 3, op: {call: 'listen', backlog: 8}}},
	{kind: 'act', action: {type: 'call', side: 'server', fd: 3, op: {call: 'accept'}}},
	{kind: 'act', action: {type: 'call', side: 'client', fd: -1, op: {call: 'socket'}}},
	{kind: 'act', action: {type: 'call', side: 'client', fd: 3, op: {call: 'connect', addr: '10.0.0.2', port: 80}}},
];

const worldSettings = fc.record({
	seed: fc.integer({min: 0, max: 2 ** 32 - 1}),
	delay: fc.integer({min: 1, max: 200}),
	loss: fc.constantFrom(0, 0, 5, 20),
});

function play(settings: {seed: number; delay: number; loss: number}, moves: Move[]): {s: Session; stream: string[]} {
	const worldOptions: WorldOptions = {seed: settings.seed, stack: {msl: 1000}, link: {c2s: {delay: settings.delay, loss: settings.loss}, s2c: {delay: settings.delay}}, historyLimit: 1_000_000};
	const s = new Session({speed: 1, time: frozen, createWorld: () => createWorld(worldOptions), worldOptions});
	for (const m of [...OPENING, ...moves]) {
		if (m.kind === 'advance') s.runUntil(s.now() + m.ms);
		else s.execute(m.action);
	}
	// Everything due at the last instant (a `.` may have stopped half-way through one).
	s.runUntil(s.now());
	return {s, stream: s.world.history().map(line)};
}

function isPrefix(prefix: string[], of: string[]): boolean {
	return prefix.length <= of.length && prefix.every((l, i) => l === of[i]);
}

test('rewinding to any point and playing forward gives the same event stream, byte for byte', () => {
	const rewinds = fc.array(fc.oneof(fc.constant<Action>({type: 'rewind', by: 'event'}), fc.integer({min: 1, max: 4000}).map((ms): Action => ({type: 'rewind', by: 'time', ms}))), {minLength: 1, maxLength: 4});
	const moveOrIdFault = fc.oneof({weight: 8, arbitrary: move}, {weight: 1, arbitrary: idFault.map((action): Move => ({kind: 'act', action}))});
	fc.assert(fc.property(worldSettings, fc.array(moveOrIdFault, {maxLength: 25}), rewinds, fc.boolean(), (settings, moves, back, stepForward) => {
		const {s, stream} = play(settings, moves);
		const end = s.now();
		for (const action of back) {
			s.execute(action);
			const now = s.world.history().map(line);
			assert.ok(isPrefix(now, stream), 'a rewound world is a moment of the same run');
		}
		if (stepForward) {
			// `.` one move at a time (within the recorded run), then the rest.
			for (let i = 0; i < 5; i++) {
				const next = s.nextEventTime();
				if (next === null || next > end) break;
				s.execute({type: 'step'});
			}
			assert.ok(isPrefix(s.world.history().map(line), stream));
		}
		s.runUntil(end);
		assert.deepEqual(s.world.history().map(line), stream);
		assert.equal(s.futureActions, 0);
		s.dispose();
	}), {numRuns: 60});
});

test('a recorded session replays in `tcp-tui run` to the identical event stream', () => {
	fc.assert(fc.property(worldSettings, fc.array(move, {maxLength: 25}), (settings, moves) => {
		const {s, stream} = play(settings, moves);
		const recorded = recordSession(s);
		assert.ok(recorded.ok, 'free play records');
		const parsed = parseScenario(recorded.text, 'recorded.tcptui');
		assert.ok(parsed.ok, parsed.ok ? '' : `${parsed.errors.map((e) => `${e.line}:${e.col} ${e.message}`).join('; ')}\n${recorded.text}`);
		const run = runScenario(parsed.scenario);
		assert.ok(run.ok);
		assert.deepEqual(run.result.failures, []);
		assert.deepEqual(run.result.events.map(line), stream, recorded.text);
		s.dispose();
	}), {numRuns: 60});
});

test('a recording is a readable scenario: settings, then each action at its time', () => {
	const {s} = play({seed: 7, delay: 50, loss: 0}, [{kind: 'advance', ms: 500}, {kind: 'act', action: {type: 'call', side: 'client', fd: 3, op: {call: 'write', data: 'hi "there"'}}}, {kind: 'advance', ms: 250.5}]);
	const recorded = recordSession(s);
	assert.ok(recorded.ok);
	const lines = recorded.text.split('\n');
	// The link is netem's default (delay 50ms, no loss): only what differs is written.
	assert.deepEqual(lines.slice(1, 4), ['seed 7', 'option both msl=1000ms', 'at 0ms']);
	assert.ok(lines.includes('server: socket'));
	assert.ok(lines.includes('server: bind 80 fd=3'));
	assert.ok(lines.includes('client: connect 10.0.0.2:80 fd=3'));
	assert.ok(lines.includes('client: write "hi \\"there\\"" fd=3'));
	assert.equal(lines.filter((l) => l.startsWith('at ')).at(-1), 'at 750.5ms');
	s.dispose();
});
