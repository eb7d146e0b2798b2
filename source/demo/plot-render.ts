// Terminal drawings of the congestion plots, as grids of cell kinds (the component colours them,
// tests read them as text). Pure functions of the recorded series and the size.
import type {CwndSample, SeqPoint} from './plot-data.js';

export type CellKind = 'empty' | 'cwnd' | 'ssthresh' | 'sent' | 'retransmitted' | 'lost' | 'ack' | 'axis';

export interface PlotGrid {
	/** rows[0] is the top row. */
	rows: CellKind[][];
	/** Value at the top of the y axis and the time range of the x axis. */
	yMax: number;
	yMin: number;
	t0: number;
	t1: number;
}

const UNICODE_CELLS: Record<CellKind, string> = {
	empty: ' ', cwnd: '█', ssthresh: '─', sent: '•', retransmitted: 'R', lost: '✗', ack: '-', axis: '│',
};
const ASCII_CELLS: Record<CellKind, string> = {
	empty: ' ', cwnd: '#', ssthresh: '-', sent: '.', retransmitted: 'R', lost: 'x', ack: '_', axis: '|',
};

export function cellChar(kind: CellKind, ascii: boolean): string {
	return (ascii ? ASCII_CELLS : UNICODE_CELLS)[kind];
}

/** ssthresh starts "infinite" (a huge number) until the first loss: not worth drawing. */
export function isFiniteSsthresh(ssthresh: number, cwndMax: number): boolean {
	return Number.isFinite(ssthresh) && ssthresh < 0x4000_0000 && ssthresh <= Math.max(4 * cwndMax, 65_535);
}

function emptyRows(width: number, height: number): CellKind[][] {
	return Array.from({length: height}, () => Array<CellKind>(width).fill('empty'));
}

function rowOf(value: number, yMin: number, yMax: number, height: number): number {
	const span = yMax - yMin || 1;
	const fraction = Math.min(1, Math.max(0, (value - yMin) / span));
	return height - 1 - Math.round(fraction * (height - 1));
}

/** cwnd as filled columns (an area), ssthresh as a line, over [t0, t1]. */
export function cwndGrid(samples: readonly CwndSample[], width: number, height: number, now: number): PlotGrid {
	const rows = emptyRows(Math.max(1, width), Math.max(1, height));
	if (samples.length === 0 || width < 1 || height < 1) return {rows, yMax: 0, yMin: 0, t0: 0, t1: now};
	const t0 = samples[0]!.t;
	const t1 = Math.max(now, samples[samples.length - 1]!.t, t0 + 1);
	const cwndMax = samples.reduce((max, s) => Math.max(max, s.cwnd), -Infinity);
	let yMax = cwndMax;
	for (const s of samples) if (isFiniteSsthresh(s.ssthresh, cwndMax)) yMax = Math.max(yMax, s.ssthresh);
	yMax = Math.max(yMax, 1);
	let i = 0;
	for (let col = 0; col < width; col++) {
		const tEnd = t0 + ((col + 1) * (t1 - t0)) / width;
		// The highest cwnd reached within this column (so short peaks stay visible), and the last ssthresh.
		const tStart = t0 + (col * (t1 - t0)) / width;
		// The value carried in from the left, unless a new sample starts exactly at this column.
		let peak = i > 0 && !(i < samples.length && samples[i]!.t <= tStart) ? samples[i - 1]!.cwnd : 0;
		while (i < samples.length && (samples[i]!.t < tEnd || col === width - 1)) {
			peak = Math.max(peak, samples[i]!.cwnd);
			i++;
		}
		if (i === 0) continue;
		const current = samples[i - 1]!;
		const top = rowOf(peak, 0, yMax, height);
		for (let row = top; row < height; row++) rows[row]![col] = 'cwnd';
		if (isFiniteSsthresh(current.ssthresh, cwndMax)) {
			// Drawn over the cwnd area too: where cwnd stands relative to ssthresh is the point.
			rows[rowOf(current.ssthresh, 0, yMax, height)]![col] = 'ssthresh';
		}
	}
	return {rows, yMax, yMin: 0, t0, t1};
}

const PRIORITY: Record<CellKind, number> = {empty: 0, axis: 0, ack: 1, sent: 2, cwnd: 2, ssthresh: 1, retransmitted: 3, lost: 4};

/** The Stevens graph: each data segment at (time, first byte), retransmissions and losses marked, ACKs as a line. */
export function stevensGrid(points: readonly SeqPoint[], width: number, height: number, now: number): PlotGrid {
	const rows = emptyRows(Math.max(1, width), Math.max(1, height));
	if (points.length === 0 || width < 1 || height < 1) return {rows, yMax: 0, yMin: 0, t0: 0, t1: now};
	const t0 = points[0]!.t;
	const t1 = Math.max(now, points[points.length - 1]!.t, t0 + 1);
	let yMin = Infinity;
	let yMax = -Infinity;
	for (const p of points) {
		yMin = Math.min(yMin, p.seq);
		yMax = Math.max(yMax, p.seq + p.len);
	}
	if (yMax <= yMin) yMax = yMin + 1;
	for (const p of points) {
		const col = Math.min(width - 1, Math.floor(((p.t - t0) / (t1 - t0)) * width));
		const row = rowOf(p.seq, yMin, yMax, height);
		if (PRIORITY[p.kind] >= PRIORITY[rows[row]![col]!]) rows[row]![col] = p.kind;
	}
	return {rows, yMax, yMin, t0, t1};
}

/** The grid as plain text lines (for tests and for terminals without colour). */
export function gridLines(grid: PlotGrid, ascii: boolean): string[] {
	return grid.rows.map((row) => row.map((kind) => cellChar(kind, ascii)).join(''));
}

/** Bytes for an axis label: 1460 → "1.4K", 3000000 → "2.9M". */
export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)}M`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)}K`;
	return `${Math.round(bytes)}`;
}
