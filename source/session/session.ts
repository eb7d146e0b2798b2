// One session: the world (simulated or on the wire), the virtual clock, the lesson if any, and the
// log of every action. Viewers (a terminal now, more later) subscribe and draw; they change the
// world only through `execute(action)`.
//
// Free play keeps a timeline: the world actions at their virtual times, in the order they ran
// between the world's own events. The world is deterministic from its seed, so any earlier moment
// is reached again by replaying the timeline in a fresh world (rewind), and the part rewound over
// runs again as time moves forward, until a new action forks the timeline there.
import type {WorldApi, WorldOptions} from '../sim/world-api.js';
import type {SimEvent} from '../sim/events.js';
import {PlotRecorder} from '../demo/plot-data.js';
import {ClockDriver, SYSTEM_TIME, nextSpeed, type Activity, type ClockWorld, type RealTime} from '../ui/clock.js';
import {UiStore} from '../ui/store.js';
import {patternSource} from '../scenario/runner.js';
import {isWorldAction, type Action, type ActionResult, type LogEntry, type SegmentFault, type SegmentPattern, type Side, type WorldAction} from './actions.js';

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
export type SessionChange = {kind: 'frame'} | {kind: 'event'; event: SimEvent} | {kind: 'world'};

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
	/** Every action executed, in order (clock, lesson and rewind actions too). */
	readonly log: LogEntry[] = [];
	/** Free play: the world actions that made this world, including any rewound over (after `applied`). */
	readonly timeline: TimelineEntry[] = [];
	private applied = 0;
	/** Event count after each move (a world event run, or a timeline action applied); [0] = at creation. */
	private marks: number[] = [0];
	private events = 0;
	/** The world came from createWorld and every move went through here: it can be replayed. */
	private tracking = false;
	private replaying = false;
	private detachWorld: Array<() => void> = [];
	private detachLesson: (() => void) | null = null;
	private readonly listeners = new Set<(change: SessionChange) => void>();
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
			onFrame: () => this.notify({kind: 'frame'}),
		});
		const lesson = this.lesson;
		if (lesson?.subscribe) {
			this.detachLesson = lesson.subscribe(() => {
				if (this.lesson !== lesson) return;
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
		this.notify({kind: 'frame'});
		return result;
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
			this.advanceTo(this.world.now());
			// A new action forks the timeline: what had been rewound over is gone.
			this.timeline.length = this.applied;
			this.timeline.push({t: this.world.now(), action});
		}
		const result = this.apply(action);
		if (this.tracking) {
			if (result.ok) {
				this.applied++;
				this.marks.push(this.events);
			} else {
				this.timeline.pop();
			}
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
				const faults = world as WorldApi & Partial<FaultingWorld>;
				const target = action.target;
				if ('id' in target) {
					if (!faults.faultSegment) return {ok: false, message: {key: 'faultUnavailable'}};
					return faults.faultSegment(target.id, action.fault) ? {ok: true} : {ok: false, message: {key: 'faultTooLate'}};
				}
				if (!faults.armFault) return {ok: false, message: {key: 'faultUnavailable'}};
				faults.armFault(target.pattern, action.fault);
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
		this.marks = [this.events];
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
		this.notify({kind: 'event', event});
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
		for (const listener of [...this.listeners]) listener(change);
	}

	// ---------------------------------------------------------------------------------------
	// Time: the clock drives the world through these (ClockWorld), so every move is counted.

	now(): number {
		return this.world.now();
	}

	/** When the next move happens: the world's next event, or a timeline action replayed forward. */
	nextEventTime(): number | null {
		const next = this.world.nextEventTime();
		const entry = this.tracking ? this.timeline[this.applied] : undefined;
		if (!entry) return next;
		if (next === null || next > entry.t) return Math.max(entry.t, this.world.now());
		return next;
	}

	/** One move: the next world event, or the next timeline action when it is due first. */
	step(): boolean {
		if (!this.tracking) return this.world.step();
		const world = this.world;
		const entry = this.timeline[this.applied];
		const next = world.nextEventTime();
		if (entry && (next === null || next > entry.t)) {
			if (entry.t > world.now()) world.runUntil(entry.t);
			this.apply(entry.action);
			this.applied++;
		} else if (!world.step()) {
			return false;
		}
		this.marks.push(this.events);
		return true;
	}

	/** Every move up to and including time t; then the clock reads t. */
	runUntil(t: number): void {
		this.advanceTo(t);
	}

	private advanceTo(t: number): void {
		if (!this.tracking) {
			this.world.runUntil(t);
			return;
		}
		for (let next = this.nextEventTime(); next !== null && next <= t; next = this.nextEventTime()) this.step();
		if (t > this.world.now()) this.world.runUntil(t);
	}

	/** Back to the latest moment with fewer events than now (undoing the last moves that made any). */
	private rewindEvent(): ActionResult {
		if (!this.tracking) return {ok: false, message: {key: 'rewindUnavailable'}};
		const now = this.marks[this.marks.length - 1]!;
		let target = this.marks.length - 1;
		while (target > 0 && this.marks[target]! >= now) target--;
		if (target === this.marks.length - 1) return {ok: false, message: {key: 'rewindAtStart'}};
		this.replay((moves) => moves < target, null);
		return {ok: true};
	}

	/** Back `ms` of virtual time (to the start at most). */
	private rewindTime(ms: number): ActionResult {
		if (!this.tracking) return {ok: false, message: {key: 'rewindUnavailable'}};
		const target = Math.max(0, this.world.now() - ms);
		this.replay(() => false, target);
		return {ok: true};
	}

	/**
	 * A fresh world from the seed, driven through the timeline: move by move while `more(moves)`,
	 * then (when given) up to virtual time `until`. The clock pauses there: the user looks around.
	 */
	private replay(more: (moves: number) => boolean, until: number | null): void {
		this.clock.pause();
		const world = this.options.createWorld();
		this.replaying = true;
		this.applied = 0;
		this.attachForReplay(world);
		try {
			while (more(this.marks.length - 1) && this.step()) {
				// each step is one move
			}
			if (until !== null) this.advanceTo(until);
		} finally {
			this.replaying = false;
		}
		this.store = new UiStore();
		for (const event of world.history()) this.store.apply(event);
		this.clock.setWorld(this);
		this.notify({kind: 'world'});
	}

	private attachForReplay(world: WorldApi): void {
		const timeline = this.timeline.slice();
		this.attach(world, true);
		this.timeline.length = 0;
		this.timeline.push(...timeline);
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

	/** Time left on the soonest timer of any connection (what the panes count down), or null. */
	private nearestCountdown(): number | null {
		const snap = this.world.snapshot();
		const now = this.world.now();
		let nearest: number | null = null;
		for (const host of [snap.client, snap.server]) {
			for (const socket of host.sockets) {
				const conn = socket.connection;
				if (!conn) continue;
				const ends = conn.timers.map((timer) => timer.at);
				if (conn.timeWaitUntil !== null) ends.push(conn.timeWaitUntil);
				for (const at of ends) nearest = Math.min(nearest ?? Infinity, at - now);
			}
		}
		return nearest;
	}
}

/** The targeted faults of the world core (contracts.md); worlds without them refuse fault actions. */
interface FaultingWorld {
	faultSegment(id: number, fault: SegmentFault): boolean;
	armFault(pattern: SegmentPattern, fault: SegmentFault): void;
}
