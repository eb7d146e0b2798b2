// The real app in a real terminal: tmux runs `node dist/source/cli.js` in a pane of a given size,
// keys go in with send-keys, the screen comes back with capture-pane. Every wait polls the screen
// up to a generous bound (a loaded 2-core CI machine is slow), never a fixed sleep.
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, rmSync} from 'node:fs';
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

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const CLI = join(ROOT, 'dist', 'source', 'cli.js');
const SOCKET = `tcptui-test-${process.pid}`;
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
/** Why the e2e tests cannot run here, or false. */
export const skip: string | false = !HAS_TMUX ? 'tmux is not installed' : !existsSync(CLI) ? `${CLI} is missing (run npm run build)` : false;
if (skip) console.log(`# e2e skipped: ${skip}`);

/** How long a wait for the screen may take before the test fails with the screen it saw. */
export const WAIT_MS = 15_000;
// CI runs as root on a fresh Debian with only `locales`: C.UTF-8 is the UTF-8 locale that is always there.
const UTF8 = {LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8'};

/**
 * What a pane prints when its program has exited: `EXITED <code> <modes>`, the modes being the
 * terminal's icanon and echo as stty reports them (`-icanon` when the program left them off), all
 * in one write.
 */
const EXIT_REPORT = `printf 'EXITED %s %s\\n' "$code" "\${modes:-(stty reported no modes)}"`;

let sessionCount = 0;
let keeperStarted = false;

export function tmux(...args: string[]): string {
	// -u: tmux draws UTF-8 whatever the environment says (Korean, box drawing, arrows).
	return execFileSync('tmux', ['-u', '-L', SOCKET, ...args], {encoding: 'utf8', env: {...process.env, ...UTF8}});
}

export class Session {
	readonly name: string;
	/** `program`: a shell command to run instead of the app (e.g. an ssh client); `flags` then go after it. */
	constructor(flags: string, columns = 80, rows = 24, cwd = ROOT, program?: string) {
		this.name = `s${++sessionCount}`;
		if (!keeperStarted) {
			// tmux's server exits with its last session; a test's new-session racing that exit fails
			// with "server exited unexpectedly". One idle session keeps the server up until stopTmux.
			tmux('new-session', '-d', '-s', 'keeper', 'exec sleep 86400');
			keeperStarted = true;
		}
		// After the app exits, print its exit code and the terminal modes on one line, then keep the pane
		// open. One line, as the shell (bash, tmux's default) writes a terminal's output a line per
		// write: with the modes on a line of their own, a loaded machine could show EXITED before them.
		// CI=true as on the CI machine: the app must draw in a terminal even then (Ink would not).
		const env = Object.entries({...UTF8, CI: 'true'}).map(([k, v]) => `${k}=${v}`).join(' ');
		const command = `cd ${JSON.stringify(cwd)} && env ${env} ${program ?? `node ${JSON.stringify(CLI)}`} ${flags}; code=$?; modes=$(stty -a | tr -s ' ;' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '); ${EXIT_REPORT}; exec sleep 120`;
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
	async waitFor(what: string, predicate: (screen: string) => boolean, timeout = WAIT_MS): Promise<string> {
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
	/** Wait until every text is on the screen at once. */
	async waitForAll(...texts: string[]): Promise<string> {
		return this.waitFor(texts.map((t) => JSON.stringify(t)).join(' and '), (s) => texts.every((t) => s.includes(t)));
	}
	/** The state shown big in the client (left) or server (right) pane. */
	state(side: 'client' | 'server'): string {
		const line = this.lines()[3] ?? '';
		const chars = [...line];
		// A pane is 23 columns wide at 80: no more, or the ladder's time column is read too.
		const half = side === 'client' ? chars.slice(0, 23) : chars.slice(-23);
		return half.join('').replace(/[│║|]/g, '').trim();
	}
	/** Wait until a pane shows `state` (polled: the screen may be between frames). */
	async waitForState(side: 'client' | 'server', state: string, timeout?: number): Promise<void> {
		await this.waitFor(`${state} on the ${side}`, () => this.state(side) === state, timeout);
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

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * A Session's program that prints `loading` and starts the app only once the file `go` exists: keys
 * sent before then reach the terminal in cooked mode (echoed and held), as while a program loads.
 */
export function startsWhen(go: string): string {
	return `sh -c ${shellQuote(`printf 'loading\\n'; while [ ! -e ${shellQuote(go)} ]; do sleep 0.05; done; exec node ${shellQuote(CLI)} "$@"`)} sh`;
}

/** After a file's tests: stop its tmux server and remove the socket file tmux leaves behind. */
export function stopTmux(): void {
	if (!HAS_TMUX) return;
	try {
		tmux('kill-server');
	} catch {
		// no server left
	}
	rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, SOCKET), {force: true});
}
