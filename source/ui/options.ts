// What the CLI hands to the full-screen app. The CLI (meow) validates; the UI trusts these.
import type {WorldOptions} from '../sim/world-api.js';
import type {Lang} from '../i18n/lang.js';

export interface TuiOptions {
	world: WorldOptions;
	lang: Lang;
	ascii: boolean;
	color: boolean;
	/** Virtual ms per real ms: 1 is real time, 0.05 slow motion, 50 fast-forward. */
	speed: number;
	/** Write every segment to this pcap file. */
	pcap?: string;
	/** `udp:LOCALPORT:REMOTEHOST:REMOTEPORT`, parsed. */
	wire?: {localPort: number; remoteHost: string; remotePort: number; side: 'client' | 'server'};
	/** A lesson to load (path of a .tcptui file), from `tcp-tui demo`. */
	lessonFile?: string;
}
