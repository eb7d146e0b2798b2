// A listening socket's two queues (half-open SYN queue, accept queue) and SYN cookies.
import type {Connection} from './connection.js';
import {parseIPv4} from './segment.js';
import type {StackConfig} from './types.js';

/** MSS values a cookie can encode in its 3-bit index (Linux keeps a similar table). */
export const COOKIE_MSS_TABLE: readonly number[] = [216, 536, 1200, 1300, 1400, 1440, 1460, 8960];
/** A cookie's time counter ticks once a minute; a cookie is valid for the current and previous tick. */
export const COOKIE_TICK_MS = 60_000;

export class Listener {
	/** Half-open connections (SYN_RCVD). */
	readonly synQueue = new Set<Connection>();
	/** Completed handshakes waiting for accept(). */
	readonly acceptQueue: Connection[] = [];

	constructor(readonly port: number, public backlog: number, private readonly config: StackConfig) {}

	get synQueueMax(): number {
		return Math.max(1, Math.min(this.backlog, this.config.synBacklog));
	}

	get synQueueFull(): boolean {
		return this.synQueue.size >= this.synQueueMax;
	}

	get acceptQueueFull(): boolean {
		return this.acceptQueue.length >= this.backlog;
	}

	remove(conn: Connection): void {
		this.synQueue.delete(conn);
		const i = this.acceptQueue.indexOf(conn);
		if (i >= 0) this.acceptQueue.splice(i, 1);
	}
}

export interface FourTuple {
	localAddr: string;
	localPort: number;
	remoteAddr: string;
	remotePort: number;
}

function mix(h: number, v: number): number {
	h = Math.imul(h ^ (v >>> 0), 0x9e3779b1);
	h ^= h >>> 15;
	h = Math.imul(h, 0x85ebca77);
	h ^= h >>> 13;
	return h >>> 0;
}

/** Keyed 24-bit hash of the 4-tuple, the client's ISN and the time counter. */
function cookieHash(secret: number, t: FourTuple, clientIsn: number, counter: number): number {
	let h = mix(secret, parseIPv4(t.remoteAddr) ?? 0);
	h = mix(h, parseIPv4(t.localAddr) ?? 0);
	h = mix(h, (t.remotePort << 16) | t.localPort);
	h = mix(h, clientIsn);
	h = mix(h, counter);
	h = mix(h, secret ^ 0x5bd1e995);
	return h & 0xff_ffff;
}

/** The cookie counter for a virtual time: 5 bits, so it wraps every 32 ticks. */
export function cookieCounter(now: number): number {
	return Math.floor(now / COOKIE_TICK_MS) & 31;
}

/** Index of the largest table MSS not above the peer's. */
export function cookieMssIndex(peerMss: number): number {
	let best = 0;
	for (let i = 0; i < COOKIE_MSS_TABLE.length; i++) if (COOKIE_MSS_TABLE[i]! <= peerMss) best = i;
	return best;
}

/**
 * Our ISN for a SYN answered without keeping state: top 5 bits a time counter, next 3 bits an
 * MSS index, low 24 bits a keyed hash of everything else (as Linux's cookies).
 */
export function makeCookie(secret: number, tuple: FourTuple, clientIsn: number, mssIndex: number, now: number): number {
	const counter = cookieCounter(now);
	return ((counter << 27) | ((mssIndex & 7) << 24) | cookieHash(secret, tuple, clientIsn, counter)) >>> 0;
}

/** The MSS a cookie encodes, or null if the cookie is forged or too old. */
export function checkCookie(secret: number, tuple: FourTuple, clientIsn: number, cookie: number, now: number): number | null {
	const counter = cookie >>> 27;
	const current = cookieCounter(now);
	const age = (current - counter + 32) & 31;
	if (age > 1) return null;
	if ((cookie & 0xff_ffff) !== cookieHash(secret, tuple, clientIsn, counter)) return null;
	return COOKIE_MSS_TABLE[(cookie >>> 24) & 7]!;
}
