// The bytes a remote terminal gets: only changed lines, placed absolutely; a slow client gets the
// latest frame when it catches up, never a queue of stale ones.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {crlf, diffFrame, ScreenWriter, type ScreenOutput} from '../../source/serve/screen.js';

function fakeOutput(): ScreenOutput & {sent: string[]; waiting: number} {
	const out = {
		sent: [] as string[],
		waiting: 0,
		write(data: string) {
			out.sent.push(data);
		},
		backlog: () => out.waiting,
	};
	return out;
}

test('the first frame clears the screen and draws every non-empty line at its row', () => {
	const bytes = diffFrame(null, ['top', '', 'third'], 24);
	assert.equal(bytes, '\x1b[H\x1b[2J\x1b[1;1H\x1b[2Ktop\x1b[3;1H\x1b[2Kthird');
});

test('a later frame sends only the lines that changed; rows past the terminal are never drawn', () => {
	assert.equal(diffFrame(['a', 'b', 'c'], ['a', 'B', 'c'], 24), '\x1b[2;1H\x1b[2KB');
	assert.equal(diffFrame(['a', 'b', 'c'], ['a', 'b'], 24), '\x1b[3;1H\x1b[2K');
	assert.equal(diffFrame(null, ['1', '2', '3'], 2).includes('3'), false);
	assert.doesNotMatch(diffFrame(['a'], ['a', 'b'], 24), /\n/);
});

test('a stalled client: frames are dropped while it is behind, and it gets the latest one when it catches up', () => {
	const out = fakeOutput();
	const writer = new ScreenWriter(out, 24, 1000);
	writer.frame('frame 1\nsame');
	assert.equal(out.sent.length, 1);
	out.waiting = 5000;
	for (let i = 2; i <= 50; i++) writer.frame(`frame ${i}\nsame`);
	assert.equal(out.sent.length, 1, 'nothing is written while the client is behind');
	assert.equal(writer.behind, true);
	assert.equal(writer.dropped, 48);
	out.waiting = 0;
	assert.equal(writer.flush(), true);
	assert.equal(out.sent.length, 2);
	assert.match(out.sent[1]!, /frame 50/);
	assert.doesNotMatch(out.sent[1]!, /frame 49|same/);
	assert.equal(writer.behind, false);
});

test('after a resize the next frame repaints the whole screen', () => {
	const out = fakeOutput();
	const writer = new ScreenWriter(out, 24);
	writer.frame('a\nb');
	writer.invalidate(30);
	writer.frame('a\nb');
	assert.match(out.sent[1]!, /\x1b\[2J/);
	assert.match(out.sent[1]!, /a/);
});

test('text for a channel gets CRLF line ends', () => {
	assert.equal(crlf('one\ntwo\r\nthree\n'), 'one\r\ntwo\r\nthree\r\n');
});
