// A call-log row keeps only the printable start of a read's data, made once with the row; what a
// pane draws from it must be exactly what the whole data would give.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {callLine, formatCall} from '../../source/ui/format.js';
import type {CallEntry} from '../../source/ui/store.js';
import {printableBytes, printablePrefix, printablePrefixByChar, SHOWN_DATA_CHARS, shownData, truncate} from '../../source/ui/text.js';
import {connectedWorld} from './helpers.js';

function readEntry(data: Uint8Array, withShown: boolean): CallEntry {
	return {
		id: 1, call: 'read', fd: 4, args: '4, 4096', status: 'returned', result: data.length, data, issuedAt: 0, settledAt: 1,
		...(withShown ? {shown: shownData(data)} : {}),
	};
}

// Bytes that are mostly text, with multi-byte, double-width, combining and broken sequences.
const pieces = fc.oneof(
	fc.constantFrom('a', 'z', ' ', '"', '\\', '\n', '가', '한', 'é', '\u0301', '→', '😀'),
	fc.integer({min: 0, max: 255}).map((b) => String.fromCharCode(b)),
);
const bytesArb = fc.oneof(
	fc.array(pieces, {maxLength: 3000}).map((parts) => new TextEncoder().encode(parts.join(''))),
	fc.uint8Array({maxLength: 3000}),
);

test('printablePrefix is the start of printableBytes, and all of it when nothing was cut', () => {
	fc.assert(fc.property(bytesArb, fc.integer({min: 0, max: 800}), (data, max) => {
		const whole = printableBytes(data);
		const {text, cut} = printablePrefix(data, max);
		assert.ok(whole.startsWith(text));
		if (!cut) assert.equal(text, whole);
		else assert.ok(text.length < whole.length || whole.length === 0 || max === 0);
	}), {numRuns: 300});
});

// Mostly plain text (the fast path's case), now and then one character it must leave to the escaping path.
const plainish = fc.tuple(
	fc.array(fc.constantFrom<string>('a', 'Z', ' ', '~', '!', '#', '[', ']', '가', 'é', '→', '\u00a0'), {maxLength: 1200}),
	fc.option(fc.constantFrom('"', '\\', '\n', '\t', '\x7f', '\x85', '\x00', '\ufffd', '😀', '\u0301'), {freq: 2}),
	fc.nat(),
).map(([parts, odd, at]) => {
	if (odd !== null) parts.splice(parts.length === 0 ? 0 : at % parts.length, 0, odd);
	return new TextEncoder().encode(parts.join(''));
});

test('printablePrefix gives what escaping character by character gives, plain text or not', () => {
	fc.assert(fc.property(fc.oneof(plainish, bytesArb), fc.oneof(fc.integer({min: 0, max: 1300}), fc.constant(Infinity)), (data, max) => {
		assert.deepEqual(printablePrefix(data, max), printablePrefixByChar(data, max));
	}), {numRuns: 1000});
	// The edges of the fast path: exactly maxChars characters, one more, none.
	for (const text of ['', 'abc', 'abcd', 'a"bc', '가나다라']) {
		for (const max of [0, 3, 4, Infinity]) {
			const data = new TextEncoder().encode(text);
			assert.deepEqual(printablePrefix(data, max), printablePrefixByChar(data, max), `${text} ${max}`);
		}
	}
});

test('a prefix cut inside a multi-byte character holds it back instead of showing \\xfffd', () => {
	const data = new TextEncoder().encode('가'.repeat(SHOWN_DATA_CHARS * 2));
	const {text, cut} = shownData(data);
	assert.equal(cut, true);
	assert.equal(text, '가'.repeat(SHOWN_DATA_CHARS));
	assert.ok(!text.includes('\\x'));
});

test('a row drawn from the cut data is the row drawn from the whole data, at any width', () => {
	fc.assert(fc.property(bytesArb, fc.integer({min: 1, max: 1200}), fc.constantFrom('en' as const, 'ko' as const), (data, columns, lang) => {
		const expected = truncate(formatCall(readEntry(data, false), lang, columns, '→'), columns, '…');
		assert.equal(callLine(readEntry(data, true), lang, columns, '→', '…'), expected);
	}), {numRuns: 300});
});

test('the store keeps the shown start of a 4 KB read, and the full text is still there for whoever asks', () => {
	const {world, store, serverFd, clientFd} = connectedWorld();
	world.client.write(clientFd, 'x'.repeat(4096));
	world.runFor(1000);
	world.server.read(serverFd, 4096);
	world.runFor(100);
	const read = store.callLog('server').at(-1)!;
	assert.equal(read.data?.length, 4096);
	assert.equal(read.shown?.cut, true);
	assert.equal(read.shown?.text, 'x'.repeat(SHOWN_DATA_CHARS));
	assert.equal(formatCall(read, 'en'), `read() → "${'x'.repeat(4096)}" (4096 bytes)`);
	assert.equal(callLine(read, 'en', 20, '→', '…'), `read() → "${'x'.repeat(9)}…`);
	// Worked out once: the same string comes back for the same width and language.
	assert.equal(callLine(read, 'en', 20, '→', '…'), callLine(read, 'en', 20, '→', '…'));
	assert.equal(callLine(read, 'en', 40, '->', '...'), `read() -> "${'x'.repeat(26)}...`);
});
