// The strings of the three-column transcript (client | segments | server), in English and Korean.
// Placeholders are `{name}`. Protocol words (state names, flags, call names, errno) stay as written.
import {fillTemplate, type Lang, type Text} from './lang.js';

const STRINGS = {
	time: {en: 't (ms)', ko: '시각 (ms)'},
	client: {en: 'client', ko: '클라이언트'},
	segments: {en: 'segments', ko: '세그먼트'},
	server: {en: 'server', ko: '서버'},
	blocked: {en: '{call}({args}) blocked…', ko: '{call}({args}) 대기 중…'},
	returned: {en: '{call}({args}) → {result}', ko: '{call}({args}) → {result}'},
	failed: {en: '{call}({args}) → {errno}', ko: '{call}({args}) → {errno}'},
	eof: {en: '0 (EOF: peer sent FIN)', ko: '0 (EOF: 상대가 FIN을 보냄)'},
	readData: {en: '"{data}" ({size})', ko: '"{data}" ({size})'},
	lost: {en: 'lost', ko: '손실'},
	corrupted: {en: 'corrupted', ko: '손상'},
	dropped: {en: 'dropped: {reason}', ko: '폐기: {reason}'},
	duplicate: {en: '(duplicate)', ko: '(중복)'},
	spoofed: {en: '×{count} from spoofed sources', ko: '×{count} 위조된 출발지에서'},
	toSpoofed: {en: '×{count} to spoofed sources', ko: '×{count} 위조된 주소로'},
	timerFired: {en: '{timer} timer fired', ko: '{timer} 타이머 만료'},
	timeWait: {en: '2×MSL timer: {ms} ms', ko: '2×MSL 타이머: {ms} ms'},
	hostDrop: {en: 'dropped a segment: {reason}', ko: '세그먼트 폐기: {reason}'},
	linkChange: {en: '{text}', ko: '{text}'},
} satisfies Record<string, Text>;

export type TranscriptKey = keyof typeof STRINGS;

export function transcriptText(lang: Lang, key: TranscriptKey, params: Record<string, string | number> = {}): string {
	return fillTemplate(STRINGS[key][lang], params);
}
