// displayWidth must be string-width's answer for every string: its fast path is checked code point
// by code point, alone and next to every other kind of character, and random text of every kind
// (Korean, emoji, ANSI, controls, combining marks) is compared with string-width itself.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {displayWidth, isNarrowCodePoint, isNarrowText} from '../../source/text/width.js';
import {center, padEnd, padStart, truncate} from '../../source/ui/text.js';
import {ASCII_GLYPHS, UNICODE_GLYPHS} from '../../source/ui/glyphs.js';

const narrow: string[] = [];
for (let code = 0; code < 0x10000; code++) if (isNarrowCodePoint(code)) narrow.push(String.fromCharCode(code));

// Characters that join with or change what comes before them, or are measured in other ways.
const neighbours = [
	'a', ' ', '가', '한', '\u1100', '\u1161', '\u11a8', 'é', '\u0301', '\u0308', '\u200d', '\ufe0f', '\ufe0e', '\u20e3', '\u00ad', '\u200b',
	'\u0e33', '\u0903', '\u0600', '\uff9e', '😀', '👍🏽', '🇰🇷', '\u{1f3fb}', '\t', '\n', '\r', '\u001b', '\u009b', '\u001b[31m', '\u001b[0m', '中', '\ud800',
];

test('every character of the fast path is one column, alone, doubled and next to any other kind of character', () => {
	assert.ok(narrow.length > 1000);
	for (const ch of narrow) {
		assert.equal(stringWidth(ch), 1, `U+${ch.charCodeAt(0).toString(16)}`);
		assert.equal(displayWidth(ch), 1);
		assert.equal(displayWidth(ch + ch), stringWidth(ch + ch));
		for (const other of neighbours) {
			assert.equal(displayWidth(ch + other), stringWidth(ch + other), `U+${ch.charCodeAt(0).toString(16)} + ${JSON.stringify(other)}`);
			assert.equal(displayWidth(other + ch), stringWidth(other + ch), `${JSON.stringify(other)} + U+${ch.charCodeAt(0).toString(16)}`);
		}
	}
	const all = narrow.join('');
	assert.equal(displayWidth(all), stringWidth(all));
	assert.equal(displayWidth(all), all.length);
	const reversed = [...narrow].reverse().join('');
	assert.equal(displayWidth(reversed), stringWidth(reversed));
});

test('every pair of fast-path characters is two columns, as string-width says', () => {
	// Every ordered pair from a spread of the set (every 13th character against all of them).
	for (let i = 0; i < narrow.length; i += 13) {
		for (const second of narrow) {
			const pair = narrow[i]! + second;
			assert.equal(stringWidth(pair), 2, JSON.stringify(pair));
		}
	}
});

test('the glyphs the screen is drawn with take the fast path', () => {
	for (const glyphs of [UNICODE_GLYPHS, ASCII_GLYPHS]) {
		for (const value of Object.values(glyphs)) if (value !== 'round' && value !== 'classic') assert.ok(isNarrowText(value), value);
	}
	assert.ok(isNarrowText('╭─╮│╰╯┌┐└┘├┤┬┴┼▼▲↙↘╲╱↓←→×␣∞⌫±—–·'));
	assert.ok(!isNarrowText('서버'));
	assert.ok(!isNarrowText('a\u0301'));
	assert.ok(!isNarrowText('\u001b[1m'));
});

const pieces = fc.oneof(
	fc.constantFrom(...neighbours),
	fc.constantFrom(...narrow),
	fc.string({unit: 'grapheme', maxLength: 4}),
	fc.string({unit: 'binary', maxLength: 4}),
	fc.integer({min: 0, max: 0x10ffff}).map((code) => (code >= 0xd800 && code <= 0xdfff ? 'x' : String.fromCodePoint(code))),
	fc.integer({min: 0xac00, max: 0xd7a3}).map((code) => String.fromCodePoint(code)),
	fc.integer({min: 0x1f300, max: 0x1faff}).map((code) => String.fromCodePoint(code)),
	fc.integer({min: 0, max: 0x9f}).map((code) => String.fromCharCode(code)),
);
const textArb = fc.array(pieces, {maxLength: 30}).map((parts) => parts.join(''));

test('random text of every kind measures as string-width measures it, with and without its options', () => {
	fc.assert(fc.property(textArb, (text) => {
		assert.equal(displayWidth(text), stringWidth(text));
		assert.equal(displayWidth(text), stringWidth(text)); // again: from what was remembered
		assert.equal(displayWidth(text, {ambiguousIsNarrow: false}), stringWidth(text, {ambiguousIsNarrow: false}));
		assert.equal(displayWidth(text, {countAnsiEscapeCodes: true}), stringWidth(text, {countAnsiEscapeCodes: true}));
		assert.equal(displayWidth(text, {}), stringWidth(text, {}));
	}), {numRuns: 3000});
	assert.equal(displayWidth(''), 0);
	const long = '가'.repeat(3000);
	assert.equal(displayWidth(long), stringWidth(long));
});

// The cut, padding and centring as they were written before, with string-width on every step.
function truncateReference(text: string, columns: number, ellipsis = '…'): string {
	if (columns <= 0) return '';
	if (stringWidth(text) <= columns) return text;
	const room = columns - stringWidth(ellipsis);
	if (room <= 0) return ellipsis.slice(0, columns);
	let out = '';
	let used = 0;
	for (const ch of text) {
		const w = stringWidth(ch);
		if (used + w > room) break;
		out += ch;
		used += w;
	}
	return out + ellipsis;
}

test('cutting, padding and centring give what measuring every character with string-width gave', () => {
	fc.assert(fc.property(textArb, fc.integer({min: -1, max: 40}), fc.constantFrom('…', '...', '~'), (text, columns, ellipsis) => {
		const cut = truncateReference(text, columns, ellipsis);
		assert.equal(truncate(text, columns, ellipsis), cut);
		const plain = truncateReference(text, columns);
		const room = Math.max(0, columns - stringWidth(plain));
		assert.equal(padEnd(text, columns), plain + ' '.repeat(room));
		assert.equal(padStart(text, columns), ' '.repeat(room) + plain);
		assert.equal(center(text, columns), ' '.repeat(Math.floor(room / 2)) + plain + ' '.repeat(room - Math.floor(room / 2)));
	}), {numRuns: 3000});
	assert.equal(truncate('abcdef', 2, '...'), '..');
	assert.equal(truncate('─'.repeat(10) + '▶', 5), '────…');
});
