// Congestion control: slow start and congestion avoidance (RFC 5681), fast retransmit and
// NewReno fast recovery (RFC 6582). Counts bytes; the connection tells it what happened.
import {seqGe} from './seq.js';

export type DupAckAction = 'none' | 'fast-retransmit' | 'inflate';
export type NewAckAction = 'none' | 'full-ack' | 'partial-ack';
/** How the initial window is sized: RFC 5681 §3.1 (3 segments of 1460) or RFC 6928 (10 segments, Linux). */
export type InitialWindowRule = 'rfc5681' | 'rfc6928';

export class NewReno {
	cwnd: number;
	ssthresh = 0x7fff_ffff;
	inRecovery = false;
	/** RFC 6582 "recover": one past the highest sequence sent when loss was last detected. */
	recover: number;
	/** Bytes acked in congestion avoidance since cwnd last grew (RFC 5681 §3.1 byte counting). */
	private bytesAcked = 0;

	constructor(public mss: number, iss: number, private readonly iwRule: InitialWindowRule = 'rfc5681') {
		this.cwnd = NewReno.initialWindow(mss, iwRule);
		this.recover = iss;
	}

	/** RFC 5681 §3.1: IW = min(4·MSS, max(2·MSS, 4380)); RFC 6928 (Linux): 10·MSS. */
	static initialWindow(mss: number, rule: InitialWindowRule = 'rfc5681'): number {
		return rule === 'rfc6928' ? 10 * mss : Math.min(4 * mss, Math.max(2 * mss, 4380));
	}

	/** The connection learnt the effective MSS during the handshake. */
	setMss(mss: number): void {
		this.mss = mss;
		this.cwnd = NewReno.initialWindow(mss, this.iwRule);
	}

	/** A new cumulative ACK advanced SND.UNA by `acked` bytes. */
	onNewAck(ack: number, acked: number, flightAfter: number): NewAckAction {
		if (this.inRecovery) {
			if (seqGe(ack, this.recover)) {
				// Full ACK: RFC 6582 §3.2 step 3 (1): deflate to min(ssthresh, FlightSize + MSS).
				this.inRecovery = false;
				this.cwnd = Math.min(this.ssthresh, Math.max(flightAfter, this.mss) + this.mss);
				this.bytesAcked = 0;
				return 'full-ack';
			}
			// Partial ACK: deflate by the amount acked, add back one MSS if at least one MSS was acked.
			this.cwnd = Math.max(this.mss, this.cwnd - acked + (acked >= this.mss ? this.mss : 0));
			return 'partial-ack';
		}
		if (this.cwnd < this.ssthresh) {
			// Slow start: grow by at most one MSS per ACK (RFC 5681 eq. 2).
			this.cwnd += Math.min(acked, this.mss);
		} else {
			// Congestion avoidance: one MSS per cwnd of data acknowledged.
			this.bytesAcked += acked;
			if (this.bytesAcked >= this.cwnd) {
				this.bytesAcked -= this.cwnd;
				this.cwnd += this.mss;
			}
		}
		return 'none';
	}

	/** The n-th duplicate ACK (n ≥ 1) arrived. `ack` is its acknowledgement number. */
	onDupAck(n: number, ack: number, flight: number, sndMax: number): DupAckAction {
		if (this.inRecovery) {
			this.cwnd += this.mss;
			return 'inflate';
		}
		// RFC 6582 §3.2 step 2: only start a new recovery once everything outstanding at the last
		// loss is acknowledged (`recover` is one past the highest sequence then sent).
		if (n === 3 && seqGe(ack, this.recover)) {
			this.ssthresh = Math.max(Math.floor(flight / 2), 2 * this.mss);
			this.cwnd = this.ssthresh + 3 * this.mss;
			this.recover = sndMax;
			this.inRecovery = true;
			return 'fast-retransmit';
		}
		return 'none';
	}

	/** The retransmission timer expired (RFC 5681 eq. 4); `first` for the first expiry of a series. */
	onRto(flight: number, first: boolean, sndMax: number): void {
		if (first) this.ssthresh = Math.max(Math.floor(flight / 2), 2 * this.mss);
		this.cwnd = this.mss;
		this.bytesAcked = 0;
		this.inRecovery = false;
		this.recover = sndMax;
	}
}
