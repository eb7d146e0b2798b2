// Values with units, as teachers type them in scenario files and on the command line
// (tc-netem's vocabulary). Every parser returns a value or a one-line error message, never throws.
import type {Text} from '../i18n/lang.js';
import {scenarioText, type ScenarioKey} from '../i18n/scenario.js';

/** A value, or why not: `error` in English, `errorText` in both languages (for --lang ko). */
export type Parsed<T> = {ok: true; value: T} | {ok: false; error: string; errorText: Text};

function ok<T>(value: T): Parsed<T> {
	return {ok: true, value};
}

function fail<T>(key: ScenarioKey, params: Record<string, string | number>): Parsed<T> {
	const errorText = scenarioText(key, params);
	return {ok: false, error: errorText.en, errorText};
}

const NUMBER = /^(\d+(?:\.\d+)?|\.\d+)/;

/** Split `1.5s` into the number and the unit; null when it does not start with a number. */
function splitNumber(text: string): {amount: number; unit: string} | null {
	const match = NUMBER.exec(text);
	if (!match) return null;
	return {amount: Number(match[1]), unit: text.slice(match[1]!.length).toLowerCase()};
}

const DURATION_UNITS: Record<string, number> = {'': 1, ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000};

/** `250ms`, `2s`, `1.5s`, `2m`, `1h` or a bare number of milliseconds → milliseconds (>= 0). */
export function parseDuration(text: string): Parsed<number> {
	const parts = splitNumber(text.trim());
	const factor = parts ? DURATION_UNITS[parts.unit] : undefined;
	if (!parts || factor === undefined) {
		return fail('notDuration', {text});
	}
	return ok(Math.round(parts.amount * factor * 1000) / 1000);
}

/**
 * A moment of virtual time for `at`: like a duration, but milliseconds are taken exactly as written
 * (a recorded session's times are whatever the clock read, and must replay to the same instant).
 */
export function parseInstant(text: string): Parsed<number> {
	const exact = /^(\d+(?:\.\d+)?(?:e[-+]?\d+)?)(?:ms)?$/i.exec(text.trim());
	if (exact) return ok(Number(exact[1]));
	return parseDuration(text);
}

/** `30%` or `30` → 30; must lie in 0..100. */
export function parsePercent(text: string): Parsed<number> {
	const trimmed = text.trim();
	const parts = splitNumber(trimmed);
	if (!parts || (parts.unit !== '' && parts.unit !== '%')) {
		return fail('notPercent', {text});
	}
	if (parts.amount > 100) return fail('percentRange', {text});
	return ok(parts.amount);
}

// tc(8): bit = bits/s, kbit/mbit/gbit/tbit = 10^3.. bits/s, bps = BYTES/s, kbps/mbps/gbps = 10^3.. bytes/s.
const RATE_UNITS: Record<string, number> = {
	bit: 1,
	kbit: 1e3,
	mbit: 1e6,
	gbit: 1e9,
	tbit: 1e12,
	bps: 8,
	kbps: 8e3,
	mbps: 8e6,
	gbps: 8e9,
	tbps: 8e12,
};

/** `1mbit`, `500kbit`, `8bit`, `100kbps` (kilobytes/s, as in tc) or `0` (unlimited) → bits per second. */
export function parseRate(text: string): Parsed<number> {
	const parts = splitNumber(text.trim());
	if (parts && parts.amount === 0 && parts.unit === '') return ok(0);
	const factor = parts ? RATE_UNITS[parts.unit] : undefined;
	if (!parts || factor === undefined) {
		return fail('notRate', {text});
	}
	return ok(Math.round(parts.amount * factor));
}

const TRUE_WORDS = new Set(['on', 'true', 'yes', '1']);
const FALSE_WORDS = new Set(['off', 'false', 'no', '0']);

/** `on|off|true|false|yes|no` (and 1/0). */
export function parseBoolean(text: string): Parsed<boolean> {
	const word = text.trim().toLowerCase();
	if (TRUE_WORDS.has(word)) return ok(true);
	if (FALSE_WORDS.has(word)) return ok(false);
	return fail('notBoolean', {text});
}

/** A whole number within [min, max]. */
export function parseInteger(text: string, min: number, max: number): Parsed<number> {
	const trimmed = text.trim();
	if (!/^-?\d+$/.test(trimmed)) return fail('notInteger', {text});
	const value = Number(trimmed);
	if (value < min || value > max) return fail('outOfRange', {text, min, max});
	return ok(value);
}

/** A positive decimal number within [min, max] (e.g. the playback speed). */
export function parseNumber(text: string, min: number, max: number): Parsed<number> {
	const trimmed = text.trim();
	if (!/^(\d+(\.\d+)?|\.\d+)$/.test(trimmed)) return fail('notNumber', {text});
	const value = Number(trimmed);
	if (value < min || value > max) return fail('outOfRange', {text, min, max});
	return ok(value);
}

/** A TCP port, 1..65535 (0 when `allowZero`, meaning "any"). */
export function parsePort(text: string, allowZero = false): Parsed<number> {
	const parsed = parseInteger(text, allowZero ? 0 : 1, 65_535);
	return parsed.ok ? parsed : fail('notPort', {text, min: allowZero ? 0 : 1});
}

/** A dotted-quad IPv4 address. */
export function parseAddress(text: string): Parsed<string> {
	const parts = text.split('.');
	const valid = parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
	return valid ? ok(parts.map(Number).join('.')) : fail('notAddress', {text});
}

/** `10.0.0.2:80` → address and port. */
export function parseEndpoint(text: string): Parsed<{addr: string; port: number}> {
	const colon = text.lastIndexOf(':');
	if (colon < 0) return fail('notEndpoint', {text});
	const addr = parseAddress(text.slice(0, colon));
	if (!addr.ok) return addr;
	const port = parsePort(text.slice(colon + 1));
	if (!port.ok) return port;
	return ok({addr: addr.value, port: port.value});
}

/** `10.0.9.0/24` → the network as a 32-bit number and the prefix length (8..32). */
export function parseCidr(text: string): Parsed<{network: number; prefix: number}> {
	const slash = text.indexOf('/');
	const addr = parseAddress(slash < 0 ? text : text.slice(0, slash));
	if (!addr.ok) return fail('notNetwork', {text});
	const prefix = slash < 0 ? {ok: true as const, value: 32} : parseInteger(text.slice(slash + 1), 8, 32);
	if (!prefix.ok) return fail('badPrefix', {text});
	const value = addr.value.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
	const mask = prefix.value === 32 ? 0xffff_ffff : (0xffff_ffff << (32 - prefix.value)) >>> 0;
	return ok({network: (value & mask) >>> 0, prefix: prefix.value});
}

/** Edit distance, for "did you mean …?" suggestions. */
export function editDistance(a: string, b: string): number {
	const previous = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = previous[0]!;
		previous[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const above = previous[j]!;
			previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
			diagonal = above;
		}
	}
	return previous[b.length]!;
}

/** The closest candidate within a small edit distance, or null. */
export function closest(word: string, candidates: readonly string[]): string | null {
	let best: string | null = null;
	let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
	for (const candidate of candidates) {
		const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return best;
}
