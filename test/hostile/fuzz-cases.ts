// Mutated lessons, as a careless or hostile author would write them, run in-process through
// `tcp-tui run` (runCommand). A case passes when it ends with exit 0, 1 or 2, throws nothing (no
// stack trace), and prints no control byte on stdout or stderr. Used by test/hostile/fuzz.test.ts
// (a few hundred cases in CI) and bench/fuzz.ts (`npm run fuzz`, ten thousand).
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {runCommand, type Output} from '../../source/cli/run-command.js';
import type {CliSettings} from '../../source/cli/flags.js';
import {createRng, type SeededRng} from '../../source/sim/rng.js';
import {repoRoot} from '../scenario/fixture-path.js';

/** V8's heap cap for a fuzz run (node --max-old-space-size): a case needing more dies, visibly. */
export const FUZZ_HEAP_MB = 192;

/** A byte a terminal acts on: every C0 but \n, DEL, and C1. */
export const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const SPACES = ['\u00a0', '\u3000', '\ufeff', '\v', '\f', '\t', '\r', '\u2028', ' '];
const ODD = ['"', '\\', '#', '{', '}', '=', ':', '\\x1b', '\\x', '\x1b]52;c;SGk=\x07', '\x1b[2J', '\u009b', '\x00', '\x7f', '{client.', '가', '🙂', ''];
const NUMBERS = ['0', '-1', '1', '65535', '65536', '4294967295', '4294967296', '100000000', '1e9', '0.0001', '999999999999', 'NaN'];
const WORDS = ['client:', 'server:', 'wait', 'expect', 'link', 'inject', 'option', 'seed', 'msl', 'title', 'step', 'caption', 'write', 'read', 'connect', 'until', 'both'];
const HOSTILE_LINES = [
	'client: write 100000000',
	'server: read 65536',
	'inject c2s syn-flood count=20000 from=10.0.9.0/24 port=80 interval=0.01ms',
	'inject c2s syn-flood count=1000000 from=10.0.9.0/24 port=80 interval=0',
	'wait 1000000s',
	'link both loss=100% delay=30s',
	'link both rate=8bit',
	'option both sndbuf=1 rcvbuf=1',
	'caption en "\x1b]0;PWNED\x07 {client.iss+4294967295}"',
	'title "\\x1b]52;c;SGk=\\x07"',
	'wait until client state ESTABLISHED timeout 1000000s',
	'inject s2c replay last-data delay=1ms',
];

