// What a segment is and what became of it, as short marks written before its ladder label (so a
// narrow ladder cuts the label, never the marks). Facts come from the stack (retransmission and
// its cause, window update…) and the link/receiver (lost, dropped); dup ACKs from the store.
import type {Lang} from '../i18n/lang.js';
import {markText, type MarkKey} from '../i18n/marks.js';
import type {RetransmitCause, SegmentNote} from '../stack/env.js';
import type {LadderEntry, UserFault} from './store.js';

const CAUSE: Record<RetransmitCause, MarkKey> = {
	rto: 'causeRto',
	// The SYN and SYN+ACK timers are the handshake's retransmission timer.
	syn: 'causeRto',
	synack: 'causeRto',
	fast: 'causeFast',
	sack: 'causeSack',
	probe: 'causeProbe',
	keepalive: 'causeKeepalive',
};

const NOTE: Record<SegmentNote, MarkKey> = {
	'window-update': 'noteWindowUpdate',
	'zero-window': 'noteZeroWindow',
	'challenge-ack': 'noteChallengeAck',
	'old-duplicate': 'noteOldDuplicate',
	'window-probe': 'noteWindowProbe',
};

const FAULT: Record<UserFault, MarkKey> = {drop: 'faultDrop', corrupt: 'faultCorrupt', duplicate: 'faultDuplicate', delay: 'faultDelay'};

const REASON: Record<string, MarkKey> = {
	'no-such-host': 'reasonNoHost',
	'queue-full': 'reasonQueueFull',
	duplicate: 'reasonDuplicate',
	paws: 'reasonPaws',
	'out-of-window': 'reasonOutOfWindow',
	'bad-ack': 'reasonBadAck',
	'no-ack': 'reasonNoAck',
	'no-syn': 'reasonNoSyn',
	'rst-challenged': 'reasonRstChallenged',
	'syn-challenged': 'reasonSynChallenged',
	'rst-without-ack': 'reasonRstWithoutAck',
	'accept-queue-full': 'reasonAcceptQueueFull',
	'syn-queue-full': 'reasonSynQueueFull',
	'ack-of-unsent-data': 'reasonAckOfUnsent',
	'ack-to-listener': 'reasonAckToListener',
	'rst-to-listener': 'reasonRstToListener',
	'no-listener': 'reasonNoListener',
	'wrong-address': 'reasonWrongAddress',
	'stack-error': 'reasonStackError',
	'truncated-ip-header': 'reasonMalformed',
	'not-ipv4': 'reasonMalformed',
	'bad-ip-header-length': 'reasonMalformed',
	'bad-ip-total-length': 'reasonMalformed',
	'not-tcp': 'reasonMalformed',
	fragmented: 'reasonMalformed',
	'truncated-tcp-header': 'reasonMalformed',
	'bad-data-offset': 'reasonMalformed',
	'bad-option': 'reasonMalformed',
};

/** A receiver's drop reason in a word or two (an unknown one as it is). */
export function shortReason(reason: string | undefined, lang: Lang): string {
	if (reason === undefined) return '?';
	const key = REASON[reason];
	return key ? markText(lang, key) : reason;
}

export function isChecksumFailure(entry: LadderEntry): boolean {
	return entry.corrupted || entry.dropReason === 'bad-tcp-checksum' || entry.dropReason === 'bad-ip-checksum';
}

/** The fate: lost, failed its checksum, dropped (why); null while flying or once delivered. */
function fateMark(entry: LadderEntry, lang: Lang): string | null {
	if (entry.fate === 'lost') return markText(lang, 'markLost');
	if (isChecksumFailure(entry)) return markText(lang, 'markChecksum');
	if (entry.fate === 'dropped') return markText(lang, 'markDropped', {reason: shortReason(entry.dropReason, lang)});
	return null;
}

/**
 * Every mark of a segment, most telling first: the user's fault, the fate, the retransmission
 * and its cause, dup ACK, the stack's note, SACK blocks, a link copy, reordering.
 */
export function segmentMarks(entry: LadderEntry, lang: Lang): string[] {
	const marks: string[] = [];
	if (entry.fault === 'drop' && entry.fate === 'lost') {
		// One mark says both: the user dropped it, so it was lost.
		marks.push(markText(lang, 'faultDropLost'));
	} else {
		if (entry.fault) marks.push(markText(lang, FAULT[entry.fault]));
		const fate = fateMark(entry, lang);
		if (fate) marks.push(fate);
	}
	if (entry.rtx) marks.push(markText(lang, 'markRtx', {n: entry.rtx.count, cause: markText(lang, CAUSE[entry.rtx.cause])}));
	if (entry.dupAck !== undefined) marks.push(markText(lang, 'markDupAck', {n: entry.dupAck}));
	// A repeated window probe already says "probe" as its retransmission cause.
	if (entry.note && !(entry.note === 'window-probe' && entry.rtx?.cause === 'probe')) marks.push(markText(lang, NOTE[entry.note]));
	if (entry.segment.options.sack && entry.segment.options.sack.length > 0) marks.push(markText(lang, 'markSack'));
	if (entry.copyOf !== undefined) marks.push(markText(lang, 'markCopy'));
	if (entry.reordered) marks.push(markText(lang, 'markReordered'));
	return marks;
}

/** Something went wrong with it (drawn in red): lost, corrupted, dropped. */
export function isBad(entry: LadderEntry): boolean {
	return entry.fate === 'lost' || entry.corrupted || entry.fate === 'dropped';
}
