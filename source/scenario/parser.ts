// The scenario / lesson file parser (docs/scenario-format.md). It never throws: a file gives a
// typed Scenario or every error found, each with the 1-based line and column of the offending token.
import {DEFAULT_LINK_CONFIG, type LinkConfig} from '../link/config.js';
import {validateLinkConfig} from '../link/link.js';
import {TCP_STATES, type CongestionControlName, type SocketOption, type StackConfig, type TcpState} from '../stack/types.js';
import {STACK_PROFILES} from '../stack/profiles.js';
import type {Direction} from '../sim/events.js';
import type {Lang, Text} from '../i18n/lang.js';
import {nounText, scenarioText} from '../i18n/scenario.js';
import type {
	Action, ActionBody, CallAction, CallStatus, Condition, Expectation, HostSide, ParseError, Position, Scenario, Settings, Step,
} from './ast.js';
import {tokenizeLine, type Token} from './tokens.js';
import {LIMITS_FILE, MAX_FLOOD_COUNT, MAX_LINE_CHARS, MIN_FLOOD_INTERVAL} from './limits.js';
import {
	closest, parseBoolean, parseChoice, parseCidr, parseDuration, parseEndpoint, parseInstant, parseInteger, parsePercent, parsePort, parseRate, type Parsed,
} from './units.js';
import {sanitizeForTerminal} from '../text/sanitize.js';

export type ParseResult = {ok: true; scenario: Scenario} | {ok: false; errors: ParseError[]};

export const STATEMENTS = [
	'client:', 'server:', 'wait', 'expect', 'link', 'inject', 'drop', 'corrupt', 'duplicate', 'delay', 'isn', 'option', 'profile', 'seed', 'msl', 'at',
	'title', 'title.ko', 'summary', 'summary.ko', 'claims', 'step', 'step.ko', 'caption',
	'ask', 'ask.ko',
] as const;

export const CALLS = ['socket', 'bind', 'listen', 'accept', 'connect', 'write', 'read', 'shutdown', 'close', 'abort', 'kill', 'set'] as const;

/** Call names as they appear in call events (`set` is setsockopt). */
export const EVENT_CALLS = ['socket', 'bind', 'listen', 'accept', 'connect', 'write', 'read', 'shutdown', 'close', 'abort', 'kill', 'setsockopt'] as const;

export const ERRNOS = [
	'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTCONN', 'EISCONN', 'EALREADY', 'EINPROGRESS',
	'EADDRINUSE', 'EADDRNOTAVAIL', 'EINVAL', 'EBADF', 'EOPNOTSUPP', 'EAGAIN', 'ENETUNREACH',
] as const;

