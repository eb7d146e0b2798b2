// What the ladder writes before a segment's label (its marks), the receiver's drop reasons in a
// word or two, and the legend that explains every mark and glyph. English and Korean.
import {fillTemplate, type Lang, type Text} from './lang.js';
import type {RetransmitCause, SegmentNote} from '../stack/env.js';

const MARKS = {
	markLost: {en: 'lost ✗', ko: '손실 ✗'},
	markChecksum: {en: 'checksum ✗', ko: '체크섬 ✗'},
	markDropped: {en: 'dropped: {reason}', ko: '폐기: {reason}'},
	markCopy: {en: 'duplicated', ko: '복제됨'},
	markReordered: {en: 'reordered', ko: '순서 바뀜'},
	markRtx: {en: 'RTX#{n} {cause}', ko: 'RTX#{n} {cause}'},
	markDupAck: {en: 'dupACK#{n}', ko: 'dupACK#{n}'},
	markSack: {en: 'SACK', ko: 'SACK'},
	causeRto: {en: 'RTO', ko: 'RTO'},
	causeFast: {en: 'fast', ko: '빠른'},
	causeSack: {en: 'SACK', ko: 'SACK'},
	causeProbe: {en: 'probe', ko: '탐침'},
	causeKeepalive: {en: 'KA', ko: 'KA'},
	causeDupSyn: {en: 'dup SYN', ko: '중복 SYN'},
	noteWindowUpdate: {en: 'win update', ko: '윈도우 갱신'},
	noteZeroWindow: {en: 'zero win', ko: '윈도우 0'},
	noteChallengeAck: {en: 'challenge', ko: '챌린지'},
	noteOldDuplicate: {en: 'old dup', ko: '옛 중복'},
	noteWindowProbe: {en: 'probe', ko: '탐침'},
	faultDrop: {en: 'you: drop', ko: '직접: 버림'},
	faultDropLost: {en: 'you: drop ✗', ko: '직접: 버림 ✗'},
	faultCorrupt: {en: 'you: corrupt', ko: '직접: 손상'},
	faultDuplicate: {en: 'you: dup', ko: '직접: 복제'},
	faultDelay: {en: 'you: delay', ko: '직접: 지연'},
	// Drop reasons, short enough to stay whole at 80 columns.
	reasonNoHost: {en: 'no host', ko: '호스트 없음'},
	reasonQueueFull: {en: 'queue full', ko: '큐 가득'},
	reasonDuplicate: {en: 'old dup', ko: '옛 중복'},
	reasonPaws: {en: 'PAWS', ko: 'PAWS'},
	reasonOutOfWindow: {en: 'off win', ko: '윈도우 밖'},
	reasonBadAck: {en: 'bad ACK', ko: '잘못된 ACK'},
	reasonNoAck: {en: 'no ACK', ko: 'ACK 없음'},
	reasonNoSyn: {en: 'no SYN', ko: 'SYN 없음'},
	reasonRstChallenged: {en: 'RST doubted', ko: 'RST 의심'},
	reasonSynChallenged: {en: 'SYN doubted', ko: 'SYN 의심'},
	reasonRstWithoutAck: {en: 'RST w/o ACK', ko: 'ACK 없는 RST'},
	reasonAcceptQueueFull: {en: 'accept full', ko: 'accept 큐 가득'},
	reasonSynQueueFull: {en: 'SYN q full', ko: 'SYN 큐 가득'},
	reasonAckOfUnsent: {en: 'ACK ahead', ko: '앞선 ACK'},
	reasonAckToListener: {en: 'ACK→listen', ko: '리스너에 ACK'},
	reasonRstToListener: {en: 'RST→listen', ko: '리스너에 RST'},
	reasonNoListener: {en: 'no listener', ko: '리스너 없음'},
	reasonWrongAddress: {en: 'wrong addr', ko: '주소 다름'},
	reasonStackError: {en: 'error', ko: '오류'},
	reasonMalformed: {en: 'malformed', ko: '형식 오류'},
	reasonBadSource: {en: 'bad source', ko: '잘못된 출발지'},
	reasonSynFin: {en: 'SYN+FIN', ko: 'SYN+FIN'},
	reasonAckTooOld: {en: 'old ACK', ko: '오래된 ACK'},
	reasonClosed: {en: 'closed', ko: '닫힘'},
	reasonRemote: {en: 'remote end', ko: '원격 끝'},
	// The legend (one screen at 80×24: two columns of short lines).
	legendTitle: {en: 'Legend: what the ladder shows', ko: '범례: 사다리 그림의 표시'},
	legendClose: {en: 'Esc or m closes.', ko: 'Esc 또는 m 키로 닫습니다.'},
	legendGlyphs: {en: 'Arrows and glyphs', ko: '화살표와 기호'},
	legendMarks: {en: 'Marks before a label', ko: '이름 앞의 표시'},
	lgArrowRight: {en: 'client → server (moving)', ko: '클라이언트 → 서버'},
	lgArrowLeft: {en: 'server → client', ko: '서버 → 클라이언트'},
	lgLostGlyph: {en: 'where a lost one vanished', ko: '손실이 일어난 곳'},
	lgRail: {en: 'a host (time flows down)', ko: '호스트 (시간은 아래로)'},
	lgSelected: {en: 'the selected segment', ko: '선택된 세그먼트'},
	lgTimer: {en: 'a running timer', ko: '동작 중인 타이머'},
	lgTime: {en: 'time column: send time (s)', ko: '시각 열: 보낸 시각 (초)'},
	lgSlant: {en: 'scaled: sent → arrived', ko: '비례: 보낸 줄→도착 줄'},
	lgLost: {en: 'lost on the link', ko: '링크에서 손실'},
	lgChecksum: {en: 'corrupted, checksum failed', ko: '손상되어 체크섬 실패'},
	lgDropped: {en: 'receiver discarded it', ko: '수신측이 버림'},
	lgCopy: {en: 'a copy the link made', ko: '링크가 만든 복사본'},
	lgReordered: {en: 'a later one overtook it', ko: '나중 것에 추월당함'},
	lgRtx: {en: 'n-th resend of this seq', ko: '이 seq의 n번째 재전송'},
	lgRto: {en: 'retransmission timer', ko: '재전송 타이머'},
	lgFast: {en: 'after 3 duplicate ACKs', ko: '중복 ACK 3개 뒤'},
	lgSackCause: {en: 'a hole the SACKs show', ko: 'SACK이 알린 구멍'},
	lgProbe: {en: 'zero-window probe', ko: '제로 윈도우 탐침'},
	lgKeepalive: {en: 'keepalive probe', ko: 'keepalive 탐침'},
	lgDupSyn: {en: 'reply to a repeated SYN', ko: '다시 온 SYN에 대한 응답'},
	lgDupAck: {en: 'same ACK again (n-th)', ko: '같은 ACK 반복 (n번째)'},
	lgSack: {en: 'carries SACK blocks', ko: 'SACK 블록 포함'},
	lgWinUpdate: {en: 'window reopened', ko: '윈도우가 다시 열림'},
	lgZeroWin: {en: 'receiver is full', ko: '수신 버퍼가 가득'},
	lgChallenge: {en: 'RFC 5961 challenge ACK', ko: 'RFC 5961 챌린지 ACK'},
	lgOldDup: {en: 'old duplicate', ko: '오래된 중복'},
	lgFault: {en: 'your fault key hit it', ko: '직접 건 장애'},
} satisfies Record<string, Text>;

