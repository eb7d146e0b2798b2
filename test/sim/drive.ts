// Drives a client and a server in a world like two small programs would: connect/accept, a
// script of writes and reads, then shutdown(wr), read to EOF and close. Used by the property
// test and the world+stack integration tests. Calls that settle are handled in a fresh
// scheduler event (not inside the stack's own event), as an application would react.
import type {World} from '../../source/sim/world.js';
import type {HostApi} from '../../source/stack/host-api.js';
import type {Call} from '../../source/stack/types.js';

export type Side = 'client' | 'server';

export type Op =
	| {side: Side; kind: 'write'; size: number}
	| {side: Side; kind: 'read'; max: number}
	| {side: Side; kind: 'wait'; ms: number}
	/** shutdown(wr) once what was written so far is accepted; later writes on that side are skipped. */
	| {side: Side; kind: 'shutdown'};

export interface DriveResult {
	/** Bytes each side wrote (accepted by write()), in order. */
	written: Record<Side, Uint8Array>;
	/** Bytes each side read, in order. */
	read: Record<Side, Uint8Array>;
	eof: Record<Side, boolean>;
	/** Virtual time when both ends were CLOSED, or null if they were not by the deadline. */
	closedAt: number | null;
	/** Calls that failed (errno), with where: none are expected on a working stack. */
	failures: string[];
	/** What is left when the deadline passed: states of every socket. */
	leftover: string[];
}

class Endpoint {
	fd: number | null = null;
	outbox: Uint8Array[] = [];
	writing: {call: Call; data: Uint8Array} | null = null;
	reading: Call | null = null;
	readToEof = false;
	eof = false;
	wantShutdown = false;
	shutdownSent = false;
	written: number[] = [];
	received: Uint8Array[] = [];
	closed = false;

	constructor(readonly side: Side, readonly host: HostApi) {}
}

function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** Deterministic content: each side's stream is a position-dependent pattern, so misordering shows. */
function pattern(side: Side, start: number, size: number): Uint8Array {
	const out = new Uint8Array(size);
	const salt = side === 'client' ? 17 : 101;
	for (let i = 0; i < size; i++) {
		const n = start + i;
		out[i] = (n * salt + (n >>> 8) * 7 + (n >>> 16)) & 0xff;
	}
	return out;
}

export interface DriveOptions {
	port?: number;
	/** Give up (closedAt null) at this virtual time. */
	deadline: number;
	/** How long to let the handshake run before the script starts. */
	setupMs?: number;
}

/** Events that may run at one virtual instant before the run counts as a livelock. */
const SAME_TIME_BUDGET = 200_000;

/**
 * world.runUntil(t), one event at a time, failing (instead of hanging the test) if events keep
 * coming without virtual time moving: with a zero-delay link, two stacks answering each other
 * forever would otherwise spin inside runUntil.
 */
function advance(world: World, t: number): void {
	let instant = world.now();
	let eventsAtInstant = 0;
	for (;;) {
		const next = world.nextEventTime();
		if (next === null || next > t) break;
		if (next === instant) {
			if (++eventsAtInstant > SAME_TIME_BUDGET) throw new Error(`livelock: more than ${SAME_TIME_BUDGET} events at t=${instant} without time moving`);
		} else {
			instant = next;
			eventsAtInstant = 0;
		}
		world.step();
	}
	world.runUntil(t);
}

