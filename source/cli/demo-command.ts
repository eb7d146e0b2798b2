// `tcp-tui demo`: list the built-in lessons, or check a lesson (by name or --file) so that a
// mistake in it is reported as FILE:LINE:COL before the full-screen app takes the terminal.
import {readScenarioFile} from '../scenario/read-file.js';
import {cliText} from '../i18n/cli.js';
import {formatParseError} from '../scenario/ast.js';
import {parseScenario} from '../scenario/parser.js';
import type {Lang} from '../i18n/lang.js';
import {lessonsDir, listDemos, loadLesson, resolveLesson} from '../demo/catalog.js';
import type {Output} from './run-command.js';
import {DEFAULT_SEED} from '../scenario/run.js';
import {wrapText} from '../demo/wrap.js';

/**
 * The lessons, one paragraph each. `columns`: the terminal's width, when printing to one; a summary
 * is then wrapped at words under its lesson's name (a terminal would cut Korean words in half).
 */
export function listCommand(lang: Lang, io: Output, columns?: number): number {
	const demos = listDemos();
	if (demos.length === 0) {
		io.err(cliText(lang, 'demoNone', {dir: lessonsDir()}));
		return 2;
	}
	const width = Math.max(...demos.map((demo) => demo.name.length));
	io.out(cliText(lang, 'demoListTitle'));
	io.out('');
	const indent = ' '.repeat(width + 4);
	// Narrower than 40 columns for the text, wrapping would help less than it hurts: leave it whole.
	const textWidth = columns === undefined || columns - indent.length < 40 ? Infinity : columns - indent.length;
	const paragraph = (text: string, first = indent): void => {
		const lines = textWidth === Infinity ? [text] : wrapText(text, textWidth);
		lines.forEach((line, i) => io.out((i === 0 ? first : indent) + line));
	};
	for (const demo of demos) {
		paragraph(demo.title[lang], `  ${demo.name.padEnd(width)}  `);
		if (demo.summary[lang]) paragraph(demo.summary[lang]);
		if (demo.claims.length > 0) paragraph(`${cliText(lang, 'demoClaims')}: ${demo.claims.join(' ')}`);
	}
	return 0;
}

/** The lesson file to open (and the seed it asks for), or the exit code after printing why not. */
export function lessonToOpen(name: string | undefined, file: string | undefined, lang: Lang, io: Output): {path: string; seed: number} | {code: number} {
	if (name !== undefined && file !== undefined) {
		io.err(cliText(lang, 'demoNameAndFile'));
		return {code: 2};
	}
	const found = resolveLesson((name ?? file)!, lessonsDir(), lang);
	// --file names a file: one that is missing is a file that cannot be read, not an unknown lesson.
	const resolved = !found.ok && file !== undefined ? {ok: true as const, path: file} : found;
	if (!resolved.ok) {
		io.err(resolved.message);
		return {code: 2};
	}
	// Mistakes in the file first, in the chosen language; then the lesson's own checks.
	const displayName = name ?? file!;
	const read = readScenarioFile(resolved.path);
	if (!read.ok) {
		io.err(cliText(lang, 'cannotRead', {file: displayName, reason: read.reason[lang]}));
		return {code: 2};
	}
	const parsed = parseScenario(read.text, displayName);
	if (!parsed.ok) {
		for (const error of parsed.errors) io.err(formatParseError(displayName, error, lang));
		return {code: 2};
	}
	const loaded = loadLesson(resolved.path, displayName, lang);
	if (!loaded.ok) {
		io.err(loaded.message);
		return {code: 2};
	}
	// A lesson without a seed still runs the same every time: the headless default.
	return {path: resolved.path, seed: loaded.lesson.settings.seed ?? DEFAULT_SEED};
}
