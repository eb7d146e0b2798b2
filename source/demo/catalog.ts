// The built-in lessons (lessons/*.tcptui, shipped in the npm package) and teachers' own files:
// listing them for `tcp-tui demo`, resolving a name or a path, and loading one as a parsed lesson.
// Every problem a user can cause comes back as a one-line message, never an exception.
import {existsSync, readdirSync, statSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Lang, Text} from '../i18n/lang.js';
import type {Scenario} from '../scenario/ast.js';
import {formatParseError} from '../scenario/ast.js';
import {parseScenario} from '../scenario/parser.js';
import {readScenarioFile} from '../scenario/read-file.js';
import {closest} from '../scenario/units.js';
import {cliText} from '../i18n/cli.js';

export const LESSON_EXTENSION = '.tcptui';

/** The order `tcp-tui demo` lists them in: the order a course teaches them. */
export const LESSON_ORDER = [
	'handshake', 'data', 'cumulative-ack', 'checksum', 'active-close', 'half-close', 'process-exit', 'lost-last-ack',
	'port-reuse', 'refused', 'syn-flood', 'simultaneous-open', 'simultaneous-close', 'congestion', 'cubic', 'flow-control',
];

export interface DemoInfo {
	name: string;
	title: Text;
	summary: Text;
	claims: string[];
	path: string;
}

/** The lessons folder of this installation: next to package.json, above this module (source/ or dist/source/). */
export function lessonsDir(): string {
	let dir = dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 6; i++) {
		const candidate = join(dir, 'lessons');
		if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
		dir = dirname(dir);
	}
	return resolve(dirname(fileURLToPath(import.meta.url)), '../../lessons');
}

function both(text: Partial<Record<Lang, string>>, fallback: string): Text {
	const en = text.en ?? text.ko ?? fallback;
	return {en, ko: text.ko ?? en};
}

export type LoadResult = {ok: true; lesson: Scenario} | {ok: false; message: string};

/** Read and parse a lesson file; errors as `FILE:LINE:COL: message` lines in `lang`. */
export function loadLesson(path: string, displayName = path, lang: Lang = 'en'): LoadResult {
	const read = readScenarioFile(path);
	if (!read.ok) return {ok: false, message: cliText(lang, 'cannotReadLesson', {file: displayName, reason: read.reason[lang]})};
	const parsed = parseScenario(read.text, displayName);
	if (!parsed.ok) return {ok: false, message: parsed.errors.map((e) => formatParseError(displayName, e, lang)).join('\n')};
	if (parsed.scenario.steps.length === 0) return {ok: false, message: cliText(lang, 'lessonNeedsStep', {file: displayName})};
	return {ok: true, lesson: parsed.scenario};
}

function builtinNames(dir: string): string[] {
	let files: string[];
	try {
		files = readdirSync(dir);
	} catch {
		return [];
	}
	const names = files.filter((f) => f.endsWith(LESSON_EXTENSION)).map((f) => f.slice(0, -LESSON_EXTENSION.length));
	const rank = (name: string) => {
		const i = LESSON_ORDER.indexOf(name);
		return i < 0 ? LESSON_ORDER.length : i;
	};
	return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Every built-in lesson with its metadata, in teaching order. A lesson that fails to parse is left out (the tests catch that). */
export function listDemos(dir = lessonsDir()): DemoInfo[] {
	const out: DemoInfo[] = [];
	for (const name of builtinNames(dir)) {
		const path = join(dir, name + LESSON_EXTENSION);
		const loaded = loadLesson(path, `lessons/${name}${LESSON_EXTENSION}`);
		if (!loaded.ok) continue;
		const {lesson} = loaded.lesson;
		out.push({name, title: both(lesson.title, name), summary: both(lesson.summary, ''), claims: [...lesson.claims], path});
	}
	return out;
}

export type ResolveResult = {ok: true; path: string; builtin: boolean} | {ok: false; message: string; /** The built-in lesson's name closest to what was asked. */ guess?: string};

/** A built-in lesson's name (`handshake`) or the path of a lesson file; what is wrong in `lang`. */
export function resolveLesson(nameOrPath: string, dir = lessonsDir(), lang: Lang = 'en'): ResolveResult {
	const names = builtinNames(dir);
	const bare = nameOrPath.endsWith(LESSON_EXTENSION) ? nameOrPath.slice(0, -LESSON_EXTENSION.length) : nameOrPath;
	if (!nameOrPath.includes('/') && names.includes(bare)) return {ok: true, path: join(dir, bare + LESSON_EXTENSION), builtin: true};
	if (existsSync(nameOrPath)) {
		if (!statSync(nameOrPath).isFile()) return {ok: false, message: cliText(lang, 'notAFile', {file: nameOrPath})};
		return {ok: true, path: resolve(nameOrPath), builtin: false};
	}
	const guess = closest(bare, names);
	const hint = guess ? cliText(lang, 'didYouMean', {word: guess}) : '';
	return {ok: false, message: cliText(lang, 'unknownLesson', {name: nameOrPath, hint, names: names.join(', '), ext: LESSON_EXTENSION}), ...(guess ? {guess} : {})};
}
