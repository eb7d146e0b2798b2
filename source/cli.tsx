#!/usr/bin/env node
// tcp-tui's command line: `tcp-tui [flags]` opens the full-screen app, `tcp-tui run FILE` runs a
// scenario headless, `tcp-tui demo [NAME]` lists or opens lessons. Every mistake a user can make
// gives one line and exit code 2; an unexpected error gives one line, "please report", exit 70.
import './cli/early-env.js';
import meow from 'meow';
import {cliText} from './i18n/cli.js';
import type {Lang} from './i18n/lang.js';
import {closest} from './scenario/units.js';
import {languageOf, MEOW_FLAGS, precheckArgv, SERVE_FLAGS, validateFlags, withValuesAsWritten, type CliSettings, type RawFlags} from './cli/flags.js';
import {serveText} from './i18n/serve.js';
import type {Output} from './cli/run-command.js';
import {tuiOptions} from './cli/tui-options.js';
import {STDOUT_PATH} from './wire/pcap-path.js';
import {sanitizeForTerminal} from './text/sanitize.js';
import {isReaderGone, readerGone, readerLeft} from './cli/reader-gone.js';

const COMMANDS = ['run', 'demo', 'serve'];
/** Flags `tcp-tui serve` has no use for. */
const SERVE_IGNORES = ['json', 'pcap', 'wire', 'wire-side'];
/** Flags that only make sense for one command. */
const RUN_IGNORES = ['speed', 'file'];

const io: Output = {
	out: (text) => {
		if (readerGone()) return;
		process.stdout.write(`${text}\n`);
		// A pipe's write fails at once; its error event comes later, after a run that went on writing.
		if (isReaderGone(process.stdout.errored)) readerLeft();
	},
	// Messages quote file names, flag values and file contents: no control character reaches the terminal.
	err: (text) => process.stderr.write(`${sanitizeForTerminal(text, {keep: '\n'})}\n`),
};

/** A usage mistake: one line, named after the program (file errors start with FILE:LINE:COL instead). */
function usage(message: string): number {
	io.err(`tcp-tui: ${message}`);
	return 2;
}

async function openTui(settings: CliSettings, lesson?: {path: string; seed: number}): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		return usage(cliText(settings.lang, 'notATty'));
	}
	// Loaded only here, so `tcp-tui run` never pulls in the full-screen app.
	const {runTui} = await import('./ui/run.js');
	return runTui(tuiOptions(settings, lesson));
}

async function main(argv: string[]): Promise<number> {
	const lang: Lang = languageOf(argv);
	const pre = precheckArgv(argv, lang);
	if (!pre.ok) {
		return usage(pre.message);
	}
	const cli = meow(cliText(lang, 'help'), {
		importMeta: import.meta,
		argv,
		flags: MEOW_FLAGS,
		allowUnknownFlags: true,
		autoHelp: false,
		autoVersion: false,
		description: false,
	});
	const raw = withValuesAsWritten(cli.flags as unknown as RawFlags, pre.value.values);
	if (pre.value.given.has('help')) {
		io.out(cli.help.replace(/^\n+/, '').trimEnd());
		return 0;
	}
	if (pre.value.given.has('version')) {
		io.out(String(cli.pkg.version ?? 'unknown'));
		return 0;
	}
	const validated = validateFlags(raw, pre.value.given);
	if (!validated.ok) {
		return usage(validated.message);
	}
	const settings = validated.value;
	const [command, ...rest] = pre.value.positional;
	if (command !== 'serve') {
		const serveOnly = SERVE_FLAGS.find((flag) => settings.given.has(flag));
		if (serveOnly) return usage(serveText(settings.lang, 'flagOnlyForServe', {flag: serveOnly}));
	}
	if (command === 'serve') {
		// `tcp-tui serve [LESSON | --file F]`: the teacher's session starts with that lesson.
		const [name, extra] = rest;
		if (extra !== undefined) return usage(cliText(settings.lang, 'tooManyArgs', {arg: extra}));
		const ignored = SERVE_IGNORES.find((flag) => settings.given.has(flag));
		if (ignored) return usage(serveText(settings.lang, 'flagNotForServe', {flag: ignored}));
		let lesson: {path: string; seed: number} | undefined;
		if (name !== undefined || settings.file !== undefined) {
			const {lessonToOpen} = await import('./cli/demo-command.js');
			const found = lessonToOpen(name, settings.file, settings.lang, io);
			if ('code' in found) return found.code;
			lesson = found;
		}
		const {serveCommand} = await import('./serve/command.js');
		return serveCommand(raw, settings, io, Boolean(process.stdin.isTTY && process.stdout.isTTY), lesson);
	}

	if (settings.given.has('data') && !settings.given.has('json')) {
		return usage(cliText(settings.lang, 'dataNeedsJson'));
	}
	if (command !== 'run' && settings.pcap === STDOUT_PATH) {
		return usage(cliText(settings.lang, 'pcapStdoutTui'));
	}
	if (command === undefined) {
		for (const flag of ['json', 'file']) {
			if (settings.given.has(flag)) {
				return usage(cliText(settings.lang, flag === 'json' ? 'flagOnlyForRun' : 'flagOnlyForDemo'));
			}
		}
		return openTui(settings);
	}
	if (command === 'run') {
		const [file, extra] = rest;
		if (file === undefined) {
			return usage(cliText(settings.lang, 'runNeedsFile'));
		}
		if (extra !== undefined) {
			return usage(cliText(settings.lang, 'tooManyArgs', {arg: extra}));
		}
		const ignored = RUN_IGNORES.find((flag) => settings.given.has(flag));
		if (ignored) {
			return usage(cliText(settings.lang, 'flagNotForRun', {flag: ignored}));
		}
		// Loaded on use, so --help and a typo answer at once (the stack and ink are not needed).
		const {runCommand} = await import('./cli/run-command.js');
		return runCommand(file, settings, io);
	}
	if (command === 'demo') {
		const [name, extra] = rest;
		if (extra !== undefined) {
			return usage(cliText(settings.lang, 'tooManyArgs', {arg: extra}));
		}
		if (settings.given.has('json')) {
			return usage(cliText(settings.lang, 'flagOnlyForRun'));
		}
		const {lessonToOpen, listCommand} = await import('./cli/demo-command.js');
		if (name === undefined && settings.file === undefined) {
			return listCommand(settings.lang, io, process.stdout.isTTY ? process.stdout.columns : undefined);
		}
		const lesson = lessonToOpen(name, settings.file, settings.lang, io);
		if ('code' in lesson) return lesson.code;
		return openTui(settings, lesson);
	}
	const near = closest(command, COMMANDS);
	return usage(cliText(lang, 'unknownCommand', {command, hint: near ? cliText(lang, 'didYouMean', {word: near}) : ''}));
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (isReaderGone(error)) readerLeft();
});

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
		process.stderr.write(`${sanitizeForTerminal(cliText(languageOf(process.argv.slice(2)), 'internalError', {message}))}\n`);
		process.exitCode = 70;
	},
);