export const FLAG_NAMES = ['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'DATA'] as const;

/**
 * Largest N of a placeholder's `+N` / `-N`: 2^32−1. Sequence numbers wrap at 2^32, so a larger N only
 * comes round again; and with N bounded, value + N stays far below 2^53, where JavaScript numbers start
 * to round (`{client.isn+9007199254740993}` came out one short, a longer N as `1e+23`).
 */
export const MAX_CAPTION_OFFSET = 0xffff_ffff;
export const CAPTION_FIELDS = ['isn', 'peerIsn', 'iss', 'irs', 'sndUna', 'sndNxt', 'rcvNxt', 'sndWnd', 'rcvWnd', 'cwnd', 'ssthresh', 'rto', 'state'] as const;

/** Default bound of `wait until` (docs/scenario-format.md). */
export const DEFAULT_WAIT_TIMEOUT = 30_000;
const DEFAULT_LISTEN_BACKLOG = 8;
const DEFAULT_READ_MAX = 65_536;
const DEFAULT_FLOOD_INTERVAL = 1;
const MAX_WRITE_PATTERN = 100_000_000;

type OptionKind = 'boolean' | 'integer' | 'duration' | 'controller';
const CONTROLLERS: readonly CongestionControlName[] = ['newreno', 'cubic'];
export const STACK_OPTIONS: Record<string, {key: keyof StackConfig; kind: OptionKind}> = {
	'delayed-ack': {key: 'delayedAck', kind: 'boolean'},
	nagle: {key: 'nagle', kind: 'boolean'},
	keepalive: {key: 'keepalive', kind: 'boolean'},
	'window-scaling': {key: 'windowScaling', kind: 'boolean'},
	timestamps: {key: 'timestamps', kind: 'boolean'},
	sack: {key: 'sack', kind: 'boolean'},
	'syn-cookies': {key: 'synCookies', kind: 'boolean'},
	reuseaddr: {key: 'reuseaddr', kind: 'boolean'},
	'challenge-acks': {key: 'challengeAcks', kind: 'boolean'},
	mss: {key: 'mss', kind: 'integer'},
	sndbuf: {key: 'sndbuf', kind: 'integer'},
	rcvbuf: {key: 'rcvbuf', kind: 'integer'},
	'syn-backlog': {key: 'synBacklog', kind: 'integer'},
	'max-retries': {key: 'maxRetries', kind: 'integer'},
	'syn-retries': {key: 'synRetries', kind: 'integer'},
	'synack-retries': {key: 'synAckRetries', kind: 'integer'},
	'keepalive-probes': {key: 'keepaliveProbes', kind: 'integer'},
	'rto-min': {key: 'minRto', kind: 'duration'},
	'rto-initial': {key: 'initialRto', kind: 'duration'},
	'rto-max': {key: 'maxRto', kind: 'duration'},
	'delayed-ack-timeout': {key: 'delayedAckTimeout', kind: 'duration'},
	'keepalive-idle': {key: 'keepaliveIdle', kind: 'duration'},
	'keepalive-interval': {key: 'keepaliveInterval', kind: 'duration'},
	msl: {key: 'msl', kind: 'duration'},
	cc: {key: 'congestionControl', kind: 'controller'},
};

const INTEGER_OPTION_RANGE: Partial<Record<keyof StackConfig, [number, number]>> = {
	mss: [64, 65_495],
	sndbuf: [1, 1 << 30],
	rcvbuf: [1, 1 << 30],
	synBacklog: [1, 65_535],
	maxRetries: [0, 100],
	synRetries: [0, 100],
	synAckRetries: [0, 100],
	keepaliveProbes: [1, 100],
};

type LinkKind = 'duration' | 'percent' | 'rate' | 'packets';
export const LINK_KEYS: Record<string, {key: keyof LinkConfig; kind: LinkKind}> = {
	delay: {key: 'delay', kind: 'duration'},
	jitter: {key: 'jitter', kind: 'duration'},
	'delay-corr': {key: 'delayCorrelation', kind: 'percent'},
	loss: {key: 'loss', kind: 'percent'},
	'loss-corr': {key: 'lossCorrelation', kind: 'percent'},
	dup: {key: 'duplicate', kind: 'percent'},
	'dup-corr': {key: 'duplicateCorrelation', kind: 'percent'},
	corrupt: {key: 'corrupt', kind: 'percent'},
	'corrupt-corr': {key: 'corruptCorrelation', kind: 'percent'},
	reorder: {key: 'reorder', kind: 'percent'},
	'reorder-corr': {key: 'reorderCorrelation', kind: 'percent'},
	rate: {key: 'rate', kind: 'rate'},
	limit: {key: 'queueLimit', kind: 'packets'},
};
const LINK_KEY_NAMES = [...Object.keys(LINK_KEYS), 'ge'];

const SOCKET_OPTIONS: Record<string, {option: SocketOption; kind: 'boolean' | 'integer'}> = {
	nodelay: {option: 'nodelay', kind: 'boolean'},
	linger0: {option: 'linger0', kind: 'boolean'},
	reuseaddr: {option: 'reuseaddr', kind: 'boolean'},
	sndbuf: {option: 'sndbuf', kind: 'integer'},
	rcvbuf: {option: 'rcvbuf', kind: 'integer'},
	'delayed-ack': {option: 'delayedAck', kind: 'boolean'},
	keepalive: {option: 'keepalive', kind: 'boolean'},
	'syn-cookies': {option: 'synCookies', kind: 'boolean'},
};

/** Thrown inside the parser only, to abandon one line; never escapes parseScenario. */
class LineError extends Error {
	constructor(readonly error: ParseError) {
		super(error.message);
	}
}

function errorAt(pos: Position, text: Text): LineError {
	return new LineError({line: pos.line, col: pos.col, message: text.en, text});
}

function suggestion(word: string, candidates: readonly string[]): Text {
	const near = closest(word, candidates);
	return near ? scenarioText('hint', {word: near}) : {en: '', ko: ''};
}

/** A noun for messages: an English phrase (translated through the table) or both languages. */
function noun(what: string | Text): Text {
	return typeof what === 'string' ? nounText(what) : what;
}

function list(candidates: readonly string[]): string {
	return candidates.join(', ');
}

/** The tokens of one statement, consumed left to right. */
class Cursor {
	private index = 0;
	constructor(readonly tokens: Token[], readonly lineNumber: number, readonly lineLength: number) {}

	get done(): boolean {
		return this.index >= this.tokens.length;
	}

	peek(): Token | undefined {
		return this.tokens[this.index];
	}

	/** Where a missing token would be: just after the last one. */
	endPosition(): Position {
		return {line: this.lineNumber, col: this.lineLength + 1};
	}

	next(what: string | Text): Token {
		const token = this.tokens[this.index];
		if (!token) throw errorAt(this.endPosition(), scenarioText('missing', {what: noun(what)}));
		this.index++;
		return token;
	}

	word(what: string | Text): Token {
		const token = this.next(what);
		if (token.quoted) throw errorAt(token, scenarioText('foundString', {what: noun(what)}));
		return token;
	}

	string(what: string | Text): Token {
		const token = this.next(what);
		if (!token.quoted) throw errorAt(token, scenarioText('needQuotes', {what: noun(what)}));
		return token;
	}

	oneOf<T extends string>(what: string | Text, choices: readonly T[], fold: (s: string) => string = (s) => s): {value: T; token: Token} {
		const token = this.word(what);
		const value = fold(token.text);
		if (!(choices as readonly string[]).includes(value)) {
			throw errorAt(token, scenarioText('unknownChoice', {what: noun(what), word: token.text, hint: suggestion(value, choices), list: list(choices)}));
		}
		return {value: value as T, token};
	}

	end(): void {
		const token = this.tokens[this.index];
		if (token) throw errorAt(token, scenarioText('trailing', {word: token.text}));
	}

	/** Remaining `key=value` tokens. */
	keyValues(): Array<{key: string; value: string; token: Token; valuePos: Position}> {
		const out: Array<{key: string; value: string; token: Token; valuePos: Position}> = [];
		while (!this.done) {
			const token = this.next('KEY=VALUE');
			const eq = token.text.indexOf('=');
			if (token.quoted || eq <= 0) throw errorAt(token, scenarioText('needKeyValue', {word: token.text}));
			const key = token.text.slice(0, eq);
			out.push({key, value: token.text.slice(eq + 1), token, valuePos: {line: token.line, col: token.col + Array.from(key).length + 1}});
		}
		return out;
	}
}

/** The value, or the unit parser's message at `pos` (prefixed with the setting's name, if given). */
function take<T>(parsed: Parsed<T>, pos: Position, key?: string): T {
	if (!parsed.ok) throw errorAt(pos, key === undefined ? parsed.errorText : scenarioText('valueOf', {key, problem: parsed.errorText}));
	return parsed.value;
}

function parseHostSelector(cursor: Cursor): Array<'client' | 'server'> {
	const {value} = cursor.oneOf('host', ['both', 'client', 'server'] as const);
	return value === 'both' ? ['client', 'server'] : [value];
}

function parseDirections(cursor: Cursor): Direction[] {
	const {value} = cursor.oneOf('direction', ['c2s', 's2c', 'both'] as const);
	return value === 'both' ? ['c2s', 's2c'] : [value];
}

function parseDirection(cursor: Cursor): Direction {
	return cursor.oneOf('direction', ['c2s', 's2c'] as const).value;
}

function parseFlags(cursor: Cursor): string[] {
	const token = cursor.word('segment flags (e.g. SYN or SYN,ACK)');
	const flags = token.text.toUpperCase().split(',');
	let col = token.col;
	for (const flag of flags) {
		if (!(FLAG_NAMES as readonly string[]).includes(flag)) {
			throw errorAt({line: token.line, col}, scenarioText('unknownFlagName', {word: flag, hint: suggestion(flag, FLAG_NAMES), list: list(FLAG_NAMES)}));
		}
		col += flag.length + 1;
	}
	return flags;
}

function parseState(cursor: Cursor): TcpState {
	return cursor.oneOf('TCP state', TCP_STATES, (s) => s.toUpperCase()).value;
}

function parseHostSide(cursor: Cursor): HostSide {
	return cursor.oneOf('host', ['client', 'server'] as const).value;
}

/** Parse `link` settings into a partial LinkConfig. */
function parseLinkSettings(cursor: Cursor): Partial<LinkConfig> {
	const config: Partial<LinkConfig> = {};
	const pairs = cursor.keyValues();
	if (pairs.length === 0) throw errorAt(cursor.endPosition(), scenarioText('missingLink', {list: list(LINK_KEY_NAMES)}));
	for (const {key, value, token, valuePos} of pairs) {
		if (key === 'ge') {
			config.gilbertElliott = parseGilbertElliott(value, valuePos);
			continue;
		}
		const spec = LINK_KEYS[key];
		if (!spec) throw errorAt(token, scenarioText('unknownLinkKey', {word: key, hint: suggestion(key, LINK_KEY_NAMES), list: list(LINK_KEY_NAMES)}));
		const prefix = key;
		switch (spec.kind) {
			case 'duration':
				(config as Record<string, number>)[spec.key] = take(parseDuration(value), valuePos, prefix);
				break;
			case 'percent':
				(config as Record<string, number>)[spec.key] = take(parsePercent(value), valuePos, prefix);
				break;
			case 'rate':
				(config as Record<string, number>)[spec.key] = take(parseRate(value), valuePos, prefix);
				break;
			case 'packets':
				(config as Record<string, number>)[spec.key] = take(parseInteger(value, 1, 1_000_000), valuePos, prefix);
				break;
		}
	}
	// The link's own validation, in case it knows a rule the units above do not.
	const problem = validateLinkConfig(config);
	if (problem !== null) throw errorAt(pairs[0]!.token, {en: problem, ko: problem});
	return config;
}

/** netem's gemodel: `ge=P,R[,1-H[,1-K]]` in percent, or `ge=off`. */
function parseGilbertElliott(value: string, pos: Position): LinkConfig['gilbertElliott'] {
	if (value === 'off') return null;
	const parts = value.split(',');
	if (parts.length < 2 || parts.length > 4) {
		throw errorAt(pos, scenarioText('badGe'));
	}
	const numbers: number[] = [];
	let col = pos.col;
	for (const part of parts) {
		numbers.push(take(parsePercent(part), {line: pos.line, col}, 'ge'));
		col += part.length + 1;
	}
	return {p: numbers[0]!, r: numbers[1]!, lossInBad: numbers[2] ?? 100, lossInGood: numbers[3] ?? 0};
}

function parseOptionSettings(cursor: Cursor): Partial<StackConfig> {
	const config: Partial<StackConfig> = {};
	const names = Object.keys(STACK_OPTIONS);
	const pairs = cursor.keyValues();
	if (pairs.length === 0) throw errorAt(cursor.endPosition(), scenarioText('missingOptions', {list: list(names)}));
	for (const {key, value, token, valuePos} of pairs) {
		const spec = STACK_OPTIONS[key];
		if (!spec) throw errorAt(token, scenarioText('unknownOption', {word: key, hint: suggestion(key, names), list: list(names)}));
		const prefix = key;
		const target = config as Record<string, number | boolean | string>;
		if (spec.kind === 'controller') target[spec.key] = take(parseChoice(value, CONTROLLERS), valuePos, prefix);
		else if (spec.kind === 'boolean') target[spec.key] = take(parseBoolean(value), valuePos, prefix);
		else if (spec.kind === 'duration') target[spec.key] = take(parseDuration(value), valuePos, prefix);
		else {
			const [min, max] = INTEGER_OPTION_RANGE[spec.key] ?? [0, 2 ** 31];
			target[spec.key] = take(parseInteger(value, min, max), valuePos, prefix);
		}
	}
	return config;
}

/** `fd=N` anywhere after the host of a call or expectation (taken out of the token list). */
function takeFd(cursor: Cursor): number | undefined {
	const index = cursor.tokens.findIndex((token, i) => i > 0 && !token.quoted && token.text.startsWith('fd='));
	if (index < 0) return undefined;
	const [token] = cursor.tokens.splice(index, 1);
	// fd=-1: a call on no socket at all (what a recorded session writes when none was chosen).
	return take(parseInteger(token!.text.slice(3), -1, 1_000_000), {line: token!.line, col: token!.col + 3}, 'fd');
}

function parseCall(cursor: Cursor, verbToken: Token): CallAction {
	const callToken = cursor.word({en: `a call (${list(CALLS)})`, ko: `호출 (${list(CALLS)})`});
	const call = callToken.text;
	if (!(CALLS as readonly string[]).includes(call)) {
		throw errorAt(callToken, scenarioText('unknownCall', {word: call, hint: suggestion(call, CALLS), list: list(CALLS)}));
	}
	void verbToken;
	switch (call as CallAction['call']) {
		case 'socket':
		case 'accept':
		case 'close':
		case 'abort':
		case 'kill':
			return {call: call as 'socket'};
		case 'bind': {
			const token = cursor.word('a port or ADDRESS:PORT');
			if (token.text.includes(':')) {
				const endpoint = take(parseEndpoint(token.text), token);
				return {call: 'bind', port: endpoint.port, addr: endpoint.addr};
			}
			return {call: 'bind', port: take(parsePort(token.text, true), token)};
		}
		case 'listen': {
			if (cursor.done) return {call: 'listen', backlog: DEFAULT_LISTEN_BACKLOG};
			const token = cursor.word('the backlog');
			return {call: 'listen', backlog: take(parseInteger(token.text, 0, 65_535), token, 'backlog')};
		}
		case 'connect': {
			const token = cursor.word('ADDRESS:PORT (e.g. 10.0.0.2:80)');
			const endpoint = take(parseEndpoint(token.text), token);
			return {call: 'connect', addr: endpoint.addr, port: endpoint.port};
		}
		case 'write': {
			const token = cursor.next('what to write: "text" or a byte count');
			if (token.quoted) return {call: 'write', data: token.text};
			const count = parseInteger(token.text, 1, MAX_WRITE_PATTERN);
			if (!count.ok) throw errorAt(token, scenarioText('writeValue', {problem: count.errorText}));
			return {call: 'write', data: count.value};
		}
		case 'read': {
			if (cursor.done) return {call: 'read', max: DEFAULT_READ_MAX};
			const token = cursor.word('the most bytes to read');
			return {call: 'read', max: take(parseInteger(token.text, 1, 1 << 30), token, 'read')};
		}
		case 'shutdown':
			return {call: 'shutdown', how: cursor.oneOf('shutdown direction', ['rd', 'wr', 'rdwr'] as const).value};
		case 'set': {
			const names = Object.keys(SOCKET_OPTIONS);
			const optionToken = cursor.word({en: `a socket option (${list(names)})`, ko: `소켓 옵션 (${list(names)})`});
			const spec = SOCKET_OPTIONS[optionToken.text];
			if (!spec) throw errorAt(optionToken, scenarioText('unknownSocketOption', {word: optionToken.text, hint: suggestion(optionToken.text, names), list: list(names)}));
			const valueToken = cursor.word('a value');
			const value = spec.kind === 'boolean'
				? take(parseBoolean(valueToken.text), valueToken)
				: take(parseInteger(valueToken.text, 1, 1 << 30), valueToken);
			return {call: 'set', option: spec.option, value};
		}
	}
	throw errorAt(callToken, scenarioText('unknownCall', {word: call, hint: '', list: list(CALLS)}));
}

function parseCallStatus(cursor: Cursor): CallStatus {
	return cursor.oneOf('call status', ['blocked', 'returned', 'failed'] as const).value;
}

function parseEventCall(cursor: Cursor): string {
	const {value} = cursor.oneOf('call', [...EVENT_CALLS, 'set'] as const);
	return value === 'set' ? 'setsockopt' : value;
}

function parseCondition(cursor: Cursor): Condition {
	const first = cursor.oneOf('thing to wait for', ['client', 'server', 'segment'] as const);
	if (first.value === 'segment') return {kind: 'segment', dir: parseDirection(cursor), flags: parseFlags(cursor)};
	const host = first.value;
	const what = cursor.oneOf('thing to wait for', ['state', 'call'] as const).value;
	if (what === 'state') return {kind: 'state', host, state: parseState(cursor)};
	const call = parseEventCall(cursor);
	return {kind: 'call', host, call, status: parseCallStatus(cursor)};
}

function parseExpectation(cursor: Cursor): Expectation {
	const first = cursor.oneOf('thing to expect', ['client', 'server', 'segment', 'no'] as const);
	if (first.value === 'no' || first.value === 'segment') {
		if (first.value === 'no') cursor.oneOf('thing to expect', ['segment'] as const);
		const dir = parseDirection(cursor);
		return {kind: 'segment', dir, flags: parseFlags(cursor), negate: first.value === 'no'};
	}
	const host = first.value;
	const fd = takeFd(cursor);
	const what = cursor.oneOf('thing to expect', ['state', 'read', 'call'] as const).value;
	if (what === 'state') return fd === undefined ? {kind: 'state', host, state: parseState(cursor)} : {kind: 'state', host, state: parseState(cursor), fd};
	if (what === 'read') return {kind: 'read', host, text: cursor.string('the text read').text};
	const call = parseEventCall(cursor);
	const status = parseCallStatus(cursor);
	if (cursor.done || status === 'blocked') return {kind: 'call', host, call, status};
	if (status === 'failed') {
		return {kind: 'call', host, call, status, errno: cursor.oneOf('error name', ERRNOS, (s) => s.toUpperCase()).value};
	}
	const token = cursor.word('the return value');
	return {kind: 'call', host, call, status, result: take(parseInteger(token.text, -1, 2 ** 31), token)};
}

/** What the statements parsed so far have used of the file-wide limits. */
interface Budget {
	floodSyns: number;
}

function parseInject(cursor: Cursor, budget: Budget): ActionBody {
	const dir = parseDirection(cursor);
	const kind = cursor.oneOf('injection', ['syn-flood', 'replay'] as const).value;
	if (kind === 'replay') {
		cursor.oneOf('what to replay', ['last-data'] as const);
		let delay = 0;
		for (const {key, value, token, valuePos} of cursor.keyValues()) {
			if (key !== 'delay') throw errorAt(token, scenarioText('unknownReplaySetting', {word: key}));
			delay = take(parseDuration(value), valuePos, 'delay');
		}
		return {kind: 'inject-replay', dir, delay};
	}
	let count: number | undefined;
	let countPos: Position | undefined;
	let cidr: {network: number; prefix: number} | undefined;
	let port: number | undefined;
	let interval = DEFAULT_FLOOD_INTERVAL;
	for (const {key, value, token, valuePos} of cursor.keyValues()) {
		if (key === 'count') {
			count = take(parseInteger(value, 1, Number.MAX_SAFE_INTEGER), valuePos, 'count');
			countPos = valuePos;
		}
		else if (key === 'from') cidr = take(parseCidr(value), valuePos, 'from');
		else if (key === 'port') port = take(parsePort(value), valuePos, 'port');
		else if (key === 'interval') {
			interval = take(parseDuration(value), valuePos, 'interval');
			if (interval < MIN_FLOOD_INTERVAL) {
				throw errorAt(valuePos, scenarioText('floodTooFast', {text: value, limit: MIN_FLOOD_INTERVAL, name: 'MIN_FLOOD_INTERVAL', where: LIMITS_FILE}));
			}
		} else throw errorAt(token, scenarioText('unknownFloodSetting', {word: key, hint: suggestion(key, ['count', 'from', 'port', 'interval'])}));
	}
	const missing = [count === undefined && 'count=N', cidr === undefined && 'from=NETWORK/24', port === undefined && 'port=P'].filter(Boolean);
	if (missing.length > 0) throw errorAt(cursor.endPosition(), scenarioText('floodNeeds', {missing: missing.join(' ')}));
	// One budget for the whole file: many flood lines add up (each SYN in flight costs memory).
	const total = budget.floodSyns + count!;
	if (total > MAX_FLOOD_COUNT) {
		throw errorAt(countPos!, scenarioText('floodTooMany', {count: count!, total, limit: MAX_FLOOD_COUNT, name: 'MAX_FLOOD_COUNT', where: LIMITS_FILE}));
	}
	budget.floodSyns = total;
	return {kind: 'inject-syn-flood', dir, count: count!, network: cidr!.network, prefix: cidr!.prefix, port: port!, interval};
}

/** `next`, `1st`, `2nd`, `3rd`, `4th`, … : which matching segment a fault aims at (1 = the next). */
function parseOrdinal(cursor: Cursor): number {
	const token = cursor.word('which segment (next, 2nd, 3rd, Nth)');
	const text = token.text.toLowerCase();
	if (text === 'next') return 1;
	const match = /^(\d+)(st|nd|rd|th)$/.exec(text);
	const n = match ? Number(match[1]) : NaN;
	if (!match || !Number.isSafeInteger(n) || n < 1 || n > 1_000_000) throw errorAt(token, scenarioText('notOrdinal', {word: token.text}));
	return n;
}

/** `drop c2s next FIN`, `delay c2s 2nd ACK 2s`: a fault aimed at one future segment. */
function parseFault(cursor: Cursor, verb: 'drop' | 'corrupt' | 'duplicate' | 'delay'): ActionBody {
	const dir = parseDirection(cursor);
	const nth = parseOrdinal(cursor);
	const flags = parseFlags(cursor);
	if (verb !== 'delay') return {kind: 'fault', dir, nth, flags, fault: {kind: verb}};
	const token = cursor.word('how long to hold it back (e.g. 2s)');
	return {kind: 'fault', dir, nth, flags, fault: {kind: 'delay', ms: take(parseDuration(token.text), token, 'delay')}};
}

/** Checks `{host.field}`, `{host.field+N}`, `{msl}`, `{seed}` placeholders; returns an error position if any is wrong. */
export function checkCaption(text: string): {index: number; message: string; text: Text} | null {
	const problem = (index: number, message: Text) => ({index, message: message.en, text: message});
	const pattern = /\{([^{}]*)\}?/g;
	for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
		if (!match[0].endsWith('}')) return problem(match.index, scenarioText('unclosedBrace'));
		const inner = match[1]!.trim();
		if (inner === 'msl' || inner === 'seed') continue;
		const parts = /^(\w+)\.(\w+)(?:([+-])(\d+))?$/.exec(inner);
		const host = parts?.[1];
		const field = parts?.[2];
		if (!parts || (host !== 'client' && host !== 'server') || !(CAPTION_FIELDS as readonly string[]).includes(field!)) {
			const near = parts && (host === 'client' || host === 'server') ? suggestion(field!, CAPTION_FIELDS) : {en: '', ko: ''};
			return problem(match.index, scenarioText('unknownPlaceholder', {inner, hint: near, list: list(CAPTION_FIELDS)}));
		}
		if (field === 'state' && parts[3]) return problem(match.index, scenarioText('stateNoOffset', {inner}));
		// Compared as digits: a long N is past what a number holds exactly.
		const offset = parts[4]?.replace(/^0+(?=\d)/, '');
		if (offset !== undefined && (offset.length > 10 || Number(offset) > MAX_CAPTION_OFFSET)) {
			// The message stays one readable line however many digits were written.
			const shown = offset.length > 24 ? `${offset.slice(0, 12)}…(${offset.length} digits)` : offset;
			return problem(match.index, scenarioText('offsetTooLarge', {inner: `${host}.${field}${parts[3]}${shown}`, offset: shown, max: MAX_CAPTION_OFFSET}));
		}
	}
	return null;
}

