// The simulated world: one scheduler owning virtual time, two hosts running this project's TCP
// stack, and a netem-like link in each direction. Everything that happens comes out as one
// event stream (events.ts). Pure and deterministic: same seed + same calls = same events.
import {Host} from '../stack/host.js';
import type {HostApi} from '../stack/host-api.js';
import type {SegmentMark, StackEnv, StackEvent} from '../stack/env.js';
import {decodeSegment, parseIPv4, peekSegment} from '../stack/segment.js';
import {DEFAULT_STACK_CONFIG, flagLabel, type Call, type HostSnapshot, type Segment, type StackConfig, type TcpFlags} from '../stack/types.js';
import {Link, validateLinkConfig, type LinkCounters, type PacketFate} from '../link/link.js';
import type {LinkConfig} from '../link/config.js';
import {Scheduler} from './scheduler.js';
import {createRng} from './rng.js';
import type {CallEvent, Direction, SegmentEvent, SimEvent} from './events.js';
import type {WorldApi, WorldOptions} from './world-api.js';

export const DEFAULT_CLIENT_ADDR = '10.0.0.1';
export const DEFAULT_SERVER_ADDR = '10.0.0.2';
export const DEFAULT_HISTORY_LIMIT = 5000;

export interface InFlightPacket {
	id: number;
	dir: Direction;
	sentAt: number;
	arriveAt: number;
	lost: boolean;
}

export interface World extends WorldApi {
	/** Change a direction's impairments; returns why the change is invalid (and changes nothing), or null. */
	setLink(dir: Direction, config: Partial<LinkConfig>): string | null;
	/** What the link in that direction has done so far. */
	linkCounters(dir: Direction): LinkCounters;
	/** Packets the receiving host refused because the stack threw (a bug in the stack; should stay 0). */
	stackErrors(): number;
}

