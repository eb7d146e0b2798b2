// The real app in a real terminal: tmux runs `node dist/source/cli.js` at 80×24, keys go in with
// send-keys, the screen comes back with capture-pane. Every wait is bounded and polls the screen.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

function findRoot(start: string): string {
	let dir = start;
	while (!existsSync(join(dir, 'package.json'))) {
		const parent = dirname(dir);
		if (parent === dir) return start;
		dir = parent;
	}
	return dir;
}

const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
const CLI = join(ROOT, 'dist', 'source', 'cli.js');
const SOCKET = `tcptui-test-${process.pid}`;
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const skip = !HAS_TMUX ? 'tmux is not installed' : !existsSync(CLI) ? `${CLI} is missing (run npm run build)` : false;
if (skip) console.log(`# e2e skipped: ${skip}`);

let sessionCount = 0;

function tmux(...args: string[]): string {
	return execFileSync('tmux', ['-L', SOCKET, ...args], {encoding: 'utf8'});
}

class Session {
	readonly name: string;
	constructor(flags: string, columns = 80, rows = 24, cwd = ROOT) {
		this.name = `s${++sessionCount}`;
		// After the app exits, print its exit code and the terminal modes, then keep the pane open.
		const command = `cd ${JSON.stringify(cwd)} && node ${JSON.stringify(CLI)} ${flags}; echo "EXITED $?"; stty -a | tr -s ' ;' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; exec sleep 120`;
		tmux('new-session', '-d', '-s', this.name, '-x', String(columns), '-y', String(rows), command);
	}
	screen(): string {
		return tmux('capture-pane', '-p', '-t', this.name);
	}
	lines(): string[] {
		return this.screen().split('\n');
	}
	keys(...keys: string[]): void {
		for (const k of keys) {
			tmux('send-keys', '-t', this.name, k);
			// One key per read: a lone Escape must not merge with the next key into Alt+key.
			spawnSync('sleep', ['0.08']);
		}
	}
	/** Poll until the screen satisfies `predicate`; fail with the last screen after `timeout` ms. */
	async waitFor(what: string, predicate: (screen: string) => boolean, timeout = 10_000): Promise<string> {
		const end = Date.now() + timeout;
		let screen = '';
		for (;;) {
			screen = this.screen();
			if (predicate(screen)) return screen;
			if (Date.now() > end) assert.fail(`timed out waiting for ${what}; screen:\n${screen}`);
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	async waitForText(text: string | RegExp, timeout?: number): Promise<string> {
		return this.waitFor(String(text), (s) => (typeof text === 'string' ? s.includes(text) : text.test(s)), timeout);
	}
	/** The state shown big in the client (left) or server (right) pane. */
	state(side: 'client' | 'server'): string {
		const line = this.lines()[3] ?? '';
		const chars = [...line];
		const half = side === 'client' ? chars.slice(0, 24) : chars.slice(-24);
		return half.join('').replace(/[│|]/g, '').trim();
	}
	display(format: string): string {
		return tmux('display-message', '-p', '-t', this.name, format).trim();
	}
	kill(): void {
		try {
			tmux('kill-session', '-t', this.name);
		} catch {
			// already gone
		}
	}
}

test.after(() => {
	if (!HAS_TMUX) return;
	try {
		tmux('kill-server');
	} catch {
		// no server left
	}
	// tmux leaves its socket file behind when the server exits on its own (last session killed).
	rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, SOCKET), {force: true});
});

test('handshake, write and read "hello", active close through TIME_WAIT to CLOSED', {skip}, async () => {
	const s = new Session('--msl 1s --speed 2 --seed 4');
	try {
		await s.waitForText('Server 10.0.0.2');
		// Focus starts on the server: socket, bind (80 by default), listen, accept.
		s.keys('s', 'b', 'Enter', 'L', 'a');
		await s.waitForText('accept() blocked');
		// Client: socket, connect (defaults to the server's address and port).
		s.keys('Tab', 's', 'c', 'Enter');
		await s.waitFor('ESTABLISHED on both sides', () => s.state('client') === 'ESTABLISHED' && s.state('server') === 'ESTABLISHED');
		const screen = s.screen();
		assert.match(screen, /SYN seq=0/);
		assert.match(screen, /SYN,ACK seq=0 ack=1/);
		assert.match(screen, /accept\(\) → 4/);
		// write() with the preset text, read() on the server.
		s.keys('w', 'Enter');
		await s.waitForText('write("hello") → 5');
		s.keys('Tab', 'v');
		await s.waitForText('read() → "hello"');
		// Client closes first; server reads EOF and closes.
		s.keys('Tab', 'x');
		await s.waitFor('CLOSE_WAIT on the server', () => s.state('server') === 'CLOSE_WAIT');
		s.keys('Tab', 'v');
		await s.waitForText('read() → 0 (EOF');
		s.keys('x');
		await s.waitFor('TIME_WAIT on the client', () => s.state('client') === 'TIME_WAIT', 5000);
		await s.waitFor('CLOSED on the client after 2×MSL', () => s.state('client') === 'CLOSED', 10_000);
		assert.equal(s.state('server'), 'CLOSED');
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
		assert.match(s.screen(), /RST/);
		assert.equal(s.state('client'), 'CLOSED');
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
		await s.waitForText('서버 10.0.0.2');
		assert.match(s.screen(), /클라이언트 10\.0\.0\.1/);
		s.keys('s', 'L');
		await s.waitForText('listen(8) → 0');
		// The borders stay in place beside double-width text: both panes' right borders on column 80.
		for (const line of s.lines().slice(1, 20)) assert.ok(/[│╮╯]$/.test(line), `misaligned: ${line}`);
		s.keys('?');
		await s.waitForText('도움말');
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