/** `choices=A,B,C answer=B` or `answer={client.iss+1}` / `answer=5` (docs/scenario-format.md). */
function parseAskKeys(cursor: Cursor): {choices: string[] | null; answer: string} {
	let choices: string[] | null = null;
	let answer: {value: string; pos: Position} | null = null;
	for (const {key, value, token, valuePos} of cursor.keyValues()) {
		if (key === 'choices') {
			choices = value.split(',').map((choice) => lessonText(choice));
			if (choices.length < 2 || choices.length > 9 || choices.some((choice) => choice === '')) throw errorAt(valuePos, scenarioText('fewChoices'));
		} else if (key === 'answer') {
			answer = {value, pos: valuePos};
		} else {
			throw errorAt(token, scenarioText('unknownAskKey', {key}));
		}
	}
	if (!answer) throw errorAt(cursor.endPosition(), scenarioText('missingAnswer'));
	if (choices) {
		if (!choices.includes(answer.value)) throw errorAt(answer.pos, scenarioText('answerNotChoice', {word: answer.value, list: list(choices)}));
	} else {
		const placeholder = /^\{[^{}]*\}$/.test(answer.value);
		if (!placeholder && !/^\d{1,10}$/.test(answer.value)) throw errorAt(answer.pos, scenarioText('answerNotNumber', {word: answer.value}));
		const problem = placeholder ? checkCaption(answer.value) : null;
		if (problem) throw errorAt(answer.pos, problem.text);
	}
	return {choices, answer: answer.value};
}

