// One viewer of a session: what one person sees and where their keys go (focus, view, selection,
// prompt, language, scroll), outside React so it can be tested without a terminal. The world, the
// clock, the lesson and the log belong to the Session; keys become Actions executed there. Several
// viewers may watch one session, each in its own language.
import type {Key} from 'ink';
import type {Direction, SimEvent} from '../sim/events.js';
import type {SegmentFault, SegmentPattern, WorldApi, WorldOptions} from '../sim/world-api.js';
import type {HostApi} from '../stack/host-api.js';
import type {HostSnapshot, ShutdownHow, SocketSnapshot} from '../stack/types.js';
import type {Lang} from '../i18n/lang.js';
import {uiText} from '../i18n/ui.js';
import {parseDuration, parseEndpoint, parsePort} from '../scenario/units.js';
import type {PlotRecorder} from '../demo/plot-data.js';
import type {Action, ActionResult, Message, SocketCall} from '../session/actions.js';
import {Session, isRightAnswer, type LessonPort, type SessionChange} from '../session/session.js';
import {recordSession} from '../session/record.js';
import {hasHangul} from '../text/hangul.js';
import type {ClockDriver, RealTime} from './clock.js';
import {commandFor, FOLLOWER_COMMANDS, FOLLOWER_KEY_LABELS, type Command} from './keymap.js';
import {LINK_FIELDS, linkCharRefusal, parseLinkValue} from './link-fields.js';
import type {LadderEntry, UiStore} from './store.js';
import {isBad} from './marks.js';
import {LISTED_SOCKETS, socketKey, socketNames} from './format.js';
import {formatCountdown, formatTime} from './text.js';
import {PASTE_CLOSE, PASTE_OPEN} from './key-input.js';
import type {NowSource} from './now.js';
import {detailRows} from './detail-rows.js';

export type Side = 'client' | 'server';
export type View = 'main' | 'help' | 'diagram' | 'transcript' | 'link' | 'detail' | 'plot' | 'steps' | 'legend';

export interface Prompt {
	kind: 'write' | 'bind' | 'connect' | 'shutdown' | 'fault' | 'delay';
	side: Side;
	text: string;
	error?: string;
	/** For `fault`/`delay`: the segment on the link (by id), or the next one sent in a direction. */
	target?: FaultTarget;
}

export type FaultTarget = {id: number} | {pattern: SegmentPattern};

/** `ours`: only segments between the two hosts; `connection`: one 4-tuple (a, b as addr:port). */
export type LadderFilter = {kind: 'ours'} | {kind: 'connection'; a: string; b: string};

/** Fault prompt keys: d drop, c corrupt, u duplicate (y asks how long to delay). */
const FAULT_KEYS: Readonly<Record<string, SegmentFault>> = {d: {kind: 'drop'}, c: {kind: 'corrupt'}, u: {kind: 'duplicate'}};
const DEFAULT_DELAY_MS = '1000';
/** A follower's refused key: the keys that do act, read from the key table. */
const WATCH_ONLY: Message = {key: 'watchOnly', params: {keys: FOLLOWER_KEY_LABELS.join(' ')}};

export interface LinkCursor {
	field: number;
	dir: Direction;
	/** What the user is typing for the field under the cursor; null when not editing. */
	text: string | null;
	error: string | null;
}

/** A lesson being played (the demo controller): the session's lesson port. */
export type DemoSession = LessonPort;

export type SaveResult = {ok: true; path: string} | {ok: false; message: string};

export interface ModelOptions {
	lang: Lang;
	/** The session to watch; without one the viewer makes its own from the options below (and disposes it). */
	session?: Session;
	speed?: number;
	createWorld?: () => WorldApi;
	/** What createWorld builds: a recording writes these settings. */
	worldOptions?: WorldOptions;
	time?: RealTime;
	/** Save the transcript; returns the path written or an error message. */
	saveTranscript?: (world: WorldApi, store: UiStore) => SaveResult;
	/** Save a recording of the session (a .tcptui scenario); returns the path written or an error message. */
	saveRecording?: (text: string) => SaveResult;
	demo?: DemoSession;
	onQuit: (code: number) => void;
	/** Sides that are a real remote endpoint (wire mode): no keys act on them. */
	remote?: Side | null;
	/** The world runs by itself (wire mode): redraw after its events, not only on clock frames. */
	liveEvents?: boolean;
	/** Watch only (a follower of the teacher's session): views, selection and scrolling, never an action, never a file. */
	readOnly?: boolean;
	/** The teacher's seat of a shared session: sees the answers come in (a self-study viewer sees them only at the reveal). */
	teacher?: boolean;
	/** Who this viewer is among a session's viewers (its answers to questions); unique by default. */
	viewerId?: string;
	/**
	 * How this viewer hears of its session's changes. They come inside the call of whoever changed
	 * it (the teacher's key or clock, when following): serve runs a follower's in that follower's seat,
	 * so a throw there ends that follower, not the teacher. Default: at once.
	 */
	notifyWithin?: (deliver: () => void) => void;
}

/** One bar of a question's histogram: a choice or a number answered, and how many gave it (null: not shown to this viewer). */
export interface QuizBarEntry {
	label: string;
	count: number | null;
	right: boolean;
}

/** What this viewer's question bar shows, in its language (drawn by QuizBar). */
export interface QuizView {
	question: string;
	bars: QuizBarEntry[];
	status: string;
}

let viewerCount = 0;

export const READ_SIZE = 4096;
export const BIG_WRITE_SIZE = 10_000;
const DEFAULT_LISTEN_BACKLOG = 8;
const DEFAULT_SERVER_PORT = 80;
const DEFAULT_CLIENT_PORT = 8080;
/** Segments PgUp/PgDn move the ladder selection by. */
const LADDER_PAGE = 10;
/** `{` goes back this much virtual time. */
const REWIND_MS = 1000;

