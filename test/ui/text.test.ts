import {test} from 'node:test';
import assert from 'node:assert/strict';
import {escapeControlChar, hasControlChar} from '../../source/text/sanitize.js';
import {center, formatCountdown, formatRate, padEnd, padStart, printableBytes, truncate, width} from '../../source/ui/text.js';

test('widths, padding and cutting count Korean as two columns', () => {
	assert.equal(width('서버'), 4);
	assert.equal(padEnd('서버', 6), '서버  ');
	assert.equal(padStart('서버', 6), '  서버');
	assert.equal(truncate('클라이언트 10.0.0.1', 8), '클라이…'); // a double-width character does not fit the 8th column
	assert.equal(width(truncate('클라이언트 10.0.0.1', 8)), 7);
	assert.equal(width(padEnd('클라이언트 10.0.0.1', 8)), 8);
	assert.equal(center('ab', 6), '  ab  ');
	assert.equal(truncate('hello', 5), 'hello');
	assert.equal(truncate('hello!', 5), 'hell…');
});

test('countdowns: whole seconds above 10 s, tenths below, rounded up', () => {
	assert.equal(formatCountdown(54_321), '55s');
	assert.equal(formatCountdown(10_000), '10s');
	assert.equal(formatCountdown(9_999), '10.0s');
	assert.equal(formatCountdown(1_234), '1.3s');
	assert.equal(formatCountdown(1), '0.1s');
	assert.equal(formatCountdown(-5), '0.0s');
});

test('rates in tc units, bytes made printable', () => {
	assert.equal(formatRate(1_000_000), '1mbit');
	assert.equal(formatRate(500_000), '500kbit');
	assert.equal(formatRate(0), '∞');
	assert.equal(printableBytes(new TextEncoder().encode('hi\n"\x01')), 'hi\\n\\"\\x01');
});

test('printableBytes escapes exactly the characters sanitize.ts calls control characters', () => {
	for (let code = 0; code < 0x3000; code++) {
		if (code >= 0xd800 && code <= 0xdfff) continue;
		const ch = String.fromCodePoint(code);
		const shown = printableBytes(new TextEncoder().encode(ch));
		const special: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\'};
		const expected = special[ch] ?? (hasControlChar(ch) ? escapeControlChar(ch) : ch === '\ufffd' ? '\\xfffd' : ch);
		assert.equal(shown, expected, `U+${code.toString(16)}`);
	}
});