export function lessonSources(): string[] {
	const dir = join(repoRoot(), 'lessons');
	return readdirSync(dir).filter((f) => f.endsWith('.tcptui')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
}

function pick<T>(rng: SeededRng, items: readonly T[]): T {
	return items[rng.int(0, items.length - 1)]!;
}

/** One random edit of the text. */
function mutateOnce(rng: SeededRng, text: string): string {
	const lines = text.split('\n');
	const at = rng.int(0, Math.max(0, lines.length - 1));
	const line = lines[at] ?? '';
	const col = rng.int(0, line.length);
	switch (rng.int(0, 9)) {
		case 0: // insert a space-like character
			lines[at] = line.slice(0, col) + pick(rng, SPACES) + line.slice(col);
			break;
		case 1: // insert an odd token
			lines[at] = line.slice(0, col) + pick(rng, ODD) + line.slice(col);
			break;
		case 2: // replace a number
			lines[at] = line.replace(/\d+(\.\d+)?/, pick(rng, NUMBERS));
			break;
		case 3: // replace a word
			lines[at] = line.replace(/[a-z:]+/, pick(rng, WORDS));
			break;
		case 4: // delete a range
			lines[at] = line.slice(0, col) + line.slice(col + rng.int(1, 12));
			break;
		case 5: // duplicate a line a few or many times
			lines.splice(at, 0, ...Array.from({length: rng.int(1, rng.int(0, 9) === 0 ? 200 : 3)}, () => line));
			break;
		case 6: // swap two lines
			{
				const other = rng.int(0, lines.length - 1);
				[lines[at], lines[other]] = [lines[other] ?? '', line];
			}
			break;
		case 7: // a hostile line
			lines.splice(at, 0, pick(rng, HOSTILE_LINES));
			break;
		case 8: // random bytes, decoded as the CLI decodes a file
			lines[at] = line.slice(0, col) + Buffer.from(Array.from({length: rng.int(1, 16)}, () => rng.int(0, 255))).toString('utf8') + line.slice(col);
			break;
		default: // cut the file short
			lines.length = Math.max(1, at);
	}
	return lines.join('\n');
}

export function mutatedLesson(rng: SeededRng, sources: readonly string[]): string {
	let text = pick(rng, sources);
	const edits = rng.int(1, 6);
	for (let i = 0; i < edits; i++) text = mutateOnce(rng, text);
	return text;
}

export interface CaseResult {
	index: number;
	code: number | null;
	/** Why the case failed, or null. */
	problem: string | null;
	ms: number;
	stderrLines: number;
}

function settingsFor(rng: SeededRng): CliSettings {
	return {lang: rng.int(0, 1) === 0 ? 'en' : 'ko', link: {}, speed: 1, ascii: rng.int(0, 3) === 0, color: false,
		json: rng.int(0, 3) !== 0, wireSide: 'client', given: new Set()};
}

/** Run one case in-process; the file is written to `dir`. */
export async function runCase(index: number, text: string, settings: CliSettings, dir: string): Promise<CaseResult> {
	const file = join(dir, `case-${index}.tcptui`);
	writeFileSync(file, text);
	let out = '';
	let err = '';
	const io: Output = {out: (line) => void (out += `${line}\n`), err: (line) => void (err += `${line}\n`)};
	const started = performance.now();
	let code: number | null = null;
	let problem: string | null = null;
	try {
		code = await runCommand(file, settings, io);
	} catch (error) {
		problem = `threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
	}
	const ms = performance.now() - started;
	rmSync(file, {force: true});
	if (problem === null && code !== 0 && code !== 1 && code !== 2) problem = `exit ${code}`;
	if (problem === null && TERMINAL_CONTROL.test(out + err)) problem = `control byte in output: ${JSON.stringify((out + err).match(TERMINAL_CONTROL)?.[0])}`;
	if (problem === null && /\n\s+at .+:\d+:\d+\)?\n/.test(err)) problem = 'stack trace on stderr';
	return {index, code, problem, ms, stderrLines: err.split('\n').length - 1};
}

export interface FuzzSummary {
	seed: number;
	cases: number;
	exits: Record<string, number>;
	failures: Array<{index: number; problem: string; text: string}>;
	maxMs: number;
	totalMs: number;
	/** Peak RSS of this process over the whole run, MB. */
	peakRssMb: number;
}

/** Run `count` mutated lessons from `seed`. Case i depends only on (seed, i): a failure can be replayed alone. */
export async function runFuzz(count: number, seed: number, onCase?: (result: CaseResult) => void, first = 0): Promise<FuzzSummary> {
	const sources = lessonSources();
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-fuzz-'));
	const summary: FuzzSummary = {seed, cases: 0, exits: {}, failures: [], maxMs: 0, totalMs: 0, peakRssMb: 0};
	try {
		for (let index = first; index < first + count; index++) {
			const rng = createRng(seed).fork(`case-${index}`);
			const text = mutatedLesson(rng, sources);
			const result = await runCase(index, text, settingsFor(rng), dir);
			summary.cases++;
			summary.exits[String(result.code)] = (summary.exits[String(result.code)] ?? 0) + 1;
			summary.maxMs = Math.max(summary.maxMs, result.ms);
			summary.totalMs += result.ms;
			if (result.problem) summary.failures.push({index, problem: result.problem, text});
			onCase?.(result);
		}
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
	summary.peakRssMb = process.resourceUsage().maxRSS / 1024;
	return summary;
}
