// The one action executor for scenarios and lessons. It runs actions in order at the current
// virtual time and never advances time itself: `wait` schedules its continuation in the world's
// own event queue, `wait until` resumes when a matching event arrives (or fails at its bounded
// timeout). So the headless runner drives it with world.step(), and the TUI with its clock.
//
// `wait until` is satisfied by a matching event since the range given to start() began (a lesson
// step), not only by a future one: a step whose segment arrived before the wait was reached must
// not time out. Each such event satisfies one wait only, so two waits for the same thing wait for two.
import {Buffer} from 'node:buffer';
import type {HostApi} from '../stack/host-api.js';
import {noFlags, type Call, type SocketSnapshot, type TcpState} from '../stack/types.js';
import {decodeSegment, encodeSegment, formatIPv4} from '../stack/segment.js';
import {createRng, type SeededRng} from '../sim/rng.js';
import {flagsMatch, type Direction, type SimEvent} from '../sim/events.js';
import type {WorldApi} from '../sim/world-api.js';
import type {Action, ActionBody, Condition, Expectation, HostSide, Position} from './ast.js';
import {byteCountText, type Text} from '../i18n/lang.js';
import {hostText, scenarioText} from '../i18n/scenario.js';
import type {ByteSource} from '../stack/host-api.js';

export interface RunFailure {
	pos: Position;
	/** The line of the file, as written. */
	source: string;
	/** In English (the same as text.en). */
	message: string;
	/** In both languages, for `--lang ko` and the app (absent: only `message`). */
	text?: Text;
	/** A failed `wait until` (or an internal stop) ends the run; failed expects do not. */
	fatal: boolean;
	/** What the line asked for, as written without its keyword (`server read "hello"`); absent for an internal error. */
	expected?: string;
}

export interface ExpectResult {
	action: Action;
	passed: boolean;
	message: string;
	text: Text;
}

export interface RunnerOptions {
	/** Seed of the injected traffic (spoofed addresses, ports and ISNs); default: the world's seed. */
	seed?: number;
	/** Called whenever the runner moves: `index` is the next action to run, `action` null when finished. */
	onProgress?: (index: number, action: Action | null) => void;
}

interface HostFds {
	current?: number;
	listening?: number;
	accepted?: number;
}

type ActionOf<K extends ActionBody['kind']> = Extract<ActionBody, {kind: K}> & Action;

const WRITE_PATTERN = 'abcdefghijklmnopqrstuvwxyz';
const SPOOFED_SYN_WINDOW = 64_240;
const SPOOFED_SYN_MSS = 1460;

/**
 * `write 100000`: that many bytes of a repeating a–z pattern, made as the send buffer takes them
 * (a blocked `write 100000000` holds no 100 MB array; the call blocks until the last piece is in).
 */
export function patternSource(count: number): ByteSource {
	return {
		length: count,
		bytes(start: number, end: number): Uint8Array {
			const piece = new Uint8Array(Math.max(0, end - start));
			for (let i = 0; i < piece.length; i++) piece[i] = WRITE_PATTERN.charCodeAt((start + i) % WRITE_PATTERN.length);
			return piece;
		},
	};
}

export {flagsMatch};

function describeCall(call: Call): Text {
	if (call.status === 'blocked') return scenarioText('callBlocked');
	if (call.status === 'failed') return scenarioText('callFailed', {errno: call.errno ?? '?'});
	return scenarioText('callReturned', {result: call.result ?? 0});
}

export class ActionRunner {
	/** Every failure so far, in order (expects that failed, and a fatal one if the run stopped). */
	readonly failures: RunFailure[] = [];
	readonly expectResults: ExpectResult[] = [];
	onProgress?: (index: number, action: Action | null) => void;

	private index = 0;
	private end = 0;
	private finished = false;
	private fatal: RunFailure | null = null;
	private readonly fds: Record<HostSide, HostFds> = {client: {}, server: {}};
	/** Latest call of each name per host (by call id), from the event stream. */
	private readonly lastCall = new Map<string, Call>();
	private readonly lastRead: Record<HostSide, Call | null> = {client: null, server: null};
	/** Flag sets seen per direction (`SYN,ACK|data`), for `expect segment`. */
	private readonly seenSegments: Record<Direction, Set<string>> = {c2s: new Set(), s2c: new Set()};
	private readonly lastData: Record<Direction, Uint8Array | null> = {c2s: null, s2c: null};
	private readonly pendingAccepts = new Map<Call, HostSide>();
	private readonly rng: SeededRng;
	private readonly unsubscribe: () => void;
	private waitHandle: number | null = null;
	private waitUnsubscribe: (() => void) | null = null;
	private floodHandles = new Set<number>();
	/** The conditions of the `wait until`s in the range given to start(), by describeCondition(). */
	private watched: Array<{key: string; condition: Condition}> = [];
	/** Matching events since start() not yet consumed by a wait, per watched condition. */
	private readonly unconsumed = new Map<string, number>();

