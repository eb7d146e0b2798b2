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
