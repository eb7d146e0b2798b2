// `tcp-tui serve` with the real OpenSSH client: the teacher's terminal and students' terminals are
// tmux panes (see tmux.ts); students connect with `ssh` as a class would.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Session, skip as tmuxSkip, stopTmux, tmux} from './tmux.js';

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

async function classroom(flags = ''): Promise<Classroom> {
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-serve-'));
	const port = await freePort();
	const teacher = new Session(`serve --port ${port} --host-key ${join(dir, 'host_key')} --open --seed 3 ${flags}`);
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

test('a student plays the handshake lesson over ssh at 80×24; window-change re-lays out; q says bye and restores the terminal', {skip}, async () => {
	const room = await classroom();
	try {
		await ready(room);
		// Any other username: the start screen. Down twice: the first lesson (handshake).
		const s = room.student('student');
		await s.waitForText('tcp-tui classroom');
		await s.waitForText('handshake');
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
		await s.waitForText('EXITED 0');
		const screen = s.screen();
		assert.match(screen, /tcp-tui: bye\./);
		assert.match(screen, /\bicanon\b/);
		assert.match(screen, /\becho\b/);
		await room.teacher.waitForText(/0 own/);
	} finally {
		room.close();
	}
});

test('ssh -T gets one line explaining ssh -t; exec runs the headless commands', {skip}, async () => {
	const room = await classroom();
	try {
		await ready(room);
		const noPty = room.student('play', {ssh: '-T'});
		await noPty.waitForText('EXITED 1');
		assert.match(noPty.screen(), /needs a terminal: connect with ssh -t/);
		const list = room.student('play-ko', {ssh: '-T', command: 'demo'});
		await list.waitForText('EXITED 0');
		assert.match(list.screen(), /흐름 제어/);
		assert.match(list.screen(), /flow-control/);
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
			await s.waitForText('EXITED 0');
			const screen = s.screen();
			assert.match(screen, /\bicanon\b/);
			assert.match(screen, /\becho\b/);
		}
		assert.match(en.screen(), /the server stopped/);
		assert.match(ko.screen(), /서버가 멈췄습니다/);
		await room.teacher.waitForText('EXITED 0');
	} finally {
		room.close();
	}
});


