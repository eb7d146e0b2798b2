// A session saved as a scenario file: its world settings, then each world action at the virtual
// time it ran (`at`), then the moment it was saved. `tcp-tui run` replays it to the same events.
import {DEFAULT_LINK_CONFIG, type LinkConfig} from '../link/config.js';
import {LINK_KEYS, STACK_OPTIONS} from '../scenario/parser.js';
import type {WorldOptions} from '../sim/world-api.js';
import {DEFAULT_STACK_CONFIG, type StackConfig} from '../stack/types.js';
import type {Message, SocketCall, WorldAction} from './actions.js';
import type {Session} from './session.js';

export type RecordResult = {ok: true; text: string} | {ok: false; message: Message};

export function recordSession(session: Session): RecordResult {
	if (!session.canRewind || !session.worldOptions) return {ok: false, message: {key: 'recordUnavailable'}};
	const lines = ['# A tcp-tui session, saved with S: `tcp-tui run FILE` replays it.', ...settingsLines(session.worldOptions)];
	for (const entry of session.past) {
		const line = actionLine(entry.action);
		if ('problem' in line) return {ok: false, message: line.problem};
		lines.push(`at ${instant(entry.t)}`, line.text);
	}
	lines.push(`at ${instant(session.now())}`);
	return {ok: true, text: lines.join('\n') + '\n'};
}

/** Milliseconds exactly as the clock read them (`at` takes them back unrounded). */
function instant(ms: number): string {
	return `${String(ms)}ms`;
}

function settingsLines(options: WorldOptions): string[] {
	const lines = [`seed ${options.seed}`];
	const stack = (host: 'both' | 'client' | 'server', config: Partial<StackConfig> | undefined): void => {
		const pairs = optionPairs(config ?? {});
		if (pairs.length > 0) lines.push(`option ${host} ${pairs.join(' ')}`);
	};
	stack('both', options.stack);
	stack('client', options.clientStack);
	stack('server', options.serverStack);
	for (const dir of ['c2s', 's2c'] as const) {
		const pairs = linkPairs(options.link?.[dir] ?? {});
		if (pairs.length > 0) lines.push(`link ${dir} ${pairs.join(' ')}`);
	}
	return lines;
}

function optionPairs(config: Partial<StackConfig>): string[] {
	const pairs: string[] = [];
	for (const [name, spec] of Object.entries(STACK_OPTIONS)) {
		const value = config[spec.key];
		if (value === undefined || value === DEFAULT_STACK_CONFIG[spec.key]) continue;
		if (spec.kind === 'boolean') pairs.push(`${name}=${value ? 'on' : 'off'}`);
		else if (spec.kind === 'duration') pairs.push(`${name}=${String(value)}ms`);
		else pairs.push(`${name}=${String(value)}`);
	}
	return pairs;
}

function linkPairs(config: Partial<LinkConfig>, all = false): string[] {
	const pairs: string[] = [];
	for (const [name, spec] of Object.entries(LINK_KEYS)) {
		const value = config[spec.key];
		if (value === undefined || (!all && value === DEFAULT_LINK_CONFIG[spec.key])) continue;
		const unit = {duration: 'ms', percent: '%', rate: 'bit', packets: ''}[spec.kind];
		pairs.push(`${name}=${String(value)}${unit}`);
	}
	if (config.gilbertElliott !== undefined && (all || config.gilbertElliott !== null)) {
		const ge = config.gilbertElliott;
		pairs.push(ge === null ? 'ge=off' : `ge=${ge.p},${ge.r},${ge.lossInBad},${ge.lossInGood}`);
	}
	return pairs;
}

function actionLine(action: WorldAction): {text: string} | {problem: Message} {
	switch (action.type) {
		case 'call': {
			const fd = action.op.call === 'socket' || action.op.call === 'kill' ? '' : ` fd=${action.fd}`;
			return {text: `${action.side}: ${callText(action.op)}${fd}`};
		}
		case 'link':
			return {text: `link ${action.dir} ${linkPairs(action.config, true).join(' ')}`};
		case 'fault': {
			// A segment already on the link, or any segment at all: the scenario's fault lines cannot say that.
			if (!('pattern' in action.target) || action.target.pattern.flags === null) return {problem: {key: 'recordIdFault'}};
			const {dir, flags, nth} = action.target.pattern;
			const delay = action.fault.kind === 'delay' ? ` ${String(action.fault.ms)}ms` : '';
			return {text: `${action.fault.kind} ${dir} ${ordinal(nth)} ${flags}${delay}`};
		}
	}
}

/** `next`, `2nd`, `3rd`, `4th`… as the fault verbs write which matching segment. */
function ordinal(n: number): string {
	if (n === 1) return 'next';
	const tens = n % 100;
	const suffix = tens >= 11 && tens <= 13 ? 'th' : ({1: 'st', 2: 'nd', 3: 'rd'} as Record<number, string>)[n % 10] ?? 'th';
	return `${n}${suffix}`;
}

function callText(op: SocketCall): string {
	switch (op.call) {
		case 'bind':
			return `bind ${op.port}`;
		case 'listen':
			return `listen ${op.backlog}`;
		case 'connect':
			return `connect ${op.addr}:${op.port}`;
		case 'write':
			return typeof op.data === 'string' ? `write ${quote(op.data)}` : `write ${op.data.pattern}`;
		case 'read':
			return `read ${op.max}`;
		case 'shutdown':
			return `shutdown ${op.how}`;
		default:
			return op.call;
	}
}

/** A scenario string: `"…"` with \" \\ \n \t and \xHH for other control characters. */
export function quote(text: string): string {
	let out = '"';
	for (const ch of text) {
		const code = ch.codePointAt(0)!;
		if (ch === '"' || ch === '\\') out += `\\${ch}`;
		else if (ch === '\n') out += '\\n';
		else if (ch === '\t') out += '\\t';
		else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
		else out += ch;
	}
	return `${out}"`;
}