function captionError(token: Token, text: string): LineError | null {
	const problem = checkCaption(text);
	if (!problem) return null;
	return errorAt({line: token.line, col: token.charCols?.[problem.index] ?? token.col}, problem.text);
}

/**
 * Lesson text is shown on a student's terminal: control characters (written raw or as `\x1b`) are
 * kept as visible escapes from here on, so no view can send them. Captions keep their line breaks.
 */
function lessonText(text: string, keep = ''): string {
	return sanitizeForTerminal(text, {keep});
}

/** Parse a whole file. Never throws. */
export function parseScenario(text: string, fileName: string): ParseResult {
	const errors: ParseError[] = [];
	const settings: Settings = {seed: null, profile: null, stack: {}, clientStack: {}, serverStack: {}, link: {c2s: {}, s2c: {}}};
	const scenario: Scenario = {fileName, settings, lesson: {title: {}, summary: {}, claims: []}, actions: [], steps: []};
	const lines = text.replace(/^\uFEFF/, '').split('\n');
	const budget: Budget = {floodSyns: 0};

	lines.forEach((raw, index) => {
		const lineNumber = index + 1;
		const source = raw.replace(/\r$/, '');
		if (source.length > MAX_LINE_CHARS && Array.from(source).length > MAX_LINE_CHARS) {
			const text = scenarioText('lineTooLong', {limit: MAX_LINE_CHARS, name: 'MAX_LINE_CHARS', where: LIMITS_FILE});
			errors.push({line: lineNumber, col: MAX_LINE_CHARS + 1, message: text.en, text});
			return;
		}
		const tokenized = tokenizeLine(source, lineNumber);
		if (!tokenized.ok) {
			errors.push(tokenized.error);
			return;
		}
		const tokens = splitHostPrefix(tokenized.tokens);
		if (tokens.length === 0) return;
		const cursor = new Cursor(tokens, lineNumber, Array.from(source).length);
		try {
			parseStatement(cursor, scenario, source.trim(), budget);
		} catch (error) {
			if (error instanceof LineError) errors.push(error.error);
			else {
				const text = scenarioText('internalParser', {message: String(error)});
				errors.push({line: lineNumber, col: 1, message: text.en, text});
			}
		}
	});

	const lastStep = scenario.steps[scenario.steps.length - 1];
	if (lastStep) lastStep.end = scenario.actions.length;
	return errors.length > 0 ? {ok: false, errors} : {ok: true, scenario};
}

