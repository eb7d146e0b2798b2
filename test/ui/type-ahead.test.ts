// Keys typed while the app loads: read and dropped once raw mode is on, and their echo wiped from
// the main screen (the echo's geometry as the line discipline draws it).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {discardTypeAhead, eraseEcho} from '../../source/ui/type-ahead.js';

test('nothing typed: nothing read, nothing written', async () => {
	assert.equal(await discardTypeAhead(new PassThrough()), '');
	assert.equal(eraseEcho('', 80), '');
});

test('what the terminal holds is read and dropped; keys that come later are left for the app', async () => {
	const stdin = new PassThrough();
	stdin.write('sb\nx');
	assert.equal(await discardTypeAhead(stdin), 'sb\nx');
	stdin.write('q');
	assert.equal(String(stdin.read()), 'q');
});

test('the echo is erased from its first row: one row per typed line, more where a line wrapped', () => {
	assert.equal(eraseEcho('sb', 80), '\r\x1b[J');
	// Enter was typed (the line discipline holds it as \n): the echo took two rows.
	assert.equal(eraseEcho('sb\nxy', 80), '\r\x1b[1A\x1b[J');
	assert.equal(eraseEcho('sb\n', 80), '\r\x1b[1A\x1b[J');
	// 80 columns fill one row exactly (the cursor waits at its end); 81 wrap to a second.
	assert.equal(eraseEcho('a'.repeat(80), 80), '\r\x1b[J');
	assert.equal(eraseEcho('a'.repeat(81), 80), '\r\x1b[1A\x1b[J');
	// A Korean syllable is two columns; an arrow key echoes as ^[[A (four); a tab goes to column 8.
	assert.equal(eraseEcho('한'.repeat(41), 80), '\r\x1b[1A\x1b[J');
	assert.equal(eraseEcho('\x1b[A'.repeat(20), 80), '\r\x1b[J');
	assert.equal(eraseEcho('\x1b[A'.repeat(21), 80), '\r\x1b[1A\x1b[J');
	assert.equal(eraseEcho(`a\t${'b'.repeat(72)}`, 80), '\r\x1b[J');
	assert.equal(eraseEcho(`a\t${'b'.repeat(73)}`, 80), '\r\x1b[1A\x1b[J');
});
