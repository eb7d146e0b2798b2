// The link settings the `l` view edits: which LinkConfig field, how it is typed and checked.
// Values are parsed with the scenario language's unit parsers, so the view accepts what
// `--delay 300ms` and `link c2s delay=300ms` accept; errors are translated here.
import type {Lang} from '../i18n/lang.js';
import {uiText, type UiKey} from '../i18n/ui.js';
import type {LinkConfig} from '../link/config.js';
import {parseDuration, parseInteger, parsePercent, parseRate} from '../scenario/units.js';
import {hasHangul} from '../text/hangul.js';
import {sanitizeForTerminal} from '../text/sanitize.js';
import {formatRate} from './text.js';

export interface LinkField {
	key: keyof LinkConfig;
	label: UiKey;
	/** ge: netem's gemodel `P,R[,1-H[,1-K]]` in percent, or `off`. */
	kind: 'duration' | 'percent' | 'rate' | 'count' | 'ge';
	max: number;
}

type GilbertElliott = NonNullable<LinkConfig['gilbertElliott']>;

export const LINK_FIELDS: readonly LinkField[] = [
	{key: 'delay', label: 'fieldDelay', kind: 'duration', max: 60_000},
	{key: 'jitter', label: 'fieldJitter', kind: 'duration', max: 60_000},
	{key: 'delayCorrelation', label: 'fieldDelayCorr', kind: 'percent', max: 100},
	{key: 'loss', label: 'fieldLoss', kind: 'percent', max: 100},
	{key: 'lossCorrelation', label: 'fieldLossCorr', kind: 'percent', max: 100},
	{key: 'gilbertElliott', label: 'fieldGe', kind: 'ge', max: 100},
	{key: 'duplicate', label: 'fieldDuplicate', kind: 'percent', max: 100},
	{key: 'duplicateCorrelation', label: 'fieldDuplicateCorr', kind: 'percent', max: 100},
	{key: 'corrupt', label: 'fieldCorrupt', kind: 'percent', max: 100},
	{key: 'corruptCorrelation', label: 'fieldCorruptCorr', kind: 'percent', max: 100},
	{key: 'reorder', label: 'fieldReorder', kind: 'percent', max: 100},
	{key: 'reorderCorrelation', label: 'fieldReorderCorr', kind: 'percent', max: 100},
	{key: 'rate', label: 'fieldRate', kind: 'rate', max: 1e12},
	{key: 'queueLimit', label: 'fieldQueue', kind: 'count', max: 1_000_000},
];

export function formatLinkValue(field: LinkField, config: LinkConfig): string {
	if (field.kind === 'ge') {
		const ge = config.gilbertElliott;
		return ge ? `${ge.p}%,${ge.r}%,${ge.lossInBad}%,${ge.lossInGood}%` : 'off';
	}
	const value = config[field.key] as number;
	switch (field.kind) {
		case 'duration':
			return `${value}ms`;
		case 'percent':
			return `${value}%`;
		case 'rate':
			return formatRate(value);
		case 'count':
			return String(value);
	}
}

export type LinkFieldResult = {ok: true; value: number | GilbertElliott | null} | {ok: false; message: string};

/** Parse what the user typed for `field`; a translated one-line error otherwise. */
export function parseLinkValue(field: LinkField, text: string, lang: Lang): LinkFieldResult {
	const name = uiText(lang, field.label);
	const trimmed = text.trim();
	const rangeError = (min: number): LinkFieldResult => ({ok: false, message: uiText(lang, 'errRange', {field: name, min, max: field.max})});
	switch (field.kind) {
		case 'duration': {
			const parsed = parseDuration(trimmed);
			if (!parsed.ok) return {ok: false, message: uiText(lang, 'errNumber', {field: name, text})};
			return parsed.value > field.max ? rangeError(0) : {ok: true, value: parsed.value};
		}
		case 'percent': {
			const parsed = parsePercent(trimmed);
			if (!parsed.ok) {
				return /^-?\d/.test(trimmed) ? rangeError(0) : {ok: false, message: uiText(lang, 'errNumber', {field: name, text})};
			}
			return {ok: true, value: parsed.value};
		}
		case 'rate': {
			const parsed = parseRate(trimmed);
			if (!parsed.ok) return {ok: false, message: uiText(lang, 'errRate', {field: name, text})};
			return parsed.value > field.max ? rangeError(0) : {ok: true, value: parsed.value};
		}
		case 'ge': {
			if (trimmed === 'off' || trimmed === '0') return {ok: true, value: null};
			const parts = trimmed.split(',').map((part) => parsePercent(part));
			if (parts.length < 2 || parts.length > 4 || parts.some((part) => !part.ok)) {
				return {ok: false, message: uiText(lang, 'errGe', {field: name, text})};
			}
			const [p, r, bad, good] = parts.map((part) => (part.ok ? part.value : 0));
			return {ok: true, value: {p: p!, r: r!, lossInBad: bad ?? 100, lossInGood: good ?? 0}};
		}
		case 'count': {
			const parsed = parseInteger(trimmed, 1, field.max);
			if (!parsed.ok) {
				return /^\d+$/.test(trimmed) ? rangeError(1) : {ok: false, message: uiText(lang, 'errNumber', {field: name, text})};
			}
			return {ok: true, value: parsed.value};
		}
	}
}

// What a value can be spelt with, in any field: digits, units (ms, s, %, mbit…), `.`, `,` (burst
// loss) and a minus (so "-5" is refused as out of range, not applied as 5).
const TYPABLE = /^[0-9a-zA-Z.%,-]$/;
const ACCEPTS: Record<LinkField['kind'], UiKey> = {
	duration: 'acceptDuration',
	percent: 'acceptPercent',
	rate: 'acceptRate',
	count: 'acceptCount',
	ge: 'acceptGe',
};

/**
 * Whether `ch` may be typed into a link field: null if so, else the one line saying what the field
 * takes; a Korean IME's jamo or syllable says the keyboard is still in Korean.
 */
export function linkCharRefusal(field: LinkField, ch: string, lang: Lang): string | null {
	if (TYPABLE.test(ch)) return null;
	const params = {char: sanitizeForTerminal(ch), accepts: uiText(lang, ACCEPTS[field.kind])};
	return uiText(lang, hasHangul(ch) ? 'linkCharHangul' : 'linkCharRefused', params);
}

/** The one-line summary under the key bar: `delay 50ms ±0 loss 0% …` (only what is set, delay always). */
export function linkSummary(config: LinkConfig, lang: Lang): string {
	const parts = [`${uiText(lang, 'delayShort')} ${config.delay}ms`];
	if (config.jitter > 0) parts[0] += `±${config.jitter}`;
	if (config.gilbertElliott) parts.push(`${uiText(lang, 'lossShort')} GE`);
	else if (config.loss > 0) parts.push(`${uiText(lang, 'lossShort')} ${config.loss}%`);
	if (config.duplicate > 0) parts.push(`${uiText(lang, 'dupShort')} ${config.duplicate}%`);
	if (config.corrupt > 0) parts.push(`${uiText(lang, 'corruptShort')} ${config.corrupt}%`);
	if (config.reorder > 0) parts.push(`${uiText(lang, 'reorderShort')} ${config.reorder}%`);
	if (config.rate > 0) parts.push(`${uiText(lang, 'rateShort')} ${formatRate(config.rate)}`);
	return parts.join(' ');
}
