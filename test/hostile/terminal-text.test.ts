// Issue 12, items 2 and 8: text from a lesson file, a flag or the network never reaches the
// terminal with its control characters: C0 (but the newlines a caption lays out), ESC, DEL and C1
// are shown as visible escapes, on stdout, on stderr and on screen.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hasControlChar, sanitizeForTerminal} from '../../source/text/sanitize.js';
import {parseScenario} from '../../source/scenario/parser.js';
import {formatParseError} from '../../source/scenario/ast.js';
import {buildTranscript} from '../../source/scenario/transcript.js';
import {printableBytes} from '../../source/ui/text.js';
import {cli} from '../cli/spawn.js';

/** A byte a terminal acts on: every C0 but \n, DEL, and C1. */
export const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const hostile = (name: string) => join('test', 'fixtures', 'hostile', name);

test('sanitizeForTerminal: C0, ESC, DEL and C1 become visible escapes; printable text and Korean stay', () => {
	assert.equal(sanitizeForTerminal('a\x1b]52;c;SGk=\x07b'), 'a\\x1b]52;c;SGk=\\x07b');
	assert.equal(sanitizeForTerminal('\x00\x7f\u009b2J\u0085'), '\\x00\\x7f\\x9b2J\\x85');
	assert.equal(sanitizeForTerminal('줄\n바꿈\t탭\r'), '줄\\n바꿈\\t탭\\r');
	assert.equal(sanitizeForTerminal('줄\n바꿈', {keep: '\n'}), '줄\n바꿈');
	assert.equal(sanitizeForTerminal('plain ASCII, 한국어, ✗ → …'), 'plain ASCII, 한국어, ✗ → …');
	const once = sanitizeForTerminal('\x1b[2J\u009b');
	assert.equal(sanitizeForTerminal(once), once, 'idempotent');
	assert.equal(hasControlChar(once), false);
	assert.equal(hasControlChar('a\nb', {keep: '\n'}), false);
	assert.equal(hasControlChar('a\nb'), true);
	assert.equal(printableBytes(new TextEncoder().encode('\u009b\x1b')), '\\x9b\\x1b');
});

test('lesson text (title, summary, step, step.ko, caption) holds no control character once parsed; captions keep line breaks', () => {
	const parsed = parseScenario([
		'title "T\\x1b]0;PWNED\\x07"', 'title.ko "제목\x1b[2J"', 'summary "S\\x9b2J"', 'summary.ko "요약\x7f"',
		'step "a\\x1b]52;c;SGk=\\x07"', 'step.ko "단계\x1b"', 'caption en "one\\ntwo\\x1b[2J"', 'caption ko "하나\x07"',
	].join('\n'), 'l.tcptui');
	assert.ok(parsed.ok);
	if (!parsed.ok) return;
	const {lesson, steps} = parsed.scenario;
	const texts = [lesson.title.en, lesson.title.ko, lesson.summary.en, lesson.summary.ko, steps[0]!.title.en, steps[0]!.title.ko, steps[0]!.captions.ko];
	for (const text of texts) assert.equal(hasControlChar(text ?? ''), false, JSON.stringify(text));
	assert.equal(lesson.title.en, 'T\\x1b]0;PWNED\\x07');
	assert.equal(steps[0]!.captions.en, 'one\ntwo\\x1b[2J');
});

test('parser errors quote the offending token with its control characters escaped, and cut when long', () => {
	const result = parseScenario(`frob\x1b]0;X\x07\nclient: conect\u009b2J\n${'x'.repeat(5000)}\x00`, 'f\x1b[2J.tcptui');
	assert.equal(result.ok, false);
	if (result.ok) return;
	for (const lang of ['en', 'ko'] as const) {
		for (const error of result.errors) {
			const line = formatParseError('f\x1b[2J.tcptui', error, lang);
			assert.equal(TERMINAL_CONTROL.test(line), false, line);
			assert.ok(line.length < 400, `cut: ${line.length}`);
		}
	}
	assert.match(formatParseError('f.tcptui', result.errors[0]!), /'frob\\x1b\]0;X\\x07'/);
});

test('the transcript escapes control characters in every cell (call arguments, read data)', () => {
	const rows = buildTranscript([
		{kind: 'call', t: 0, host: 'client', id: 1, call: 'write', args: '"\x1b]52;c;SGk=\x07"', status: 'returned', result: 9},
		{kind: 'call', t: 1, host: 'server', id: 1, call: 'read', args: '', status: 'returned', result: 3, data: '\x1b[2J\u009b'},
	] as never);
	for (const row of rows) for (const cell of [...row.client, ...row.segments, ...row.server]) assert.equal(TERMINAL_CONTROL.test(cell), false, cell);
	assert.match(rows[0]!.client[0]!, /\\x1b\]52/);
});

test('run on a lesson with OSC 52 / OSC 0 / CSI 2J text and on a file whose errors quote them: no control byte on stdout or stderr', () => {
	for (const lang of ['en', 'ko']) {
		const lesson = cli(['run', hostile('osc-lesson.tcptui'), '--lang', lang]);
		assert.equal(lesson.status, 0, lesson.stderr);
		assert.equal(TERMINAL_CONTROL.test(lesson.stdout + lesson.stderr), false, lesson.stdout + lesson.stderr);
		const errors = cli(['run', hostile('osc-errors.tcptui'), '--lang', lang]);
		assert.equal(errors.status, 2);
		assert.equal(errors.stdout, '');
		assert.equal(TERMINAL_CONTROL.test(errors.stderr), false, errors.stderr);
		assert.match(errors.stderr, /conect\\x9b2J\\x7f/);
		const json = cli(['run', hostile('osc-lesson.tcptui'), '--json', '--lang', lang]);
		assert.equal(TERMINAL_CONTROL.test(json.stdout + json.stderr), false, json.stdout);
	}
	const list = cli(['demo', '--file', hostile('osc-errors.tcptui')]);
	assert.equal(list.status, 2);
	assert.equal(TERMINAL_CONTROL.test(list.stderr), false, list.stderr);
});

test('--pcap values and file names with escapes are echoed escaped', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-osc-'));
	const pcap = cli(['run', 'handshake', '--pcap', join(dir, 'missing\x1b]0;PWNED\x07', 'x\u009b.pcap')]);
	assert.equal(pcap.status, 2);
	assert.equal(TERMINAL_CONTROL.test(pcap.stderr), false, pcap.stderr);
	assert.match(pcap.stderr, /missing\\(x1b|u001b)\]0;PWNED/);
	const file = cli(['run', join(dir, 'no\x1b[2Jsuch.tcptui')]);
	assert.equal(file.status, 2);
	assert.equal(TERMINAL_CONTROL.test(file.stderr), false, file.stderr);
});

test('run /proc/self/environ: no NUL byte and no whole environment in the error', {skip: process.platform !== 'linux' && 'needs /proc'}, () => {
	const result = cli(['run', '/proc/self/environ'], {SECRET_TOKEN_FOR_TEST: 'do-not-echo-me'});
	assert.equal(result.status, 2);
	assert.equal(TERMINAL_CONTROL.test(result.stderr), false, result.stderr);
	assert.doesNotMatch(result.stderr, /do-not-echo-me/);
});
