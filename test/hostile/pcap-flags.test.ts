// Issue 12, items 5 and 6 (issue numbering 6–8): --pcap never follows a symbolic link, fails before
// the session when the path cannot be written (/dev/full, a missing folder, also with --wire),
// reports a write error as soon as it happens, and `-` means standard output for `run` (refused
// where it makes no sense). Values that look like flags and --wire-side without --wire are errors.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PcapFileWriter, type PcapError} from '../../source/wire/pcap.js';
import {cli, command, lines, root} from '../cli/spawn.js';
import {freeUdpPort} from '../wire/netns.js';

const dir = fs.mkdtempSync(join(tmpdir(), 'tcp-tui-pcap-hostile-'));

test('--pcap does not follow a symbolic link: the target is untouched, exit 2', () => {
	const victim = join(dir, 'victim.txt');
	fs.writeFileSync(victim, 'precious\n');
	const link = join(dir, 'l.pcap');
	fs.symlinkSync(victim, link);
	const result = cli(['run', 'handshake', '--pcap', link]);
	assert.equal(result.status, 2);
	assert.equal(lines(result.stderr).length, 1, result.stderr);
	assert.match(result.stderr, /symbolic link, which is not followed \(ELOOP\)/);
	assert.equal(result.stdout, '', 'fails before the run');
	assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
	// A regular file is still replaced as before.
	const plain = join(dir, 'plain.pcap');
	fs.writeFileSync(plain, 'old');
	assert.equal(cli(['run', 'handshake', '--pcap', plain]).status, 0);
	assert.equal(fs.readFileSync(plain).readUInt32LE(0), 0xa1b2c3d4);
});

test('--pcap /dev/full and a missing folder fail before the session (run, run --wire), exit 2', {skip: !fs.existsSync('/dev/full') && 'no /dev/full'}, () => {
	for (const args of [['run', 'handshake'], ['run', 'handshake', '--wire', 'udp:47913:127.0.0.1:47914']]) {
		for (const path of ['/dev/full', join(dir, 'missing', 'x.pcap')]) {
			const result = cli([...args, '--pcap', path]);
			assert.equal(result.status, 2, `${args.join(' ')} --pcap ${path}`);
			assert.equal(result.stdout, '');
			assert.equal(lines(result.stderr).length, 1, result.stderr);
			assert.match(result.stderr, /cannot write pcap file .*(ENOSPC|ENOENT)/);
		}
	}
});

test('--pcap in a directory that exists but takes no new file (/proc) says so, not "no such directory" (en, ko)', {skip: !fs.existsSync('/proc/self') && 'no /proc'}, () => {
	const en = cli(['run', 'handshake', '--pcap', '/proc/x.pcap']);
	assert.equal(en.status, 2);
	assert.equal(en.stdout, '');
	assert.equal(lines(en.stderr).length, 1, en.stderr);
	assert.match(en.stderr, /cannot write pcap file "\/proc\/x\.pcap": the directory exists, but a file cannot be created in it \(ENOENT\)/);
	assert.doesNotMatch(en.stderr, /no such directory/);
	const ko = cli(['run', 'handshake', '--pcap', '/proc/x.pcap', '--lang', 'ko']);
	assert.equal(ko.status, 2);
	assert.match(ko.stderr, /디렉터리는 있지만 그 안에 파일을 만들 수 없습니다 \(ENOENT\)/);
	// The writer the app opens says the same, in both languages; a missing directory is still one.
	assert.throws(() => new PcapFileWriter('/proc/x.pcap'), (error: PcapError) => /the directory exists, but a file cannot be created in it/.test(error.text.en) && /디렉터리는 있지만/.test(error.text.ko));
	assert.throws(() => new PcapFileWriter(join(dir, 'missing', 'x.pcap')), (error: PcapError) => /no such directory \(ENOENT\)/.test(error.text.en) && /그런 디렉터리가 없습니다/.test(error.text.ko));
});

test('a write error after the start is reported at once (onError) and again on close', async () => {
	const file = join(dir, 'late.pcap');
	const errors: PcapError[] = [];
	const writer = new PcapFileWriter(file, {onError: (error) => errors.push(error)});
	// The file goes away under the writer (as a full disk would refuse it): the next flush fails.
	fs.closeSync((writer as unknown as {fd: number}).fd);
	writer.write(0, new Uint8Array(40));
	writer.flush();
	assert.equal(errors.length, 1);
	assert.match(errors[0]!.message, /writing pcap file .* failed: EBADF/);
	(writer as unknown as {fd: number | null}).fd = null;
	await assert.rejects(writer.close(), /EBADF/);
});

