// The link column: a time–sequence ("ladder") diagram as in the notes and Wireshark's flow graph.
// Time flows down; each segment is an arrow from its sender's rail to the receiver's, drawn as
// far as it has travelled (in-flight segments move at the link's delay, scaled by the speed).
import React from 'react';
import {Box} from 'ink';
import {Txt, useUi, type Ui} from './context.js';
import {ladderText} from './format.js';
import {isBad} from './marks.js';
import type {LadderEntry} from './store.js';
import {padEnd, padStart, truncate, width as textWidth} from './text.js';
import {isNarrowText} from '../text/width.js';

export interface LadderProps {
	entries: readonly LadderEntry[];
	/** Progress 0..1 of each segment still on the wire, by id. */
	progress: ReadonlyMap<number, number>;
	width: number;
	height: number;
	selectedId: number | null;
	relative: boolean;
	twoLine: boolean;
	showTimes: boolean;
	/** Without the full time column, a compact one (4 columns: 1.25, 12.5, 125). */
	compactTimes?: boolean;
	/** Some rows are hidden (H, o): the heading says so. */
	filtered?: boolean;
}

/** How far along the wire an entry is drawn (0..1). A lost one stops half-way. */
export function entryProgress(entry: LadderEntry, progress: ReadonlyMap<number, number>): number {
	if (entry.fate === 'lost') return 0.5;
	// Not on the simulated link (any more): drawn complete. On a real wire our outgoing segments
	// are never seen arriving: they move only while our own link delays them, then are drawn as
	// sent, whole, and never animate again.
	if (entry.fate === 'flying' || entry.fate === 'wire') return progress.get(entry.id) ?? 1;
	return 1;
}

/** How many cells of the shaft a segment `fraction` of the way across `inner` columns has drawn. */
function reachOf(fraction: number, inner: number): number {
	return Math.max(0, Math.min(inner - 1, Math.round(fraction * (inner - 1))));
}

/** The arrow of one segment across `inner` columns, with `label` written over its shaft. */
export function drawArrow(entry: LadderEntry, fraction: number, label: string, inner: number, ui: Ui): string {
	const g = ui.glyphs;
	const out: string[] = new Array<string>(inner).fill(' ');
	const lost = entry.fate === 'lost';
	const reach = reachOf(fraction, inner);
	const head = lost ? g.lost : entry.dir === 'c2s' ? g.rightHead : g.leftHead;
	const headCell = entry.dir === 'c2s' ? reach : inner - 1 - reach;
	for (let i = 0; i < reach; i++) out[entry.dir === 'c2s' ? i : inner - 1 - i] = g.shaft;
	// Write the label over the shaft near the sender, one column in from the rail.
	const text = truncate(label, Math.max(0, inner - 2), g.ellipsis);
	// One column per code unit (the usual label), else measured character by character.
	const narrow = isNarrowText(text);
	const labelWidth = narrow ? text.length : textWidth(text);
	let col = entry.dir === 'c2s' ? 1 : inner - 1 - labelWidth;
	if (narrow) {
		for (let i = 0; i < text.length; i++, col++) if (col >= 0 && col < inner) out[col] = text[i]!;
	} else {
		for (const ch of text) {
			const w = textWidth(ch);
			if (col >= 0 && col + w <= inner) {
				out[col] = ch;
				// A double-width character covers the next cell.
				for (let k = 1; k < w; k++) out[col + k] = '';
			}
			col += w;
		}
	}
	// The head never hides the label: a moving one passes under it; a lost one's ✗ goes just past it.
	const labelStart = entry.dir === 'c2s' ? 1 : inner - 1 - labelWidth;
	const labelEnd = labelStart + labelWidth;
	if (labelWidth === 0 || headCell < labelStart || headCell >= labelEnd) out[headCell] = head;
	else if (lost) out[entry.dir === 'c2s' ? Math.min(inner - 1, labelEnd) : Math.max(0, labelStart - 1)] = head;
	return out.join('');
}

/** The arrow drawArrow last drew for an entry, and what it was drawn from. */
interface ArrowMemo {
	lost: boolean;
	reach: number;
	label: string;
	inner: number;
	glyphs: Ui['glyphs'];
	arrow: string;
}

const arrows = new WeakMap<LadderEntry, ArrowMemo>();

/**
 * drawArrow, drawn again only when the arrow could look different: it moved a cell, was lost, got
 * another label or width. Settled segments (nearly every row) are drawn once.
 */
export function arrowOf(entry: LadderEntry, fraction: number, label: string, inner: number, ui: Ui): string {
	const lost = entry.fate === 'lost';
	const reach = reachOf(fraction, inner);
	const memo = arrows.get(entry);
	if (memo !== undefined && memo.lost === lost && memo.reach === reach && memo.label === label && memo.inner === inner && memo.glyphs === ui.glyphs) {
		return memo.arrow;
	}
	const arrow = drawArrow(entry, fraction, label, inner, ui);
	arrows.set(entry, {lost, reach, label, inner, glyphs: ui.glyphs, arrow});
	return arrow;
}

