// The demo controller: plays a lesson (a parsed .tcptui file with steps) in a live world, one step
// per `next()`, with `back()` rebuilding the world from the seed and replaying deterministically.
//
// Time: the controller never advances virtual time in a live world; the TUI's clock does, and the
// step's waits complete as it flows. A `next()` pressed while the current step is still running
// is queued: the next step starts the moment the current one finishes. Every step's start (at a
// virtual time when the user pressed →, or chained to its predecessor's end) is recorded, so
// `back()` replays exactly what was seen.
import type {Lang} from '../i18n/lang.js';
import type {SimEvent} from '../sim/events.js';
import type {WorldApi, WorldOptions} from '../sim/world-api.js';
import {DEFAULT_STACK_CONFIG, type ConnectionSnapshot, type HostSnapshot} from '../stack/types.js';
import type {HostSide, Scenario} from '../scenario/ast.js';
import {ActionRunner} from '../scenario/runner.js';
import {renderCaption} from '../scenario/captions.js';
import {PlotRecorder} from './plot-data.js';
import {t} from './text.js';

export type WorldFactory = (options: WorldOptions) => WorldApi;

export interface DemoControllerOptions {
	lang: Lang;
	/** Overrides the lesson's own seed (the CLI's --seed). */
	seed?: number;
	worldFactory: WorldFactory;
	/** Extra world options (e.g. historyLimit); the lesson's settings win where both speak. */
	world?: Partial<WorldOptions>;
	/** Longest virtual time a headless replay of one step may take before giving up (default 10 min). */
	replayLimitMs?: number;
}

/** How a step was started: at a virtual time (the user pressed →), or chained to the previous step's end. */
type StepStart = {kind: 'at'; t: number} | {kind: 'chained'};

export interface DemoController {
	/** The world the lesson runs in now; a new one after every back(). */
	readonly world: WorldApi;
	readonly lesson: Scenario;
	/** The lesson title in the chosen language. */
	readonly title: string;
	/** -1 before the first step (the introduction), then 0..stepCount-1. */
	readonly stepIndex: number;
	readonly stepCount: number;
	/** The current step's title in the chosen language (the other one if it has none; '' before the first step). */
	readonly stepTitle: string;
	/** The current step's actions are still running (waits in progress), or it is queued behind the previous one. */
	readonly running: boolean;
	/** The last step has been started and has run to its end. */
	readonly finished: boolean;
	/** Why the current step could not complete (`FILE:LINE:COL: message`), or null. */
	readonly message: string | null;
	/** cwnd/ssthresh and sequence-vs-time data of the client, for the plot view. */
	readonly recorder: PlotRecorder;
	/** The current step's caption in the chosen language (or `lang`: a follower's) with this run's numbers. */
	caption(lang?: Lang): string;
	/** The lesson title and the current step's title in a given language (a follower's). */
	titleIn(lang: Lang): string;
	stepTitleIn(lang: Lang): string;
	next(): void;
	back(): void;
	/** Called after anything above changed (step moved, step finished, world replaced). */
	subscribe(listener: () => void): () => void;
	/** Headless only (tests, scripts): run virtual time until the current step has finished. Returns false if it could not. */
	finishStep(): boolean;
	dispose(): void;
}

/** The world options a lesson asks for. */
export function lessonWorldOptions(lesson: Scenario, seed: number | undefined, extra: Partial<WorldOptions> = {}): WorldOptions {
	const {settings} = lesson;
	return {
		...extra,
		seed: seed ?? settings.seed ?? extra.seed ?? 1,
		...(settings.profile === null ? {} : {profile: settings.profile}),
		stack: {...extra.stack, ...settings.stack},
		clientStack: {...extra.clientStack, ...settings.clientStack},
		serverStack: {...extra.serverStack, ...settings.serverStack},
		link: {c2s: {...extra.link?.c2s, ...settings.link.c2s}, s2c: {...extra.link?.s2c, ...settings.link.s2c}},
	};
}

/**
 * Remembers each host's connections by fd, so a caption still has their numbers after the stack has
 * reset or freed them (a refused connect, a connection that reached CLOSED).
 */
class ConnectionMemory {
	private readonly byFd: Record<HostSide, Map<number, ConnectionSnapshot>> = {client: new Map(), server: new Map()};
	private readonly latest: Record<HostSide, ConnectionSnapshot | null> = {client: null, server: null};

