// What the scenario runner says when a line fails (`tcp-tui run`, and lessons in the app), in
// English and Korean. The quoted line itself (`expect client state CLOSED`) stays as written.
import {fillTemplate, type Lang, type Text} from './lang.js';

const STRINGS = {
	client: {en: 'client', ko: '클라이언트'},
	server: {en: 'server', ko: '서버'},
	callBlocked: {en: 'is still blocked', ko: '아직 대기 중입니다'},
	callFailed: {en: 'failed with {errno}', ko: '{errno}로 실패했습니다'},
	callReturned: {en: 'returned {result}', ko: '{result}을(를) 반환했습니다'},
	timedOut: {en: 'timed out after {timeout} waiting until {what}{context}', ko: '{timeout} 동안 {what}을(를) 기다렸지만 일어나지 않았습니다{context}'},
	contextState: {en: ' (the {host} is in {state})', ko: ' ({host}의 현재 상태: {state})'},
	contextCall: {en: ' (its last {call}() {status})', ko: ' (마지막 {call}()은 {status})'},
	contextNoCall: {en: ' (no {call}() was called on the {host})', ko: ' ({host}에서 {call}()을 호출한 적이 없습니다)'},
	internal: {en: 'internal error while running this line: {message} (please report)', ko: '이 줄을 실행하다 내부 오류가 났습니다: {message} (알려 주세요)'},
	replayNone: {en: 'inject {dir} replay last-data: no data segment has been sent {dir} yet', ko: 'inject {dir} replay last-data: 아직 {dir} 방향으로 보낸 데이터 세그먼트가 없습니다'},
	expectOk: {en: '{what}: ok', ko: '{what}: 통과'},
	stateFail: {en: '{what}: failed, it is {state} (fd {fd})', ko: '{what}: 실패, 현재 상태는 {state} (fd {fd})'},
	stateFailNoSocket: {en: '{what}: failed, it is {state} (it has no socket)', ko: '{what}: 실패, 현재 상태는 {state} (소켓 없음)'},
	readNone: {en: '{what}: failed, no read() on the {host} has returned yet', ko: '{what}: 실패, {host}에서 반환된 read()가 아직 없습니다'},
	readMismatch: {en: '{what}: failed, the last read() returned {text} ({size})', ko: '{what}: 실패, 마지막 read()는 {text}({size})를 반환했습니다'},
	callNone: {en: '{what}: failed, no {call}() was called on the {host}', ko: '{what}: 실패, {host}에서 {call}()을 호출한 적이 없습니다'},
	callMismatch: {en: '{what}: failed, the last {call}() {status}', ko: '{what}: 실패, 마지막 {call}()은 {status}'},
	segmentNone: {en: '{what}: failed, none was sent {dir}', ko: '{what}: 실패, {dir} 방향으로 그런 세그먼트를 보낸 적이 없습니다'},
	segmentSome: {en: '{what}: failed, one was sent', ko: '{what}: 실패, 그런 세그먼트가 보내졌습니다'},
	outOfEvents: {en: 'the simulation ran out of events while the scenario was still waiting', ko: '시나리오가 기다리는 중에 시뮬레이션의 이벤트가 바닥났습니다'},
	tooLong: {en: 'the scenario did not finish within {limit} of virtual time', ko: '시나리오가 가상 시간 {limit} 안에 끝나지 않았습니다'},
	tooManySteps: {en: 'the scenario did not finish within {limit} simulation steps', ko: '시나리오가 시뮬레이션 {limit}단계 안에 끝나지 않았습니다'},
	tooLongReal: {en: 'the scenario did not finish within {limit} of real time', ko: '시나리오가 실제 시간 {limit} 안에 끝나지 않았습니다'},
	// Limits (source/scenario/limits.ts): each names its constant, so it can be changed there.
	fileTooBig: {en: 'the file is larger than {limit} ({name} in {where})', ko: '파일이 {limit}보다 큽니다 ({where}의 {name})'},
	notRegularFile: {en: 'not a regular file (a device, FIFO or socket is not read)', ko: '일반 파일이 아닙니다 (장치, FIFO, 소켓은 읽지 않습니다)'},
	notTextFile: {en: 'not a text file (a NUL byte on line {line})', ko: '텍스트 파일이 아닙니다 ({line}번째 줄에 NUL 바이트)'},
	notUtf8File: {
		en: 'not UTF-8 text (line {line}): save it as UTF-8 (Korean Windows may have saved it as ANSI/CP949)',
		ko: 'UTF-8 텍스트가 아닙니다 ({line}번째 줄): UTF-8로 저장해 주세요 (한국어 Windows에서는 ANSI/CP949로 저장되었을 수 있습니다)',
	},
	utf16File: {en: 'UTF-16 text: save it as UTF-8', ko: 'UTF-16 텍스트입니다: UTF-8로 저장해 주세요'},
	noSuchFile: {en: 'no such file', ko: '그런 파일이 없습니다'},
	isDirectory: {en: 'it is a directory', ko: '디렉터리입니다'},
	permissionDenied: {en: 'permission denied', ko: '권한이 없습니다'},
	lineTooLong: {en: 'the line is longer than {limit} characters ({name} in {where})', ko: '줄이 {limit}자보다 깁니다 ({where}의 {name})'},
	floodTooMany: {en: 'count={count} would make the file send {total} flood SYNs, more than {limit} ({name} in {where})', ko: 'count={count}이면 이 파일의 flood SYN이 모두 {total}개로, {limit}개를 넘습니다 ({where}의 {name})'},
	floodTooFast: {en: 'interval={text} is faster than one SYN per {limit}ms ({name} in {where})', ko: 'interval={text}은(는) SYN 하나에 {limit}ms보다 빠릅니다 ({where}의 {name})'},
	tooManyEvents: {en: 'the run made more than {limit} events to keep for the transcript ({name} in {where}); --json streams them instead', ko: '실행 중 기록표에 담을 이벤트가 {limit}개를 넘었습니다 ({where}의 {name}); --json은 이벤트를 쌓지 않고 바로 출력합니다'},
	// Values with units (scenario files and command-line flags).
	notDuration: {en: "'{text}' is not a duration (examples: 250ms, 2s, 1.5s, 2m)", ko: "'{text}'은(는) 시간 값이 아닙니다 (예: 250ms, 2s, 1.5s, 2m)"},
	notPercent: {en: "'{text}' is not a percentage (examples: 30%, 0.5%)", ko: "'{text}'은(는) 백분율이 아닙니다 (예: 30%, 0.5%)"},
	percentRange: {en: "'{text}' is out of range: a percentage lies between 0% and 100%", ko: "'{text}'은(는) 범위를 벗어났습니다: 백분율은 0%에서 100% 사이입니다"},
	notRate: {en: "'{text}' is not a rate (examples: 1mbit, 500kbit, 100kbps = kilobytes/s, 0 = unlimited)", ko: "'{text}'은(는) 대역폭 값이 아닙니다 (예: 1mbit, 500kbit, 100kbps = 킬로바이트/초, 0 = 제한 없음)"},
	notBoolean: {en: "'{text}' is not on/off (use on, off, true, false, yes or no)", ko: "'{text}'은(는) on/off 값이 아닙니다 (on, off, true, false, yes, no 중 하나)"},
	notChoice: {en: "'{text}' is not one of: {list}", ko: "'{text}'은(는) 다음 중 하나가 아님: {list}"},
	notInteger: {en: "'{text}' is not a whole number", ko: "'{text}'은(는) 정수가 아닙니다"},
	notNumber: {en: "'{text}' is not a number", ko: "'{text}'은(는) 숫자가 아닙니다"},
	outOfRange: {en: "'{text}' is out of range ({min} to {max})", ko: "'{text}'은(는) 범위를 벗어났습니다 ({min}에서 {max})"},
	notPort: {en: "'{text}' is not a port ({min} to 65535)", ko: "'{text}'은(는) 포트 번호가 아닙니다 ({min}에서 65535)"},
	notAddress: {en: "'{text}' is not an IPv4 address (example: 10.0.0.2)", ko: "'{text}'은(는) IPv4 주소가 아닙니다 (예: 10.0.0.2)"},
	notEndpoint: {en: "'{text}' is not ADDRESS:PORT (example: 10.0.0.2:80)", ko: "'{text}'은(는) 주소:포트 형식이 아닙니다 (예: 10.0.0.2:80)"},
	notNetwork: {en: "'{text}' is not a network (example: 10.0.9.0/24)", ko: "'{text}'은(는) 네트워크 주소가 아닙니다 (예: 10.0.9.0/24)"},
	badPrefix: {en: "'{text}': the prefix length must be 8 to 32 (example: 10.0.9.0/24)", ko: "'{text}': 프리픽스 길이는 8에서 32 사이여야 합니다 (예: 10.0.9.0/24)"},
	// Mistakes in a scenario or lesson file (FILE:LINE:COL: …).
	hint: {en: " (did you mean '{word}'?)", ko: " ('{word}'을(를) 말씀하셨나요?)"},
	missing: {en: 'missing {what}', ko: '{what}이(가) 빠졌습니다'},
	foundString: {en: 'expected {what}, found a string', ko: '{what}이(가) 와야 하는데 문자열이 있습니다'},
	needQuotes: {en: 'expected {what} in double quotes, e.g. "…"', ko: '{what}은(는) 큰따옴표로 감싸야 합니다 (예: "…")'},
	unknownChoice: {en: "unknown {what} '{word}'{hint}; expected one of: {list}", ko: "알 수 없는 {what} '{word}'{hint}; 가능한 값: {list}"},
	trailing: {en: "unexpected '{word}' at the end of the line", ko: "줄 끝에 예상하지 못한 '{word}'이(가) 있습니다"},
	needKeyValue: {en: "expected KEY=VALUE, found '{word}'", ko: "KEY=VALUE가 와야 하는데 '{word}'이(가) 있습니다"},
	valueOf: {en: '{key}: {problem}', ko: '{key}: {problem}'},
	unknownFlagName: {en: "unknown flag '{word}'{hint}; flags: {list} (DATA = carries data)", ko: "알 수 없는 플래그 '{word}'{hint}; 플래그: {list} (DATA = 데이터 포함)"},
	missingLink: {en: 'missing link settings: KEY=VALUE with keys {list}', ko: '링크 설정이 빠졌습니다: KEY=VALUE (키: {list})'},
	unknownLinkKey: {en: "unknown link setting '{word}'{hint}; settings: {list}", ko: "알 수 없는 링크 설정 '{word}'{hint}; 설정: {list}"},
	badGe: {en: 'ge: expected P,R[,1-H[,1-K]] in percent (e.g. ge=5%,50%) or ge=off', ko: 'ge: P,R[,1-H[,1-K]] 형식의 백분율이어야 합니다 (예: ge=5%,50%) 또는 ge=off'},
	missingOptions: {en: 'missing options: KEY=VALUE with keys {list}', ko: '옵션이 빠졌습니다: KEY=VALUE (키: {list})'},
	unknownOption: {en: "unknown option '{word}'{hint}; options: {list}", ko: "알 수 없는 옵션 '{word}'{hint}; 옵션: {list}"},
	unknownCall: {en: "unknown call '{word}'{hint}; calls: {list}", ko: "알 수 없는 호출 '{word}'{hint}; 호출: {list}"},
	writeValue: {en: 'write: expected "text" or a byte count; {problem}', ko: 'write: "텍스트" 또는 바이트 수가 와야 합니다; {problem}'},
	unknownSocketOption: {en: "unknown socket option '{word}'{hint}; options: {list}", ko: "알 수 없는 소켓 옵션 '{word}'{hint}; 옵션: {list}"},
	unknownReplaySetting: {en: "unknown replay setting '{word}'; settings: delay", ko: "알 수 없는 replay 설정 '{word}'; 설정: delay"},
	unknownFloodSetting: {en: "unknown syn-flood setting '{word}'{hint}; settings: count, from, port, interval", ko: "알 수 없는 syn-flood 설정 '{word}'{hint}; 설정: count, from, port, interval"},
	isnNone: {en: 'isn: no data segment has been sent {dir} yet', ko: 'isn: 아직 {dir} 방향으로 보낸 데이터 세그먼트가 없습니다'},
	notOffset: {en: "'{word}' is not an offset: write a sign and a number of bytes (e.g. -1000 or +1000)", ko: "'{word}'은(는) 차이 값이 아닙니다: 부호와 바이트 수를 쓰세요 (예: -1000 또는 +1000)"},
	notOrdinal: {en: "'{word}' does not say which segment: use next, 2nd, 3rd or Nth (e.g. 5th)", ko: "'{word}'(으)로는 어느 세그먼트인지 알 수 없습니다: next, 2nd, 3rd, Nth (예: 5th) 중 하나를 쓰세요"},
	floodNeeds: {en: 'syn-flood needs {missing}', ko: 'syn-flood에는 {missing}이(가) 필요합니다'},
	unclosedBrace: {en: "unclosed '{' in a caption (placeholders look like {client.iss})", ko: "캡션에 닫히지 않은 '{'가 있습니다 (자리표시자 예: {client.iss})"},
	unknownPlaceholder: {
		en: "unknown placeholder '{{inner}}'{hint}: use {client.FIELD}, {server.FIELD}, {client.FIELD+N}, {msl} or {seed}, FIELD one of {list}",
		ko: "알 수 없는 자리표시자 '{{inner}}'{hint}: {client.FIELD}, {server.FIELD}, {client.FIELD+N}, {msl}, {seed}를 쓰세요 (FIELD: {list})",
	},
	offsetTooLarge: {
		en: "'{{inner}}': the offset {offset} is too large: at most {max} (sequence numbers wrap at 2^32, so a larger one only comes round again)",
		ko: "'{{inner}}': 더하거나 빼는 수가 너무 큽니다({offset}). 최대 {max}입니다 (순서번호는 2^32에서 한 바퀴 돌므로 더 큰 수는 같은 값으로 돌아올 뿐입니다)",
	},
	stateNoOffset: {en: "'{{inner}}': a state cannot take +N", ko: "'{{inner}}': 상태에는 +N을 붙일 수 없습니다"},
	duplicateQuestion: {en: "this step already has a question in '{lang}'", ko: "이 단계에는 이미 '{lang}' 질문이 있습니다"},
	askFirst: {en: "ask.ko needs the English ask \"…\" line of the step first", ko: "ask.ko 앞에 그 단계의 영어 ask \"…\" 줄이 먼저 와야 합니다"},
	missingAnswer: {en: 'a question needs answer=… (a number, a {client.field} placeholder, or one of the choices)', ko: '질문에는 answer=…가 필요합니다 (숫자, {client.field} 자리표시자, 또는 선택지 중 하나)'},
	answerNotChoice: {en: "answer '{word}' is not one of the choices: {list}", ko: "answer '{word}'은(는) 선택지가 아닙니다: {list}"},
	answerNotNumber: {en: "answer '{word}' must be a whole number or one {client.field} placeholder", ko: "answer '{word}'은(는) 정수이거나 {client.field} 자리표시자 하나여야 합니다"},
	fewChoices: {en: 'choices: give 2 to 9, separated by commas', ko: 'choices: 쉼표로 구분해 2개에서 9개까지 주세요'},
	unknownAskKey: {en: "unknown key '{key}' of ask; keys: choices, answer", ko: "ask에 알 수 없는 키 '{key}'; 키: choices, answer"},
	duplicateCaption: {en: "this step already has a caption in '{lang}'", ko: "이 단계에는 이미 '{lang}' 캡션이 있습니다"},
	mslPositive: {en: 'msl: must be more than 0', ko: 'msl: 0보다 커야 합니다'},
	missingClaims: {en: 'missing claim ids (e.g. claims S1 S5)', ko: '주장 id가 빠졌습니다 (예: claims S1 S5)'},
	notClaim: {en: "'{word}' is not a claim id (S1 … S22)", ko: "'{word}'은(는) 주장 id가 아닙니다 (S1 … S22)"},
	outsideStep: {en: "'{word}' outside a step: start one with step \"…\" first", ko: "'{word}'이(가) 단계 밖에 있습니다: 먼저 step \"…\"으로 단계를 시작하세요"},
	unknownStatement: {en: "unknown statement '{word}'{hint}; statements: {list}", ko: "알 수 없는 문장 '{word}'{hint}; 문장: {list}"},
	internalParser: {en: 'internal parser error: {message} (please report)', ko: '파서 내부 오류: {message} (알려 주세요)'},
	unknownEscape: {en: "unknown escape '\\{escape}' in a string (use \\\" \\\\ \\n \\t or \\xHH)", ko: "문자열에 알 수 없는 이스케이프 '\\{escape}' (\\\" \\\\ \\n \\t \\xHH 중 하나)"},
	unterminated: {en: 'unterminated string: add the closing "', ko: '문자열이 닫히지 않았습니다: 닫는 "를 붙이세요'},
	spaceAfterString: {en: 'put a space after the closing " of a string', ko: '문자열을 닫는 " 뒤에 공백을 넣으세요'},
	spaceBeforeString: {en: 'a string must start a new word: put a space before the "', ko: '문자열은 새 단어로 시작해야 합니다: " 앞에 공백을 넣으세요'},
} satisfies Record<string, Text>;

