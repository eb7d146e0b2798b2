// The SSH server in-process, with ssh2's own client: who gets in, what exec and a shell without a
// terminal answer, what is refused.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import ssh2 from 'ssh2';
import {AuthLimiter, readAuthorizedKeys} from '../../source/serve/auth.js';
import {loadOrCreateHostKey} from '../../source/serve/host-key.js';
import {startServer, type ClassroomServer, type SeatApps} from '../../source/serve/server.js';
import type {Access} from '../../source/serve/options.js';

const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-server-'));
test.after(() => rmSync(dir, {recursive: true, force: true}));
const hostKey = loadOrCreateHostKey(join(dir, 'host_key'));

/**
 * An ed25519 pair both halves of which ssh2 itself reads back. About one pair in 300 that ssh2's
 * generator makes has a public key its own parser calls malformed (a leading zero byte of the key
 * dropped), which made the tests that use a fresh pair fail now and then.
 */
function readablePair(options?: Parameters<typeof ssh2.utils.generateKeyPairSync>[1]): {private: string; public: string} {
	for (;;) {
		const pair = options ? ssh2.utils.generateKeyPairSync('ed25519', options) : ssh2.utils.generateKeyPairSync('ed25519');
		const readable = (key: string, passphrase?: string): boolean => !(ssh2.utils.parseKey(key, passphrase) instanceof Error);
		if (readable(pair.public) && readable(pair.private, (options as {passphrase?: string} | undefined)?.passphrase)) return pair;
	}
}

const noApps: SeatApps = {mount: () => ({unmount: () => undefined})};

async function serve(access: Access, extra: Partial<Parameters<typeof startServer>[0]> = {}): Promise<ClassroomServer> {
	assert.ok(hostKey.ok);
	return startServer({port: 0, host: '127.0.0.1', hostKey: hostKey.key, maxSessions: 5, idleTimeoutMs: 60_000, access, lang: 'en', apps: noApps, ...extra});
}

type ConnectResult = {ok: true; client: ssh2.Client} | {ok: false; message: string};

function connect(port: number, options: Partial<ssh2.ConnectConfig>): Promise<ConnectResult> {
	return new Promise((resolve) => {
		const client = new ssh2.Client();
		client.on('ready', () => resolve({ok: true, client}));
		client.on('error', (error) => resolve({ok: false, message: error.message}));
		client.connect({host: '127.0.0.1', port, username: 'play', readyTimeout: 20_000, ...options});
	});
}

function exec(client: ssh2.Client, command: string, pty = false): Promise<{code: number; out: string; err: string}> {
	return new Promise((resolve, reject) => {
		client.exec(command, pty ? {pty: {cols: 80, rows: 24}} : {}, (error, channel) => {
			if (error) return reject(error);
			let out = '';
			let err = '';
			let code = -1;
			channel.on('data', (d: Buffer) => (out += d.toString()));
			channel.stderr.on('data', (d: Buffer) => (err += d.toString()));
			channel.on('exit', (c: number) => (code = c));
			channel.on('close', () => resolve({code, out, err}));
		});
	});
}

test('the host key is made once and kept', () => {
	assert.ok(hostKey.ok && hostKey.created);
	const again = loadOrCreateHostKey(join(dir, 'host_key'));
	assert.ok(again.ok && !again.created);
	assert.equal(again.fingerprint, hostKey.ok ? hostKey.fingerprint : '');
	assert.match(again.fingerprint, /^SHA256:/);
	const bad = join(dir, 'not-a-key');
	writeFileSync(bad, 'hello');
	assert.equal(loadOrCreateHostKey(bad).ok, false);
});

// What ssh2's generator made once in 256 starts: the public key's leading zero byte dropped (31 bytes).
const TRUNCATED_ED25519 = [
	'-----BEGIN OPENSSH PRIVATE KEY-----',
	'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMgAAAAtz',
	'c2gtZWQyNTUxOQAAAB/D5Z99jroWuZZVYPJnByMYihhajlJcN84ZnCBO1I4MAAAA',
	'mAfQ0CwH0NAsAAAAC3NzaC1lZDI1NTE5AAAAH8Pln32Ouha5llVg8mcHIxiKGFqO',
	'Ulw3zhmcIE7UjgwAAAA/7I58v4n0/AySZl8M+9Y88c7c88wGdHqrEUNMgceLXBLD',
	'5Z99jroWuZZVYPJnByMYihhajlJcN84ZnCBO1I4MAAAAEHRjcC10dWkgaG9zdCBr',
	'ZXkBAgMEBQYH',
	'-----END OPENSSH PRIVATE KEY-----',
	'',
].join('\n');

