// Retransmission timing (RFC 6298) and the named per-connection timers, all on the virtual clock.
import type {StackEnv, TimerHandle} from './env.js';
import type {TimerName} from './types.js';

/** Clock granularity G of RFC 6298 §2: the virtual clock counts milliseconds. */
export const CLOCK_GRANULARITY = 1;

/** SRTT/RTTVAR/RTO per RFC 6298, with exponential backoff. */
export class RttEstimator {
	srtt: number | null = null;
	rttvar: number | null = null;
	/** RTO before backoff. */
	private baseRto: number;
	/** Current RTO (doubled on each timeout until a new sample arrives). */
	rto: number;

	constructor(private readonly initialRto: number, private readonly minRto: number, private readonly maxRto: number) {
		this.baseRto = this.clamp(initialRto);
		this.rto = this.baseRto;
	}

	/** A valid RTT measurement R (Karn: never from a retransmitted segment). */
	sample(r: number): void {
		if (this.srtt === null || this.rttvar === null) {
			// §2.2: first measurement.
			this.srtt = r;
			this.rttvar = r / 2;
		} else {
			// §2.3: beta = 1/4, alpha = 1/8; RTTVAR first, using the old SRTT.
			this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r);
			this.srtt = 0.875 * this.srtt + 0.125 * r;
		}
		this.baseRto = this.clamp(this.srtt + Math.max(CLOCK_GRANULARITY, 4 * this.rttvar));
		this.rto = this.baseRto;
	}

	/** §5.5: the timer expired, double the RTO (up to the maximum). */
	backoff(): void {
		this.rto = Math.min(this.rto * 2, this.maxRto);
	}

	private clamp(rto: number): number {
		return Math.min(this.maxRto, Math.max(this.minRto, rto));
	}
}

/**
 * One named timer of a connection. Every set, fire and cancel is reported as a `timer` event.
 * Moving the deadline later (the retransmission timer restarts on every ACK) does not touch
 * the scheduler: the pending callback wakes at the old time and re-arms itself silently.
 */
export class ConnTimer {
	private handle: TimerHandle | null = null;
	private scheduledAt = 0;
	deadline: number | null = null;

	constructor(
		private readonly env: StackEnv,
		readonly name: TimerName,
		private readonly connId: () => string,
		private readonly onFire: () => void,
	) {}

	get running(): boolean {
		return this.deadline !== null;
	}

	set(at: number): void {
		this.deadline = at;
		this.env.emit({kind: 'timer', host: this.env.name, conn: this.connId(), timer: this.name, action: 'set', at});
		if (this.handle !== null) {
			if (this.scheduledAt <= at) return;
			this.env.timers.cancel(this.handle);
		}
		this.schedule(at);
	}

	cancel(): void {
		if (this.deadline === null) return;
		const at = this.deadline;
		this.deadline = null;
		if (this.handle !== null) {
			this.env.timers.cancel(this.handle);
			this.handle = null;
		}
		this.env.emit({kind: 'timer', host: this.env.name, conn: this.connId(), timer: this.name, action: 'cancelled', at});
	}

	private schedule(at: number): void {
		this.scheduledAt = at;
		this.handle = this.env.timers.set(at, this.fire);
	}

	private readonly fire = (): void => {
		this.handle = null;
		const at = this.deadline;
		if (at === null) return;
		if (this.env.timers.now() < at) {
			this.schedule(at);
			return;
		}
		this.deadline = null;
		this.env.emit({kind: 'timer', host: this.env.name, conn: this.connId(), timer: this.name, action: 'fired', at});
		this.onFire();
	};
}
