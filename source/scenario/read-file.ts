// Reading a scenario or lesson file that anyone may have written: only a regular file (not
// /dev/zero, /dev/urandom, a FIFO or a socket), at most MAX_FILE_BYTES, and text (no NUL byte:
// `run /proc/self/environ` is refused instead of echoing the environment).
import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs';
import type {Text} from '../i18n/lang.js';
import {scenarioText} from '../i18n/scenario.js';
import {formatBytesLimit, LIMITS_FILE, MAX_FILE_BYTES} from './limits.js';

export type ReadFileResult = {ok: true; text: string} | {ok: false; reason: Text};

/** Why a file could not be opened or read, in words (a code nobody names is shown as it is). */
export function errnoReason(error: unknown): Text {
	const code = (error as NodeJS.ErrnoException | null)?.code;
	if (code === 'ENOENT' || code === 'ENOTDIR') return scenarioText('noSuchFile');
	if (code === 'EISDIR') return scenarioText('isDirectory');
	if (code === 'EACCES' || code === 'EPERM') return scenarioText('permissionDenied');
	const text = code ?? (error instanceof Error ? error.message.split('\n')[0]! : String(error));
	return {en: text, ko: text};
}

const STRICT_UTF8 = new TextDecoder('utf-8', {fatal: true});

/**
 * The first line (from 1) that is not UTF-8, or null. A lesson saved as EUC-KR/CP949 (what Korean
 * Windows calls ANSI) would otherwise run with every Korean caption drawn as U+FFFD.
 */
function firstLineNotUtf8(bytes: Uint8Array): number | null {
	try {
		STRICT_UTF8.decode(bytes);
		return null;
	} catch {
		let line = 1;
		for (let start = 0; start <= bytes.length; line++) {
			let end = bytes.indexOf(0x0a, start);
			if (end < 0) end = bytes.length;
			try {
				STRICT_UTF8.decode(bytes.subarray(start, end));
			} catch {
				return line;
			}
			start = end + 1;
		}
		return line;
	}
}

export function readScenarioFile(path: string, maxBytes = MAX_FILE_BYTES): ReadFileResult {
	let fd: number;
	try {
		// O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
	} catch (error) {
		return {ok: false, reason: errnoReason(error)};
	}
	try {
		const stat = fstatSync(fd);
		if (stat.isDirectory()) return {ok: false, reason: scenarioText('isDirectory')};
		if (!stat.isFile()) return {ok: false, reason: scenarioText('notRegularFile')};
		const tooBig = scenarioText('fileTooBig', {limit: formatBytesLimit(maxBytes), name: 'MAX_FILE_BYTES', where: LIMITS_FILE});
		if (stat.size > maxBytes) return {ok: false, reason: tooBig};
		// Read to the end, not to stat's size: /proc files say 0 and still have content.
		const buffer = Buffer.alloc(maxBytes + 1);
		let used = 0;
		for (;;) {
			const n = readSync(fd, buffer, used, buffer.length - used, null);
			if (n === 0) break;
			used += n;
			if (used > maxBytes) return {ok: false, reason: tooBig};
		}
		const bytes = buffer.subarray(0, used);
		// Windows editors' "Unicode" (UTF-16, with its byte-order mark): said so, not as a NUL byte.
		if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return {ok: false, reason: scenarioText('utf16File')};
		const nul = bytes.indexOf(0);
		if (nul >= 0) {
			let line = 1;
			for (let i = 0; i < nul; i++) if (bytes[i] === 0x0a) line++;
			return {ok: false, reason: scenarioText('notTextFile', {line})};
		}
		const badLine = firstLineNotUtf8(bytes);
		if (badLine !== null) return {ok: false, reason: scenarioText('notUtf8File', {line: badLine})};
		return {ok: true, text: bytes.toString('utf8')};
	} catch (error) {
		return {ok: false, reason: errnoReason(error)};
	} finally {
		closeSync(fd);
	}
}
