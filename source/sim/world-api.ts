// What the UI, the runner and the demos see of a running simulation.
import type {HostApi} from '../stack/host-api.js';
import type {HostSnapshot, StackConfig} from '../stack/types.js';
import type {StackProfileName} from '../stack/profiles.js';
import type {LinkConfig} from '../link/config.js';
import type {Direction, SimEvent} from './events.js';

/** What can be done to one segment on the link, on purpose (a scenario line, a key on the ladder). */
export type SegmentFault = {kind: 'drop'} | {kind: 'corrupt'} | {kind: 'duplicate'} | {kind: 'delay'; ms: number};

/** Which future segment a fault aims at: flags match exactly as `wait until segment` matches them. */
export interface SegmentPattern {
	dir: Direction;
	/** Comma-separated flags the segment must all carry (DATA: it has payload), e.g. "SYN,ACK"; null: any segment. */
	flags: string | null;
	/** 1 = the next matching one. */
	nth: number;
}

/** A segment on the link now, for drawing arrows mid-way. */
export interface InFlightPacket {
	id: number;
	dir: Direction;
	sentAt: number;
	arriveAt: number;
	lost: boolean;
}

export interface WorldOptions {
	seed: number;
	/** The stack profile both hosts start from (default `textbook`); the settings below apply on top. */
	profile?: StackProfileName;
	/** Stack settings shared by both hosts (per-host overrides below). */
	stack?: Partial<StackConfig>;
	clientStack?: Partial<StackConfig>;
	serverStack?: Partial<StackConfig>;
	link?: {c2s?: Partial<LinkConfig>; s2c?: Partial<LinkConfig>};
	clientAddr?: string; // default 10.0.0.1
	serverAddr?: string; // default 10.0.0.2
	/** How many events to keep in `history` (older ones are dropped; listeners still see all). */
	historyLimit?: number;
}

export interface WorldApi {
	readonly seed: number;
	/** The stack profile the hosts started from (before per-host options). */
	readonly profile?: StackProfileName;
	readonly client: HostApi;
	readonly server: HostApi;
	/** Virtual time in ms. */
	now(): number;
	/** Time of the next scheduled event, or null when nothing is pending. */
	nextEventTime(): number | null;
	/** Run the next scheduled event; false if none. */
	step(): boolean;
	/** Run every event up to and including time t, then set the clock to t. */
	runUntil(t: number): void;
	runFor(ms: number): void;
	/** Change a direction's impairments while running; returns why the change is invalid (and changes nothing), or null. */
	setLink(dir: Direction, config: Partial<LinkConfig>): string | null;
	linkConfig(dir: Direction): LinkConfig;
	/** Segments in flight on the link now: for drawing arrows mid-way. */
	inFlight(): InFlightPacket[];
	/** Fault a segment already on the link (SegmentEvent.id); false when it is no longer in flight. */
	faultSegment(id: number, fault: SegmentFault): boolean;
	/**
	 * The next connection `host` opens or accepts starts at this ISN instead of a random one (a
	 * lesson showing a rare case every run). On the wire, only our own host can be pinned.
	 */
	pinNextIsn(host: 'client' | 'server', isn: number): void;
	/** Fault the nth matching segment the hosts send from now on (armed until it matches). */
	armFault(pattern: SegmentPattern, fault: SegmentFault): void;
	/** Subscribe to every event; returns an unsubscribe function. */
	on(listener: (event: SimEvent) => void): () => void;
	/** The most recent events (capped by historyLimit). */
	history(): readonly SimEvent[];
	snapshot(): {t: number; client: HostSnapshot; server: HostSnapshot};
	/** Run fn at virtual time `at` in the simulation's own event queue (scenario/demo steps use this). */
	schedule(at: number, fn: () => void): number;
	cancel(handle: number): void;
	/** Inject a raw packet on a direction as if a third party sent it (SYN flood, old duplicates). */
	inject(dir: Direction, packet: Uint8Array): void;
}
