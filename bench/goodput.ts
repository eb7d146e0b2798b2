// Goodput under random loss beside the models: Mathis et al. (1997) and Padhye et al. (PFTK, 1998)
// for NewReno, the RFC 9438 §5.1 response function for CUBIC. Virtual time, so a long transfer is
// quick: the figure is bytes delivered per virtual second, not CPU cost.
import {createWorld} from '../source/sim/world.js';
import {profileConfig} from '../source/stack/profiles.js';
import type {CongestionControlName, StackConfig} from '../source/stack/types.js';
import {openConnection, pumpTransfer} from './stack.js';

export const GOODPUT_LOSS_PERCENTS = [0.1, 0.5, 1, 2] as const;
const ONE_WAY_DELAY_MS = 50;
const MSS = 1460;
/** Random losses each run should see (so a run covers many congestion epochs). */
const LOSS_EVENTS_PER_RUN = Number(process.env.GOODPUT_LOSSES ?? 200);
const SEEDS = Number(process.env.GOODPUT_SEEDS ?? 5);

/**
 * The textbook profile as it is (no delayed ACK, so b = 1 and C = √(3/2) ≈ 1.22; RTO floor 1 s),
 * with buffers far above the bandwidth-delay product, so only cwnd limits the sender: at 0.1 %
 * loss the average window is about 40 segments (≈ 58 KB); 8 MiB (window scaling on) never binds.
 */
function goodputConfig(cc: CongestionControlName): StackConfig {
	return {...profileConfig('textbook'), mss: MSS, sndbuf: 8 << 20, rcvbuf: 8 << 20, congestionControl: cc, maxRetries: 30};
}

interface Run {
	goodput: number; // bytes per second
	drops: number;
	sent: number;
	timeouts: number;
	rto: number; // ms, at the end
}