	constructor(
		readonly world: WorldApi,
		readonly actions: readonly Action[],
		options: RunnerOptions = {},
	) {
		this.onProgress = options.onProgress;
		this.rng = createRng(options.seed ?? world.seed).fork('scenario-inject');
		this.unsubscribe = world.on((event) => this.observe(event));
	}

	/** True when the range given to start() has run to its end, or a fatal failure stopped it. */
	get done(): boolean {
		return this.finished;
	}

	/** The failure that stopped the run (a `wait until` that timed out), if any. */
	get failure(): RunFailure | null {
		return this.fatal;
	}

	/** Index of the next action to run. */
	get position(): number {
		return this.index;
	}

	/** Run actions [fromIndex, toIndex) at the current virtual time, continuing through waits. */
	start(fromIndex = 0, toIndex = this.actions.length): void {
		this.cancelWait();
		this.index = Math.max(0, Math.min(fromIndex, this.actions.length));
		this.end = Math.max(this.index, Math.min(toIndex, this.actions.length));
		this.finished = false;
		this.fatal = null;
		this.unconsumed.clear();
		const watched = new Map<string, Condition>();
		for (const action of this.actions.slice(this.index, this.end)) {
			if (action.kind === 'wait-until') watched.set(describeCondition(action.condition), action.condition);
		}
		this.watched = [...watched].map(([key, condition]) => ({key, condition}));
		this.resume();
	}

	/** Stop listening to the world and cancel anything pending (waits, a running SYN flood). */
	dispose(): void {
		this.cancelWait();
		for (const handle of this.floodHandles) this.world.cancel(handle);
		this.floodHandles.clear();
		this.unsubscribe();
		this.finished = true;
	}

	/** The fd a host's actions use when they name none (docs/scenario-format.md). */
	currentFd(host: HostSide): number | undefined {
		return this.fds[host].current;
	}

	/** The socket a host's current fd refers to now, if it still exists. */
	currentSocket(host: HostSide, fd = this.fds[host].current): SocketSnapshot | undefined {
		if (fd === undefined) return undefined;
		return this.hostApi(host).snapshot().sockets.find((socket) => socket.fd === fd);
	}

	/** The TCP state of a host's current fd (CLOSED once the fd is gone). */
	stateOf(host: HostSide, fd?: number): TcpState {
		return this.currentSocket(host, fd ?? this.fds[host].current)?.state ?? 'CLOSED';
	}

	private hostApi(host: HostSide): HostApi {
		return host === 'client' ? this.world.client : this.world.server;
	}

	private resume(): void {
		while (!this.finished && this.waitHandle === null && this.waitUnsubscribe === null) {
			if (this.index >= this.end) {
				this.finished = true;
				this.onProgress?.(this.index, null);
				return;
			}
			const action = this.actions[this.index]!;
			this.onProgress?.(this.index, action);
			this.index++;
			try {
				this.execute(action);
			} catch (error) {
				// The stack and the world never throw on what a file can say; if they do, it is a bug:
				// stop this run with one clear line instead of an exception in the caller's loop.
				const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
				this.stop(action, scenarioText('internal', {message}));
			}
		}
	}

