// The command line's flags: the meow specification, a strict pre-check of argv (unknown,
// repeated or value-less flags give ONE line, not meow's two-line report or a thrown error),
// and the validation of every value with the same unit parsers as the scenario files.
import type {LinkConfig} from '../link/config.js';
import {detectLang, type Lang} from '../i18n/lang.js';
import {cliText} from '../i18n/cli.js';
import {closest, parseDuration, parseInteger, parseNumber, parsePercent, parseRate, type Parsed} from '../scenario/units.js';
import {parseWireSpec, type WireSpec} from '../wire/spec.js';
import {isStackProfile, STACK_PROFILES, type StackProfileName} from '../stack/profiles.js';

/** Flags that take a value, with an example for "needs a value" messages. */
export const VALUE_FLAGS: Record<string, string> = {
	loss: '10%',
	delay: '300ms',
	jitter: '50ms',
	dup: '1%',
	reorder: '5%',
	corrupt: '1%',
	rate: '1mbit',
	seed: '7',
	msl: '5s',
	profile: 'linux',
	speed: '0.5',
	lang: 'ko',
	pcap: 'out.pcap',
	wire: 'udp:9000:127.0.0.1:9001',
	'wire-side': 'client',
	file: 'my-lesson.tcptui',
	port: '2222',
	host: '0.0.0.0',
	'host-key': '~/.config/tcp-tui/host_ed25519',
	'max-sessions': '60',
	'idle-timeout': '30m',
	password: 'WORD',
	'authorized-keys': '~/.ssh/authorized_keys',
};

/** Flags of `tcp-tui serve` only. */
export const SERVE_FLAGS = ['port', 'host', 'host-key', 'max-sessions', 'idle-timeout', 'password', 'authorized-keys', 'open'];

export const BOOLEAN_FLAGS = ['ascii', 'color', 'json', 'data', 'help', 'version', 'open'];

/** meow's flag specification (every value flag is a string: we validate units ourselves). */
export const MEOW_FLAGS = {
	loss: {type: 'string'},
	delay: {type: 'string'},
	jitter: {type: 'string'},
	dup: {type: 'string'},
	reorder: {type: 'string'},
	corrupt: {type: 'string'},
	rate: {type: 'string'},
	seed: {type: 'string'},
	msl: {type: 'string'},
	profile: {type: 'string'},
	speed: {type: 'string'},
	lang: {type: 'string'},
	pcap: {type: 'string'},
	wire: {type: 'string'},
	wireSide: {type: 'string'},
	file: {type: 'string'},
	port: {type: 'string'},
	host: {type: 'string'},
	hostKey: {type: 'string'},
	maxSessions: {type: 'string'},
	idleTimeout: {type: 'string'},
	password: {type: 'string'},
	authorizedKeys: {type: 'string'},
	open: {type: 'boolean', default: false},
	ascii: {type: 'boolean', default: false},
	color: {type: 'boolean', default: true},
	json: {type: 'boolean', default: false},
	data: {type: 'boolean', default: false},
	help: {type: 'boolean', default: false, shortFlag: 'h'},
	version: {type: 'boolean', default: false},
} as const;

export interface RawFlags {
	loss?: string;
	delay?: string;
	jitter?: string;
	dup?: string;
	reorder?: string;
	corrupt?: string;
	rate?: string;
	seed?: string;
	msl?: string;
	profile?: string;
	speed?: string;
	lang?: string;
	pcap?: string;
	wire?: string;
	wireSide?: string;
	file?: string;
	port?: string;
	host?: string;
	hostKey?: string;
	maxSessions?: string;
	idleTimeout?: string;
	password?: string;
	authorizedKeys?: string;
	open?: boolean;
	ascii: boolean;
	color: boolean;
	json: boolean;
	data?: boolean;
	help: boolean;
	version: boolean;
}

