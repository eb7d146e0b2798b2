// The simulated world: one scheduler owning virtual time, two hosts running this project's TCP
// stack, and a netem-like link in each direction. Everything that happens comes out as one
// event stream (events.ts). Pure and deterministic: same seed + same calls = same events.
import {Host} from '../stack/host.js';
import {DEFAULT_PROFILE, isStackProfile, profileConfig, STACK_PROFILES} from '../stack/profiles.js';
import type {HostApi} from '../stack/host-api.js';
import type {StackEnv} from '../stack/env.js';
import type {DropReason} from '../stack/messages.js';
import {decodeSegment, parseIPv4, peekSegment} from '../stack/segment.js';
import type {HostSnapshot, StackConfig} from '../stack/types.js';
import {Link, validateLinkConfig, type LinkCounters} from '../link/link.js';
import type {LinkConfig} from '../link/config.js';
import {Scheduler} from './scheduler.js';
import {createRng} from './rng.js';
import {EventBus} from './bus.js';
import {LinkStage, type InFlightRecord, type LinkStageOptions} from './link-stage.js';
import type {Direction} from './events.js';
import type {WorldApi, WorldOptions} from './world-api.js';

export type {InFlightPacket} from './world-api.js';

export const DEFAULT_CLIENT_ADDR = '10.0.0.1';
export const DEFAULT_SERVER_ADDR = '10.0.0.2';
export const DEFAULT_HISTORY_LIMIT = 5000;

export interface World extends WorldApi {
	/** What the link in that direction has done so far. */
	linkCounters(dir: Direction): LinkCounters;
	/** Packets the receiving host refused because the stack threw (a bug in the stack; should stay 0). */
	stackErrors(): number;
}

/** Why these options cannot make a world, or null. For the CLI and the scenario runner. */
export function validateWorldOptions(options: WorldOptions): string | null {
	if (!Number.isFinite(options.seed)) return `seed must be a number (got ${options.seed})`;
	if (options.profile !== undefined && !isStackProfile(options.profile)) return `profile must be one of ${STACK_PROFILES.join(', ')} (got ${JSON.stringify(options.profile)})`;
	const clientAddr = options.clientAddr ?? DEFAULT_CLIENT_ADDR;
	const serverAddr = options.serverAddr ?? DEFAULT_SERVER_ADDR;
	if (parseIPv4(clientAddr) === null) return `client address ${JSON.stringify(clientAddr)} is not a dotted quad`;
	if (parseIPv4(serverAddr) === null) return `server address ${JSON.stringify(serverAddr)} is not a dotted quad`;
	if (parseIPv4(clientAddr) === parseIPv4(serverAddr)) return `client and server need different addresses (both are ${clientAddr})`;
	for (const dir of ['c2s', 's2c'] as const) {
		const config = options.link?.[dir];
		const error = config ? validateLinkConfig(config) : null;
		if (error !== null) return `link ${dir}: ${error}`;
	}
	if (options.historyLimit !== undefined && (!Number.isInteger(options.historyLimit) || options.historyLimit < 0)) {
		return `historyLimit must be a whole number of events (got ${options.historyLimit})`;
	}
	return null;
}

/** IPv4 destination of a packet as a number, or null if it is too short to have one. */
function destinationOf(packet: Uint8Array): number | null {
	if (packet.length < 20) return null;
	return ((packet[16]! << 24) | (packet[17]! << 16) | (packet[18]! << 8) | packet[19]!) >>> 0;
}

/**
 * Where a direction's packets leave the link: the host of this world at its far end. A class, not
 * an object literal with a getter of its own: such an object has a map of its own (its accessor is
 * part of the map), so the link stage's loads from the ends of every world made went megamorphic.
 */
class HostEnd {
	readonly kind = 'host' as const;

	constructor(
		/** The host (made after the link stage: a host may send as it is made). */
		private readonly host: () => HostApi,
		/** The address the host takes packets for (null: none). */
		private readonly addr: number | null,
	) {}

	get name(): string {
		return this.host().name;
	}

	/** To the host if the packet, as sent, is addressed to it (see createWorld). */
	receive(record: InFlightRecord): DropReason | null {
		return destinationOf(record.sent) !== this.addr ? 'no-such-host' : this.host().receive(record.bytes);
	}
}

/** Builds a host from its environment; tests may pass their own (the default is the real stack). */
export type HostFactory = (env: StackEnv) => HostApi;

const realHost: HostFactory = env => new Host(env);

/**
 * Throws RangeError on invalid options (a caller's bug: validate user input with validateWorldOptions).
 * `stageOptions`: how the link stage keeps packets in flight (tests compare its paths: the same events either way).
 */
