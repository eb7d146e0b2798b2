// The transcript drawn with the wide-character-safe ink-table: live in the TUI's transcript
// view (TranscriptTable) and as plain text for `tcp-tui run` (renderTranscript).
import React from 'react';
import {renderToString} from 'ink';
import {measureColumnWidths, Table, widthOfColumns, type TableProps} from '../ui/Table.js';
import type {Lang} from '../i18n/lang.js';
import {transcriptCells, transcriptHeadings, type TranscriptRow} from './transcript.js';

export interface TranscriptTableProps {
	rows: readonly TranscriptRow[];
	lang: Lang;
	ascii?: boolean;
	color?: boolean;
	/** Widest a column may be (cells are cut with "…"); default: unlimited. */
	maxColumnWidth?: number;
}

const COLUMNS = ['t', 'client', 'segments', 'server'];

function tableProps(props: TranscriptTableProps): TableProps {
	return {
		data: props.rows.map(transcriptCells),
		columns: COLUMNS,
		headings: transcriptHeadings(props.lang),
		...(props.ascii === undefined ? {} : {ascii: props.ascii}),
		...(props.color === undefined ? {} : {color: props.color}),
		...(props.maxColumnWidth === undefined ? {} : {maxColumnWidth: props.maxColumnWidth}),
	};
}

export function TranscriptTable(props: TranscriptTableProps): React.JSX.Element {
	return <Table {...tableProps(props)} />;
}

/** Rows rendered per ink pass: a long run's table is drawn in slices, so memory stays small. */
const ROWS_PER_SLICE = 200;

/**
 * The table as text (no terminal needed), exactly as wide as the table so ink never wraps a row.
 * Long transcripts are drawn in slices of rows and joined at the separator lines. The column
 * widths are measured once over the whole table and handed to every slice, so the work grows
 * with the number of rows, not with its square.
 */
export function renderTranscript(rows: readonly TranscriptRow[], options: Omit<TranscriptTableProps, 'rows'>): string {
	const full = tableProps({...options, rows});
	const widths = measureColumnWidths(full);
	const columns = widthOfColumns(widths);
	const slices: string[][] = [];
	for (let start = 0; start === 0 || start < rows.length; start += ROWS_PER_SLICE) {
		const slice = full.data.slice(start, start + ROWS_PER_SLICE);
		slices.push(renderToString(<Table {...full} data={slice} widths={widths} />, {columns}).split('\n'));
	}
	return joinSlices(slices).join('\n');
}

/**
 * The lines of slices drawn one after another, as one table. Each slice has its own top border and
 * heading, and its own bottom border: the first slice's head and the last slice's foot are kept.
 * Every data row brings its separator line above it.
 */
export function joinSlices(slices: string[][]): string[] {
	const out: string[] = [];
	slices.forEach((lines, index) => {
		let end = lines.length;
		while (end > 0 && lines[end - 1]!.trimEnd() === '') end--;
		const from = index === 0 ? 0 : 2;
		const to = index === slices.length - 1 ? end : end - 1;
		// One line at a time: a time slot of 68 000 events is one row of as many lines, too many
		// to spread into a call's arguments.
		for (let i = from; i < to; i++) out.push(lines[i]!.trimEnd());
	});
	return out;
}
