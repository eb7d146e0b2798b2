// The transcript drawn with the wide-character-safe ink-table: live in the TUI's transcript
// view (TranscriptTable) and as plain text for `tcp-tui run` (renderTranscript).
import React from 'react';
import {renderToString} from 'ink';
import stringWidth from 'string-width';
import {measureColumnWidths, padToWidth, Table, widthOfColumns, type TableProps, type TableRow} from '../ui/Table.js';
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

/** The widest line of each column over the rows seen (what the table measures), without keeping the rows. */
export class ColumnWidths {
	private readonly widest: Record<string, number> = Object.fromEntries(COLUMNS.map((key) => [key, 0]));

	add(row: TranscriptRow): void {
		const cells: TableRow = transcriptCells(row);
		for (const key of COLUMNS) {
			for (const line of cells[key]!.split('\n')) {
				const width = stringWidth(line);
				if (width > this.widest[key]!) this.widest[key] = width;
			}
		}
	}

	/** Each column's width as the table measures it (heading included, padding included). */
	measure(headings: Record<string, string>, padding = 1): number[] {
		return COLUMNS.map((key) => Math.max(stringWidth(headings[key] ?? key), this.widest[key]!) + padding * 2);
	}
}

/**
 * The table as text, row by row, for a transcript too long to hold: the head and foot are drawn by
 * ink (the heading's colours), each row with its separator as ink draws it (borders bold when
 * colours are on): exactly what renderTranscript draws for the whole table.
 */
export class TranscriptPrinter {
	private readonly widths: number[];
	private readonly head: string[];
	private readonly separator: string;
	private readonly foot: string;
	/** A text row's border character with the codes ink draws around it. */
	private readonly bar: string;

	constructor(measured: ColumnWidths, options: Omit<TranscriptTableProps, 'rows'>) {
		const props = tableProps({...options, rows: []});
		const widths = measured.measure(props.headings ?? {});
		const draw = (data: TableRow[]): string[] => renderToString(<Table {...props} data={data} widths={widths} />, {columns: widthOfColumns(widths)})
			.split('\n').map((line) => line.trimEnd());
		const empty = draw([]);
		// [top, heading, bottom]; with one row of empty cells: [top, heading, separator, row, bottom].
		this.head = empty.slice(0, 2);
		this.foot = empty[2]!;
		const one = draw([Object.fromEntries(COLUMNS.map((key) => [key, '']))]);
		this.separator = one[2]!;
		const blank = one[3]!;
		const vertical = options.ascii ? '|' : '│';
		// The row of empty cells is ON│OFF, spaces, ON│OFF, …: the codes around a border character.
		const first = blank.indexOf(vertical);
		this.bar = blank.slice(0, blank.indexOf(' ', first));
		this.widths = widths.map((width) => width - 2);
	}

	/** The first lines: top border and heading. */
	top(): string[] {
		return [...this.head];
	}

	/** A row: its separator line, then as many lines as its tallest cell. */
	row(row: TranscriptRow): string[] {
		const cells: TableRow = transcriptCells(row);
		const lines = COLUMNS.map((key) => cells[key]!.split('\n'));
		const height = Math.max(1, ...lines.map((cell) => cell.length));
		const out = [this.separator];
		for (let i = 0; i < height; i++) {
			let line = '';
			for (let column = 0; column < COLUMNS.length; column++) line += `${this.bar} ${padToWidth(lines[column]![i] ?? '', this.widths[column]!)} `;
			out.push((line + this.bar).trimEnd());
		}
		return out;
	}

	/** The bottom border. */
	bottom(): string {
		return this.foot;
	}
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
