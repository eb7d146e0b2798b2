// Congestion control behind one interface (as smoltcp's `Controller`): the connection reports
// what happened (new ACKs, duplicate ACKs, timeouts) and reads cwnd/ssthresh; it never knows which
// controller runs. Loss recovery is NewReno's (RFC 6582) for both: fast retransmit on the third
// duplicate ACK, partial ACKs retransmit the next hole. What differs is how much the window shrinks
// on a loss and how it grows in congestion avoidance:
// - NewReno (RFC 5681): halve; one MSS per window of data acknowledged.
// - CUBIC (RFC 9438, Linux's default): shrink to 0.7; grow along a cubic of the time since the loss.
import {seqGe} from './seq.js';
import type {CongestionControlName} from './types.js';

export type DupAckAction = 'none' | 'fast-retransmit' | 'inflate';
export type NewAckAction = 'none' | 'full-ack' | 'partial-ack';
/** How the initial window is sized: RFC 5681 §3.1 (3 segments of 1460) or RFC 6928 (10 segments, Linux). */
export type InitialWindowRule = 'rfc5681' | 'rfc6928';

/** What the connection tells its controller, and what it reads back. Times in ms of virtual time. */
export interface CongestionController {
	readonly name: CongestionControlName;
	readonly cwnd: number;
	readonly ssthresh: number;
	readonly inRecovery: boolean;
	/** RFC 6582 "recover": one past the highest sequence sent when loss was last detected. */
	recover: number;
	/** The connection learnt the effective MSS during the handshake. */
	setMss(mss: number): void;
	/** A new cumulative ACK advanced SND.UNA by `acked` bytes; `srtt` is the smoothed RTT (null before a sample). */
	onNewAck(ack: number, acked: number, flightAfter: number, now: number, srtt: number | null): NewAckAction;
	/** The n-th duplicate ACK (n ≥ 1) arrived. `ack` is its acknowledgement number. */
	onDupAck(n: number, ack: number, flight: number, sndMax: number, now: number): DupAckAction;
	/** The retransmission timer expired (RFC 5681 eq. 4); `first` for the first expiry of a series. */
	onRto(flight: number, first: boolean, sndMax: number, now: number): void;
}

/** RFC 5681 §3.1: IW = min(4·MSS, max(2·MSS, 4380)); RFC 6928 (Linux): 10·MSS. */
export function initialWindow(mss: number, rule: InitialWindowRule = 'rfc5681'): number {
	return rule === 'rfc6928' ? 10 * mss : Math.min(4 * mss, Math.max(2 * mss, 4380));
}

/** Slow start and NewReno's loss recovery; subclasses say how a loss shrinks the window and how avoidance grows it. */
abstract class LossRecovery implements CongestionController {
	abstract readonly name: CongestionControlName;
	cwnd: number;
	ssthresh = 0x7fff_ffff;
	inRecovery = false;
	recover: number;

	constructor(public mss: number, iss: number, private readonly iwRule: InitialWindowRule) {
		this.cwnd = initialWindow(mss, iwRule);
		this.recover = iss;
	}

	setMss(mss: number): void {
		this.mss = mss;
		this.cwnd = initialWindow(mss, this.iwRule);
	}

	/** ssthresh after a loss detected with `flight` bytes outstanding. */
	protected abstract reduce(flight: number, now: number): number;
	/** Congestion avoidance: `acked` more bytes were acknowledged. */
	protected abstract grow(acked: number, now: number, srtt: number | null): void;
	/** A timeout restarts avoidance from scratch. */
	protected abstract restart(): void;

	onNewAck(ack: number, acked: number, flightAfter: number, now: number, srtt: number | null): NewAckAction {
		if (this.inRecovery) {
			if (seqGe(ack, this.recover)) {
				// Full ACK: RFC 6582 §3.2 step 3 (1): deflate to min(ssthresh, FlightSize + MSS).
				this.inRecovery = false;
				this.cwnd = Math.min(this.ssthresh, Math.max(flightAfter, this.mss) + this.mss);
				this.restart();
				return 'full-ack';
			}
			// Partial ACK: deflate by the amount acked, add back one MSS if at least one MSS was acked.
			this.cwnd = Math.max(this.mss, this.cwnd - acked + (acked >= this.mss ? this.mss : 0));
			return 'partial-ack';
		}
		// Slow start: grow by at most one MSS per ACK (RFC 5681 eq. 2).
		if (this.cwnd < this.ssthresh) this.cwnd += Math.min(acked, this.mss);
		else this.grow(acked, now, srtt);
		return 'none';
	}

	onDupAck(n: number, ack: number, flight: number, sndMax: number, now: number): DupAckAction {
		if (this.inRecovery) {
			this.cwnd += this.mss;
			return 'inflate';
		}
		// RFC 6582 §3.2 step 2: only start a new recovery once everything outstanding at the last
		// loss is acknowledged (`recover` is one past the highest sequence then sent).
		if (n === 3 && seqGe(ack, this.recover)) {
			this.ssthresh = this.reduce(flight, now);
			this.cwnd = this.ssthresh + 3 * this.mss;
			this.recover = sndMax;
			this.inRecovery = true;
			return 'fast-retransmit';
		}
		return 'none';
	}

	onRto(flight: number, first: boolean, sndMax: number, now: number): void {
		if (first) this.ssthresh = this.reduce(flight, now);
		this.cwnd = this.mss;
		this.restart();
		this.inRecovery = false;
		this.recover = sndMax;
	}
}

