// The demo controller: plays a lesson (a parsed .tcptui file with steps) in a live world as a
// series of slides, with back(), jump(n) and restart() rebuilding the world from the seed and
// replaying deterministically.
//
// Time: the controller never advances virtual time in a live world by itself; the TUI's clock does,
// and the step's waits complete as it flows. When a step has run to its end (and before the first
// step), the lesson holds: `holdAt()` names the virtual time the clock must not pass, so the screen
// keeps matching the caption however long the teacher talks. A `next()` pressed while a step is
// still running first fast-forwards that step to its end, so the caption never runs ahead of the
// world. Every step therefore starts exactly where its predecessor ended, and a replay needs no
// record of when keys were pressed.
import type {Lang} from '../i18n/lang.js';
import type {SimEvent} from '../sim/events.js';
import type {WorldApi, WorldOptions} from '../sim/world-api.js';
import {DEFAULT_STACK_CONFIG, type ConnectionSnapshot, type HostSnapshot} from '../stack/types.js';
import type {HostSide, Scenario} from '../scenario/ast.js';
import {ActionRunner, type RunFailure} from '../scenario/runner.js';
import {captionFields, renderCaption} from '../scenario/captions.js';
import {PlotRecorder} from './plot-data.js';
import type {LessonQuestion} from '../session/session.js';
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

/** One step of the lesson, for a step list. */
export interface StepInfo {
	/** 0-based. */
	index: number;
	/** In the chosen language (the other one if it has none). */
	title: string;
}

/** How the numbers in a caption are written: relative to the ISNs (as the ladder draws them by default) or absolute. */
export interface CaptionView {
	lang?: Lang;
	/** Default true. */
	relative?: boolean;
	/** A follower of the teacher's session: the lesson is stepped by the teacher, not by its keys. */
	follower?: boolean;
}

export interface DemoController {
	/** The world the lesson runs in now; a new one after every back(), jump() or restart(). */
	readonly world: WorldApi;
	readonly lesson: Scenario;
	/** The lesson title in the chosen language. */
	readonly title: string;
	/** -1 before the first step (the introduction), then 0..stepCount-1. */
	readonly stepIndex: number;
	readonly stepCount: number;
	/** The current step's title in the chosen language (the other one if it has none; '' before the first step). */
	readonly stepTitle: string;
	/** The current step's actions are still running (waits in progress). */
	readonly running: boolean;
	/** Why the current step could not complete (`FILE:LINE:COL: message`, in the chosen language), or null. */
	readonly message: string | null;
	/** cwnd/ssthresh and sequence-vs-time data of the client, for the plot view. */
	readonly recorder: PlotRecorder;
	/** The current step's caption with this run's numbers (relative to the ISNs unless told otherwise). */
	caption(view?: CaptionView): string;
	/** The lesson title and the current step's title in a given language (a follower's). */
	titleIn(lang: Lang): string;
	stepTitleIn(lang: Lang): string;
	/** The fields of a host the current step's caption names (`{client.cwnd}` → cwnd), for the panes to keep in view. */
	captionFields(side: HostSide): string[];
	/** The current step's failure message in a given language (null when none). */
	messageIn(lang: Lang): string | null;
	/** Every step, in order. */
	steps(): StepInfo[];
	/** The step shown: -1 for the introduction, then 0..stepCount-1 (the same as stepIndex). */
	current(): number;
	/** The last step has run to its end. */
	finished(): boolean;
	/**
	 * Virtual time must not pass this point: the lesson is at its introduction or the current step has
	 * finished, and waits for the teacher. null while a step runs.
	 */
	holdAt(): number | null;
	/** The next step (fast-forwarding the current one to its end first if it still runs). */
	next(): void;
	/** Back one step: the world is rebuilt and the step before runs again. */
	back(): void;
	/** Show step n (0-based; -1 is the introduction): steps before it are replayed headlessly to their ends, step n runs live. */
	jump(n: number): void;
	/** Back to the introduction with a fresh world. */
	restart(): void;
	/** Called after anything above changed (step moved, step finished, world replaced). */
	subscribe(listener: () => void): () => void;
	/** The current step's question once the step has run to its end (its answer filled in from the run), else null. */
	question(): LessonQuestion | null;
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
		// --profile (in extra) overrides the lesson's own `profile` line, as --seed overrides its seed.
		...(extra.profile === undefined && settings.profile !== null ? {profile: settings.profile} : {}),
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
	/** The current step's actions are running (false at the introduction and once the step has ended). */
	private stepRunning = false;
	private failure: RunFailure | null = null;
	/** Every failure of the current step, once it has ended (its checks that did not hold). */
	private stepFailures: RunFailure[] = [];
	/** runner.failures.length when the current step started. */
	private failureMark = 0;
	/** The first step whose checks failed in this world: the run left the lesson's path there (null: it has not). */
	private leftPathAt: number | null = null;
	private readonly listeners = new Set<() => void>();
	private disposed = false;
	/** A replay is under way: listeners hear only the end result. */
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

