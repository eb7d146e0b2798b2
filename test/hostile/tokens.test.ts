// Issue 12, item 1: whitespace the tokenizer did not skip (but the word loop stopped at) made an
// empty token and no progress, so `run` spun for ever with growing memory. Every Unicode space and
// a BOM anywhere now separate tokens, and the tokenizer always moves forward.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {parseScenario} from '../../source/scenario/parser.js';
import {tokenizeLine} from '../../source/scenario/tokens.js';

const SPACES: Array<[string, string]> = [
	['U+00A0 no-break space', '\u00A0'],
	['U+3000 ideographic space', '\u3000'],
	['U+FEFF byte-order mark', '\uFEFF'],
	['\\v', '\v'],
	['\\f', '\f'],
	['U+2028 line separator', '\u2028'],
	['U+1680 ogham space', '\u1680'],
	['U+202F narrow no-break space', '\u202F'],
];

test('every Unicode space and a BOM separate tokens like a space does', {timeout: 30_000}, () => {
	for (const [name, space] of SPACES) {
		const result = tokenizeLine(`seed${space}7`, 1);
		assert.ok(result.ok, name);
		if (!result.ok) continue;
		assert.deepEqual(result.tokens.map((t) => [t.text, t.col]), [['seed', 1], ['7', 6]], name);
		const parsed = parseScenario(`seed${space}7\n${space}client:${space}socket${space}\n`, 'a.tcptui');
		assert.ok(parsed.ok, `${name}: parses`);
		if (parsed.ok) {
			assert.equal(parsed.scenario.settings.seed, 7, name);
			assert.equal(parsed.scenario.actions.length, 1, name);
		}
	}
});

test('a BOM in the middle of a file, not only at its start, is a separator', {timeout: 30_000}, () => {
	const parsed = parseScenario('\uFEFFseed 7\n\uFEFFclient: socket\nserver:\uFEFFsocket\n', 'a.tcptui');
	assert.ok(parsed.ok);
	if (parsed.ok) assert.equal(parsed.scenario.actions.length, 2);
});

test('a space inside a quoted string is kept as text; a no-break space after the closing quote ends it', {timeout: 30_000}, () => {
	const result = tokenizeLine('title "a\u00A0b"\u3000# comment', 1);
	assert.ok(result.ok);
	if (result.ok) assert.deepEqual(result.tokens.map((t) => t.text), ['title', 'a\u00A0b']);
});

/** The invariant that makes the loop terminate: every bare word takes at least one character. */
function checkLine(line: string): void {
	const result = tokenizeLine(line, 1);
	if (!result.ok) return;
	assert.ok(result.tokens.length <= Array.from(line).length);
	for (const token of result.tokens) if (!token.quoted) assert.notEqual(token.text, '');
}

test('property: random Unicode lines tokenize with no empty word, and files always parse to a result', {timeout: 120_000}, () => {
	const unicodeLine = fc.array(
		fc.oneof(fc.constantFrom(...SPACES.map(([, s]) => s), ' ', '\t', '\r', '"', '#', '\\', 'x', '\\x1', '='), fc.string({unit: 'grapheme', maxLength: 3})),
		{maxLength: 40},
	).map((parts) => parts.join(''));
	fc.assert(fc.property(unicodeLine, (line) => {
		checkLine(line);
		const parsed = parseScenario(line, 'p.tcptui');
		assert.equal(typeof parsed.ok, 'boolean');
	}), {numRuns: 2000});
});

test('property: random byte strings decoded as the CLI decodes a file always parse to a result', {timeout: 120_000}, () => {
	fc.assert(fc.property(fc.uint8Array({maxLength: 400}), (bytes) => {
		const text = Buffer.from(bytes).toString('utf8');
		for (const line of text.split('\n')) checkLine(line);
		const parsed = parseScenario(text, 'p.tcptui');
		assert.equal(typeof parsed.ok, 'boolean');
	}), {numRuns: 2000});
});
