// Splits one line of a scenario file into tokens: bare words and double-quoted strings
// (with \" \\ \n \t \xHH escapes); `#` outside quotes starts a comment. Columns are 1-based
// and count characters (code points), as editors show them.
import type {ParseError} from './ast.js';
import type {Text} from '../i18n/lang.js';
import {scenarioText} from '../i18n/scenario.js';

function positioned(line: number, col: number, text: Text): ParseError {
	return {line, col, message: text.en, text};
}

export interface Token {
	/** The word, or the decoded string for quoted tokens. */
	text: string;
	quoted: boolean;
	line: number;
	col: number;
	/** For quoted tokens: the source column of each decoded character (for positions inside strings). */
	charCols?: number[];
}

/**
 * Separators between tokens: every Unicode whitespace (a no-break space, the full-width space a
 * Korean keyboard types, \v, \f, …) and a byte-order mark anywhere in the line. The skip step and
 * the word loop use this one test, so a word always takes at least one character.
 */
export function isSeparator(c: string): boolean {
	return /^[\s\uFEFF]$/u.test(c);
}

function endsWord(c: string): boolean {
	return c === '#' || c === '"' || isSeparator(c);
}

export type TokenizeResult = {ok: true; tokens: Token[]} | {ok: false; error: ParseError};

export function tokenizeLine(source: string, line: number): TokenizeResult {
	const chars = Array.from(source);
	const tokens: Token[] = [];
	let i = 0;
	while (i < chars.length) {
		const c = chars[i]!;
		if (isSeparator(c)) {
			i++;
			continue;
		}
		if (c === '#') break;
		if (c === '"') {
			const start = i;
			let text = '';
			const charCols: number[] = [];
			i++;
			let closed = false;
			while (i < chars.length) {
				const d = chars[i]!;
				if (d === '"') {
					closed = true;
					i++;
					break;
				}
				if (d === '\\') {
					const escape = chars[i + 1];
					const escapeCol = i + 1;
					if (escape === '"' || escape === '\\') {
						text += escape;
						i += 2;
					} else if (escape === 'n') {
						text += '\n';
						i += 2;
					} else if (escape === 't') {
						text += '\t';
						i += 2;
					} else if (escape === 'x' && /^[0-9a-fA-F]{2}$/.test((chars[i + 2] ?? '') + (chars[i + 3] ?? ''))) {
						text += String.fromCharCode(parseInt(chars[i + 2]! + chars[i + 3]!, 16));
						i += 4;
					} else {
						return {ok: false, error: positioned(line, escapeCol, scenarioText('unknownEscape', {escape: escape ?? ''}))};
					}
					charCols.push(escapeCol);
					continue;
				}
				text += d;
				charCols.push(i + 1);
				i++;
			}
			if (!closed) return {ok: false, error: positioned(line, start + 1, scenarioText('unterminated'))};
			if (i < chars.length && !(isSeparator(chars[i]!) || chars[i] === '#')) {
				return {ok: false, error: positioned(line, i + 1, scenarioText('spaceAfterString'))};
			}
			tokens.push({text, quoted: true, line, col: start + 1, charCols});
			continue;
		}
		const start = i;
		let word = '';
		while (i < chars.length && !endsWord(chars[i]!)) {
			word += chars[i];
			i++;
		}
		// Unreachable by construction (c is neither a separator, '#' nor '"'); a guard so no input can stall the loop.
		if (i === start) throw new Error(`tokenizer made no progress at column ${start + 1}`);
		if (i < chars.length && chars[i] === '"') {
			return {ok: false, error: positioned(line, i + 1, scenarioText('spaceBeforeString'))};
		}
		tokens.push({text: word, quoted: false, line, col: start + 1});
	}
	return {ok: true, tokens};
}