	current(): number {
		return this.index;
	}

	get running(): boolean {
		return this.stepRunning;
	}

	finished(): boolean {
		return this.index === this.stepCount - 1 && !this.stepRunning;
	}

	holdAt(): number | null {
		return this.stepRunning ? null : this.currentWorld.now();
	}

	get message(): string | null {
		return this.messageIn(this.options.lang);
	}

	messageIn(lang: Lang): string | null {
		const failure = this.failure;
		if (!failure) return null;
		return `${this.lesson.fileName}:${failure.pos.line}:${failure.pos.col}: ${failure.text?.[lang] ?? failure.message}`;
	}

	get recorder(): PlotRecorder {
		return this.plot;
	}

	private get msl(): number {
		const {settings} = this.lesson;
		return settings.clientStack.msl ?? settings.stack.msl ?? DEFAULT_STACK_CONFIG.msl;
	}

	steps(): StepInfo[] {
		return this.lesson.steps.map((step, index) => ({index, title: this.titleOf(step.title)}));
	}

	private titleOf(title: Partial<Record<Lang, string>>, lang: Lang = this.options.lang): string {
		return title[lang] ?? title[lang === 'en' ? 'ko' : 'en'] ?? '';
	}

	caption(view: CaptionView = {}): string {
		const lang = view.lang ?? this.options.lang;
		if (this.index < 0) {
			const {summary} = this.lesson.lesson;
			const line = summary[lang] ?? summary.en ?? summary.ko ?? '';
			const intro = t(view.follower ? 'introFollower' : 'intro', lang);
			return line === '' ? intro : `${line}\n${intro}`;
		}
		// The step's own caption describes the lesson's run: once this run has gone another way (a
		// check of the step failed), it says so instead of numbers and events the screen does not show.
		const expected = this.stepFailures.flatMap((f) => (f.expected === undefined ? [] : [f.expected]));
		// ← and → are the teacher's keys: a follower is told who can replay the step.
		if (expected.length > 0) return t('deviation', lang, {expected: [...new Set(expected)].join('; '), replay: t(view.follower ? 'replayStepFollower' : 'replayStep', lang)});
		const step = this.lesson.steps[this.index]!;
		const own = this.fill(step.captions[lang] ?? step.captions[lang === 'en' ? 'ko' : 'en'] ?? '', view.relative ?? true);
		// A later step with no checks of its own cannot tell whether its caption still holds: it says so once, above it.
		if (this.leftPathAt !== null && this.leftPathAt < this.index && !this.hasChecks(step)) return `${t('offPath', lang, {step: this.leftPathAt + 1, replay: t(view.follower ? 'replayItFollower' : 'replayIt', lang)})}\n${own}`;
		return own;
	}

	/** The step has `expect` lines: when they hold, its caption holds too. */
	private hasChecks(step: Scenario['steps'][number]): boolean {
		return this.lesson.actions.slice(step.start, step.end).some((action) => action.kind === 'expect');
	}

