// A built-in lesson stepped with keys in a real terminal (tmux, 80×24), in English and in Korean:
// the captions of each step on screen, ← going back, Esc leaving the lesson with the session live.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Session, skip, stopTmux} from './tmux.js';

test.after(stopTmux);

interface Expected {
	lang: 'en' | 'ko';
	step: (n: number) => string;
	intro: string;
	step1: string;
	step2: string;
	/** On the line right after step2's first line: the SYN's relative seq (and the client's ISN with seed 7). */
	step2Next: string;
	left: string;
	clientLabel: string;
}

const LESSONS: Expected[] = [
	{
		lang: 'en',
		step: (n) => `step ${n}/6`,
		intro: 'Press → or n to start the lesson.',
		step1: 'Server pane: socket(), bind(80), listen(8) put the server in LISTEN. Its',
		step2: 'Client pane: connect() is blocked in SYN_SENT. In the link column the SYN',
		step2Next: 'carries seq=0: the client\'s initial sequence number (ISN 2342206923',
		left: 'Left the demo: you are driving now.',
		clientLabel: 'Client 10.0.0.1',
	},
	{
		lang: 'ko',
		step: (n) => `단계 ${n}/6`,
		intro: '→ 또는 n을 누르면 강의가 시작됩니다.',
		step1: '서버 창: socket(), bind(80), listen(8)을 호출해서 서버가 LISTEN 상태가',
		step2: '클라이언트 창: connect()가 SYN_SENT 상태에서 블록되어 있습니다.',
		step2Next: 'seq=0 값이',
		left: '데모를 떠났습니다: 이제 직접 조작합니다.',
		clientLabel: '클라이언트 10.0.0.1',
	},
];

for (const e of LESSONS) {
	test(`demo handshake in ${e.lang === 'en' ? 'English' : 'Korean'}: → → ← step the captions, Esc leaves and the session stays live`, {skip}, async () => {
		const s = new Session(`demo handshake --lang ${e.lang} --seed 7`);
		try {
			await s.waitForAll(e.step(0), e.intro);
			s.keys('Right');
			await s.waitForAll(e.step(1), e.step1);
			s.keys('Right');
			const screen = await s.waitForAll(e.step(2), e.step2, e.step2Next);
			const lines = screen.split('\n');
			const at = lines.findIndex((line) => line.includes(e.step2));
			assert.ok(lines[at + 1]?.includes(e.step2Next), `"${e.step2Next}" is not on the line after "${e.step2}":\n${screen}`);
			s.keys('Left');
			await s.waitFor(`back at ${e.step(1)}`, (now) => now.includes(e.step(1)) && now.includes(e.step1) && !now.includes(e.step(2)));
			// Esc: the lesson's caption bar goes, the world stays and the keys drive it.
			s.keys('Escape');
			await s.waitFor('the demo left', (now) => now.includes(e.left) && !now.includes(e.step(1)));
			s.keys('Tab', 's');
			await s.waitForAll(e.clientLabel, 'socket() → 3');
			s.keys('q');
			await s.waitForText('EXITED 0');
		} finally {
			s.kill();
		}
	});
}
