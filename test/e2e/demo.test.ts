// A built-in lesson stepped with keys in a real terminal (tmux, 80×24), in English and in Korean:
// the captions of each step on screen, ← going back, Esc leaving the lesson with the session live.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
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

// A caption longer than the bar, in a real terminal at 80×24: the bar says how much is below, e shows
// the rest page by page (the last sentence included) and comes round to the first page; the panes stay.
const LONG_CAPTION = {
	en: {text: Array.from({length: 12}, (_, i) => `Point ${i + 1} of the caption: the server pane shows LISTEN.`).join(' '), more: /▼ \d+ more lines?: e/, top: '▲ e: from the top', client: 'Client 10.0.0.1'},
	ko: {text: Array.from({length: 10}, (_, i) => `설명 ${i + 1}번: 서버 창은 LISTEN 상태입니다.`).join(' ') + ' 끝까지 읽었습니다.', more: /▼ \d+줄 더 있음: e/, top: '▲ e: 처음부터', client: '클라이언트 10.0.0.1'},
};

for (const lang of ['en', 'ko'] as const) {
	test(`demo --file with a caption longer than the bar (${lang}): e shows the rest, the screen stays whole`, {skip}, async () => {
		const c = LONG_CAPTION[lang];
		const dir = mkdtempSync(join(tmpdir(), 'tcptui-caption-'));
		const file = join(dir, 'long.tcptui');
		writeFileSync(file, `title "Long"\nseed 7\nstep "one"\nserver: socket\nserver: bind 80\nserver: listen 8\ncaption ${lang} "${c.text}"\n`);
		const s = new Session(`demo --file ${file} --lang ${lang}`);
		try {
			await s.waitForText(lang === 'en' ? 'step 0/1' : '단계 0/1');
			s.keys('Right');
			await s.waitFor('the first page and the note of what is below', (screen) => c.more.test(screen) && screen.includes(lang === 'en' ? 'Point 1 of' : '설명 1번'));
			const last = lang === 'en' ? 'Point 12 of the caption' : '끝까지 읽었습니다.';
			for (let i = 0; i < 10 && !s.screen().includes(c.top); i++) {
				s.keys('e');
				await s.waitFor('another page', (screen) => !screen.includes(lang === 'en' ? 'Point 1 of' : '설명 1번'));
			}
			const screen = await s.waitForAll(c.top, last);
			const lines = screen.split('\n');
			assert.ok(lines.every((line) => line.length <= 80), screen);
			assert.ok(screen.includes(c.client), `the panes are still there:\n${screen}`);
			s.keys('e');
			await s.waitFor('the first page again', (now) => c.more.test(now) && now.includes(lang === 'en' ? 'Point 1 of' : '설명 1번'));
			s.keys('q');
			await s.waitForText('EXITED 0');
		} finally {
			s.kill();
			rmSync(dir, {recursive: true, force: true});
		}
	});
}

// Off the lesson's path in a real terminal: the student closes the client while step 1 connects
// (time paused with Space, Tab to the client, x). Step 1's wait runs out and its caption says the run
// went another way; step 2, which has no checks, shows its caption under one line saying so.
const OFF_PATH = {
	en: {step: (n: number) => `step ${n}/4`, deviation: 'This run went another way than the lesson here', note: 'Off the lesson\'s path since step 1; this step has no checks', own: 'The first segment'},
	ko: {step: (n: number) => `단계 ${n}/4`, deviation: '이번 실행은 여기서 강의와 다르게 진행되었습니다', note: '1단계부터 강의와 다르게 진행 중입니다.', own: '첫 번째 세그먼트'},
};

for (const lang of ['en', 'ko'] as const) {
	test(`demo cumulative-ack after the student closed the client (${lang}): step 2 says once that the run is off the lesson's path`, {skip}, async () => {
		const e = OFF_PATH[lang];
		// Slow, so Space lands while the SYN is still on its way even on a loaded machine; faster once it is closed.
		const s = new Session(`demo cumulative-ack --lang ${lang} --speed 0.25`);
		try {
			await s.waitForText(e.step(0));
			s.keys('Right', 'Space');
			await s.waitForAll(e.step(1), 'SYN_SENT');
			s.keys('Tab', 'x', '+', '+', '+', '+', 'Space');
			const deviated = await s.waitForText(e.deviation, 20_000);
			assert.ok(!deviated.includes(e.note), deviated);
			s.keys('Right');
			const screen = await s.waitForAll(e.step(2), e.note);
			// Once: the note is one line of the bar, and the step's own caption follows (on this page or the next: e).
			assert.equal(screen.split(lang === 'en' ? 'Off the lesson\'s path' : '강의와 다르게 진행 중').length, 2, screen);
			if (!screen.includes(e.own)) s.keys('e');
			await s.waitForAll(e.own);
			s.keys('q');
			await s.waitForText('EXITED 0');
		} finally {
			s.kill();
		}
	});
}