test('--pcap - writes the capture to standard output for run; refused with --json, on a terminal and in the app', () => {
	const result = spawnSync(process.execPath, [...command, 'run', 'handshake', '--pcap', '-'], {cwd: root, env: {PATH: process.env.PATH ?? '', LANG: 'C.UTF-8'}, timeout: 60_000});
	assert.equal(result.status, 0, String(result.stderr));
	assert.equal(result.stdout.readUInt32LE(0), 0xa1b2c3d4, 'stdout holds the capture, nothing else');
	assert.match(String(result.stderr), /all \d+ expectations passed/);
	const json = cli(['run', 'handshake', '--pcap', '-', '--json']);
	assert.equal(json.status, 2);
	assert.match(json.stderr, /--pcap - and --json both want standard output/);
	for (const args of [['--pcap', '-'], ['demo', 'handshake', '--pcap', '-']]) {
		const app = cli(args);
		assert.equal(app.status, 2);
		assert.match(app.stderr, /^tcp-tui: --pcap - \(standard output\) only goes with tcp-tui run/);
	}
	assert.match(cli(['--pcap', '-', '--lang', 'ko']).stderr, /표준 출력/);
});

test('meow and values that look like flags: --pcap -x is an error, --pcap=-x is a file named -x', () => {
	const flagLike = cli(['run', 'handshake', '--pcap', '-x']);
	assert.equal(flagLike.status, 2);
	assert.equal(lines(flagLike.stderr).length, 1);
	assert.match(flagLike.stderr, /^tcp-tui: --pcap needs a value, and '-x' looks like a flag \(for a value that starts with '-', write --pcap=-x/);
	assert.match(cli(['run', 'handshake', '--pcap', '-x', '--lang', 'ko']).stderr, /옵션처럼 보입니다/);
	assert.equal(cli(['run', 'handshake', '--seed', '-1']).status, 2);
	const named = cli(['run', 'handshake', '--pcap=-x'], {}, undefined, {cwd: dir});
	assert.equal(named.status, 0, named.stderr);
	assert.equal(fs.readFileSync(join(dir, '-x')).readUInt32LE(0), 0xa1b2c3d4);
	// The value as written reaches the program even where meow would read it otherwise.
	const spaced = cli(['run', 'handshake', '--pcap', join(dir, 'a b.pcap')]);
	assert.equal(spaced.status, 0);
	assert.ok(fs.existsSync(join(dir, 'a b.pcap')));
});

test('--wire-side without --wire is an error, in both languages', () => {
	const result = cli(['run', 'handshake', '--wire-side', 'server']);
	assert.equal(result.status, 2);
	assert.equal(result.stderr, 'tcp-tui: --wire-side only goes with --wire (it says which endpoint uses the tunnel)\n');
	assert.match(cli(['--wire-side', 'client', '--lang', 'ko']).stderr, /--wire-side는 --wire와 함께만/);
});

test('--pcap errors are in the user\'s language: run --lang ko says it in Korean, in one line, exit 2', () => {
	const missing = join(dir, 'missing', 'x.pcap');
	const ko = cli(['run', 'handshake', '--lang', 'ko', '--pcap', missing]);
	assert.equal(ko.status, 2);
	assert.equal(lines(ko.stderr).length, 1, ko.stderr);
	assert.match(ko.stderr, /^--pcap: pcap 파일 ".*x\.pcap"에 쓸 수 없습니다: 그런 디렉터리가 없습니다 \(ENOENT\)$/m);
	const en = cli(['run', 'handshake', '--pcap', missing]);
	assert.match(en.stderr, /^--pcap: cannot write pcap file ".*x\.pcap": no such directory \(ENOENT\)$/m);
});

/** Run `tcp-tui run ARGS` with standard output a pipe whose reader goes away after `keep` bytes (0: at once). */
function runWithReaderGone(args: string[], keep: number): Promise<{status: number | null; stderr: string}> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [...command, 'run', ...args], {cwd: root, env: {PATH: process.env.PATH ?? '', LANG: 'C.UTF-8'}, stdio: ['ignore', 'pipe', 'pipe']});
		let stderr = '';
		let got = 0;
		child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
		const leave = (): void => {
			child.stdout.destroy();
		};
		if (keep === 0) leave();
		else child.stdout.on('data', (chunk: Buffer) => (got += chunk.length) >= keep && leave());
		child.on('close', (status) => resolve({status, stderr}));
	});
}

test('`run --pcap - | head` and `run --json | head`: a reader that goes away ends the run quietly, exit 0 (en, ko)', async () => {
	for (const args of [['handshake', '--pcap', '-'], ['handshake', '--pcap', '-', '--lang', 'ko'], ['handshake', '--json'], ['handshake']]) {
		const result = await runWithReaderGone(args, 0);
		assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
		assert.doesNotMatch(result.stderr, /EPIPE|failed|실패|pcap/, args.join(' '));
	}
	// Gone after the first 100 bytes, with most of a long capture still to write.
	for (const lang of ['en', 'ko']) {
		const result = await runWithReaderGone(['congestion', '--pcap', '-', '--lang', lang], 100);
		assert.equal(result.status, 0, result.stderr);
		assert.doesNotMatch(result.stderr, /EPIPE|failed|실패|pcap/);
	}
});

