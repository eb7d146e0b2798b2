// Every string the demo components show, in both languages.
import {fillTemplate, type Lang, type Text} from '../i18n/lang.js';

export const demoText = {
	step: {en: 'step', ko: '단계'},
	intro: {
		en: 'Press → or n to start the lesson. Sequence numbers count from each side\'s ISN (# shows them absolute).',
		ko: '→ 또는 n을 누르면 강의가 시작됩니다. 순서번호는 각 쪽의 ISN부터 셉니다(#: 절댓값).',
	},
	introFollower: {
		en: 'The teacher starts the lesson. Sequence numbers count from each side\'s ISN (# shows them absolute).',
		ko: '교사가 강의를 시작합니다. 순서번호는 각 쪽의 ISN부터 셉니다(#: 절댓값).',
	},
	finished: {en: 'End of the lesson. Esc leaves the demo and keeps the session for free play.', ko: '강의가 끝났습니다. Esc를 누르면 데모를 나가고 지금 상태에서 자유롭게 조작할 수 있습니다.'},
	hintNext: {en: '→/n next', ko: '→/n 다음'},
	hintBack: {en: '← back', ko: '← 이전'},
	hintLeave: {en: 'Esc leave', ko: 'Esc 나가기'},
	hintSteps: {en: 'j steps', ko: 'j 단계'},
	captionMore: {en: '▼ {count} more lines: e', ko: '▼ {count}줄 더 있음: e'},
	captionMoreOne: {en: '▼ 1 more line: e', ko: '▼ 1줄 더 있음: e'},
	captionTop: {en: '▲ e: from the top', ko: '▲ e: 처음부터'},
	hintTeacher: {en: 'the teacher steps the lesson', ko: '교사가 강의를 진행합니다'},
	running: {en: 'running…', ko: '진행 중…'},
	lessonFinished: {en: '✓ lesson finished', ko: '✓ 강의 끝'},
	stepListTitle: {en: 'Steps of the lesson', ko: '강의 단계'},
	stepListIntro: {en: 'Introduction (restart)', ko: '소개 (처음부터)'},
	stepListHint: {en: '↑↓ choose, Enter or a digit jumps there (0 restarts), Esc or j goes back', ko: '↑↓ 선택, Enter 또는 숫자로 이동 (0: 처음부터), Esc 또는 j: 돌아가기'},
	cwndTitle: {en: 'cwnd and ssthresh over time', ko: '시간에 따른 cwnd와 ssthresh'},
	stevensTitle: {en: 'sequence number over time (Stevens graph)', ko: '시간에 따른 순서번호(Stevens 그래프)'},
	legendCwnd: {en: 'cwnd', ko: 'cwnd'},
	legendSsthresh: {en: 'ssthresh', ko: 'ssthresh'},
	legendSent: {en: 'sent', ko: '송신'},
	legendRetransmitted: {en: 'retransmitted', ko: '재전송'},
	legendLost: {en: 'lost', ko: '손실'},
	legendAck: {en: 'ACK', ko: 'ACK'},
	noData: {en: 'no data sent yet', ko: '아직 보낸 데이터가 없습니다'},
	// After a deviation: what the run did, then who can replay the step (← → are the teacher's keys).
	deviation: {
		en: 'This run went another way than the lesson here (keys pressed in the panes, for instance, change it), so the step\'s own caption would not match the screen. The lesson expected: {expected}. {replay}',
		ko: '이번 실행은 여기서 강의와 다르게 진행되었습니다(예를 들어 창에서 누른 키가 실행을 바꿉니다). 그래서 이 단계의 원래 설명은 화면과 맞지 않습니다. 강의가 기대한 것: {expected}. {replay}',
	},
	replayStep: {en: '← then → replays the step as written.', ko: '← 다음 →를 누르면 이 단계를 강의대로 다시 재생합니다.'},
	replayStepFollower: {en: 'The teacher can replay the step as written.', ko: '교사가 이 단계를 강의대로 다시 재생할 수 있습니다.'},
	offPath: {
		en: 'Off the lesson\'s path since step {step}; this step has no checks, so its caption may not match the screen ({replay}).',
		ko: '{step}단계부터 강의와 다르게 진행 중입니다. 이 단계에는 확인(expect)이 없어서 아래 설명이 화면과 다를 수 있습니다({replay}).',
	},
	replayIt: {en: '← then → replays it as written', ko: '← 다음 →: 강의대로 다시 재생'},
	replayItFollower: {en: 'the teacher can replay it as written', ko: '교사가 강의대로 다시 재생할 수 있습니다'},
} satisfies Record<string, Text>;

export function t(key: keyof typeof demoText, lang: Lang, params?: Record<string, string | number>): string {
	return params ? fillTemplate(demoText[key][lang], params) : demoText[key][lang];
}
