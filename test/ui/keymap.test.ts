import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {barItems, commandFor, HELP_SECTIONS, KEYMAP} from '../../source/ui/keymap.js';
import {UI_STRINGS} from '../../source/i18n/ui.js';
import {key} from './helpers.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The first cell of every row of the key tables in docs/tui.md's "Keys" section. */
function docsKeys(): string[] {
	const text = readFileSync(`${root}docs/tui.md`, 'utf8');
	const section = text.slice(text.indexOf('## Keys\n'), text.indexOf('\n## ', text.indexOf('## Keys\n') + 1));
	const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| key |'));
	return rows.map((row) => row.split(/(?<!\\)\|/)[1]!.trim());
}

test('docs/tui.md lists the keys of the keymap, in the order help shows them', () => {
	const help = HELP_SECTIONS.flatMap((section) => section.keys.map(([label]) => label));
	assert.deepEqual(docsKeys(), help);
});

test('every help line and key bar label has English and Korean text', () => {
	for (const row of KEYMAP) {
		for (const name of [row.help, row.bar?.text]) {
			if (name === null || name === undefined) continue;
			assert.ok(UI_STRINGS[name].en && UI_STRINGS[name].ko, name);
		}
	}
	assert.deepEqual(barItems('global').map(([k]) => k), ['Tab', '␣', '.', '<', '+/-', 'l', 'd', 'g', 't', 'm', '[ ]', '?', 'r', 'q']);
	assert.deepEqual(barItems('pane').map(([k]) => k), ['s', 'b', 'L', 'a', 'c', 'w', 'v', 'h', 'x', 'X', 'K']);
});

test('each key reaches its own row: no key is taken twice', () => {
	const typed = (input: string): Parameters<typeof commandFor> => [input, key(), {lesson: false, mainView: true}];
	for (const row of KEYMAP.filter((r) => !r.lessonOnly)) {
		for (const match of row.keys) {
			// Find a plain character this matcher takes, and check that dispatch lands on it.
			const chars = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,<>{}[]#?+-=_'].filter((c) => match.matches(c, key()));
			for (const c of chars) assert.equal(commandFor(...typed(c)), match.command, `${JSON.stringify(c)} in row ${row.label}`);
		}
	}
	// In a lesson, → n ← step it and Esc leaves it; in free play n does nothing and Esc follows the ladder.
	assert.equal(commandFor('n', key(), {lesson: true, mainView: true}), 'lessonNext');
	assert.equal(commandFor('n', key(), {lesson: false, mainView: true}), null);
	assert.equal(commandFor('', key({escape: true}), {lesson: true, mainView: true}), 'lessonLeave');
	assert.equal(commandFor('', key({escape: true}), {lesson: false, mainView: true}), 'follow');
	// Away from the main screen only the time keys (and a lesson's) work.
	assert.equal(commandFor(' ', key(), {lesson: false, mainView: false}), 'pause');
	assert.equal(commandFor('s', key(), {lesson: false, mainView: false}), null);
	assert.equal(commandFor('', key({backspace: true}), {lesson: false, mainView: true}), 'rewindEvent');
});
