// `tcp-tui` without a subcommand (and `tcp-tui demo`): the full-screen app. The CLI has validated
// the options and checked for a TTY; this owns the terminal from here until the exit code is returned.
import {writeFileSync} from 'node:fs';
import {resolve} from 'node:path';
import React from 'react';
import {render, type Instance} from 'ink';
import {CaptionBar, captionBarHeight} from '../demo/CaptionBar.js';
import {loadLesson} from '../demo/catalog.js';
import {createDemoController, type DemoController} from '../demo/controller.js';
import {buildTranscript, transcriptToMarkdown} from '../scenario/transcript.js';
import {createWorld} from '../sim/world.js';
import type {WorldApi, WorldOptions} from '../sim/world-api.js';
import {attachPcapWriter, pcapErrorLine, type PcapAttachment} from '../wire/pcap.js';
import {App, type CaptionSlot} from './App.js';
import {makeUi} from './context.js';
import {TuiModel, type DemoSession, type SaveResult} from './model.js';
import {Session} from '../session/session.js';
import type {TuiOptions} from './options.js';
import {toAscii} from './glyphs.js';
import {inkStdout, TerminalGuard} from './terminal.js';
import {discardTypeAhead, eraseEcho} from './type-ahead.js';
import {TranscriptView} from './TranscriptView.js';
import {openWireWorlds, type WireWorlds} from './wire-worlds.js';
import {exposedBind} from '../wire/spec.js';
import {sanitizeForTerminal} from '../text/sanitize.js';
import {filterKeyInput} from './key-input.js';

/** One line on stderr; the message may quote a path or a file, so control characters are shown, not sent. */
function warn(message: string): void {
	process.stderr.write(`tcp-tui: ${sanitizeForTerminal(message)}\n`);
}