	private execute(action: Action): void {
		switch (action.kind) {
			case 'call':
				this.call(action as ActionOf<'call'>);
				return;
			case 'wait':
				this.waitHandle = this.world.schedule(this.world.now() + action.ms, () => {
					this.waitHandle = null;
					this.resume();
				});
				return;
			case 'at':
				this.waitUntilInstant(Math.max(action.ms, this.world.now()));
				return;
			case 'wait-until':
				this.waitUntil(action as ActionOf<'wait-until'>);
				return;
			case 'link':
				for (const dir of action.dirs) this.world.setLink(dir, action.config);
				return;
			case 'inject-syn-flood':
				this.synFlood(action as ActionOf<'inject-syn-flood'>);
				return;
			case 'inject-replay':
				this.replay(action as ActionOf<'inject-replay'>);
				return;
			case 'expect':
				this.expect(action as ActionOf<'expect'>);
				return;
			case 'fault':
				this.world.armFault({dir: action.dir, flags: action.flags.join(','), nth: action.nth}, action.fault);
				return;
			case 'pin-isn': {
				const sent = this.lastData[action.dir];
				const decoded = sent ? decodeSegment(sent) : null;
				if (!decoded?.ok) {
					this.record(action, false, scenarioText('isnNone', {dir: action.dir}));
					return;
				}
				this.world.pinNextIsn(action.host, (decoded.segment[action.field] + action.offset) >>> 0);
				return;
			}
		}
	}

	private call(action: ActionOf<'call'>): void {
		const api = this.hostApi(action.host);
		const fds = this.fds[action.host];
		// -1 is never a valid fd: the host answers EBADF, which the user sees as the call's result.
		const fd = action.fd ?? (action.call === 'accept' ? fds.listening ?? fds.current : fds.current) ?? -1;
		let result: Call;
		switch (action.call) {
			case 'socket':
				result = api.socket();
				if (result.status === 'returned' && result.result !== undefined) fds.current = result.result;
				return;
			case 'bind':
				api.bind(fd, action.port, action.addr);
				return;
			case 'listen':
				result = api.listen(fd, action.backlog);
				if (result.status === 'returned') fds.listening = fd;
				return;
			case 'accept':
				result = api.accept(fd);
				if (result.status === 'blocked') this.pendingAccepts.set(result, action.host);
				else this.accepted(action.host, result);
				return;
			case 'connect':
				api.connect(fd, action.addr, action.port);
				return;
			case 'write':
				api.write(fd, typeof action.data === 'number' ? patternSource(action.data) : action.data);
				return;
			case 'read':
				api.read(fd, action.max);
				return;
			case 'shutdown':
				api.shutdown(fd, action.how);
				return;
			case 'close':
				api.close(fd);
				return;
			case 'abort':
				api.abort(fd);
				return;
			case 'kill':
				api.kill();
				return;
			case 'set':
				api.setsockopt(fd, action.option, action.value);
				return;
		}
	}

	private accepted(host: HostSide, call: Call): void {
		if (call.status !== 'returned' || call.result === undefined) return;
		this.fds[host].current = call.result;
		this.fds[host].accepted = call.result;
	}

	/** Everything the runner needs to remember from the event stream. */
	private observe(event: SimEvent): void {
		for (const {key, condition} of this.watched) {
			if (this.conditionMatches(condition, event)) this.unconsumed.set(key, (this.unconsumed.get(key) ?? 0) + 1);
		}
		if (event.kind === 'call') {
			const host = event.host as HostSide;
			const key = `${host}:${event.call}`;
			const previous = this.lastCall.get(key);
			if (!previous || previous.id <= event.ref.id) this.lastCall.set(key, event.ref);
			if (event.call === 'read' && event.status === 'returned') this.lastRead[host] = event.ref;
			const acceptHost = this.pendingAccepts.get(event.ref);
			if (acceptHost && event.status !== 'blocked') {
				this.pendingAccepts.delete(event.ref);
				this.accepted(acceptHost, event.ref);
			}
		} else if (event.kind === 'segment' && event.fate === 'sent') {
			this.seenSegments[event.dir].add(`${event.flags}|${event.len > 0 ? 1 : 0}`);
			if (event.len > 0) this.lastData[event.dir] = event.bytes;
		}
	}

	private conditionHoldsNow(condition: Condition): boolean {
		if (condition.kind === 'state') return this.stateOf(condition.host) === condition.state;
		if (condition.kind === 'call') return this.lastCall.get(`${condition.host}:${condition.call}`)?.status === condition.status;
		return false;
	}

	private conditionMatches(condition: Condition, event: SimEvent): boolean {
		switch (condition.kind) {
			case 'state':
				return event.kind === 'state' && event.host === condition.host && event.to === condition.state;
			case 'call':
				return event.kind === 'call' && event.host === condition.host && event.call === condition.call && event.status === condition.status;
			case 'segment':
				return event.kind === 'segment' && event.fate === 'delivered' && event.dir === condition.dir && flagsMatch(event.flags, event.len, condition.flags);
		}
	}

