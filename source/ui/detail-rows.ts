// The rows of a segment's details (Enter on a selected segment): every IPv4 and TCP header field,
// the options, the checksums judged on the bytes as they arrived, the payload and its fate, with the
// bytes each row came from. The detail view draws them; the model counts them for its field cursor.
import {byteCount, type Lang} from '../i18n/lang.js';
import {uiText} from '../i18n/ui.js';
import {decodeSegment, describeOptions} from '../stack/segment.js';
import {flagLabel} from '../stack/types.js';
import {relativeTo, type LadderEntry} from './store.js';
import {formatTime, printableBytes} from './text.js';

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
