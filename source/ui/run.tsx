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
import {attachPcapWriter, type PcapAttachment} from '../wire/pcap.js';
import {App, type CaptionSlot} from './App.js';
import {makeUi} from './context.js';
import {TuiModel, type DemoSession} from './model.js';
import {Session} from '../session/session.js';
import type {TuiOptions} from './options.js';
import {toAscii} from './glyphs.js';
import {inkStdout, TerminalGuard} from './terminal.js';
import {TranscriptView} from './TranscriptView.js';
import {openWireWorlds, type WireWorlds} from './wire-worlds.js';
import {sanitizeForTerminal} from '../text/sanitize.js';

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

/** The lesson's caption bar below the app. */
export function lessonCaption(demo: DemoController, options: Pick<TuiOptions, 'lang' | 'ascii' | 'color'>): CaptionSlot {
	// A lesson's own text may hold arrows and ✗: under --ascii it is drawn like the rest of the screen.
	const drawn = (text: string): string => (options.ascii ? toAscii(text) : text);
	const message = (): string | null => (demo.message === null ? null : drawn(demo.message));
	return {
		height: (width, maxLines) => captionBarHeight({caption: drawn(demo.caption()), width, message: message(), ...(maxLines === undefined ? {} : {maxLines})}),
		render: (width, maxLines, escLeaves = true) => (
			<CaptionBar
				title={drawn(demo.title)}
				stepTitle={drawn(demo.stepTitle)}
				stepIndex={demo.stepIndex}
				stepCount={demo.stepCount}
				caption={drawn(demo.caption())}
				message={message()}
				running={demo.running}
				width={width}
				{...(maxLines === undefined ? {} : {maxLines})}
				leaveHint={escLeaves}
				lang={options.lang}
				ascii={options.ascii}
				color={options.color}
			/>
		),
	};
}

export async function runTui(options: TuiOptions): Promise<number> {
	const stdout = process.stdout;
	const stdin = process.stdin;
	const ui = makeUi(options.lang, options.ascii, options.color);
	let pcap: PcapAttachment | null = null;
	const pcapClosing: Array<Promise<void>> = [];

	// Every world (the first, after a reset, after a demo's back()) gets the pcap writer.
	const capture = <W extends WorldApi>(world: W): W => {
		if (options.pcap) {
			// A new world starts the capture again: the file always holds the current world's packets.
			if (pcap) pcapClosing.push(pcap.close().catch(() => undefined));
			pcap = attachPcapWriter(world, options.pcap);
		}
		return world;
	};
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
	let demo: DemoController | null = null;
	let demoSession: DemoSession | undefined;
	if (options.lessonFile) {
		const loaded = loadLesson(options.lessonFile);
		if (!loaded.ok) {
			warn(loaded.message.split('\n')[0]);
			return 2;
		}
		try {
			demo = createDemoController(loaded.lesson, {lang: options.lang, ...lessonSeed(options), worldFactory});
		} catch (error) {
			warn(oneLine(error));
			return 2;
		}
		const controller = demo;
		demoSession = {
			world: () => controller.world,
			next: () => controller.next(),
			back: () => controller.back(),
			recorder: () => controller.recorder,
			subscribe: (listener) => controller.subscribe(listener),
		};
	}

	const guard = new TerminalGuard({stdout, stdin});
	let instance: Instance | null = null;
	let session: Session | null = null;
	let model: TuiModel | null = null;
	let settle: (code: number) => void = () => undefined;
	const done = new Promise<number>((resolvePromise) => {
		settle = resolvePromise;
	});

	let finished = false;
	const finish = (code: number, message?: string): void => {
		if (finished) return;
		finished = true;
		model?.dispose();
		session?.dispose();
		demo?.dispose();
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

	const onSigterm = (): void => finish(143);
	const onSighup = (): void => finish(129);
	const onSigint = (): void => finish(130);
	const onError = (error: unknown): void => finish(1, oneLine(error));
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

	const saveTranscript = (world: WorldApi): {ok: true; path: string} | {ok: false; message: string} => {
		const path = resolve(process.cwd(), transcriptFileName(new Date()));
		try {
			const rows = buildTranscript(world.history(), {lang: options.lang, ascii: options.ascii, clientAddr: world.client.addr, serverAddr: world.server.addr});
			writeFileSync(path, transcriptToMarkdown(rows, {lang: options.lang, title: demo?.title ?? 'tcp-tui'}));
			return {ok: true, path};
		} catch (error) {
			return {ok: false, message: oneLine(error)};
		}
	};

	const saveRecording = (text: string): {ok: true; path: string} | {ok: false; message: string} => {
		const path = resolve(process.cwd(), recordingFileName(new Date()));
		try {
			writeFileSync(path, text);
			return {ok: true, path};
		} catch (error) {
			return {ok: false, message: oneLine(error)};
		}
	};

	// Fail before touching the terminal: a bad pcap path is a one-line error, not a broken screen.
	try {
		session = new Session({
			speed: options.speed,
			createWorld: () => (wire ? capture(wire.next()) : worldFactory(options.world)),
			...(wire ? {} : {worldOptions: options.world}),
			...(options.wire ? {remote: options.wire.side === 'client' ? 'server' as const : 'client' as const, liveEvents: true} : {}),
			...(demoSession ? {lesson: demoSession} : {}),
		});
		model = new TuiModel({
			lang: options.lang,
			session,
			saveTranscript,
			saveRecording,
			onQuit: (code) => finish(code),
		});
	} catch (error) {
		detach();
		await wire?.close().catch(() => undefined);
		warn(oneLine(error));
		return 2;
	}
	const activeModel = model;

	const caption = demo ? lessonCaption(demo, options) : null;
	const transcript = (width: number, height: number): React.ReactNode => {
		const world = activeModel.world;
		const rows = buildTranscript(world.history(), {lang: options.lang, ascii: options.ascii, clientAddr: world.client.addr, serverAddr: world.server.addr});
		return <TranscriptView rows={rows} scroll={activeModel.transcriptScroll} width={width} height={height} message={activeModel.message} />;
	};

	guard.enter();
	try {
		instance = render(<App model={activeModel} ui={ui} caption={caption} transcript={transcript} />, {
			stdout: inkStdout(stdout),
			stdin,
			exitOnCtrlC: false,
			patchConsole: false,
			incrementalRendering: true,
			// The frame rate is paced by the clock (20/s while segments move, one per countdown step,
			// none when idle) and by live events (≤ 20/s). Ink's own cap only guards against bursts:
			// at 30 it held a key's frame back by up to a frame interval while arrows moved (p50
			// 53 ms keystroke → frame); at 120 the key's frame goes out at once.
			maxFps: 120,
		});
	} catch (error) {
		finish(1, oneLine(error));
	}
	const code = await done;
	const current = pcap as PcapAttachment | null;
	if (current) {
		try {
			await current.close();
		} catch (error) {
			warn(oneLine(error));
		}
	}
	await Promise.all(pcapClosing);
	return code;
}