/** RFC 5681 / RFC 6582: halve on a loss, one MSS per window of data in congestion avoidance. */
export class NewReno extends LossRecovery {
	readonly name = 'newreno' as const;
	/** Bytes acked in congestion avoidance since cwnd last grew (RFC 5681 §3.1 byte counting). */
	private bytesAcked = 0;

	constructor(mss: number, iss: number, iwRule: InitialWindowRule = 'rfc5681') {
		super(mss, iss, iwRule);
	}

	/** RFC 5681 §3.1 (kept as NewReno.initialWindow for callers that name the controller). */
	static initialWindow(mss: number, rule: InitialWindowRule = 'rfc5681'): number {
		return initialWindow(mss, rule);
	}

	protected reduce(flight: number): number {
		return Math.max(Math.floor(flight / 2), 2 * this.mss);
	}

	protected grow(acked: number): void {
		this.bytesAcked += acked;
		if (this.bytesAcked >= this.cwnd) {
			this.bytesAcked -= this.cwnd;
			this.cwnd += this.mss;
		}
	}

	protected restart(): void {
		this.bytesAcked = 0;
	}
}

/** RFC 9438 §5: C (segments/s³) and the multiplicative decrease factor. */
export const CUBIC_C = 0.4;
export const CUBIC_BETA = 0.7;
/** RFC 9438 §4.3: the Reno-friendly estimate grows by α segments per window, α = 3(1−β)/(1+β). */
const CUBIC_ALPHA = (3 * (1 - CUBIC_BETA)) / (1 + CUBIC_BETA);
/** Before the first RTT sample, the cubic looks this far ahead (RFC 6298's initial RTO is larger; 100 ms is a LAN-ish guess). */
const CUBIC_DEFAULT_RTT_MS = 100;

/**
 * CUBIC (RFC 9438): after a loss the window drops to β·cwnd and then follows
 * W(t) = C·(t − K)³ + W_max (in segments, t in seconds since the loss): concave up to the old
 * maximum W_max, a plateau around it, convex beyond. The Reno-friendly estimate W_est keeps it
 * at least as fast as Reno on short-RTT paths. Fast convergence (§4.7) is on. HyStart is not
 * implemented: slow start is RFC 5681's, as for NewReno.
 */
export class Cubic extends LossRecovery {
	readonly name = 'cubic' as const;
	/** W_max in segments: the window just before the last reduction. */
	wMax = 0;
	/** W_max before that, for fast convergence. */
	private wLastMax = 0;
	/** Start of the current avoidance epoch (ms), or null until the first ACK in avoidance. */
	private epochStart: number | null = null;
	/** K in seconds: when the cubic reaches W_max again. */
	k = 0;
	/** The Reno-friendly window estimate, in segments. */
	private wEst = 0;

	constructor(mss: number, iss: number, iwRule: InitialWindowRule = 'rfc5681') {
		super(mss, iss, iwRule);
	}

	/** The cubic window (segments) `t` seconds into the epoch. */
	windowAt(t: number): number {
		return CUBIC_C * (t - this.k) ** 3 + this.wMax;
	}

	protected reduce(_flight: number): number {
		const segments = this.cwnd / this.mss;
		// §4.7 fast convergence: a flow whose maximum keeps falling releases bandwidth sooner.
		this.wMax = segments < this.wLastMax ? (segments * (1 + CUBIC_BETA)) / 2 : segments;
		this.wLastMax = segments;
		this.epochStart = null;
		// §4.6: ssthresh = cwnd·β, never below 2 segments.
		return Math.max(Math.floor(this.cwnd * CUBIC_BETA), 2 * this.mss);
	}

	protected grow(acked: number, now: number, srtt: number | null): void {
		const mss = this.mss;
		const cwnd = this.cwnd / mss;
		if (this.epochStart === null) {
			this.epochStart = now;
			if (cwnd < this.wMax) {
				// §4.2 eq. 2: K = ∛((W_max − cwnd_epoch)/C).
				this.k = Math.cbrt((this.wMax - cwnd) / CUBIC_C);
			} else {
				// Avoidance entered without a loss (or above the old maximum): the plateau is here.
				this.k = 0;
				this.wMax = cwnd;
			}
			this.wEst = cwnd;
		}
		const t = (now - this.epochStart) / 1000;
		const rtt = (srtt ?? CUBIC_DEFAULT_RTT_MS) / 1000;
		const segmentsAcked = acked / mss;
		// §4.3: W_est grows by α per window of data acknowledged.
		this.wEst += (CUBIC_ALPHA * segmentsAcked) / cwnd;
		if (this.windowAt(t) < this.wEst) {
			// Reno-friendly region.
			this.cwnd = Math.max(this.cwnd, Math.floor(this.wEst * mss));
			return;
		}
		// §4.4/4.5: aim at W_cubic one RTT ahead, between cwnd and 1.5·cwnd.
		const target = Math.min(Math.max(this.windowAt(t + rtt), cwnd), 1.5 * cwnd);
		const increase = ((target - cwnd) / cwnd) * segmentsAcked * mss;
		this.cwnd += Math.max(0, Math.floor(increase));
	}

	protected restart(): void {
		this.epochStart = null;
	}
}

/** The controller a host's settings name. */
export function createController(name: CongestionControlName, mss: number, iss: number, iwRule: InitialWindowRule): CongestionController {
	return name === 'cubic' ? new Cubic(mss, iss, iwRule) : new NewReno(mss, iss, iwRule);
}
