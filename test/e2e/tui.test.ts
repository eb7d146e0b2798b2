// The real app in a real terminal (see tmux.ts): free play with keys only, resizes, signals, Korean.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ROOT, Session, skip, startsWhen, stopTmux, tmux} from './tmux.js';

test.after(stopTmux);

test('handshake, write and read "hello", active close through TIME_WAIT to CLOSED', {skip}, async () => {
	const s = new Session('--msl 1s --speed 2 --seed 4');
	try {
		await s.waitForText('Server 10.0.0.2');
		// Focus starts on the server: socket, bind (80 by default), listen, accept.
		s.keys('s', 'b', 'Enter', 'L', 'a');
		await s.waitForText('accept() blocked');
		// Client: socket, connect (defaults to the server's address and port).
		s.keys('Tab', 's', 'c', 'Enter');
		await s.waitForState('client', 'ESTABLISHED');
		await s.waitForState('server', 'ESTABLISHED');
		await s.waitForAll('SYN seq=0', 'SYN,ACK seq=0 ack=1', 'accept() → 4');
		// write() with the preset text, read() on the server.
		s.keys('w', 'Enter');
		await s.waitForText('write("hello") → 5');
		s.keys('Tab', 'v');
		await s.waitForText('read() → "hello"');
		// Client closes first; server reads EOF and closes.
		s.keys('Tab', 'x');
		await s.waitForState('server', 'CLOSE_WAIT');
		s.keys('Tab', 'v');
		await s.waitForText('read() → 0 (EOF');
		s.keys('x');
		await s.waitForState('client', 'TIME_WAIT');
		await s.waitForState('client', 'CLOSED');
		// The server's connection is freed at once (LAST_ACK → CLOSED): its pane shows what is left, the listener.
		await s.waitFor('the server pane back on its listener', (screen) => s.state('server') === 'LISTEN' && !screen.includes('fd4 '));
	} finally {
		s.kill();
	}
});

test('connect to a closed port: RST on the ladder, ECONNREFUSED in the pane', {skip}, async () => {
	const s = new Session('--seed 5');
	try {
		await s.waitForText('Client 10.0.0.1');
		s.keys('Tab', 's', 'c', 'BSpace', '1', 'Enter');
		await s.waitForText(/connect(\(\))?( → |→)ECONNREFUSED/);
		await s.waitForText(/RST/);
		await s.waitForState('client', 'CLOSED');
	} finally {
		s.kill();
	}
});

test('resize to 120×40 and back re-lays out', {skip}, async () => {
	const s = new Session('--seed 6');
	try {
		await s.waitForText('Server 10.0.0.2');
		s.keys('s');
		tmux('resize-window', '-t', s.name, '-x', '120', '-y', '40');
		await s.waitFor('a 120-column layout', (screen) => {
			const lines = screen.split('\n');
			return lines.length >= 39 && /╮$/.test(lines[1] ?? '') && [...(lines[1] ?? '')].length === 120;
		});
		tmux('resize-window', '-t', s.name, '-x', '80', '-y', '24');
		await s.waitFor('the 80-column layout again', (screen) => {
			const lines = screen.split('\n');
			return [...(lines[1] ?? '')].length === 80 && /socket\(\) → 3/.test(screen) && /^ tcp-tui/.test(lines[0] ?? '');
		});
		tmux('resize-window', '-t', s.name, '-x', '60', '-y', '20');
		await s.waitForText('Please enlarge the terminal to at least 80×24');
	} finally {
		s.kill();
	}
});

test('Ctrl-C leaves the terminal clean: main screen, cursor shown, cooked mode', {skip}, async () => {
	const s = new Session('--seed 7');
	try {
		await s.waitForText('Server 10.0.0.2');
		assert.equal(s.display('#{alternate_on}'), '1');
		s.keys('C-c');
		await s.waitForText(/EXITED \d+/);
		const screen = await s.waitForText(/(^|\s)-?echo(\s|$)/m);
		assert.doesNotMatch(screen, /tcp-tui {2}t=/);
		assert.match(screen, /(^|\s)icanon(\s|$)/m);
		assert.match(screen, /(^|\s)echo(\s|$)/m);
		assert.doesNotMatch(screen, /-icanon/);
		assert.equal(s.display('#{alternate_on}'), '0');
		assert.equal(s.display('#{cursor_flag}'), '1');
	} finally {
		s.kill();
	}
});

