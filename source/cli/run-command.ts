// `tcp-tui run FILE`: run a scenario headless. Prints the transcript table and a one-line
// summary, or with --json one JSON object per event per line. Exit 0 when every expect holds,
// 1 when one fails (one clear line each), 2 for a bad file or flags. When standard output's reader
// goes away (`| head`), whatever goes there (the table, --json, --pcap -) stops and the run goes on
// to its end, so the exit code is the same as with the whole output read; a --wire run, which
// takes real time, stops there instead, 1 if something had failed by then, else 0.
import {existsSync} from 'node:fs';
import {readScenarioFile} from '../scenario/read-file.js';
import {basename} from 'node:path';
import {eventToJson, type SimEvent} from '../sim/events.js';
import {cliText} from '../i18n/cli.js';
import {formatParseError, type Scenario} from '../scenario/ast.js';
import {parseScenario} from '../scenario/parser.js';
import {runScenario} from '../scenario/run.js';
import {formatMs, type RunFailure} from '../scenario/runner.js';
import {TranscriptBuilder} from '../scenario/transcript.js';
import {ColumnWidths, TranscriptPrinter} from '../scenario/transcript-view.js';
import {RowSpool} from '../scenario/row-spool.js';
import {attachPcapWriter, pcapErrorLine, PcapFileWriter, STDOUT_PATH, type PcapAttachment} from '../wire/pcap.js';
import {runScenarioOnWire} from '../wire/run.js';
import {exposedBind} from '../wire/spec.js';
import type {WorldApi} from '../sim/world-api.js';
import {lessonsDir, resolveLesson} from '../demo/catalog.js';
import type {CliSettings} from './flags.js';
import type {Lang} from '../i18n/lang.js';
import {sanitizeForTerminal} from '../text/sanitize.js';
import {isReaderGone, readerGone, readerLeft, whenReaderGone} from './reader-gone.js';

export interface Output {
	out: (text: string) => void;
	err: (text: string) => void;
}

/** The file's settings, with the command line's link, MSL, profile and seed on top. */
export function applyFlags(scenario: Scenario, settings: CliSettings): void {
	for (const dir of ['c2s', 's2c'] as const) Object.assign(scenario.settings.link[dir], settings.link);
	if (settings.msl !== undefined) scenario.settings.stack.msl = settings.msl;
	if (settings.profile !== undefined) scenario.settings.profile = settings.profile;
}

function failureLine(fileName: string, failure: RunFailure, lang: Lang): string {
	return sanitizeForTerminal(`${fileName}:${failure.pos.line}:${failure.pos.col}: ${failure.text?.[lang] ?? failure.message}`);
}

/**
 * One JSON line. JSON.stringify escapes C0 controls but leaves DEL and C1 raw; those become \\u
 * escapes too, so `--json` on a terminal is as safe as the table (the JSON stays the same value).
 */
