// The words of the protocol's events, English and Korean, from one typed table: the stack says
// what happened as a code with parameters (source/stack/messages.ts), and views and the JSON
// output turn it into a sentence here. A code without both languages does not compile.
import {byteCount, fillTemplate, type Lang, type Text} from './lang.js';
import type {ProtocolMessage} from '../stack/messages.js';
import type {CallArgs} from '../stack/types.js';

type Table = {[M in ProtocolMessage as M['code']]: Text};

const MESSAGES: Table = {
	// State causes.
	'listen-called': {en: 'listen() called', ko: 'listen() 호출'},
	'connect-called': {en: 'connect() called: SYN sent', ko: 'connect() 호출: SYN 전송'},
	'syn-received': {en: 'received SYN: SYN+ACK sent', ko: 'SYN 수신: SYN+ACK 전송'},
	'cookie-ack-received': {en: 'received ACK carrying a valid SYN cookie: the half-open state is rebuilt from it', ko: '유효한 SYN 쿠키가 담긴 ACK 수신: 반쯤 열린 연결 상태를 쿠키에서 복원'},
	'synack-received': {en: 'received SYN+ACK: ACK sent, connect() returns', ko: 'SYN+ACK 수신: ACK 전송, connect() 반환'},
	'simultaneous-open-syn': {en: 'received SYN while in SYN_SENT (simultaneous open): SYN+ACK sent', ko: 'SYN_SENT에서 SYN 수신(동시 열기): SYN+ACK 전송'},
	'simultaneous-open-synack': {en: 'received SYN+ACK (simultaneous open): ACK sent, connect() returns', ko: 'SYN+ACK 수신(동시 열기): ACK 전송, connect() 반환'},
	'handshake-complete': {en: 'received ACK of our SYN+ACK: handshake complete', ko: '우리 SYN+ACK에 대한 ACK 수신: 핸드셰이크 완료'},
	'fin-acked': {en: 'received ACK of our FIN', ko: '우리 FIN에 대한 ACK 수신'},
	'fin-acked-closed': {en: 'received ACK of our FIN: connection closed, buffers freed', ko: '우리 FIN에 대한 ACK 수신: 연결 종료, 버퍼 해제'},
	'fin-received': {en: 'received FIN: the peer has finished sending (read() will return 0)', ko: 'FIN 수신: 상대가 전송을 마침(read()는 0을 반환)'},
	'simultaneous-close': {en: 'received FIN while our FIN is unacknowledged (simultaneous close)', ko: '우리 FIN이 아직 확인되지 않았는데 FIN 수신(동시 닫기)'},
	'fin-received-ack-sent': {en: 'received FIN: ACK sent', ko: 'FIN 수신: ACK 전송'},
	'time-wait-expired': {en: '2×MSL expired', ko: '2×MSL 경과'},
	'time-wait-skipped': {en: 'TIME_WAIT skipped (option): the 4-tuple is free at once', ko: 'TIME_WAIT 건너뜀(옵션): 4-튜플이 곧바로 풀림'},
	'time-wait-zero': {en: '2×MSL is 0: TIME_WAIT ends at once', ko: '2×MSL이 0: TIME_WAIT이 곧바로 끝남'},
	'rst-received': {en: 'received RST', ko: 'RST 수신'},
	'rst-refused': {en: 'received RST: connection refused', ko: 'RST 수신: 연결 거부'},
	'rst-reset': {en: 'received RST: connection reset by peer', ko: 'RST 수신: 상대가 연결을 재설정'},
	'rst-no-listener': {en: 'received RST: nobody listens on that port (connection refused)', ko: 'RST 수신: 그 포트에서 듣는 곳이 없음(연결 거부)'},
	'rst-half-open': {en: 'received RST: the half-open connection is dropped, the listener carries on', ko: 'RST 수신: 반쯤 열린 연결은 버리고 리스너는 계속 동작'},
	'syn-while-half-open': {en: 'received another SYN while half-open: the listener carries on', ko: '반쯤 열린 상태에서 다른 SYN 수신: 리스너는 계속 동작'},
	'time-wait-reused-by-syn': {en: 'a new SYN reuses this 4-tuple (SO_REUSEADDR): TIME_WAIT cut short', ko: '새 SYN이 이 4-튜플을 재사용(SO_REUSEADDR): TIME_WAIT을 중간에 끝냄'},
	'time-wait-reopened-by-newer-syn': {
		en: 'a new SYN with a higher sequence number or newer timestamp reopens this 4-tuple: TIME_WAIT cut short',
		ko: '시퀀스 번호가 더 크거나 타임스탬프가 더 새로운 SYN이 이 4-튜플을 다시 엶: TIME_WAIT을 중간에 끝냄',
	},
	'time-wait-reused-by-connect': {en: 'the 4-tuple is reused by a new connect() (SO_REUSEADDR): TIME_WAIT cut short', ko: '새 connect()가 이 4-튜플을 재사용(SO_REUSEADDR): TIME_WAIT을 중간에 끝냄'},
	'close-with-unread-data': {en: 'close() with unread received data: RST sent (as Linux does)', ko: '읽지 않은 수신 데이터가 있는 채로 close(): RST 전송(리눅스와 같음)'},
	'data-after-close': {en: 'data arrived after close(): nobody can read it, RST sent', ko: 'close() 뒤에 데이터 도착: 읽을 곳이 없어 RST 전송'},
	'abort-called': {en: 'abort() called: RST sent, buffers discarded', ko: 'abort() 호출: RST 전송, 버퍼 폐기'},
	'linger-zero-close': {en: 'close() with SO_LINGER 0 (abort): RST sent, buffers discarded', ko: 'SO_LINGER 0으로 close()(중단): RST 전송, 버퍼 폐기'},
	'listener-closed-before-accept': {en: 'the listening socket was closed before accept(): RST sent', ko: 'accept() 전에 듣기 소켓이 닫힘: RST 전송'},
	'listener-aborted': {en: 'abort() on the listener', ko: '리스너에서 abort()'},
	'listener-closed': {en: 'close() on the listener: queued connections are reset', ko: '리스너에서 close(): 대기 중인 연결은 재설정'},
	'synack-unanswered-connect-fails': {en: 'no ACK for our SYN+ACK: connect() fails with ETIMEDOUT', ko: '우리 SYN+ACK에 ACK가 없음: connect()가 ETIMEDOUT으로 실패'},
	'syn-retries-exhausted': {en: 'no answer to {syns} SYNs: connect() fails with ETIMEDOUT', ko: 'SYN {syns}번에 응답 없음: connect()가 ETIMEDOUT으로 실패'},
	'synack-retries-exhausted': {en: 'no ACK after {synAcks} SYN+ACKs: half-open connection dropped', ko: 'SYN+ACK {synAcks}번 뒤에도 ACK 없음: 반쯤 열린 연결을 버림'},
	'retries-exhausted': {en: 'no ACK after {retries} retransmissions: connection timed out (ETIMEDOUT)', ko: '재전송 {retries}번 뒤에도 ACK 없음: 연결 시간 초과(ETIMEDOUT)'},
	'keepalive-exhausted': {en: '{probes} keepalive probes unanswered: connection timed out', ko: 'keepalive 탐침 {probes}개에 응답 없음: 연결 시간 초과'},
	'fin-wait-2-timeout': {en: 'orphaned FIN_WAIT_2: no FIN from the peer in {seconds} s, connection dropped', ko: '고아가 된 FIN_WAIT_2: {seconds}초 동안 상대의 FIN이 없어 연결을 버림'},
	'fin-queued': {en: '{call} called: FIN queued after the data', ko: '{call} 호출: 데이터 뒤에 FIN 예약'},
	'closed-before-handshake': {en: '{call} called before the handshake finished', ko: '핸드셰이크가 끝나기 전에 {call} 호출'},
	'closed-during-handshake': {en: '{call} called during the handshake: RST sent', ko: '핸드셰이크 도중 {call} 호출: RST 전송'},
	// Notes.
	'fin-again-last-ack-lost': {en: 'received the FIN again (our last ACK was lost): ACK resent, 2×MSL restarted', ko: 'FIN을 다시 수신(마지막 ACK 손실): ACK 재전송, 2×MSL 다시 시작'},
	'fin-again': {en: 'received the FIN again: ACK resent, 2×MSL restarted', ko: 'FIN을 다시 수신: ACK 재전송, 2×MSL 다시 시작'},
	'peer-window-reopened': {en: "peer's window reopened to {bytes}", ko: '상대의 윈도우가 {bytes}로 다시 열림'},
	'partial-ack': {en: 'partial ACK {ack} in fast recovery: retransmitting the next hole', ko: '빠른 회복 중 부분 ACK {ack}: 다음 구멍을 재전송'},
	'full-ack': {en: 'full ACK {ack}: fast recovery ends, cwnd={cwnd}', ko: '전체 ACK {ack}: 빠른 회복 끝, cwnd={cwnd}'},
	'fast-retransmit': {en: 'third duplicate ACK {ack}: fast retransmit, ssthresh={ssthresh}, cwnd={cwnd}', ko: '세 번째 중복 ACK {ack}: 빠른 재전송, ssthresh={ssthresh}, cwnd={cwnd}'},
	'challenge-ack-rst-in-window': {en: 'challenge ACK (RFC 5961): RST in the window but not at RCV.NXT', ko: '챌린지 ACK(RFC 5961): RST가 윈도우 안이지만 RCV.NXT와 다름'},
	'challenge-ack-syn-established': {en: 'challenge ACK (RFC 5961): SYN on an established connection', ko: '챌린지 ACK(RFC 5961): 연결된 상태에서 SYN'},
	'challenge-ack-ack-too-old': {en: 'challenge ACK (RFC 5961): ACK below SND.UNA − MAX.SND.WND, segment dropped', ko: '챌린지 ACK(RFC 5961): ACK가 SND.UNA − MAX.SND.WND보다 작아 세그먼트를 버림'},
	'challenge-ack-limited-per-connection': {en: 'challenge ACK not sent: at most one per {ms} ms per connection (RFC 5961 §7)', ko: '챌린지 ACK 보내지 않음: 연결마다 {ms} ms에 하나까지(RFC 5961 §7)'},
	'challenge-ack-limited-per-host': {en: "challenge ACK not sent: the host's {perSecond} per second are used up (RFC 5961 §7)", ko: '챌린지 ACK 보내지 않음: 호스트의 초당 {perSecond}개를 다 씀(RFC 5961 §7)'},
	'sack-retransmit': {en: 'SACK: retransmitting the hole at {seq} ({bytes})', ko: 'SACK: {seq}의 구멍을 재전송({bytes})'},
	'window-update': {en: 'window update: the app read data, window reopened to {bytes}', ko: '윈도우 갱신: 앱이 데이터를 읽어 윈도우가 {bytes}로 다시 열림'},
	'syn-retransmit': {en: 'SYN retransmission {n}/{max}, RTO now {rto} ms', ko: 'SYN 재전송 {n}/{max}, 이제 RTO {rto} ms'},
	'retransmission-timeout': {en: 'retransmission timeout ({n}/{max}): ssthresh={ssthresh}, cwnd={cwnd}, RTO now {rto} ms', ko: '재전송 타임아웃({n}/{max}): ssthresh={ssthresh}, cwnd={cwnd}, 이제 RTO {rto} ms'},
	'zero-window-probe-ack': {en: 'zero-window probe: pure ACK with SEQ = SND.UNA − 1', ko: '제로 윈도우 탐침: SEQ = SND.UNA − 1인 순수 ACK'},
	'zero-window-probe-byte': {en: 'zero-window probe: 1 byte beyond the closed window', ko: '제로 윈도우 탐침: 닫힌 윈도우 너머 1바이트'},
	'keepalive-probe': {en: 'keepalive probe {n}/{max}', ko: 'keepalive 탐침 {n}/{max}'},
	'syn-cookie-sent': {en: 'SYN queue full: answering {peer} with a SYN cookie (ISN {isn}), no state kept', ko: 'SYN 큐가 가득 참: {peer}에 SYN 쿠키(ISN {isn})로 응답, 상태는 저장하지 않음'},
	'remote-call-unavailable': {
		en: '{call}() is not available here: the remote endpoint is the Linux kernel or another tcp-tui ({where}); drive it there',
		ko: '{call}()은 여기서 쓸 수 없습니다: 원격 끝점은 리눅스 커널이나 다른 tcp-tui입니다({where}). 그쪽에서 조작하세요',
	},
	'link-changed': {en: 'link {dir}: {changes}', ko: '링크 {dir}: {changes}'},
	'wire-link-changed': {en: 'link {dir}: {changes} (added on our side of the real tunnel)', ko: '링크 {dir}: {changes} (실제 터널의 우리 쪽에 추가)'},
	'stack-error': {en: 'stack error on receive: {error}', ko: '수신 중 스택 오류: {error}'},
	'injected-unreadable': {en: 'injected {bytes} on {dir}: not an IPv4/TCP packet', ko: '{dir}에 {bytes} 주입: IPv4/TCP 패킷이 아님'},
};

/** The message as a sentence in the given language. */
export function protocolText(message: ProtocolMessage, lang: Lang): string {
	const {code: _code, ...params} = message as ProtocolMessage & Record<string, string | number>;
	if (typeof params.bytes === 'number') params.bytes = byteCount(lang, params.bytes);
	return fillTemplate(MESSAGES[message.code][lang], params as Record<string, string | number>);
}

/** A call's arguments as the call log and the transcript show them: `10.0.0.2:80`, `"hello"`, `10000 bytes` / `10000바이트`. */
export function callArgsText(args: CallArgs, lang: Lang): string {
	return typeof args === 'string' ? args : byteCount(lang, args.bytes);
}

/** Every code of the table (tests check each has both languages and every parameter is used). */
export function protocolCodes(): Array<ProtocolMessage['code']> {
	return Object.keys(MESSAGES) as Array<ProtocolMessage['code']>;
}

export function protocolTemplates(code: ProtocolMessage['code']): Text {
	return MESSAGES[code];
}