/** The Key of one character out of a chunk: Enter, Tab and Backspace are recognised again. */
function keyOf(ch: string, template: Key): Key {
	const none = Object.fromEntries(Object.keys(template).map((name) => [name, false])) as unknown as Key;
	return {...none, return: ch === '\r' || ch === '\n', tab: ch === '\t', backspace: ch === '\x7f' || ch === '\b'};
}

/**
 * The socket the keys act on in a pane, of a host's snapshot: the row chosen with ↑/↓ (`key`, by
 * socketKey), else the live socket on the selected fd, else the newest orphan that fd left behind,
 * else the newest live one, else the newest of all (see TuiModel.selectedSocket).
 */
export function selectSocket(snapshot: HostSnapshot, key: string | null, fd: number | null): SocketSnapshot | null {
	if (key !== null) {
		const keyed = snapshot.sockets.find((s) => socketKey(s) === key);
		if (keyed) return keyed;
	}
	const sameFd = snapshot.sockets.filter((s) => s.fd === fd);
	const chosen = sameFd.find((s) => !s.orphaned) ?? sameFd[sameFd.length - 1];
	if (chosen) return chosen;
	const live = snapshot.sockets.filter((s) => !s.orphaned);
	return live[live.length - 1] ?? snapshot.sockets[snapshot.sockets.length - 1] ?? null;
}

export class TuiModel {
	readonly session: Session;
	focus: Side = 'server';
	readonly selectedFd: Record<Side, number | null> = {client: null, server: null};
	/** The row chosen with ↑/↓ (socketKey): the same fd may appear twice, live and orphaned. */
	readonly selectedKey: Record<Side, string | null> = {client: null, server: null};
	/** The last answer of selectedSocket per side, with what it was asked of. */
	private readonly lastSelected: Record<Side, {snapshot: HostSnapshot; key: string | null; fd: number | null; socket: SocketSnapshot | null} | null> = {client: null, server: null};
	view: View = 'main';
	prompt: Prompt | null = null;
	/**
	 * The terminal is below the minimum and shows only "please enlarge; q quits" (set by the App as it
	 * lays out): then q quits, and no other key acts on a session or prompt nobody can see.
	 */
	screenTooSmall = false;
	/** What the last key did, as a key and parameters: put into words in this viewer's language when drawn. */
	note: Message | null = null;
	/** The row under the cursor in the lesson's step list (-1: the introduction). */
	stepCursor = -1;
	/** Selected ladder entry id; null follows the newest segment. */
	ladderSelected: number | null = null;
	/** Which rows the ladder shows (null: all). */
	ladderFilter: LadderFilter | null = null;
	/** The field under the cursor in the segment detail (its bytes are highlighted in the hex dump). */
	detailField = 0;
	/** The ladder drawn to scale: rows are time slices, arrows slant (T). */
	timeScaled = false;
	/** Sequence numbers relative to the ISNs (the default) or absolute: ladder, panes and lesson captions alike (#). */
	relativeNumbers = true;
	linkCursor: LinkCursor = {field: 0, dir: 'c2s', text: null, error: null};
	/** Transcript rows back from the newest (0: the latest moments at the bottom). */
	transcriptScroll = 0;
	/** The help page shown when help does not fit the screen (any integer: the view wraps it). */
	helpPage = 0;
	/**
	 * A long lesson caption's page (e), and the step and world it belongs to: another step, or the same one
	 * replayed in a new world (←, a jump, whoever pressed it: the teacher's keys move a follower's lesson), starts
	 * at its first page.
	 */
	private captionPageOf: {step: number; world: WorldApi | null; page: number} = {step: -2, world: null, page: 0};
	/** Bumped whenever anything on screen may have changed (besides the time alone: see nowSource). */
	version = 0;
	/**
	 * Virtual time for what shows it (useNow). A clock frame with no world event since the last
	 * change moves only this: the top bar's clock and the countdowns are drawn again, nothing else.
	 */
	readonly nowSource: NowSource = {
		now: () => this.world.now(),
		subscribe: (listener) => {
			this.timeListeners.add(listener);
			return () => this.timeListeners.delete(listener);
		},
	};
	/** The number being typed as an answer to the open question. */
	quizTyped = '';
	readonly viewerId: string;
	private readonly ownsSession: boolean;
	private readonly unsubscribe: () => void;
	private readonly listeners = new Set<() => void>();
	private readonly timeListeners = new Set<() => void>();
	/** A world event came since the last change: the next clock frame draws everything (but see panesShown). */
	private worldMoved = false;
	/** Every world event since the last change was a timer's or a state's (no segment, call or note). */
	private onlyTimersAndStates = true;
	/** What the main view's panes showed at the last change (panesShown; null while animating). */
	private panesDrawn: string | null = null;
	/** Virtual time as of the last frame (the countdowns on screen show it). */
	private drawnNow = 0;
	/** The clock as of the last change (the top bar shows its speed and pause). */
	private drawnSpeed = 0;
	private drawnPaused = false;

