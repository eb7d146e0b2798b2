// The ladder drawn to scale (T): each row is a slice of virtual time, and a segment's arrow slants
// from the row it was sent in to the row it arrived in, as textbook ladder diagrams draw them. So
// crossing FINs, a simultaneous open and reordering cross on screen, and an RTO's wait is a gap.
// Stretches where nothing is on the link fold into one row that says how long they were.
import React from 'react';
import {Box} from 'ink';
import {Txt, useUi, type Ui} from './context.js';
import {ladderText} from './format.js';
import {entryColor, selectionMarker, timeColumnText} from './Ladder.js';
import type {LadderEntry} from './store.js';
import {padEnd, truncate, width as textWidth} from './text.js';
import {isNarrowText} from '../text/width.js';
import {useNow} from './now.js';

export interface TimeLadderProps {
	entries: readonly LadderEntry[];
	now: number;
	width: number;
	height: number;
	selectedId: number | null;
	relative: boolean;
	/** Full time column (8 columns) or the compact one (4). */
	wideTimes: boolean;
	/** A typical one-way trip (the link's delay), ms: a row is about a third of it. */
	transit: number;
	/** Some rows are hidden (H, o): the heading says so. */
	filtered?: boolean;
}

/** The ladder of row sizes: a crossing takes three rows or more. */
const SLICES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];
/** How many of the newest segments are laid out (the rest are far off screen). */
const LAID_OUT = 400;

export function sliceFor(transit: number): number {
	let slice = SLICES[0]!;
	for (const s of SLICES) if (s <= transit / 3) slice = s;
	return slice;
}

interface Span {
	entry: LadderEntry;
	sendRow: number;
	endRow: number;
	/** Time the arrow stops being drawn (arrival, loss, or now while in flight). */
	end: number;
	/** Time it reaches the far rail (or would have, if lost). */
	full: number;
	head: string;
}

type Row = {kind: 'time'; index: number} | {kind: 'gap'; ms: number};

interface Cell {
	ch: string;
	color?: string;
	inverse?: boolean;
}

function spanOf(entry: LadderEntry, slice: number, now: number, ui: Ui): Span {
	const g = ui.glyphs;
	const sent = entry.sentAt;
	const full = Math.max(sent, entry.arriveAt ?? entry.doneAt ?? sent);
	let end: number;
	if (entry.fate === 'flying' || entry.fate === 'wire') end = Math.min(now, full);
	else if (entry.fate === 'lost') end = entry.doneAt ?? (sent + full) / 2;
	else end = entry.doneAt ?? full;
	end = Math.max(sent, end);
	const head = entry.fate === 'lost' ? g.lost : entry.dir === 'c2s' ? g.rightHead : g.leftHead;
	return {entry, sendRow: Math.floor(sent / slice), endRow: Math.floor(end / slice), end, full, head};
}

/** The column of a span at time t (0 at the sender's rail). */
function column(span: Span, t: number, inner: number): number {
	const total = span.full - span.entry.sentAt;
	const f = total <= 0 ? 1 : Math.max(0, Math.min(1, (t - span.entry.sentAt) / total));
	const x = Math.round(f * (inner - 1));
	return span.entry.dir === 'c2s' ? x : inner - 1 - x;
}

/** Rows to draw: every time slice something is on the link, idle stretches folded into one. */
function layoutRows(spans: readonly Span[], nowRow: number, slice: number): {rows: Row[]; indexOf: Map<number, number>} {
	const busy = new Set<number>([nowRow]);
	for (const s of spans) for (let r = s.sendRow; r <= s.endRow; r++) busy.add(r);
	const sorted = [...busy].sort((a, b) => a - b);
	const rows: Row[] = [];
	const indexOf = new Map<number, number>();
	let previous: number | null = null;
	for (const r of sorted) {
		if (previous !== null && r - previous > 1) {
			// One idle slice stays a blank row (the geometry is still to scale); more fold into one.
			if (r - previous === 2) rows.push({kind: 'time', index: previous + 1});
			else rows.push({kind: 'gap', ms: (r - previous - 1) * slice});
		}
		indexOf.set(r, rows.length);
		rows.push({kind: 'time', index: r});
		previous = r;
	}
	return {rows, indexOf};
}

