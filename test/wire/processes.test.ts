// Two tcp-tui processes joined by the UDP tunnel, as a teacher and a student would run them:
// `tcp-tui run server.tcptui --wire … --wire-side server` and `tcp-tui run client.tcptui --wire …`.
import {after, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {freeUdpPort, Lab, labMissing, until} from './netns.js';
import {readWithTshark, tsharkMissing} from './tshark.js';

// dist/source/cli.js when compiled; under tsx the same specifier finds source/cli.tsx.
const CLI = fileURLToPath(new URL('../../source/cli.js', import.meta.url));

const children: Array<ReturnType<typeof spawn>> = [];
const labs: Lab[] = [];
after(async () => {
	for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
	for (const lab of labs) await lab.close();
});

function tcpTui(args: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
	const child = spawn(process.execPath, [...process.execArgv, CLI, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1'}});
	children.push(child);
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', chunk => {
		stdout += String(chunk);
	});
	child.stderr!.on('data', chunk => {
		stderr += String(chunk);
	});
	const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
	return new Promise(resolve => child.on('close', code => {
		clearTimeout(killer);
		resolve({code, stdout, stderr});
	}));
}

test('two tcp-tui processes, one client and one server, over a UDP tunnel', {timeout: 90_000}, async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcptui-two-'));
	const serverFile = path.join(dir, 'server.tcptui');
	const clientFile = path.join(dir, 'client.tcptui');
	fs.writeFileSync(serverFile, [
		'msl 500ms',
		'server: socket',
		'server: bind 80',
		'server: listen 4',
		'server: accept',
		'wait until server call accept returned timeout 30s',
		'server: read 100',
		'wait until server call read returned timeout 10s',
		'expect server read "ping"',
		'server: write "pong"',
		'server: read 100',
		'wait until server call read returned timeout 10s',
		'expect server call read returned 0',
		'server: close',
		'wait until segment c2s ACK timeout 5s',
		'',
	].join('\n'));
	fs.writeFileSync(clientFile, [
		'msl 500ms',
		'client: socket',
		'client: connect 10.9.0.1:80',
		'wait until client state ESTABLISHED timeout 20s',
		'client: write "ping"',
		'client: read 100',
		'wait until client call read returned timeout 10s',
		'expect client read "pong"',
		'client: close',
		'wait until client state TIME_WAIT timeout 10s',
		'expect segment s2c FIN',
		'',
	].join('\n'));
	const serverPort = await freeUdpPort();
	const clientPort = await freeUdpPort();
	const pcapFile = path.join(dir, 'client.pcap');
	const server = tcpTui(['run', serverFile, '--wire', `udp:${serverPort}:127.0.0.1:${clientPort},addr=10.9.0.1,peer=10.9.0.2`, '--wire-side', 'server']);
	// The client's first SYN may find the server not yet listening: it retransmits, as TCP does.
	const client = tcpTui(['run', clientFile, '--wire', `udp:${clientPort}:localhost:${serverPort}`, '--pcap', pcapFile]);
	const [s, c] = await Promise.all([server, client]);
	assert.equal(c.code, 0, `client: ${c.stdout}\n${c.stderr}`);
	assert.equal(s.code, 0, `server: ${s.stdout}\n${s.stderr}`);
	assert.match(c.stdout, /read\(100\) → "pong"|"pong"/);
	assert.match(s.stdout, /"ping"/);
	if (!tsharkMissing()) {
		const rows = readWithTshark(pcapFile);
		assert.ok(rows.length >= 8, `the capture has the whole conversation (${rows.length} frames)`);
		assert.ok(rows.every(r => r.tcpChecksum === 1 && r.ipChecksum === 1 && !r.malformed));
	}
});

test('docs/wire.md\'s recipe, verbatim, inside a namespace: tcp-tui run --wire talks to the kernel through socat', {skip: labMissing() ?? false, timeout: 90_000}, async () => {
	const lab = await Lab.bare();
	labs.push(lab);
	// The commands exactly as docs/wire.md gives them; the namespace has its own loopback and ports.
	const tunnel = lab.spawn('socat', ['UDP-DATAGRAM:127.0.0.1:40001,bind=127.0.0.1:40002', 'TUN:10.9.0.1/24,up,iff-no-pi']);
	await until(() => lab.exec(['ip', '-o', 'addr', 'show']).output.includes('10.9.0.1/24') || tunnel.exitCode !== null, 10_000, 'the TUN device');
	assert.equal(tunnel.exitCode, null, tunnel.output());
	const echo = lab.spawn('socat', ['TCP-LISTEN:7,bind=10.9.0.1,fork,reuseaddr', 'EXEC:cat']);
	await until(() => lab.exec(['sh', '-c', 'cat /proc/net/tcp']).output.includes(':0007 ') || echo.exitCode !== null, 10_000, 'the echo server');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcptui-recipe-'));
	const file = path.join(dir, 'echo.tcptui');
	fs.writeFileSync(file, [
		'client: socket',
		'client: connect 10.9.0.1:7',
		'wait until client state ESTABLISHED timeout 10s',
		'client: write "hello, kernel"',
		'client: read 100',
		'wait until client call read returned timeout 10s',
		'expect client read "hello, kernel"',
		'client: close',
		'wait until client state TIME_WAIT timeout 10s',
		'',
	].join('\n'));
	const run = lab.spawn(process.execPath, [...process.execArgv, CLI, 'run', file, '--wire', 'udp:40001:127.0.0.1:40002']);
	const code = await new Promise<number | null>(resolve => run.on('close', resolve));
	assert.equal(code, 0, run.output());
	assert.match(run.output(), /all 1 expectations? passed/);
});
