// Every string the command line prints, in English and Korean. Placeholders are `{name}`.
// Flag names, units, state names and errno names stay as typed, in both languages.
import {fillTemplate, type Lang, type Text} from './lang.js';

// The examples are commands, the same in both languages.
const EXAMPLES = `    $ tcp-tui --loss 10% --delay 300ms
    $ tcp-tui --lang ko --msl 5s --speed 0.5
    $ tcp-tui run handshake --seed 7
    $ tcp-tui run my-scenario.tcptui --json
    $ tcp-tui demo handshake
    $ tcp-tui demo --file my-lesson.tcptui
    $ tcp-tui serve --host 0.0.0.0 --password tcp
`;

const HELP_EN = `
  tcp-tui: learn TCP by driving a client and a server over a lossy link

  Usage
    $ tcp-tui [flags]            open the full-screen app
    $ tcp-tui run FILE [flags]   run a scenario without the app (a transcript)
    $ tcp-tui demo               list the built-in lessons
    $ tcp-tui demo NAME          open the app with a lesson (or --file F)
    $ tcp-tui serve              a classroom over SSH: students type
                                 ssh -p 2222 follow@HOST (or play@HOST)

  Serve (tcp-tui serve)
    --port 2222        the port students connect to
    --host 127.0.0.1   the address to listen on (0.0.0.0: the whole network)
    --host-key FILE    the server's key (default ~/.config/tcp-tui/host_ed25519,
                       made on first start)
    --max-sessions 60  students at once
    --idle-timeout 30m close a connection after this long without a key
    --password WORD | --authorized-keys FILE | --open
                       how students get in (--open is the default on 127.0.0.1)
    --profile, --msl, --speed and the link flags below set the teacher's
                       session and every student's own session too
                       (free play and lessons; a lesson keeps its own link)

  Link (both directions, like Linux netem)
    --loss 10%         random loss
    --delay 300ms      one-way delay
    --jitter 50ms      the delay varies by up to this much
    --dup 0%           duplication
    --reorder 0%       reordering
    --corrupt 0%       flipped bits (the receiver's checksum catches them)
    --rate 1mbit       bandwidth (kbit, mbit; kbps = kilobytes/s; 0 = unlimited)

  Simulation
    --seed N           random seed: the same seed gives the same run
    --msl 5s           maximum segment lifetime; TIME_WAIT lasts 2×MSL
    --profile textbook|linux   the stack's defaults: as the RFCs describe, or
                       as Linux answers (default textbook; linux with --wire)
    --speed 0.5        virtual time per real time, 0.05 (slow motion) to 50

  Display
    --lang en|ko       language (default: from LANG / LC_ALL)
    --ascii            plain ASCII drawing, for terminals without Unicode fonts
    --no-color         no colours (NO_COLOR is honoured too)

  Output
    --json             (run) one JSON object per event, one per line
    --data             (run --json) read data in full (else the first 64 bytes)
    --pcap FILE        write every segment to a pcap file for Wireshark
    --wire udp:LOCALPORT:REMOTEHOST:REMOTEPORT
                       one endpoint talks over a UDP tunnel (e.g. to the Linux
                       kernel), in real time (the app and run)
    --wire-side client|server   which endpoint uses the tunnel (default: client)

  Exit codes: 0 ok, 1 an expect failed (the same when \`| head\` reads only part
  of run's output), 2 bad flags or file, 70 internal error.

  Examples
${EXAMPLES}`;