	question(): LessonQuestion | null {
		const step = this.lesson.steps[this.index];
		const question = step?.question;
		if (!question || this.stepRunning) return null;
		return {
			step: this.index,
			text: question.text,
			choices: question.choices,
			answer: {relative: this.fill(question.answer, true), absolute: this.fill(question.answer, false)},
		};
	}

	/** Placeholders filled from the run as it is now. */
	private fill(text: string, relative: boolean): string {
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
			relative,
		});
	}

	captionFields(side: HostSide): string[] {
		const step = this.lesson.steps[this.index];
		if (!step) return [];
		const lang = this.options.lang;
		return captionFields(step.captions[lang] ?? step.captions[lang === 'en' ? 'ko' : 'en'] ?? '')[side];
	}

	get stepTitle(): string {
		return this.stepTitleIn(this.options.lang);
	}

	stepTitleIn(lang: Lang): string {
		const step = this.lesson.steps[this.index];
		return step ? this.titleOf(step.title, lang) : '';
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
		// The caption may not run ahead of the world: the step shown now ends first.
		if (this.stepRunning) this.runToStepEnd();
		this.index++;
		this.startStep(this.index);
		this.changed();
	}

	back(): void {
		if (this.disposed || this.index < 0) return;
		this.jump(this.index - 1);
	}

	restart(): void {
		if (this.disposed) return;
		this.jump(-1);
	}

	jump(n: number): void {
		if (this.disposed) return;
		const target = Math.max(-1, Math.min(this.stepCount - 1, Math.trunc(n)));
		this.replaying = true;
		this.rebuild();
		// Every step starts where the one before it ended, so the replay is the steps run to their ends.
		for (let i = 0; i < target; i++) {
			this.index = i;
			this.startStep(i);
			this.runToStepEnd();
		}
		this.index = target;
		if (target >= 0) this.startStep(target);
		this.replaying = false;
		this.changed();
	}

	finishStep(): boolean {
		if (!this.stepRunning) return true;
		return this.runToStepEnd();
	}

	/** Run the current step headlessly to its end, and what else is due at that instant. */
	private runToStepEnd(): boolean {
		const finished = this.driveUntil(() => !this.stepRunning, this.options.replayLimitMs ?? 600_000);
		if (finished) this.settleInstant();
		return finished;
	}

	/**
	 * Run what else is due at this very virtual time. The live clock, held at a step's end, runs the
	 * events of that instant too (holdAt() is that instant), so headless play stops at the same place.
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
		this.failure = null;
		this.stepFailures = [];
		this.failureMark = this.runner.failures.length;
		this.stepRunning = true;
		this.runner.start(step.start, step.end);
	}

	/** The runner reached the end of its range (or stopped on a failure). */
	private stepEnded(): void {
		if (!this.stepRunning) return;
		this.stepRunning = false;
		// A fatal failure (a bounded wait that ran out) or a failed expect of this step: the teacher should see it.
		const failures = this.runner.failures.slice(this.failureMark);
		this.stepFailures = failures;
		if (this.leftPathAt === null && this.index >= 0 && failures.some((f) => f.expected !== undefined)) this.leftPathAt = this.index;
		this.failure = failures.find((f) => f.fatal) ?? failures[0] ?? null;
		this.changed();
	}

	/** A fresh world from the seed, with the prelude (actions before the first step) run to completion. */
	private rebuild(): void {
		for (const stop of this.detach) stop();
		this.runner?.dispose();
		this.currentWorld = this.options.worldFactory(this.worldOptions);
		this.memory = new ConnectionMemory();
		this.plot = new PlotRecorder('client');
		this.index = -1;
		this.stepRunning = false;
		this.failure = null;
		this.stepFailures = [];
		this.leftPathAt = null;
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
			this.stepRunning = true;
			this.runner.start(0, preludeEnd);
			this.driveUntil(() => !this.stepRunning, this.options.replayLimitMs ?? 600_000);
			this.stepRunning = false;
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
