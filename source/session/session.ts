// One session: the world (simulated or on the wire), the virtual clock, the lesson if any, and the
// log of every action. Viewers (a terminal now, more later) subscribe and draw; they change the
// world only through `execute(action)`.
//
// Free play keeps a timeline: the world actions at their virtual times, in the order they ran
// between the world's own events. The world is deterministic from its seed, so any earlier moment
// is reached again by replaying the timeline in a fresh world (rewind), and the part rewound over
// runs again as time moves forward, until a new action forks the timeline there.
import type {WorldApi, WorldOptions} from '../sim/world-api.js';
import type {HostSnapshot, SocketSnapshot} from '../stack/types.js';
import type {SimEvent} from '../sim/events.js';
import {PlotRecorder} from '../demo/plot-data.js';
import {ClockDriver, SYSTEM_TIME, nextSpeed, type Activity, type ClockWorld, type RealTime} from '../ui/clock.js';
import {UiStore} from '../ui/store.js';
import {patternSource} from '../scenario/runner.js';
import type {Lang} from '../i18n/lang.js';
import {isWorldAction, type Action, type ActionResult, type LogEntry, type Side, type WorldAction} from './actions.js';

/** The question of a step that has run to its end, its answer filled in from the run. */
export interface LessonQuestion {
	/** The step asking (0-based). */
	step: number;
	text: Partial<Record<Lang, string>>;
	/** Multiple choice, or null: the answer is a number. */
	choices: string[] | null;
	/** The right answer written as the ladder draws it, relative to the ISNs and absolute (the same for choices). */
	answer: {relative: string; absolute: string};
}

/** The open question of the session: every viewer's answer, and whether the right one is shown. */
export interface QuizState {
	question: LessonQuestion;
	/** A viewer's answer: a choice (its text) or a number as typed. */
	answers: Map<string, string>;
	revealed: boolean;
}

/** Right either way a viewer numbers (relative or absolute). */
export function isRightAnswer(question: LessonQuestion, answer: string): boolean {
	return answer === question.answer.relative || answer === question.answer.absolute;
}

/** A lesson being played (the demo controller): what the session needs of it. */
export interface LessonPort {
	world(): WorldApi;
	next(): void;
	back(): void;
	restart?(): void;
	jump?(step: number): void;
	/** The user leaves the lesson (Esc); the world stays. */
	leave?(): void;
	/** The lesson's cwnd/ssthresh and sequence recorder over its current world (the plot view). */
	recorder?(): PlotRecorder;
	/** Called after the lesson moved on by itself (a step ended, a world was rebuilt). */
	subscribe?(listener: () => void): () => void;
	/** Virtual time may not pass this instant (the step shown has finished and waits for →), or null. */
	holdAt?(): number | null;
	/** The steps' titles, for a step list. */
	steps?(): ReadonlyArray<{index: number; title: string}>;
	/** The step shown: -1 for the introduction. */
	current?(): number;
	/** The step shown is still running. */
	running?(): boolean;
	/** The question of the step shown once it has run to its end, or null. */
	question?(): LessonQuestion | null;
}

export interface SessionOptions {
	speed: number;
	createWorld: () => WorldApi;
	/** What createWorld builds (simulated worlds): a recording writes these as its settings. */
	worldOptions?: WorldOptions;
	time?: RealTime;
	lesson?: LessonPort;
	/** The side that is a real remote endpoint (wire mode): its time runs by itself. */
	remote?: Side | null;
	/** The world runs by itself (wire mode): redraw after its events, not only on clock frames. */
	liveEvents?: boolean;
}

/** What viewers hear: a frame to draw, one world event as it happens, or a different world (reset, rewind, lesson). */
/**
 * `tick`: the clock's frame, virtual time moved on (what changed besides the time came as events
 * before it); `frame`: anything else may have changed (an action, the lesson, a live redraw).
 */
export type SessionChange = {kind: 'frame'} | {kind: 'tick'} | {kind: 'event'; event: SimEvent} | {kind: 'world'};

/** A world action of the timeline, at the virtual time it ran. */
export interface TimelineEntry {
	t: number;
	action: WorldAction;
}

/** Countdowns show tenths of a second below this (and whole seconds above): see formatCountdown. */
const COUNTDOWN_TENTHS_BELOW = 10_000;
/**
 * Frames per second while segments move. Ink's own cap used to drop every other frame of 30/s
 * (about 14 reached the terminal); 20 drawn for real is as smooth, at the same bytes per second.
 */
