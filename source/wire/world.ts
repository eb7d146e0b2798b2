// A world with one real endpoint on a real wire. The local host is this project's stack, as in
// the simulation; its packets go out as UDP datagrams (udp.ts) and whatever comes back is handed
// to it. The other endpoint is the Linux kernel behind socat's TUN device, or another tcp-tui:
// it cannot be driven from here, so its HostApi says so. Virtual time follows the wall clock.
import {Host} from '../stack/host.js';
import type {DropReason} from '../stack/messages.js';
import {DEFAULT_WIRE_PROFILE, profileConfig, type StackProfileName} from '../stack/profiles.js';
import type {HostApi, WriteData} from '../stack/host-api.js';
import type {StackEvent} from '../stack/env.js';
import {decodeSegment, peekSegment} from '../stack/segment.js';
import {
	flagLabel,
	type Call, type CallArgs, type CallName, type DecodeError, type HostSnapshot, type Segment, type ShutdownHow, type SocketOption, type StackConfig,
} from '../stack/types.js';
import {Scheduler} from '../sim/scheduler.js';
import {createRng} from '../sim/rng.js';
import {EventBus} from '../sim/bus.js';
import {LinkStage, type InFlightRecord} from '../sim/link-stage.js';
import type {Direction} from '../sim/events.js';
import type {WorldApi} from '../sim/world-api.js';
import type {LinkConfig} from '../link/config.js';
import {Link, validateLinkConfig, type LinkCounters} from '../link/link.js';
import {RealtimeDriver, systemWallClock, type WallClock} from './realtime.js';
import {UdpTunnel, type UdpTunnelStats} from './udp.js';
import {DEFAULT_WIRE_BIND, DEFAULT_WIRE_LOCAL_ADDR, DEFAULT_WIRE_PEER_ADDR, formatWireSpec, type WireSpec} from './spec.js';

export type WireSide = 'client' | 'server';

/** What a fresh world on an open tunnel needs. */
export interface WireWorldSettings {
	/** Which of the two panes is ours; the other is the remote endpoint. */
	side: WireSide;
	seed: number;
	/** The stack profile our endpoint starts from: `linux` unless told (it talks to real kernels). */
	profile?: StackProfileName;
	stack?: Partial<StackConfig>;
	historyLimit?: number;
	/** Impairments on our side of the tunnel from the start (as setLink). */
	link?: {c2s?: Partial<LinkConfig>; s2c?: Partial<LinkConfig>};
}

export interface WireWorldOptions extends WireSpec, WireWorldSettings {
	/** For tests: a hand-driven clock instead of performance.now and setTimeout. */
	wallClock?: WallClock;
}

export interface WireStats extends UdpTunnelStats {
	/** Packets the local stack took. received + injected = accepted + the sum of dropped. */
	accepted: number;
	/** Packets handed in with inject() rather than from the tunnel. */
	injected: number;
	/** Datagrams the local stack refused, by reason (decode errors, no matching socket, …). */
	dropped: Record<string, number>;
}

export interface WireWorld extends WorldApi {
	readonly mode: 'wire';
	readonly side: WireSide;
	/** Our endpoint (the same object as `client` or `server`). */
	readonly local: HostApi;
	/** The endpoint at the other end of the tunnel (every call fails with EOPNOTSUPP). */
	readonly remote: HostApi;
	/** The spec in `--wire` syntax, with the UDP port actually bound. */
	readonly description: string;
	stats(): WireStats;
	/**
	 * Impair the packets on our side of the tunnel with the simulated link's model (netem's
	 * vocabulary): `dir` is the direction they travel. For kernels without sch_netem. Faults
	 * (faultSegment, armFault) also act on our side of the tunnel.
	 */
	setLink(dir: Direction, config: Partial<LinkConfig>): string | null;
	linkCounters(dir: Direction): LinkCounters;
	/** Let real time pass (ms), events running as they fall due. */
	sleep(ms: number): Promise<void>;
	/** Resolve true as soon as `predicate` holds (checked after every event and datagram), false after `timeoutMs` of real time. */
	waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean>;
	/** Stop the clock and close the UDP socket. The world does nothing after this. */
	close(): Promise<void>;
}

export type WireWorldResult = {ok: true; world: WireWorld} | {ok: false; message: string};