test('in Korean: the panes, a call and q to quit', {skip}, async () => {
	const s = new Session('--lang ko --seed 8');
	try {
		await s.waitForAll('서버 10.0.0.2', '클라이언트 10.0.0.1');
		s.keys('s', 'L');
		await s.waitForText('listen(8) → 0');
		// The borders stay in place beside double-width text: both panes' right borders on column 80.
		await s.waitFor('both panes\' right borders on column 80', (screen) => screen.split('\n').slice(1, 20).every((line) => /[│╮╯]$/.test(line)));
		s.keys('?');
		// The help's own closing line (the key bar also says 도움말).
		await s.waitForText('Esc 또는 ? 키로 닫습니다.');
		s.keys('Escape');
		await s.waitForText('서버 10.0.0.2');
		s.keys('q');
		await s.waitForText('EXITED 0');
	} finally {
		s.kill();
	}
});

for (const [signal, code] of [['TERM', 143], ['HUP', 129]] as const) {
	test(`SIG${signal} restores the terminal too (exit ${code})`, {skip}, async () => {
		const s = new Session('--seed 9');
		try {
			await s.waitForText('Server 10.0.0.2');
			const shell = s.display('#{pane_pid}');
			// The app is the shell's only child while it runs (its process title is tcp-tui).
			const node = execFileSync('pgrep', ['-P', shell], {encoding: 'utf8'}).trim().split('\n')[0]!;
			process.kill(Number(node), `SIG${signal}`);
			await s.waitForText(`EXITED ${code}`);
			const screen = await s.waitForText(/(^|\s)-?echo(\s|$)/m);
			assert.doesNotMatch(screen, /tcp-tui {2}t=/);
			assert.doesNotMatch(screen, /-icanon/);
			assert.equal(s.display('#{alternate_on}'), '0');
			assert.equal(s.display('#{cursor_flag}'), '1');
		} finally {
			s.kill();
		}
	});
}

test('the transcript view saves Markdown and says where', {skip}, async () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcptui-e2e-'));
	const s = new Session('--seed 10', 100, 30, dir);
	try {
		await s.waitForText('Server 10.0.0.2');
		s.keys('s', 'b', 'Enter');
		await s.waitForText('bind(80) → 0');
		s.keys('t');
		await s.waitForText('Transcript (');
		s.keys('m');
		await s.waitForText('Transcript saved to');
		const files = readdirSync(dir).filter((name) => name.endsWith('.md'));
		assert.equal(files.length, 1);
		const markdown = readFileSync(join(dir, files[0]!), 'utf8');
		assert.match(markdown, /\| *client *\| *segments *\| *server *\|/);
		assert.match(markdown, /bind\(80\) → 0/);
	} finally {
		s.kill();
		rmSync(dir, {recursive: true, force: true});
	}
});

test('the top bar names the stack profile: textbook in free play, linux with --profile, linux as --wire\'s default (en, ko)', {skip}, async () => {
	const {freeUdpPort} = await import('../wire/netns.js');
	const cases: Array<[string, string]> = [
		['--seed 11', 'textbook stack  seed 11'],
		['--seed 12 --profile linux', 'linux stack  seed 12'],
		[`--seed 13 --wire udp:${await freeUdpPort()}:127.0.0.1:9`, 'linux stack (--wire default)  seed 13'],
		[`--seed 14 --lang ko --wire udp:${await freeUdpPort()}:127.0.0.1:9`, 'linux 스택 (--wire 기본값)  시드 14'],
	];
	for (const [flags, expected] of cases) {
		const s = new Session(flags, 100, 30);
		try {
			const screen = await s.waitForText(expected);
			assert.ok(screen.split('\n')[0]!.includes(expected), `on the top line: ${screen.split('\n')[0]}`);
		} finally {
			s.kill();
		}
	}
});