const HELP_KO = `
  tcp-tui: 손실 있는 링크 위에서 클라이언트와 서버를 조작하며 TCP 배우기

  사용법
    $ tcp-tui [옵션]             전체 화면 앱을 엽니다
    $ tcp-tui run FILE [옵션]    앱 없이 시나리오를 실행하고 기록을 출력합니다
    $ tcp-tui demo               내장 강의 목록을 보여 줍니다
    $ tcp-tui demo NAME          강의와 함께 앱을 엽니다 (또는 --file F)
    $ tcp-tui serve              SSH 교실: 학생들이 입력합니다
                                 ssh -p 2222 follow@HOST (또는 play@HOST)

  서비스 (tcp-tui serve)
    --port 2222        학생들이 접속할 포트
    --host 127.0.0.1   기다릴 주소 (0.0.0.0: 네트워크 전체)
    --host-key FILE    서버 키 (기본값 ~/.config/tcp-tui/host_ed25519,
                       처음 시작할 때 만듭니다)
    --max-sessions 60  동시에 접속할 수 있는 학생 수
    --idle-timeout 30m 키 입력 없이 이만큼 지나면 연결을 닫습니다
    --password WORD | --authorized-keys FILE | --open
                       학생들이 들어오는 방법 (127.0.0.1에서는 --open이 기본값)
    --profile, --msl, --speed와 아래 링크 옵션은 교사의 세션과
                       학생 각자의 세션(자유 실습과 강의)에 모두 적용됩니다
                       (강의는 자기 링크 설정을 따릅니다)

  링크 (양방향, Linux netem과 같은 방식)
    --loss 10%         무작위 손실
    --delay 300ms      단방향 지연
    --jitter 50ms      지연이 최대 이만큼 흔들립니다
    --dup 0%           중복
    --reorder 0%       순서 바뀜
    --corrupt 0%       비트 오류 (수신 측 체크섬이 잡아냅니다)
    --rate 1mbit       대역폭 (kbit, mbit; kbps = 킬로바이트/초; 0 = 제한 없음)

  시뮬레이션
    --seed N           난수 시드: 같은 시드는 같은 실행을 만듭니다
    --msl 5s           최대 세그먼트 수명; TIME_WAIT는 2×MSL 동안 유지됩니다
    --profile textbook|linux   스택 기본값: RFC가 설명하는 대로, 또는 Linux가
                       답하는 대로 (기본값 textbook; --wire이면 linux)
    --speed 0.5        실제 시간 대비 가상 시간, 0.05(슬로 모션)부터 50까지

  화면
    --lang en|ko       언어 (기본값: LANG / LC_ALL에서)
    --ascii            유니코드 글꼴이 없는 터미널을 위한 ASCII 그림
    --no-color         색 없음 (NO_COLOR 환경 변수도 따릅니다)

  출력
    --json             (run) 이벤트마다 JSON 객체 하나, 한 줄에 하나씩
    --data             (run --json) read() 데이터 전부 (없으면 앞 64바이트)
    --pcap FILE        모든 세그먼트를 Wireshark용 pcap 파일에 기록합니다
    --wire udp:LOCALPORT:REMOTEHOST:REMOTEPORT
                       한쪽 끝점이 UDP 터널로 통신합니다 (예: Linux 커널과),
                       실시간으로 (앱과 run 모두)
    --wire-side client|server   터널을 쓰는 끝점 (기본값: client)

  종료 코드: 0 성공, 1 expect 줄 실패 (\`| head\`가 run의 출력을 일부만 읽어도
  같음), 2 잘못된 옵션이나 파일, 70 내부 오류.

  예
${EXAMPLES}`;