/**
 * An open tunnel that worlds are made on. The TUI's reset makes a new world on the same UDP
 * port: the previous world is retired (its clock stops; it neither sends nor receives).
 */
export interface WireSession {
	/** The spec in `--wire` syntax, with the UDP port actually bound. */
	readonly description: string;
	newWorld(settings: WireWorldSettings): WireWorld;
	/** Retire the current world and close the UDP socket. */
	close(): Promise<void>;
}

export type WireSessionResult = {ok: true; session: WireSession} | {ok: false; message: string};

const DEFAULT_HISTORY_LIMIT = 10_000;
/** The wire's own delay is real: our side adds none unless asked. */
const NO_IMPAIRMENT: Partial<LinkConfig> = {delay: 0};

/** The far end of the tunnel, seen from here: it exists, but only its packets can be seen. */
class RemoteEndpoint implements HostApi {
	private nextCallId = 1;

	constructor(
		readonly name: string,
		readonly addr: string,
		private readonly where: string,
		private readonly now: () => number,
		private readonly emit: (event: StackEvent) => void,
	) {}

	socket(): Call { return this.refuse('socket', null, ''); }
	bind(fd: number, port: number, addr?: string): Call { return this.refuse('bind', fd, addr ? `${addr}:${port}` : String(port)); }
	listen(fd: number, backlog: number): Call { return this.refuse('listen', fd, String(backlog)); }
	accept(fd: number): Call { return this.refuse('accept', fd, ''); }
	connect(fd: number, addr: string, port: number): Call { return this.refuse('connect', fd, `${addr}:${port}`); }
	write(fd: number, data: WriteData): Call { return this.refuse('write', fd, typeof data === 'string' ? JSON.stringify(data) : `${data.length} bytes`); }
	read(fd: number, max: number): Call { return this.refuse('read', fd, String(max)); }
	shutdown(fd: number, how: ShutdownHow): Call { return this.refuse('shutdown', fd, how); }
	close(fd: number): Call { return this.refuse('close', fd, ''); }
	abort(fd: number): Call { return this.refuse('abort', fd, ''); }
	setsockopt(fd: number, option: SocketOption, value: number | boolean): Call { return this.refuse('setsockopt', fd, `${option}=${String(value)}`); }
	kill(): Call { return this.refuse('kill', null, ''); }

	receive(_packet: Uint8Array): DropReason | null {
		return 'remote-endpoint';
	}

	snapshot(): HostSnapshot {
		return {name: this.name, addr: this.addr, sockets: [], counters: {}};
	}

	private refuse(call: CallName, fd: number | null, args: CallArgs): Call {
		const t = this.now();
		const c: Call = {id: this.nextCallId++, host: this.name, call, fd, args, status: 'failed', errno: 'EOPNOTSUPP', issuedAt: t, settledAt: t};
		this.emit({kind: 'note', host: this.name, conn: null, why: {code: 'remote-call-unavailable', call, where: this.where}});
		this.emit({kind: 'call', host: this.name, call: c, status: 'failed'});
		return c;
	}
}

/**
 * Our host, with the clock brought up to the wall time before every call, so a call made
 * between two driver ticks happens at the right virtual time and its timers are armed from it.
 */
class SyncedHost implements HostApi {
	constructor(private readonly host: HostApi, private readonly sync: () => void) {}
	get name(): string { return this.host.name; }
	get addr(): string { return this.host.addr; }
	private around<T>(fn: () => T): T {
		this.sync();
		const result = fn();
		this.sync();
		return result;
	}

	socket(): Call { return this.around(() => this.host.socket()); }
	bind(fd: number, port: number, addr?: string): Call { return this.around(() => this.host.bind(fd, port, addr)); }
	listen(fd: number, backlog: number): Call { return this.around(() => this.host.listen(fd, backlog)); }
	accept(fd: number): Call { return this.around(() => this.host.accept(fd)); }
	connect(fd: number, addr: string, port: number): Call { return this.around(() => this.host.connect(fd, addr, port)); }
	write(fd: number, data: WriteData): Call { return this.around(() => this.host.write(fd, data)); }
	read(fd: number, max: number): Call { return this.around(() => this.host.read(fd, max)); }
	shutdown(fd: number, how: ShutdownHow): Call { return this.around(() => this.host.shutdown(fd, how)); }
	close(fd: number): Call { return this.around(() => this.host.close(fd)); }
	abort(fd: number): Call { return this.around(() => this.host.abort(fd)); }
	setsockopt(fd: number, option: SocketOption, value: number | boolean): Call { return this.around(() => this.host.setsockopt(fd, option, value)); }
	kill(): Call { return this.around(() => this.host.kill()); }
	receive(packet: Uint8Array): DropReason | null { return this.around(() => this.host.receive(packet)); }
	snapshot(): HostSnapshot { return this.host.snapshot(); }
}

