// Enter on a selected segment: every IPv4 and TCP header field, the options, the checksums
// (and whether they verify, on the bytes as they arrived), the payload and what became of it.
import React from 'react';
import {Box} from 'ink';
import {byteCount, type Lang} from '../i18n/lang.js';
import {uiText} from '../i18n/ui.js';
import {decodeSegment, describeOptions} from '../stack/segment.js';
import {flagLabel} from '../stack/types.js';
import {Txt, useUi} from './context.js';
import {relativeTo, type LadderEntry} from './store.js';
import {formatTime, padEnd, printableBytes, truncate, width} from './text.js';

function hex16(value: number): string {
	return `0x${value.toString(16).padStart(4, '0')}`;
}

function get16(b: Uint8Array, at: number): number {
	return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

/** A detail row: name, value, whether it is bad, and the bytes it came from ([start, end) in the packet). */
export type DetailRow = [name: string, value: string, bad?: boolean, bytes?: readonly [number, number]];

/** Every field of the segment as [name, value] rows. */
export function detailRows(entry: LadderEntry, lang: Lang): DetailRow[] {
	const s = entry.segment;
	const bytes = entry.sentBytes;
	const ihl = ((bytes[0] ?? 0x45) & 0x0f) * 4;
	const dataOffset = ((bytes[ihl + 12] ?? 0x50) >>> 4) * 4;
	// The checksums are judged on the bytes the receiver got (a corrupted copy, if the link flipped a bit).
	const arrived = entry.arrivedBytes ?? bytes;
	const verdict = decodeSegment(arrived);
	const tcpSum = hex16(get16(arrived, ihl + 16));
	const ipSum = hex16(get16(arrived, 10));
	const ipBad = !verdict.ok && verdict.reason === 'bad-ip-checksum';
	const tcpBad = !verdict.ok && !ipBad;
	const reason = verdict.ok ? '' : verdict.reason;
	const fate =
		entry.fate === 'flying' ? uiText(lang, 'fateFlying')
			: entry.fate === 'wire' ? uiText(lang, 'fateWire')
			: entry.fate === 'lost' ? uiText(lang, 'fateLost')
				: entry.fate === 'dropped' ? uiText(lang, 'fateDropped', {reason: entry.dropReason ?? reason})
					: entry.fate === 'corrupted' ? uiText(lang, 'fateCorrupted')
						: uiText(lang, 'fateDelivered');
	const t = ihl; // where the TCP header starts
	const rows: DetailRow[] = [
		['IP src → dst', `${s.src} → ${s.dst}`, false, [12, 20]],
		['IP total length', String(get16(bytes, 2)), false, [2, 4]],
		['IP id / TTL', `${s.ipId ?? get16(bytes, 4)} / ${s.ttl ?? bytes[8] ?? '?'}`, false, [4, 9]],
		['IP checksum', uiText(lang, ipBad ? 'detailChecksumBad' : 'detailChecksumOk', {value: ipSum, reason}), ipBad, [10, 12]],
		['TCP ports', `${s.srcPort} → ${s.dstPort}`, false, [t, t + 4]],
		['seq', `${s.seq} (rel ${relativeTo(s.seq, entry.seqBase)})`, false, [t + 4, t + 8]],
		['ack', s.flags.ack ? `${s.ack} (rel ${relativeTo(s.ack, entry.ackBase)})` : `${s.ack} (ACK flag off)`, false, [t + 8, t + 12]],
		['data offset', byteCount(lang, dataOffset), false, [t + 12, t + 13]],
		['flags', flagLabel(s.flags) || '-', false, [t + 12, t + 14]],
		['window', String(s.window), false, [t + 14, t + 16]],
		['TCP checksum', uiText(lang, tcpBad ? 'detailChecksumBad' : 'detailChecksumOk', {value: tcpSum, reason}), tcpBad, [t + 16, t + 18]],
		['urgent pointer', String(s.urgent), false, [t + 18, t + 20]],
		[uiText(lang, 'detailOptions'), describeOptions(s.options) || '-', false, [t + 20, t + dataOffset]],
		[uiText(lang, 'detailPayload'), s.payload.length > 0 ? `${s.payload.length} B "${printableBytes(s.payload.subarray(0, 64))}"` : '0 B', false, [t + dataOffset, bytes.length]],
		[uiText(lang, 'detailSent'), formatTime(entry.sentAt)],
		[uiText(lang, 'detailArrive'), entry.fate === 'wire' ? uiText(lang, 'arriveUnseen') : entry.arriveAt === null ? '-' : formatTime(entry.arriveAt)],
		[uiText(lang, 'detailFate'), fate],
	];
	if (entry.copyOf !== undefined) rows.push([uiText(lang, 'duplicate'), `#${entry.copyOf}`]);
	return rows;
}

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
	// Room: title, the field rows, a heading and the hex lines, the footer. Fields give way to at least three hex lines.
	const room = Math.max(0, props.height - 3);
	const hexNeeded = Math.ceil(bytes.length / HEX_PER_LINE);
	const hexCount = Math.min(hexNeeded, Math.max(3, room - rows.length));
	const fieldCount = Math.max(1, Math.min(rows.length, room - hexCount));
	const firstField = Math.max(0, Math.min(selected - Math.floor(fieldCount / 2), rows.length - fieldCount));
	// Scroll the hex so the selected field's first byte is in view.
	const fieldLine = range ? Math.floor(range[0] / HEX_PER_LINE) : 0;
	const firstHex = Math.max(0, Math.min(fieldLine, hexNeeded - hexCount));
	const marker = ui.glyphs.pointer;
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Txt bold color="yellow">{' ' + ui.t('detailTitle', {id: props.entry.id, dir: props.entry.dir})}</Txt>
			{rows.slice(firstField, firstField + fieldCount).map(([name, value, bad], i) => {
				const on = firstField + i === selected;
				return (
					<Txt key={name}>
						<Txt bold={on}>{on ? marker : ' '}</Txt>
						<Txt dimColor={!on} bold={on} inverse={on}>{padEnd(name, nameWidth)}</Txt>
						<Txt color={bad ? 'red' : undefined}>{truncate(value, props.width - nameWidth - 2)}</Txt>
					</Txt>
				);
			})}
			<Txt dimColor>{' ' + ui.t(props.entry.arrivedBytes ? 'detailBytesArrived' : 'detailBytesSent', {n: bytes.length})}</Txt>
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