	/** The snapshot with remembered numbers filled in where the stack no longer has them. */
	fill(side: HostSide, host: HostSnapshot): HostSnapshot {
		const remembered = this.byFd[side];
		let any = false;
		const sockets = host.sockets.map((socket) => {
			const conn = socket.connection;
			if (conn && conn.iss !== null) {
				remembered.set(socket.fd, conn);
				this.latest[side] = conn;
				any = true;
				return socket;
			}
			const old = socket.role === 'connection' ? remembered.get(socket.fd) : undefined;
			if (!old) return socket;
			any = true;
			return {...socket, connection: {...old, state: socket.state, timers: [], timeWaitUntil: null}};
		});
		const latest = this.latest[side];
		if (!any && latest) {
			// Freed altogether: keep showing the last connection's numbers, now CLOSED.
			const freed = {...latest, state: 'CLOSED' as const, timers: [], timeWaitUntil: null};
			sockets.push({fd: -1, role: 'connection', state: 'CLOSED', local: latest.local, connection: freed, listener: null, blocked: [], options: {} as HostSnapshot['sockets'][number]['options'], orphaned: true});
		}
		return {...host, sockets};
	}
}

class Controller implements DemoController {
	readonly lesson: Scenario;
	readonly stepCount: number;
	private readonly options: DemoControllerOptions;
	private readonly worldOptions: WorldOptions;
	private currentWorld!: WorldApi;
	private runner!: ActionRunner;
	private plot!: PlotRecorder;
	private detach: Array<() => void> = [];
	private memory = new ConnectionMemory();
	private index = -1;
	/** The step whose actions the runner is executing (lags `index` while a next() is queued). */
	private runningStep = -1;
	private readonly starts: StepStart[] = [];
	private failure: string | null = null;
	/** runner.failures.length when the running step started. */
	private failureMark = 0;
	private readonly listeners = new Set<() => void>();
	private disposed = false;
	/** back() is replaying: listeners hear only the end result. */
	private replaying = false;

	constructor(lesson: Scenario, options: DemoControllerOptions) {
		this.lesson = lesson;
		this.stepCount = lesson.steps.length;
		this.options = options;
		this.worldOptions = lessonWorldOptions(lesson, options.seed, options.world);
		this.rebuild();
	}

	get world(): WorldApi {
		return this.currentWorld;
	}

	get title(): string {
		return this.titleIn(this.options.lang);
	}

	titleIn(lang: Lang): string {
		const {title} = this.lesson.lesson;
		return title[lang] ?? title.en ?? title.ko ?? this.lesson.fileName;
	}

	get stepIndex(): number {
		return this.index;
	}

	get running(): boolean {
		return this.index >= 0 && (this.runningStep < this.index || !this.runner.done);
	}

	get finished(): boolean {
		return this.index === this.stepCount - 1 && !this.running;
	}

	get message(): string | null {
		return this.failure;
	}

	get recorder(): PlotRecorder {
		return this.plot;
	}

	private get msl(): number {
		const {settings} = this.lesson;
		return settings.clientStack.msl ?? settings.stack.msl ?? DEFAULT_STACK_CONFIG.msl;
	}

	caption(lang: Lang = this.options.lang): string {
		if (this.index < 0) {
			const {summary} = this.lesson.lesson;
			const line = summary[lang] ?? summary.en ?? summary.ko ?? '';
			return line === '' ? t('intro', lang) : `${line}\n${t('intro', lang)}`;
		}
		const step = this.lesson.steps[this.index]!;
		const text = step.captions[lang] ?? step.captions[lang === 'en' ? 'ko' : 'en'] ?? '';
		const snapshot = this.currentWorld.snapshot();
		const currentFd: Partial<Record<HostSide, number>> = {};
		for (const side of ['client', 'server'] as const) {
			const fd = this.runner.currentFd(side);
			if (fd !== undefined) currentFd[side] = fd;
		}
		return renderCaption(text, {
			client: this.memory.fill('client', snapshot.client),
			server: this.memory.fill('server', snapshot.server),
			currentFd,
			msl: this.msl,
			seed: this.currentWorld.seed,
		});
	}

	get stepTitle(): string {
		return this.stepTitleIn(this.options.lang);
	}

