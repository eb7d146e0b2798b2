// `tcp-tui serve` under a class: N followers (ssh2 clients in this process, each with an 80×24
// pty) watch the teacher's animated session. Prints, for each N: the server's CPU, bytes per
// second per follower, and the teacher's keystroke → frame latency; then the same with one follower
// that has stopped reading.
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import ssh2 from 'ssh2';
import {cpuOf, nodePidUnder, openPty, percentile, sleep, type Pty} from './tui.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'source', 'cli.js');
const lesson = path.join(here, '..', '..', 'bench', 'animation.tcptui');
// eslint-disable-next-line no-control-regex
const strip = (text: string): string => text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]/g, '');

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

interface Follower {
	client: ssh2.Client;
	bytes: number;
	stall(): void;
}

function follow(port: number, user = 'follow'): Promise<Follower> {
	return new Promise((resolve, reject) => {
		const client = new ssh2.Client();
		const follower: Follower = {
			client,
			bytes: 0,
			stall: () => (client as unknown as {_sock: {pause(): void}})._sock.pause(),
		};
		client.on('error', reject);
		client.on('ready', () => {
			client.shell({term: 'xterm-256color', cols: 80, rows: 24}, (error, channel) => {
				if (error) return reject(error);
				channel.on('data', (data: Buffer) => (follower.bytes += data.length));
				channel.stderr.on('data', () => undefined);
				resolve(follower);
			});
		});
		client.connect({host: '127.0.0.1', port, username: user, readyTimeout: 60_000});
	});
}

/** Time from a key to the first frame that shows what it asked for (text written after the key). */
async function keyToFrame(pty: Pty, key: string, shows: RegExp, timeoutMs = 5000): Promise<number> {
	const from = pty.output().length;
	const sent = performance.now();
	pty.send(key);
	const end = sent + timeoutMs;
	for (;;) {
		if (shows.test(strip(pty.output().slice(from)))) return performance.now() - sent;
		if (performance.now() > end) throw new Error(`no frame showing ${String(shows)}`);
		await sleep(1);
	}
}

interface Point {
	followers: number;
	stalled: boolean;
	cpuPercent: number;
	bytesPerFollower: number;
	p50: number;
	p95: number;
}

async function measure(count: number, stalled: boolean): Promise<Point> {
	const dir = mkdtempSync(path.join(tmpdir(), 'tcp-tui-bench-serve-'));
	const port = await freePort();
	const teacher = openPty(`node ${cli} serve --file ${lesson} --port ${port} --host-key ${path.join(dir, 'key')} --open`, 80, 24);
	const followers: Follower[] = [];
	try {
		await teacher.waitFor(/0 following/, 30_000);
		const serverPid = await nodePidUnder(teacher.child.pid!);
		for (let i = 0; i < count; i++) followers.push(await follow(port));
		let quiet: Follower | null = null;
		if (stalled) {
			quiet = await follow(port);
			quiet.stall();
		}
		await teacher.waitFor(new RegExp(`${count + (stalled ? 1 : 0)} following`), 30_000);
		teacher.send('n');
		await teacher.waitFor(/PSH/, 30_000);
		await sleep(500);
		const cpu0 = cpuOf(serverPid);
		const bytes0 = followers.map((f) => f.bytes);
		const t0 = performance.now();
		// The teacher opens and closes the help while segments move: each is one keystroke → frame.
		const latencies: number[] = [];
		while (performance.now() - t0 < 8000) {
			latencies.push(await keyToFrame(teacher, '?', /bind\(port\)/));
			await sleep(80);
			latencies.push(await keyToFrame(teacher, '\x1b', /relative seq|absolute seq/));
			await sleep(80);
		}
		const seconds = (performance.now() - t0) / 1000;
		const cpuPercent = ((cpuOf(serverPid) - cpu0) / seconds) * 100;
		const received = followers.reduce((sum, f, i) => sum + f.bytes - bytes0[i]!, 0);
		latencies.sort((a, b) => a - b);
		return {
			followers: count,
			stalled,
			cpuPercent,
			bytesPerFollower: count > 0 ? received / count / seconds : 0,
			p50: percentile(latencies, 50),
			p95: percentile(latencies, 95),
		};
	} finally {
		for (const f of followers) f.client.end();
		await teacher.kill();
		rmSync(dir, {recursive: true, force: true});
	}
}

export async function benchServe(counts = [1, 10, 30, 60]): Promise<void> {
	console.log('\ntcp-tui serve: followers watching the teacher\'s animated session at 80×24 (ssh2 clients in the bench process):');
	const points: Point[] = [];
	for (const count of counts) points.push(await measure(count, false));
	points.push(await measure(counts[counts.length - 1]!, true));
	for (const p of points) {
		console.log(
			`  ${String(p.followers).padStart(3)} followers${p.stalled ? ' + 1 stalled' : '           '}: server CPU ${p.cpuPercent.toFixed(1).padStart(5)} %, ` +
				`${(p.bytesPerFollower / 1024).toFixed(1).padStart(5)} KB/s per follower, teacher key → frame p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms`,
		);
	}
	console.log('  targets: teacher p95 <= 30 ms with 60 followers, <= 20 KB/s per follower, CPU linear in followers; a stalled follower does not raise the p95');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
	const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
	benchServe(counts.length > 0 ? counts : undefined).catch((error: unknown) => {
		console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exitCode = 1;
	});
}
