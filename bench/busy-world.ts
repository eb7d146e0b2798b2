// The long session of the TUI benches (bench/busy-app.ts, bench/frame-cost.ts): 100 connections have
// come and gone, the server has read 1 000 times 4 KB, about 10 000 segments have crossed.
import {createWorld} from '../source/sim/world.js';
import type {WorldApi} from '../source/sim/world-api.js';
import type {Call} from '../source/stack/types.js';

const CONNECTIONS = 100;
const READS_PER_CONNECTION = 10;
const READ_SIZE = 4096;

function settle(world: WorldApi, calls: Call[]): void {
	for (let guard = 0; calls.some((c) => c.status === 'blocked') && guard < 100_000; guard++) {
		if (!world.step()) break;
	}
}

/** A 4 KB chunk of text, different for every read (what a log of reads would show). */
function chunk(n: number): string {
	const line = `chunk ${n}: the quick brown fox jumps over the lazy dog; `;
	return line.repeat(Math.ceil(READ_SIZE / line.length)).slice(0, READ_SIZE);
}

export function busyWorld(mode: string): {world: WorldApi; segments: number; reads: number; keepCrossing: (() => void) | null} {
	const world = createWorld({seed: 1, link: {c2s: {delay: 1}, s2c: {delay: 1}}});
	let segments = 0;
	world.on((e) => {
		if (e.kind === 'segment' && e.fate === 'sent') segments++;
	});
	const {client, server} = world;
	const listener = server.socket().result!;
	server.bind(listener, 80);
	server.listen(listener, 128);
	let reads = 0;
	const open = (): {fd: number; conn: number} => {
		const accepted = server.accept(listener);
		const fd = client.socket().result!;
		const connecting = client.connect(fd, server.addr, 80);
		settle(world, [accepted, connecting]);
		return {fd, conn: accepted.result!};
	};
	for (let i = 0; i < CONNECTIONS; i++) {
		const {fd, conn} = open();
		for (let r = 0; r < READS_PER_CONNECTION; r++) {
			const text = chunk(reads);
			// Eight writes a read, each let out on its own, as an interactive client sends them.
			for (let k = 0; k < 8; k++) {
				settle(world, [client.write(fd, text.slice((k * READ_SIZE) / 8, ((k + 1) * READ_SIZE) / 8))]);
				world.runFor(20);
			}
			settle(world, [server.read(conn, READ_SIZE)]);
			reads++;
		}
		client.close(fd);
		world.runFor(20);
		server.close(conn);
		world.runFor(20);
	}
	const last = open();
	world.setLink('c2s', {delay: 200});
	world.setLink('s2c', {delay: 200});
	if (mode === 'countdown') {
		server.close(last.conn);
		world.runFor(1000);
		client.close(last.fd);
		world.runFor(1000);
	}
	let keepCrossing: (() => void) | null = null;
	if (mode === 'animate' || mode === 'animate-by-hand') {
		// Data keeps crossing as long as the bench watches: the client writes again whenever its
		// write returns, the server reads again whenever its read returns (checked every 50 ms;
		// by the caller, once a frame, for 'animate-by-hand').
		let write = client.write(last.fd, chunk(reads));
		let read = server.read(last.conn, READ_SIZE);
		keepCrossing = () => {
			if (write.status !== 'blocked') write = client.write(last.fd, chunk(reads));
			if (read.status !== 'blocked') read = server.read(last.conn, READ_SIZE);
		};
		if (mode === 'animate') setInterval(keepCrossing, 50).unref();
	}
	return {world, segments, reads, keepCrossing};
}