/** `client:socket` is read as `client: socket`. */
function splitHostPrefix(tokens: Token[]): Token[] {
	const first = tokens[0];
	if (!first || first.quoted) return tokens;
	const match = /^(client|server):(.+)$/.exec(first.text);
	if (!match) return tokens;
	return [
		{...first, text: `${match[1]}:`},
		{...first, text: match[2]!, col: first.col + match[1]!.length + 1},
		...tokens.slice(1),
	];
}

function parseStatement(cursor: Cursor, scenario: Scenario, source: string, budget: Budget): void {
	const verbToken = cursor.word('a statement');
	const verb = verbToken.text;
	const pos: Position = {line: verbToken.line, col: verbToken.col};
	const {settings, lesson} = scenario;
	const addAction = (body: ActionBody): void => {
		scenario.actions.push({...body, pos, source} as Action);
	};
	// Link lines before the first action and the first step describe the starting link.
	const inPrelude = scenario.actions.length === 0 && scenario.steps.length === 0;

	switch (verb) {
		case 'client:':
		case 'server:': {
			const host = verb === 'client:' ? 'client' : 'server';
			const fd = takeFd(cursor);
			const call = parseCall(cursor, verbToken);
			cursor.end();
			addAction(fd === undefined ? {kind: 'call', host, ...call} : {kind: 'call', host, fd, ...call});
			return;
		}
		case 'wait': {
			const next = cursor.peek();
			if (next && !next.quoted && next.text === 'until') {
				cursor.next('until');
				const condition = parseCondition(cursor);
				let timeout = DEFAULT_WAIT_TIMEOUT;
				if (!cursor.done) {
					cursor.oneOf('keyword', ['timeout'] as const);
					const token = cursor.word('the timeout (e.g. 5s)');
					timeout = take(parseDuration(token.text), token, 'timeout');
				}
				cursor.end();
				addAction({kind: 'wait-until', condition, timeout});
				return;
			}
			const token = cursor.word('how long to wait (e.g. 1s) or `until …`');
			const ms = take(parseDuration(token.text), token);
			cursor.end();
			addAction({kind: 'wait', ms});
			return;
		}
		case 'at': {
			const token = cursor.word('a virtual time (e.g. 1.5s or 1234.5ms)');
			const ms = take(parseInstant(token.text), token);
			cursor.end();
			addAction({kind: 'at', ms});
			return;
		}
		case 'expect': {
			const expectation = parseExpectation(cursor);
			cursor.end();
			addAction({kind: 'expect', expectation});
			return;
		}
		case 'link': {
			const dirs = parseDirections(cursor);
			const config = parseLinkSettings(cursor);
			if (inPrelude) for (const dir of dirs) Object.assign(settings.link[dir], config);
			else addAction({kind: 'link', dirs, config});
			return;
		}
		case 'inject': {
			const body = parseInject(cursor, budget);
			cursor.end();
			addAction(body);
			return;
		}
		case 'drop':
		case 'corrupt':
		case 'duplicate':
		case 'delay': {
			const body = parseFault(cursor, verb);
			cursor.end();
			addAction(body);
			return;
		}
		case 'isn': {
			const host = parseHostSide(cursor);
			cursor.oneOf('what the ISN is taken from', ['last-data'] as const);
			const dir = parseDirection(cursor);
			const field = cursor.oneOf('field', ['seq', 'ack'] as const).value;
			const token = cursor.word('an offset in bytes (e.g. -1000 or +1000)');
			const match = /^([+-])(\d+)$/.exec(token.text);
			if (!match) throw errorAt(token, scenarioText('notOffset', {word: token.text}));
			const size = take(parseInteger(match[2]!, 0, 2 ** 31), token);
			cursor.end();
			addAction({kind: 'pin-isn', host, dir, field, offset: match[1] === '-' ? -size : size});
			return;
		}
		case 'option': {
			const hosts = parseHostSelector(cursor);
			const config = parseOptionSettings(cursor);
			if (hosts.length === 2) Object.assign(settings.stack, config);
			else Object.assign(hosts[0] === 'client' ? settings.clientStack : settings.serverStack, config);
			return;
		}
		case 'profile': {
			settings.profile = cursor.oneOf('stack profile', STACK_PROFILES).value;
			cursor.end();
			return;
		}
		case 'seed': {
			const token = cursor.word('the seed (a whole number)');
			settings.seed = take(parseInteger(token.text, 0, 2 ** 32 - 1), token, 'seed');
			cursor.end();
			return;
		}
		case 'msl': {
			const token = cursor.word('the MSL (e.g. 2s)');
			const msl = take(parseDuration(token.text), token, 'msl');
			if (msl <= 0) throw errorAt(token, scenarioText('mslPositive'));
			settings.stack.msl = msl;
			cursor.end();
			return;
		}
		case 'title':
		case 'title.ko':
		case 'summary':
		case 'summary.ko': {
			const lang: Lang = verb.endsWith('.ko') ? 'ko' : 'en';
			const value = lessonText(cursor.string('the text').text);
			cursor.end();
			lesson[verb.startsWith('title') ? 'title' : 'summary'][lang] = value;
			return;
		}
		case 'claims': {
			if (cursor.done) throw errorAt(cursor.endPosition(), scenarioText('missingClaims'));
			while (!cursor.done) {
				const token = cursor.word('a claim id');
				if (!/^S\d{1,2}$/.test(token.text)) throw errorAt(token, scenarioText('notClaim', {word: token.text}));
				lesson.claims.push(token.text);
			}
			return;
		}
		case 'step': {
			const title = lessonText(cursor.string('the step title').text);
			cursor.end();
			const previous = scenario.steps[scenario.steps.length - 1];
			if (previous) previous.end = scenario.actions.length;
			const step: Step = {title: {en: title}, captions: {}, pos, start: scenario.actions.length, end: scenario.actions.length};
			scenario.steps.push(step);
			return;
		}
		case 'step.ko':
		case 'caption': {
			const step = scenario.steps[scenario.steps.length - 1];
			if (!step) throw errorAt(verbToken, scenarioText('outsideStep', {word: verb}));
			if (verb === 'step.ko') {
				step.title.ko = lessonText(cursor.string('the Korean step title').text);
				cursor.end();
				return;
			}
			const lang = cursor.oneOf('language', ['en', 'ko'] as const);
			const textToken = cursor.string('the caption');
			cursor.end();
			const problem = captionError(textToken, textToken.text);
			if (problem) throw problem;
			if (step.captions[lang.value] !== undefined) throw errorAt(lang.token, scenarioText('duplicateCaption', {lang: lang.value}));
			step.captions[lang.value] = lessonText(textToken.text, '\n');
			return;
		}
		case 'ask':
		case 'ask.ko': {
			const step = scenario.steps[scenario.steps.length - 1];
			if (!step) throw errorAt(verbToken, scenarioText('outsideStep', {word: verb}));
			const lang: Lang = verb === 'ask.ko' ? 'ko' : 'en';
			const textToken = cursor.string('the question');
			const problem = captionError(textToken, textToken.text);
			if (problem) throw problem;
			const text = lessonText(textToken.text);
			if (lang === 'ko') {
				cursor.end();
				if (!step.question) throw errorAt(verbToken, scenarioText('askFirst'));
				if (step.question.text.ko !== undefined) throw errorAt(verbToken, scenarioText('duplicateQuestion', {lang}));
				step.question.text.ko = text;
				return;
			}
			if (step.question) throw errorAt(verbToken, scenarioText('duplicateQuestion', {lang}));
			step.question = {text: {en: text}, ...parseAskKeys(cursor), pos};
			return;
		}
		default:
			throw errorAt(verbToken, scenarioText('unknownStatement', {word: verb, hint: suggestion(verb, STATEMENTS), list: list(STATEMENTS)}));
	}
}

/** The link a scenario starts with, in full (defaults filled in). */
export function initialLink(settings: Settings, dir: Direction): LinkConfig {
	return {...DEFAULT_LINK_CONFIG, ...settings.link[dir]};
}