	/**
	 * `at T`: continue at virtual time T once nothing else is due by then (events that T's own
	 * events schedule for T included), as a live session acts after the clock has run up to T.
	 */
	private waitUntilInstant(at: number): void {
		const fire = (): void => {
			const next = this.world.nextEventTime();
			if (next !== null && next <= at) {
				this.waitHandle = this.world.schedule(at, fire);
				return;
			}
			this.waitHandle = null;
			this.resume();
		};
		this.waitHandle = this.world.schedule(at, fire);
	}

	private waitUntil(action: ActionOf<'wait-until'>): void {
		const {condition, timeout} = action;
		if (this.conditionHoldsNow(condition)) return;
		const key = describeCondition(condition);
		const earlier = this.unconsumed.get(key) ?? 0;
		if (earlier > 0) {
			this.unconsumed.set(key, earlier - 1);
			return;
		}
		// Resume from the queue, not from inside the listener: the host that emitted the event
		// is still in the middle of processing when listeners run.
		this.waitUnsubscribe = this.world.on((event) => {
			if (!this.waitUnsubscribe || !this.conditionMatches(condition, event)) return;
			// observe() (subscribed first) has counted it: this wait takes it.
			this.unconsumed.set(key, Math.max(0, (this.unconsumed.get(key) ?? 0) - 1));
			this.cancelWait();
			this.waitHandle = this.world.schedule(this.world.now(), () => {
				this.waitHandle = null;
				this.resume();
			});
		});
		this.waitHandle = this.world.schedule(this.world.now() + timeout, () => {
			this.waitHandle = null;
			this.cancelWait();
			const what = describeCondition(condition);
			this.stop(action, scenarioText('timedOut', {timeout: formatMs(timeout), what, context: this.conditionContext(condition)}), what);
		});
	}

	private conditionContext(condition: Condition): Text {
		if (condition.kind === 'state') return scenarioText('contextState', {host: hostText(condition.host), state: this.stateOf(condition.host)});
		if (condition.kind === 'call') {
			const call = this.lastCall.get(`${condition.host}:${condition.call}`);
			return call
				? scenarioText('contextCall', {call: condition.call, status: describeCall(call)})
				: scenarioText('contextNoCall', {call: condition.call, host: hostText(condition.host)});
		}
		return {en: '', ko: ''};
	}

	private cancelWait(): void {
		if (this.waitHandle !== null) this.world.cancel(this.waitHandle);
		this.waitHandle = null;
		const unsubscribe = this.waitUnsubscribe;
		this.waitUnsubscribe = null;
		unsubscribe?.();
	}

	private stop(action: Action, text: Text, expected?: string): void {
		const failure: RunFailure = {pos: action.pos, source: action.source, message: text.en, text, fatal: true, ...(expected === undefined ? {} : {expected})};
		this.fatal = failure;
		this.failures.push(failure);
		this.finished = true;
		this.onProgress?.(this.index, null);
	}

	private synFlood(action: ActionOf<'inject-syn-flood'>): void {
		const target = action.dir === 'c2s' ? this.world.server : this.world.client;
		const size = 2 ** (32 - action.prefix);
		// Skip the network and broadcast addresses where the block has them.
		const [first, last] = size >= 4 ? [1, size - 2] : [0, size - 1];
		let sent = 0;
		const sendOne = (): void => {
			const segment = {
				src: formatIPv4((action.network + this.rng.int(first, last)) >>> 0),
				dst: target.addr,
				srcPort: this.rng.int(1024, 65_535),
				dstPort: action.port,
				seq: this.rng.u32(),
				ack: 0,
				flags: {...noFlags(), syn: true},
				window: SPOOFED_SYN_WINDOW,
				urgent: 0,
				options: {mss: SPOOFED_SYN_MSS},
				payload: new Uint8Array(0),
				ipId: this.rng.int(0, 0xffff),
			};
			this.world.inject(action.dir, encodeSegment(segment));
			sent++;
			if (sent < action.count) schedule(this.world.now() + action.interval);
		};
		// One pending handle at a time, so a flood of a million SYNs costs no memory up front.
		const schedule = (at: number): void => {
			const handle = this.world.schedule(at, () => {
				this.floodHandles.delete(handle);
				sendOne();
			});
			this.floodHandles.add(handle);
		};
		sendOne();
	}

