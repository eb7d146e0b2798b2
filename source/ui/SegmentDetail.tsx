// Enter on a selected segment: every IPv4 and TCP header field, the options, the checksums
// (and whether they verify, on the bytes as they arrived), the payload and what became of it.
import React from 'react';
import {Box} from 'ink';
import type {Lang} from '../i18n/lang.js';
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

/** Every field of the segment as [name, value] rows. */
export function detailRows(entry: LadderEntry, lang: Lang): Array<[string, string, boolean?]> {
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
	const rows: Array<[string, string, boolean?]> = [
		['IP src → dst', `${s.src} → ${s.dst}`],
		['IP total length', String(get16(bytes, 2))],
		['IP id / TTL', `${s.ipId ?? get16(bytes, 4)} / ${s.ttl ?? bytes[8] ?? '?'}`],
		['IP checksum', uiText(lang, ipBad ? 'detailChecksumBad' : 'detailChecksumOk', {value: ipSum, reason}), ipBad],
		['TCP ports', `${s.srcPort} → ${s.dstPort}`],
		['seq', `${s.seq} (rel ${relativeTo(s.seq, entry.seqBase)})`],
		['ack', s.flags.ack ? `${s.ack} (rel ${relativeTo(s.ack, entry.ackBase)})` : `${s.ack} (ACK flag off)`],
		['data offset', `${dataOffset} bytes`],
		['flags', flagLabel(s.flags) || '-'],
		['window', String(s.window)],
		['TCP checksum', uiText(lang, tcpBad ? 'detailChecksumBad' : 'detailChecksumOk', {value: tcpSum, reason}), tcpBad],
		['urgent pointer', String(s.urgent)],
		[uiText(lang, 'detailOptions'), describeOptions(s.options) || '-'],
		[uiText(lang, 'detailPayload'), s.payload.length > 0 ? `${s.payload.length} B "${printableBytes(s.payload.subarray(0, 64))}"` : '0 B'],
		[uiText(lang, 'detailSent'), formatTime(entry.sentAt)],
		[uiText(lang, 'detailArrive'), entry.fate === 'wire' ? uiText(lang, 'arriveUnseen') : entry.arriveAt === null ? '-' : formatTime(entry.arriveAt)],
		[uiText(lang, 'detailFate'), fate],
	];
	if (entry.copyOf !== undefined) rows.push([uiText(lang, 'duplicate'), `#${entry.copyOf}`]);
	return rows;
}

export function SegmentDetail(props: {entry: LadderEntry | null; width: number; height: number}): React.JSX.Element {
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
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Txt bold color="yellow">{' ' + ui.t('detailTitle', {id: props.entry.id, dir: props.entry.dir})}</Txt>
			{rows.slice(0, Math.max(0, props.height - 2)).map(([name, value, bad]) => (
				<Txt key={name}>
					<Txt dimColor>{' ' + padEnd(name, nameWidth)}</Txt>
					<Txt color={bad ? 'red' : undefined}>{truncate(value, props.width - nameWidth - 2)}</Txt>
				</Txt>
			))}
			<Txt dimColor>{' ' + ui.t('detailClose')}</Txt>
		</Box>
	);
}