/** Why these options cannot make a world, or null. For the CLI and the scenario runner. */
export function validateWorldOptions(options: WorldOptions): string | null {
	if (!Number.isFinite(options.seed)) return `seed must be a number (got ${options.seed})`;
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

/** The most recent `limit` events, in a fixed-size ring; the ordered copy is cached between pushes. */
class History {
	private readonly ring: SimEvent[] = [];
	private start = 0;
	private ordered: SimEvent[] | null = [];

	constructor(private readonly limit: number) {}

	push(event: SimEvent): void {
		if (this.limit === 0) return;
		if (this.ring.length < this.limit) {
			this.ring.push(event);
		} else {
			this.ring[this.start] = event;
			this.start = (this.start + 1) % this.limit;
		}
		this.ordered = null;
	}

	list(): readonly SimEvent[] {
		this.ordered ??= [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
		return this.ordered;
	}
}

/**
 * A packet on the wire: what views see (InFlightPacket) and what its arrival needs. The
 * scheduler's pending arrivals are the packets in flight, so no separate table is kept (one
 * updated twice per packet cost more than the rest of the link); inFlight() asks the scheduler.
 */
class InFlightRecord implements InFlightPacket {
	constructor(
		readonly id: number,
		readonly dir: Direction,
		readonly sentAt: number,
		readonly arriveAt: number,
		readonly lost: boolean,
		readonly segment: Segment,
		/** The packet as sent, and as it will arrive (a corrupted copy, or the same array). */
		readonly sent: Uint8Array,
		readonly bytes: Uint8Array,
		readonly corrupted: boolean,
	) {}
}

const textDecoder = new TextDecoder();

/**
 * A `call` event carrying read() data. The text is decoded when first looked at: a long transfer
 * would otherwise make a string as large as the data for every read, for events nobody reads as
 * text. The getter sits on the prototype (an object literal with a getter of its own costs V8
 * some 500 ns to build, more than the rest of a segment's events), so eventToJson lists `data`
 * explicitly.
 */
class DataCallEvent implements CallEvent {
	readonly kind = 'call';
	result?: number;
	errno?: CallEvent['errno'];
	#text: string | undefined = undefined;

	constructor(
		readonly t: number,
		readonly host: CallEvent['host'],
		readonly id: number,
		readonly call: string,
		readonly fd: number | null,
		readonly args: string,
		readonly status: CallEvent['status'],
		readonly ref: Call,
	) {}

	get data(): string {
		return (this.#text ??= textDecoder.decode(this.ref.data));
	}
}

/** The `call` event for a call's current status. */
function callEvent(t: number, call: Call, status: Call['status']): CallEvent {
	const event: CallEvent = call.data === undefined
		? {t, kind: 'call', host: call.host, id: call.id, call: call.call, fd: call.fd, args: call.args, status, ref: call}
		: new DataCallEvent(t, call.host, call.id, call.call, call.fd, call.args, status, call);
	if (call.result !== undefined) event.result = call.result;
	if (call.errno !== undefined) event.errno = call.errno;
	return event;
}

const flagTexts = new Map<number, string>();

/** flagLabel, remembered per combination of flags (there are only 256). */
function flagText(flags: TcpFlags): string {
	const key = (flags.fin ? 1 : 0) | (flags.syn ? 2 : 0) | (flags.rst ? 4 : 0) | (flags.psh ? 8 : 0)
		| (flags.ack ? 16 : 0) | (flags.urg ? 32 : 0) | (flags.ece ? 64 : 0) | (flags.cwr ? 128 : 0);
	let text = flagTexts.get(key);
	if (text === undefined) {
		text = flagLabel(flags);
		flagTexts.set(key, text);
	}
	return text;
}

/** IPv4 destination of a packet as a number, or null if it is too short to have one. */
function destinationOf(packet: Uint8Array): number | null {
	if (packet.length < 20) return null;
	return ((packet[16]! << 24) | (packet[17]! << 16) | (packet[18]! << 8) | packet[19]!) >>> 0;
}

/** Builds a host from its environment; tests may pass their own (the default is the real stack). */
export type HostFactory = (env: StackEnv) => HostApi;

const realHost: HostFactory = env => new Host(env);

/** Throws RangeError on invalid options (a caller's bug: validate user input with validateWorldOptions). */
export function createWorld(options: WorldOptions, hostFactory: HostFactory = realHost): World {
	const invalid = validateWorldOptions(options);
	if (invalid !== null) throw new RangeError(`createWorld: ${invalid}`);
	const scheduler = new Scheduler(0);
	const root = createRng(options.seed);
	const history = new History(options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
	let listeners: ReadonlyArray<(event: SimEvent) => void> = [];
	let nextPacketId = 1;
	let stackErrors = 0;

	// While a host digests an arriving packet, what it does (state changes, replies, calls
	// returning) is held back and published after the packet's own `delivered`/`dropped`, so the
	// stream reads in causal order: the SYN arrives, then the SYN+ACK leaves.
	let held: SimEvent[] | null = null;
	let spareHeld: SimEvent[] | null = [];
	const publish = (event: SimEvent): void => {
		if (held) {
			held.push(event);
			return;
		}
		history.push(event);
		for (const listener of listeners) listener(event);
	};

	// Each kind is built as its own literal, fields in the same order as `{t, ...event}` would
	// give: a spread copies field by field through a slow path, and timer events come with every ACK.
	const fromStack = (event: StackEvent): void => {
		const t = scheduler.now();
		switch (event.kind) {
			case 'call':
				publish(callEvent(t, event.call, event.status));
				return;
			case 'timer':
				publish({t, kind: 'timer', host: event.host, conn: event.conn, timer: event.timer, action: event.action, at: event.at});
				return;
			case 'state':
				publish({t, kind: 'state', host: event.host, fd: event.fd, conn: event.conn, from: event.from, to: event.to, cause: event.cause});
				return;
			default:
				publish({t, ...event});
		}
	};

	// Links first, so the hosts' constructors may already send.
	const links: Record<Direction, Link> = {
		c2s: new Link(root.fork('link:c2s'), options.link?.c2s ?? {}),
		s2c: new Link(root.fork('link:s2c'), options.link?.s2c ?? {}),
	};

	const makeHost = (name: 'client' | 'server', addr: string, overrides: Partial<StackConfig> | undefined, dir: Direction): HostApi => {
		const config: StackConfig = {...DEFAULT_STACK_CONFIG, ...options.stack, ...overrides};
		const env: StackEnv = {
			name,
			addr,
			config,
			timers: scheduler,
			// The same labels as the wire world's, so a seed gives a host the same ISNs in both.
			rng: root.fork(name),
			emit: fromStack,
			output: (packet, segment, mark) => transmit(dir, packet, segment, mark),
		};
		return hostFactory(env);
	};

	// Built as one literal and then extended (in a fixed order, so JSON lines keep theirs): this
	// runs twice for every packet of a long transfer, so the optional fields are plain arguments
	// rather than an options object made per call.
	const segmentEvent = (
		dir: Direction, fate: SegmentEvent['fate'], id: number, segment: Segment, bytes: Uint8Array,
		reason?: string, arriveAt?: number, copyOf?: number, wireBytes?: Uint8Array, mark?: SegmentMark,
	): SegmentEvent => {
		const event: SegmentEvent = {
			t: scheduler.now(), kind: 'segment', id, dir, fate,
			flags: flagText(segment.flags), seq: segment.seq, ack: segment.ack, len: segment.payload.length, win: segment.window,
			src: segment.src, dst: segment.dst, srcPort: segment.srcPort, dstPort: segment.dstPort, segment, bytes,
		};
		if (copyOf !== undefined) event.copyOf = copyOf;
		if (reason !== undefined) event.reason = reason;
		if (arriveAt !== undefined) event.arriveAt = arriveAt;
		if (wireBytes !== undefined) event.wireBytes = wireBytes;
		if (mark?.rtx !== undefined) event.rtx = mark.rtx;
		if (mark?.note !== undefined) event.note = mark.note;
		return event;
	};

	/** Announce one copy entering the link and schedule what becomes of it. */
	const launch = (dir: Direction, id: number, fate: PacketFate, packet: Uint8Array, segment: Segment, copyOf?: number, mark?: SegmentMark): void => {
		const now = scheduler.now();
		const arriveAt = fate.fate === 'queue-full' ? undefined : fate.arriveAt;
		const wireBytes = fate.fate === 'delivered' && fate.corrupted ? fate.bytes : undefined;
		publish(segmentEvent(dir, copyOf === undefined ? 'sent' : 'duplicated', id, segment, packet, undefined, arriveAt, copyOf, wireBytes, mark));
		switch (fate.fate) {
			case 'queue-full':
				publish(segmentEvent(dir, 'dropped', id, segment, packet, 'queue-full'));
				return;
			case 'lost': {
				const record = new InFlightRecord(id, dir, now, fate.arriveAt, true, segment, packet, packet, false);
				// Shown vanishing half way along, so a view can stop the arrow mid-flight.
				const at = Math.round((now + (fate.arriveAt - now) / 2) * 1000) / 1000;
				scheduler.post(at, vanish, record);
				return;
			}
			case 'delivered': {
				const record = new InFlightRecord(id, dir, now, fate.arriveAt, false, segment, packet, fate.bytes, fate.corrupted);
				scheduler.post(fate.arriveAt, arrive, record);
				return;
			}
		}
	};

	const vanish = (record: InFlightRecord): void => {
		publish(segmentEvent(record.dir, 'lost', record.id, record.segment, record.sent));
	};

	const transmit = (dir: Direction, packet: Uint8Array, segment: Segment, mark?: SegmentMark): void => {
		const outcome = links[dir].transmit(packet, scheduler.now());
		const id = nextPacketId++;
		launch(dir, id, outcome.original, packet, segment, undefined, mark);
		if (outcome.duplicate) launch(dir, nextPacketId++, outcome.duplicate, packet, segment, id, mark);
	};

	const arrive = (record: InFlightRecord): void => {
		const {dir, id, segment, sent, bytes, corrupted} = record;
		if (corrupted) publish(segmentEvent(dir, 'corrupted', id, segment, bytes));
		const receiver = dir === 'c2s' ? server : client;
		// The link is point to point: the packet reaches the host at the other end, which takes it
		// only if addressed to it (a SYN+ACK to a spoofed source goes nowhere). The address is read
		// from the bytes as sent, so a corrupted address still reaches the checksum check (S4).
		if (destinationOf(sent) !== (dir === 'c2s' ? serverAddrValue : clientAddrValue)) {
			publish(segmentEvent(dir, 'dropped', id, segment, bytes, 'no-such-host'));
			return;
		}
		let reason: string | null;
		// One array serves every arrival (unless a listener re-enters the world mid-publish).
		const consequences = spareHeld ?? [];
		spareHeld = null;
		held = consequences;
		try {
			reason = receiver.receive(bytes);
		} catch (error) {
			// The stack must never throw on input. Keep the simulation alive, and say so loudly.
			stackErrors++;
			reason = 'stack-error';
			consequences.push({t: scheduler.now(), kind: 'note', host: receiver.name, conn: null,
				text: `stack error on receive: ${error instanceof Error ? error.message : String(error)}`});
		} finally {
			held = null;
		}
		publish(segmentEvent(dir, reason === null ? 'delivered' : 'dropped', id, segment, bytes, reason ?? undefined));
		for (const event of consequences) publish(event);
		consequences.length = 0;
		spareHeld = consequences;
	};

	const clientAddrValue = parseIPv4(options.clientAddr ?? DEFAULT_CLIENT_ADDR);
	const serverAddrValue = parseIPv4(options.serverAddr ?? DEFAULT_SERVER_ADDR);
	const client: HostApi = makeHost('client', options.clientAddr ?? DEFAULT_CLIENT_ADDR, options.clientStack, 'c2s');
	const server: HostApi = makeHost('server', options.serverAddr ?? DEFAULT_SERVER_ADDR, options.serverStack, 's2c');

	const world: World = {
		seed: options.seed,
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
			publish({t: scheduler.now(), kind: 'note', host: 'link', conn: null, text: `link ${dir}: ${changed.join(' ')}`});
			return null;
		},
		linkConfig: dir => links[dir].config(),
		linkCounters: dir => links[dir].counters(),
		stackErrors: () => stackErrors,
		inFlight() {
			const packets: InFlightPacket[] = [];
			for (const pending of scheduler.postedArgs()) {
				if (pending instanceof InFlightRecord) {
					packets.push({id: pending.id, dir: pending.dir, sentAt: pending.sentAt, arriveAt: pending.arriveAt, lost: pending.lost});
				}
			}
			return packets.sort((a, b) => a.id - b.id);
		},
		on(listener) {
			listeners = [...listeners, listener];
			return () => {
				listeners = listeners.filter(l => l !== listener);
			};
		},
		history: () => history.list(),
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
				transmit(dir, packet, shown);
				return;
			}
			// Too mangled to draw as a segment: the receiver would drop it on sight.
			const receiver = dir === 'c2s' ? server : client;
			publish({t: scheduler.now(), kind: 'note', host: 'link', conn: null, text: `injected ${packet.length} bytes on ${dir}: not an IPv4/TCP packet`});
			publish({t: scheduler.now(), kind: 'rx-drop', host: receiver.name, reason: decoded.ok ? 'unreadable' : decoded.reason, conn: null});
		},
	};
	return world;
}