	stepTitleIn(lang: Lang): string {
		const step = this.lesson.steps[this.index];
		if (!step) return '';
		return step.title[lang] ?? step.title[lang === 'en' ? 'ko' : 'en'] ?? '';
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private changed(): void {
		if (this.replaying) return;
		for (const listener of [...this.listeners]) listener();
	}

	next(): void {
		if (this.disposed || this.index >= this.stepCount - 1) return;
		const chained = this.running;
		this.index++;
		this.starts[this.index] = chained ? {kind: 'chained'} : {kind: 'at', t: this.currentWorld.now()};
		this.starts.length = this.index + 1;
		if (!chained) {
			this.failure = null;
			this.startStep(this.index);
		}
		this.changed();
	}

	back(): void {
		if (this.disposed || this.index < 0) return;
		const target = this.index - 1;
		const limit = this.options.replayLimitMs ?? 600_000;
		this.replaying = true;
		this.starts.length = target + 1;
		this.index = -1;
		this.rebuild();
		// With the index already at the target, a step that was queued behind its predecessor starts
		// again from that predecessor's last callback (stepEnded), exactly as it did live.
		this.index = target;
		for (let i = 0; i <= target; i++) {
			const start = this.starts[i]!;
			if (start.kind === 'chained') {
				if (!this.driveUntil(() => this.runningStep >= i, limit)) break;
				continue;
			}
			// (Step 0 follows the prelude, which rebuild() has already run to its end.)
			if (i > 0 && !this.driveUntil(() => this.runningStep === i - 1 && this.runner.done, limit)) break;
			this.currentWorld.runUntil(Math.max(start.t, this.currentWorld.now()));
			if (i === target) this.failure = null;
			this.startStep(i);
		}
		this.replaying = false;
		this.changed();
	}

	finishStep(): boolean {
		if (this.index < 0) return true;
		const finished = this.driveUntil(() => !this.running, this.options.replayLimitMs ?? 600_000);
		if (finished) this.settleInstant();
		return finished;
	}

	/**
	 * Run what else is due at this very virtual time. A live clock always stops between instants, so
	 * a step the user starts (and its replay, which runs up to the recorded time) starts after them;
	 * headless play must stop at the same place for back() to reproduce it.
	 */
	private settleInstant(): void {
		const world = this.currentWorld;
		for (let next = world.nextEventTime(); next !== null && next <= world.now(); next = world.nextEventTime()) world.step();
	}

	/** Step the world headlessly until `done()`; false if nothing is left to run or the limit passed. */
	private driveUntil(done: () => boolean, limitMs: number): boolean {
		const world = this.currentWorld;
		const deadline = world.now() + limitMs;
		while (!done()) {
			const next = world.nextEventTime();
			if (next === null || next > deadline) return false;
			world.step();
		}
		return true;
	}

	private startStep(i: number): void {
		const step = this.lesson.steps[i]!;
		this.runningStep = i;
		this.failureMark = this.runner.failures.length;
		this.runner.start(step.start, step.end);
	}

	/** The runner reached the end of its range (or stopped on a failure). */
	private stepEnded(): void {
		// A fatal failure (a bounded wait that ran out) or a failed expect of this step: the teacher should see it.
		const failures = this.runner.failures.slice(this.failureMark);
		const shown = failures.find((f) => f.fatal) ?? failures[0];
		if (shown) this.failure = `${this.lesson.fileName}:${shown.pos.line}:${shown.pos.col}: ${shown.message}`;
		if (this.runningStep < this.index && this.starts[this.runningStep + 1]?.kind === 'chained') this.startStep(this.runningStep + 1);
		this.changed();
	}

	/** A fresh world from the seed, with the prelude (actions before the first step) run to completion. */
	private rebuild(): void {
		for (const stop of this.detach) stop();
		this.runner?.dispose();
		this.currentWorld = this.options.worldFactory(this.worldOptions);
		this.memory = new ConnectionMemory();
		this.plot = new PlotRecorder('client');
		this.runningStep = -1;
		this.failure = null;
		const world = this.currentWorld;
		this.runner = new ActionRunner(world, this.lesson.actions, {
			onProgress: (_index, action) => {
				if (action === null) this.stepEnded();
			},
		});
		this.detach = [
			this.plot.attach(world),
			// Keep the memory current even between caption() calls (a connection may live and die unseen).
			world.on((event: SimEvent) => {
				if (event.kind === 'state' || event.kind === 'call') {
					const snap = world.snapshot();
					this.memory.fill('client', snap.client);
					this.memory.fill('server', snap.server);
				}
			}),
		];
		const preludeEnd = this.lesson.steps[0]?.start ?? this.lesson.actions.length;
		if (preludeEnd > 0) {
			this.runner.start(0, preludeEnd);
			this.driveUntil(() => this.runner.done, this.options.replayLimitMs ?? 600_000);
		}
		this.settleInstant();
	}

	dispose(): void {
		this.disposed = true;
		for (const stop of this.detach) stop();
		this.detach = [];
		this.runner.dispose();
		this.listeners.clear();
	}
}

export function createDemoController(lesson: Scenario, options: DemoControllerOptions): DemoController {
	return new Controller(lesson, options);
}