/** What a world needs of the session: the tunnel, and to be told when it is closed. */
interface Wire {
	tunnel: UdpTunnel;
	localAddr: string;
	remoteAddr: string;
	description: string;
	wall: WallClock;
	retired(world: WireWorld): void;
}

/** World-side entry points the session routes datagrams to. */
interface Receiver {
	deliver(packet: Uint8Array): void;
	foreign(): void;
}

/** Bind the UDP socket and resolve the peer. Failures are one-line messages. */
export async function openWireSession(spec: WireSpec, wallClock: WallClock = systemWallClock): Promise<WireSessionResult> {
	const localAddr = spec.localAddr ?? DEFAULT_WIRE_LOCAL_ADDR;
	const remoteAddr = spec.remoteAddr ?? DEFAULT_WIRE_PEER_ADDR;
	const bindHost = spec.bindHost ?? DEFAULT_WIRE_BIND;
	if (localAddr === remoteAddr) return {ok: false, message: '--wire: addr and peer must differ'};
	const opened = await UdpTunnel.open({bindHost, localPort: spec.localPort, remoteHost: spec.remoteHost, remotePort: spec.remotePort});
	if (!opened.ok) return opened;
	const tunnel = opened.tunnel;
	let current: {world: WireWorld; receiver: Receiver} | null = null;
	tunnel.onPacket(packet => current?.receiver.deliver(packet));
	tunnel.onForeign(() => current?.receiver.foreign());
	const wire: Wire = {
		tunnel, localAddr, remoteAddr, wall: wallClock,
		description: formatWireSpec({
			localPort: tunnel.localPort, remoteHost: spec.remoteHost, remotePort: spec.remotePort,
			...(spec.localAddr !== undefined ? {localAddr: spec.localAddr} : {}),
			...(spec.remoteAddr !== undefined ? {remoteAddr: spec.remoteAddr} : {}),
			...(spec.bindHost !== undefined ? {bindHost: spec.bindHost} : {}),
		}),
		retired(world) {
			if (current?.world === world) current = null;
		},
	};
	let closed = false;
	const session: WireSession = {
		description: wire.description,
		newWorld(settings) {
			if (closed) throw new Error('WireSession.newWorld: the session is closed');
			const previous = current?.world;
			if (previous) void previous.close();
			const built = buildWorld(wire, settings);
			current = built;
			return built.world;
		},
		async close() {
			if (closed) return;
			closed = true;
			const previous = current?.world;
			current = null;
			if (previous) await previous.close();
			await tunnel.close();
		},
	};
	return {ok: true, session};
}

/** A session with one world; closing the world closes the session. */
export async function createWireWorld(options: WireWorldOptions): Promise<WireWorldResult> {
	for (const dir of ['c2s', 's2c'] as const) {
		const config = options.link?.[dir];
		const error = config ? validateLinkConfig(config) : null;
		if (error !== null) return {ok: false, message: `link ${dir}: ${error}`};
	}
	const opened = await openWireSession(options, options.wallClock);
	if (!opened.ok) return opened;
	const {session} = opened;
	const world = session.newWorld(options);
	const closeWorld = world.close.bind(world);
	world.close = async () => {
		await closeWorld();
		await session.close();
	};
	return {ok: true, world};
}

