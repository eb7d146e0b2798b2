// The ladder in a real terminal: drop an in-flight FIN by key and watch it come back marked
// RTX#1 RTO (English and Korean); under --no-color the focus and the selection still show.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Session, skip, stopTmux, tmux} from './tmux.js';

test.after(stopTmux);

/** Server listens and accepts, client connects; focus ends on the client. */
async function connect(s: Session, established: string): Promise<void> {
	await s.waitForText('10.0.0.2');
	s.keys('s', 'b', 'Enter', 'L', 'a', 'Tab', 's', 'c', 'Enter');
	await s.waitForState('client', established);
	await s.waitForState('server', established);
}

for (const lang of ['en', 'ko'] as const) {
	test(`select the in-flight FIN, drop it with f d, see it retransmitted as RTX#1 RTO (${lang})`, {skip}, async () => {
		const s = new Session(`--seed 3 --lang ${lang} --delay 300ms`);
		try {
			await connect(s, 'ESTABLISHED');
			// Paused, the client's close() puts its FIN on the link and it stays there.
			s.keys('Space');
			await s.waitForText(lang === 'en' ? 'PAUSED' : '일시정지');
			s.keys('x');
			await s.waitForText(/FIN,ACK/);
			s.keys('[', 'f');
			await s.waitForText(lang === 'en' ? /fault segment #\d+: d drop/ : /세그먼트 #\d+에 장애: d 버림/);
			s.keys('d', 'Space');
			await s.waitForText(lang === 'en' ? 'you: drop ✗ FIN,ACK' : '직접: 버림 ✗ FIN,ACK');
			const screen = await s.waitForText('RTX#1 RTO FIN,ACK', 30_000);
			assert.ok(screen.split('\n').some((line) => /RTX#1 RTO FIN,ACK/.test(line)));
		} finally {
			s.kill();
		}
	});
}

test('--no-color: no colour codes, yet the focused pane and the selected segment are marked', {skip}, async () => {
	const s = new Session('--seed 3 --no-color');
	try {
		await connect(s, 'ESTABLISHED');
		s.keys('[');
		// capture-pane -e keeps the escape sequences the app wrote.
		// The selected row's rail becomes a marker: "1.90▸─ACK…".
		await s.waitFor('a marked selection', () => /\d▸─ACK/.test(s.screen()));
		const escaped = tmux('capture-pane', '-e', '-p', '-t', s.name);
		assert.doesNotMatch(escaped, /\x1b\[(3[0-7]|9[0-7]|4[0-7])m/, 'no foreground or background colour');
		// The focused pane (the client, after Tab): a marker before its title and a double border. At
		// 80 columns the marker leaves no room for "Client" beside a five-digit port: the short label.
		assert.match(escaped, /║▸(Client|Cli) 10\.0\.0\.1:\d+/);
		assert.match(escaped, /▸/);
	} finally {
		s.kill();
	}
});
