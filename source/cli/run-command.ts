// `tcp-tui run FILE`: run a scenario headless. Prints the transcript table and a one-line
// summary, or with --json one JSON object per event per line. Exit 0 when every expect holds,
// 1 when one fails (one clear line each), 2 for a bad file or flags.
import {existsSync} from 'node:fs';
import {readScenarioFile} from '../scenario/read-file.js';
import {basename} from 'node:path';
import {eventToJson, type SimEvent} from '../sim/events.js';
import {cliText} from '../i18n/cli.js';
import {formatParseError, type Scenario} from '../scenario/ast.js';
import {parseScenario} from '../scenario/parser.js';
import {runScenario} from '../scenario/run.js';
import {formatMs, type RunFailure} from '../scenario/runner.js';
import {buildTranscript} from '../scenario/transcript.js';
import {renderTranscript} from '../scenario/transcript-view.js';
import {attachPcapWriter, type PcapAttachment} from '../wire/pcap.js';
import {runScenarioOnWire} from '../wire/run.js';
import type {WorldApi} from '../sim/world-api.js';
import {resolveLesson} from '../demo/catalog.js';
import type {CliSettings} from './flags.js';
import type {Lang} from '../i18n/lang.js';
import {sanitizeForTerminal} from '../text/sanitize.js';

export interface Output {
	out: (text: string) => void;
	err: (text: string) => void;
}

/** The file's settings, with the command line's link, MSL and seed on top. */
export function applyFlags(scenario: Scenario, settings: CliSettings): void {
	for (const dir of ['c2s', 's2c'] as const) Object.assign(scenario.settings.link[dir], settings.link);
	if (settings.msl !== undefined) scenario.settings.stack.msl = settings.msl;
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
	// `tcp-tui run handshake` runs the built-in lesson of that name, so the lessons work headless
	// wherever tcp-tui is installed; a file of that name in the current folder still wins.
	const builtin = existsSync(fileOrLesson) ? null : resolveLesson(fileOrLesson);
	const file = builtin?.ok && builtin.builtin ? builtin.path : fileOrLesson;
	const read = readScenarioFile(file);
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

	let pcap: PcapAttachment | null = null;
	let pcapError: string | null = null;
	const runOptions = {
		...(settings.seed === undefined ? {} : {seed: settings.seed}),
		keepEvents: !settings.json,
		...(settings.json ? {onEvent: (event: SimEvent) => io.out(jsonLine(eventToJson(event)))} : {}),
		beforeStart: (world: WorldApi) => {
			if (!settings.pcap) return;
			try {
				pcap = attachPcapWriter(world, settings.pcap);
			} catch (error) {
				pcapError = error instanceof Error ? error.message.split('\n')[0]! : String(error);
			}
		},
	};
	// With --wire one endpoint is real and time is the wall clock's; otherwise all is simulated.
	const run = settings.wire
		? await runScenarioOnWire(scenario, {...runOptions, wire: {...settings.wire, side: settings.wireSide}})
		: runScenario(scenario, runOptions);
	if (!run.ok) {
		io.err(run.message);
		return 2;
	}
	const {result} = run;
	if (pcapError !== null) {
		io.err(`--pcap: ${pcapError}`);
		return 2;
	}
	const capture = pcap as PcapAttachment | null;
	if (capture) {
		try {
			await capture.close();
		} catch (error) {
			io.err(`--pcap: ${error instanceof Error ? error.message.split('\n')[0]! : String(error)}`);
			return 2;
		}
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
	} else {
		const rows = buildTranscript(result.events, {lang, ascii: settings.ascii, clientAddr: result.world.client.addr, serverAddr: result.world.server.addr});
		io.out(renderTranscript(rows, {lang, ascii: settings.ascii, color: settings.color}));
	}
	for (const failure of result.failures) io.err(failureLine(file, failure, lang));

	const total = result.expectResults.length;
	const failed = result.expectResults.filter((r) => !r.passed).length;
	const stopped = result.failures.some((f) => f.fatal);
	const params = {file: basename(file), seed: result.seed, time: formatMs(result.endedAt), total, failed: stopped ? result.failures.length : failed};
	const summary = stopped
		? cliText(lang, 'summaryStopped', params)
		: failed > 0
			? cliText(lang, 'summaryFail', params)
			: total === 0
				? cliText(lang, 'summaryNone', params)
				: cliText(lang, 'summaryPass', params);
	// With --json, stdout holds only JSON lines: the summary goes to stderr.
	if (settings.json) io.err(summary);
	else io.out(summary);
	if (capture) io.err(cliText(lang, 'pcapWritten', {count: capture.packets(), file: capture.path}));
	return result.failures.length > 0 ? 1 : 0;
}
