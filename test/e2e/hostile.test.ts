// Issue 12, item 2 on a real terminal: a lesson whose title, steps and captions carry OSC 52 (set
// the clipboard), OSC 0 (window title) and CSI 2J (clear screen), raw and as \x1b escapes. tmux
// with set-clipboard on would turn an OSC 52 into a paste buffer and an OSC 0 into the pane title.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ROOT, Session, skip, stopTmux, tmux} from './tmux.js';

test.after(stopTmux);

test('demo --file with OSC 52 / OSC 0 / CSI 2J text: shown as escapes, no paste buffer, no title change', {skip}, async () => {
	// Any session starts the server; the option must be on before the lesson draws anything.
	const starter = new Session('--version');
	tmux('set-option', '-s', 'set-clipboard', 'on');
	starter.kill();
	const file = join(ROOT, 'test', 'fixtures', 'hostile', 'osc-lesson.tcptui');
	const s = new Session(`demo --file ${JSON.stringify(file)}`, 120, 30);
	try {
		await s.waitForAll('Evil\\x1b]52;c;SGFja2VkIQ==\\x07 lesson\\x1b]0;PWNED\\x07\\x1b[2J', 'step 0/1');
		s.keys('Right');
		const screen = await s.waitForAll('first\\x1b]0;PWNED\\x07 step', 'caption\\x1b]52;c;SGFja2VkIQ==\\x07 with\\x1b[2J', 'raw \\x1b]0;RAWTITLE\\x07 ESC');
		assert.match(screen, /Client 10\.0\.0\.1/, 'the screen was not cleared');
		assert.equal(tmux('list-buffers'), '', 'no paste buffer appeared');
		assert.doesNotMatch(s.display('#{pane_title}'), /PWNED|RAWTITLE/);
		s.keys('q');
		await s.waitForText('EXITED 0');
	} finally {
		s.kill();
	}
});

test('demo --file in Korean: the Korean caption with a raw OSC 52 is shown escaped', {skip}, async () => {
	tmux('set-option', '-s', 'set-clipboard', 'on');
	const file = join(ROOT, 'test', 'fixtures', 'hostile', 'osc-lesson.tcptui');
	const s = new Session(`demo --file ${JSON.stringify(file)} --lang ko`, 120, 30);
	try {
		await s.waitForAll('나쁜\\x1b]52;c;SGFja2VkIQ==\\x07 강의', '단계 0/1');
		s.keys('Right');
		await s.waitForAll('첫\\x1b]0;PWNED\\x07 단계', '캡션\\x1b]52;c;SGFja2VkIQ==\\x07 raw\\x1b[2J');
		assert.equal(tmux('list-buffers'), '', 'no paste buffer appeared');
		assert.doesNotMatch(s.display('#{pane_title}'), /PWNED|RAWTITLE/);
	} finally {
		s.kill();
	}
});

test('a pcap write error during the session ends the app at once with the error, exit 1, terminal restored', {skip: skip || (spawnSync('mkfifo', ['--version']).status !== 0 && 'no mkfifo')}, async () => {
	// A FIFO whose reader leaves after the pcap header: the next write fails (EPIPE) mid-session.
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-fifo-'));
	const fifo = join(dir, 'cap.pcap');
	assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
	const reader = spawn('head', ['-c', '24', fifo], {stdio: 'ignore'});
	const s = new Session(`demo handshake --pcap ${JSON.stringify(fifo)}`);
	try {
		await s.waitForText('step 0/6');
		s.keys('Right', 'Right', 'Right');
		const screen = await s.waitForText('EXITED 1');
		assert.match(screen, /writing pcap file .* failed: EPIPE/);
		assert.match(screen, /EXITED 1 icanon echo/, 'terminal modes restored');
	} finally {
		s.kill();
		reader.kill();
	}
});

test('a pane says its exit code and the terminal modes on one line, so a screen that shows the one shows the other', {skip}, async () => {
	// bash writes a terminal's output a line per write: the modes on a line of their own could be
	// missing from a screen read between the two writes on a loaded machine.
	for (const [program, modes] of [['true', /EXITED 0 icanon echo/], ['stty -icanon -echo; false', /EXITED 1 -icanon -echo/]] as const) {
		const s = new Session('', 80, 24, ROOT, program);
		try {
			const screen = await s.waitForText(/EXITED \d/);
			assert.match(screen, modes, program);
		} finally {
			s.kill();
		}
	}
});
