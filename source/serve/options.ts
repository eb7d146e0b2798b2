// `tcp-tui serve`'s flags: where to listen, the host key, the limits and how students get in.
import {homedir} from 'node:os';
import {join} from 'node:path';
import {check, type Checked, type CliSettings, type RawFlags} from '../cli/flags.js';
import {serveText} from '../i18n/serve.js';
import type {Lang} from '../i18n/lang.js';
import {parseDuration, parseInteger} from '../scenario/units.js';

export type Access = {kind: 'open'} | {kind: 'password'; password: string} | {kind: 'keys'; file: string};

export interface ServeOptions {
	port: number;
	host: string;
	/** Where the host key is kept (made on first start). */
	hostKeyFile: string;
	maxSessions: number;
	/** A connection with no key for this long is closed (ms). */
	idleTimeoutMs: number;
	access: Access;
}

export const DEFAULT_PORT = 2222;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_SESSIONS = 60;
export const DEFAULT_IDLE_TIMEOUT_MS = 30 * 60_000;

/** ~/.config/tcp-tui/host_ed25519 (XDG_CONFIG_HOME is honoured). */
export function defaultHostKeyFile(env: NodeJS.ProcessEnv = process.env): string {
	const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(env.HOME && env.HOME !== '' ? env.HOME : homedir(), '.config');
	return join(config, 'tcp-tui', 'host_ed25519');
}

function isLoopback(host: string): boolean {
	return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

const HOST_PATTERN = /^[A-Za-z0-9.:_-]+$/;

export function validateServeFlags(raw: RawFlags, settings: CliSettings, env: NodeJS.ProcessEnv = process.env): Checked<ServeOptions> {
	const lang: Lang = settings.lang;
	const options: ServeOptions = {
		port: DEFAULT_PORT,
		host: DEFAULT_HOST,
		hostKeyFile: defaultHostKeyFile(env),
		maxSessions: DEFAULT_MAX_SESSIONS,
		idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
		access: {kind: 'open'},
	};
	if (raw.port !== undefined) {
		const port = check(lang, 'port', parseInteger(raw.port, 0, 65535));
		if (!port.ok) return port;
		options.port = port.value;
	}
	if (raw.host !== undefined) {
		if (!HOST_PATTERN.test(raw.host)) return {ok: false, message: serveText(lang, 'badHost', {value: raw.host})};
		options.host = raw.host;
	}
	if (raw.hostKey !== undefined) options.hostKeyFile = raw.hostKey;
	if (raw.maxSessions !== undefined) {
		const max = check(lang, 'max-sessions', parseInteger(raw.maxSessions, 1, 1000));
		if (!max.ok) return max;
		options.maxSessions = max.value;
	}
	if (raw.idleTimeout !== undefined) {
		const idle = check(lang, 'idle-timeout', parseDuration(raw.idleTimeout));
		if (!idle.ok) return idle;
		if (idle.value < 1000) return {ok: false, message: serveText(lang, 'idleTooShort', {value: raw.idleTimeout})};
		options.idleTimeoutMs = idle.value;
	}
	const ways = [raw.password !== undefined, raw.authorizedKeys !== undefined, raw.open === true].filter(Boolean).length;
	if (ways > 1) return {ok: false, message: serveText(lang, 'oneAccess')};
	if (raw.password !== undefined) options.access = {kind: 'password', password: raw.password};
	else if (raw.authorizedKeys !== undefined) options.access = {kind: 'keys', file: raw.authorizedKeys};
	else if (raw.open !== true && !isLoopback(options.host)) {
		// Open to a whole network only when asked for: anyone who can reach the port gets in.
		return {ok: false, message: serveText(lang, 'needAccess', {host: options.host})};
	}
	return {ok: true, value: options};
}
