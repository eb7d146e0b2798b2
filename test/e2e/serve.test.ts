// `tcp-tui serve` with the real OpenSSH client: the teacher's terminal and students' terminals are
// tmux panes (see tmux.ts); students connect with `ssh` as a class would.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {CLI, Session, skip as tmuxSkip, startsWhen, stopTmux, tmux} from './tmux.js';

const HAS_SSH = spawnSync('ssh', ['-V']).status === 0;
const skip: string | false = tmuxSkip || (HAS_SSH ? false : 'the OpenSSH client (ssh) is not installed');
if (!HAS_SSH) console.log('# serve e2e skipped: ssh is not installed');

test.after(stopTmux);

const SSH_OPTIONS = '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=20';

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

interface Classroom {
	port: number;
	teacher: Session;
	dir: string;
	/** `locale`: the client's LANG and LC_ALL (sent by OpenSSH's default SendEnv). */
	student(user: string, options?: {columns?: number; rows?: number; ssh?: string; command?: string; locale?: string}): Session;
	close(): void;
}

/** `serverEnv`: extra environment for the server (VAR=value ...), as its operator would set it. */
async function classroom(flags = '', lesson = '', serverEnv = ''): Promise<Classroom> {
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-serve-'));
	const port = await freePort();
	const program = serverEnv ? `env ${serverEnv} node ${JSON.stringify(CLI)}` : undefined;
	const teacher = new Session(`serve ${lesson} --port ${port} --host-key ${join(dir, 'host_key')} --open --seed 3 ${flags}`, 80, 24, undefined, program);
	const sessions: Session[] = [teacher];
	return {
		port,
		teacher,
		dir,
		student(user, options = {}) {
			const s = new Session(
				`${SSH_OPTIONS} ${options.ssh ?? '-tt'} -p ${port} ${user}@127.0.0.1 ${options.command ?? ''}`,
				options.columns ?? 80,
				options.rows ?? 24,
				undefined,
				options.locale ? `env LANG=${options.locale} LC_ALL=${options.locale} ssh -o SendEnv=LANG -o SendEnv=LC_ALL` : 'ssh',
			);
			sessions.push(s);
			return s;
		},
		close() {
			for (const s of sessions) s.kill();
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

/** Wait until the server accepts connections (the teacher's app is up: its roster shows). */
async function ready(room: Classroom): Promise<void> {
	await room.teacher.waitForText(/0 following/);
}

/** The teacher on the handshake lesson, followed by an English and a Korean student (both shown the lesson). */
async function handshakeClass(): Promise<{room: Classroom; en: Session; ko: Session}> {
	const room = await classroom('', 'handshake');
	try {
		await ready(room);
		const en = room.student('follow');
		const ko = room.student('follow', {locale: 'ko_KR.UTF-8'});
		await en.waitForText('The three-way handshake');
		await ko.waitForText('3-way 핸드셰이크');
		await room.teacher.waitForText(/2 following/);
		return {room, en, ko};
	} catch (error) {
		room.close();
		throw error;
	}
}

test('a student plays the handshake lesson over ssh at 80×24; window-change re-lays out; q says bye and restores the terminal', {skip}, async () => {
	const room = await classroom();
	try {
		await ready(room);
		// Any other username: the start screen. Down twice: the first lesson (handshake).
		const s = room.student('student');
		await s.waitForText('tcp-tui classroom');
		await s.waitForText('handshake');
		// The way back next time is the line the teacher's terminal printed, with the server's port.
		assert.match(s.screen(), new RegExp(`Next time: ssh -p ${room.port} play@127\\.0\\.0\\.1 or ssh -p ${room.port} follow@127\\.0\\.0\\.1`));
		s.keys('Down', 'Down', 'Enter');
		await s.waitForText('Server 10.0.0.2');
		assert.match(s.screen(), /The three-way handshake/);
		// Every line of the 80×24 frame is in its place: the top bar on the first row, the key bar at the bottom.
		assert.match(s.lines()[0]!, /^ tcp-tui +t=/);
		// Step 2 holds in SYN_SENT (a slide waits for the teacher); step 3 brings the SYN+ACK.
		s.keys('n');
		s.keys('n');
		s.keys('n');
		await s.waitForText('ESTABLISHED', 30_000);
		await room.teacher.waitForText(/1 own/);
		// window-change: the client's terminal grows; the app fills the new width.
		tmux('resize-window', '-t', s.name, '-x', '120', '-y', '30');
		await s.waitFor('the top bar at 120 columns', (screen) => {
			const top = screen.split('\n')[0] ?? '';
			return top.trimEnd().length > 100;
		});
		s.keys('q');
		// The pane prints the exit code, then the terminal's modes (see tmux.ts).
		await s.waitForText(/EXITED 0\s+\S*icanon/);
		const screen = s.screen();
		assert.match(screen, /tcp-tui: bye\./);
		assert.match(screen, /(^|\s)icanon(\s|$)/m);
		assert.match(screen, /(^|\s)echo(\s|$)/m);
		assert.doesNotMatch(screen, /-icanon|-echo/);
		await room.teacher.waitForText(/0 own/);
	} finally {
		room.close();
	}
});

test("the teacher's top bar at 80×24 in Korean: the clock, the state and the whole roster on one line", {skip}, async () => {
	const room = await classroom('--lang ko');
	try {
		await room.teacher.waitForText(/따라 보기 0 · 자기 세션 0 · 선택 중 0/);
		const top = room.teacher.lines()[0]!;
		assert.match(top, /t=\d+\.\d{3}s {2}속도 ×1 {2}▶ 실행 중/);
		room.student('play');
		await room.teacher.waitForText(/따라 보기 0 · 자기 세션 1 · 선택 중 0/);
	} finally {
		room.close();
	}
});

test("a student's own free play starts with the app's 300 ms delay each way, as the teacher's does (en, ko)", {skip}, async () => {
	const room = await classroom();
	try {
		await ready(room);
		await room.teacher.waitForText('c2s: delay 300ms │ s2c: delay 300ms');
		const en = room.student('play');
		const ko = room.student('play-ko');
		await en.waitForText('c2s: delay 300ms │ s2c: delay 300ms');
		await ko.waitForText('c2s: 지연 300ms │ s2c: 지연 300ms');
	} finally {
		room.close();
	}
});

test("serve --profile linux: students' own sessions, free play and a lesson chosen on the start screen, run the profile the teacher chose (en, ko)", {skip}, async () => {
	const room = await classroom('--profile linux');
	try {
		await ready(room);
		const en = room.student('play');
		const ko = room.student('play-ko');
		const chooser = room.student('student');
		await en.waitForText('linux stack');
		await ko.waitForText('linux 스택');
		await chooser.waitForText('handshake');
		chooser.keys('Down', 'Down', 'Enter');
		await chooser.waitForAll('The three-way handshake', 'linux stack');
	} finally {
		room.close();
	}
});

test('ssh -T gets one line explaining ssh -t; exec runs the headless commands; a transcript saved over ssh is plain text', {skip}, async () => {
	// FORCE_COLOR=1: the teacher's terminal supports colour (the tests' CI=true would say it does not).
	const room = await classroom('', '', 'FORCE_COLOR=1');
	try {
		await ready(room);
		const noPty = room.student('play', {ssh: '-T'});
		await noPty.waitForText('EXITED 1');
		assert.match(noPty.screen(), /needs a terminal: connect with ssh -t/);
		const list = room.student('play-ko', {ssh: '-T', command: 'demo'});
		await list.waitForText('EXITED 0');
		assert.match(list.screen(), /흐름 제어/);
		assert.match(list.screen(), /flow-control/);
		// `ssh HOST run handshake > handshake.txt`: the table with no escape codes, whatever the teacher's terminal.
		const saved = spawnSync('ssh', [...SSH_OPTIONS.split(' '), '-T', '-p', String(room.port), 'play@127.0.0.1', 'run', 'handshake'], {encoding: 'utf8', timeout: 60_000});
		assert.equal(saved.status, 0, saved.stderr);
		assert.match(saved.stdout, /^┌─+┬/);
		assert.match(saved.stdout, /SYN/);
		assert.ok(!saved.stdout.includes('\u001b'), `no escape codes:\n${JSON.stringify(saved.stdout.slice(0, 200))}`);
	} finally {
		room.close();
	}
});

test('in an own session over ssh, S (save the session) and m (save the transcript) say saving is off, in the seat\'s language', {skip}, async () => {
	const room = await classroom();
	try {
		await ready(room);
		const ko = room.student('play-ko');
		const en = room.student('play');
		await ko.waitForText('서버 10.0.0.2');
		await en.waitForText('Server 10.0.0.2');
		ko.keys('S');
		en.keys('S');
		await ko.waitForText('세션을 저장하지 못함: SSH 접속에서는 저장할 수 없습니다');
		await en.waitForText('Could not save the session: saving is off over SSH');
		en.keys('t', 'm');
		await en.waitForText('Could not save the transcript: saving is off over SSH');
	} finally {
		room.close();
	}
});

test('killing the server closes every student with a goodbye line and restores their terminals', {skip}, async () => {
	const room = await classroom();
	try {
		await ready(room);
		const en = room.student('play');
		const ko = room.student('play', {locale: 'ko_KR.UTF-8'});
		await en.waitForText('Server 10.0.0.2');
		await ko.waitForText('서버 10.0.0.2');
		await room.teacher.waitForText(/2 own/);
		room.teacher.keys('C-c');
		for (const s of [en, ko]) {
			await s.waitForText(/EXITED 0\s+\S*icanon/);
			const screen = s.screen();
			assert.match(screen, /(^|\s)icanon(\s|$)/m);
			assert.match(screen, /(^|\s)echo(\s|$)/m);
			assert.doesNotMatch(screen, /-icanon|-echo/);
		}
		assert.match(en.screen(), /the server stopped/);
		assert.match(ko.screen(), /서버가 멈췄습니다/);
		await room.teacher.waitForText('EXITED 0');
	} finally {
		room.close();
	}
});



test('followers watch the teacher: a Korean follower sees the same step and caption as an English one; watch only; a follower may open views', {skip}, async () => {
	const {room, en, ko} = await handshakeClass();
	try {
		// The teacher steps the lesson: both followers move with it, each in its own language.
		room.teacher.keys('n', 'n');
		await room.teacher.waitForText('step 2/6');
		await en.waitForAll('step 2/6', 'connect() sends a SYN');
		await ko.waitForAll('단계 2/6', 'connect()가 SYN을 보냄');
		// A follower cannot act on the session: the key is refused with a line, nothing changes.
		// The refusal names the keys that do act (the key table's follower keys), in the follower's language.
		en.keys('Space');
		await en.waitForText('Watch only; keys that act: Tab ↑ ↓ [ ] PgUp PgDn Enter Esc # T q l d g t m ?');
		ko.keys('Space');
		await ko.waitForText('보기 전용입니다. 되는 키: Tab ↑ ↓ [ ] PgUp PgDn Enter Esc # T q l d g t m ?');
		assert.doesNotMatch(room.teacher.lines()[0]!, /paused/);
		// It may open a view of its own (the state diagram) and come back; the other follower is not affected.
		ko.keys('d');
		await ko.waitForText('LISTEN ─');
		assert.doesNotMatch(en.screen(), /LISTEN ─/);
		ko.keys('d');
		await ko.waitForText('단계 2/6');
		// The English follower draws the ladder to time scale (a view of its own) and keeps it as the teacher steps.
		en.keys('T');
		await en.waitForText('row=');
		room.teacher.keys('n');
		await en.waitForAll('step 3/6', 'row=');
		await ko.waitForText('단계 3/6');
		assert.doesNotMatch(ko.screen(), /한 줄=/);
		// window-change on a follower: laid out again at its new width.
		tmux('resize-window', '-t', ko.name, '-x', '110', '-y', '30');
		await ko.waitFor('the top bar at 110 columns', (screen) => (screen.split('\n')[0] ?? '').trimEnd().length > 90);
	} finally {
		room.close();
	}
});

test('predict, then reveal over ssh: two followers answer the handshake question (one right, one wrong); the teacher sees the tally; R shows the answer on both screens in their languages', {skip}, async () => {
	const {room, en, ko} = await handshakeClass();
	try {
		// Step 4 ends with the question (the seq of the client's first data segment).
		room.teacher.keys('n', 'n', 'n', 'n');
		await room.teacher.waitForText('step 4/6');
		await en.waitForText('What seq will its data segment carry?');
		await ko.waitForText('데이터 세그먼트의 seq는?');
		// The English follower answers 1 (relative: ISN+1, right), the Korean one 7 (wrong).
		en.keys('1', 'Enter');
		await en.waitForText('Your answer: 1');
		ko.keys('7', 'Enter');
		await ko.waitForText('내 답: 7');
		// The teacher sees who is right; the followers see no counts before the reveal.
		await room.teacher.waitForText('2 answered · right 1 / wrong 1');
		assert.doesNotMatch(en.screen(), /right 1 \/ wrong 1/);
		room.teacher.keys('R');
		await en.waitForAll('Answer: 1', 'you were right');
		await ko.waitForAll('정답: 1', '내 답은 7였습니다');
		// → goes on, for everyone.
		room.teacher.keys('n');
		await en.waitForText('step 5/6');
		await ko.waitForText('단계 5/6');
	} finally {
		room.close();
	}
});

test('a student\'s pasted colour codes neither end their session nor the server', {skip}, async () => {
	const room = await classroom();
	try {
		await ready(room);
		const s = room.student('play-ko');
		await s.waitForText('서버 10.0.0.2');
		s.keys('Tab', 'w');
		await s.waitForText('write() 내용');
		tmux('send-keys', '-t', s.name, '-l', '\u001b[31m빨강\u001b[0m');
		await s.waitForText('빨강_');
		// The server and its teacher's session are still up, and a new student gets in.
		await room.teacher.waitForText(/1 own/);
		assert.doesNotMatch(room.teacher.screen(), /EXITED|Cannot read/);
		const other = room.student('play');
		await other.waitForText('Server 10.0.0.2');
		await room.teacher.waitForText(/2 own/);
	} finally {
		room.close();
	}
});

test('an error while serving one student ends that student only: one line in their language, a clean terminal; the others and new students go on', {skip}, async () => {
	// The second seat to connect fails on its first key (a seam the server's operator sets, no student can).
	const room = await classroom('', '', 'TCP_TUI_TEST_FAULT_SEAT=2');
	try {
		await ready(room);
		const other = room.student('play');
		await other.waitForText('Server 10.0.0.2');
		const failing = room.student('play-ko');
		await failing.waitForText('서버 10.0.0.2');
		await room.teacher.waitForText(/2 own/);
		failing.keys('Tab');
		await failing.waitForText(/EXITED 1\s+\S*icanon/);
		const screen = failing.screen();
		assert.match(screen, /tcp-tui: 서버의 오류로 이 세션이 멈췄습니다; 다시 접속하면 새로 시작합니다\./);
		assert.doesNotMatch(screen, /test fault|at .*\.js/);
		assert.doesNotMatch(screen, /-icanon|-echo/);
		// The student connected before still drives their seat.
		await room.teacher.waitForText(/1 own/);
		other.keys('Tab', 'w');
		await other.waitForText('write() text');
		// A new student gets in; the teacher's session never stopped.
		const next = room.student('play');
		await next.waitForText('Server 10.0.0.2');
		await room.teacher.waitForText(/2 own/);
		assert.doesNotMatch(room.teacher.screen(), /EXITED/);
		// The server's stderr has the error once, in one line, after the teacher's app has left the terminal.
		room.teacher.keys('q');
		await room.teacher.waitForText('EXITED 0');
		const log = room.teacher.screen();
		assert.equal(log.match(/closed after an error: Error: test fault in seat 2$/gm)?.length, 1, log);
		assert.doesNotMatch(log, /^\s+at /m);
	} finally {
		room.close();
	}
});

/** The teacher quits; the server's log then names `count` seats closed after the error `fault`. */
async function seatsLoggedAfterQuit(room: Classroom, fault: string, count: number): Promise<void> {
	room.teacher.keys('q');
	await room.teacher.waitForText('EXITED 0');
	// (Lines longer than the pane wrap: read them joined.)
	const log = room.teacher.screen().replace(/\n/g, '');
	assert.equal(log.split(`closed after an error: Error: ${fault}`).length - 1, count, log);
}

/** The screen of a seat the server has closed: the ssh client has exited with `code` and the terminal is back in its normal modes. */
async function closedCleanly(s: Session, code: number): Promise<string> {
	await s.waitForText(new RegExp(`EXITED ${code}\\s+\\S*icanon`));
	const screen = s.screen();
	assert.doesNotMatch(screen, /-icanon|-echo/);
	assert.doesNotMatch(screen, /test fault|^\s+at /m, 'no error text or stack reaches a student');
	return screen;
}

test("when the followers' shared render fails, every follower of it (not only the first) gets the error line in their language and a clean terminal; the teacher and own sessions go on", {skip}, async () => {
	// A seam the server's operator sets: the followers' shared renders fail once the teacher acts.
	const room = await classroom('', 'handshake', 'TCP_TUI_TEST_FAULT_SEAT=shared');
	try {
		await ready(room);
		// Two English followers share one render at 80×24; the Korean one has a render of its own.
		const first = room.student('follow');
		const second = room.student('follow');
		const ko = room.student('follow', {locale: 'ko_KR.UTF-8'});
		const own = room.student('play');
		for (const s of [first, second]) await s.waitForText('The three-way handshake');
		await ko.waitForText('3-way 핸드셰이크');
		await own.waitForText('Server 10.0.0.2');
		await room.teacher.waitForText(/3 following · 1 own/);
		room.teacher.keys('n');
		for (const s of [first, second]) {
			assert.match(await closedCleanly(s, 1), /tcp-tui: this session stopped because of an error on the server/);
		}
		assert.match(await closedCleanly(ko, 1), /tcp-tui: 서버의 오류로 이 세션이 멈췄습니다/);
		// The teacher's session goes on; an own session still answers its keys.
		await room.teacher.waitForText(/0 following · 1 own/);
		await room.teacher.waitForText('step 1/6');
		own.keys('Tab', 'w');
		await own.waitForText('write() text');
		// The log names each seat once, after the teacher's app has left the terminal.
		await seatsLoggedAfterQuit(room, "test fault in the followers' shared render", 3);
	} finally {
		room.close();
	}
});

test("when one follower's notification of the teacher's session fails outside React, that follower alone stops (its line in its language, a clean terminal); the teacher and the other followers go on", {skip}, async () => {
	// A seam the server's operator sets: seat 2, once it follows with a view of its own, fails when told the teacher acted.
	for (const [locale, line] of [[undefined, /tcp-tui: this session stopped because of an error on the server/], ['ko_KR.UTF-8', /tcp-tui: 서버의 오류로 이 세션이 멈췄습니다/]] as const) {
		const room = await classroom('', 'handshake', 'TCP_TUI_TEST_FAULT_SEAT=notify:2');
		try {
			await ready(room);
			const shared = room.student('follow');
			await shared.waitForText('The three-way handshake');
			const failing = room.student('follow', locale ? {locale} : {});
			await failing.waitForText(locale ? '3-way 핸드셰이크' : 'The three-way handshake');
			const ownView = room.student('follow');
			await ownView.waitForText('The three-way handshake');
			await room.teacher.waitForText(/3 following/);
			// Seat 2 and seat 3 open the state diagram: each has a viewer of its own; seat 1 stays on the shared render.
			failing.keys('d');
			ownView.keys('d');
			await ownView.waitForText('LISTEN ─');
			await failing.waitForText('LISTEN ─');
			room.teacher.keys('n');
			assert.match(await closedCleanly(failing, 1), line);
			// The teacher's lesson moved on, and both other followers see it.
			await room.teacher.waitForText('step 1/6');
			await room.teacher.waitForText(/2 following/);
			await shared.waitForText('step 1/6');
			ownView.keys('d');
			await ownView.waitForText('step 1/6');
			room.teacher.keys('n');
			await room.teacher.waitForText('step 2/6');
			await shared.waitForText('step 2/6');
			assert.doesNotMatch(room.teacher.screen(), /EXITED/);
			await seatsLoggedAfterQuit(room, "test fault in a follower's notification", 1);
		} finally {
			room.close();
		}
	}
});

test("when the teacher's own app fails: the teacher gets one line and a clean terminal, every student a line saying the server stopped after an error; nothing hangs", {skip}, async () => {
	// A seam the server's operator sets: the teacher's app fails on its first key.
	const room = await classroom('', 'handshake', 'TCP_TUI_TEST_FAULT_SEAT=teacher');
	try {
		await ready(room);
		const en = room.student('follow');
		const ko = room.student('play-ko');
		await en.waitForText('The three-way handshake');
		await ko.waitForText('서버 10.0.0.2');
		await room.teacher.waitForText(/1 following · 1 own/);
		room.teacher.keys('n');
		const teacher = await room.teacher.waitForText(/EXITED 1\s+\S*icanon/);
		assert.doesNotMatch(teacher, /-icanon|-echo/);
		assert.match(teacher, /^tcp-tui: test fault in the teacher's app$/m);
		assert.doesNotMatch(teacher, /^\s+at /m, 'no stack');
		assert.match(await closedCleanly(en, 1), /tcp-tui: the server stopped because of an error in the teacher's session/);
		assert.match(await closedCleanly(ko, 1), /tcp-tui: 교사 세션의 오류로 서버가 멈췄습니다/);
	} finally {
		room.close();
	}
});

test("keys the teacher types while serve loads step nothing; the lines serve printed stay whole on the screen after q", {skip}, async () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-serve-typeahead-'));
	const go = join(dir, 'go');
	const port = await freePort();
	const teacher = new Session(`serve handshake --port ${port} --host-key ${join(dir, 'host_key')} --open --seed 3`, 80, 24, undefined, startsWhen(go));
	try {
		await teacher.waitForText('loading');
		// Two lines of keys: an erase of two rows where the cursor is would take serve's last line with it.
		teacher.keys('n', 'Enter', 'n');
		await teacher.waitFor('the keys echoed under "loading"', (screen) => /^loading\nn\nn$/m.test(screen));
		writeFileSync(go, '');
		await teacher.waitForText(/0 following/);
		await teacher.waitForText('step 0/6');
		teacher.keys('q');
		const after = await teacher.waitForText('EXITED 0');
		// The echo is above serve's lines, not where the cursor was: it stays, and they are not erased in its place.
		assert.match(after, new RegExp(`students type:\\n  ssh -p ${port} follow@127\\.0\\.0\\.1 .*\\n  ssh -p ${port} play@`));
		assert.match(after, /Ctrl-C stops the server and closes every connection\.\nEXITED 0/);
	} finally {
		teacher.kill();
		rmSync(dir, {recursive: true, force: true});
	}
});