export const ANIMATION_FPS = 20;
/** Wire mode: real-network events redraw the screen at most this often. */
const LIVE_FRAME_MS = 1000 / ANIMATION_FPS;

export class Session implements ClockWorld {
	world!: WorldApi;
	store!: UiStore;
	/** What the plot view draws: the lesson's recorder, or one of our own over the free world. */
	plotRecorder!: PlotRecorder;
	readonly clock: ClockDriver;
	lesson: LessonPort | null;
	/** The question the lesson asks now (its step has ended and holds), or null. */
	quiz: QuizState | null = null;
	/** Every action executed, in order (clock, lesson and rewind actions too). */
	readonly log: LogEntry[] = [];
	/** Free play: the world actions that made this world, including any rewound over (after `applied`). */
	readonly timeline: TimelineEntry[] = [];
	private applied = 0;
	/** Events the world has published, and how many it had when made (history it came with). */
	private events = 0;
	private initialEvents = 0;
	/** The world came from createWorld and every move went through here: it can be replayed. */
	private tracking = false;
	private replaying = false;
	private detachWorld: Array<() => void> = [];
	private detachLesson: (() => void) | null = null;
	private readonly listeners = new Set<(change: SessionChange) => void>();
	private readonly countdownViewers = new Set<(snap: {client: HostSnapshot; server: HostSnapshot}) => Array<SocketSnapshot | null>>();
	/**
	 * The hosts as the clock last looked at them (every frame it asks when the next countdown step is
	 * due): made again only after a world event or an action, the only ways a world changes. It holds
	 * no time (timers are absolute instants), so it stays true while time alone moves on.
	 */
	private hostsSeen: {world: WorldApi; events: number; actions: number; hosts: {client: HostSnapshot; server: HostSnapshot}} | null = null;
	private redrawQueued = false;
	private lastLiveRedraw = -Infinity;
	private disposed = false;

	constructor(private readonly options: SessionOptions) {
		this.lesson = options.lesson ?? null;
		this.attach(this.lesson ? this.lesson.world() : options.createWorld(), !this.lesson);
		this.clock = new ClockDriver(this, {
			fps: ANIMATION_FPS,
			speed: options.speed,
			...(options.time ? {time: options.time} : {}),
			activity: () => this.activity(),
			countdownResolution: () => this.countdownResolution(),
			countdownEnds: () => this.countdownEnds(),
			onFrame: () => this.notify({kind: 'tick'}),
			holdAt: () => this.lesson?.holdAt?.() ?? null,
		});
		const lesson = this.lesson;
		if (lesson?.subscribe) {
			this.detachLesson = lesson.subscribe(() => {
				if (this.lesson !== lesson) return;
				this.syncQuiz();
				this.swapWorld(lesson.world(), false);
				this.notify({kind: 'frame'});
			});
		}
	}

	get remote(): Side | null {
		return this.options.remote ?? null;
	}

	get worldOptions(): WorldOptions | undefined {
		return this.options.worldOptions;
	}

	/** Rewind and recording need a world this session built and drove itself (free play, simulated). */
	get canRewind(): boolean {
		return this.tracking;
	}

	/** Actions rewound over that will run again as time moves forward (until a new action forks). */
	get futureActions(): number {
		return this.tracking ? this.timeline.length - this.applied : 0;
	}

	/** The world actions that made the world as it is now (what a recording saves). */
	get past(): readonly TimelineEntry[] {
		return this.tracking ? this.timeline.slice(0, this.applied) : [];
	}

