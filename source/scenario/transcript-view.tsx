// The transcript drawn with the wide-character-safe ink-table: live in the TUI's transcript
// view (TranscriptTable) and as plain text for `tcp-tui run` (renderTranscript).
import React from 'react';
import {renderToString} from 'ink';
import {Table} from '../ui/Table.js';
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

export function TranscriptTable(props: TranscriptTableProps): React.JSX.Element {
	const optional = {
		...(props.ascii === undefined ? {} : {ascii: props.ascii}),
		...(props.color === undefined ? {} : {color: props.color}),
		...(props.maxColumnWidth === undefined ? {} : {maxColumnWidth: props.maxColumnWidth}),
	};
	return <Table data={props.rows.map(transcriptCells)} columns={COLUMNS} headings={transcriptHeadings(props.lang)} {...optional} />;
}

/** The table as text (no terminal needed). Wide enough that ink never wraps a row. */
export function renderTranscript(rows: readonly TranscriptRow[], options: Omit<TranscriptTableProps, 'rows'>): string {
	const output = renderToString(<TranscriptTable rows={rows} {...options} />, {columns: 100_000});
	return output.split('\n').map((line) => line.trimEnd()).join('\n');
}