test('--pcap - waits for a reader slower than the simulation: the whole capture arrives, the same as in a file', () => {
	const file = join(dir, 'congestion.pcap');
	assert.equal(cli(['run', 'congestion', '--pcap', file]).status, 0);
	const piped = spawnSync(process.execPath, [...command, 'run', 'congestion', '--pcap', '-'], {cwd: root, env: {PATH: process.env.PATH ?? '', LANG: 'C.UTF-8'}, timeout: 60_000, maxBuffer: 64 * 1024 * 1024});
	assert.equal(piped.status, 0, String(piped.stderr));
	assert.ok(piped.stdout.equals(fs.readFileSync(file)), `${piped.stdout.length} bytes on stdout, ${fs.statSync(file).size} in the file`);
});

// A handshake, then a failing expectation early or at the very end, with 1 MB of data in between:
// far more --json, table and pcap than a pipe holds, so the reader is gone long before the end.
const BULK = (expectAt: 'early' | 'late'): string => [
	'seed 7', 'link both delay=20ms', 'server: socket', 'server: bind 80', 'server: listen 8', 'server: accept',
	'client: socket', 'client: connect 10.0.0.2:80', 'wait 1s',
	...(expectAt === 'early' ? ['expect client state LISTEN'] : []),
	'client: write 1000000', 'wait 10s', 'server: read 2000000', 'wait 1s',
	...(expectAt === 'late' ? ['expect client state LISTEN'] : []),
	'',
].join('\n');

test('`run … | head`: an expectation that fails, before or after the reader leaves, still exits 1 and is said on stderr; --json, --pcap - and the table agree (en, ko)', async () => {
	const said = {en: /:10:1: expect client state LISTEN: failed, it is ESTABLISHED/, ko: /:10:1: expect client state LISTEN: 실패/};
	for (const expectAt of ['early', 'late'] as const) {
		const file = join(dir, `bulk-${expectAt}.tcptui`);
		fs.writeFileSync(file, BULK(expectAt));
		const line = expectAt === 'early' ? said : {en: /:14:1: expect client state LISTEN: failed/, ko: /:14:1: expect client state LISTEN: 실패/};
		for (const lang of ['en', 'ko'] as const) {
			for (const output of [['--json'], ['--pcap', '-'], []]) {
				const args = [file, ...output, '--lang', lang];
				const result = await runWithReaderGone(args, 100);
				assert.equal(result.status, 1, `${expectAt} ${args.join(' ')}: ${result.stderr}`);
				assert.match(result.stderr, line[lang], `${expectAt} ${args.join(' ')}`);
				assert.doesNotMatch(result.stderr, /EPIPE|--pcap:|pcap: \d/, args.join(' '));
			}
		}
	}
});

test('`run --wire … | head`: a run in real time stops when its reader leaves: 1 if an expectation had failed by then, 0 if not (en, ko)', async () => {
	// Nobody answers on the tunnel: the SYN is sent again and again (JSON lines) while the wait runs.
	const wire = ['--wire', `udp:${await freeUdpPort()}:127.0.0.1:${await freeUdpPort()}`];
	const scenario = (expectAt: 'early' | 'late'): string => [
		'client: socket',
		...(expectAt === 'early' ? ['expect client state LISTEN'] : []),
		'client: connect 10.0.0.2:80', 'wait 60s',
		...(expectAt === 'late' ? ['expect client state LISTEN'] : []),
		'',
	].join('\n');
	for (const lang of ['en', 'ko'] as const) {
		const early = join(dir, 'wire-early.tcptui');
		fs.writeFileSync(early, scenario('early'));
		const failed = await runWithReaderGone([early, '--json', ...wire, '--lang', lang], 1);
		assert.equal(failed.status, 1, failed.stderr);
		assert.match(failed.stderr, /:2:1: expect client state LISTEN: (failed|실패)/);
		// Had it waited its 60 s, the last line would have failed (exit 1): it stopped, nothing failed.
		const late = join(dir, 'wire-late.tcptui');
		fs.writeFileSync(late, scenario('late'));
		const stopped = await runWithReaderGone([late, '--json', ...wire, '--lang', lang], 1);
		assert.equal(stopped.status, 0, stopped.stderr);
		assert.doesNotMatch(stopped.stderr, /LISTEN|EPIPE/);
		assert.match(stopped.stderr, lang === 'en' ? /the output's reader went away, so the run stopped: 0 failure\(s\) by then/ : /출력을 읽는 쪽이 떠나 실행을 멈췄습니다: 그때까지 실패 0개/);
	}
});
