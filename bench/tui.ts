// TUI figures measured through a real pseudo-terminal (util-linux `script`), as a user's terminal sees them:
// time to first full frame (beside a minimal Ink app), keystroke-to-frame latency, bytes written per
// second while segments move, CPU while paused.
import {spawn, type ChildProcess} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'source', 'cli.js');
const hello = path.join(here, 'hello.js');
const lesson = path.join(here, '..', '..', 'bench', 'animation.tcptui');

interface Pty {
	child: ChildProcess;
	output: () => string;
	bytes: () => number;
	send: (keys: string) => void;
	/** Resolves with the time (performance.now) at which the output first matches. */
	waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<number>;
	/** Resolves at the first byte written after now. */
	nextWrite: (timeoutMs?: number) => Promise<number>;
	kill: () => Promise<void>;
}

// eslint-disable-next-line no-control-regex
const strip = (text: string): string => text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]/g, '');

function openPty(command: string, cols = 80, rows = 24): Pty {
	const child = spawn('script', ['-qfec', `stty cols ${cols} rows ${rows}; exec ${command}`, '/dev/null'], {
		stdio: ['pipe', 'pipe', 'ignore'],
		env: {...process.env, LANG: 'C.UTF-8', TERM: 'xterm-256color'},
	});
	let text = '';
	let count = 0;
	let waiters: Array<() => void> = [];
	child.stdout!.on('data', (chunk: Buffer) => {
		text += chunk.toString('utf8');
		if (text.length > 1_000_000) text = text.slice(-200_000);
		count += chunk.length;
		const now = waiters;
		waiters = [];
		for (const wake of now) wake();
	});
	const until = (check: () => boolean, timeoutMs: number, what: string): Promise<number> =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
			const test = (): void => {
				if (check()) {
					clearTimeout(timer);
					resolve(performance.now());
				} else {
					waiters.push(test);
				}
			};
			test();
		});
	return {
		child,
		output: () => text,
		bytes: () => count,
		send: (keys) => child.stdin!.write(keys),
		waitFor: (pattern, timeoutMs = 10_000) => until(() => pattern.test(strip(text)), timeoutMs, String(pattern)),
		nextWrite: (timeoutMs = 2000) => {
			const before = count;
			return until(() => count > before, timeoutMs, 'a frame');
		},
		kill: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** utime + stime of a process in seconds, from /proc. */
function cpuOf(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function nodePidUnder(scriptPid: number): Promise<number> {
	for (let i = 0; i < 50; i++) {
		try {
			const children = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
			if (children.length > 0) return Number(children[0]);
		} catch {}
		await sleep(20);
	}
	throw new Error('could not find the app process');
}

async function firstFrame(command: string, marker: RegExp): Promise<number> {
	const start = performance.now();
	const pty = openPty(command);
	const at = await pty.waitFor(marker);
	await pty.kill();
	return at - start;
}

export async function benchTui(): Promise<void> {
	console.log('\nTUI through a pseudo-terminal (80×24):');
	const helloTimes: number[] = [];
	const appTimes: number[] = [];
	for (let i = 0; i < 5; i++) {
		helloTimes.push(await firstFrame(`node ${hello}`, /hello/));
		appTimes.push(await firstFrame(`node ${cli} --seed 1`, /Tab pane/));
	}
	const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
	const helloMs = median(helloTimes);
	const appMs = median(appTimes);
	console.log(`  first full frame: ${appMs.toFixed(0)} ms; minimal Ink app: ${helloMs.toFixed(0)} ms; ratio ${(appMs / helloMs).toFixed(2)} (target <= 1.5)`);

	// Keystroke latency, paused so that every write after a key is that key's frame.
	const pty = openPty(`node ${cli} --seed 1`);
	await pty.waitFor(/Tab pane/);
	pty.send(' ');
	await pty.waitFor(/pause/i);
	await sleep(300);
	const latencies: number[] = [];
	for (let i = 0; i < 40; i++) {
		const sent = performance.now();
		const frame = pty.nextWrite();
		pty.send('?');
		latencies.push((await frame) - sent);
		await sleep(60);
		const closed = pty.nextWrite();
		pty.send('\x1b');
		await closed;
		await sleep(60);
	}
	latencies.sort((a, b) => a - b);
	console.log(`  keystroke → frame: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms (target p95 <= 20 ms)`);

	// CPU while paused, 10 s.
	const pid = await nodePidUnder(pty.child.pid!);
	const cpuBefore = cpuOf(pid);
	const bytesBefore = pty.bytes();
	await sleep(10_000);
	const cpuPaused = cpuOf(pid) - cpuBefore;
	console.log(`  paused for 10 s: CPU ${((cpuPaused / 10) * 100).toFixed(2)} % of one core, ${pty.bytes() - bytesBefore} bytes written (target <= 1 %)`);
	await pty.kill();

	// Bytes per second while segments move: a lesson whose one step keeps data crossing for ~12 s.
	const anim = openPty(`node ${cli} demo --file ${lesson} --seed 3`);
	await anim.waitFor(/Tab pane|transfer/);
	await sleep(500);
	anim.send('n');
	await anim.waitFor(/SYN/);
	const animPid = await nodePidUnder(anim.child.pid!);
	const start = anim.bytes();
	const cpuStart = cpuOf(animPid);
	const t0 = performance.now();
	await sleep(8000);
	const seconds = (performance.now() - t0) / 1000;
	const rate = (anim.bytes() - start) / seconds;
	console.log(`  while segments move: ${(rate / 1024).toFixed(1)} KB/s written to the terminal, CPU ${(((cpuOf(animPid) - cpuStart) / seconds) * 100).toFixed(1)} % (target <= 20 KB/s)`);
	await anim.kill();
	for (const [cols, rows] of [[80, 24], [160, 50]] as const) await benchTimeScaled(cols, rows);
}

/** The time-scaled ladder (T): bytes per second while segments move, then key → frame with its rows on screen. */
export async function benchTimeScaled(cols: number, rows: number): Promise<void> {
	const pty = openPty(`node ${cli} demo --file ${lesson} --seed 3`, cols, rows);
	await pty.waitFor(/Tab pane|transfer/);
	await sleep(500);
	pty.send('T');
	await pty.waitFor(/row=\d+ms/);
	pty.send('n');
	await pty.waitFor(/SYN/);
	const pid = await nodePidUnder(pty.child.pid!);
	const start = pty.bytes();
	const cpuStart = cpuOf(pid);
	const t0 = performance.now();
	await sleep(8000);
	const seconds = (performance.now() - t0) / 1000;
	const rate = (pty.bytes() - start) / seconds;
	const cpu = ((cpuOf(pid) - cpuStart) / seconds) * 100;
	// Paused with the slanted arrows on screen, each # (relative/absolute numbers) redraws the ladder.
	pty.send(' ');
	await sleep(500);
	const latencies: number[] = [];
	for (let i = 0; i < 30; i++) {
		const sent = performance.now();
		const frame = pty.nextWrite();
		pty.send('#');
		latencies.push((await frame) - sent);
		await sleep(80);
	}
	latencies.sort((a, b) => a - b);
	console.log(`  time-scaled ladder at ${cols}×${rows}: ${(rate / 1024).toFixed(1)} KB/s while segments move (target <= 20 KB/s), CPU ${cpu.toFixed(1)} %;`
		+ ` key → frame p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms (target p95 <= 20 ms)`);
	await pty.kill();
}