/** One transfer of about LOSS_EVENTS_PER_RUN / p segments; loss on data only (ACKs get through). */
function run(cc: CongestionControlName, lossPercent: number, seed: number): Run {
	const config = goodputConfig(cc);
	const world = createWorld({
		seed,
		stack: config,
		link: {c2s: {delay: ONE_WAY_DELAY_MS, loss: lossPercent}, s2c: {delay: ONE_WAY_DELAY_MS}},
		historyLimit: 16,
	});
	let timeouts = 0;
	world.on((e) => {
		if (e.kind === 'timer' && e.host === 'client' && e.timer === 'retransmit' && e.action === 'fired') timeouts++;
	});
	const {fd, conn} = openConnection(world);
	const total = Math.round(LOSS_EVENTS_PER_RUN / (lossPercent / 100)) * MSS;
	const start = world.now();
	const sentBefore = {...world.linkCounters('c2s')};
	const received = pumpTransfer(world, fd, conn, total, new Uint8Array(256 * 1024));
	const seconds = (world.now() - start) / 1000;
	const counters = world.linkCounters('c2s');
	const snap = world.snapshot().client.sockets.find((s) => s.fd === fd)?.connection;
	return {
		goodput: received / seconds,
		drops: counters.lost - sentBefore.lost,
		sent: counters.packets - sentBefore.packets,
		timeouts,
		rto: snap?.rto ?? config.minRto,
	};
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Mathis et al.: B = MSS/RTT · C/√p; C = √(3/(2b)), 1.22 with an ACK per segment (b = 1). */
export function mathis(mss: number, rttS: number, p: number, b = 1): number {
	return (mss / rttS) * Math.sqrt(3 / (2 * b)) / Math.sqrt(p);
}

/** Padhye, Firoiu, Towsley, Kurose: B = 1 / (RTT·√(2bp/3) + T0·min(1, 3√(3bp/8))·p·(1+32p²)) segments/s. */
export function pftk(mss: number, rttS: number, p: number, t0S: number, b = 1): number {
	const denominator = rttS * Math.sqrt((2 * b * p) / 3) + t0S * Math.min(1, 3 * Math.sqrt((3 * b * p) / 8)) * p * (1 + 32 * p * p);
	return mss / denominator;
}

/**
 * RFC 9438 §5.1: CUBIC's average window is ∜(C·(3+β)/(4·(1−β))) · RTT^¾ / p^¾ segments (C = 0.4,
 * β = 0.7), but never below the Reno-friendly region's AIMD, whose average equals Reno's √(3/(2p)).
 */
export function cubicResponse(mss: number, rttS: number, p: number): number {
	const c = 0.4;
	const beta = 0.7;
	const cubicWindow = Math.pow((c * (3 + beta)) / (4 * (1 - beta)), 0.25) * Math.pow(rttS, 0.75) / Math.pow(p, 0.75);
	const renoWindow = Math.sqrt(3 / (2 * p));
	return (Math.max(cubicWindow, renoWindow) * mss) / rttS;
}

export interface GoodputRow {
	cc: CongestionControlName;
	lossPercent: number;
	measured: number; // bytes/s, median over seeds
	runs: number[];
	lossRate: number; // measured drops / sent, all seeds
	timeouts: number; // per run, median
	t0: number; // s
	mathis: number;
	pftk: number;
	cubic: number;
}

export function goodputRow(cc: CongestionControlName, lossPercent: number): GoodputRow {
	const runs = Array.from({length: SEEDS}, (_, i) => run(cc, lossPercent, i + 1));
	const p = lossPercent / 100;
	const rtt = (2 * ONE_WAY_DELAY_MS) / 1000;
	const t0 = median(runs.map((r) => r.rto)) / 1000;
	return {
		cc,
		lossPercent,
		measured: median(runs.map((r) => r.goodput)),
		runs: runs.map((r) => r.goodput),
		lossRate: runs.reduce((sum, r) => sum + r.drops, 0) / runs.reduce((sum, r) => sum + r.sent, 0),
		timeouts: median(runs.map((r) => r.timeouts)),
		t0,
		mathis: mathis(MSS, rtt, p),
		pftk: pftk(MSS, rtt, p, t0),
		cubic: cubicResponse(MSS, rtt, p),
	};
}

const kB = (bytesPerSecond: number): string => (bytesPerSecond / 1000).toFixed(1).padStart(7);
const ratio = (a: number, b: number): string => (a / b).toFixed(2).padStart(5);

const spread = (r: GoodputRow): string => `${kB(Math.min(...r.runs)).trim()}–${kB(Math.max(...r.runs)).trim()}`;

export function benchGoodput(): void {
	console.log(`goodput under random data loss (ACKs not lost), RTT ${2 * ONE_WAY_DELAY_MS} ms, MSS ${MSS}, textbook profile (no delayed ACK: b = 1, C = 1.22; RTO floor 1 s),`);
	console.log(`sndbuf/rcvbuf 8 MiB, about ${LOSS_EVENTS_PER_RUN} losses per run, median of ${SEEDS} seeds; kB/s of application data per virtual second:`);
	console.log('  NewReno   p   measured   Mathis  meas/Mathis     PFTK  meas/PFTK  timeouts/run  T0 s  loss seen  seeds min–max');
	for (const p of GOODPUT_LOSS_PERCENTS) {
		const r = goodputRow('newreno', p);
		const inside = Math.abs(r.measured / r.pftk - 1) <= 0.25 ? 'within ±25%' : 'OUTSIDE ±25%';
		console.log(`  ${`${p}%`.padStart(10)} ${kB(r.measured)}  ${kB(r.mathis)}  ${ratio(r.measured, r.mathis).padStart(11)}  ${kB(r.pftk)}  ${ratio(r.measured, r.pftk).padStart(9)}  ${String(r.timeouts).padStart(12)}  ${r.t0.toFixed(1).padStart(4)}  ${(r.lossRate * 100).toFixed(3)}%  ${spread(r)}  ${inside} of PFTK`);
	}
	console.log('  CUBIC     p   measured  RFC 9438  meas/9438   Mathis  meas/Mathis  timeouts/run  seeds min–max');
	for (const p of GOODPUT_LOSS_PERCENTS) {
		const r = goodputRow('cubic', p);
		console.log(`  ${`${p}%`.padStart(10)} ${kB(r.measured)}  ${kB(r.cubic)}  ${ratio(r.measured, r.cubic).padStart(9)}  ${kB(r.mathis)}  ${ratio(r.measured, r.mathis).padStart(11)}  ${String(r.timeouts).padStart(12)}  ${spread(r)}`);
	}
}
