// ink-table that lines up Korean (double-width) text. @alcalzone/ink-table measures and pads
// cells with String.length, so a cell like "클라이언트" (5 code units, 10 terminal cells) pushes
// its row's right border 5 cells out. This subclass keeps ink-table's structure and props and
// replaces exactly the two places that measure: the column widths (getColumns) and the row
// builders that pad each cell. It measures in terminal cells (string-width's answer, see source/text/width.ts), and also
// supports multi-line cells ("\n"), a cap on column width (cut with "…"), and ASCII borders.
import React from 'react';
import {Box, Text} from 'ink';
import {Table as InkTable, Cell as InkCell, Header as InkHeader, Skeleton as InkSkeleton} from '@alcalzone/ink-table';
import {displayWidth as measure} from '../text/width.js';
import {truncate} from './text.js';

export type TableRow = Record<string, string>;

export interface TableProps {
	data: TableRow[];
	/** Column keys in order (default: every key of the data, in first-seen order). */
	columns?: string[];
	/** Text shown in the heading row for each key (default: the key). */
	headings?: Record<string, string>;
	/** Spaces on each side of a cell (default 1). */
	padding?: number;
	/** Widest a column may be, in terminal cells, padding excluded; longer lines are cut with "…". */
	maxColumnWidth?: number;
	/** Draw with + - | instead of box-drawing characters. */
	ascii?: boolean;
	/** false: no colour in the heading (NO_COLOR, --no-color). */
	color?: boolean;
	/**
	 * Column widths already measured (measureColumnWidths over the whole table), to draw a long
	 * table in slices that line up without measuring every row again for each slice.
	 */
	widths?: readonly number[];
}

interface Column {
	key: string;
	column: string;
	/** Width in terminal cells, padding included. */
	width: number;
	align: 'left' | 'right' | 'center';
}

interface RowProps {
	key: string;
	data: Partial<TableRow>;
	columns: Column[];
}

interface SkeletonChars {
	line: string;
	left: string;
	right: string;
	cross: string;
}

const UNICODE_SKELETON = {
	top: {line: '─', left: '┌', right: '┐', cross: '┬'},
	text: {line: ' ', left: '│', right: '│', cross: '│'},
	middle: {line: '─', left: '├', right: '┤', cross: '┼'},
	bottom: {line: '─', left: '└', right: '┘', cross: '┴'},
} satisfies Record<string, SkeletonChars>;

const ASCII_SKELETON = {
	top: {line: '-', left: '+', right: '+', cross: '+'},
	text: {line: ' ', left: '|', right: '|', cross: '|'},
	middle: {line: '-', left: '+', right: '+', cross: '+'},
	bottom: {line: '-', left: '+', right: '+', cross: '+'},
} satisfies Record<string, SkeletonChars>;

/** Display width in terminal cells (East Asian wide characters count 2). */
export function displayWidth(text: string): number {
	return measure(text);
}

/** Cut text to at most `width` terminal cells, ending with the ellipsis ("…", or "..." in ASCII) when cut. */
export function truncateToWidth(text: string, width: number, ellipsis = '…'): string {
	return truncate(text, width, ellipsis);
}

/** Pad text with `fill` to exactly `width` cells (text must already fit). */
export function padToWidth(text: string, width: number, align: Column['align'] = 'left', fill = ' '): string {
	const spaces = Math.max(0, width - measure(text));
	if (align === 'right') return fill.repeat(spaces) + text;
	if (align === 'center') return fill.repeat(Math.floor(spaces / 2)) + text + fill.repeat(Math.ceil(spaces / 2));
	return text + fill.repeat(spaces);
}

function cellLines(value: string | undefined, maxWidth: number, ascii = false): string[] {
	if (value === undefined || value === null) return [];
	return String(value).split('\n').map((line) => truncateToWidth(line, maxWidth, ascii ? '...' : '…'));
}

/** Cells measured and data rows drawn since the last reset: tests check that drawing a table is linear. */
export const tableWork = {cellsMeasured: 0, rowsDrawn: 0};

/** Each column's width in terminal cells, padding included. */
function columnWidths(props: TableProps, keys: string[], headings: Partial<TableRow>): number[] {
	if (props.widths) return [...props.widths];
	const padding = props.padding ?? 1;
	const maxWidth = props.maxColumnWidth ?? Number.POSITIVE_INFINITY;
	return keys.map((key) => {
		let width = 0;
		for (const line of cellLines(headings[key], maxWidth, props.ascii)) width = Math.max(width, measure(line));
		for (const row of props.data) {
			tableWork.cellsMeasured++;
			for (const line of cellLines(row[key], maxWidth, props.ascii)) width = Math.max(width, measure(line));
		}
		return width + padding * 2;
	});
}

/** Each column's width in terminal cells, padding included: one pass over every cell of `data`. */
export function measureColumnWidths(props: TableProps): number[] {
	const keys = props.columns ?? [...new Set(props.data.flatMap((row) => Object.keys(row)))];
	const headings: TableRow = {};
	for (const key of keys) headings[key] = props.headings?.[key] ?? key;
	return columnWidths(props, keys, headings);
}

/** How wide a table of these column widths is, borders included. */
export function widthOfColumns(widths: readonly number[]): number {
	return widths.reduce((sum, width) => sum + width, 0) + widths.length + 1;
}