export function createWorld(options: WorldOptions, hostFactory: HostFactory = realHost, stageOptions: Pick<LinkStageOptions, 'recordViews'> = {}): World {
	const invalid = validateWorldOptions(options);
	if (invalid !== null) throw new RangeError(`createWorld: ${invalid}`);
	const scheduler = new Scheduler(0);
	const root = createRng(options.seed);
	const bus = new EventBus(options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
	// Links first, so the hosts' constructors may already send.
	const stage = new LinkStage(scheduler, bus, {
		c2s: new Link(root.fork('link:c2s'), options.link?.c2s ?? {}),
		s2c: new Link(root.fork('link:s2c'), options.link?.s2c ?? {}),
	}, stageOptions);
	const links = stage.links;

	const pinnedIsn: Record<'client' | 'server', number | null> = {client: null, server: null};
	const makeHost = (name: 'client' | 'server', addr: string, overrides: Partial<StackConfig> | undefined, dir: Direction): HostApi => {
		const config: StackConfig = {...profileConfig(options.profile ?? DEFAULT_PROFILE), ...options.stack, ...overrides};
		const env: StackEnv = {
			name,
			addr,
			config,
			timers: scheduler,
			// The same labels as the wire world's, so a seed gives a host the same ISNs in both.
			rng: root.fork(name),
			emit: event => bus.fromStack(scheduler.now(), event),
			takePinnedIsn: () => {
				const isn = pinnedIsn[name];
				pinnedIsn[name] = null;
				return isn;
			},
			output: (packet, segment, mark) => stage.transmit(dir, packet, segment, false, mark),
		};
		return hostFactory(env);
	};

	// The link is point to point: the packet reaches the host at the other end, which takes it
	// only if addressed to it (a SYN+ACK to a spoofed source goes nowhere). The address is read
	// from the bytes as sent, so a corrupted address still reaches the checksum check (S4).
	const clientAddrValue = parseIPv4(options.clientAddr ?? DEFAULT_CLIENT_ADDR);
	const serverAddrValue = parseIPv4(options.serverAddr ?? DEFAULT_SERVER_ADDR);
	stage.ends = {c2s: new HostEnd(() => server, serverAddrValue), s2c: new HostEnd(() => client, clientAddrValue)};
	const client: HostApi = makeHost('client', options.clientAddr ?? DEFAULT_CLIENT_ADDR, options.clientStack, 'c2s');
	const server: HostApi = makeHost('server', options.serverAddr ?? DEFAULT_SERVER_ADDR, options.serverStack, 's2c');

	const world: World = {
		seed: options.seed,
		profile: options.profile ?? DEFAULT_PROFILE,
		client,
		server,
		now: () => scheduler.now(),
		nextEventTime: () => scheduler.nextTime(),
		step: () => scheduler.step(),
		runUntil: t => scheduler.runUntil(t),
		runFor: ms => scheduler.runUntil(scheduler.now() + ms),
		setLink(dir, config) {
			const error = links[dir].update(config);
			if (error !== null) return error;
			const changed = Object.entries(config).filter(([, v]) => v !== undefined)
				.map(([k, v]) => `${k}=${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
			bus.note(scheduler.now(), 'link', null, {code: 'link-changed', dir, changes: changed.join(' ')});
			return null;
		},
		linkConfig: dir => links[dir].config(),
		linkCounters: dir => links[dir].counters(),
		stackErrors: () => stage.stackErrors(),
		inFlight: () => stage.inFlight(),
		faultSegment: (id, fault) => stage.faultSegment(id, fault),
		armFault: (pattern, fault) => stage.armFault(pattern, fault),
		pinNextIsn: (host, isn) => {
			pinnedIsn[host] = isn >>> 0;
		},
		on: listener => bus.on(listener),
		history: () => bus.history(),
		snapshot(): {t: number; client: HostSnapshot; server: HostSnapshot} {
			return {t: scheduler.now(), client: client.snapshot(), server: server.snapshot()};
		},
		schedule: (at, fn) => scheduler.set(at, fn),
		cancel: handle => scheduler.cancel(handle),
		inject(dir, given) {
			// Our own copy: the receiver may keep views of a packet's payload until they are read,
			// and the caller may reuse its array.
			const packet = given.slice();
			const decoded = decodeSegment(packet);
			const shown = decoded.ok ? decoded.segment : peekSegment(packet);
			if (shown) {
				stage.transmit(dir, packet, shown, true);
				return;
			}
			// Too mangled to draw as a segment: the receiver would drop it on sight.
			const receiver = dir === 'c2s' ? server : client;
			bus.note(scheduler.now(), 'link', null, {code: 'injected-unreadable', bytes: packet.length, dir});
			bus.publish({t: scheduler.now(), kind: 'rx-drop', host: receiver.name, reason: decoded.ok ? 'unreadable' : decoded.reason, conn: null});
		},
	};
	return world;
}