const STRINGS = {
	help: {en: HELP_EN, ko: HELP_KO},
	unknownFlag: {en: "unknown flag '{flag}'{hint}; see tcp-tui --help", ko: "알 수 없는 옵션 '{flag}'{hint}; tcp-tui --help를 보세요"},
	didYouMean: {en: " (did you mean '{word}'?)", ko: " ('{word}'을(를) 말씀하셨나요?)"},
	badValue: {en: '--{flag}: {problem}', ko: '--{flag}: {problem}'},
	flagLikeValue: {
		en: "--{flag} needs a value, and '{value}' looks like a flag (for a value that starts with '-', write --{flag}={value}; e.g. --{flag} {example})",
		ko: "--{flag}에는 값이 필요한데 '{value}'은(는) 옵션처럼 보입니다 ('-'로 시작하는 값은 --{flag}={value}처럼 씁니다; 예: --{flag} {example})",
	},
	pcapStdoutAndJson: {en: '--pcap - and --json both want standard output: write the capture to a file', ko: '--pcap -와 --json이 둘 다 표준 출력을 씁니다: 캡처는 파일로 기록하세요'},
	pcapStdoutTerminal: {
		en: '--pcap - writes the capture to standard output, which is a terminal here: redirect it (> out.pcap, | tshark -r -) or give a file',
		ko: '--pcap -는 캡처를 표준 출력으로 쓰는데, 지금 표준 출력은 터미널입니다: 리디렉션하거나 (> out.pcap, | tshark -r -) 파일을 지정하세요',
	},
	pcapStdoutTui: {en: '--pcap - (standard output) only goes with tcp-tui run: the full-screen app draws on standard output', ko: '--pcap -(표준 출력)는 tcp-tui run에서만 씁니다: 전체 화면 앱이 표준 출력에 그립니다'},
	wireExposed: {
		en: 'warning: the tunnel listens on UDP {addr}, not loopback: anyone who can send from the peer\'s address and port can inject packets',
		ko: '경고: 터널이 루프백이 아닌 UDP {addr}에서 받습니다: 상대의 주소와 포트로 보낼 수 있는 누구나 패킷을 넣을 수 있습니다',
	},
	wireSideWithoutWire: {en: '--wire-side only goes with --wire (it says which endpoint uses the tunnel)', ko: '--wire-side는 --wire와 함께만 씁니다 (터널을 쓰는 끝점을 정합니다)'},
	missingValue: {en: '--{flag} needs a value (e.g. --{flag} {example})', ko: '--{flag}에는 값이 필요합니다 (예: --{flag} {example})'},
	repeatedFlag: {en: '--{flag} is given more than once', ko: '--{flag} 옵션이 두 번 이상 주어졌습니다'},
	mustBePositive: {en: "'{value}' must be more than 0", ko: "'{value}'은(는) 0보다 커야 합니다"},
	badLang: {en: "'{value}' is not a language: use en or ko", ko: "'{value}'은(는) 지원하지 않는 언어입니다: en 또는 ko"},
	badProfile: {en: "'{value}' is not a stack profile: use {list}", ko: "'{value}'은(는) 스택 프로필이 아닙니다: {list} 중 하나"},
	badSide: {en: "'{value}' is not an endpoint: use client or server", ko: "'{value}'은(는) 끝점이 아닙니다: client 또는 server"},
	unknownCommand: {en: "unknown command '{command}'{hint}; commands: run, demo, serve (see tcp-tui --help)", ko: "알 수 없는 명령 '{command}'{hint}; 명령: run, demo, serve (tcp-tui --help를 보세요)"},
	runNeedsFile: {en: 'tcp-tui run needs a scenario file: tcp-tui run FILE', ko: 'tcp-tui run에는 시나리오 파일이 필요합니다: tcp-tui run FILE'},
	tooManyArgs: {en: "unexpected argument '{arg}'", ko: "예상하지 못한 인자 '{arg}'"},
	unknownLesson: {
		en: "unknown demo '{name}'{hint}; demos: {names}; or give the path of a {ext} file",
		ko: "알 수 없는 강의 '{name}'{hint}; 강의: {names}; 또는 {ext} 파일의 경로를 주세요",
	},
	notAFile: {en: '{file}: not a file', ko: '{file}: 파일이 아닙니다'},
	noFileOrLesson: {en: "{file}: no such file, and no built-in lesson of that name{hint}", ko: "{file}: 그런 파일도, 그런 이름의 내장 강의도 없습니다{hint}"},
	cannotReadLesson: {en: '{file}: cannot read the lesson file ({reason})', ko: '{file}: 강의 파일을 읽을 수 없습니다 ({reason})'},
	lessonNeedsStep: {
		en: '{file}:1:1: a lesson needs at least one step "…" with its captions (this file has none; run it with tcp-tui run)',
		ko: '{file}:1:1: 강의에는 캡션이 있는 step "…"이 하나 이상 있어야 합니다 (이 파일에는 없습니다; tcp-tui run으로 실행하세요)',
	},
	cannotRead: {en: '{file}: cannot read the file ({reason})', ko: '{file}: 파일을 읽을 수 없습니다 ({reason})'},
	notATty: {
		en: 'the full-screen app needs an interactive terminal (stdin and stdout must be a TTY); to run without one, use: tcp-tui run FILE',
		ko: '전체 화면 앱은 대화형 터미널이 필요합니다 (stdin과 stdout이 TTY여야 합니다); 터미널 없이 실행하려면: tcp-tui run FILE',
	},
	flagNotForRun: {en: '--{flag} has no meaning for tcp-tui run', ko: '--{flag} 옵션은 tcp-tui run에서 쓸 수 없습니다'},
	flagOnlyForRun: {en: '--json only goes with tcp-tui run', ko: '--json 옵션은 tcp-tui run에서만 쓸 수 있습니다'},
	dataNeedsJson: {en: '--data only goes with tcp-tui run --json', ko: '--data 옵션은 tcp-tui run --json과 함께만 쓸 수 있습니다'},
	flagOnlyForDemo: {en: '--file only goes with tcp-tui demo', ko: '--file 옵션은 tcp-tui demo에서만 쓸 수 있습니다'},
	demoNameAndFile: {en: 'give either a demo name or --file, not both', ko: '강의 이름과 --file 중 하나만 주세요'},
	demoListTitle: {en: 'Built-in lessons (open one with: tcp-tui demo NAME)', ko: '내장 강의 (열기: tcp-tui demo NAME)'},
	demoClaims: {en: 'claims', ko: '주장'},
	demoNone: {en: 'no built-in lessons were found in {dir}', ko: '{dir}에서 내장 강의를 찾지 못했습니다'},
	summaryPass: {en: 'all {total} expectations passed ({file}, seed {seed}, {time} of virtual time)', ko: '기대값 {total}개 모두 통과 ({file}, 시드 {seed}, 가상 시간 {time})'},
	summaryNone: {en: 'no expectations to check ({file}, seed {seed}, {time} of virtual time)', ko: '확인할 기대값 없음 ({file}, 시드 {seed}, 가상 시간 {time})'},
	summaryFail: {en: '{failed} of {total} expectations failed ({file}, seed {seed}, {time} of virtual time)', ko: '기대값 {total}개 중 {failed}개 실패 ({file}, 시드 {seed}, 가상 시간 {time})'},
	summaryReaderGone: {en: 'the output\'s reader went away, so the run stopped: {failed} failure(s) by then ({file}, seed {seed}, {time} of virtual time)', ko: '출력을 읽는 쪽이 떠나 실행을 멈췄습니다: 그때까지 실패 {failed}개 ({file}, 시드 {seed}, 가상 시간 {time})'},
	summaryStopped: {en: 'the run stopped early: {failed} failure(s) ({file}, seed {seed}, {time} of virtual time)', ko: '실행이 일찍 멈췄습니다: 실패 {failed}개 ({file}, 시드 {seed}, 가상 시간 {time})'},
	pcapWritten: {en: 'pcap: {count} packets written to {file}', ko: 'pcap: 패킷 {count}개를 {file}에 기록했습니다'},
	internalError: {en: 'tcp-tui: internal error: {message} (please report this at the project\'s issue tracker)', ko: 'tcp-tui: 내부 오류: {message} (프로젝트 이슈 트래커에 알려 주세요)'},
} satisfies Record<string, Text>;

export type CliKey = keyof typeof STRINGS;

export function cliText(lang: Lang, key: CliKey, params: Record<string, string | number> = {}): string {
	return fillTemplate(STRINGS[key][lang], params);
}