	constructor(private readonly options: ModelOptions) {
		this.viewerId = options.viewerId ?? `viewer-${++viewerCount}`;
		if (options.session) {
			this.session = options.session;
			this.ownsSession = false;
		} else {
			if (!options.createWorld) throw new Error('TuiModel needs a session or createWorld');
			this.session = new Session({
				speed: options.speed ?? 1,
				createWorld: options.createWorld,
				...(options.worldOptions ? {worldOptions: options.worldOptions} : {}),
				...(options.time ? {time: options.time} : {}),
				...(options.demo ? {lesson: options.demo} : {}),
				...(options.remote ? {remote: options.remote} : {}),
				...(options.liveEvents ? {liveEvents: true} : {}),
			});
			this.ownsSession = true;
		}
		// Keys start on the server (its calls come first); in wire mode, on our own endpoint.
		if (this.remote === 'server') this.focus = 'client';
		this.followHistory();
		const within = options.notifyWithin ?? ((deliver: () => void) => deliver());
		const unsubscribe = this.session.subscribe((change) => within(() => this.onSessionChange(change)));
		// The panes count down the selected socket's timers only.
		const unshow = this.session.showCountdownsOf((snap) => {
			let shown: Array<SocketSnapshot | null> = [];
			within(() => {
				shown = [this.selectedSocket('client', snap.client), this.selectedSocket('server', snap.server)];
			});
			return shown;
		});
		this.unsubscribe = () => {
			unsubscribe();
			unshow();
		};
	}

	get lang(): Lang {
		return this.options.lang;
	}

	get remote(): Side | null {
		return this.session.remote;
	}

	get world(): WorldApi {
		return this.session.world;
	}

	get store(): UiStore {
		return this.session.store;
	}

	get clock(): ClockDriver {
		return this.session.clock;
	}

	get demo(): LessonPort | null {
		return this.session.lesson;
	}

	get plotRecorder(): PlotRecorder {
		return this.session.plotRecorder;
	}

