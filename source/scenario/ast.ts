// The typed form of a scenario / lesson file (docs/scenario-format.md): settings, one flat list
// of actions (each with its source position), and lesson steps as ranges over that list.
import type {LinkConfig} from '../link/config.js';
import type {Lang, Text} from '../i18n/lang.js';
import type {ShutdownHow, SocketOption, StackConfig, TcpState} from '../stack/types.js';
import type {Direction} from '../sim/events.js';
import type {SegmentFault} from '../sim/world-api.js';
import {sanitizeForTerminal} from '../text/sanitize.js';
import type {StackProfileName} from '../stack/profiles.js';

/** 1-based line and column of a token. */
export interface Position {
	line: number;
	col: number;
}

export type HostSide = 'client' | 'server';

export interface Settings {
	seed: number | null;
	/** `profile linux`: the stack profile both hosts start from (null: the caller's default). */
	profile: StackProfileName | null;
	/** Both hosts, then per-host overrides (msl lands in `stack`). */
	stack: Partial<StackConfig>;
	clientStack: Partial<StackConfig>;
	serverStack: Partial<StackConfig>;
	/** The link as it is before the first action. */
	link: {c2s: Partial<LinkConfig>; s2c: Partial<LinkConfig>};
}

export interface LessonInfo {
	title: Partial<Record<Lang, string>>;
	summary: Partial<Record<Lang, string>>;
	claims: string[];
}

export type CallAction =
	| {call: 'socket'}
	| {call: 'bind'; port: number; addr?: string}
	| {call: 'listen'; backlog: number}
	| {call: 'accept'}
	| {call: 'connect'; addr: string; port: number}
	| {call: 'write'; data: string | number}
	| {call: 'read'; max: number}
	| {call: 'shutdown'; how: ShutdownHow}
	| {call: 'close'}
	| {call: 'abort'}
	| {call: 'kill'}
	| {call: 'set'; option: SocketOption; value: number | boolean};

export type CallVerb = CallAction['call'];

export type CallStatus = 'blocked' | 'returned' | 'failed';

/** What `wait until` waits for. */
export type Condition =
	| {kind: 'state'; host: HostSide; state: TcpState}
	| {kind: 'call'; host: HostSide; call: string; status: CallStatus}
	| {kind: 'segment'; dir: Direction; flags: string[]};

export type Expectation =
	| {kind: 'state'; host: HostSide; state: TcpState; fd?: number}
	| {kind: 'read'; host: HostSide; text: string}
	| {kind: 'call'; host: HostSide; call: string; status: CallStatus; result?: number; errno?: string}
	| {kind: 'segment'; dir: Direction; flags: string[]; negate: boolean};

export type ActionBody =
	| ({kind: 'call'; host: HostSide; fd?: number} & CallAction)
	| {kind: 'wait'; ms: number}
	/** Wait until virtual time `ms`, after everything due by then (what a recorded session writes). */
	| {kind: 'at'; ms: number}
	| {kind: 'wait-until'; condition: Condition; timeout: number}
	| {kind: 'link'; dirs: Direction[]; config: Partial<LinkConfig>}
	| {kind: 'inject-syn-flood'; dir: Direction; count: number; network: number; prefix: number; port: number; interval: number}
	| {kind: 'inject-replay'; dir: Direction; delay: number}
	| {kind: 'expect'; expectation: Expectation}
	/** `drop c2s next FIN`: a fault aimed at the nth segment with these flags sent from now on. */
	| {kind: 'fault'; dir: Direction; nth: number; flags: string[]; fault: SegmentFault}
	/** `isn client last-data c2s seq -1000`: the host's next connection starts at that field of the last data segment sent DIR, plus the offset. */
	| {kind: 'pin-isn'; host: HostSide; dir: Direction; field: 'seq' | 'ack'; offset: number};

/** One action with where it came from (for error messages and highlighting the running line). */
export type Action = ActionBody & {pos: Position; source: string};

/**
 * A question asked when its step has run to its end (predict, then reveal): the answer is a
 * placeholder filled from the run then (`{client.iss+1}`), a whole number, or one of the choices.
 */
export interface Question {
	text: Partial<Record<Lang, string>>;
	/** Multiple choice (answered by number 1..n), or null: the answer is a number typed in. */
	choices: string[] | null;
	answer: string;
	pos: Position;
}

export interface Step {
	title: Partial<Record<Lang, string>>;
	captions: Partial<Record<Lang, string>>;
	question?: Question;
	pos: Position;
	/** Actions [start, end) of the flat list belong to this step. */
	start: number;
	end: number;
}

export interface Scenario {
	fileName: string;
	settings: Settings;
	lesson: LessonInfo;
	actions: Action[];
	/** Empty for a plain scenario. Actions before the first step (if any) form a prelude [0, steps[0].start). */
	steps: Step[];
}

export interface ParseError extends Position {
	/** In English (the same as text.en). */
	message: string;
	/** In both languages. */
	text?: Text;
}

/** `FILE:LINE:COL: message`, in the chosen language. */
export function formatParseError(fileName: string, error: ParseError, lang: Lang = 'en'): string {
	// The message quotes the offending token, and the file name is the user's: neither may reach the terminal raw.
	return sanitizeForTerminal(`${fileName}:${error.line}:${error.col}: ${error.text?.[lang] ?? error.message}`);
}