	subscribe(listener: (change: SessionChange) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	dispose(): void {
		this.disposed = true;
		this.clock.dispose();
		this.detachLesson?.();
		this.detachLesson = null;
		for (const stop of this.detachWorld) stop();
		this.detachWorld = [];
		this.listeners.clear();
	}

	// ---------------------------------------------------------------------------------------
	// Actions

	/** Run an action now (at the current virtual time) and log it. */
	execute(action: Action): ActionResult {
		if (this.disposed) return {ok: false, message: {key: 'sessionClosed'}};
		// Bring the world up to "now" first, so the action happens at the time on screen.
		this.clock.sync();
		this.log.push({t: this.world.now(), action});
		const result = this.run(action);
		this.syncQuiz();
		this.notify({kind: 'frame'});
		return result;
	}

	/** A question opens when its step has ended, and closes when the lesson moves on (answered or not). */
	private syncQuiz(): void {
		const question = this.lesson?.question?.() ?? null;
		if (!question) this.quiz = null;
		else if (this.quiz?.question.step !== question.step) this.quiz = {question, answers: new Map(), revealed: false};
	}

	private quizAction(action: Extract<Action, {type: 'answer'} | {type: 'reveal'}>): ActionResult {
		const quiz = this.quiz;
		if (!quiz) return {ok: false, message: {key: 'noQuestion'}};
		if (quiz.revealed) return {ok: false, message: {key: 'quizRevealed'}};
		if (action.type === 'reveal') {
			quiz.revealed = true;
			return {ok: true};
		}
		quiz.answers.set(action.viewer, action.answer);
		return {ok: true, message: {key: 'quizAnswered', params: {answer: action.answer}}};
	}

	private run(action: Action): ActionResult {
		if (isWorldAction(action)) return this.executeWorld(action);
		switch (action.type) {
			case 'pause':
				this.clock.pause();
				return {ok: true};
			case 'resume':
				this.clock.resume();
				return {ok: true};
			case 'speed':
				this.clock.setSpeed(action.speed);
				return {ok: true};
			case 'step':
				this.clock.step();
				return {ok: true};
			case 'rewind':
				return action.by === 'event' ? this.rewindEvent() : this.rewindTime(action.ms);
			case 'lesson':
				return this.lessonAction(action);
			case 'answer':
			case 'reveal':
				return this.quizAction(action);
			case 'reset':
				this.reset();
				return {ok: true, message: {key: 'resetDone'}};
		}
	}

	/** Speed one notch up or down the ladder (what + and - do). */
	speedStep(direction: 1 | -1): Action {
		return {type: 'speed', speed: nextSpeed(this.clock.speed, direction)};
	}

	private executeWorld(action: WorldAction): ActionResult {
		if (this.tracking) {
			// Everything due at this instant runs first: a replay (or a recording's `at`) does the same.
			this.runUntil(this.world.now());
			// A new action forks the timeline: what had been rewound over is gone.
			this.timeline.length = this.applied;
			this.timeline.push({t: this.world.now(), action});
		}
		const result = this.apply(action);
		if (this.tracking) {
			if (result.ok) this.applied++;
			else this.timeline.pop();
		}
		this.clock.kick();
		return result;
	}

	/** What a world action does to the world (live and in replay alike). */
	private apply(action: WorldAction): ActionResult {
		const world = this.world;
		switch (action.type) {
			case 'call': {
				const host = action.side === 'client' ? world.client : world.server;
				const {fd, op} = action;
				switch (op.call) {
					case 'socket':
						host.socket();
						break;
					case 'bind':
						host.bind(fd, op.port);
						break;
					case 'listen':
						host.listen(fd, op.backlog);
						break;
					case 'accept':
						host.accept(fd);
						break;
					case 'connect':
						host.connect(fd, op.addr, op.port);
						break;
					case 'write':
						host.write(fd, typeof op.data === 'string' ? op.data : patternSource(op.data.pattern));
						break;
					case 'read':
						host.read(fd, op.max);
						break;
					case 'shutdown':
						host.shutdown(fd, op.how);
						break;
					case 'close':
						host.close(fd);
						break;
					case 'abort':
						host.abort(fd);
						break;
					case 'kill':
						host.kill();
						break;
				}
				return {ok: true};
			}
			case 'link': {
				// The simulated world also says why a combination is invalid (it then changes nothing).
				const refused: unknown = world.setLink(action.dir, action.config);
				return typeof refused === 'string' ? {ok: false, message: {key: 'linkRefused', params: {reason: refused}}} : {ok: true};
			}
			case 'fault': {
				const target = action.target;
				if ('id' in target) return world.faultSegment(target.id, action.fault) ? {ok: true} : {ok: false, message: {key: 'faultTooLate'}};
				world.armFault(target.pattern, action.fault);
				return {ok: true};
			}
		}
	}

	private lessonAction(action: Extract<Action, {type: 'lesson'}>): ActionResult {
		const lesson = this.lesson;
		if (!lesson) return {ok: false, message: {key: 'noLesson'}};
		switch (action.op) {
			case 'next':
				lesson.next();
				// A teacher who presses → wants the step to play, even after Space paused the last one.
				this.clock.resume();
				break;
			case 'back':
				lesson.back();
				break;
			case 'restart':
				if (!lesson.restart) return {ok: false, message: {key: 'noLesson'}};
				lesson.restart();
				break;
			case 'jump':
				if (!lesson.jump) return {ok: false, message: {key: 'noLesson'}};
				lesson.jump(action.step);
				break;
			case 'leave':
				lesson.leave?.();
				this.lesson = null;
				this.detachLesson?.();
				this.detachLesson = null;
				// The lesson's world (and its plot) go on in free play; it cannot be replayed from here.
				return {ok: true, message: {key: 'demoLeft'}};
		}
		this.swapWorld(lesson.world(), false);
		return {ok: true};
	}

	// ---------------------------------------------------------------------------------------
	// Worlds

	/** A new world with the same options: out of any lesson, a new timeline. */
	private reset(): void {
		if (this.lesson) {
			this.lesson = null;
			this.detachLesson?.();
			this.detachLesson = null;
		}
		this.timeline.length = 0;
		this.applied = 0;
		this.swapWorld(this.options.createWorld(), true);
	}

	/** Put a new world in place (reset, lesson steps, rewind): fresh store, same clock. */
	private swapWorld(world: WorldApi, tracked: boolean): void {
		if (world === this.world) {
			this.clock.kick();
			return;
		}
		this.attach(world, tracked);
		this.clock.setWorld(this);
		this.notify({kind: 'world'});
	}

	private attach(world: WorldApi, tracked: boolean): void {
		for (const stop of this.detachWorld) stop();
		this.world = world;
		this.tracking = tracked && !this.remote;
		this.events = world.history().length;
		this.initialEvents = this.events;
		// In wire mode our own segments leave for a real network: nobody reports their arrival.
		this.store = new UiStore(this.remote ? {unseenArrivals: this.remote === 'server' ? 'c2s' : 's2c'} : {});
		for (const event of world.history()) this.store.apply(event);
		this.detachWorld = [world.on((event) => this.onEvent(event))];
		const lessonRecorder = this.lesson?.recorder?.();
		if (lessonRecorder) {
			this.plotRecorder = lessonRecorder;
		} else {
			// The sending side we drive: the client, or in wire mode whichever endpoint is ours.
			this.plotRecorder = new PlotRecorder(this.remote === 'client' ? 'server' : 'client');
			this.detachWorld.push(this.plotRecorder.attach(world));
		}
	}

	private onEvent(event: SimEvent): void {
		this.events++;
		if (this.replaying) return;
		this.store.apply(event);
		if (this.listeners.size > 0) this.notify({kind: 'event', event});
		if (this.options.liveEvents && !this.redrawQueued) {
			// At most one redraw per frame interval however fast the real network delivers: the
			// app's own pacing, since Ink's cap is set high so that a key's frame is never held back.
			this.redrawQueued = true;
			const time = this.options.time ?? SYSTEM_TIME;
			const wait = Math.max(0, this.lastLiveRedraw + LIVE_FRAME_MS - time.now());
			time.setTimeout(() => {
				this.redrawQueued = false;
				if (this.disposed) return;
				this.lastLiveRedraw = time.now();
				this.clock.kick();
				this.notify({kind: 'frame'});
			}, wait);
		}
	}

	private notify(change: SessionChange): void {
		for (const listener of this.listeners) listener(change);
	}

	// ---------------------------------------------------------------------------------------
	// Time: the clock drives the world through these (ClockWorld), so that the actions rewound over
	// run again at their moments. A move is one world event, or one timeline action applied once
	// everything due by its time has run (as it was live).

	now(): number {
		return this.world.now();
	}

	/** The timeline action replayed next, if time has been rewound. */
	private get pending(): TimelineEntry | undefined {
		return this.tracking ? this.timeline[this.applied] : undefined;
	}

	/** When the next move happens: the world's next event, or a timeline action replayed forward. */
	nextEventTime(): number | null {
		const next = this.world.nextEventTime();
		const entry = this.pending;
		if (!entry) return next;
		if (next === null || next > entry.t) return Math.max(entry.t, this.world.now());
		return next;
	}

	/** One move (what `.` does). */
	step(): boolean {
		const world = this.world;
		const entry = this.pending;
		if (!entry) return world.step();
		const next = world.nextEventTime();
		if (next !== null && next <= entry.t) return world.step();
		if (entry.t > world.now()) world.runUntil(entry.t);
		this.apply(entry.action);
		this.applied++;
		return true;
	}

	/** Every move up to and including time t; then the clock reads t. */
	runUntil(t: number): void {
		// The world runs whole stretches by itself: a timeline action only needs everything due by its time run first.
		for (let entry = this.pending; entry && entry.t <= t; entry = this.pending) {
			this.world.runUntil(entry.t);
			this.apply(entry.action);
			this.applied++;
		}
		this.world.runUntil(t);
	}

	/** Back to the latest moment with fewer events than now (undoing the last moves that made any). */
	private rewindEvent(): ActionResult {
		if (!this.tracking) return {ok: false, message: {key: 'rewindUnavailable'}};
		const target = this.events;
		if (target <= this.initialEvents) return {ok: false, message: {key: 'rewindAtStart'}};
		// Events only grow, move by move: the moment wanted is just before the first move that reaches
		// today's count. One replay finds that move, a second stops short of it.
		let moves = 0;
		this.replay(() => {
			if (this.events >= target) return false;
			moves++;
			return true;
		}, null, false);
		let done = 0;
		this.replay(() => done++ < moves - 1, null, true);
		return {ok: true};
	}

	/** Back `ms` of virtual time (to the start at most). */
	private rewindTime(ms: number): ActionResult {
		if (!this.tracking) return {ok: false, message: {key: 'rewindUnavailable'}};
		const target = Math.max(0, this.world.now() - ms);
		this.replay(() => false, target, true);
		return {ok: true};
	}

	/**
	 * A fresh world from the seed, driven through the timeline: move by move while `more()` (which
	 * is asked before each move), then (when given) up to virtual time `until`. The clock pauses
	 * there: the user looks around. `show`: the viewers get the new world (else a first pass only).
	 */
	private replay(more: () => boolean, until: number | null, show: boolean): void {
		this.clock.pause();
		this.replaying = true;
		this.applied = 0;
		this.attach(this.options.createWorld(), true);
		try {
			while (more() && this.step()) {
				// each step is one move
			}
			if (until !== null) this.runUntil(until);
		} finally {
			this.replaying = false;
		}
		if (!show) return;
		this.store = new UiStore();
		for (const event of this.world.history()) this.store.apply(event);
		this.clock.setWorld(this);
		this.notify({kind: 'world'});
	}

	// ---------------------------------------------------------------------------------------
	// What the clock needs to know

	activity(): Activity {
		if (this.world.inFlight().length > 0) return 'animating';
		return this.nearestCountdown() === null ? 'idle' : 'counting';
	}

	/** Virtual ms per step of the countdowns on screen: tenths below 10 s, whole seconds above. */
	countdownResolution(): number {
		const nearest = this.nearestCountdown();
		return nearest !== null && nearest < COUNTDOWN_TENTHS_BELOW ? 100 : 1000;
	}

	/**
	 * A viewer names the sockets whose countdowns it draws (its selected ones); the frame pace then
	 * follows only those. Timers of sockets no viewer shows draw nothing until they fire, and a
	 * firing is an event. With no viewer registered every socket counts. Returns the unregister.
	 */
	showCountdownsOf(pick: (snap: {client: HostSnapshot; server: HostSnapshot}) => Array<SocketSnapshot | null>): () => void {
		this.countdownViewers.add(pick);
		return () => this.countdownViewers.delete(pick);
	}

	/** The instants at which the timers a viewer counts down end. */
	countdownEnds(): number[] {
		const snap = this.hosts();
		const sockets = this.countdownViewers.size === 0
			? [...snap.client.sockets, ...snap.server.sockets]
			: [...this.countdownViewers].flatMap((pick) => pick(snap));
		const ends: number[] = [];
		for (const socket of sockets) {
			const conn = socket?.connection;
			if (!conn) continue;
			for (const timer of conn.timers) ends.push(timer.at);
			if (conn.timeWaitUntil !== null) ends.push(conn.timeWaitUntil);
		}
		return ends;
	}

	/** Both hosts' snapshots as of now (made again only after a world event or an action: see hostsSeen). */
	hosts(): {client: HostSnapshot; server: HostSnapshot} {
		const seen = this.hostsSeen;
		if (seen && seen.world === this.world && seen.events === this.events && seen.actions === this.log.length) return seen.hosts;
		const {client, server} = this.world.snapshot();
		this.hostsSeen = {world: this.world, events: this.events, actions: this.log.length, hosts: {client, server}};
		return this.hostsSeen.hosts;
	}

	/** Time left on the soonest timer a viewer counts down, or null. */
	private nearestCountdown(): number | null {
		const ends = this.countdownEnds();
		return ends.length === 0 ? null : Math.min(...ends) - this.world.now();
	}
}
