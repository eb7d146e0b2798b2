// The keyboard filter in front of Ink (source/ui/key-input.ts), checked against Ink's own input
// splitting and key parser: whatever a terminal, a paste or an ssh client sends, cut anywhere
// between reads, Ink never gets a sequence it would crash on (Ctrl bit set, no key name).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {KeyInputFilter, PASTE_CLOSE, PASTE_OPEN} from '../../source/ui/key-input.js';
// Not exported by Ink's package (its exports map); loaded by path, as Ink itself runs it.
// @ts-expect-error no declaration file is resolved for a build-internal path
import parseKeypress from '../../../node_modules/ink/build/parse-keypress.js';
// @ts-expect-error as above
import {createInputParser} from '../../../node_modules/ink/build/input-parser.js';

interface Keypress {
	name?: string;
	ctrl: boolean;
}
const parse = parseKeypress as (input: string) => Keypress;
const newParser = createInputParser as () => {push(chunk: string): string[]; flushPendingEscape(): string | undefined};

function inkEvents(reads: string[]): string[] {
	const filter = new KeyInputFilter();
	const parser = newParser();
	const events = reads.flatMap((read) => parser.push(filter.push(read)));
	const pending = parser.flushPendingEscape();
	return pending ? [...events, pending] : events;
}

test('no input, however it is cut into reads, gives Ink a key it cannot name with Ctrl set', () => {
	const inputs: string[] = [];
	for (let f = 0x20; f <= 0x7e; f++) {
		const final = String.fromCharCode(f);
		for (const p of ['', '1;5', '31', '5', '99;5', '200', '3;5', '[', '<0;1;1']) inputs.push(`\u001b[${p}${final}`, `\u001bO${p}${final}`, `\u001b\u001b[${p}${final}`);
	}
	let checked = 0;
	for (const sequence of inputs) {
		for (const input of [sequence, `a${sequence}b`]) {
			for (let cut = 0; cut <= input.length; cut++) {
				for (const event of inkEvents([input.slice(0, cut), input.slice(cut)])) {
					const key = parse(event);
					assert.ok(!(key.ctrl && typeof key.name !== 'string'), `${JSON.stringify(input)} cut at ${cut} gives Ink ${JSON.stringify(event)}`);
					checked++;
				}
			}
		}
	}
	assert.ok(checked > 1000);
});

test('keys pass unchanged; colours and unknown keys go; bracketed-paste markers become the app\'s paste marks; text stays', () => {
	const filter = new KeyInputFilter();
	for (const key of ['\u001b[A', '\u001b[1;5C', '\u001b[5~', '\u001b[6~', '\u001b[3~', '\u001b[Z', '\u001bOA', '\u001b', 'q']) assert.equal(filter.push(key), key);
	assert.equal(filter.push('안녕\u001b[31mred\u001b[0m'), '안녕red');
	assert.equal(filter.push('\u001b[200~pasted\u001b[201~'), `${PASTE_OPEN}pasted${PASTE_CLOSE}`);
	assert.equal(filter.push('\u001b[1;5P'), '');
	// A colour cut between two reads.
	assert.equal(filter.push('x\u001b[3'), 'x');
	assert.equal(filter.push('1my'), 'y');
});

test('after an Esc that Ink has taken as the Escape key, [ and ] are keys again', () => {
	const filter = new KeyInputFilter();
	assert.equal(filter.push('\u001b'), '\u001b');
	filter.settle();
	assert.equal(filter.push('['), '[');
	assert.equal(filter.push(']'), ']');
});

test('between bracketed-paste marks: line breaks and tabs become spaces; controls, keys and colours go', () => {
	const filter = new KeyInputFilter();
	assert.equal(filter.push('a\u001b[200~hello\r\nworld\ttab\u0007\u001b[31mred\u001b[A\u001b'), `a${PASTE_OPEN}hello world tabred`);
	// The paste goes on in the next read: that part is marked as pasted too, and the keys after it are keys.
	assert.equal(filter.push('\r\n\u001b[201~\rq'), `${PASTE_OPEN} ${PASTE_CLOSE}\rq`);
});

test('the paste marks come only from bracketed paste: typed or pasted copies of them are dropped', () => {
	const filter = new KeyInputFilter();
	assert.equal(filter.push(`x${PASTE_OPEN}y${PASTE_CLOSE}z`), 'xyz');
	assert.equal(filter.push(`\u001b[200~a${PASTE_CLOSE}b\u001b[201~`), `${PASTE_OPEN}ab${PASTE_CLOSE}`);
});