/** How wide the table will be, in terminal cells (to render it without wrapping, or to fit it). */
export function tableWidth(props: TableProps): number {
	return widthOfColumns(measureColumnWidths(props));
}

const PlainHeader = React.memo(function PlainHeader(props: React.PropsWithChildren<{}>): React.JSX.Element {
	return <Text bold>{props.children}</Text>;
});

// ink-table's own cell, heading and border components, memoised: a table drawn again (a TCB whose
// values move) renders only the cells whose text changed.
const MemoCell = React.memo(InkCell);
const MemoHeader = React.memo(InkHeader);
const MemoSkeleton = React.memo(InkSkeleton);

export class Table extends InkTable<TableRow> {
	declare props: Readonly<TableProps>;

	constructor(props: TableProps) {
		super(props);
		const chars = props.ascii ? ASCII_SKELETON : UNICODE_SKELETON;
		this.header = this.row(chars.top, 'skeleton');
		this.heading = this.row(chars.text, 'header');
		this.separator = this.row(chars.middle, 'skeleton');
		this.data = this.row(chars.text, 'cell');
		this.footer = this.row(chars.bottom, 'skeleton');
	}

	override getConfig(): ReturnType<InkTable<TableRow>['getConfig']> {
		const config = super.getConfig();
		return {
			...config,
			header: this.props.color === false ? PlainHeader : config.header === InkHeader ? MemoHeader : config.header,
			cell: config.cell === InkCell ? MemoCell : config.cell,
			skeleton: config.skeleton === InkSkeleton ? MemoSkeleton : config.skeleton,
		};
	}

	override getHeadings(): Partial<TableRow> {
		const headings: TableRow = {};
		for (const key of this.columnKeys()) headings[key] = this.props.headings?.[key] ?? key;
		return headings;
	}

	/** Column widths in terminal cells: the widest line of the heading and every cell. */
	override getColumns(): Column[] {
		return columnWidths(this.props, this.columnKeys(), this.getHeadings()).map((width, index) => {
			const key = this.columnKeys()[index]!;
			return {key, column: key, width, align: 'left' as const};
		});
	}

	/**
	 * ink-table's own layout, with rows keyed by their place: ink-table keys each row by a SHA-1 of
	 * its values, so a TCB value that changes (every frame while data moves) cost a hash per row and
	 * a new row of Ink and Yoga nodes in place of the old one. The elements drawn are the same.
	 */
	override render(): React.JSX.Element {
		const columns = this.getColumns();
		const headings = this.getHeadings();
		return (
			<Box flexDirection="column">
				{this.header({key: 'header', columns, data: {}})}
				{this.heading({key: 'heading', columns, data: headings})}
				{this.props.data.map((row, index) => (
					<Box key={`row-${index}`} flexDirection="column">
						{this.separator({key: `separator-${index}`, columns, data: {}})}
						{this.data({key: `data-${index}`, columns, data: row})}
					</Box>
				))}
				{this.footer({key: 'footer', columns, data: {}})}
			</Box>
		);
	}

	private columnKeys(): string[] {
		return this.props.columns ?? (this.getDataKeys() as string[]);
	}

	private padding(): number {
		return this.props.padding ?? 1;
	}

	private maxWidth(): number {
		return this.props.maxColumnWidth ?? Number.POSITIVE_INFINITY;
	}

	/** A row builder like ink-table's, measuring with string-width and allowing several lines per cell. */
	private row(chars: SkeletonChars, kind: 'skeleton' | 'header' | 'cell'): (props: RowProps) => React.JSX.Element {
		return (props: RowProps) => {
			const config = this.getConfig();
			const Skeleton = config.skeleton;
			const CellComponent = kind === 'header' ? (config.header as unknown as typeof InkCell) : kind === 'cell' ? config.cell : null;
			const padding = this.padding();
			const maxWidth = this.maxWidth();
			if (kind === 'cell') tableWork.rowsDrawn++;
			const lines = props.columns.map((column) => cellLines(props.data[column.column], maxWidth, this.props.ascii));
			const height = Math.max(1, ...lines.map((cell) => cell.length));
			const border = (char: string): string => Array.from({length: height}, () => char).join('\n');
			const children: React.JSX.Element[] = [<Skeleton key="left">{border(chars.left)}</Skeleton>];
			props.columns.forEach((column, index) => {
				if (index > 0) children.push(<Skeleton key={`cross-${index}`}>{border(chars.cross)}</Skeleton>);
				const cell = lines[index]!;
				if (CellComponent === null || props.data[column.column] === undefined) {
					children.push(<Skeleton key={`empty-${column.key}`}>{border(chars.line.repeat(column.width))}</Skeleton>);
					return;
				}
				const inner = column.width - padding * 2;
				const text = Array.from({length: height}, (_, i) => {
					const line = padToWidth(cell[i] ?? '', inner, column.align, chars.line);
					return chars.line.repeat(padding) + line + chars.line.repeat(padding);
				}).join('\n');
				children.push(<CellComponent key={`cell-${column.key}`} column={index}>{text}</CellComponent>);
			});
			children.push(<Skeleton key="right">{border(chars.right)}</Skeleton>);
			return <Box key={props.key} flexDirection="row">{children}</Box>;
		};
	}
}

export {InkCell as Cell, InkHeader as Header, InkSkeleton as Skeleton};