/** Seconds for the time column: 1.250 in the wide one; 1.25, 12.5, 125, 12k in the compact one. */
export function timeColumnText(ms: number, wide: boolean): string {
	const s = ms / 1000;
	if (wide) return s.toFixed(3);
	if (s < 10) return s.toFixed(2);
	if (s < 100) return s.toFixed(1);
	if (s < 10_000) return String(Math.round(s));
	return `${Math.round(s / 1000)}k`;
}

/** The colour of a segment's arrow: red when something went wrong, RST magenta, else by direction. */
export function entryColor(entry: LadderEntry): string {
	return isBad(entry) ? 'red' : entry.flags.includes('RST') ? 'magenta' : entry.dir === 'c2s' ? 'cyan' : 'green';
}

/** Without colour (--no-color, NO_COLOR) inverse may not show either: the selection gets a marker in the rail. */
export function selectionMarker(ui: Ui): string | null {
	return ui.color ? null : ui.glyphs.pointer;
}

export function Ladder(props: LadderProps): React.JSX.Element {
	const ui = useUi();
	const g = ui.glyphs;
	const timeWidth = props.showTimes ? 8 : props.compactTimes ? 4 : 0;
	const inner = Math.max(4, props.width - 2 - timeWidth);
	const perEntry = props.twoLine ? 2 : 1;
	const marker = selectionMarker(ui);
	// The first row says how sequence numbers are shown (relative to the ISNs, like Wireshark, or absolute).
	const capacity = Math.max(1, Math.floor((props.height - 1) / perEntry));
	const entries = props.entries;
	// Follow the newest segment, unless one is selected: then keep it in view.
	let end = entries.length;
	if (props.selectedId !== null) {
		const index = entries.findIndex((e) => e.id === props.selectedId);
		if (index >= 0 && index < end - capacity) end = Math.min(entries.length, index + Math.ceil(capacity / 2));
	}
	let start = Math.max(0, end - capacity);
	const hidden = start;
	if (hidden > 0) start++; // the first row says how many are above
	const visible = entries.slice(start, end);
	const blankRail = `${' '.repeat(timeWidth)}${g.rail}${' '.repeat(inner)}${g.rail}`;
	const lines: React.JSX.Element[] = [];
	const numbering = `${ui.t(props.relative ? 'relative' : 'absolute')} (#)${props.filtered ? ` · ${ui.t('ladderFiltered')}` : ''}`;
	lines.push(<Txt key="head" dimColor>{`${' '.repeat(timeWidth)}${g.rail}${padEnd(' ' + numbering, inner)}${g.rail}`}</Txt>);
	if (hidden > 0) {
		lines.push(<Txt key="more" dimColor>{`${' '.repeat(timeWidth)}${g.rail}${padEnd(' ' + ui.t('more', {n: start}), inner)}${g.rail}`}</Txt>);
	}
	if (entries.length === 0) {
		lines.push(<Txt key="empty" dimColor>{`${' '.repeat(timeWidth)}${g.rail}${padEnd(' ' + ui.t('ladderEmpty'), inner)}${g.rail}`}</Txt>);
	}
	// Rows are keyed by place: as segments come the ladder scrolls, and each line takes the text
	// below it instead of one line being made (an Ink node and a Yoga node) and another dropped.
	for (const entry of visible) {
		const fraction = entryProgress(entry, props.progress);
		const text = ladderText(entry, props.relative, ui.lang, inner - 2, g.ellipsis);
		const bad = isBad(entry);
		const selected = entry.id === props.selectedId;
		const color = entryColor(entry);
		const time = props.showTimes ? padStart(timeColumnText(entry.sentAt, true), timeWidth - 1) + ' '
			: props.compactTimes ? padStart(timeColumnText(entry.sentAt, false), timeWidth) : '';
		const rail = selected && marker ? marker : g.rail;
		if (props.twoLine) {
			const fitted = truncate(text, inner - 2, g.ellipsis);
			const aligned = entry.dir === 'c2s' ? padEnd(' ' + fitted, inner) : padStart(fitted + ' ', inner);
			lines.push(
				<Txt key={`row-${lines.length}`} inverse={selected} color={bad ? 'red' : undefined}>{`${time}${rail}${aligned}${g.rail}`}</Txt>,
			);
			lines.push(
				<Txt key={`row-${lines.length}`} inverse={selected} color={color}>
					{`${' '.repeat(timeWidth)}${rail}${arrowOf(entry, fraction, '', inner, ui)}${g.rail}`}
				</Txt>,
			);
		} else {
			lines.push(
				<Txt key={`row-${lines.length}`} inverse={selected} color={color}>
					{`${time}${rail}${arrowOf(entry, fraction, text, inner, ui)}${g.rail}`}
				</Txt>,
			);
		}
	}
	while (lines.length < props.height) lines.push(<Txt key={`row-${lines.length}`} dimColor>{blankRail}</Txt>);
	return (
		<Box flexDirection="column" width={props.width} height={props.height} flexShrink={0} overflow="hidden">
			{lines.slice(0, props.height)}
		</Box>
	);
}
