// One direction of the simulated link, following Linux netem (tc-netem(8), net/sched/sch_netem.c):
//  - duplication and loss are decided together, as in netem_enqueue: a packet chosen for both
//    is simply sent once; a duplicate goes through the link again on its own (its own loss,
//    corruption and delay) but is never duplicated again;
//  - loss is either random with correlation, or the Gilbert-Elliott model of `loss gemodel`;
//  - corruption flips one random bit of the real IPv4+TCP bytes, so the receiver's checksum
//    catches it;
//  - reordering: with probability `reorder`, a packet skips the delay and goes at once;
//  - delay ± jitter (uniform, with correlation); jitter alone reorders, as netem's tfifo does;
//  - a rate limit: each packet takes bits/rate to serialise, packets queue behind each other,
//    and a full queue (queueLimit packets) drops at the tail.
// Correlated draws use netem's get_crandom: next = corr·last + (1−corr)·uniform. As in netem,
// a strong correlation also pulls the effective rate away from the nominal one (the draws
// cluster near the middle), a known property of netem's correlation model.
// Pure and deterministic: time is passed in, randomness comes from the given Rng.
import type {Rng} from '../stack/env.js';
import {DEFAULT_LINK_CONFIG, type LinkConfig} from './config.js';

export type PacketFate =
	| {fate: 'lost'; /** When it would have arrived, had it not been lost (for drawing). */ arriveAt: number}
	| {fate: 'queue-full'}
	| {
		fate: 'delivered';
		arriveAt: number;
		/** The bytes that arrive: the same array as sent, or a corrupted copy. */
		bytes: Uint8Array;
		corrupted: boolean;
		/** Sent at once by the reorder rule, skipping the delay. */
		reordered: boolean;
	};

export interface LinkOutcome {
	original: PacketFate;
	/** The copy netem's duplication made, or null. */
	duplicate: PacketFate | null;
}

export interface LinkCounters {
	packets: number;
	lost: number;
	duplicated: number;
	corrupted: number;
	reordered: number;
	queueDropped: number;
}

/** Virtual times are kept to whole microseconds so sums of fractions print cleanly. */
function roundToMicrosecond(ms: number): number {
	return Math.round(ms * 1000) / 1000;
}

const PERCENT_FIELDS = [
	'delayCorrelation', 'loss', 'lossCorrelation', 'duplicate', 'duplicateCorrelation',
	'corrupt', 'corruptCorrelation', 'reorder', 'reorderCorrelation',
] as const satisfies ReadonlyArray<keyof LinkConfig>;

/** Why a link configuration is invalid, or null when it is fine. Messages name the field and the value. */
export function validateLinkConfig(config: Partial<LinkConfig>): string | null {
	const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
	for (const field of ['delay', 'jitter'] as const) {
		const v = config[field];
		if (v !== undefined && (!finite(v) || v < 0)) return `${field} must be a duration of 0 ms or more (got ${v})`;
	}
	for (const field of PERCENT_FIELDS) {
		const v = config[field];
		if (v !== undefined && (!finite(v) || v < 0 || v > 100)) return `${field} must be a percentage from 0 to 100 (got ${v})`;
	}
	if (config.rate !== undefined && (!finite(config.rate) || config.rate < 0)) return `rate must be 0 (unlimited) or a positive number of bits per second (got ${config.rate})`;
	if (config.queueLimit !== undefined && (!Number.isInteger(config.queueLimit) || config.queueLimit < 1)) return `queueLimit must be a whole number of packets, at least 1 (got ${config.queueLimit})`;
	const ge = config.gilbertElliott;
	if (ge !== undefined && ge !== null) {
		for (const field of ['p', 'r', 'lossInBad', 'lossInGood'] as const) {
			const v = ge[field];
			if (!finite(v) || v < 0 || v > 100) return `gilbertElliott.${field} must be a percentage from 0 to 100 (got ${v})`;
		}
	}
	return null;
}

