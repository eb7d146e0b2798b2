// What a segment is and what became of it, as short marks written before its ladder label (so a
// narrow ladder cuts the label, never the marks). Facts come from the stack (retransmission and
// its cause, window update…) and the link/receiver (lost, dropped); dup ACKs from the store.
import type {Lang} from '../i18n/lang.js';
import {FAULT_MARK, markText, senderMarks, type MarkKey} from '../i18n/marks.js';
import type {DropReason} from '../stack/messages.js';
import type {LadderEntry} from './store.js';

/** Every drop reason has its short words (a reason missing here does not compile). */
const REASON: Record<DropReason, MarkKey> = {
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
	'bad-ip-checksum': 'markChecksum',
	'bad-tcp-checksum': 'markChecksum',
	'source-own-address': 'reasonBadSource',
	'source-loopback': 'reasonBadSource',
	'source-this-network': 'reasonBadSource',
	'source-broadcast': 'reasonBadSource',
	'source-multicast': 'reasonBadSource',
	'syn-fin-to-listener': 'reasonSynFin',
	'ack-too-old': 'reasonAckTooOld',
	closed: 'reasonClosed',
	'remote-endpoint': 'reasonRemote',
	unreadable: 'reasonMalformed',
};

/** A receiver's drop reason in a word or two (an unknown one as it is). */
export function shortReason(reason: DropReason | undefined, lang: Lang): string {
	if (reason === undefined) return '?';
	return markText(lang, REASON[reason]);
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
		if (entry.fault) marks.push(markText(lang, FAULT_MARK[entry.fault]));
		const fate = fateMark(entry, lang);
		if (fate) marks.push(fate);
	}
	// A dup ACK is neither resent nor noted by the stack (the store counts only plain ACKs), so the
	// order of these three never changes what is drawn.
	marks.push(...senderMarks(entry, lang));
	if (entry.dupAck !== undefined) marks.push(markText(lang, 'markDupAck', {n: entry.dupAck}));
	if (entry.segment.options.sack && entry.segment.options.sack.length > 0) marks.push(markText(lang, 'markSack'));
	if (entry.copyOf !== undefined) marks.push(markText(lang, 'markCopy'));
	if (entry.reordered) marks.push(markText(lang, 'markReordered'));
	return marks;
}

/** Something went wrong with it (drawn in red): lost, corrupted, dropped. */
export function isBad(entry: LadderEntry): boolean {
	return entry.fate === 'lost' || entry.corrupted || entry.fate === 'dropped';
}
