// The SSH server in-process, with ssh2's own client: who gets in, what exec and a shell without a
// terminal answer, what is refused.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
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
	const listed = ssh2.utils.generateKeyPairSync('ed25519');
	const other = ssh2.utils.generateKeyPairSync('ed25519');
	const file = join(dir, 'authorized_keys');
	writeFileSync(file, `# the class\n${listed.public}\n`);
	const keys = readAuthorizedKeys(file);
	assert.ok(keys.ok);
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