/** base + changes, or the reason the result would be invalid. */
export function mergeLinkConfig(base: LinkConfig, changes: Partial<LinkConfig>): {ok: true; config: LinkConfig} | {ok: false; error: string} {
	const error = validateLinkConfig(changes);
	if (error !== null) return {ok: false, error};
	const config: LinkConfig = {...base};
	for (const [key, value] of Object.entries(changes) as Array<[keyof LinkConfig, unknown]>) {
		if (value !== undefined) (config as unknown as Record<string, unknown>)[key] = value;
	}
	if (config.gilbertElliott) config.gilbertElliott = {...config.gilbertElliott};
	return {ok: true, config};
}

/** Is every packet's fate on this link a fixed delay (transmit() then draws nothing)? */
function onlyDelays(cfg: LinkConfig): boolean {
	return cfg.duplicate === 0 && cfg.loss === 0 && cfg.gilbertElliott === null && cfg.corrupt === 0 && cfg.rate === 0
		&& cfg.reorder === 0 && cfg.jitter === 0;
}

/** netem's correlated random source (get_crandom), in [0, 1). */
class CorrelatedRandom {
	private last: number;

	constructor(private readonly rng: Rng) {
		this.last = rng.next();
	}

	next(correlationPercent: number): number {
		const uniform = this.rng.next();
		if (correlationPercent <= 0) return uniform;
		const c = correlationPercent / 100;
		this.last = c * this.last + (1 - c) * uniform;
		return this.last;
	}
}

export class Link {
	private cfg: LinkConfig;
	private readonly lossRandom: CorrelatedRandom;
	private readonly duplicateRandom: CorrelatedRandom;
	private readonly corruptRandom: CorrelatedRandom;
	private readonly reorderRandom: CorrelatedRandom;
	private readonly delayRandom: CorrelatedRandom;
	private geBad = false;
	/** Does this link only delay (nothing random, no rate)? See delayOnly(). */
	private onlyDelays = false;
	/** Times at which queued packets finish serialising, oldest first (only with a rate). */
	private readonly queue: number[] = [];
	private queueHead = 0;
	private readonly stats: LinkCounters = {packets: 0, lost: 0, duplicated: 0, corrupted: 0, reordered: 0, queueDropped: 0};

	/** Throws on an invalid initial configuration (a programming error: user input goes through update). */
	constructor(private readonly rng: Rng, config: Partial<LinkConfig> = {}) {
		const merged = mergeLinkConfig(DEFAULT_LINK_CONFIG, config);
		if (!merged.ok) throw new RangeError(`Link: ${merged.error}`);
		this.cfg = merged.config;
		this.onlyDelays = onlyDelays(this.cfg);
		this.lossRandom = new CorrelatedRandom(rng);
		this.duplicateRandom = new CorrelatedRandom(rng);
		this.corruptRandom = new CorrelatedRandom(rng);
		this.reorderRandom = new CorrelatedRandom(rng);
		this.delayRandom = new CorrelatedRandom(rng);
	}

	config(): LinkConfig {
		return {...this.cfg, gilbertElliott: this.cfg.gilbertElliott ? {...this.cfg.gilbertElliott} : null};
	}

	/** Change settings while running. Returns an error message (and changes nothing) if invalid. */
	update(changes: Partial<LinkConfig>): string | null {
		const merged = mergeLinkConfig(this.cfg, changes);
		if (!merged.ok) return merged.error;
		// Turning the burst model on starts it in the good state, as netem does.
		if (!this.cfg.gilbertElliott && merged.config.gilbertElliott) this.geBad = false;
		this.cfg = merged.config;
		this.onlyDelays = onlyDelays(this.cfg);
		return null;
	}

	counters(): LinkCounters {
		return {...this.stats};
	}

	/** Packets waiting in (or being serialised by) the rate limiter at time `now`. */
	queueLength(now: number): number {
		this.drainQueue(now);
		return this.queue.length - this.queueHead;
	}

	/**
	 * When this link only delays (no loss, duplication, corruption, reordering, jitter or rate
	 * limit), the time a packet entering at `now` arrives, counted as transmit() counts it: the
	 * same fate transmit() gives (which draws no random number then), without the two objects it
	 * returns. Otherwise NaN, and nothing is counted: ask transmit().
	 */
	delayOnly(now: number): number {
		if (!this.onlyDelays) return Number.NaN;
		this.stats.packets++;
		return roundToMicrosecond(now + this.cfg.delay);
	}