export interface CliSettings {
	lang: Lang;
	/** Impairments for both directions, only those given. */
	link: Partial<LinkConfig>;
	seed?: number;
	msl?: number;
	/** --profile: the stack profile (else textbook, or linux with --wire). */
	profile?: StackProfileName;
	speed: number;
	ascii: boolean;
	color: boolean;
	json: boolean;
	/** --json prints every read's data in full (otherwise its first 64 bytes). */
	data?: boolean;
	pcap?: string;
	wire?: WireSpec;
	wireSide: 'client' | 'server';
	file?: string;
	/** Which flags were typed (kebab-case names), to reject ones a command does not use. */
	given: Set<string>;
}

export type Checked<T> = {ok: true; value: T} | {ok: false; message: string};

/** The language for messages, before the flags are validated: --lang if it is valid, else the environment. */
export function languageOf(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Lang {
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') break;
		const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice('--lang='.length) : undefined;
		if (value === 'en' || value === 'ko') return value;
	}
	return detectLang(env);
}

/**
 * Check argv for unknown flags, repeated flags and value flags without a value, and collect the
 * positional arguments. Returns the first problem as one line.
 */
export function precheckArgv(argv: readonly string[], lang: Lang): Checked<{positional: string[]; given: Set<string>; values: Map<string, string>}> {
	const known = [...Object.keys(VALUE_FLAGS), ...BOOLEAN_FLAGS, ...BOOLEAN_FLAGS.map((f) => `no-${f}`)];
	const given = new Set<string>();
	const positional: string[] = [];
	// The values as written. meow reads `--pcap -x` as an empty --pcap and a flag -x, and
	// `--pcap -` as an empty --pcap and a positional '-': these values are the ones that count.
	const values = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') {
			positional.push(...argv.slice(i + 1));
			break;
		}
		if (arg === '-h') {
			given.add('help');
			continue;
		}
		if (!arg.startsWith('-') || arg === '-') {
			positional.push(arg);
			continue;
		}
		const eq = arg.indexOf('=');
		const name = (eq < 0 ? arg : arg.slice(0, eq)).replace(/^--?/, '');
		const isNegation = name.startsWith('no-') && BOOLEAN_FLAGS.includes(name.slice(3));
		const base = isNegation ? name.slice(3) : name;
		if (!arg.startsWith('--') || !(base in VALUE_FLAGS || BOOLEAN_FLAGS.includes(base))) {
			const near = closest(name, known);
			const hint = near ? cliText(lang, 'didYouMean', {word: `--${near}`}) : '';
			return {ok: false, message: cliText(lang, 'unknownFlag', {flag: arg.slice(0, eq < 0 ? undefined : eq), hint})};
		}
		if (given.has(base)) return {ok: false, message: cliText(lang, 'repeatedFlag', {flag: base})};
		given.add(base);
		if (base in VALUE_FLAGS) {
			if (isNegation) return {ok: false, message: cliText(lang, 'unknownFlag', {flag: arg, hint: ''})};
			const value = eq < 0 ? argv[i + 1] : arg.slice(eq + 1);
			// A value that looks like a flag (`--loss --delay 1s`, `--pcap -x`) means the value was
			// forgotten; `--pcap=-x` says a file really is named so. A lone '-' is a value.
			if (value === undefined || value === '') {
				return {ok: false, message: cliText(lang, 'missingValue', {flag: base, example: VALUE_FLAGS[base]!})};
			}
			if (eq < 0 && value.startsWith('-') && value !== '-') {
				return {ok: false, message: cliText(lang, 'flagLikeValue', {flag: base, value, example: VALUE_FLAGS[base]!})};
			}
			values.set(base, value);
			if (eq < 0) i++;
		} else if (eq >= 0) {
			return {ok: false, message: cliText(lang, 'unknownFlag', {flag: arg, hint: cliText(lang, 'didYouMean', {word: `--${name}`})})};
		}
	}
	return {ok: true, value: {positional, given, values}};
}

export function check<T>(lang: Lang, flag: string, parsed: Parsed<T>): Checked<T> {
	return parsed.ok ? {ok: true, value: parsed.value} : {ok: false, message: cliText(lang, 'badValue', {flag, problem: parsed.errorText[lang]})};
}