const BLANK: Cell = Object.freeze({ch: ' '});

/** A run of a row's cells drawn alike; `key`: the column it starts at. */
interface Run {
	key: number;
	text: string;
	color?: string;
	inverse?: boolean;
}

/**
 * One time slice of the ladder. `signature` says everything it shows (its time, rail and runs),
 * so a row no arrow moved in is not rendered again.
 */
const TimeRow = React.memo(
	function TimeRow(props: {left: string; leftRail: string; runs: readonly Run[]; signature: string}): React.JSX.Element {
		const ui = useUi();
		// Plain runs (blank slices, or no colour at all) stay plain text: fewer nodes to lay out.
		const parts = props.runs.map((run) => ((!run.color || !ui.color) && !run.inverse
			? run.text
			: <Txt key={run.key} color={run.color} inverse={run.inverse}>{run.text}</Txt>));
		return (
			<Txt>
				{props.left}
				{props.leftRail}
				{parts}
				{ui.glyphs.rail}
			</Txt>
		);
	},
	(before, after) => before.signature === after.signature,
);

function gapText(ms: number): string {
	return ms >= 10_000 ? `+${Math.round(ms / 1000)}s` : `+${(ms / 1000).toFixed(1)}s`;
}

export function TimeLadder(props: TimeLadderProps): React.JSX.Element {
	const ui = useUi();
	const g = ui.glyphs;
	// Rows are slices of time down to now: the ladder follows the clock.
	const now = useNow(props.now);
	const timeWidth = props.wideTimes ? 8 : 4;
	const inner = Math.max(4, props.width - 2 - timeWidth);
	const slice = sliceFor(props.transit);
	const entries = props.entries.slice(-LAID_OUT);
	const spans = entries.map((e) => spanOf(e, slice, now, ui));
	const nowRow = Math.floor(now / slice);
	const {rows, indexOf} = layoutRows(spans, nowRow, slice);

	// Which rows fit: the newest, or around the selected segment. Following the newest, the view
	// turns half a page at a time rather than a row per time slice, so most frames rewrite only the
	// rows where something moved (a terminal over SSH gets a few KB/s, not the whole ladder each frame).
	const capacity = Math.max(1, props.height - 1);
	const page = Math.max(1, Math.floor(capacity / 2));
	let start = rows.length <= capacity ? 0 : Math.ceil((rows.length - capacity) / page) * page;
	const selected = props.selectedId === null ? undefined : spans.find((s) => s.entry.id === props.selectedId);
	if (selected) {
		const at = indexOf.get(selected.sendRow) ?? 0;
		if (at < start || at >= start + capacity) start = Math.max(0, Math.min(rows.length - capacity, at - Math.floor(capacity / 2)));
	}
	const end = Math.min(rows.length, start + capacity);
	const shown = rows.slice(start, end);
	// Only the arrows that touch the rows shown are drawn (and labelled).
	const onScreen = spans.filter((span) => (indexOf.get(span.endRow) ?? -1) >= start && (indexOf.get(span.sendRow) ?? Infinity) < end);

	// The grid of the shown rows, arrows first, labels over them. Cells are never changed, only
	// replaced, so the blank and each arrow's cells are shared.
	const grid: Cell[][] = shown.map(() => new Array<Cell>(inner).fill(BLANK));
	const labelled: Array<Array<[number, number]>> = shown.map(() => []);
	const slant = (dir: LadderEntry['dir']): string => (dir === 'c2s' ? '╲' : '╱');
	for (const span of onScreen) {
		const color = entryColor(span.entry);
		const isSelected = span.entry.id === props.selectedId;
		const shaft: Cell = {ch: g.shaft, color, inverse: isSelected};
		const head: Cell = {ch: span.head, color, inverse: isSelected};
		const slanted: Cell = {ch: slant(span.entry.dir), color, inverse: isSelected};
		for (let r = span.sendRow; r <= span.endRow; r++) {
			const at = indexOf.get(r);
			if (at === undefined || at < start || at >= end) continue;
			const row = grid[at - start]!;
			const from = column(span, Math.max(span.entry.sentAt, r * slice), inner);
			const to = column(span, Math.min(span.end, (r + 1) * slice), inner);
			const last = r === span.endRow;
			const lo = Math.min(from, to);
			const hi = Math.max(from, to);
			for (let c = lo; c <= hi; c++) row[c] = shaft;
			// The end of this row's piece: a slant where the arrow goes on below, its head where it stops.
			row[to] = last ? head : slanted;
		}
	}
	// Labels on the send row, or the first row of the arrow where there is room (two crossing
	// arrows sent at once each get a row).
	for (const span of onScreen) {
		const text = ladderText(span.entry, props.relative, ui.lang, inner - 3, g.ellipsis);
		const w = textWidth(text);
		if (w === 0) continue;
		const from = span.entry.dir === 'c2s' ? 1 : inner - 1 - w;
		const to = from + w;
		const color = entryColor(span.entry);
		const isSelected = span.entry.id === props.selectedId;
		for (let r = span.sendRow; r <= Math.max(span.endRow, span.sendRow + 2); r++) {
			const at = indexOf.get(r);
			if (at === undefined) continue;
			if (at < start || at >= end) break;
			const taken = labelled[at - start]!;
			if (taken.some(([a, b]) => a < to + 1 && from < b + 1)) continue;
			taken.push([from, to]);
			const row = grid[at - start]!;
			let col = from;
			const narrow = isNarrowText(text);
			for (const ch of text) {
				const cw = narrow ? 1 : textWidth(ch);
				row[col] = {ch, color, inverse: isSelected};
				for (let k = 1; k < cw; k++) row[col + k] = {ch: '', color, inverse: isSelected};
				col += cw;
			}
			break;
		}
	}

	const marker = selectionMarker(ui);
	const lines: React.JSX.Element[] = [];
	const heading = `${ui.t(props.relative ? 'relative' : 'absolute')} · ${ui.t('rowIs', {ms: slice})}${props.filtered ? ` · ${ui.t('ladderFiltered')}` : ''}`;
	lines.push(<Txt key="head" dimColor>{`${' '.repeat(timeWidth)}${g.rail}${padEnd(' ' + heading, inner)}${g.rail}`}</Txt>);
	shown.forEach((row, i) => {
		const cells = grid[i]!;
		const hasSelected = cells.some((c) => c.inverse);
		const time = row.kind === 'gap'
			? ''
			: onScreen.some((s) => s.sendRow === row.index) ? timeColumnText(row.index * slice, props.wideTimes) : '';
		const left = `${time.padStart(timeWidth)}`;
		const leftRail = hasSelected && marker ? marker : g.rail;
		if (row.kind === 'gap') {
			lines.push(<Txt key={`g-${i}`} dimColor>{`${left}${g.rail}${padEnd(` ⋮ ${gapText(row.ms)}`, inner)}${g.rail}`}</Txt>);
			return;
		}
		// Runs of cells drawn alike become one Text each.
		const runs: Run[] = [];
		let signature = `${left}\u0000${leftRail}`;
		let runText = '';
		let runStyle: Cell | null = null;
		const flush = (k: number): void => {
			if (runText === '') return;
			runs.push({key: k, text: runText, color: runStyle!.color, inverse: runStyle!.inverse});
			signature += `\u0001${k}\u0002${runStyle!.color ?? ''}\u0002${runStyle!.inverse ? 1 : 0}\u0002${runText}`;
			runText = '';
		};
		cells.forEach((cell, k) => {
			const differs = runStyle === null || !!cell.inverse !== !!runStyle.inverse || (ui.color && cell.color !== runStyle.color);
			if (differs) {
				flush(k);
				runStyle = cell;
			}
			runText += cell.ch;
		});
		flush(cells.length);
		lines.push(<TimeRow key={`r-${i}`} left={left} leftRail={leftRail} runs={runs} signature={signature} />);
	});
	const blank = `${' '.repeat(timeWidth)}${g.rail}${' '.repeat(inner)}${g.rail}`;
	while (lines.length < props.height) lines.push(<Txt key={`pad-${lines.length}`} dimColor>{blank}</Txt>);
	return (
		<Box flexDirection="column" width={props.width} height={props.height} flexShrink={0} overflow="hidden">
			{lines.slice(0, props.height)}
		</Box>
	);
}
