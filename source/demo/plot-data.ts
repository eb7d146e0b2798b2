// What the congestion plots are drawn from: cwnd/ssthresh samples over time and the points of a
// sequence-vs-time ("Stevens") graph, both computed from the event stream plus snapshots of one
// host. Bounded: when a series grows past its cap it is thinned to every other sample, so the whole
// time range stays visible at a coarser grain.
import type {SimEvent, SegmentEvent, Direction} from '../sim/events.js';
import type {WorldApi} from '../sim/world-api.js';
import type {HostApi} from '../stack/host-api.js';
import type {HostSnapshot} from '../stack/types.js';
import {seqDiff} from '../stack/seq.js';

export type PlotSide = 'client' | 'server';

export interface CwndSample {
	t: number;
	cwnd: number;
	ssthresh: number;
}

export type SeqPointKind = 'sent' | 'retransmitted' | 'lost' | 'ack';

/** One mark of the Stevens graph; `seq` is relative to the sender's ISN + 1 (byte 0 = first data byte). */
export interface SeqPoint {
	t: number;
	seq: number;
	len: number;
	kind: SeqPointKind;
}

export const DEFAULT_PLOT_CAP = 4000;

function thin<T>(series: T[], cap: number): void {
	if (series.length <= cap) return;
	let w = 0;
	for (let r = 0; r < series.length; r += 2) series[w++] = series[r]!;
	series.length = w;
}

/** A host that tells the window of the connection a plot follows without a snapshot. */
type SenderWindowSource = Required<Pick<HostApi, 'senderWindow'>>;

/** The connection a plot follows: the newest one the app holds open, else the last orphan. */
export function senderConnection(host: HostSnapshot) {
	const conns = host.sockets.filter((s) => s.connection !== null && s.role === 'connection');
	const live = conns.filter((s) => !s.orphaned);
	return (live[live.length - 1] ?? conns[conns.length - 1])?.connection ?? null;
}

/**
 * Records, for one sending host, its cwnd/ssthresh over time and its data segments and the ACKs
 * coming back. Feed it events (`observe`) with a snapshot source, or attach it to a world.
 */
export class PlotRecorder {
	readonly side: PlotSide;
	readonly cwnd: CwndSample[] = [];
	readonly seq: SeqPoint[] = [];
	private readonly cap: number;
	/** The sender's ISS: sequence numbers are drawn relative to ISS + 1. */
	private iss: number | null = null;
	/** Highest relative sequence end sent so far: a segment starting below it is a retransmission. */
	private highest = 0;
	private version = 0;

	constructor(side: PlotSide = 'client', cap = DEFAULT_PLOT_CAP) {
		this.side = side;
		this.cap = cap;
	}

	/** Bumped on every recorded change (for cheap redraw checks). */
	get changes(): number {
		return this.version;
	}

	private get sendDir(): Direction {
		return this.side === 'client' ? 'c2s' : 's2c';
	}

	/**
	 * Fold in one event; `host` gives the sending host's snapshot, or the host itself when it can
	 * tell its sender's window without one (only asked for when needed).
	 */
	observe(event: SimEvent, host: () => HostSnapshot | SenderWindowSource): void {
		if (event.kind === 'segment') this.observeSegment(event);
		if (event.kind === 'segment' || (event.kind === 'timer' && event.host === this.side)) {
			const source = host();
			const window = 'senderWindow' in source ? source.senderWindow() : senderConnection(source);
			this.sample(event.t, window);
		}
	}

	private observeSegment(e: SegmentEvent): void {
		if (e.dir === this.sendDir) {
			if (e.flags.includes('SYN') && e.fate === 'sent' && e.copyOf === undefined) {
				// A new connection from this side (or, for the server, its SYN+ACK): start over.
				this.iss = e.seq;
				this.highest = 0;
				return;
			}
			if (this.iss === null || e.len === 0) return;
			const rel = seqDiff(e.seq, (this.iss + 1) >>> 0);
			if (e.fate === 'sent' && e.copyOf === undefined) {
				const kind: SeqPointKind = rel < this.highest ? 'retransmitted' : 'sent';
				this.highest = Math.max(this.highest, rel + e.len);
				this.push({t: e.t, seq: rel, len: e.len, kind});
			} else if (e.fate === 'lost' || (e.fate === 'dropped' && e.reason === 'queue-full')) {
				this.push({t: e.t, seq: rel, len: e.len, kind: 'lost'});
			}
		} else if (this.iss !== null && e.fate === 'delivered' && e.flags.includes('ACK') && !e.flags.includes('SYN')) {
			this.push({t: e.t, seq: seqDiff(e.ack, (this.iss + 1) >>> 0), len: 0, kind: 'ack'});
		}
	}

	private push(point: SeqPoint): void {
		this.seq.push(point);
		thin(this.seq, this.cap);
		this.version++;
	}

	private sample(t: number, conn: {cwnd: number; ssthresh: number} | null): void {
		if (!conn) return;
		const last = this.cwnd[this.cwnd.length - 1];
		if (last && last.cwnd === conn.cwnd && last.ssthresh === conn.ssthresh) return;
		if (last && last.t === t) {
			last.cwnd = conn.cwnd;
			last.ssthresh = conn.ssthresh;
		} else {
			this.cwnd.push({t, cwnd: conn.cwnd, ssthresh: conn.ssthresh});
			thin(this.cwnd, this.cap);
		}
		this.version++;
	}

	/** Follow a world's events from now on; returns a function that stops. */
	attach(world: WorldApi): () => void {
		const host = this.side === 'client' ? world.client : world.server;
		// A host of our stack tells its window directly; another (a kernel's side) by its snapshot.
		const direct = host.senderWindow ? (host as SenderWindowSource) : null;
		const source = direct ? () => direct : () => host.snapshot();
		return world.on((event) => this.observe(event, source));
	}
}
