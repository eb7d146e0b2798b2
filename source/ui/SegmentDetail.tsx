// Enter on a selected segment: every IPv4 and TCP header field, the options, the checksums
// (and whether they verify, on the bytes as they arrived), the payload and what became of it.
import React from 'react';
import {Box} from 'ink';
import {Txt, useUi} from './context.js';
import {detailRows, type DetailRow} from './detail-rows.js';
import type {LadderEntry} from './store.js';
import {padEnd, truncate, width} from './text.js';

const HEX_PER_LINE = 16;

/**
 * Wireshark's bytes pane: offset, 16 bytes in hex, the same as text. The selected field's bytes
 * are in capitals (visible without colour) and drawn inverse.
 */
export function hexLines(bytes: Uint8Array, field: readonly [number, number] | undefined, from: number, count: number): Array<Array<{text: string; on: boolean}>> {
	const lines: Array<Array<{text: string; on: boolean}>> = [];
	const inField = (i: number): boolean => field !== undefined && i >= field[0] && i < field[1];
	for (let line = from; line < from + count && line * HEX_PER_LINE < bytes.length; line++) {
		const start = line * HEX_PER_LINE;
		const parts: Array<{text: string; on: boolean}> = [{text: `${start.toString(16).padStart(4, '0')}  `, on: false}];
		const text: Array<{text: string; on: boolean}> = [];
		for (let i = start; i < start + HEX_PER_LINE; i++) {
			if (i >= bytes.length) {
				parts.push({text: '   ', on: false});
				continue;
			}
			const hex = bytes[i]!.toString(16).padStart(2, '0');
			const on = inField(i);
			parts.push({text: on ? hex.toUpperCase() : hex, on}, {text: ' ', on: on && inField(i + 1) && i + 1 < start + HEX_PER_LINE});
			const ch = bytes[i]! >= 0x20 && bytes[i]! < 0x7f ? String.fromCharCode(bytes[i]!) : '.';
			text.push({text: ch, on});
		}
		lines.push([...parts, {text: ' ', on: false}, ...text]);
	}
	return lines;
}

/** Where the rows that always show start: the fate row (and the duplicate note after it). */
function pinnedFrom(rows: readonly DetailRow[], fateName: string): number {
	const at = rows.findIndex(([name]) => name === fateName);
	return at < 0 ? rows.length : at;
}

export function SegmentDetail(props: {entry: LadderEntry | null; width: number; height: number; field?: number}): React.JSX.Element {
	const ui = useUi();
	if (!props.entry) {
		return (
			<Box flexDirection="column" width={props.width} height={props.height}>
				<Txt>{' ' + ui.t('detailNone')}</Txt>
			</Box>
		);
	}
	const rows = detailRows(props.entry, ui.lang);
	const nameWidth = Math.max(...rows.map(([name]) => width(name))) + 2;
	const selected = Math.max(0, Math.min(rows.length - 1, props.field ?? 0));
	// The bytes as the receiver got them (a corrupted copy shows its flipped bit).
	const bytes = props.entry.arrivedBytes ?? props.entry.sentBytes;
	const range = rows[selected]![3];
	// Room: title, the field rows, a heading and the hex lines, the footer. The fate (and what
	// follows it) always shows: it is what the user opened the segment to learn. The hex dump gives
	// way first, down to one line (its heading says how many are out of view); then the other fields
	// scroll around the selected one.
	const room = Math.max(0, props.height - 3);
	const fateAt = pinnedFrom(rows, ui.t('detailFate'));
	const pinned = rows.length - fateAt;
	const hexNeeded = Math.ceil(bytes.length / HEX_PER_LINE);
	const scrollCount = Math.max(Math.min(1, fateAt), Math.min(fateAt, room - pinned - Math.min(1, hexNeeded)));
	const hexCount = Math.max(0, Math.min(hexNeeded, room - pinned - scrollCount));
	const firstField = selected >= fateAt ? 0 : Math.max(0, Math.min(selected - Math.floor(scrollCount / 2), fateAt - scrollCount));
	const shown = [...rows.slice(firstField, firstField + scrollCount).map((row, i) => ({row, index: firstField + i})), ...rows.slice(fateAt).map((row, i) => ({row, index: fateAt + i}))];
	// Scroll the hex so the selected field's first byte is in view.
	const fieldLine = range ? Math.floor(range[0] / HEX_PER_LINE) : 0;
	const firstHex = Math.max(0, Math.min(fieldLine, hexNeeded - hexCount));
	const above = firstHex;
	const below = hexNeeded - firstHex - hexCount;
	const heading = ui.t(props.entry.arrivedBytes ? 'detailBytesArrived' : 'detailBytesSent', {n: bytes.length});
	const more = above + below > 0 ? ' ' + ui.t('detailHexMore', {lines: `${above > 0 ? `↑${above}` : ''}${above > 0 && below > 0 ? ' ' : ''}${below > 0 ? `↓${below}` : ''}`}) : '';
	const marker = ui.glyphs.pointer;
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Txt bold color="yellow">{' ' + ui.t('detailTitle', {id: props.entry.id, dir: props.entry.dir})}</Txt>
			{shown.map(({row: [name, value, bad], index}) => {
				const on = index === selected;
				return (
					<Txt key={name}>
						<Txt bold={on}>{on ? marker : ' '}</Txt>
						<Txt dimColor={!on} bold={on} inverse={on}>{padEnd(name, nameWidth)}</Txt>
						<Txt color={bad ? 'red' : undefined}>{truncate(value, props.width - nameWidth - 2)}</Txt>
					</Txt>
				);
			})}
			<Txt dimColor>{' ' + heading + more}</Txt>
			{hexLines(bytes, range, firstHex, hexCount).map((parts, i) => (
				<Txt key={`hex-${i}`}>
					{' '}
					{parts.map((part, k) => (part.on ? <Txt key={k} inverse bold>{part.text}</Txt> : part.text))}
				</Txt>
			))}
			<Txt dimColor>{' ' + ui.t('detailClose')}</Txt>
		</Box>
	);
}