/** The nouns the parser's messages name ("missing the backlog"), in Korean. */
const NOUNS_KO: Record<string, string> = {
	'ADDRESS:PORT (e.g. 10.0.0.2:80)': '주소:포트 (예: 10.0.0.2:80)',
	'KEY=VALUE': 'KEY=VALUE',
	'TCP state': 'TCP 상태',
	'a claim id': '주장 id',
	'a port or ADDRESS:PORT': '포트 또는 주소:포트',
	'a statement': '문장',
	'a value': '값',
	call: '호출',
	'call status': '호출 결과',
	direction: '방향',
	'error name': '오류 이름',
	host: '호스트',
	'how long to wait (e.g. 1s) or `until …`': '기다릴 시간 (예: 1s) 또는 `until …`',
	injection: '주입 종류',
	keyword: '키워드',
	language: '언어',
	'segment flags (e.g. SYN or SYN,ACK)': '세그먼트 플래그 (예: SYN 또는 SYN,ACK)',
	'shutdown direction': 'shutdown 방향',
	'the Korean step title': '단계의 한국어 제목',
	'the MSL (e.g. 2s)': 'MSL (예: 2s)',
	'the backlog': 'backlog',
	'the caption': '캡션',
	'the most bytes to read': '읽을 최대 바이트 수',
	'the return value': '반환값',
	'the seed (a whole number)': '시드 (정수)',
	'the step title': '단계 제목',
	'the text': '텍스트',
	'the text read': '읽은 텍스트',
	'the timeout (e.g. 5s)': '제한 시간 (예: 5s)',
	'thing to expect': '기대 대상',
	'thing to wait for': '기다릴 대상',
	until: 'until',
	'what to replay': '재전송 대상',
	'what the ISN is taken from': 'ISN의 기준',
	field: '필드',
	'an offset in bytes (e.g. -1000 or +1000)': '바이트 단위 차이 (예: -1000 또는 +1000)',
	'which segment (next, 2nd, 3rd, Nth)': '어느 세그먼트인지 (next, 2nd, 3rd, Nth)',
	'how long to hold it back (e.g. 2s)': '붙잡아 둘 시간 (예: 2s)',
	'what to write: "text" or a byte count': '쓸 내용: "텍스트" 또는 바이트 수',
	'a call': '호출',
	'a socket option': '소켓 옵션',
	'stack profile': '스택 프로필',
};

