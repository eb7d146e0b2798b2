// `tcp-tui` without a subcommand: the full-screen app. The CLI has validated the options and
// checked for a TTY; this owns the terminal from here until the exit code is returned.
import React from 'react';
import {render, type Instance} from 'ink';
import {createWorld} from '../sim/world.js';
import type {WorldApi} from '../sim/world-api.js';
import {attachPcapWriter, type PcapAttachment} from '../wire/pcap.js';
import {App} from './App.js';
import {makeUi} from './context.js';
import {TuiModel} from './model.js';
import type {TuiOptions} from './options.js';
import {inkStdout, TerminalGuard} from './terminal.js';

function oneLine(error: unknown): string {
	return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

export async function runTui(options: TuiOptions): Promise<number> {
	const stdout = process.stdout;
	const stdin = process.stdin;
	let pcap: PcapAttachment | null = null;
	const pcapClosing: Array<Promise<void>> = [];

	const makeWorld = (): WorldApi => {
		const world = createWorld(options.world);
		if (options.pcap) {
			// A reset starts the capture again: the file always holds the current world's packets.
			if (pcap) pcapClosing.push(pcap.close().catch(() => undefined));
			pcap = attachPcapWriter(world, options.pcap);
		}
		return world;
	};

	const guard = new TerminalGuard({stdout, stdin});
	let instance: Instance | null = null;
	let model: TuiModel | null = null;
	let settle: (code: number) => void = () => undefined;
	const done = new Promise<number>((resolve) => {
		settle = resolve;
	});

	let finished = false;
	const finish = (code: number, message?: string): void => {
		if (finished) return;
		finished = true;
		model?.dispose();
		try {
			instance?.unmount();
		} catch {
			// already unmounted
		}
		guard.restore();
		detach();
		if (message) process.stderr.write(`tcp-tui: ${message}\n`);
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

	// Fail before touching the terminal: a bad pcap path is a one-line error, not a broken screen.
	try {
		model = new TuiModel({
			lang: options.lang,
			speed: options.speed,
			createWorld: makeWorld,
			onQuit: (code) => finish(code),
		});
	} catch (error) {
		detach();
		process.stderr.write(`tcp-tui: ${oneLine(error)}\n`);
		return 2;
	}

	guard.enter();
	try {
		const ui = makeUi(options.lang, options.ascii, options.color);
		instance = render(<App model={model} ui={ui} />, {
			stdout: inkStdout(stdout),
			stdin,
			exitOnCtrlC: false,
			patchConsole: false,
			incrementalRendering: true,
			maxFps: 30,
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
			process.stderr.write(`tcp-tui: ${oneLine(error)}\n`);
		}
	}
	await Promise.all(pcapClosing);
	return code;
}
