// What the CLI hands to the full-screen app. The CLI (meow) validates; the UI trusts these.
import type {WorldApi, WorldOptions} from '../sim/world-api.js';
import type {Lang} from '../i18n/lang.js';

export interface TuiOptions {
	world: WorldOptions;
	/**
	 * The user passed --seed: it overrides a lesson's own seed. Otherwise world.seed is only the
	 * fallback for a lesson that names none (a lesson keeps the seed it was written with).
	 */
	seedGiven?: boolean;
	lang: Lang;
	ascii: boolean;
	color: boolean;
	/** Virtual ms per real ms: 1 is real time, 0.05 slow motion, 50 fast-forward. */
	speed: number;
	/** Write every segment to this pcap file. */
	pcap?: string;
	/**
	 * `udp:LOCALPORT:REMOTEHOST:REMOTEPORT[,addr=A][,peer=B][,bind=H]`, parsed by source/wire/spec.ts.
	 * localAddr/remoteAddr: our and the peer's address inside the tunnel (default 10.9.0.2 / 10.9.0.1);
	 * bindHost: the UDP socket's local address (default 127.0.0.1).
	 */
	wire?: {
		localPort: number; remoteHost: string; remotePort: number; side: 'client' | 'server';
		localAddr?: string; remoteAddr?: string; bindHost?: string;
	};
	/** A lesson to load (path of a .tcptui file), from `tcp-tui demo`. */
	lessonFile?: string;
	/** Open on this world (with its history) instead of a fresh one; `r` still makes fresh ones. Used by the bench. */
	startWorld?: WorldApi;
}