test('a key ssh2 would refuse is never kept: it is made again; such a file left by an earlier start is refused with what to do', async () => {
	let made = 0;
	const file = join(dir, 'fresh', 'host_key');
	const key = loadOrCreateHostKey(file, () => (++made === 1 ? {private: TRUNCATED_ED25519} : ssh2.utils.generateKeyPairSync('ed25519')));
	assert.ok(key.ok && key.created, JSON.stringify(key));
	assert.equal(made, 2);
	assert.ok(!(ssh2.utils.parseKey(readFileSync(file)) instanceof Error));
	// A file left by an earlier start with such a key: one line says what is wrong, and what to do.
	const old = join(dir, 'old_key');
	writeFileSync(old, TRUNCATED_ED25519);
	const refused = loadOrCreateHostKey(old);
	assert.ok(!refused.ok && refused.problem === 'damaged', JSON.stringify(refused));
	assert.match(refused.detail.en, /Malformed/);
	// ssh2's own generator, many times over: every key kept parses.
	for (let i = 0; i < 300; i++) {
		const each = loadOrCreateHostKey(join(dir, 'many', `key${i}`));
		assert.ok(each.ok, `key ${i}: ${JSON.stringify(each)}`);
	}
});

test("a file that is not a private key (a public key, a passphrase-protected key, any other file) is refused as not a key: it is not tcp-tui's to remove", () => {
	const pair = readablePair({comment: 'teacher@laptop'});
	const encrypted = readablePair({passphrase: 'secret', cipher: 'aes256-cbc', rounds: 16});
	const cases: Array<[string, string]> = [['id_ed25519.pub', pair.public], ['id_encrypted', encrypted.private], ['notes.txt', 'hello\n'], ['someone_else', pair.private.replace(/[A-Za-z]{8}/, 'AAAAAAAA')]];
	for (const [name, content] of cases) {
		const file = join(dir, name);
		writeFileSync(file, content);
		const refused = loadOrCreateHostKey(file);
		assert.ok(!refused.ok && refused.problem === 'notKey', `${name}: ${JSON.stringify(refused)}`);
		assert.equal(readFileSync(file, 'utf8'), content, 'left as it was');
	}
	// Another's good private key is a host key like any other.
	writeFileSync(join(dir, 'id_ed25519'), pair.private);
	assert.ok(loadOrCreateHostKey(join(dir, 'id_ed25519')).ok);
});

test('a wrong password is refused, the right one gets in; exec lists the lessons', async () => {
	const server = await serve({kind: 'password', password: 'sesame'});
	try {
		const wrong = await connect(server.port, {password: 'open sesame'});
		assert.equal(wrong.ok, false);
		assert.match(wrong.ok ? '' : wrong.message, /authentication methods failed/);
		const right = await connect(server.port, {password: 'sesame'});
		assert.ok(right.ok);
		const demo = await exec(right.client, 'demo');
		assert.equal(demo.code, 0);
		assert.match(demo.out, /handshake/);
		right.client.end();
	} finally {
		await server.close();
	}
});

test('authorized keys: a listed key gets in, another key is refused', async () => {
	const listed = readablePair();
	const other = readablePair();
	// A folder of its own: the file is written and read here, whatever the other tests do with theirs.
	const own = mkdtempSync(join(tmpdir(), 'tcp-tui-keys-'));
	const file = join(own, 'authorized_keys');
	writeFileSync(file, `# the class\n${listed.public}\n`);
	const keys = readAuthorizedKeys(file);
	rmSync(own, {recursive: true, force: true});
	assert.ok(keys.ok, keys.ok ? '' : `authorized_keys not read: ${keys.reason.en}`);
	const server = await serve({kind: 'keys', file}, {keys: keys.keys});
	try {
		const refused = await connect(server.port, {privateKey: other.private});
		assert.equal(refused.ok, false);
		const accepted = await connect(server.port, {privateKey: listed.private});
		assert.ok(accepted.ok);
		accepted.client.end();
	} finally {
		await server.close();
	}
});