export type MarkKey = keyof typeof MARKS;

export function markText(lang: Lang, key: MarkKey, params: Record<string, string | number> = {}): string {
	return fillTemplate(MARKS[key][lang], params);
}

export const MARK_STRINGS: Readonly<Record<MarkKey, Text>> = MARKS;

/** A retransmission's cause, in a word. */
export const CAUSE_MARK: Readonly<Record<RetransmitCause, MarkKey>> = {
	rto: 'causeRto',
	// The SYN and SYN+ACK timers are the handshake's retransmission timer.
	syn: 'causeRto',
	synack: 'causeRto',
	dupsyn: 'causeDupSyn',
	fast: 'causeFast',
	sack: 'causeSack',
	probe: 'causeProbe',
	keepalive: 'causeKeepalive',
};

/** What the stack said a segment is, beyond its flags, in a word or two. */
export const NOTE_MARK: Readonly<Record<SegmentNote, MarkKey>> = {
	'window-update': 'noteWindowUpdate',
	'zero-window': 'noteZeroWindow',
	'challenge-ack': 'noteChallengeAck',
	'old-duplicate': 'noteOldDuplicate',
	'window-probe': 'noteWindowProbe',
};

/**
 * The sender's marks of a segment, as the stack gave them: `RTX#2 RTO`, then its note (a repeated
 * window probe already says "probe" as its retransmission cause). The ladder and the transcript both write these.
 */
export function senderMarks(segment: {rtx?: {count: number; cause: RetransmitCause}; note?: SegmentNote}, lang: Lang): string[] {
	const marks: string[] = [];
	if (segment.rtx) marks.push(markText(lang, 'markRtx', {n: segment.rtx.count, cause: markText(lang, CAUSE_MARK[segment.rtx.cause])}));
	if (segment.note && !(segment.note === 'window-probe' && segment.rtx?.cause === 'probe')) marks.push(markText(lang, NOTE_MARK[segment.note]));
	return marks;
}

/** A fault the user put on a segment (f, F, or a scenario's drop/corrupt/duplicate/delay line). */
export const FAULT_MARK: Readonly<Record<'drop' | 'corrupt' | 'duplicate' | 'delay', MarkKey>> = {
	drop: 'faultDrop',
	corrupt: 'faultCorrupt',
	duplicate: 'faultDuplicate',
	delay: 'faultDelay',
};
