// Free play's drive path: the clock runs the world in 50 ms slices of virtual time while a
// transfer crosses, with the ladder's store and the plot's recorder fed every event. Before the session, the clock
// called world.runUntil directly; now each move goes through the Session (counted, so that rewind
// can replay it). Both paths interleaved in one process, the same transfer each time.
import {createWorld} from '../source/sim/world.js';
import type {WorldApi, WorldOptions} from '../source/sim/world-api.js';
import {Session} from '../source/session/session.js';
import type {RealTime} from '../source/ui/clock.js';
import {UiStore} from '../source/ui/store.js';
import {PlotRecorder} from '../source/demo/plot-data.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};
const SLICE_MS = 50;

const options: WorldOptions = {seed: 1, stack: {sndbuf: 1 << 20, rcvbuf: 1 << 20}, link: {c2s: {delay: 5, loss: 1}, s2c: {delay: 5}}, historyLimit: 64};

/** Connect, write `total` bytes, and run the world forward with `runUntil` until the server has read them. */
function transfer(world: WorldApi, runUntil: (t: number) => void, total: number): number {
	const {client, server} = world;
	const listener = server.socket().result!;
	server.bind(listener, 80);
	server.listen(listener, 8);
	const accepted = server.accept(listener);
	const fd = client.socket().result!;
	client.connect(fd, server.addr, 80);
	runUntil(world.now() + 100);
	const conn = accepted.result!;
	client.write(fd, new Uint8Array(total).fill(97));
	let received = 0;
	let read = server.read(conn, 1 << 20);
	const start = process.cpuUsage();
	const deadline = world.now() + 600_000;
	while (received < total && world.now() < deadline) {
		if (read.status === 'blocked') {
			runUntil(world.now() + SLICE_MS);
			continue;
		}
		if (read.status !== 'returned' || read.result === 0) throw new Error(`read ended early: ${read.errno ?? 'EOF'}`);
		received += read.result!;
		read = server.read(conn, 1 << 20);
	}
	if (received < total) throw new Error(`only ${received} of ${total} bytes arrived`);
	const used = process.cpuUsage(start);
	return received / 1e6 / ((used.user + used.system) / 1e6);
}

function direct(total: number): number {
	const world = createWorld(options);
	// What the app attached before the session: the ladder's store and the plot's recorder.
	const store = new UiStore();
	world.on((event) => store.apply(event));
	new PlotRecorder('client').attach(world);
	return transfer(world, (t) => world.runUntil(t), total);
}

function throughSession(total: number): number {
	const session = new Session({speed: 1, time: frozen, createWorld: () => createWorld(options), worldOptions: options});
	const rate = transfer(session.world, (t) => session.runUntil(t), total);
	session.dispose();
	return rate;
}

export function benchSession(total = 5_000_000, runs = 5): void {
	direct(total / 5);
	throughSession(total / 5);
	const a: number[] = [];
	const b: number[] = [];
	for (let i = 0; i < runs; i++) {
		a.push(direct(total));
		b.push(throughSession(total));
	}
	const median = (values: number[]): number => [...values].sort((x, y) => x - y)[values.length >> 1]!;
	const ratios = a.map((value, i) => b[i]! / value);
	console.log(`\nfree play drive path, ${total / 1e6} MB at 1% loss, store and plot fed every event (median of ${runs}, interleaved):`);
	console.log(`  world.runUntil directly: ${median(a).toFixed(1)} MB/CPU-s; through the session: ${median(b).toFixed(1)} MB/CPU-s; ratio ${median(ratios).toFixed(3)}`);
}

// `node dist/bench/session.js direct|session [MB]`: one path only, for timing whole processes side by side.
const [, script, path, mb] = process.argv;
if (script?.endsWith('session.js') && (path === 'direct' || path === 'session')) {
	const total = Number(mb ?? 4) * 1e6;
	const rate = path === 'direct' ? direct(total) : throughSession(total);
	console.log(`${path}: ${rate.toFixed(1)} MB/CPU-s`);
}