test('exec runs only built-in lessons by name; unknown commands get one line; a shell without a pty gets the ssh -t line', async () => {
	const server = await serve({kind: 'open'});
	try {
		const c = await connect(server.port, {username: 'follow-ko'});
		assert.ok(c.ok);
		const run = await exec(c.client, 'run handshake', true);
		assert.equal(run.code, 0);
		assert.match(run.out, /\r\n/, 'with a pty, lines end in CRLF');
		assert.match(run.out, /SYN/);
		const path = await exec(c.client, 'run /etc/passwd');
		assert.equal(path.code, 2);
		assert.match(path.err, /내장 강의 '\/etc\/passwd'/);
		// Flags after the lesson's name (as `tcp-tui run` takes them locally): the line names what is not taken.
		const flags = await exec(c.client, 'run handshake --json');
		assert.equal(flags.code, 2);
		assert.equal(flags.err.trim().split('\n').length, 1);
		assert.match(flags.err, /ssh로는 run에 강의 이름만 줄 수 있습니다: '--json'은\(는\) 받지 않습니다/);
		const english = await connect(server.port, {username: 'play-en'});
		assert.ok(english.ok);
		assert.match((await exec(english.client, 'run handshake --seed 5')).err, /^over ssh, run takes a lesson's name and nothing more: '--seed 5' is not taken/);
		english.client.end();
		assert.match((await exec(c.client, 'run --json')).err, /run에는 강의 이름이 필요합니다/);
		const shell = await exec(c.client, 'sh -c id');
		assert.equal(shell.code, 2);
		assert.match(shell.err, /알 수 없는 명령 'sh'/);
		const noPty = await new Promise<string>((resolve, reject) => {
			c.client.shell(false, (error, channel) => {
				if (error) return reject(error);
				let err = '';
				channel.stderr.on('data', (d: Buffer) => (err += d.toString()));
				channel.on('data', () => undefined);
				channel.on('close', () => resolve(err));
			});
		});
		assert.match(noPty, /ssh -t/);
		assert.equal(noPty.trim().split('\n').length, 1);
		// No file transfer.
		const sftp = await new Promise<boolean>((resolve) => c.client.sftp((error) => resolve(error === undefined)));
		assert.equal(sftp, false);
		c.client.end();
	} finally {
		await server.close();
	}
});

test('failed logins from one address are slowed, then refused for a while', () => {
	let now = 0;
	const limiter = new AuthLimiter(() => now, 60_000, 3);
	assert.equal(limiter.fail('10.0.0.9'), 250);
	assert.equal(limiter.fail('10.0.0.9'), 500);
	assert.equal(limiter.locked('10.0.0.9'), false);
	assert.equal(limiter.fail('10.0.0.9'), 1000);
	assert.equal(limiter.locked('10.0.0.9'), true);
	assert.equal(limiter.locked('10.0.0.8'), false, 'other addresses are not affected');
	now = 61_000;
	assert.equal(limiter.locked('10.0.0.9'), false);
	assert.equal(limiter.fail('10.0.0.9'), 250);
});

function shell(client: ssh2.Client): Promise<{text: () => string; closed: Promise<void>; write: (s: string) => void}> {
	return new Promise((resolve, reject) => {
		client.shell({cols: 80, rows: 24, term: 'xterm'}, (error, channel) => {
			if (error) return reject(error);
			let text = '';
			channel.on('data', (d: Buffer) => (text += d.toString()));
			const closed = new Promise<void>((done) => channel.on('close', () => done()));
			resolve({text: () => text, closed, write: (s) => channel.write(s)});
		});
	});
}

test('past --max-sessions a terminal gets one line saying the classroom is full; a quiet one is closed after --idle-timeout', async () => {
	const server = await serve({kind: 'open'}, {maxSessions: 1, idleTimeoutMs: 1500});
	try {
		const first = await connect(server.port, {});
		const second = await connect(server.port, {username: 'play-ko'});
		assert.ok(first.ok && second.ok);
		const seat = await shell(first.client);
		const refused = await shell(second.client);
		await refused.closed;
		assert.match(refused.text(), /교실이 가득 찼습니다 \(세션 1개\)/);
		assert.deepEqual(server.roster(), {follow: 0, own: 1, choosing: 0});
		// Keys keep a seat open; without them it is closed.
		seat.write('x');
		await seat.closed;
		assert.match(seat.text(), /closed after 2 s without a key|closed after 1 s without a key/);
		assert.match(seat.text(), /\x1b\[\?1049l/, 'the alternate screen is left');
		assert.deepEqual(server.roster(), {follow: 0, own: 0, choosing: 0});
		first.client.end();
		second.client.end();
	} finally {
		await server.close();
	}
});

test("while the teacher's app is open a follower is never idle, however long the teacher pauses; an own session still is", async () => {
	let present = true;
	const server = await serve({kind: 'open'}, {idleTimeoutMs: 1500, teacherPresent: () => present});
	try {
		const follower = await connect(server.port, {username: 'follow'});
		const first = await connect(server.port, {username: 'play'});
		assert.ok(follower.ok && first.ok);
		const watching = await shell(follower.client);
		let followerClosed = false;
		void watching.closed.then(() => (followerClosed = true));
		// Two idle periods one after the other, with no key anywhere: both own seats are closed for it.
		await (await shell(first.client)).closed;
		const second = await connect(server.port, {username: 'play'});
		assert.ok(second.ok);
		const later = await shell(second.client);
		await later.closed;
		assert.match(later.text(), /closed after \d s without a key/);
		assert.equal(followerClosed, false, 'the follower is still watching');
		assert.deepEqual(server.roster(), {follow: 1, own: 0, choosing: 0});
		// Without the teacher's app (a server with no terminal), a quiet follower is closed like anyone.
		present = false;
		await watching.closed;
		assert.match(watching.text(), /closed after \d s without a key/);
		for (const c of [follower, first, second]) c.client.end();
	} finally {
		await server.close();
	}
});

test("a client whose locale is not UTF-8 gets the ASCII drawing; the username's -ko gives Korean, and the start screen's next-time usernames keep it", async () => {
	const {classroomApps} = await import('../../source/serve/apps.js');
	const apps = classroomApps({link: {}, speed: 1, sshCommand: (user) => `ssh -p 2222 ${user}@127.0.0.1`});
	const server = await serve({kind: 'open'}, {apps});
	try {
		const screenOf = async (username: string, env: Record<string, string>, expect: RegExp): Promise<string> => {
			const c = await connect(server.port, {username});
			assert.ok(c.ok);
			const text = await new Promise<string>((resolve, reject) => {
				c.client.shell({cols: 80, rows: 24, term: 'xterm'}, {env}, (error, channel) => {
					if (error) return reject(error);
					let out = '';
					const timer = setTimeout(() => resolve(out), 20_000);
					channel.on('data', (d: Buffer) => {
						out += d.toString();
						if (expect.test(out)) {
							clearTimeout(timer);
							resolve(out);
						}
					});
				});
			});
			c.client.end();
			return text;
		};
		const ascii = await screenOf('play', {LANG: 'C'}, /Server 10\.0\.0\.2[\s\S]*q quit/);
		assert.match(ascii, /Server 10\.0\.0\.2/);
		assert.doesNotMatch(ascii, /[╭╮╰╯│─▶◀]/);
		const korean = await screenOf('play-ko', {LANG: 'en_US.UTF-8'}, /서버 10\.0\.0\.2/);
		assert.match(korean, /서버 10\.0\.0\.2/);
		assert.match(korean, /╭/);
		// The start screen's way back next time keeps the language the username chose.
		const start = await screenOf('kim-ko', {LANG: 'en_US.UTF-8'}, /다음에는: [^\r\n]*follow-ko@/);
		assert.match(start, /다음에는: ssh -p 2222 play-ko@127\.0\.0\.1 또는 ssh -p 2222 follow-ko@127\.0\.0\.1/);
	} finally {
		await server.close();
		apps.dispose();
	}
});

test('a follower that stops reading does not hold back another follower: it keeps getting frames', async () => {
	const {classroomApps} = await import('../../source/serve/apps.js');
	const {createApp} = await import('../../source/ui/run.js');
	const {createWorld} = await import('../../source/sim/world.js');
	const {repoRoot} = await import('../scenario/fixture-path.js');
	const teacher = createApp({
		options: {world: {seed: 3}, lang: 'en', ascii: false, color: true, speed: 1, lessonFile: join(repoRoot(), 'bench', 'animation.tcptui')},
		worldFactory: createWorld,
		onQuit: () => undefined,
	});
	const apps = classroomApps({link: {}, speed: 1, sshCommand: (user) => `ssh -p 2222 ${user}@127.0.0.1`, teacher: () => ({session: teacher.session, demo: teacher.demo})});
	const server = await serve({kind: 'open'}, {apps, backlogLimit: 4096});
	try {
		const watch = async (): Promise<{client: ssh2.Client; frames: () => number; bytes: () => number}> => {
			const c = await connect(server.port, {username: 'follow'});
			assert.ok(c.ok);
			let frames = 0;
			let bytes = 0;
			await new Promise<void>((resolve, reject) => {
				c.client.shell({cols: 80, rows: 24, term: 'xterm'}, (error, channel) => {
					if (error) return reject(error);
					channel.on('data', (d: Buffer) => {
						bytes += d.length;
						if (d.includes('\x1b[?2026h')) frames++;
					});
					resolve();
				});
			});
			return {client: c.client, frames: () => frames, bytes: () => bytes};
		};
		const stalled = await watch();
		const reader = await watch();
		// The stalled one reads nothing more: its socket stops taking data.
		(stalled.client as unknown as {_sock: {pause(): void}})._sock.pause();
		teacher.session.execute({type: 'lesson', op: 'next'});
		const before = reader.frames();
		const stalledBefore = stalled.bytes();
		await new Promise((resolve) => setTimeout(resolve, 3000));
		assert.ok(reader.frames() - before >= 5, `the reading follower got ${reader.frames() - before} frames in 3 s`);
		assert.equal(stalled.bytes(), stalledBefore, 'the stalled follower read nothing');
		stalled.client.end();
		reader.client.end();
	} finally {
		await server.close();
		apps.dispose();
		teacher.dispose();
	}
});