function jsonLine(value: unknown): string {
	return JSON.stringify(value).replace(/[\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export async function runCommand(fileOrLesson: string, settings: CliSettings, io: Output): Promise<number> {
	const {lang} = settings;
	whenReaderGone(() => undefined);
	// `tcp-tui run handshake` runs the built-in lesson of that name, so the lessons work headless
	// wherever tcp-tui is installed; a file of that name in the current folder still wins.
	const builtin = existsSync(fileOrLesson) ? null : resolveLesson(fileOrLesson, lessonsDir(), lang);
	const file = builtin?.ok && builtin.builtin ? builtin.path : fileOrLesson;
	const read = readScenarioFile(file);
	if (!read.ok && builtin && !builtin.ok && builtin.guess !== undefined) {
		// Neither a file nor a lesson, but close to a lesson's name: most likely a typo of it.
		io.err(cliText(lang, 'noFileOrLesson', {file, hint: cliText(lang, 'didYouMean', {word: builtin.guess})}));
		return 2;
	}
	if (!read.ok) {
		io.err(cliText(lang, 'cannotRead', {file, reason: read.reason[lang]}));
		return 2;
	}
	const parsed = parseScenario(read.text, file);
	if (!parsed.ok) {
		for (const error of parsed.errors) io.err(formatParseError(file, error, lang));
		return 2;
	}
	const scenario = parsed.scenario;
	applyFlags(scenario, settings);

	const exposed = settings.wire ? exposedBind(settings.wire) : null;
	if (exposed) io.err(cliText(lang, 'wireExposed', {addr: exposed}));
	// The capture file is opened before the run (a --wire run takes real time): a path that cannot
	// be written, or a symbolic link, is exit 2 at once. `--pcap -` is standard output, which then
	// holds only the capture (the table is left out, the summary goes to stderr).
	const pcapToStdout = settings.pcap === STDOUT_PATH;
	if (pcapToStdout && settings.json) {
		io.err(cliText(lang, 'pcapStdoutAndJson'));
		return 2;
	}
	if (pcapToStdout && process.stdout.isTTY) {
		io.err(cliText(lang, 'pcapStdoutTerminal'));
		return 2;
	}
	// `--pcap - | head -c 100`: the reader going away is no error of the capture's, as for --json (a
	// file that cannot be written stays an error).
	const leftIfReaderGone = (error: unknown): boolean => {
		if (!pcapToStdout || !isReaderGone(error)) return false;
		readerLeft();
		return true;
	};
	let writer: PcapFileWriter | null = null;
	let pcapFailed = false;
	if (settings.pcap !== undefined) {
		try {
			writer = new PcapFileWriter(settings.pcap, {
				onError: (error) => {
					if (leftIfReaderGone(error)) return;
					// Said at once (a --wire run goes on for a while); the exit code says it again.
					pcapFailed = true;
					io.err(`--pcap: ${error.text[lang]}`);
				},
			});
		} catch (error) {
			if (!leftIfReaderGone(error)) {
				io.err(`--pcap: ${pcapErrorLine(error, lang)}`);
				return 2;
			}
		}
	}
	let pcap: PcapAttachment | null = null;
	// The transcript is built as the run goes and its rows set aside (not the events): the table is
	// drawn at the end, when the widest row of each column is known.
	const table = !settings.json && !pcapToStdout;
	const spool = new RowSpool();
	const widths = new ColumnWidths();
	let transcript: TranscriptBuilder | null = null;
	const runOptions = {
		...(settings.seed === undefined ? {} : {seed: settings.seed}),
		keepEvents: false,
		...(settings.json
			? {onEvent: (event: SimEvent) => {
				if (!readerGone()) io.out(jsonLine(eventToJson(event, {fullData: settings.data})));
			}}
			: table ? {onEvent: (event: SimEvent) => transcript?.add(event)} : {}),
		beforeStart: (world: WorldApi) => {
			if (table) {
				transcript = new TranscriptBuilder({lang, ascii: settings.ascii, clientAddr: world.client.addr, serverAddr: world.server.addr}, (row) => {
					widths.add(row);
					spool.add(row);
				});
			}
			if (writer) pcap = attachPcapWriter(world, writer);
		},
	};
	try {
		return await runAndReport();
	} finally {
		spool.dispose();
	}

	async function runAndReport(): Promise<number> {
		// With --wire one endpoint is real and time is the wall clock's; otherwise all is simulated.
		const run = settings.wire
			? await runScenarioOnWire(scenario, {...runOptions, wire: {...settings.wire, side: settings.wireSide}, stop: readerGone})
			: runScenario(scenario, runOptions);
		const capture = pcap as PcapAttachment | null;
		let closeError: string | null = null;
		try {
			await (capture ? capture.close() : writer?.close());
		} catch (error) {
			if (!leftIfReaderGone(error)) closeError = pcapErrorLine(error, lang);
		}
		if (!run.ok) {
			io.err(run.message);
			return 2;
		}
		const {result} = run;
		if (closeError !== null) {
			if (!pcapFailed) io.err(`--pcap: ${closeError}`);
			return 2;
		}

		if (result.overLimit) {
			// A limit of limits.ts: the file asked for too much. One line, no half transcript.
			const failure = result.failures[result.failures.length - 1]!;
			io.err(failureLine(file, failure, lang));
			return 2;
		}

		if (settings.json) {
			for (const expectResult of result.expectResults) {
				const {pos} = expectResult.action;
				io.out(jsonLine({kind: 'expect', line: pos.line, col: pos.col, passed: expectResult.passed, message: expectResult.text?.[lang] ?? expectResult.message}));
			}
		} else if (table) {
			(transcript as TranscriptBuilder | null)?.finish();
			printTable(spool, widths, {lang, ascii: settings.ascii, color: settings.color}, io);
		}
		for (const failure of result.failures) io.err(failureLine(file, failure, lang));

		const total = result.expectResults.length;
		const failed = result.expectResults.filter((r) => !r.passed).length;
		const stopped = result.failures.some((f) => f.fatal);
		const params = {file: basename(file), seed: result.seed, time: formatMs(result.endedAt), total, failed: stopped ? result.failures.length : failed};
		// A --wire run stops when its reader goes away (a simulated one has run to its end).
		const summary = settings.wire && readerGone()
			? cliText(lang, 'summaryReaderGone', {...params, failed: result.failures.length})
			: stopped
				? cliText(lang, 'summaryStopped', params)
				: failed > 0
					? cliText(lang, 'summaryFail', params)
					: total === 0
						? cliText(lang, 'summaryNone', params)
						: cliText(lang, 'summaryPass', params);
		// With --json, stdout holds only JSON lines: the summary goes to stderr.
		if (settings.json || pcapToStdout) io.err(summary);
		else io.out(summary);
		if (capture && !(pcapToStdout && readerGone())) io.err(cliText(lang, 'pcapWritten', {count: capture.packets(), file: capture.path}));
		return result.failures.length > 0 ? 1 : 0;
	}
}

/** Rows printed per write. */
const ROWS_PER_WRITE = 500;

function printTable(spool: RowSpool, widths: ColumnWidths, options: {lang: Lang; ascii: boolean; color: boolean}, io: Output): void {
	const printer = new TranscriptPrinter(widths, options);
	let lines = printer.top();
	let rows = 0;
	for (const row of spool.read()) {
		lines.push(...printer.row(row));
		if (++rows % ROWS_PER_WRITE === 0) {
			io.out(lines.join('\n'));
			lines = [];
		}
	}
	lines.push(printer.bottom());
	io.out(lines.join('\n'));
}
