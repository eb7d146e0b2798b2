// Everything a user can do to a session, as values: what the keys produce, what the log keeps,
// what rewind replays and what a recording saves. Nothing here runs anything (see session.ts).
import type {UiKey} from '../i18n/ui.js';
import type {LinkConfig} from '../link/config.js';
import type {Direction} from '../sim/events.js';
import type {SegmentFault, SegmentPattern} from '../sim/world-api.js';
import type {ShutdownHow} from '../stack/types.js';

export type Side = 'client' | 'server';

export type {SegmentFault, SegmentPattern};

/** One socket call; `write` carries its text, or a byte count of the a–z pattern (the W key). */
export type SocketCall =
	| {call: 'socket'}
	| {call: 'bind'; port: number}
	| {call: 'listen'; backlog: number}
	| {call: 'accept'}
	| {call: 'connect'; addr: string; port: number}
	| {call: 'write'; data: string | {pattern: number}}
	| {call: 'read'; max: number}
	| {call: 'shutdown'; how: ShutdownHow}
	| {call: 'close'}
	| {call: 'abort'}
	| {call: 'kill'};

/** Actions that change the world: the timeline rewind replays and a recording saves. */
export type WorldAction =
	/** fd: the socket the viewer had chosen (-1 when none: the stack answers EBADF). */
	| {type: 'call'; side: Side; fd: number; op: SocketCall}
	| {type: 'link'; dir: Direction; config: Partial<LinkConfig>}
	| {type: 'fault'; target: {id: number} | {pattern: SegmentPattern}; fault: SegmentFault};

/** Actions on virtual time. */
export type ClockAction =
	| {type: 'pause'}
	| {type: 'resume'}
	| {type: 'speed'; speed: number}
	/** Run the next event (or the next recorded action, when replaying forward). */
	| {type: 'step'}
	/** Free play only: back along the timeline by one event, or by `ms` of virtual time. */
	| {type: 'rewind'; by: 'event'} | {type: 'rewind'; by: 'time'; ms: number};

export type LessonAction =
	| {type: 'lesson'; op: 'next' | 'back' | 'restart' | 'leave'}
	| {type: 'lesson'; op: 'jump'; step: number};

/** Predict, then reveal: a viewer's own answer to the open question (followers may give it), the right one shown. */
export type QuizAction = {type: 'answer'; viewer: string; answer: string} | {type: 'reveal'};

export type Action = WorldAction | ClockAction | LessonAction | QuizAction | {type: 'reset'};

export function isWorldAction(action: Action): action is WorldAction {
	return action.type === 'call' || action.type === 'link' || action.type === 'fault';
}

/** A message for the user: a string key and its parameters, put into words by each viewer in its own language. */
export interface Message {
	key: UiKey;
	params?: Record<string, string | number>;
}

export type ActionResult = {ok: true; message?: Message} | {ok: false; message: Message};

/** One line of the session's log: what was done, at which virtual time. */
export interface LogEntry {
	t: number;
	action: Action;
}