const LINK_FLAGS: Array<[flag: keyof RawFlags, key: keyof LinkConfig, parse: (text: string) => Parsed<number>]> = [
	['loss', 'loss', parsePercent],
	['delay', 'delay', parseDuration],
	['jitter', 'jitter', parseDuration],
	['dup', 'duplicate', parsePercent],
	['reorder', 'reorder', parsePercent],
	['corrupt', 'corrupt', parsePercent],
	['rate', 'rate', parseRate],
];

export const MIN_SPEED = 0.05;
export const MAX_SPEED = 50;

/** meow's flags with every value flag's value taken from argv as written (see precheckArgv). */
export function withValuesAsWritten(raw: RawFlags, values: ReadonlyMap<string, string>): RawFlags {
	const out = {...raw} as RawFlags & Record<string, unknown>;
	for (const [name, value] of values) out[name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = value;
	return out;
}

/** Validate every flag value; the first bad one gives one line. */
export function validateFlags(raw: RawFlags, given: Set<string>, env: NodeJS.ProcessEnv = process.env): Checked<CliSettings> {
	let lang = detectLang(env);
	if (raw.lang !== undefined) {
		if (raw.lang !== 'en' && raw.lang !== 'ko') return {ok: false, message: cliText(lang, 'badValue', {flag: 'lang', problem: cliText(lang, 'badLang', {value: raw.lang})})};
		lang = raw.lang;
	}
	const link: Partial<LinkConfig> = {};
	for (const [flag, key, parse] of LINK_FLAGS) {
		const text = raw[flag];
		if (typeof text !== 'string') continue;
		const value = check(lang, flag, parse(text));
		if (!value.ok) return value;
		(link as Record<string, number>)[key] = value.value;
	}
	const settings: CliSettings = {
		lang,
		link,
		speed: 1,
		ascii: raw.ascii,
		// NO_COLOR (any non-empty value, https://no-color.org) turns colour off like --no-color.
		color: raw.color && !(env.NO_COLOR !== undefined && env.NO_COLOR !== ''),
		json: raw.json,
		data: raw.data === true,
		wireSide: 'client',
		given,
	};
	if (raw.seed !== undefined) {
		const seed = check(lang, 'seed', parseInteger(raw.seed, 0, 2 ** 32 - 1));
		if (!seed.ok) return seed;
		settings.seed = seed.value;
	}
	if (raw.msl !== undefined) {
		const msl = check(lang, 'msl', parseDuration(raw.msl));
		if (!msl.ok) return msl;
		if (msl.value <= 0) return {ok: false, message: cliText(lang, 'badValue', {flag: 'msl', problem: cliText(lang, 'mustBePositive', {value: raw.msl})})};
		settings.msl = msl.value;
	}
	if (raw.profile !== undefined) {
		if (!isStackProfile(raw.profile)) {
			return {ok: false, message: cliText(lang, 'badValue', {flag: 'profile', problem: cliText(lang, 'badProfile', {value: raw.profile, list: STACK_PROFILES.join(', ')})})};
		}
		settings.profile = raw.profile;
	}
	if (raw.speed !== undefined) {
		const speed = check(lang, 'speed', parseNumber(raw.speed, MIN_SPEED, MAX_SPEED));
		if (!speed.ok) return speed;
		settings.speed = speed.value;
	}
	if (raw.pcap !== undefined) settings.pcap = raw.pcap;
	if (raw.file !== undefined) settings.file = raw.file;
	if (raw.wire !== undefined) {
		const wire = parseWireSpec(raw.wire);
		if (!wire.ok) return {ok: false, message: wire.message};
		settings.wire = wire.spec;
	}
	if (raw.wireSide !== undefined) {
		if (raw.wireSide !== 'client' && raw.wireSide !== 'server') {
			return {ok: false, message: cliText(lang, 'badValue', {flag: 'wire-side', problem: cliText(lang, 'badSide', {value: raw.wireSide})})};
		}
		if (raw.wire === undefined) return {ok: false, message: cliText(lang, 'wireSideWithoutWire')};
		settings.wireSide = raw.wireSide;
	}
	return {ok: true, value: settings};
}