function oneLine(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** `tcp-tui-transcript-20261125-153012.md` in the current directory. */
export function transcriptFileName(date: Date): string {
	const pad = (n: number): string => String(n).padStart(2, '0');
	return `tcp-tui-transcript-${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}.md`;
}

/** `tcp-tui-session-20261125-153012.tcptui` in the current directory. */
export function recordingFileName(date: Date): string {
	return transcriptFileName(date).replace('tcp-tui-transcript-', 'tcp-tui-session-').replace(/\.md$/, '.tcptui');
}

/**
 * The seed a lesson runs with: --seed when the user gave one, else the lesson's own (the CLI fills
 * world.seed even without --seed, so it may only be the fallback for a lesson that names no seed).
 */
export function lessonSeed(options: Pick<TuiOptions, 'world' | 'seedGiven'>): {seed?: number; world: Partial<WorldOptions>} {
	return options.seedGiven ? {seed: options.world.seed, world: options.world} : {world: options.world};
}

/**
 * The lesson's caption bar below the app. `relative` is the viewer's choice of sequence numbers (#),
 * so the caption writes them as the ladder and the panes draw them. A follower's bar names no key of
 * the lesson's (they are the teacher's).
 */
export function lessonCaption(demo: DemoController, options: Pick<TuiOptions, 'lang' | 'ascii' | 'color'>, relative: () => boolean = () => true, follower = false): CaptionSlot {
	// A lesson's own text may hold arrows and ✗: under --ascii it is drawn like the rest of the screen.
	const drawn = (text: string): string => (options.ascii ? toAscii(text) : text);
	const message = (): string | null => {
		const text = demo.messageIn(options.lang);
		return text === null ? null : drawn(text);
	};
	const caption = (): string => drawn(demo.caption({lang: options.lang, relative: relative(), follower}));
	return {
		height: (width, maxLines) => captionBarHeight({caption: caption(), width, message: message(), ...(maxLines === undefined ? {} : {maxLines})}),
		fields: (side) => demo.captionFields(side),
		render: (width, maxLines, escLeaves = true, page = 0) => (
			<CaptionBar
				title={drawn(demo.titleIn(options.lang))}
				stepTitle={drawn(demo.stepTitleIn(options.lang))}
				stepIndex={demo.stepIndex}
				stepCount={demo.stepCount}
				caption={caption()}
				message={message()}
				running={demo.running}
				finished={demo.finished()}
				width={width}
				{...(maxLines === undefined ? {} : {maxLines})}
				page={page}
				leaveHint={escLeaves}
				follower={follower}
				lang={options.lang}
				ascii={options.ascii}
				color={options.color}
			/>
		),
	};
}

/** The session's port to a lesson controller: stepping, navigation and the hold of a finished step. */
export function lessonPort(controller: DemoController): DemoSession {
	return {
		world: () => controller.world,
		next: () => controller.next(),
		back: () => controller.back(),
		restart: () => controller.restart(),
		jump: (step) => controller.jump(step),
		recorder: () => controller.recorder,
		subscribe: (listener) => controller.subscribe(listener),
		holdAt: () => controller.holdAt(),
		steps: () => controller.steps(),
		current: () => controller.current(),
		running: () => controller.running,
		question: () => controller.question(),
	};
}

/** Everything the app needs besides a terminal, from the options (the lesson, the world). */
export interface AppSetup {
	/** The viewer's language and drawing; the world and lesson of a session made here. */
	options: TuiOptions;
	/** Makes each simulated world (the lesson's, after a reset). */
	worldFactory: (worldOptions: WorldOptions) => WorldApi;
	/** The free session's world (default: worldFactory over the options' world). */
	createWorld?: () => WorldApi;
	/** Wire mode: the remote side and live redraws. */
	remote?: 'client' | 'server';
	liveEvents?: boolean;
	saveTranscript?: (world: WorldApi) => SaveResult;
	saveRecording?: (text: string) => SaveResult;
	onQuit: (code: number) => void;
	/** A short note for the top bar (the classroom's roster), read at every frame. */
	topNote?: () => string | null;
	/** Wire mode with the UDP socket bound beyond loopback: its `HOST:PORT`, warned about on screen. */
	wireExposed?: string | null;
	/** The teacher's seat of a shared session: answers to questions come in on this screen. */
	teacher?: boolean;
	/** Who the viewer is among the session's viewers (its answers to questions). */
	viewerId?: string;
	/** Watch this session (the teacher's) instead of making one; read-only: keys that act are refused. */
	watch?: {session: Session; demo: DemoController | null; readOnly: boolean; notifyWithin?: (deliver: () => void) => void};
}

/**
 * How the app has Ink draw it (the per-frame bench and the UI tests that compare frames use the
 * same). The frame rate is paced by the clock (20/s while segments move, one per countdown step,
 * none when idle) and by live events (≤ 20/s), both on the app's RealTime. Ink's own cap (maxFps)
 * throttles frames on the wall clock and real timers: a frame due at a moment of the clock was
 * drawn at once or held back depending on how much real time had passed, so two runs driven by the
 * same hand-moved clock wrote different frames. At 0 Ink draws each commit at once and reads no time
 * (at 30 it also held a key's frame back by up to a frame interval: p50 53 ms keystroke → frame).
 */
export const APP_INK_OPTIONS = {exitOnCtrlC: false, patchConsole: false, incrementalRendering: true, maxFps: 0} as const;

/** An app ready to render: its session, its viewer, the element to mount and the teardown. */
export interface AppParts {
	session: Session;
	demo: DemoController | null;
	model: TuiModel;
	element: React.ReactElement;
	dispose(): void;
}

/** Build the session (unless watching one) and a viewer over it (throws with a one-line message for a bad lesson or pcap path). */
export function createApp(setup: AppSetup): AppParts {
	const {options} = setup;
	let demo: DemoController | null = setup.watch?.demo ?? null;
	let session: Session | null = setup.watch?.session ?? null;
	const owned = session === null;
	if (owned) {
		let demoSession: DemoSession | undefined;
		if (options.lessonFile) {
			const loaded = loadLesson(options.lessonFile, options.lessonFile, options.lang);
			if (!loaded.ok) throw new Error(loaded.message.split('\n')[0]);
			demo = createDemoController(loaded.lesson, {lang: options.lang, ...lessonSeed(options), worldFactory: setup.worldFactory});
			demoSession = lessonPort(demo);
		}
		const createFree = setup.createWorld ?? (() => setup.worldFactory(options.world));
		try {
			session = new Session({
				speed: options.speed,
				createWorld: createFree,
				...(setup.createWorld ? {} : {worldOptions: options.world}),
				...(setup.remote ? {remote: setup.remote, liveEvents: setup.liveEvents ?? false} : {}),
				...(demoSession ? {lesson: demoSession} : {}),
			});
		} catch (error) {
			demo?.dispose();
			throw error;
		}
	}
	const activeSession = session!;
	let model: TuiModel;
	try {
		model = new TuiModel({
			lang: options.lang,
			session: activeSession,
			...(setup.saveTranscript ? {saveTranscript: setup.saveTranscript} : {}),
			...(setup.saveRecording ? {saveRecording: setup.saveRecording} : {}),
			...(setup.watch?.readOnly ? {readOnly: true} : {}),
			...(setup.watch?.notifyWithin ? {notifyWithin: setup.watch.notifyWithin} : {}),
			...(setup.teacher ? {teacher: true} : {}),
			...(setup.viewerId === undefined ? {} : {viewerId: setup.viewerId}),
			onQuit: setup.onQuit,
		});
	} catch (error) {
		if (owned) {
			activeSession.dispose();
			demo?.dispose();
		}
		throw error;
	}
	const activeModel = model;
	const caption = demo ? lessonCaption(demo, options, () => activeModel.relativeNumbers, activeModel.readOnly) : null;
	const transcript = (width: number, height: number): React.ReactNode => {
		const world = activeModel.world;
		const rows = buildTranscript(world.history(), {lang: options.lang, ascii: options.ascii, clientAddr: world.client.addr, serverAddr: world.server.addr});
		return <TranscriptView rows={rows} scroll={activeModel.transcriptScroll} width={width} height={height} message={activeModel.message} />;
	};
	const ui = makeUi(options.lang, options.ascii, options.color);
	return {
		session: activeSession,
		demo,
		model,
		element: <App model={activeModel} ui={ui} caption={caption} transcript={transcript} {...(setup.topNote ? {topNote: setup.topNote} : {})} wireExposed={setup.wireExposed ?? null} />,
		dispose: () => {
			activeModel.dispose();
			if (owned) {
				activeSession.dispose();
				demo?.dispose();
			}
		},
	};
}

/** What `tcp-tui serve` adds to the teacher's app: the roster on the top bar. */
export interface TuiExtras {
	topNote?: () => string | null;
	/** The teacher's seat of a shared session (see AppSetup). */
	teacher?: boolean;
	/** The app is up: its session and viewer (followers watch the session; the note redraws the viewer). */
	onStart?: (app: AppParts) => void;
	/** True while an uncaught error is another app's to handle (a student's seat): this app goes on. */
	notMine?: () => boolean;
	/**
	 * Lines were printed before the app (serve's ssh lines): keys typed while the command loaded were
	 * echoed above them, not where the cursor is, so they are dropped but their echo is not erased.
	 */
	printedBefore?: boolean;
}

export async function runTui(options: TuiOptions, extras: TuiExtras = {}): Promise<number> {
	const stdout = process.stdout;
	const stdin = filterKeyInput(process.stdin);
	let pcap: PcapAttachment | null = null;
	const pcapClosing: Array<Promise<void>> = [];

	// A write error (a full disk) ends the session at once with the error, exit 1: a capture that
	// silently stops is worse than none. Set once the session can end (below).
	let onPcapError: (message: string) => void = () => undefined;
	// Every world (the first, after a reset, after a demo's back()) gets the pcap writer.
	const capture = <W extends WorldApi>(world: W): W => {
		if (options.pcap) {
			// A new world starts the capture again: the file always holds the current world's packets.
			if (pcap) pcapClosing.push(pcap.close().catch(() => undefined));
			pcap = attachPcapWriter(world, options.pcap, {onError: (error) => onPcapError(error.text[options.lang])});
		}
		return world;
	};
	// Packets are gathered and written in batches; a live session writes at least twice a second,
	// so a write error shows while the student is still there.
	const pcapFlush = options.pcap ? setInterval(() => (pcap as PcapAttachment | null)?.flush(), 500) : null;
	pcapFlush?.unref();
	const worldFactory = (worldOptions: WorldOptions): WorldApi => capture(createWorld(worldOptions));

	// Wire mode: one pane is our stack on a real UDP tunnel, the other the remote endpoint. Its clock
	// follows the wall clock by itself. The tunnel stays open for the session; the first world and
	// each reset get a fresh world on it, with the command line's link and stack settings.
	let wireWorlds: WireWorlds | null = null;
	if (options.wire) {
		const opened = await openWireWorlds({wire: options.wire, world: options.world, ...(options.seedGiven ? {seedGiven: true} : {})});
		if (!opened.ok) {
			warn(opened.message);
			return 2;
		}
		wireWorlds = opened.worlds;
	}
	const wire = wireWorlds;

	const guard = new TerminalGuard({stdout, stdin});
	let instance: Instance | null = null;
	let app: AppParts | null = null;
	let settle: (code: number) => void = () => undefined;
	const done = new Promise<number>((resolvePromise) => {
		settle = resolvePromise;
	});

	let finished = false;
	const finish = (code: number, message?: string): void => {
		if (finished) return;
		finished = true;
		if (pcapFlush) clearInterval(pcapFlush);
		app?.dispose();
		if (wire) pcapClosing.push(wire.close().catch(() => undefined));
		try {
			instance?.unmount();
		} catch {
			// already unmounted
		}
		guard.restore();
		detach();
		if (message) warn(message);
		settle(code);
	};

	let pcapReported = false;
	onPcapError = (message) => {
		pcapReported = true;
		finish(1, message);
	};
	const onSigterm = (): void => finish(143);
	const onSighup = (): void => finish(129);
	const onSigint = (): void => finish(130);
	const onError = (error: unknown): void => {
		if (extras.notMine?.()) return;
		finish(1, oneLine(error));
	};
	process.on('SIGTERM', onSigterm);
	process.on('SIGHUP', onSighup);
	process.on('SIGINT', onSigint);
	process.on('uncaughtException', onError);
	process.on('unhandledRejection', onError);
	const detach = (): void => {
		process.off('SIGTERM', onSigterm);
		process.off('SIGHUP', onSighup);
		process.off('SIGINT', onSigint);
		process.off('uncaughtException', onError);
		process.off('unhandledRejection', onError);
	};

	const saveTranscript = (world: WorldApi): SaveResult => {
		const path = resolve(process.cwd(), transcriptFileName(new Date()));
		try {
			const rows = buildTranscript(world.history(), {lang: options.lang, ascii: options.ascii, clientAddr: world.client.addr, serverAddr: world.server.addr});
			writeFileSync(path, transcriptToMarkdown(rows, {lang: options.lang, title: app?.demo?.title ?? 'tcp-tui'}));
			return {ok: true, path};
		} catch (error) {
			return {ok: false, message: oneLine(error)};
		}
	};

	const saveRecording = (text: string): SaveResult => {
		const path = resolve(process.cwd(), recordingFileName(new Date()));
		try {
			writeFileSync(path, text);
			return {ok: true, path};
		} catch (error) {
			return {ok: false, message: oneLine(error)};
		}
	};

	// The bench opens on a world it has already driven; `r` then makes fresh ones as usual.
	let startWorld = options.startWorld;
	const startFirst = (): WorldApi => {
		const start = startWorld;
		startWorld = undefined;
		return start ?? worldFactory(options.world);
	};
	// Fail before touching the terminal: a bad lesson or pcap path is a one-line error, not a broken screen.
	try {
		app = createApp({
			options,
			worldFactory,
			...(wire ? {createWorld: () => capture(wire.next())} : startWorld ? {createWorld: startFirst} : {}),
			...(options.wire ? {remote: options.wire.side === 'client' ? 'server' as const : 'client' as const, liveEvents: true} : {}),
			saveTranscript,
			saveRecording,
			onQuit: (code) => finish(code),
			...(extras.topNote ? {topNote: extras.topNote} : {}),
			...(extras.teacher ? {teacher: true} : {}),
			wireExposed: options.wire ? exposedBind(options.wire) : null,
		});
	} catch (error) {
		detach();
		await wire?.close().catch(() => undefined);
		warn(pcapErrorLine(error, options.lang));
		return 2;
	}

	extras.onStart?.(app);
	// Keys typed while the app loaded were echoed on the main screen and are held for it: drop
	// them (nobody saw a screen to type them at) and wipe their echo before leaving that screen.
	guard.rawMode();
	const typedAhead = process.stdin.isTTY ? await discardTypeAhead(process.stdin) : '';
	if (!finished) {
		guard.enter(extras.printedBefore ? '' : eraseEcho(typedAhead, stdout.columns ?? 80));
		try {
			instance = render(app.element, {stdout: inkStdout(stdout), stdin, ...APP_INK_OPTIONS});
		} catch (error) {
			finish(1, oneLine(error));
		}
	}
	const code = await done;
	const current = pcap as PcapAttachment | null;
	if (current) {
		try {
			await current.close();
		} catch (error) {
			if (!pcapReported) warn(pcapErrorLine(error, options.lang));
		}
	}
	await Promise.all(pcapClosing);
	return code;
}
