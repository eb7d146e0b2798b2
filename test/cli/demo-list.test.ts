// `tcp-tui demo` lists the lessons. On a terminal, a summary is wrapped at words under its
// lesson's name; a terminal's own wrapping would cut a Korean word in two. Piped, lines stay whole.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {listCommand} from '../../source/cli/demo-command.js';
import {listDemos} from '../../source/demo/catalog.js';

function listed(lang: 'en' | 'ko', columns?: number): string[] {
	const out: string[] = [];
	assert.equal(listCommand(lang, {out: (text) => out.push(text), err: (text) => assert.fail(text)}, columns), 0);
	return out;
}

for (const lang of ['en', 'ko'] as const) {
	test(`demo list (${lang}): at 80 columns every line fits, words whole, the same words as unwrapped`, () => {
		const whole = listed(lang);
		const wrapped = listed(lang, 80);
		for (const line of wrapped) assert.ok(stringWidth(line) <= 80, `${stringWidth(line)}: ${line}`);
		assert.ok(wrapped.length > whole.length, 'some summary is longer than 80 columns');
		assert.ok(whole.some((line) => stringWidth(line) > 80));
		const words = (lines: string[]) => lines.join(' ').split(/\s+/).filter((w) => w !== '');
		assert.deepEqual(words(wrapped), words(whole));
		// Continuation lines start under the summary, not under the name.
		const indent = /^ +/.exec(whole[3]!)![0].length;
		for (const line of wrapped.slice(2)) assert.ok(/^ {2}\S/.test(line) || line.startsWith(' '.repeat(indent)) && line[indent] !== ' ', line);
		// Each lesson's name still starts its paragraph.
		for (const demo of listDemos()) assert.ok(wrapped.some((line) => line.startsWith(`  ${demo.name} `)), demo.name);
	});
}

test('demo list: too narrow to help (under 40 columns of text), or piped, lines are left whole', () => {
	assert.deepEqual(listed('en', 50), listed('en'));
	assert.deepEqual(listed('ko', 30), listed('ko'));
});
