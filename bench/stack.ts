// Stack throughput: application bytes moved per CPU-second through the simulated stack
// (real IPv4+TCP encoding and checksums on every segment), beside Node's own `net` over loopback.
import net from 'node:net';
import {createWorld, type World} from '../source/sim/world.js';
import type {Call} from '../source/stack/types.js';

export interface ThroughputResult {
	label: string;
	bytes: number;
	cpuSeconds: number;
	mbPerCpuSecond: number;
	virtualSeconds?: number;
	segments?: number;
	retransmissions?: number;
	heapMb: number;
}

function cpuSeconds(start: NodeJS.CpuUsage): number {
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1e6;
}

export const WARM_UP_BYTES = 20_000_000;
let warmedUp = false;

/**
 * Once per process, before the first measurement: unmeasured transfers, lossless and lossy, each
 * in a world of its own, so the figures are steady-state throughput rather than V8 compiling the
 * hot paths (the first 100 MB run of a fresh process otherwise reads 20–40% lower than the next).
 * Several worlds, because code first compiled for one world's objects is compiled again when it
 * meets a second (`wrong call target`, then `weak objects` once the first world is collected).
 */
function warmUp(): void {
	if (warmedUp) return;
	warmedUp = true;
	for (let seed = 1; seed <= 3; seed++) transfer(WARM_UP_BYTES / 2, 0, 1460, seed);
	transfer(WARM_UP_BYTES / 4, 1, 1460, 1);
}

/** Each figure is the median of this many runs (fresh world or connection each time). */
export const RUNS = 3;

/** The run with the median throughput, its label saying so. */
function median(results: ThroughputResult[]): ThroughputResult {
	const sorted = [...results].sort((a, b) => a.mbPerCpuSecond - b.mbPerCpuSecond);
	const middle = sorted[sorted.length >> 1]!;
	return {...middle, label: `${middle.label}${results.length > 1 ? ` (median of ${results.length})` : ''}`};
}

/**
 * Moves `total` bytes client → server through the simulated world with the given loss, RUNS
 * times (the same seed, so the same events each time), and gives the median run: on a shared
 * machine CPU time per run varies by ±20%, and one run's figure says little.
 */
export function simTransfer(total: number, lossPercent: number, mss = 1460, seed = 1): ThroughputResult {
	warmUp();
	return median(Array.from({length: RUNS}, () => transfer(total, lossPercent, mss, seed)));
}

function transfer(total: number, lossPercent: number, mss: number, seed: number): ThroughputResult {
	const world = createWorld({
		seed,
		stack: {mss, sndbuf: 1 << 20, rcvbuf: 1 << 20, maxRetries: 30},
		link: {c2s: {delay: 5, loss: lossPercent}, s2c: {delay: 5}},
		historyLimit: 64,
	});
	let segments = 0;
	world.on((e) => {
		if (e.kind === 'segment' && e.fate === 'sent') segments++;
	});
	const {fd, conn} = openConnection(world);
	const chunk = new Uint8Array(64 * 1024).map((_, i) => i & 0xff);
	const start = process.cpuUsage();
	const startVirtual = world.now();
	const received = pumpTransfer(world, fd, conn, total, chunk);
	const cpu = cpuSeconds(start);
	const snap = world.snapshot().client.sockets.find((s) => s.fd === fd)?.connection;
	return {
		label: `tcp-tui, MSS ${mss}, ${lossPercent}% loss`,
		bytes: received,
		cpuSeconds: cpu,
		mbPerCpuSecond: received / 1e6 / cpu,
		virtualSeconds: (world.now() - startVirtual) / 1000,
		segments,
		retransmissions: snap?.retransmissions,
		heapMb: process.memoryUsage().heapUsed / 1e6,
	};
}

/** Listener on the server, connect from the client, run to ESTABLISHED: the client's fd and the accepted one. */
export function openConnection(world: World): {fd: number; conn: number} {
	const {client, server} = world;
	const listener = server.socket().result!;
	server.bind(listener, 80);
	server.listen(listener, 8);
	const accepted = server.accept(listener);
	const fd = client.socket().result!;
	const connecting = client.connect(fd, server.addr, 80);
	while ((connecting.status === 'blocked' || accepted.status === 'blocked') && world.step()) {}
	if (connecting.status !== 'returned' || accepted.status !== 'returned') {
		throw new Error(`handshake failed: ${connecting.errno ?? accepted.errno}`);
	}
	return {fd, conn: accepted.result!};
}

/**
 * A blocking application on each end: the client writes `total` bytes in `chunk`-sized writes, the
 * server reads 1 MiB at a time as soon as a read returns. Steps the world until all is read; the bytes read.
 */
export function pumpTransfer(world: World, fd: number, conn: number, total: number, chunk: Uint8Array): number {
	const {client, server} = world;
	let written = 0;
	let received = 0;
	let write: Call | null = null;
	let read: Call = server.read(conn, 1 << 20);
	while (received < total) {
		// A blocked write settles later with the number of bytes it took.
		if (write !== null && write.status !== 'blocked') {
			if (write.status === 'failed') throw new Error(`write failed: ${write.errno}`);
			written += write.result!;
			write = null;
		}
		if (write === null && written < total) {
			const piece = Math.min(chunk.length, total - written);
			write = client.write(fd, piece === chunk.length ? chunk : chunk.subarray(0, piece));
			continue;
		}
		if (read.status !== 'blocked') {
			if (read.status === 'failed') throw new Error(`read failed: ${read.errno}`);
			received += read.result!;
			if (read.result === 0) break;
			read = server.read(conn, 1 << 20);
			continue;
		}
		if (!world.step()) break;
	}
	return received;
}

let netWarmedUp = false;

/** The same transfer through the kernel's TCP over loopback, both ends in this process (warmed up alike). */
export async function nodeNetTransfer(total: number): Promise<ThroughputResult> {
	if (!netWarmedUp) {
		netWarmedUp = true;
		await netTransfer(WARM_UP_BYTES);
	}
	const results: ThroughputResult[] = [];
	for (let i = 0; i < RUNS; i++) results.push(await netTransfer(total));
	return median(results);
}

function netTransfer(total: number): Promise<ThroughputResult> {
	const chunk = Buffer.alloc(64 * 1024, 7);
	return new Promise((resolve, reject) => {
		const server = net.createServer((socket) => {
			let received = 0;
			const start = process.cpuUsage();
			socket.on('data', (data) => {
				received += data.length;
				if (received >= total) {
					const cpu = cpuSeconds(start);
					socket.destroy();
					server.close();
					resolve({label: "node's net over loopback", bytes: received, cpuSeconds: cpu, mbPerCpuSecond: received / 1e6 / cpu, heapMb: process.memoryUsage().heapUsed / 1e6});
				}
			});
		});
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			const client = net.connect(port, '127.0.0.1', () => {
				let sent = 0;
				const pump = (): void => {
					while (sent < total) {
						sent += chunk.length;
						if (!client.write(chunk)) {
							client.once('drain', pump);
							return;
						}
					}
					client.end();
				};
				pump();
			});
			client.on('error', () => {});
		});
	});
}
