// Duplicate ACKs as a capture shows them: counted from what crossed the link, not from the
// stack's own counter (which sees only what arrived). The ladder and the transcript both mark
// them, so both count them here, the same way.
import type {SegmentEvent} from './events.js';

type Tuple = Pick<SegmentEvent, 'src' | 'srcPort' | 'dst' | 'dstPort'>;

function tupleKey(e: Tuple): string {
	return `${e.src}:${e.srcPort}>${e.dst}:${e.dstPort}`;
}

function reverseKey(e: Tuple): string {
	return `${e.dst}:${e.dstPort}>${e.src}:${e.srcPort}`;
}

/**
 * Wireshark's "TCP Dup ACK" rule: no data, no SYN/FIN/RST, the same ACK number and the same
 * non-zero window as the previous segment in this direction. Keepalive probes' answers and the
 * stack's special ACKs (challenge, window update) are not counted. Feed it every segment that
 * enters the link (`sent`), in order; a link's copy (`duplicated`) is not a new ACK.
 */
export class DupAckCounter {
	private readonly lastWin = new Map<string, number>();
	/** Per 4-tuple and direction: the last ACK number seen, and duplicate ACKs in a row. */
	private readonly lastAck = new Map<string, {ack: number; run: number}>();
	/** 4-tuples (sender's view) whose last segment was a keepalive probe: the answer is no dup ACK. */
	private readonly keepaliveSent = new Set<string>();

	/** The segment's place in a run of duplicate ACKs (1, 2, 3…), or undefined if it is not one. */
	count(e: Pick<SegmentEvent, 'fate' | 'segment' | 'ack' | 'len' | 'win' | 'rtx' | 'note'> & Tuple): number | undefined {
		if (e.fate === 'duplicated') return undefined;
		const key = tupleKey(e);
		const previousWin = this.lastWin.get(key);
		this.lastWin.set(key, e.win);
		const f = e.segment.flags;
		if (!f.ack || f.syn || f.rst) {
			this.lastAck.delete(key);
			return undefined;
		}
		const answersKeepalive = this.keepaliveSent.delete(reverseKey(e));
		if (e.rtx?.cause === 'keepalive') this.keepaliveSent.add(key);
		const last = this.lastAck.get(key);
		const dup = !answersKeepalive && last !== undefined && last.ack === e.ack && e.len === 0 && !f.fin && e.win !== 0 && e.win === previousWin
			&& e.rtx === undefined && e.note === undefined;
		if (!dup) {
			this.lastAck.set(key, {ack: e.ack, run: 0});
			return undefined;
		}
		last.run++;
		return last.run;
	}
}
