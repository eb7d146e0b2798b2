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
	readMismatch: {en: '{what}: failed, the last read() returned {text} ({n} bytes)', ko: '{what}: 실패, 마지막 read()는 {text}({n}바이트)를 반환했습니다'},
	callNone: {en: '{what}: failed, no {call}() was called on the {host}', ko: '{what}: 실패, {host}에서 {call}()을 호출한 적이 없습니다'},
	callMismatch: {en: '{what}: failed, the last {call}() {status}', ko: '{what}: 실패, 마지막 {call}()은 {status}'},
	segmentNone: {en: '{what}: failed, none was sent {dir}', ko: '{what}: 실패, {dir} 방향으로 그런 세그먼트를 보낸 적이 없습니다'},
	segmentSome: {en: '{what}: failed, one was sent', ko: '{what}: 실패, 그런 세그먼트가 보내졌습니다'},
	outOfEvents: {en: 'the simulation ran out of events while the scenario was still waiting', ko: '시나리오가 기다리는 중에 시뮬레이션의 이벤트가 바닥났습니다'},
	tooLong: {en: 'the scenario did not finish within {limit} of virtual time', ko: '시나리오가 가상 시간 {limit} 안에 끝나지 않았습니다'},
	tooManySteps: {en: 'the scenario did not finish within {limit} simulation steps', ko: '시나리오가 시뮬레이션 {limit}단계 안에 끝나지 않았습니다'},
	tooLongReal: {en: 'the scenario did not finish within {limit} of real time', ko: '시나리오가 실제 시간 {limit} 안에 끝나지 않았습니다'},
	// Values with units (scenario files and command-line flags).
	notDuration: {en: "'{text}' is not a duration (examples: 250ms, 2s, 1.5s, 2m)", ko: "'{text}'은(는) 시간 값이 아닙니다 (예: 250ms, 2s, 1.5s, 2m)"},
	notPercent: {en: "'{text}' is not a percentage (examples: 30%, 0.5%)", ko: "'{text}'은(는) 백분율이 아닙니다 (예: 30%, 0.5%)"},
	percentRange: {en: "'{text}' is out of range: a percentage lies between 0% and 100%", ko: "'{text}'은(는) 범위를 벗어났습니다: 백분율은 0%에서 100% 사이입니다"},
	notRate: {en: "'{text}' is not a rate (examples: 1mbit, 500kbit, 100kbps = kilobytes/s, 0 = unlimited)", ko: "'{text}'은(는) 대역폭 값이 아닙니다 (예: 1mbit, 500kbit, 100kbps = 킬로바이트/초, 0 = 제한 없음)"},
	notBoolean: {en: "'{text}' is not on/off (use on, off, true, false, yes or no)", ko: "'{text}'은(는) on/off 값이 아닙니다 (on, off, true, false, yes, no 중 하나)"},
	notInteger: {en: "'{text}' is not a whole number", ko: "'{text}'은(는) 정수가 아닙니다"},
	notNumber: {en: "'{text}' is not a number", ko: "'{text}'은(는) 숫자가 아닙니다"},
	outOfRange: {en: "'{text}' is out of range ({min} to {max})", ko: "'{text}'은(는) 범위를 벗어났습니다 ({min}에서 {max})"},
	notPort: {en: "'{text}' is not a port ({min} to 65535)", ko: "'{text}'은(는) 포트 번호가 아닙니다 ({min}에서 65535)"},
	notAddress: {en: "'{text}' is not an IPv4 address (example: 10.0.0.2)", ko: "'{text}'은(는) IPv4 주소가 아닙니다 (예: 10.0.0.2)"},
	notEndpoint: {en: "'{text}' is not ADDRESS:PORT (example: 10.0.0.2:80)", ko: "'{text}'은(는) 주소:포트 형식이 아닙니다 (예: 10.0.0.2:80)"},
	notNetwork: {en: "'{text}' is not a network (example: 10.0.9.0/24)", ko: "'{text}'은(는) 네트워크 주소가 아닙니다 (예: 10.0.9.0/24)"},
	badPrefix: {en: "'{text}': the prefix length must be 8 to 32 (example: 10.0.9.0/24)", ko: "'{text}': 프리픽스 길이는 8에서 32 사이여야 합니다 (예: 10.0.9.0/24)"},
} satisfies Record<string, Text>;

export type ScenarioKey = keyof typeof STRINGS;

/** A parameter that is itself translated (a host name, a call's outcome), or a plain value. */
export type Param = string | number | Text;

/** The message in both languages. */
export function scenarioText(key: ScenarioKey, params: Record<string, Param> = {}): Text {
	const inLang = (lang: Lang): Record<string, string | number> =>
		Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? value[lang] : value]));
	return {en: fillTemplate(STRINGS[key].en, inLang('en')), ko: fillTemplate(STRINGS[key].ko, inLang('ko'))};
}

/** A host's name in both languages. */
export function hostText(host: string): Text {
	return host === 'client' || host === 'server' ? STRINGS[host] : {en: host, ko: host};
}
