// What the stack says about its state changes and in its notes: a code and its parameters, never
// a sentence. The words, English and Korean, are one table in source/i18n/protocol.ts.

import type {DecodeError} from './types.js';

/** Which call started an orderly close. */
export type CloseCall = 'close()' | 'shutdown(SHUT_WR)';

/** Why a connection changed state. */
export type StateCause =
	| {code: 'listen-called'}
	| {code: 'connect-called'}
	| {code: 'syn-received'}
	| {code: 'cookie-ack-received'}
	| {code: 'synack-received'}
	| {code: 'simultaneous-open-syn'}
	| {code: 'simultaneous-open-synack'}
	| {code: 'handshake-complete'}
	| {code: 'fin-acked'}
	| {code: 'fin-acked-closed'}
	| {code: 'fin-received'}
	| {code: 'simultaneous-close'}
	| {code: 'fin-received-ack-sent'}
	| {code: 'time-wait-expired'}
	| {code: 'time-wait-skipped'}
	| {code: 'time-wait-zero'}
	| {code: 'rst-received'}
	| {code: 'rst-refused'}
	| {code: 'rst-reset'}
	| {code: 'rst-no-listener'}
	| {code: 'rst-half-open'}
	| {code: 'syn-while-half-open'}
	| {code: 'time-wait-reused-by-syn'}
	| {code: 'time-wait-reopened-by-newer-syn'}
	| {code: 'time-wait-reused-by-connect'}
	| {code: 'close-with-unread-data'}
	| {code: 'data-after-close'}
	| {code: 'abort-called'}
	| {code: 'linger-zero-close'}
	| {code: 'listener-closed-before-accept'}
	| {code: 'listener-aborted'}
	| {code: 'listener-closed'}
	| {code: 'synack-unanswered-connect-fails'}
	| {code: 'syn-retries-exhausted'; syns: number}
	| {code: 'synack-retries-exhausted'; synAcks: number}
	| {code: 'retries-exhausted'; retries: number}
	| {code: 'keepalive-exhausted'; probes: number}
	| {code: 'fin-wait-2-timeout'; seconds: number}
	| {code: 'fin-queued'; call: CloseCall}
	| {code: 'closed-before-handshake'; call: CloseCall}
	| {code: 'closed-during-handshake'; call: CloseCall};

/** What a note tells: a protocol event with no state change. */
export type NoteMessage =
	| {code: 'fin-again-last-ack-lost'}
	| {code: 'fin-again'}
	| {code: 'peer-window-reopened'; bytes: number}
	| {code: 'partial-ack'; ack: number}
	| {code: 'full-ack'; ack: number; cwnd: number}
	| {code: 'fast-retransmit'; ack: number; ssthresh: number; cwnd: number}
	| {code: 'challenge-ack-rst-in-window'}
	| {code: 'challenge-ack-syn-established'}
	| {code: 'challenge-ack-ack-too-old'}
	| {code: 'challenge-ack-limited-per-connection'; ms: number}
	| {code: 'challenge-ack-limited-per-host'; perSecond: number}
	| {code: 'sack-retransmit'; seq: number; bytes: number}
	| {code: 'window-update'; bytes: number}
	| {code: 'syn-retransmit'; n: number; max: number; rto: number}
	| {code: 'retransmission-timeout'; n: number; max: number; ssthresh: number; cwnd: number; rto: number}
	| {code: 'zero-window-probe-ack'}
	| {code: 'zero-window-probe-byte'}
	| {code: 'keepalive-probe'; n: number; max: number}
	| {code: 'syn-cookie-sent'; peer: string; isn: number}
	// Said by the worlds around the stack rather than by the stack itself.
	| {code: 'remote-call-unavailable'; call: string; where: string}
	| {code: 'link-changed'; dir: string; changes: string}
	| {code: 'wire-link-changed'; dir: string; changes: string}
	| {code: 'stack-error'; error: string}
	| {code: 'injected-unreadable'; bytes: number; dir: string};

export type ProtocolMessage = StateCause | NoteMessage;
export type StateCauseCode = StateCause['code'];
export type NoteCode = NoteMessage['code'];

/** Why a host discarded a packet the codec could read: RFC 9293's "drop the segment" cases, and more. */
export type SegmentDropReason =
	| 'wrong-address' | 'source-own-address' | 'source-loopback' | 'source-this-network' | 'source-broadcast' | 'source-multicast'
	| 'no-listener' | 'rst-to-listener' | 'ack-to-listener' | 'syn-fin-to-listener' | 'syn-queue-full' | 'accept-queue-full'
	| 'closed' | 'bad-ack' | 'rst-without-ack' | 'no-syn' | 'paws' | 'duplicate' | 'out-of-window'
	| 'rst-challenged' | 'syn-challenged' | 'no-ack' | 'ack-of-unsent-data' | 'ack-too-old';

/** Why a packet went no further, whoever decided: the codec, the receiving host, the link's queue or the world around them. */
export type DropReason = DecodeError | SegmentDropReason | 'queue-full' | 'no-such-host' | 'stack-error' | 'remote-endpoint' | 'unreadable';