/** A noun of the parser's messages in both languages. */
export function nounText(what: string): Text {
	return {en: what, ko: NOUNS_KO[what] ?? what};
}

export type ScenarioKey = keyof typeof STRINGS;

/** A parameter that is itself translated (a host name, a call's outcome), or a plain value. */
export type Param = string | number | Text;

/** The message in both languages. */
/** Parameters that quote the file's own words: cut when long, so a binary or one-line file is not echoed whole. */
const QUOTED_PARAMS = new Set(['word', 'inner', 'key', 'escape']);
const MAX_QUOTED = 60;

function quoted(name: string, value: string | number): string | number {
	if (typeof value !== 'string' || !QUOTED_PARAMS.has(name)) return value;
	const chars = Array.from(value);
	return chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED - 1).join('')}…` : value;
}

export function scenarioText(key: ScenarioKey, params: Record<string, Param> = {}): Text {
	const inLang = (lang: Lang): Record<string, string | number> =>
		Object.fromEntries(Object.entries(params).map(([name, value]) => [name, quoted(name, typeof value === 'object' ? value[lang] : value)]));
	return {en: fillTemplate(STRINGS[key].en, inLang('en')), ko: fillTemplate(STRINGS[key].ko, inLang('ko'))};
}

/** A host's name in both languages. */
export function hostText(host: string): Text {
	return host === 'client' || host === 'server' ? STRINGS[host] : {en: host, ko: host};
}
