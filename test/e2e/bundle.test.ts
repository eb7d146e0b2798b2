// The shipped CLI is one bundled file (scripts/bundle.mjs). It must behave exactly like tsc's
// output that development and the other tests use: the same first frame, byte for byte, in a real
// pseudo-terminal, and the same headless output.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {ROOT} from './tmux.js';

const BUNDLE = join(ROOT, 'dist', 'bundle-test', 'tcp-tui.js');
const BUNDLE_DIR = join(ROOT, 'dist', 'bundle-test');
const CLI = join(ROOT, 'dist', 'source', 'cli.js');
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

// eslint-disable-next-line no-control-regex
const strip = (text: string): string => text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]/g, '');

let built = false;

/** Bundled afresh once per run, from the source under test. */
function buildBundle(): void {
	if (built) return;
	built = true;
	execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), 'source/cli.tsx', BUNDLE_DIR, 'tcp-tui'], {cwd: ROOT, stdio: 'pipe'});
}

/** Everything the app writes to an 80×24 pseudo-terminal until it has drawn `marker` and then been quiet for a while. */
function firstScreen(args: string[], marker: string): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const command = ['node', ...args].map((a) => `'${a}'`).join(' ');
		const child = spawn('script', ['-qfec', `stty cols 80 rows 24; exec ${command}`, '/dev/null'], {
			stdio: ['pipe', 'pipe', 'ignore'],
			env: {...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TERM: 'xterm-256color'},
		});
		const chunks: Buffer[] = [];
		let settled = false;
		let quiet: NodeJS.Timeout | null = null;
		const finish = (): void => {
			if (settled) return;
			settled = true;
			clearTimeout(bound);
			const out = Buffer.concat(chunks);
			child.kill('SIGTERM');
			resolve(out);
		};
		const bound = setTimeout(() => {
			settled = true;
			child.kill('SIGTERM');
			reject(new Error(`no ${marker} within 30 s; got ${Buffer.concat(chunks).toString('utf8').slice(-400)}`));
		}, 30_000);
		child.stdout!.on('data', (chunk: Buffer) => {
			if (settled) return;
			chunks.push(chunk);
			if (strip(Buffer.concat(chunks).toString('utf8')).includes(marker)) {
				if (quiet) clearTimeout(quiet);
				quiet = setTimeout(finish, 700);
			}
		});
	});
}

test('the bundled CLI draws the same first frame, byte for byte, as the unbundled one', {skip: HAS_SCRIPT ? false : 'script (util-linux) is not installed'}, async () => {
	buildBundle();
	assert.ok(existsSync(`${BUNDLE}.map`), 'the source map is written beside the bundle');
	for (const args of [['--seed', '1'], ['--seed', '1', '--lang', 'ko'], ['demo', 'handshake', '--seed', '3']]) {
		const marker = args.includes('ko') ? 'q 종료' : 'q quit';
		const unbundled = await firstScreen([CLI, ...args], marker);
		const bundled = await firstScreen([BUNDLE, ...args], marker);
		assert.ok(unbundled.length > 1000, `a full frame was drawn (${unbundled.length} bytes)`);
		assert.equal(bundled.toString('hex'), unbundled.toString('hex'), `first frame of ${args.join(' ')}`);
	}
});

test('the bundled CLI prints the same headless output, help and version as the unbundled one', () => {
	buildBundle();
	const run = (file: string, args: string[]): string => {
		const result = spawnSync(process.execPath, [file, ...args], {cwd: ROOT, encoding: 'utf8'});
		return `${result.status}\n${result.stdout}\n${result.stderr}`;
	};
	for (const args of [['--version'], ['--help'], ['run', 'handshake', '--json', '--seed', '5'], ['run', 'no-such-lesson']]) {
		assert.equal(run(BUNDLE, args), run(CLI, args), args.join(' '));
	}
	assert.match(readFileSync(BUNDLE, 'utf8').slice(0, 20), /^#!\/usr\/bin\/env node/);
});

test('the bundled app draws every frame of a session byte for byte as the unbundled one (Ink\'s rows remembered, widths by displayWidth)', () => {
	const outDir = join(ROOT, 'dist', 'bundle-test-frames');
	execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), 'test/e2e/frames-app.tsx', outDir, 'frames-app'], {cwd: ROOT, stdio: 'pipe'});
	// Colours forced on: the frames are compared with their codes.
	const frames = (file: string): string[][] => JSON.parse(execFileSync(process.execPath, [file, '--print'], {cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: {...process.env, FORCE_COLOR: '3'}})) as string[][];
	const unbundled = frames(join(ROOT, 'dist', 'test', 'e2e', 'frames-app.js'));
	const bundled = frames(join(outDir, 'frames-app.js'));
	assert.equal(bundled.length, unbundled.length);
	unbundled.forEach((session, i) => {
		assert.ok(session.length >= 80, `frames drawn: ${session.length}`);
		if (i === 0) assert.ok(session.some((frame) => /\x1b\[3\dm/.test(frame)), 'the frames are in colour');
		assert.equal(bundled[i]!.length, session.length, `frames of session ${i}`);
		session.forEach((frame, n) => assert.equal(bundled[i]![n], frame, `session ${i}, frame ${n}`));
	});
});

test('the bundle keeps a node\'s writes only while nothing it draws from changed: moved, resized, wrapped, clipped, removed, static and transformed nodes', () => {
	const outDir = join(ROOT, 'dist', 'bundle-test-ink');
	execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), 'test/e2e/frames-ink.tsx', outDir, 'frames-ink'], {cwd: ROOT, stdio: 'pipe'});
	const frames = (file: string): string[] => JSON.parse(execFileSync(process.execPath, [file, '--print'], {cwd: ROOT, encoding: 'utf8', env: {...process.env, FORCE_COLOR: '3'}})) as string[];
	const unbundled = frames(join(ROOT, 'dist', 'test', 'e2e', 'frames-ink.js'));
	const bundled = frames(join(outDir, 'frames-ink.js'));
	assert.ok(unbundled.length >= 40, `frames drawn: ${unbundled.length}`);
	assert.ok(new Set(unbundled).size >= 20, 'the frames differ from each other');
	assert.equal(bundled.length, unbundled.length);
	unbundled.forEach((frame, n) => assert.equal(bundled[n], frame, `frame ${n}`));
});