	/** Decide the fate of a packet entering the link at `now` (and of its duplicate, if any). */
	transmit(packet: Uint8Array, now: number): LinkOutcome {
		this.stats.packets++;
		const cfg = this.cfg;
		let copies = 1;
		if (cfg.duplicate > 0 && this.duplicateRandom.next(cfg.duplicateCorrelation) < cfg.duplicate / 100) copies++;
		if (this.lossEvent()) copies--;
		if (copies === 0) {
			this.stats.lost++;
			return {original: {fate: 'lost', arriveAt: roundToMicrosecond(now + cfg.delay)}, duplicate: null};
		}
		const original = this.carry(packet, now);
		if (copies === 1) return {original, duplicate: null};
		this.stats.duplicated++;
		// The copy passes through the link again, as netem re-enqueues it: its own loss decision.
		let duplicate: PacketFate;
		if (this.lossEvent()) {
			this.stats.lost++;
			duplicate = {fate: 'lost', arriveAt: roundToMicrosecond(now + cfg.delay)};
		} else {
			duplicate = this.carry(packet, now);
		}
		return {original, duplicate};
	}

	private lossEvent(): boolean {
		const cfg = this.cfg;
		const ge = cfg.gilbertElliott;
		if (ge) {
			// netem's loss_gemodel_loss: first the state transition, then the loss draw of the
			// state the packet was in when it arrived.
			if (!this.geBad) {
				if (this.rng.next() < ge.p / 100) this.geBad = true;
				return this.rng.next() < ge.lossInGood / 100;
			}
			if (this.rng.next() < ge.r / 100) this.geBad = false;
			return this.rng.next() < ge.lossInBad / 100;
		}
		return cfg.loss > 0 && this.lossRandom.next(cfg.lossCorrelation) < cfg.loss / 100;
	}

	/** Corruption, queueing, reordering and delay for one copy that was not lost. */
	private carry(packet: Uint8Array, now: number): PacketFate {
		const cfg = this.cfg;
		let bytes = packet;
		let corrupted = false;
		if (cfg.corrupt > 0 && packet.length > 0 && this.corruptRandom.next(cfg.corruptCorrelation) < cfg.corrupt / 100) {
			bytes = packet.slice();
			const bit = Math.floor(this.rng.next() * packet.length * 8);
			bytes[bit >>> 3]! ^= 0x80 >>> (bit & 7);
			corrupted = true;
			this.stats.corrupted++;
		}

		let leaves = now;
		if (cfg.rate > 0) {
			this.drainQueue(now);
			if (this.queue.length - this.queueHead >= cfg.queueLimit) {
				this.stats.queueDropped++;
				return {fate: 'queue-full'};
			}
			const lastFinish = this.queue.length > this.queueHead ? this.queue[this.queue.length - 1]! : now;
			const start = Math.max(now, lastFinish);
			leaves = roundToMicrosecond(start + (packet.length * 8 * 1000) / cfg.rate);
			this.queue.push(leaves);
		}

		const reordered = cfg.reorder > 0 && this.reorderRandom.next(cfg.reorderCorrelation) < cfg.reorder / 100;
		let delay = 0;
		if (reordered) {
			this.stats.reordered++;
		} else {
			delay = cfg.delay;
			if (cfg.jitter > 0) delay = Math.max(0, delay - cfg.jitter + this.delayRandom.next(cfg.delayCorrelation) * 2 * cfg.jitter);
		}
		return {fate: 'delivered', arriveAt: roundToMicrosecond(leaves + delay), bytes, corrupted, reordered};
	}

	/** Forget packets that finished serialising by `now`. */
	private drainQueue(now: number): void {
		while (this.queueHead < this.queue.length && this.queue[this.queueHead]! <= now) this.queueHead++;
		// Compact the array now and then so it does not grow with every packet ever sent.
		if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
			this.queue.splice(0, this.queueHead);
			this.queueHead = 0;
		}
	}
}