export function drive(world: World, ops: Op[], options: DriveOptions): DriveResult {
	const port = options.port ?? 80;
	const failures: string[] = [];
	const client = new Endpoint('client', world.client);
	const server = new Endpoint('server', world.server);
	const of = (side: Side): Endpoint => (side === 'client' ? client : server);
	const serverAddr = world.server.addr;
	let listenFd: number | null = null;
	let listenerClosed = false;

	const check = (call: Call, where: string): boolean => {
		if (call.status === 'failed') {
			failures.push(`${where}: ${call.call}(${call.args}) failed ${call.errno} at t=${call.settledAt}`);
			return false;
		}
		return true;
	};

	// React to calls that settle later, in a fresh event at the same virtual time.
	const waiting = new Map<Call, (call: Call) => void>();
	world.on(event => {
		if (event.kind !== 'call' || event.status === 'blocked') return;
		const then = waiting.get(event.ref);
		if (!then) return;
		waiting.delete(event.ref);
		world.schedule(world.now(), () => then(event.ref));
	});
	const whenSettled = (call: Call, then: (call: Call) => void): void => {
		if (call.status === 'blocked') waiting.set(call, then);
		else then(call);
	};

	const pump = (e: Endpoint): void => {
		if (e.fd === null || e.closed) return;
		if (!e.writing && e.outbox.length > 0 && !e.shutdownSent) {
			const data = e.outbox.shift()!;
			const call = e.host.write(e.fd, data);
			e.writing = {call, data};
			whenSettled(call, settled => {
				e.writing = null;
				if (check(settled, e.side)) {
					const n = settled.result ?? 0;
					for (let i = 0; i < n; i++) e.written.push(data[i]!);
					if (n < data.length) e.outbox.unshift(data.subarray(n));
				}
				pump(e);
			});
		}
		if (!e.reading && e.readToEof && !e.eof) issueRead(e, 4096);
		maybeFinish(e);
	};

	const issueRead = (e: Endpoint, max: number): void => {
		if (e.fd === null || e.reading || e.eof) return;
		const call = e.host.read(e.fd, max);
		e.reading = call;
		whenSettled(call, settled => {
			e.reading = null;
			if (check(settled, e.side)) {
				if ((settled.result ?? 0) === 0) e.eof = true;
				else e.received.push(settled.data ?? new Uint8Array(0));
			}
			pump(e);
		});
	};

	const maybeFinish = (e: Endpoint): void => {
		if (e.fd === null) return;
		if (e.wantShutdown && !e.shutdownSent && !e.writing && e.outbox.length === 0) {
			e.shutdownSent = true;
			check(e.host.shutdown(e.fd, 'wr'), e.side);
		}
		if (e.shutdownSent && e.eof && !e.writing && !e.reading && !e.closed) {
			e.closed = true;
			check(e.host.close(e.fd), e.side);
		}
		if (server.closed && listenFd !== null && !listenerClosed) {
			listenerClosed = true;
			check(world.server.close(listenFd), 'server listener');
		}
	};

	// Setup: server listens and accepts; client connects.
	const s = world.server.socket();
	if (check(s, 'server')) {
		listenFd = s.result!;
		check(world.server.bind(listenFd, port), 'server');
		check(world.server.listen(listenFd, 8), 'server');
		whenSettled(world.server.accept(listenFd), call => {
			if (check(call, 'server')) {
				server.fd = call.result!;
				pump(server);
			}
		});
	}
	const c = world.client.socket();
	if (check(c, 'client')) {
		const fd = c.result!;
		whenSettled(world.client.connect(fd, serverAddr, port), call => {
			if (check(call, 'client')) {
				client.fd = fd;
				pump(client);
			}
		});
	}
	advance(world, world.now() + (options.setupMs ?? 0));

	const offsets: Record<Side, number> = {client: 0, server: 0};
	for (const op of ops) {
		const e = of(op.side);
		if (op.kind === 'write') {
			if (e.wantShutdown) continue;
			e.outbox.push(pattern(op.side, offsets[op.side], op.size));
			offsets[op.side] += op.size;
			pump(e);
		} else if (op.kind === 'read') {
			issueRead(e, op.max);
		} else if (op.kind === 'shutdown') {
			e.wantShutdown = true;
			pump(e);
		} else {
			advance(world, world.now() + op.ms);
		}
	}

	// Wind down: write what is left, shutdown(wr), read to EOF, close.
	for (const e of [client, server]) {
		e.wantShutdown = true;
		e.readToEof = true;
		pump(e);
	}
	// Endpoints not yet connected pick this up when their connect/accept returns (pump runs then).

	const allClosed = (): boolean => {
		if (!client.closed || !server.closed || !listenerClosed) return false;
		const snap = world.snapshot();
		return [...snap.client.sockets, ...snap.server.sockets].every(sock => sock.state === 'CLOSED');
	};
	let closedAt: number | null = null;
	while (world.now() < options.deadline) {
		if (allClosed()) {
			closedAt = world.now();
			break;
		}
		const next = world.nextEventTime();
		if (next === null) {
			if (allClosed()) closedAt = world.now();
			break;
		}
		advance(world, Math.min(options.deadline, Math.max(next, world.now() + 10)));
	}
	if (closedAt === null && allClosed()) closedAt = world.now();

	const snap = world.snapshot();
	const leftover = [...snap.client.sockets.map(x => `client fd ${x.fd} ${x.state}`), ...snap.server.sockets.map(x => `server fd ${x.fd} ${x.state}`)]
		.filter(x => !x.endsWith('CLOSED'));
	return {
		written: {client: Uint8Array.from(client.written), server: Uint8Array.from(server.written)},
		read: {client: concat(client.received), server: concat(server.received)},
		eof: {client: client.eof, server: server.eof},
		closedAt,
		failures,
		leftover,
	};
}
