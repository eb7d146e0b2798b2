import {test} from 'node:test';
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {BEGIN_SYNCHRONISED_UPDATE, END_SYNCHRONISED_UPDATE, ENTER_ALT_SCREEN, fixIncrementalFrame, inkStdout, LEAVE_ALT_SCREEN, PASTE_MARKS_OFF, SHOW_CURSOR, TerminalGuard} from '../../source/ui/terminal.js';

function streams(): {written: string[]; raw: boolean[]; order: string[]; guard: TerminalGuard} {
	const written: string[] = [];
	const raw: boolean[] = [];
	const order: string[] = [];
	const guard = new TerminalGuard({
		stdout: {write: (data: string) => order.push('write') > 0 && written.push(data) > 0},
		stdin: {isTTY: true, setRawMode: (mode: boolean) => order.push(`raw ${mode}`) > 0 && raw.push(mode) > 0},
	});
	return {written, raw, order, guard};
}

test('enter turns echo off (raw mode) before the alternate screen: a key typed during start-up is not echoed into the first frame', () => {
	const {order, written, guard} = streams();
	guard.enter();
	assert.deepEqual(order, ['raw true', 'write']);
	assert.ok(written[0]!.startsWith(ENTER_ALT_SCREEN));
});

test('restore shows the cursor, turns raw mode off and leaves the alternate screen, once', () => {
	const {written, raw, guard} = streams();
	guard.enter();
	assert.ok(written[0]!.startsWith(ENTER_ALT_SCREEN));
	guard.restore();
	guard.restore();
	assert.deepEqual(raw, [true, false]);
	assert.equal(written.length, 2);
	assert.equal(written[1], PASTE_MARKS_OFF + SHOW_CURSOR + LEAVE_ALT_SCREEN);
	assert.equal(guard.isRestored, true);
});

test('restore never throws when the terminal is gone (SSH drop)', () => {
	const guard = new TerminalGuard({
		stdout: {write: () => {
			throw new Error('EIO');
		}},
		stdin: {isTTY: true, setRawMode: () => {
			throw new Error('EBADF');
		}},
	});
	guard.enter();
	assert.doesNotThrow(() => guard.restore());
});

test('the main screen is cleaned (the echo of keys typed before start-up) before the alternate screen is entered', () => {
	const {order, written, guard} = streams();
	guard.rawMode();
	guard.enter('\r\x1b[J');
	assert.deepEqual(order, ['raw true', 'write']);
	assert.ok(written[0]!.startsWith('\r\x1b[J' + ENTER_ALT_SCREEN));
});

test('raw mode taken but the screen not yet (a signal while start-up reads what was typed): restore turns raw mode off and writes nothing', () => {
	const {written, raw, guard} = streams();
	guard.rawMode();
	guard.restore();
	assert.deepEqual(raw, [true, false]);
	assert.equal(written.length, 0);
});

test('nothing to restore when the screen was never taken', () => {
	const {written, guard} = streams();
	guard.restore();
	assert.equal(written.length, 0);
});

test('an incremental frame starts at the top of the screen instead of one row too low', () => {
	assert.equal(fixIncrementalFrame('\x1b[22A\x1b[Gline'), '\x1b[H\x1b[Gline');
	// Anything else Ink writes passes untouched.
	assert.equal(fixIncrementalFrame('\x1b[?25l'), '\x1b[?25l');
	assert.equal(fixIncrementalFrame('hello\x1b[2A'), 'hello\x1b[2A');
});

/** A stream that records each write it is given. */
function recorder(): {stream: NodeJS.WriteStream; writes: string[]} {
	const writes: string[] = [];
	const stream = {isTTY: true, columns: 80, rows: 24, write: (data: string) => writes.push(data) > 0} as unknown as NodeJS.WriteStream;
	return {stream, writes};
}

test('a synchronised update goes out in one write: the same bytes, in order, as Ink\'s writes one by one', async () => {
	// What Ink writes for two frames, a cursor move alone, and a frame whose end mark never comes.
	const inkWrites = [
		BEGIN_SYNCHRONISED_UPDATE, '\x1b[23A\x1b[1Gtop  t=1.000s\x1b[K\n', END_SYNCHRONISED_UPDATE,
		'\x1b[?25l',
		BEGIN_SYNCHRONISED_UPDATE, '\x1b[2A\x1b[1Gt=1.220s', '\x1b[K', END_SYNCHRONISED_UPDATE,
		'\x1b[3A\x1b[Gplain',
		BEGIN_SYNCHRONISED_UPDATE, 'cut short',
	];
	const plain = recorder();
	const merged = recorder();
	const wrapped = inkStdout(merged.stream);
	for (const data of inkWrites) {
		plain.stream.write(fixIncrementalFrame(data));
		wrapped.write(data);
	}
	assert.deepEqual(merged.writes, [
		`${BEGIN_SYNCHRONISED_UPDATE}\x1b[H\x1b[1Gtop  t=1.000s\x1b[K\n${END_SYNCHRONISED_UPDATE}`,
		'\x1b[?25l',
		`${BEGIN_SYNCHRONISED_UPDATE}\x1b[H\x1b[1Gt=1.220s\x1b[K${END_SYNCHRONISED_UPDATE}`,
		'\x1b[H\x1b[Gplain',
	]);
	// What is held is written before anything else can happen.
	await Promise.resolve();
	assert.equal(merged.writes.at(-1), `${BEGIN_SYNCHRONISED_UPDATE}cut short`);
	assert.equal(merged.writes.join(''), plain.writes.join(''));
	assert.equal(wrapped.columns, 80);
});

test('the synchronised-update marks are Ink\'s', async () => {
	const ink = (await import(pathToFileURL(join(fileURLToPath(import.meta.url), '..', '..', '..', '..', 'node_modules', 'ink', 'build', 'write-synchronized.js')).href)) as {bsu: string; esu: string};
	assert.equal(BEGIN_SYNCHRONISED_UPDATE, ink.bsu);
	assert.equal(END_SYNCHRONISED_UPDATE, ink.esu);
});
