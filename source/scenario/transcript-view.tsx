// The transcript drawn with the wide-character-safe ink-table: live in the TUI's transcript
// view (TranscriptTable) and as plain text for `tcp-tui run` (renderTranscript).
import React from 'react';
import {renderToString} from 'ink';
import {Table, tableWidth, type TableProps} from '../ui/Table.js';
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
 * Long transcripts are drawn in slices of rows and joined at the separator lines.
 */
export function renderTranscript(rows: readonly TranscriptRow[], options: Omit<TranscriptTableProps, 'rows'>): string {
	const full = tableProps({...options, rows});
	const columns = tableWidth(full);
	const sliceOutputs: string[][] = [];
	for (let start = 0; start === 0 || start < rows.length; start += ROWS_PER_SLICE) {
		const slice = full.data.slice(start, start + ROWS_PER_SLICE);
		// Every slice measures its columns against the whole table, so the slices line up.
		const output = renderToString(<Table {...full} data={slice} widthsFrom={full.data} />, {columns});
		sliceOutputs.push(output.split('\n').map((line) => line.trimEnd()));
	}
	// Each slice has its own top border and heading, and its own bottom border: keep the first
	// slice's head and the last slice's foot. Every data row brings its separator line above it.
	const out: string[] = [];
	sliceOutputs.forEach((lines, index) => {
		while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
		out.push(...lines.slice(index === 0 ? 0 : 2, index === sliceOutputs.length - 1 ? lines.length : -1));
	});
	return out.join('\n');
}