	/** The last key's result in this viewer's language, or null. */
	get message(): string | null {
		return this.note === null ? null : uiText(this.lang, this.note.key, this.note.params);
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	dispose(): void {
		this.unsubscribe();
		if (this.ownsSession) this.session.dispose();
	}

	host(side: Side): HostApi {
		return side === 'client' ? this.world.client : this.world.server;
	}

	/**
	 * The socket the keys act on in a pane: the row chosen with ↑/↓ (by socketKey), else the live
	 * socket on the selected fd, else the newest orphan that fd left behind (close() → TIME_WAIT
	 * stays in view), else the newest live one: a pane whose connection is gone shows what is left
	 * (its listener), never "no socket" above a socket list.
	 */
	selectedSocket(side: Side, snapshot: HostSnapshot): SocketSnapshot | null {
		// Asked several times a frame (the clock's countdowns, the panes) of the same snapshot of a
		// host holding dozens of orphans: the answer for the same snapshot and selection is kept.
		const key = this.selectedKey[side];
		const fd = this.selectedFd[side];
		const last = this.lastSelected[side];
		if (last !== null && last.snapshot === snapshot && last.key === key && last.fd === fd) return last.socket;
		const socket = selectSocket(snapshot, key, fd);
		this.lastSelected[side] = {snapshot, key, fd, socket};
		return socket;
	}

	// ---------------------------------------------------------------------------------------
	// Keys

	handleKey(input: string, key: Key): void {
		if (this.screenTooSmall) {
			if (key.ctrl && input === 'c') this.options.onQuit(130);
			else if (input === 'q' && !key.ctrl && !key.meta) this.options.onQuit(0);
			return;
		}
		if (input.includes(PASTE_OPEN) || input.includes(PASTE_CLOSE)) {
			this.pastedInput(input, key);
			return;
		}
		// Keys typed while the app was busy arrive as one chunk ("sb\nL"): take them one by one.
		const chars = [...input];
		if (chars.length > 1 && !key.ctrl && !key.meta && !key.escape) {
			for (const ch of chars) this.handleKey(ch, keyOf(ch, key));
			return;
		}
		if (key.ctrl && input === 'c') {
			this.options.onQuit(130);
			return;
		}
		// The Korean-input note stays until the next key, whichever view that key leaves or lands in.
		if (this.note?.key === 'koreanInput') this.note = null;
		if (this.prompt) {
			this.promptKey(input, key);
		} else {
			switch (this.view) {
				case 'main':
					this.note = null;
					if (this.quizKey(input, key)) break;
					if (hasHangul(input)) {
						// No key is Hangul: the keyboard is in Korean input, and the key would do nothing unseen.
						this.note = {key: 'koreanInput'};
						break;
					}
					this.run(commandFor(input, key, {lesson: this.demo !== null, mainView: true}));
					break;
				case 'legend':
					if (key.escape || input === 'm') this.view = 'main';
					else this.otherViewKey(input, key);
					break;
				case 'help':
					if (key.escape || input === '?') this.view = 'main';
					else if (input === 'm') this.view = 'legend';
					else if (key.downArrow || key.pageDown) this.helpPage++;
					else if (key.upArrow || key.pageUp) this.helpPage--;
					else this.otherViewKey(input, key);
					break;
				case 'diagram':
					if (key.escape || input === 'd') this.view = 'main';
					else this.otherViewKey(input, key);
					break;
				case 'plot':
					// A lesson goes on while its plot or diagram is watched: → n ← still step it.
					if (key.escape || input === 'g') this.view = 'main';
					else this.otherViewKey(input, key);
					break;
				case 'detail':
					if (key.escape || key.return) this.view = 'main';
					else if (key.upArrow) this.detailField = Math.max(0, this.detailField - 1);
					else if (key.downArrow) this.detailField = Math.min(this.detailFieldCount() - 1, this.detailField + 1);
					else if (input === '[') this.selectSegment(-1);
					else if (input === ']') this.selectSegment(1);
					else this.otherViewKey(input, key);
					break;
				case 'transcript':
					this.transcriptKey(input, key);
					break;
				case 'link':
					this.linkKey(input, key);
					break;
				case 'steps':
					this.stepsKey(input, key);
					break;
			}
		}
		this.changed();
	}

	/** Input holding pasted text (marked by key-input.ts): what was typed around it runs as keys, the paste is text. */
	private pastedInput(input: string, key: Key): void {
		let pasting = false;
		for (const part of input.split(/([\uE000\uE001])/)) {
			if (part === PASTE_OPEN || part === PASTE_CLOSE) pasting = part === PASTE_OPEN;
			else if (part !== '' && pasting) this.paste(part, key);
			else if (part !== '') this.handleKey(part, keyOf(part, key));
		}
		this.changed();
	}

	/**
	 * Pasted text goes into the prompt being typed (or the link field being edited), never runs as
	 * keys: a paste of "socket close" outside a prompt would otherwise be s, o, c… (socket, connect…).
	 */
	private paste(text: string, key: Key): void {
		const typing = this.prompt !== null && this.prompt.kind !== 'fault' && this.prompt.kind !== 'shutdown';
		if (typing) {
			for (const ch of text) this.promptKey(ch, keyOf(ch, key));
		} else if (this.prompt === null && this.view === 'link') {
			for (const ch of text) this.linkKey(ch, keyOf(ch, key));
		} else {
			this.note = {key: 'pasteOutsidePrompt'};
		}
	}

	/** The lesson's step list: ↑↓ choose, Enter or a digit jumps (0: the introduction, a restart), Esc or j closes. */
	private stepsKey(input: string, key: Key): void {
		const count = this.demo?.steps?.().length ?? 0;
		const jump = (step: number): void => {
			this.view = 'main';
			this.execute(step < 0 ? {type: 'lesson', op: 'restart'} : {type: 'lesson', op: 'jump', step});
		};
		if (key.escape || input === 'j') this.view = 'main';
		else if (key.upArrow) this.stepCursor = Math.max(-1, this.stepCursor - 1);
		else if (key.downArrow) this.stepCursor = Math.min(count - 1, this.stepCursor + 1);
		else if (key.return) jump(this.stepCursor);
		else if (/^[0-9]$/.test(input) && Number(input) <= count) jump(Number(input) - 1);
		else this.otherViewKey(input, key);
	}

	/** In a view over the main screen: q quits, and the keys the keymap runs everywhere (time, lesson steps). */
	private otherViewKey(input: string, key: Key): void {
		if (input === 'q') {
			this.options.onQuit(0);
			return;
		}
		// As on the main screen: a Hangul key (ㅂ where q was meant) says Korean input is on, on the top bar.
		if (hasHangul(input)) {
			this.note = {key: 'koreanInput'};
			return;
		}
		this.run(commandFor(input, key, {lesson: this.demo !== null, mainView: false}));
	}

	/**
	 * The open question takes digits (a choice, or a number typed and Enter), R (reveal: not a
	 * follower's) and Backspace while typing. Returns whether the key was taken.
	 */
	private quizKey(input: string, key: Key): boolean {
		const quiz = this.session.quiz;
		if (!quiz || quiz.revealed) {
			this.quizTyped = '';
			return false;
		}
		if (input === 'R' && !key.ctrl && !key.meta) {
			this.execute({type: 'reveal'});
			return true;
		}
		const choices = quiz.question.choices;
		if (/^[1-9]$/.test(input) && choices) {
			const choice = choices[Number(input) - 1];
			if (choice !== undefined) this.answer(choice);
			return true;
		}
		if (choices) return false;
		if (/^[0-9]$/.test(input)) {
			if (this.quizTyped.length < 10) this.quizTyped += input;
			return true;
		}
		if (this.quizTyped === '') return false;
		if (key.backspace || key.delete) this.quizTyped = this.quizTyped.slice(0, -1);
		else if (key.escape) this.quizTyped = '';
		else if (key.return) {
			this.answer(String(Number(this.quizTyped)));
			this.quizTyped = '';
		} else return false;
		return true;
	}

	/** A viewer's own answer: the one action a follower may take. */
	private answer(answer: string): void {
		const result = this.session.execute({type: 'answer', viewer: this.viewerId, answer});
		this.note = result.ok ? null : result.message;
	}

	/** The open question as this viewer sees it, or null. Counts are the teacher's (and self-study's) until the reveal. */
	quizView(): QuizView | null {
		const quiz = this.session.quiz;
		if (!quiz) return null;
		const {question} = quiz;
		const lang = this.lang;
		const text = question.text[lang] ?? question.text.en ?? question.text.ko ?? '';
		const right = this.relativeNumbers ? question.answer.relative : question.answer.absolute;
		const teacher = this.options.teacher === true;
		const showCounts = teacher || quiz.revealed;
		const answers = [...quiz.answers.values()];
		const countOf = (label: string): number => answers.filter((a) => a === label).length;
		let bars: QuizBarEntry[];
		if (question.choices) {
			bars = question.choices.map((choice, i) => ({label: `${i + 1} ${choice}`, count: showCounts ? countOf(choice) : null, right: quiz.revealed && choice === right}));
		} else {
			const distinct = showCounts ? [...new Set(answers)].sort((a, b) => countOf(b) - countOf(a)) : [];
			bars = distinct.map((label) => ({label, count: countOf(label), right: quiz.revealed && isRightAnswer(question, label)}));
		}
		const mine = quiz.answers.get(this.viewerId);
		const parts: string[] = [];
		if (quiz.revealed) {
			parts.push(uiText(lang, 'quizAnswer', {answer: right}));
			parts.push(mine === undefined ? uiText(lang, 'quizNone') : isRightAnswer(question, mine) ? uiText(lang, 'quizRight') : uiText(lang, 'quizWrong', {answer: mine}));
			if (!this.readOnly) parts.push(uiText(lang, 'quizNext'));
		} else {
			if (this.quizTyped !== '') parts.push(uiText(lang, 'quizType', {typed: this.quizTyped}));
			else if (mine !== undefined) parts.push(uiText(lang, 'quizYours', {answer: mine}));
			else if (!teacher) parts.push(question.choices ? uiText(lang, 'quizChoose', {count: question.choices.length}) : uiText(lang, 'quizType', {typed: ''}).replace(/:\s*$/, ''));
			if (teacher) {
				const rightCount = answers.filter((a) => isRightAnswer(question, a)).length;
				parts.push(uiText(lang, 'quizTally', {count: answers.length, right: rightCount, wrong: answers.length - rightCount}));
			} else if (this.readOnly) {
				parts.push(uiText(lang, 'quizCount', {count: answers.length}));
			}
			if (!this.readOnly) parts.push(uiText(lang, 'quizRevealKey'));
		}
		return {question: `${uiText(lang, 'quizQuestion')}: ${text}`, bars, status: parts.join(' · ')};
	}

	/** The page of the lesson's caption to show (any integer: the bar wraps it); 0 on a step not paged yet. */
	get captionPage(): number {
		const {step, world, page} = this.captionPageOf;
		return step === (this.demo?.current?.() ?? -1) && world === (this.demo?.world() ?? null) ? page : 0;
	}

	get readOnly(): boolean {
		return this.options.readOnly === true;
	}

	/** Execute an action in the session; its message (if any) is this viewer's to show. */
	execute(action: Action): ActionResult {
		if (this.readOnly) {
			this.note = WATCH_ONLY;
			return {ok: false, message: this.note};
		}
		const result = this.session.execute(action);
		if (result.message) this.note = result.message;
		return result;
	}

	private run(given: Command | null): void {
		// Watching: Esc in a lesson clears the selection (leaving the lesson is the teacher's).
		const command = this.readOnly && given === 'lessonLeave' ? 'follow' : given;
		if (this.readOnly && command !== null && !FOLLOWER_COMMANDS.has(command)) {
			this.note = WATCH_ONLY;
			return;
		}
		switch (command) {
			case null:
				return;
			case 'lessonNext':
				this.execute({type: 'lesson', op: 'next'});
				return;
			case 'lessonBack':
				this.execute({type: 'lesson', op: 'back'});
				return;
			case 'lessonLeave':
				this.execute({type: 'lesson', op: 'leave'});
				return;
			case 'lessonSteps':
				this.view = 'steps';
				this.stepCursor = this.demo?.current?.() ?? -1;
				return;
			case 'captionMore':
				this.captionPageOf = {step: this.demo?.current?.() ?? -1, world: this.demo?.world() ?? null, page: this.captionPage + 1};
				return;
			case 'pause':
				this.execute(this.clock.paused ? {type: 'resume'} : {type: 'pause'});
				return;
			case 'step':
				this.execute({type: 'step'});
				return;
			case 'faster':
				this.execute(this.session.speedStep(1));
				return;
			case 'slower':
				this.execute(this.session.speedStep(-1));
				return;
			case 'rewindEvent':
			case 'rewindSecond': {
				const result = this.execute(command === 'rewindEvent' ? {type: 'rewind', by: 'event'} : {type: 'rewind', by: 'time', ms: REWIND_MS});
				if (result.ok) this.note = {key: 'rewound', params: {time: formatTime(this.world.now())}};
				return;
			}
			case 'focusOther':
				this.focus = this.focus === 'client' ? 'server' : 'client';
				return;
			case 'socketUp':
			case 'socketDown':
				this.cycleSocket(command === 'socketUp' ? -1 : 1);
				return;
			case 'follow':
				this.ladderSelected = null;
				return;
			case 'pageUp':
			case 'pageDown':
				this.selectSegment(command === 'pageUp' ? -LADDER_PAGE : LADDER_PAGE);
				return;
			case 'segmentPrev':
			case 'segmentNext':
				this.selectSegment(command === 'segmentPrev' ? -1 : 1);
				return;
			case 'detail':
				if (this.ladderSelected === null) this.selectSegment(-1);
				this.view = 'detail';
				return;
			case 'numbers':
				this.relativeNumbers = !this.relativeNumbers;
				return;
			case 'quit':
				this.options.onQuit(0);
				return;
			case 'help':
				this.view = 'help';
				this.helpPage = 0;
				return;
			case 'diagram':
				this.view = 'diagram';
				return;
			case 'legend':
				this.view = 'legend';
				return;
			case 'plot':
				this.view = 'plot';
				return;
			case 'transcript':
				this.view = 'transcript';
				this.transcriptScroll = 0;
				return;
			case 'link':
				this.view = 'link';
				this.linkCursor = {...this.linkCursor, text: null, error: null};
				return;
			case 'reset':
				this.reset();
				return;
			case 'record':
				this.record();
				return;
			case 'timeScale':
				this.timeScaled = !this.timeScaled;
				return;
			case 'filterOurs':
				this.toggleOurs();
				return;
			case 'filterConnection':
				this.toggleConnection();
				return;
			case 'jumpNext':
			case 'jumpPrev':
				this.jumpTrouble(command === 'jumpNext' ? 1 : -1);
				return;
			case 'faultSelected':
				this.openFaultPrompt(false);
				return;
			case 'faultNext':
				this.openFaultPrompt(true);
				return;
			default:
				this.paneCommand(command);
		}
	}

	private paneCommand(command: Command): void {
		const side = this.focus;
		if (this.remote === side) return;
		switch (command) {
			case 'socket':
				this.call(side, {call: 'socket'});
				return;
			case 'bind':
				this.prompt = {kind: 'bind', side, text: String(side === 'server' ? DEFAULT_SERVER_PORT : DEFAULT_CLIENT_PORT)};
				return;
			case 'listen':
				this.call(side, {call: 'listen', backlog: DEFAULT_LISTEN_BACKLOG});
				return;
			case 'accept':
				this.call(side, {call: 'accept'});
				return;
			case 'connect':
				this.prompt = {kind: 'connect', side, text: this.defaultConnectTarget(side)};
				return;
			case 'write':
				this.prompt = {kind: 'write', side, text: ''};
				return;
			case 'writeBig':
				this.call(side, {call: 'write', data: {pattern: BIG_WRITE_SIZE}});
				return;
			case 'read':
				this.call(side, {call: 'read', max: READ_SIZE});
				return;
			case 'shutdown':
				this.prompt = {kind: 'shutdown', side, text: ''};
				return;
			case 'close':
				this.call(side, {call: 'close'});
				return;
			case 'abort':
				this.call(side, {call: 'abort'});
				return;
			case 'kill':
				this.call(side, {call: 'kill'});
				this.selectedFd[side] = null;
				this.selectedKey[side] = null;
				return;
			default:
				return;
		}
	}

	private defaultConnectTarget(side: Side): string {
		const other: Side = side === 'client' ? 'server' : 'client';
		const snapshot = this.host(other).snapshot();
		const listener = snapshot.sockets.find((s) => s.role === 'listener' && s.local);
		return `${this.host(other).addr}:${listener?.local?.port ?? DEFAULT_SERVER_PORT}`;
	}

	/** A socket call on the pane's selected fd (-1 when there is none: the stack says EBADF). */
	private call(side: Side, op: SocketCall): void {
		// The fd is chosen on the world as it is now, not as of the last frame.
		this.clock.sync();
		const snapshot = this.host(side).snapshot();
		const socket = this.selectedSocket(side, snapshot);
		// An orphan has no fd any more: when socket() has reused its number, the call must not
		// reach that other socket (-1 gets the same EBADF the orphan's old number would).
		const reused = socket?.orphaned === true && snapshot.sockets.some((s) => s.fd === socket.fd && !s.orphaned);
		const fd = reused ? -1 : socket?.fd ?? this.selectedFd[side] ?? -1;
		this.execute({type: 'call', side, fd: op.call === 'socket' || op.call === 'kill' ? -1 : fd, op});
	}

	private promptKey(input: string, key: Key): void {
		const prompt = this.prompt!;
		if (key.escape) {
			this.prompt = null;
			return;
		}
		if (prompt.kind === 'fault') {
			const fault = FAULT_KEYS[input];
			if (fault) {
				this.prompt = null;
				this.fault(prompt.target!, fault);
			} else if (input === 'y') {
				this.prompt = {kind: 'delay', side: prompt.side, text: DEFAULT_DELAY_MS, target: prompt.target};
			}
			return;
		}
		if (prompt.kind === 'shutdown') {
			const how: ShutdownHow | undefined = ({w: 'wr', r: 'rd', b: 'rdwr'} as const)[input as 'w' | 'r' | 'b'];
			if (how) {
				this.prompt = null;
				this.call(prompt.side, {call: 'shutdown', how});
			}
			return;
		}
		if (key.return) {
			this.submitPrompt(prompt);
			return;
		}
		if (key.backspace || key.delete) {
			prompt.text = [...prompt.text].slice(0, -1).join('');
			prompt.error = undefined;
			return;
		}
		if (input && !key.ctrl && !key.meta && !key.tab && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow) {
			prompt.text += input;
			prompt.error = undefined;
		}
	}

	private submitPrompt(prompt: Prompt): void {
		switch (prompt.kind) {
			case 'write': {
				const text = prompt.text === '' ? 'hello' : prompt.text;
				this.prompt = null;
				this.call(prompt.side, {call: 'write', data: text});
				return;
			}
			case 'bind': {
				const port = parsePort(prompt.text.trim());
				if (!port.ok) {
					prompt.error = uiText(this.lang, 'badPort', {text: prompt.text});
					return;
				}
				this.prompt = null;
				this.call(prompt.side, {call: 'bind', port: port.value});
				return;
			}
			case 'delay': {
				const ms = parseDuration(prompt.text.trim());
				if (!ms.ok || ms.value < 0) {
					prompt.error = uiText(this.lang, 'badDelay', {text: prompt.text});
					return;
				}
				this.prompt = null;
				this.fault(prompt.target!, {kind: 'delay', ms: ms.value});
				return;
			}
			case 'connect': {
				const target = parseEndpoint(prompt.text.trim());
				if (!target.ok) {
					prompt.error = uiText(this.lang, 'badAddress', {text: prompt.text});
					return;
				}
				this.prompt = null;
				this.call(prompt.side, {call: 'connect', addr: target.value.addr, port: target.value.port});
				return;
			}
			default:
				return;
		}
	}

	private detailFieldCount(): number {
		const entry = this.ladderSelected === null ? undefined : this.store.entry(this.ladderSelected);
		return entry ? detailRows(entry, this.lang).length : 1;
	}

	/**
	 * f: fault the selected segment while it is on the link (none selected: the newest one in flight);
	 * F, or nothing in flight: the next segment the focused side sends.
	 */
	private openFaultPrompt(next: boolean): void {
		const side = this.focus;
		const flying = new Set(this.world.inFlight().filter((p) => !p.lost).map((p) => p.id));
		let target: FaultTarget;
		if (!next && this.ladderSelected !== null) {
			if (!flying.has(this.ladderSelected)) {
				this.note = {key: 'faultTooLate'};
				return;
			}
			target = {id: this.ladderSelected};
		} else if (!next && flying.size > 0) {
			target = {id: Math.max(...flying)};
			this.ladderSelected = target.id;
		} else {
			target = {pattern: {dir: side === 'client' ? 'c2s' : 's2c', flags: null, nth: 1}};
		}
		this.prompt = {kind: 'fault', side, text: '', target};
	}

	private fault(target: FaultTarget, fault: SegmentFault): void {
		this.clock.sync();
		const result = this.execute({type: 'fault', target, fault});
		if (result.ok) {
			this.note = 'id' in target
				? {key: 'faultApplied', params: {fault: fault.kind, id: target.id}}
				: {key: 'faultArmed', params: {fault: fault.kind, dir: target.pattern.dir}};
		}
		this.clock.kick();
	}

	private cycleSocket(step: 1 | -1): void {
		const side = this.focus;
		const sockets = this.host(side).snapshot().sockets;
		if (sockets.length === 0) return;
		const current = this.selectedSocket(side, {name: side, addr: '', sockets, counters: {}});
		const index = current ? sockets.indexOf(current) : -1;
		const next = sockets[(index + step + sockets.length) % sockets.length]!;
		this.selectedFd[side] = next.fd;
		this.selectedKey[side] = socketKey(next);
	}

	/** Move the ladder selection; from "following", [ starts at the newest segment. */
	/**
	 * The ladder rows shown: all, only the two hosts' own traffic (H hides a SYN flood's forged
	 * peers), or one connection (o: the focused pane's socket).
	 */
	visibleLadder(): readonly LadderEntry[] {
		const all = this.store.ladder;
		const filter = this.ladderFilter;
		if (filter === null) return all;
		if (filter.kind === 'ours') {
			const ours = new Set([this.world.client.addr, this.world.server.addr]);
			return all.filter((e) => ours.has(e.segment.src) && ours.has(e.segment.dst));
		}
		const {a, b} = filter;
		return all.filter((e) => {
			const src = `${e.segment.src}:${e.segment.srcPort}`;
			const dst = `${e.segment.dst}:${e.segment.dstPort}`;
			return (src === a && dst === b) || (src === b && dst === a);
		});
	}

	private toggleOurs(): void {
		this.ladderFilter = this.ladderFilter?.kind === 'ours' ? null : {kind: 'ours'};
		this.note = {key: this.ladderFilter ? 'filterOurs' : 'filterAll'};
	}

	private toggleConnection(): void {
		if (this.ladderFilter?.kind === 'connection') {
			this.ladderFilter = null;
			this.note = {key: 'filterAll'};
			return;
		}
		const conn = this.selectedSocket(this.focus, this.host(this.focus).snapshot())?.connection;
		if (!conn?.remote) {
			this.note = {key: 'filterNoConnection'};
			return;
		}
		const a = `${conn.local.addr}:${conn.local.port}`;
		this.ladderFilter = {kind: 'connection', a, b: `${conn.remote.addr}:${conn.remote.port}`};
		this.note = {key: 'filterConnection', params: {a, b: `${conn.remote.addr}:${conn.remote.port}`}};
	}

	/** j / J: select the next (previous) segment that was lost, corrupted, dropped or retransmitted. */
	private jumpTrouble(step: 1 | -1): void {
		const ladder = this.visibleLadder();
		const index = this.ladderSelected === null ? (step > 0 ? -1 : ladder.length) : ladder.findIndex((e) => e.id === this.ladderSelected);
		for (let i = index + step; i >= 0 && i < ladder.length; i += step) {
			const e = ladder[i]!;
			if (isBad(e) || e.rtx !== undefined) {
				this.ladderSelected = e.id;
				return;
			}
		}
		this.note = {key: 'jumpNone'};
	}

	private selectSegment(step: number): void {
		const ladder = this.visibleLadder();
		if (ladder.length === 0) return;
		const index = this.ladderSelected === null ? -1 : ladder.findIndex((e) => e.id === this.ladderSelected);
		let next: number;
		if (index < 0) next = ladder.length - 1;
		else next = Math.max(0, Math.min(ladder.length - 1, index + step));
		this.ladderSelected = ladder[next]!.id;
	}

	private transcriptKey(input: string, key: Key): void {
		if (key.escape || input === 't') {
			this.view = 'main';
		} else if (key.upArrow || key.pageUp) {
			// Back in time; the view stops at the first moment.
			this.transcriptScroll = Math.min(this.world.history().length, this.transcriptScroll + (key.pageUp ? 10 : 1));
		} else if (key.downArrow || key.pageDown) {
			this.transcriptScroll = Math.max(0, this.transcriptScroll - (key.pageDown ? 10 : 1));
		} else if (input === 'm') {
			if (this.readOnly) {
				this.note = WATCH_ONLY;
				return;
			}
			const save = this.options.saveTranscript;
			if (!save) return;
			const result = save(this.world, this.store);
			this.note = result.ok ? {key: 'transcriptSaved', params: {path: result.path}} : {key: 'transcriptSaveFailed', params: {reason: result.message}};
		} else if (input === 'q') {
			this.options.onQuit(0);
		}
	}

	private linkKey(input: string, key: Key): void {
		const cursor = this.linkCursor;
		if (key.escape) {
			if (cursor.text !== null) this.linkCursor = {...cursor, text: null, error: null};
			else this.view = 'main';
			return;
		}
		if (key.upArrow || key.downArrow) {
			const count = LINK_FIELDS.length;
			this.linkCursor = {...cursor, field: (cursor.field + (key.upArrow ? -1 : 1) + count) % count, text: null, error: null};
			return;
		}
		if (key.leftArrow || key.rightArrow || key.tab) {
			this.linkCursor = {...cursor, dir: cursor.dir === 'c2s' ? 's2c' : 'c2s', text: null, error: null};
			return;
		}
		if (key.return) {
			if (cursor.text === null) return;
			if (this.readOnly) {
				this.linkCursor = {...cursor, text: null, error: uiText(this.lang, WATCH_ONLY.key, WATCH_ONLY.params)};
				return;
			}
			const field = LINK_FIELDS[cursor.field]!;
			const parsed = parseLinkValue(field, cursor.text, this.lang);
			if (!parsed.ok) {
				this.linkCursor = {...cursor, error: parsed.message};
				return;
			}
			const result = this.session.execute({type: 'link', dir: cursor.dir, config: {[field.key]: parsed.value}});
			this.linkCursor = result.ok
				? {...cursor, text: null, error: null}
				: {...cursor, error: uiText(this.lang, result.message.key, result.message.params)};
			return;
		}
		if (key.backspace || key.delete) {
			const text = cursor.text ?? '';
			this.linkCursor = {...cursor, text: [...text].slice(0, -1).join(''), error: null};
			return;
		}
		if (!input || key.ctrl || key.meta) return;
		if (this.readOnly) {
			// Said at the first character, not after a whole value typed for nothing.
			this.linkCursor = {...cursor, text: null, error: uiText(this.lang, WATCH_ONLY.key, WATCH_ONLY.params)};
			return;
		}
		// A character the field cannot hold is refused with a line saying what it takes, not dropped unseen.
		const refusal = linkCharRefusal(LINK_FIELDS[cursor.field]!, input, this.lang);
		this.linkCursor = refusal === null ? {...cursor, text: (cursor.text ?? '') + input, error: null} : {...cursor, error: refusal};
	}

	// ---------------------------------------------------------------------------------------
	// Worlds

	reset(): void {
		this.execute({type: 'reset'});
	}

	/** S: the session so far as a scenario file that `tcp-tui run` replays. */
	private record(): void {
		const save = this.options.saveRecording;
		if (!save) return;
		const recorded = recordSession(this.session);
		if (!recorded.ok) {
			this.note = recorded.message;
			return;
		}
		const result = save(recorded.text);
		this.note = result.ok ? {key: 'recordSaved', params: {path: result.path}} : {key: 'recordFailed', params: {reason: result.message}};
	}

	private onSessionChange(change: SessionChange): void {
		// A world event alone draws nothing: the clock's frame (or wire mode's paced redraw) does.
		if (change.kind === 'event') {
			this.follow(change.event);
			this.worldMoved = true;
			if (change.event.kind !== 'timer' && change.event.kind !== 'state') this.onlyTimersAndStates = false;
			return;
		}
		if (change.kind === 'tick' && this.clock.speed === this.drawnSpeed && this.clock.paused === this.drawnPaused) {
			if (!this.worldMoved) {
				this.timeMoved();
				return;
			}
			// Timers and states only (an orphan's TIME_WAIT ending): drawn when the panes show it.
			const panes = this.onlyTimersAndStates ? this.panesShown() : null;
			if (panes !== null && panes === this.panesDrawn) {
				this.worldMoved = false;
				if (this.countdownsMoved()) this.timeMoved();
				return;
			}
			this.changed();
			return;
		}
		if (change.kind === 'world') this.followHistory();
		this.changed();
	}

	/** A new world (reset, lesson, rewind): the selection follows what its history last made. */
	private followHistory(): void {
		this.selectedFd.client = null;
		this.selectedFd.server = null;
		this.selectedKey.client = null;
		this.selectedKey.server = null;
		if (this.ladderSelected !== null && !this.store.entry(this.ladderSelected)) this.ladderSelected = null;
		for (const event of this.world.history()) this.follow(event);
	}

	/** A new socket, or an accepted connection, becomes the one the keys act on. */
	private follow(event: SimEvent): void {
		if (event.kind === 'call' && event.status === 'returned' && (event.call === 'socket' || event.call === 'accept')) {
			const side: Side | null = event.host === 'client' ? 'client' : event.host === 'server' ? 'server' : null;
			if (side && event.result !== undefined) {
				this.selectedFd[side] = event.result;
				this.selectedKey[side] = null;
			}
		}
	}

	changed(): void {
		this.version++;
		this.worldMoved = false;
		this.onlyTimersAndStates = true;
		// While segments fly every frame is drawn anyway; paused, no clock frame comes to compare
		// (a step draws in full when this is null, as when the panes changed).
		this.panesDrawn = this.clock.paused || this.session.activity() === 'animating' ? null : this.panesShown();
		this.drawnSpeed = this.clock.speed;
		this.drawnPaused = this.clock.paused;
		for (const listener of this.listeners) listener();
		this.timeMoved();
	}

	/** Only virtual time moved on: what shows it is drawn again. */
	private timeMoved(): void {
		this.drawnNow = this.world.now();
		for (const listener of this.timeListeners) listener();
	}

	/** A countdown on screen shows another value now than at the last frame. */
	private countdownsMoved(): boolean {
		const now = this.world.now();
		return this.session.countdownEnds().some((end) => formatCountdown(end - now) !== formatCountdown(end - this.drawnNow));
	}

	/**
	 * What the main view's panes draw from the world (each host's sockets as listed, the selected
	 * one whole, the first blocked call), as text to compare; null where more could change (another
	 * view, a lesson's caption, a prompt). The ladder and the call logs change only with segment and
	 * call events, the bars only with keys and actions.
	 */
	private panesShown(): string | null {
		if (this.view !== 'main' || this.demo !== null || this.prompt !== null) return null;
		const snap = this.session.hosts();
		const pane = (side: Side): unknown => {
			const host = snap[side];
			// As Pane lists them: the last LISTED_SOCKETS, named among all (a name gets its port while another reads the same).
			return [host.addr, socketNames(host.sockets).slice(-LISTED_SOCKETS), host.sockets.length > 1, host.sockets.slice(-LISTED_SOCKETS), this.selectedSocket(side, host), host.sockets.flatMap((s) => s.blocked)[0] ?? null];
		};
		return JSON.stringify([pane('client'), pane('server')]);
	}
}