test('S saves the session as a scenario that `tcp-tui run` replays; Backspace rewinds', {skip}, async () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcptui-e2e-'));
	const s = new Session('--seed 12 --speed 2', 100, 30, dir);
	try {
		await s.waitForText('Server 10.0.0.2');
		s.keys('s', 'b', 'Enter', 'L', 'a', 'Tab', 's', 'c', 'Enter');
		await s.waitForState('client', 'ESTABLISHED');
		s.keys('w', 'Enter');
		await s.waitForText('write("hello") → 5');
		s.keys('Space', 'S');
		await s.waitForText('Session saved to');
		const files = readdirSync(dir).filter((name) => name.endsWith('.tcptui'));
		assert.equal(files.length, 1);
		const scenario = readFileSync(join(dir, files[0]!), 'utf8');
		assert.match(scenario, /^seed 12$/m);
		assert.match(scenario, /^client: write "hello" fd=3$/m);
		const json = execFileSync('node', [join(ROOT, 'dist', 'source', 'cli.js'), 'run', join(dir, files[0]!), '--json'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
		assert.match(json, /"call":"write","fd":3,"args":"\\"hello\\"","status":"returned","result":5/);
		// Back one event: the world is replayed from the seed to just before it, and time pauses there.
		s.keys('BSpace');
		await s.waitForText('Rewound to t=');
	} finally {
		s.kill();
		rmSync(dir, {recursive: true, force: true});
	}
});

// Ink's key parser throws on an escape sequence it cannot name whose modifier has the Ctrl bit:
// pasted coloured text (ESC[31m) or Ctrl+F1 in xterm (ESC[1;5P) ended the app with exit 1.
for (const lang of ['en', 'ko'] as const) {
	test(`pasted colours and Ctrl+F1 are ignored, the prompt keeps the text (${lang})`, {skip}, async () => {
		const s = new Session(`--lang ${lang} --seed 4`);
		try {
			await s.waitForText(lang === 'en' ? 'Server 10.0.0.2' : '서버 10.0.0.2');
			tmux('send-keys', '-t', s.name, '-H', '1b', '5b', '31', '3b', '35', '50'); // Ctrl+F1
			s.keys('Tab', 'w');
			await s.waitForText(lang === 'en' ? 'write() text' : 'write() 내용');
			// Text copied from a coloured terminal: the colour codes go, the text stays.
			tmux('send-keys', '-t', s.name, '-l', '안녕\u001b[31mred\u001b[0m ok\u001b[1;5P');
			await s.waitForText('안녕red ok_');
			s.keys('Escape', 'q');
			await s.waitForText(/EXITED 0/);
			assert.doesNotMatch(s.screen(), /Cannot read properties/);
		} finally {
			s.kill();
		}
	});
}

test('W writes 10 000 bytes: the call log and the transcript view name the count in Korean with --lang ko (160×50)', {skip}, async () => {
	const s = new Session('--lang ko --seed 8', 160, 50);
	try {
		await s.waitForText('서버 10.0.0.2');
		s.keys('s', 'b', 'Enter', 'L', 'a', 'Tab', 's', 'c', 'Enter');
		await s.waitForText('accept() → 4');
		s.keys('W');
		await s.waitForText('write(10000바이트) → 10000');
		s.keys('t');
		await s.waitFor('the transcript view with the write', (screen) => /시각 \(ms\)/.test(screen) && screen.includes('write(10000바이트) → 10000'));
		assert.doesNotMatch(s.screen(), /\d bytes/);
		s.keys('Escape', 'q');
		await s.waitForText('EXITED 0');
	} finally {
		s.kill();
	}
});

test('a paste with line breaks stays in the write prompt as one line; none of it runs as keys (ko)', {skip}, async () => {
	const s = new Session('--lang ko --seed 4');
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-paste-'));
	try {
		await s.waitForText('서버 10.0.0.2');
		s.keys('Tab', 'w');
		await s.waitForText('write() 내용');
		const file = join(dir, 'paste.txt');
		execFileSync('sh', ['-c', `printf '안녕\\nsocket close\\r\\n끝' > ${JSON.stringify(file)}`]);
		tmux('load-buffer', '-b', 'paste', file);
		// -p: as a terminal pastes, with the bracketed-paste marks when the app asked for them.
		tmux('paste-buffer', '-p', '-b', 'paste', '-t', s.name);
		// (tmux turns each LF into CR, so the CR LF arrives as two line breaks: two spaces.)
		await s.waitForText(/안녕 socket close +끝_/);
		assert.doesNotMatch(s.screen(), /socket\(\) →|connect\(\) 대상/);
		s.keys('Escape', 'q');
		await s.waitForText(/EXITED 0/);
	} finally {
		s.kill();
		rmSync(dir, {recursive: true, force: true});
	}
});

test('a paste outside any prompt runs none of its letters as keys; the key bar says a paste goes into a prompt (en, 80×24)', {skip}, async () => {
	const s = new Session('--seed 4');
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-paste-'));
	try {
		await s.waitForText('Server 10.0.0.2');
		const file = join(dir, 'paste.txt');
		// As keys: socket, bind, listen, accept, then quit.
		execFileSync('sh', ['-c', `printf 'sbLa socket\\nq' > ${JSON.stringify(file)}`]);
		tmux('load-buffer', '-b', 'paste', file);
		tmux('paste-buffer', '-p', '-b', 'paste', '-t', s.name);
		await s.waitForText('A paste goes into a prompt only (w write…); it ran no keys.');
		assert.doesNotMatch(s.screen(), /socket\(\) →|EXITED/);
		s.keys('s');
		await s.waitForText('socket() → 3');
		s.keys('q');
		await s.waitForText('EXITED 0');
	} finally {
		s.kill();
		rmSync(dir, {recursive: true, force: true});
	}
});

test('the app says an unwritable --pcap in Korean with --lang ko, before touching the screen (exit 2)', {skip}, async () => {
	const s = new Session('--lang ko --pcap /nonexistent-dir/x.pcap');
	try {
		const screen = await s.waitForText(/EXITED 2/);
		// The line wraps at 80 columns: read it joined.
		assert.match(screen.replace(/\n/g, ''), /tcp-tui: pcap 파일 "\/nonexistent-dir\/x\.pcap"에 쓸 수 없습니다: 그런 디렉터리가\s?없습니다 \(ENOENT\)/);
	} finally {
		s.kill();
	}
});

test('a link field says what it takes when a character is refused: "/" and a Korean syllable; a Hangul key on the main screen says Korean input is on (ko, 80×24)', {skip}, async () => {
	const s = new Session('--lang ko --seed 4');
	try {
		await s.waitForText('서버 10.0.0.2');
		s.keys('l', '5', '/');
		await s.waitForText('"/"은(는) 입력할 수 없습니다: 시간, 예: 300ms, 2s');
		assert.match(s.screen(), /\b5_/);
		tmux('send-keys', '-t', s.name, '-l', '한');
		await s.waitForText('"한": 한글 입력 상태입니다. 영문 입력으로 바꾸세요');
		s.keys('0', 'Enter');
		await s.waitFor('delay applied: 50ms', (screen) => /지연 \(ms\)\s+50ms/.test(screen));
		// On the main screen too, a Hangul key says Korean input is on instead of doing nothing.
		s.keys('Escape');
		await s.waitForText('서버 10.0.0.2');
		tmux('send-keys', '-t', s.name, '-l', 'ㄴ');
		await s.waitForText('한글 입력 상태입니다. 키를 쓰려면 영문 입력으로 바꾸세요.');
		s.keys('q');
		await s.waitForText('EXITED 0');
	} finally {
		s.kill();
	}
});

test('keys typed while the app loads run nothing, and their echo is gone from the screen the user returns to (80×24)', {skip}, async () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-typeahead-'));
	const go = join(dir, 'go');
	// The app starts only once the keys have been typed (and echoed by the terminal, in cooked mode).
	const s = new Session('--seed 4', 80, 24, ROOT, startsWhen(go));
	try {
		await s.waitForText('loading');
		// socket, bind, Enter, close: had they run, the server pane would show the calls.
		s.keys('s', 'b', 'Enter', 'x');
		await s.waitFor('the keys echoed under "loading"', (screen) => /^loading\nsb\nx$/m.test(screen));
		writeFileSync(go, '');
		await s.waitForText('Server 10.0.0.2');
		s.keys('s');
		const screen = await s.waitForText('socket() → 3');
		assert.equal(screen.split('socket() →').length, 2, `one socket call, the one typed on the screen:\n${screen}`);
		assert.doesNotMatch(screen, /bind\(|close\(|port/);
		s.keys('q');
		const after = await s.waitForText('EXITED 0');
		assert.match(after, /^loading\nEXITED 0/m, `the main screen as it was before the keys:\n${after}`);
	} finally {
		s.kill();
		rmSync(dir, {recursive: true, force: true});
	}
});
