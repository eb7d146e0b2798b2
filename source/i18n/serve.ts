// Every string of `tcp-tui serve` (the teacher's console and what students' terminals show).
import {fillTemplate, type Lang, type Text} from './lang.js';

const STRINGS = {
	badHost: {en: "--host: '{value}' is not an address or host name", ko: "--host: '{value}'은(는) 주소나 호스트 이름이 아닙니다"},
	idleTooShort: {en: "--idle-timeout: '{value}' is too short (at least 1s)", ko: "--idle-timeout: '{value}'은(는) 너무 짧습니다 (최소 1s)"},
	oneAccess: {en: 'give only one of --password, --authorized-keys and --open', ko: '--password, --authorized-keys, --open 중 하나만 주세요'},
	needAccess: {
		en: 'serving on {host} lets anyone on the network in: add --password WORD, --authorized-keys FILE or --open',
		ko: '{host}에서 서비스하면 네트워크의 누구나 들어올 수 있습니다: --password WORD, --authorized-keys FILE 또는 --open을 붙이세요',
	},
	flagOnlyForServe: {en: '--{flag} only goes with tcp-tui serve', ko: '--{flag} 옵션은 tcp-tui serve에서만 쓸 수 있습니다'},
	flagNotForServe: {en: '--{flag} has no meaning for tcp-tui serve', ko: '--{flag} 옵션은 tcp-tui serve에서 쓸 수 없습니다'},
	hostKeyProblem: {en: '--host-key: {file}: {reason}', ko: '--host-key: {file}: {reason}'},
	hostKeyNotKey: {
		en: '--host-key: {file} is not a private key ssh can use ({detail}): give an unencrypted OpenSSH or PEM private key, or a path where none is yet to make one there',
		ko: '--host-key: {file}은(는) ssh가 쓸 수 있는 개인 키가 아닙니다 ({detail}): 암호 없는 OpenSSH 또는 PEM 개인 키를 주거나, 아직 아무것도 없는 경로를 주면 그곳에 키를 만듭니다',
	},
	hostKeyDamaged: {
		en: '--host-key: {file}: the host key made there cannot be read ({detail}): remove it and start again to make a new one (students will be told the key changed)',
		ko: '--host-key: {file}: 그곳에 만든 호스트 키를 읽을 수 없습니다 ({detail}): 지우고 다시 시작하면 새 키를 만듭니다 (학생들에게는 키가 바뀌었다고 표시됩니다)',
	},
	keysProblem: {en: '--authorized-keys: {file}: {reason}', ko: '--authorized-keys: {file}: {reason}'},
	listenProblem: {en: 'cannot listen on {host}:{port}: {reason}', ko: '{host}:{port}에서 기다릴 수 없습니다: {reason}'},
	hostKeyCreated: {en: 'made a new host key: {file} ({fingerprint})', ko: '새 호스트 키를 만들었습니다: {file} ({fingerprint})'},
	hostKeyUsed: {en: 'host key: {file} ({fingerprint})', ko: '호스트 키: {file} ({fingerprint})'},
	listening: {en: 'serving tcp-tui on {host}:{port}; students type:', ko: '{host}:{port}에서 tcp-tui를 서비스합니다; 학생들이 입력할 명령:'},
	studentLine: {en: '  {command}     ({what})', ko: '  {command}     ({what})'},
	ownSession: {en: 'own session', ko: '자기 세션'},
	followTeacher: {en: 'follow the teacher', ko: '교사 따라 보기'},
	accessOpen: {en: 'no password (--open)', ko: '비밀번호 없음 (--open)'},
	accessPassword: {en: 'password required', ko: '비밀번호 필요'},
	accessKeys: {en: 'keys from {file}', ko: '{file}의 키'},
	stopHint: {en: 'Ctrl-C stops the server and closes every connection.', ko: 'Ctrl-C를 누르면 서버가 멈추고 모든 연결이 닫힙니다.'},
	logJoined: {en: '{who} joined: {kind} ({lang}, {columns}x{rows}); {count} connected', ko: '{who} 접속: {kind} ({lang}, {columns}x{rows}); 접속 {count}명'},
	logLeft: {en: '{who} left; {count} connected', ko: '{who} 나감; 접속 {count}명'},
	logSeatFailed: {en: '{who} closed after an error: {error}', ko: '{who} 오류로 닫힘: {error}'},
	logStopped: {en: 'stopped; every connection closed', ko: '멈췄습니다; 모든 연결을 닫았습니다'},
	roster: {en: '{follow} following · {own} own · {choosing} choosing', ko: '따라 보기 {follow} · 자기 세션 {own} · 선택 중 {choosing}'},
	// What a student's terminal shows.
	needPty: {
		en: 'tcp-tui is a full-screen app and needs a terminal: connect with ssh -t (or give a command: demo, run LESSON, help)',
		ko: 'tcp-tui는 전체 화면 앱이라 터미널이 필요합니다: ssh -t로 접속하세요 (또는 명령을 주세요: demo, run LESSON, help)',
	},
	full: {en: 'the classroom is full ({max} sessions); try again later', ko: '교실이 가득 찼습니다 (세션 {max}개); 나중에 다시 시도하세요'},
	goodbye: {en: 'tcp-tui: the server stopped. Goodbye!', ko: 'tcp-tui: 서버가 멈췄습니다. 안녕히 가세요!'},
	serverFailed: {
		en: "tcp-tui: the server stopped because of an error in the teacher's session; connect again once it is back.",
		ko: 'tcp-tui: 교사 세션의 오류로 서버가 멈췄습니다; 서버가 다시 열리면 접속하세요.',
	},
	bye: {en: 'tcp-tui: bye.', ko: 'tcp-tui: 안녕히 가세요.'},
	idleClosed: {en: 'tcp-tui: closed after {time} without a key.', ko: 'tcp-tui: {time} 동안 키 입력이 없어 연결을 닫았습니다.'},
	seatFailed: {
		en: 'tcp-tui: this session stopped because of an error on the server; connect again to start over.',
		ko: 'tcp-tui: 서버의 오류로 이 세션이 멈췄습니다; 다시 접속하면 새로 시작합니다.',
	},
	execUnknown: {en: "unknown command '{command}'; commands: demo, run LESSON, help", ko: "알 수 없는 명령 '{command}'; 명령: demo, run LESSON, help"},
	execNoLesson: {en: "no built-in lesson '{name}'{hint}; see: demo", ko: "내장 강의 '{name}'이(가) 없습니다{hint}; 목록: demo"},
	execRunNeedsName: {en: 'run needs a lesson name: run LESSON (see: demo)', ko: 'run에는 강의 이름이 필요합니다: run LESSON (목록: demo)'},
	execRunOnlyName: {
		en: "over ssh, run takes a lesson's name and nothing more: '{arg}' is not taken (run LESSON; see: demo)",
		ko: "ssh로는 run에 강의 이름만 줄 수 있습니다: '{arg}'은(는) 받지 않습니다 (run LESSON; 목록: demo)",
	},
	execHelp: {
		en: 'Commands over ssh:\n  demo          list the built-in lessons\n  run LESSON    print a lesson\'s transcript\n  help          this text\nWithout a command (ssh -t): the full-screen app. Usernames: play (own session), follow (the teacher), any other: choose; add -ko or -en for the language (follow-ko).',
		ko: 'ssh로 쓸 수 있는 명령:\n  demo          내장 강의 목록\n  run LESSON    강의의 기록 출력\n  help          이 도움말\n명령 없이 (ssh -t): 전체 화면 앱. 사용자 이름: play (자기 세션), follow (교사 따라 보기), 그 밖: 선택 화면; 언어는 -ko 또는 -en을 붙입니다 (follow-ko).',
	},
	// The start screen.
	startTitle: {en: 'tcp-tui classroom', ko: 'tcp-tui 교실'},
	startPrompt: {en: 'How do you want to take part?', ko: '어떻게 참여할까요?'},
	startPlay: {en: 'My own session: any lesson, free play', ko: '내 세션: 아무 강의나, 자유롭게'},
	startFollow: {en: "Follow the teacher's session (watch only)", ko: '교사의 세션 따라 보기 (보기만)'},
	startKeys: {en: '↑↓ choose · Enter open · p own · f follow · q quit', ko: '↑↓ 선택 · Enter 열기 · p 자기 세션 · f 따라 보기 · q 끝내기'},
	startMoreAbove: {en: '↑ {n} more', ko: '↑ {n}개 더'},
	startMoreBelow: {en: '↓ {n} more', ko: '↓ {n}개 더'},
	startNext: {en: 'Next time: {play} or {follow}', ko: '다음에는: {play} 또는 {follow}'},
	followUnavailable: {en: 'The teacher has no shared session yet.', ko: '교사의 공유 세션이 아직 없습니다.'},
	saveRefused: {en: 'saving is off over SSH (the server keeps no files)', ko: 'SSH 접속에서는 저장할 수 없습니다 (서버에 파일을 남기지 않습니다)'},
} satisfies Record<string, Text>;

export type ServeKey = keyof typeof STRINGS;

export function serveText(lang: Lang, key: ServeKey, params: Record<string, string | number> = {}): string {
	return fillTemplate(STRINGS[key][lang], params);
}
