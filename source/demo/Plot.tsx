// The congestion plots drawn in the terminal: cwnd/ssthresh over time, and the sequence-vs-time
// ("Stevens") graph. Both read a PlotRecorder; helper components only colour the grid.
import React from 'react';
import {Box, Text} from 'ink';
import type {Lang} from '../i18n/lang.js';
import type {PlotRecorder} from './plot-data.js';
import {cellChar, cwndGrid, formatBytes, stevensGrid, type CellKind, type PlotGrid} from './plot-render.js';
import {t} from './text.js';

const COLORS: Partial<Record<CellKind, string>> = {
	cwnd: 'cyan',
	ssthresh: 'yellow',
	sent: 'green',
	retransmitted: 'magenta',
	lost: 'red',
	ack: 'blue',
};

/** Width of the y-axis labels column, e.g. "123.4K│". */
const AXIS_WIDTH = 7;

function GridRow({row, ascii, color}: {row: CellKind[]; ascii: boolean; color: boolean}) {
	// Runs of the same kind become one <Text>, so a row is a handful of nodes, not one per cell.
	const runs: Array<{kind: CellKind; text: string}> = [];
	for (const kind of row) {
		const last = runs[runs.length - 1];
		const ch = cellChar(kind, ascii);
		if (last && last.kind === kind) last.text += ch;
		else runs.push({kind, text: ch});
	}
	return (
		<Text>
			{runs.map((run, i) => (
				<Text key={i} color={color ? COLORS[run.kind] : undefined}>
					{run.text}
				</Text>
			))}
		</Text>
	);
}

function GridView({grid, title, legend, ascii, color, yLabel}: {
	grid: PlotGrid;
	title: string;
	legend: Array<{kind: CellKind; label: string}>;
	ascii: boolean;
	color: boolean;
	yLabel: (value: number) => string;
}) {
	const height = grid.rows.length;
	const axis = ascii ? '|' : '│';
	const plotWidth = grid.rows[0]?.length ?? 0;
	const left = `${(grid.t0 / 1000).toFixed(1)}s`;
	const right = `${(grid.t1 / 1000).toFixed(1)}s`;
	return (
		<Box flexDirection="column">
			<Text bold>{title}</Text>
			{grid.rows.map((row, i) => {
				const label = i === 0 ? yLabel(grid.yMax) : i === height - 1 ? yLabel(grid.yMin) : '';
				return (
					<Box key={i}>
						<Text dimColor>{label.padStart(AXIS_WIDTH - 1).slice(-(AXIS_WIDTH - 1)) + axis}</Text>
						<GridRow row={row} ascii={ascii} color={color} />
					</Box>
				);
			})}
			<Text dimColor>{' '.repeat(AXIS_WIDTH) + left + right.padStart(Math.max(1, plotWidth - left.length))}</Text>
			<Text>
				{' '.repeat(AXIS_WIDTH)}
				{legend.map((item, i) => (
					<Text key={i}>
						<Text color={color ? COLORS[item.kind] : undefined}>{cellChar(item.kind, ascii)}</Text>
						{` ${item.label}  `}
					</Text>
				))}
			</Text>
		</Box>
	);
}

export interface PlotProps {
	recorder: PlotRecorder;
	/** Virtual time now, so the x axis runs up to the present. */
	now: number;
	width: number;
	height: number;
	lang: Lang;
	ascii?: boolean;
	color?: boolean;
}

/** cwnd (area) and ssthresh (line) over time. `height` counts every row it draws. */
export function CwndPlot({recorder, now, width, height, lang, ascii = false, color = true}: PlotProps) {
	const grid = cwndGrid(recorder.cwnd, Math.max(1, width - AXIS_WIDTH), Math.max(1, height - 3), now);
	if (recorder.cwnd.length === 0) return <Text dimColor>{t('cwndTitle', lang)}: {t('noData', lang)}</Text>;
	return (
		<GridView
			grid={grid}
			title={t('cwndTitle', lang)}
			legend={[{kind: 'cwnd', label: t('legendCwnd', lang)}, {kind: 'ssthresh', label: t('legendSsthresh', lang)}]}
			ascii={ascii}
			color={color}
			yLabel={formatBytes}
		/>
	);
}

/** The sequence-vs-time graph of the recorder's sending side. `height` counts every row it draws. */
export function StevensGraph({recorder, now, width, height, lang, ascii = false, color = true}: PlotProps) {
	const grid = stevensGrid(recorder.seq, Math.max(1, width - AXIS_WIDTH), Math.max(1, height - 3), now);
	if (recorder.seq.length === 0) return <Text dimColor>{t('stevensTitle', lang)}: {t('noData', lang)}</Text>;
	return (
		<GridView
			grid={grid}
			title={t('stevensTitle', lang)}
			legend={[
				{kind: 'sent', label: t('legendSent', lang)},
				{kind: 'retransmitted', label: t('legendRetransmitted', lang)},
				{kind: 'lost', label: t('legendLost', lang)},
				{kind: 'ack', label: t('legendAck', lang)},
			]}
			ascii={ascii}
			color={color}
			yLabel={formatBytes}
		/>
	);
}

/** Both plots stacked, splitting `height` between them: the plot view of the congestion lesson. */
export function CongestionPlots(props: PlotProps) {
	const top = Math.floor(props.height / 2);
	return (
		<Box flexDirection="column">
			<CwndPlot {...props} height={top} />
			<StevensGraph {...props} height={props.height - top} />
		</Box>
	);
}