function buildWorld(wire: Wire, options: WireWorldSettings): {world: WireWorld; receiver: Receiver} {
	const {tunnel, localAddr, remoteAddr, description, wall} = wire;
	const scheduler = new Scheduler(0);
	const waiters = new Set<() => void>();
	const wakeWaiters = (): void => {
		for (const wake of [...waiters]) wake();
	};
	const driver = new RealtimeDriver(scheduler, wall, wakeWaiters);
	const bus = new EventBus(options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
	const dropped: Record<string, number> = {};
	let accepted = 0;
	let injected = 0;
	let received = 0;
	let sent = 0;
	let foreign = 0;
	let closed = false;

	const localName: WireSide = options.side;
	let pinnedIsn: number | null = null;
	const remoteName: WireSide = options.side === 'client' ? 'server' : 'client';
	const outbound: Direction = options.side === 'client' ? 'c2s' : 's2c';
	const inbound: Direction = options.side === 'client' ? 's2c' : 'c2s';
	const fromStack = (event: StackEvent): void => bus.fromStack(scheduler.now(), event);

	const rng = createRng(options.seed);
	// netem on our side of the tunnel, both directions: the simulated link's model (link.ts) on
	// real packets, for kernels without sch_netem. With no impairment (the default) packets pass
	// straight through, at once.
	const stage = new LinkStage(scheduler, bus, {
		c2s: new Link(rng.fork('wire-link:c2s'), NO_IMPAIRMENT),
		s2c: new Link(rng.fork('wire-link:s2c'), NO_IMPAIRMENT),
	}, {immediate: true, scheduled: () => driver.kick()});
	const links = stage.links;
	const profile = options.profile ?? DEFAULT_WIRE_PROFILE;
	const config: StackConfig = {...profileConfig(profile), ...options.stack};
	// Read packets as our stack will (a malformed option may be skipped rather than fail the segment).
	const decodeOptions = {lenientOptions: config.malformedOptions === 'ignore-option'};
	const host = new Host({
		name: localName,
		addr: localAddr,
		config,
		timers: {
			now: () => scheduler.now(),
			set: (at, fn) => {
				const handle = scheduler.set(at, fn);
				driver.kick();
				return handle;
			},
			cancel: handle => scheduler.cancel(handle),
		},
		rng: rng.fork(localName),
		emit: fromStack,
		takePinnedIsn: () => {
			const isn = pinnedIsn;
			pinnedIsn = null;
			return isn;
		},
		output: (packet, segment, mark) => {
			if (!closed) stage.transmit(outbound, packet, segment, false, mark);
		},
	});

	const send = (bytes: Uint8Array): void => {
		if (closed) return;
		sent++;
		tunnel.send(bytes);
	};
	/** Our stack's verdict on a packet from the wire (null: taken). */
	const receive = (bytes: Uint8Array): DropReason | null => {
		const decoded = decodeSegment(bytes, decodeOptions);
		// As on the simulated link: a packet for another address is not ours to take.
		if (decoded.ok && decoded.segment.dst !== localAddr) return 'no-such-host';
		const reason = host.receive(bytes);
		return reason === null && !decoded.ok ? (decoded as {reason: DecodeError}).reason : reason;
	};
	const count = (reason: string | null): void => {
		if (reason === null) accepted++;
		else dropped[reason] = (dropped[reason] ?? 0) + 1;
	};
	stage.ends = {
		[outbound]: {kind: 'wire', send},
		[inbound]: {kind: 'host', name: localName, receive: (record: InFlightRecord) => (closed ? 'closed' : receive(record.bytes)), settled: count},
	} as LinkStage['ends'];

	// A packet from the wire. One too mangled to read as IPv4/TCP skips our link: nothing could
	// draw it, and the stack drops it on sight anyway.
	const deliver = (packet: Uint8Array, fromInject: boolean): void => {
		if (closed) return;
		driver.sync();
		const decoded = decodeSegment(packet, decodeOptions);
		const shown = decoded.ok ? decoded.segment : peekSegment(packet);
		if (shown) {
			stage.transmit(inbound, packet, shown, fromInject);
		} else {
			let reason: DropReason | null;
			try {
				reason = receive(packet);
			} catch {
				reason = 'stack-error';
			}
			count(reason);
			bus.publish({t: scheduler.now(), kind: 'rx-drop', host: localName, reason: reason ?? 'unreadable', conn: null});
		}
		driver.sync();
	};
	const receiver: Receiver = {
		deliver(packet) {
			if (closed) return;
			received++;
			deliver(packet, false);
		},
		foreign() {
			foreign++;
			wakeWaiters();
		},
	};

	const local = new SyncedHost(host, () => {
		if (!closed) driver.sync();
	});
	const remote = new RemoteEndpoint(remoteName, remoteAddr, `udp ${tunnel.remoteAddress}:${tunnel.remotePort}`, () => scheduler.now(), fromStack);

	// Whoever is in waitFor re-checks after every event, ignored datagram and clock tick.
	bus.on(wakeWaiters);

	const world: WireWorld = {
		mode: 'wire',
		side: options.side,
		seed: options.seed,
		profile,
		local,
		remote,
		client: options.side === 'client' ? local : remote,
		server: options.side === 'server' ? local : remote,
		description,
		now: () => scheduler.now(),
		nextEventTime: () => scheduler.nextTime(),
		step() {
			// Only what is already due: virtual time cannot run ahead of the wire.
			const next = scheduler.nextTime();
			if (next === null || next > driver.target()) return false;
			scheduler.runUntil(next);
			return true;
		},
		runUntil(t) {
			scheduler.runUntil(Math.min(t, driver.target()));
		},
		runFor(ms) {
			world.runUntil(scheduler.now() + ms);
		},
		setLink(dir, config) {
			const error = links[dir].update(config);
			if (error !== null) return error;
			const changed = Object.entries(config).filter(([, v]) => v !== undefined)
				.map(([k, v]) => `${k}=${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
			bus.note(scheduler.now(), 'link', null, {code: 'wire-link-changed', dir, changes: changed.join(' ')});
			return null;
		},
		linkConfig: dir => links[dir].config(),
		linkCounters: dir => links[dir].counters(),
		inFlight: () => stage.inFlight(),
		faultSegment: (id, fault) => stage.faultSegment(id, fault),
		armFault: (pattern, fault) => stage.armFault(pattern, fault),
		pinNextIsn: (side, isn) => {
			if (side === localName) pinnedIsn = isn >>> 0;
		},
		on: listener => bus.on(listener),
		history: () => bus.history(),
		snapshot() {
			const ours = host.snapshot();
			const counters: Record<string, number> = {...ours.counters, 'wire.rx': received, 'wire.tx': sent, 'wire.foreign': foreign, 'wire.send-errors': tunnel.stats.sendErrors};
			for (const [reason, n] of Object.entries(dropped)) counters[`wire.drop.${reason}`] = n;
			const mine = {...ours, counters};
			const theirs = remote.snapshot();
			return {t: scheduler.now(), client: options.side === 'client' ? mine : theirs, server: options.side === 'server' ? mine : theirs};
		},
		schedule(at, fn) {
			const handle = scheduler.set(at, fn);
			driver.kick();
			return handle;
		},
		cancel: handle => scheduler.cancel(handle),
		inject(dir, packet) {
			if (dir === outbound) {
				const decoded = decodeSegment(packet, decodeOptions);
				const shown = decoded.ok ? decoded.segment : peekSegment(packet);
				if (shown) stage.transmit(outbound, packet, shown, true);
				else send(packet);
			} else {
				injected++;
				deliver(packet, true);
			}
		},
		stats: () => ({received, sent, foreign, sendErrors: tunnel.stats.sendErrors, accepted, injected, dropped: {...dropped}}),
		sleep(ms) {
			return new Promise(resolve => {
				wall.setTimer(ms, () => {
					if (!closed) driver.sync();
					resolve();
				});
			});
		},
		waitFor(predicate, timeoutMs) {
			if (predicate()) return Promise.resolve(true);
			if (closed) return Promise.resolve(false);
			return new Promise(resolve => {
				let timer: unknown = null;
				const finish = (value: boolean) => {
					waiters.delete(check);
					if (timer !== null) wall.clearTimer(timer);
					resolve(value);
				};
				const check = () => {
					// A closed world will not change any more: answer at once.
					if (closed) finish(predicate());
					else if (predicate()) finish(true);
				};
				waiters.add(check);
				timer = wall.setTimer(timeoutMs, () => {
					timer = null;
					if (!closed) driver.sync();
					finish(predicate());
				});
			});
		},
		async close() {
			if (closed) return;
			closed = true;
			driver.stop();
			wakeWaiters();
			wire.retired(world);
		},
	};
	for (const dir of ['c2s', 's2c'] as const) {
		const config = options.link?.[dir];
		if (!config || Object.keys(config).length === 0) continue;
		const error = world.setLink(dir, config);
		// User input is validated before (createWireWorld, the CLI); here it is a caller's bug.
		if (error !== null) throw new RangeError(`wire world: link ${dir}: ${error}`);
	}
	driver.start();
	return {world, receiver};
}
