// The stack speaks English in its events (state causes, notes). Views in Korean pass those texts
// through translateStackText: every text the stack emits has a pattern here (a test keeps it so).
import type {Lang} from '../i18n/lang.js';

type Rule = [RegExp, string];

// `$1`… are the pattern's groups (numbers, addresses, nested causes translated first).
const RULES: Rule[] = [
	// State causes.
	[/^listen\(\) called$/, 'listen() 호출'],
	[/^connect\(\) called: SYN sent$/, 'connect() 호출: SYN 전송'],
	[/^received SYN: SYN\+ACK sent$/, 'SYN 수신: SYN+ACK 전송'],
	[/^received SYN\+ACK: ACK sent, connect\(\) returns$/, 'SYN+ACK 수신: ACK 전송, connect() 반환'],
	[/^received SYN while in SYN_SENT \(simultaneous open\): SYN\+ACK sent$/, 'SYN_SENT에서 SYN 수신(동시 열기): SYN+ACK 전송'],
	[/^received ACK of our SYN\+ACK: handshake complete$/, '우리 SYN+ACK에 대한 ACK 수신: 핸드셰이크 완료'],
	[/^received SYN\+ACK \(simultaneous open\): ACK sent, connect\(\) returns$/, 'SYN+ACK 수신(동시 열기): ACK 전송, connect() 반환'],
	[/^received ACK carrying a valid SYN cookie: the half-open state is rebuilt from it$/, '유효한 SYN 쿠키가 담긴 ACK 수신: 반쯤 열린 연결 상태를 쿠키에서 복원'],
	[/^received FIN: the peer has finished sending \(read\(\) will return 0\)$/, 'FIN 수신: 상대가 전송을 마침(read()는 0을 반환)'],
	[/^received FIN while our FIN is unacknowledged \(simultaneous close\)$/, '우리 FIN이 아직 확인되지 않았는데 FIN 수신(동시 닫기)'],
	[/^received FIN: ACK sent$/, 'FIN 수신: ACK 전송'],
	[/^received ACK of our FIN$/, '우리 FIN에 대한 ACK 수신'],
	[/^received ACK of our FIN: connection closed, buffers freed$/, '우리 FIN에 대한 ACK 수신: 연결 종료, 버퍼 해제'],
	[/^2×MSL expired$/, '2×MSL 경과'],
	[/^TIME_WAIT skipped \(option\): the 4-tuple is free at once$/, 'TIME_WAIT 건너뜀(옵션): 4-튜플이 곧바로 풀림'],
	[/^2×MSL is 0: TIME_WAIT ends at once$/, '2×MSL이 0: TIME_WAIT이 곧바로 끝남'],
	[/^received the FIN again \(our last ACK was lost\): ACK resent, 2×MSL restarted$/, 'FIN을 다시 수신(마지막 ACK 손실): ACK 재전송, 2×MSL 다시 시작'],
	[/^received the FIN again: ACK resent, 2×MSL restarted$/, 'FIN을 다시 수신: ACK 재전송, 2×MSL 다시 시작'],
	[/^received RST$/, 'RST 수신'],
	[/^received RST: connection refused$/, 'RST 수신: 연결 거부'],
	[/^received RST: connection reset by peer$/, 'RST 수신: 상대가 연결을 재설정'],
	[/^received RST: nobody listens on that port \(connection refused\)$/, 'RST 수신: 그 포트에서 듣는 곳이 없음(연결 거부)'],
	[/^received RST: the half-open connection is dropped, the listener carries on$/, 'RST 수신: 반쯤 열린 연결은 버리고 리스너는 계속 동작'],
	[/^received another SYN while half-open: the listener carries on$/, '반쯤 열린 상태에서 다른 SYN 수신: 리스너는 계속 동작'],
	[/^a new SYN reuses this 4-tuple \(SO_REUSEADDR\): TIME_WAIT cut short$/, '새 SYN이 이 4-튜플을 재사용(SO_REUSEADDR): TIME_WAIT을 중간에 끝냄'],
	[/^a new SYN with a higher sequence number or newer timestamp reopens this 4-tuple: TIME_WAIT cut short$/, '시퀀스 번호가 더 크거나 타임스탬프가 더 새로운 SYN이 이 4-튜플을 다시 엶: TIME_WAIT을 중간에 끝냄'],
	[/^the 4-tuple is reused by a new connect\(\) \(SO_REUSEADDR\): TIME_WAIT cut short$/, '새 connect()가 이 4-튜플을 재사용(SO_REUSEADDR): TIME_WAIT을 중간에 끝냄'],
	[/^close\(\) with unread received data: RST sent \(as Linux does\)$/, '읽지 않은 수신 데이터가 있는 채로 close(): RST 전송(리눅스와 같음)'],
	[/^data arrived after close\(\): nobody can read it, RST sent$/, 'close() 뒤에 데이터 도착: 읽을 곳이 없어 RST 전송'],
	[/^abort\(\) called: RST sent, buffers discarded$/, 'abort() 호출: RST 전송, 버퍼 폐기'],
	[/^close\(\) with SO_LINGER 0 \(abort\): RST sent, buffers discarded$/, 'SO_LINGER 0으로 close()(중단): RST 전송, 버퍼 폐기'],
	[/^the listening socket was closed before accept\(\): RST sent$/, 'accept() 전에 듣기 소켓이 닫힘: RST 전송'],
	[/^abort\(\) on the listener$/, '리스너에서 abort()'],
	[/^close\(\) on the listener: queued connections are reset$/, '리스너에서 close(): 대기 중인 연결은 재설정'],
	[/^no ACK for our SYN\+ACK: connect\(\) fails with ETIMEDOUT$/, '우리 SYN+ACK에 ACK가 없음: connect()가 ETIMEDOUT으로 실패'],
	[/^no answer to (\d+) SYNs: connect\(\) fails with ETIMEDOUT$/, 'SYN $1번에 응답 없음: connect()가 ETIMEDOUT으로 실패'],
	[/^no ACK after (\d+) SYN\+ACKs: half-open connection dropped$/, 'SYN+ACK $1번 뒤에도 ACK 없음: 반쯤 열린 연결을 버림'],
	[/^no ACK after (\d+) retransmissions: connection timed out \(ETIMEDOUT\)$/, '재전송 $1번 뒤에도 ACK 없음: 연결 시간 초과(ETIMEDOUT)'],
	[/^(\d+) keepalive probes unanswered: connection timed out$/, 'keepalive 탐침 $1개에 응답 없음: 연결 시간 초과'],
	[/^orphaned FIN_WAIT_2: no FIN from the peer in (\d+) s, connection dropped$/, '고아가 된 FIN_WAIT_2: $1초 동안 상대의 FIN이 없어 연결을 버림'],
	// close()/shutdown() causes are built from the call's own cause.
	[/^close\(\) called: FIN queued after the data$/, 'close() 호출: 데이터 뒤에 FIN 예약'],
	[/^shutdown\(SHUT_WR\) called: FIN queued after the data$/, 'shutdown(SHUT_WR) 호출: 데이터 뒤에 FIN 예약'],
	[/^close\(\) called before the handshake finished$/, '핸드셰이크가 끝나기 전에 close() 호출'],
	[/^shutdown\(SHUT_WR\) called before the handshake finished$/, '핸드셰이크가 끝나기 전에 shutdown(SHUT_WR) 호출'],
	[/^close\(\) called during the handshake: RST sent$/, '핸드셰이크 도중 close() 호출: RST 전송'],
	[/^shutdown\(SHUT_WR\) called during the handshake: RST sent$/, '핸드셰이크 도중 shutdown(SHUT_WR) 호출: RST 전송'],
	// Notes.
	[/^peer's window reopened to (\d+) bytes$/, '상대의 윈도우가 $1바이트로 다시 열림'],
	[/^partial ACK (\d+) in fast recovery: retransmitting the next hole$/, '빠른 회복 중 부분 ACK $1: 다음 구멍을 재전송'],
	[/^full ACK (\d+): fast recovery ends, cwnd=(\d+)$/, '전체 ACK $1: 빠른 회복 끝, cwnd=$2'],
	[/^third duplicate ACK (\d+): fast retransmit, ssthresh=(\d+), cwnd=(\d+)$/, '세 번째 중복 ACK $1: 빠른 재전송, ssthresh=$2, cwnd=$3'],
	[/^challenge ACK \(RFC 5961\): RST in the window but not at RCV\.NXT$/, '챌린지 ACK(RFC 5961): RST가 윈도우 안이지만 RCV.NXT와 다름'],
	[/^challenge ACK \(RFC 5961\): SYN on an established connection$/, '챌린지 ACK(RFC 5961): 연결된 상태에서 SYN'],
	[/^challenge ACK \(RFC 5961\): ACK below SND\.UNA − MAX\.SND\.WND, segment dropped$/, '챌린지 ACK(RFC 5961): ACK가 SND.UNA − MAX.SND.WND보다 작아 세그먼트를 버림'],
	[/^challenge ACK not sent: at most one per (\d+) ms per connection \(RFC 5961 §7\)$/, '챌린지 ACK 보내지 않음: 연결마다 $1 ms에 하나까지(RFC 5961 §7)'],
	[/^challenge ACK not sent: the host's (\d+) per second are used up \(RFC 5961 §7\)$/, '챌린지 ACK 보내지 않음: 호스트의 초당 $1개를 다 씀(RFC 5961 §7)'],
	[/^SACK: retransmitting the hole at (\d+) \((\d+) bytes\)$/, 'SACK: $1의 구멍을 재전송($2바이트)'],
	[/^window update: the app read data, window reopened to (\d+) bytes$/, '윈도우 갱신: 앱이 데이터를 읽어 윈도우가 $1바이트로 다시 열림'],
	[/^SYN retransmission (\d+)\/(\d+), RTO now (\d+) ms$/, 'SYN 재전송 $1/$2, 이제 RTO $3 ms'],
	[/^retransmission timeout \((\d+)\/(\d+)\): ssthresh=(\d+), cwnd=(\d+), RTO now (\d+) ms$/, '재전송 타임아웃($1/$2): ssthresh=$3, cwnd=$4, 이제 RTO $5 ms'],
	[/^zero-window probe: 1 byte beyond the closed window$/, '제로 윈도우 탐침: 닫힌 윈도우 너머 1바이트'],
	[/^zero-window probe: pure ACK with SEQ = SND\.UNA − 1$/, '제로 윈도우 탐침: SEQ = SND.UNA − 1인 순수 ACK'],
	[/^keepalive probe (\d+)\/(\d+)$/, 'keepalive 탐침 $1/$2'],
	[/^SYN queue full: answering ([\d.]+:\d+) with a SYN cookie \(ISN (\d+)\), no state kept$/, 'SYN 큐가 가득 참: $1에 SYN 쿠키(ISN $2)로 응답, 상태는 저장하지 않음'],
];

/** The text in the given language; a text with no rule stays as it is. */
export function translateStackText(text: string, lang: Lang): string {
	if (lang === 'en') return text;
	for (const [pattern, ko] of RULES) {
		if (pattern.test(text)) return text.replace(pattern, ko);
	}
	return text;
}

/** Whether a text has a translation (tests use it to keep every emitted text covered). */
export function hasTranslation(text: string): boolean {
	return RULES.some(([pattern]) => pattern.test(text));
}
