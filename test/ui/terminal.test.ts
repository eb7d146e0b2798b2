import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ENTER_ALT_SCREEN, fixIncrementalFrame, LEAVE_ALT_SCREEN, PASTE_MARKS_OFF, SHOW_CURSOR, TerminalGuard} from '../../source/ui/terminal.js';

function streams(): {written: string[]; raw: boolean[]; guard: TerminalGuard} {
	const written: string[] = [];
	const raw: boolean[] = [];
	const guard = new TerminalGuard({
		stdout: {write: (data: string) => written.push(data) > 0},
		stdin: {isTTY: true, setRawMode: (mode: boolean) => raw.push(mode)},
	});
	return {written, raw, guard};
}

test('restore shows the cursor, turns raw mode off and leaves the alternate screen, once', () => {
	const {written, raw, guard} = streams();
	guard.enter();
	assert.ok(written[0]!.startsWith(ENTER_ALT_SCREEN));
	guard.restore();
	guard.restore();
	assert.deepEqual(raw, [false]);
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