	private replay(action: ActionOf<'inject-replay'>): void {
		const bytes = this.lastData[action.dir];
		if (!bytes) {
			this.record(action, false, scenarioText('replayNone', {dir: action.dir}));
			return;
		}
		const copy = bytes.slice();
		if (action.delay === 0) {
			this.world.inject(action.dir, copy);
			return;
		}
		const handle = this.world.schedule(this.world.now() + action.delay, () => {
			this.floodHandles.delete(handle);
			this.world.inject(action.dir, copy);
		});
		this.floodHandles.add(handle);
	}

	private record(action: Action, passed: boolean, text: Text, expected?: string): void {
		this.expectResults.push({action, passed, message: text.en, text});
		if (!passed) this.failures.push({pos: action.pos, source: action.source, message: text.en, text, fatal: false, ...(expected === undefined ? {} : {expected})});
	}

	private expect(action: ActionOf<'expect'>): void {
		const {expectation} = action;
		const problem = this.check(expectation);
		const what = describeExpectation(expectation);
		this.record(action, problem === null, problem ?? scenarioText('expectOk', {what}), what.replace(/^expect /, ''));
	}

	/** null when the expectation holds, else why not. */
	private check(expectation: Expectation): Text | null {
		const what = describeExpectation(expectation);
		switch (expectation.kind) {
			case 'state': {
				const fd = expectation.fd ?? this.fds[expectation.host].current;
				const state = this.stateOf(expectation.host, fd);
				if (state === expectation.state) return null;
				return fd === undefined ? scenarioText('stateFailNoSocket', {what, state}) : scenarioText('stateFail', {what, state, fd});
			}
			case 'read': {
				const read = this.lastRead[expectation.host];
				if (!read) return scenarioText('readNone', {what, host: hostText(expectation.host)});
				const text = Buffer.from(read.data ?? new Uint8Array(0)).toString('utf8');
				if (text === expectation.text) return null;
				return scenarioText('readMismatch', {what, text: JSON.stringify(text), size: byteCountText(read.result ?? 0)});
			}
			case 'call': {
				const call = this.lastCall.get(`${expectation.host}:${expectation.call}`);
				if (!call) return scenarioText('callNone', {what, call: expectation.call, host: hostText(expectation.host)});
				const statusOk = call.status === expectation.status;
				const errnoOk = expectation.errno === undefined || call.errno === expectation.errno;
				const resultOk = expectation.result === undefined || call.result === expectation.result;
				if (statusOk && errnoOk && resultOk) return null;
				return scenarioText('callMismatch', {what, call: expectation.call, status: describeCall(call)});
			}
			case 'segment': {
				const seen = [...this.seenSegments[expectation.dir]].some((key) => {
					const [flags, data] = key.split('|');
					return flagsMatch(flags!, data === '1' ? 1 : 0, expectation.flags);
				});
				if (seen !== expectation.negate) return null;
				return expectation.negate ? scenarioText('segmentSome', {what}) : scenarioText('segmentNone', {what, dir: expectation.dir});
			}
		}
	}
}

export function formatMs(ms: number): string {
	if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
	return `${Number(ms.toFixed(3))}ms`;
}

export function describeCondition(condition: Condition): string {
	switch (condition.kind) {
		case 'state':
			return `${condition.host} state ${condition.state}`;
		case 'call':
			return `${condition.host} call ${condition.call} ${condition.status}`;
		case 'segment':
			return `segment ${condition.dir} ${condition.flags.join(',')}`;
	}
}

export function describeExpectation(expectation: Expectation): string {
	switch (expectation.kind) {
		case 'state':
			return `expect ${expectation.host} state ${expectation.state}${expectation.fd === undefined ? '' : ` fd=${expectation.fd}`}`;
		case 'read':
			return `expect ${expectation.host} read ${JSON.stringify(expectation.text)}`;
		case 'call': {
			const value = expectation.errno ?? (expectation.result === undefined ? '' : String(expectation.result));
			return `expect ${expectation.host} call ${expectation.call} ${expectation.status}${value ? ` ${value}` : ''}`;
		}
		case 'segment':
			return `expect ${expectation.negate ? 'no ' : ''}segment ${expectation.dir} ${expectation.flags.join(',')}`;
	}
}
