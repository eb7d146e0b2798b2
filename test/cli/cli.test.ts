// The command line as a user meets it: spawned as a process (./spawn.ts).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import stringWidth from 'string-width';
import {cli, command, lines, root} from './spawn.js';

const fixture = (name: string) => join('test', 'fixtures', name);

test('bad flag values, unknown flags and missing values: one clear line on stderr, exit 2', () => {
	const cases: Array<[string[], RegExp]> = [
		[['--loss', '150%'], /^tcp-tui: --loss: '150%' is out of range: a percentage lies between 0% and 100%$/],
		[['--delay', 'fast'], /^tcp-tui: --delay: 'fast' is not a duration/],
		[['--speed', '0'], /^tcp-tui: --speed: '0' is out of range \(0\.05 to 50\)$/],
		[['--lang', 'fr'], /^tcp-tui: --lang: 'fr' is not a language: use en or ko$/],
		[['--rate', 'fast'], /^tcp-tui: --rate: 'fast' is not a rate/],
		[['--seed', 'abc'], /^tcp-tui: --seed: 'abc' is not a whole number$/],
		[['--msl', '0'], /^tcp-tui: --msl: '0' must be more than 0$/],
		[['--wire-side', 'middle'], /^tcp-tui: --wire-side: 'middle' is not an endpoint/],
		[['--wire', 'tcp:1:2:3'], /^tcp-tui: --wire "tcp:1:2:3": expected udp:LOCALPORT/],
		[['--frobnicate'], /^tcp-tui: unknown flag '--frobnicate'; see tcp-tui --help$/],
		[['--los', '5%'], /^tcp-tui: unknown flag '--los' \(did you mean '--loss'\?\)/],
		[['-x'], /^tcp-tui: unknown flag '-x'/],
		[['--loss'], /^tcp-tui: --loss needs a value \(e\.g\. --loss 10%\)$/],
		[['--loss', '1%', '--loss', '2%'], /^tcp-tui: --loss is given more than once$/],
		[['runn'], /^tcp-tui: unknown command 'runn' \(did you mean 'run'\?\)/],
		[['run'], /^tcp-tui: tcp-tui run needs a scenario file/],
		[['run', fixture('handshake.tcptui'), '--speed', '2'], /^tcp-tui: --speed has no meaning for tcp-tui run$/],
		[['--json'], /^tcp-tui: --json only goes with tcp-tui run$/],
		[['run', fixture('handshake.tcptui'), '--data'], /^tcp-tui: --data only goes with tcp-tui run --json$/],
	];
	for (const [args, pattern] of cases) {
		const result = cli(args);
		assert.equal(result.status, 2, `${args.join(' ')}: exit 2 (stderr: ${result.stderr})`);
		assert.equal(result.stdout, '', args.join(' '));
		assert.equal(lines(result.stderr).length, 1, `${args.join(' ')}: one line, got:\n${result.stderr}`);
		assert.match(result.stderr.trim(), pattern, args.join(' '));
	}
});

test('the messages follow the language: --lang ko, or LANG=ko_KR', () => {
	assert.match(cli(['--lang', 'ko', '--frob']).stderr, /^tcp-tui: 알 수 없는 옵션 '--frob'/);
	assert.match(cli(['--frob'], {LANG: 'ko_KR.UTF-8'}).stderr, /알 수 없는 옵션/);
	assert.match(cli(['--frob'], {LANG: 'ko_KR.UTF-8', LC_ALL: 'en_US.UTF-8'}).stderr, /unknown flag/);
	const badValue = cli(['--loss', '150%', '--lang', 'ko']);
	assert.equal(badValue.status, 2);
	assert.equal(badValue.stderr, "tcp-tui: --loss: '150%'은(는) 범위를 벗어났습니다: 백분율은 0%에서 100% 사이입니다\n");
	assert.match(cli(['--delay', 'fast'], {LANG: 'ko_KR.UTF-8'}).stderr, /^tcp-tui: --delay: 'fast'은\(는\) 시간 값이 아닙니다/);
});

test('--help shows usage with examples, in English or Korean; --version prints the package version', () => {
	const help = cli(['--help']);
	assert.equal(help.status, 0);
	assert.match(help.stdout, /Usage/);
	assert.match(help.stdout, /Examples\n\s+\$ tcp-tui --loss 10% --delay 300ms/);
	assert.match(help.stdout, /tcp-tui run FILE/);
	assert.equal(cli(['-h']).stdout, help.stdout);
	const korean = cli(['--lang', 'ko', '--help']);
	assert.equal(korean.status, 0);
	assert.match(korean.stdout, /사용법/);
	assert.match(cli(['--help'], {LANG: 'ko_KR.UTF-8'}).stdout, /사용법/);
	for (const text of [help.stdout, korean.stdout]) {
		for (const line of text.split('\n')) assert.ok(stringWidth(line) <= 80, `fits an 80-column terminal: ${line}`);
	}
	// serve's section names the flags that also set students' own sessions, --profile among them.
	for (const text of [help.stdout, korean.stdout]) {
		const serve = text.slice(text.indexOf('(tcp-tui serve)'), text.indexOf('--loss'));
		assert.match(serve, /--profile, --msl, --speed/, serve);
	}
	const version = cli(['--version']);
	assert.equal(version.status, 0);
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string};
	assert.equal(version.stdout.trim(), pkg.version);
});

test('opening the app without a terminal: one line pointing at tcp-tui run, exit 2', () => {
	const result = cli([]);
	assert.equal(result.status, 2);
	assert.equal(lines(result.stderr).length, 1);
	assert.match(result.stderr, /interactive terminal.*tcp-tui run FILE/);
	const demo = cli(['demo', 'handshake']);
	assert.equal(demo.status, 2);
	assert.match(demo.stderr, /tcp-tui run FILE/);
});

test("run: the issue's example prints the transcript table and a passing summary, exit 0", () => {
	const result = cli(['run', fixture('handshake.tcptui')]);
	assert.equal(result.status, 0, result.stderr);
	assert.equal(result.stderr, '');
	const out = lines(result.stdout);
	assert.match(out[1]!, /│ t \(ms\) │ client +│ segments +│ server +│/);
	assert.match(result.stdout, /-> SYN seq=\d+ win=\d+ ->/);
	assert.match(result.stdout, /<- SYN,ACK seq=\d+ ack=\d+ win=\d+ <-/);
	assert.match(result.stdout, /read\(100\) → "hello" \(5 bytes\)/);
	assert.match(result.stdout, /TIME_WAIT → CLOSED/);
	assert.equal(out[out.length - 1], 'all 2 expectations passed (handshake.tcptui, seed 7, 12.5s of virtual time)');
	const table = out.slice(0, -1);
	assert.equal(new Set(table.map((line) => stringWidth(line))).size, 1, 'the table is aligned');
	// The same run in Korean stays aligned too.
	const korean = lines(cli(['run', fixture('handshake.tcptui'), '--lang', 'ko']).stdout);
	assert.match(korean[1]!, /클라이언트/);
	assert.equal(new Set(korean.slice(0, -1).map((line) => stringWidth(line))).size, 1);
	assert.match(korean[korean.length - 1]!, /^기대값 2개 모두 통과/);
});

test('run --json: one JSON object per line with the fields of the issue', () => {
	const result = cli(['run', fixture('handshake.tcptui'), '--json']);
	assert.equal(result.status, 0, result.stderr);
	const objects = lines(result.stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
	const segments = objects.filter((o) => o.kind === 'segment');
	assert.ok(segments.length >= 8);
	for (const segment of segments) {
		for (const field of ['t', 'dir', 'fate', 'flags', 'seq', 'ack', 'len', 'win']) assert.ok(field in segment, `segment has ${field}`);
		assert.ok(['c2s', 's2c'].includes(segment.dir as string));
		assert.ok(['sent', 'lost', 'corrupted', 'duplicated', 'delivered', 'dropped'].includes(segment.fate as string));
		assert.equal(typeof segment.t, 'number');
	}
	assert.equal(segments[0]!.flags, 'SYN');
	const states = objects.filter((o) => o.kind === 'state');
	assert.ok(states.some((o) => o.host === 'client' && o.from === 'CLOSED' && o.to === 'SYN_SENT'));
	const calls = objects.filter((o) => o.kind === 'call');
	assert.ok(calls.some((o) => o.host === 'server' && o.call === 'read' && o.status === 'returned' && o.result === 5 && o.data === 'hello'));
	assert.ok(calls.some((o) => o.host === 'server' && o.call === 'accept' && o.status === 'blocked'));
	const expects = objects.filter((o) => o.kind === 'expect');
	assert.deepEqual(expects.map((o) => [o.line, o.passed]), [[20, true], [21, true]]);
	// The summary goes to stderr, so stdout is pure JSON.
	assert.match(result.stderr, /^all 2 expectations passed/);
});

test('run --json: a long read prints the start of its data (dataCut), --data prints all of it', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-data-'));
	const file = join(dir, 'long-read.tcptui');
	// 300 bytes of a-z, then a Korean word whose 3-byte characters straddle the cut at byte 64.
	const text = 'é'.repeat(31) + '한국어' + 'x'.repeat(200);
	writeFileSync(file, [
		'server: socket', 'server: bind 80', 'server: listen 8', 'server: accept', 'client: socket', 'client: connect 10.0.0.2:80',
		'wait 1s', `client: write "${text}"`, 'wait 1s', 'server: read 4096', 'client: write "short"', 'wait 1s', 'server: read 4096',
	].join('\n'));
	const reads = (args: string[]) => lines(cli(['run', file, '--json', ...args]).stdout)
		.map((l) => JSON.parse(l) as Record<string, unknown>)
		.filter((o) => o.kind === 'call' && o.call === 'read' && o.status === 'returned');
	const [long, short] = reads([]);
	const bytes = new TextEncoder().encode(text).length;
	assert.equal(long!.result, bytes);
	assert.equal(long!.dataCut, true);
	// 62 bytes of é, then 한 (3 bytes) would end at byte 65: it is left out, not shown broken.
	assert.equal(long!.data, 'é'.repeat(31));
	assert.equal(short!.data, 'short');
	assert.equal('dataCut' in short!, false);
	const [fullLong] = reads(['--data']);
	assert.equal(fullLong!.data, text);
	assert.equal('dataCut' in fullLong!, false);
});

test('run: link flags override the file, --seed overrides its seed', () => {
	const objects = (args: string[]) => lines(cli(['run', fixture('handshake.tcptui'), '--json', ...args]).stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
	const slow = objects(['--delay', '100ms']);
	const synAck = slow.find((o) => o.kind === 'segment' && o.flags === 'SYN,ACK' && o.fate === 'sent')!;
	assert.equal(synAck.t, 100, 'the SYN took 100 ms to arrive');
	const seeded = objects(['--seed', '99']).find((o) => o.kind === 'segment')!;
	const original = objects([]).find((o) => o.kind === 'segment')!;
	assert.notEqual(seeded.seq, original.seq);
	assert.deepEqual(objects(['--seed', '99']).find((o) => o.kind === 'segment'), seeded, 'reproducible');
});

test('run: a failing expect exits 1 with one clear positioned line per failure', () => {
	const result = cli(['run', fixture('failing-expect.tcptui')]);
	assert.equal(result.status, 1);
	assert.deepEqual(lines(result.stderr), [`${fixture('failing-expect.tcptui')}:10:1: expect client state ESTABLISHED: failed, it is CLOSED (fd 3)`]);
	assert.match(result.stdout, /1 of 3 expectations failed \(failing-expect\.tcptui, seed 3/);
	assert.match(result.stdout, /connect\(\) → ECONNREFUSED/);
	const korean = cli(['run', fixture('failing-expect.tcptui'), '--lang', 'ko']);
	assert.equal(korean.status, 1);
	assert.deepEqual(lines(korean.stderr), [`${fixture('failing-expect.tcptui')}:10:1: expect client state ESTABLISHED: 실패, 현재 상태는 CLOSED (fd 3)`]);
	assert.match(korean.stdout, /기대값 3개 중 1개 실패/);
});

test('run: a bad file gives FILE:LINE:COL: message for every error, exit 2', () => {
	const badCall = cli(['run', fixture('bad-call.tcptui')]);
	assert.equal(badCall.status, 2);
	assert.equal(badCall.stdout, '');
	assert.match(badCall.stderr, /^test\/fixtures\/bad-call\.tcptui:4:9: unknown call 'conect' \(did you mean 'connect'\?\)/);
	const badValues = cli(['run', fixture('bad-values.tcptui')]);
	assert.equal(badValues.status, 2);
	assert.deepEqual(lines(badValues.stderr).map((line) => line.split(': ')[0]), [
		'test/fixtures/bad-values.tcptui:1:15', 'test/fixtures/bad-values.tcptui:2:6', 'test/fixtures/bad-values.tcptui:3:17',
	]);
	const korean = cli(['run', fixture('bad-call.tcptui'), '--lang', 'ko']);
	assert.equal(korean.status, 2);
	assert.match(korean.stderr, /^test\/fixtures\/bad-call\.tcptui:4:9: 알 수 없는 호출 'conect' \('connect'을\(를\) 말씀하셨나요\?\)/);
	const missing = cli(['run', 'no/such/file.tcptui']);
	assert.equal(missing.status, 2);
	assert.deepEqual(lines(missing.stderr), ['no/such/file.tcptui: cannot read the file (no such file)']);
});

test('run --pcap writes a capture of every segment', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-cli-'));
	const path = join(dir, 'run.pcap');
	const result = cli(['run', fixture('handshake.tcptui'), '--pcap', path]);
	assert.equal(result.status, 0, result.stderr);
	const bytes = readFileSync(path);
	assert.equal(bytes.readUInt32LE(0), 0xa1b2c3d4, 'pcap magic');
	const count = Number(/pcap: (\d+) packets/.exec(result.stderr)?.[1]);
	assert.ok(count >= 8, result.stderr);
	const bad = cli(['run', fixture('handshake.tcptui'), '--pcap', join(dir, 'missing-dir', 'x.pcap')]);
	assert.equal(bad.status, 2);
	assert.equal(lines(bad.stderr).length, 1);
});

test('demo: the list shows name, one line and claims; a bad name or lesson file is exit 2', () => {
	const list = cli(['demo']);
	assert.equal(list.status, 0, list.stderr);
	assert.match(list.stdout, /^ {2}handshake +\S/m);
	assert.match(list.stdout, /claims: S1/);
	assert.match(cli(['demo', '--lang', 'ko']).stdout, /주장: S1/);
	const unknown = cli(['demo', 'handshak']);
	assert.equal(unknown.status, 2);
	assert.match(unknown.stderr, /unknown demo 'handshak' \(did you mean 'handshake'\?\)/);
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-cli-'));
	const lesson = join(dir, 'bad.tcptui');
	writeFileSync(lesson, 'step "one"\ncaption en "seq={client.isx}"\n');
	const bad = cli(['demo', '--file', lesson]);
	assert.equal(bad.status, 2);
	assert.match(bad.stderr, /bad\.tcptui:2:17: unknown placeholder '\{client\.isx\}'/);
	assert.match(cli(['demo', '--file', lesson, '--lang', 'ko']).stderr, /bad\.tcptui:2:17: 알 수 없는 자리표시자 '\{client\.isx\}'/);
	// An offset past 2^32−1 (it would show a wrong number): refused before the app opens, one line.
	writeFileSync(lesson, 'step "one"\ncaption en "seq={client.isn+9007199254740993}"\n');
	for (const args of [['demo', '--file', lesson], ['run', lesson]]) {
		const huge = cli(args);
		assert.equal(huge.status, 2);
		assert.match(huge.stderr, /^\S*bad\.tcptui:2:17: '\{client\.isn\+9007199254740993\}': the offset 9007199254740993 is too large: at most 4294967295 \(sequence numbers wrap at 2\^32[^\n]*\)\n$/);
	}
});

test('a mistyped lesson name or a file that is no lesson is one line in the chosen language (demo, serve, run), exit 2', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-cli-'));
	const plain = join(dir, 'plain.tcptui');
	writeFileSync(plain, 'seed 1\nclient: socket\n');
	const cases: Array<[string[], RegExp]> = [
		[['demo', 'handshak', '--lang', 'ko'], /^알 수 없는 강의 'handshak' \('handshake'을\(를\) 말씀하셨나요\?\); 강의: handshake, /],
		[['serve', 'handshak', '--lang', 'ko'], /^알 수 없는 강의 'handshak' \('handshake'을\(를\) 말씀하셨나요\?\)/],
		[['demo', '--file', dir, '--lang', 'ko'], /: 파일을 읽을 수 없습니다 \(디렉터리입니다\)$/],
		// --file names a file: a mistyped path is a file that is not there, not an unknown lesson name.
		[['demo', '--file', join(dir, 'my-lesson.tcptui')], /my-lesson\.tcptui: cannot read the file \(no such file\)$/],
		[['demo', '--file', join(dir, 'my-lesson.tcptui'), '--lang', 'ko'], /my-lesson\.tcptui: 파일을 읽을 수 없습니다 \(그런 파일이 없습니다\)$/],
		[['serve', '--file', join(dir, 'my-lesson.tcptui')], /my-lesson\.tcptui: cannot read the file \(no such file\)$/],
		[['demo', '--file', plain, '--lang', 'ko'], /plain\.tcptui:1:1: 강의에는 캡션이 있는 step "…"이 하나 이상 있어야 합니다/],
		[['demo', '--file', plain], /plain\.tcptui:1:1: a lesson needs at least one step/],
		// `run` takes a file or a lesson's name: a typo of a name says so, not only that no file is there.
		[['run', 'handshak'], /^handshak: no such file, and no built-in lesson of that name \(did you mean 'handshake'\?\)$/],
		[['run', 'handshak', '--lang', 'ko'], /^handshak: 그런 파일도, 그런 이름의 내장 강의도 없습니다 \('handshake'을\(를\) 말씀하셨나요\?\)$/],
		[['run', 'nothing-like-it.tcptui'], /^nothing-like-it\.tcptui: cannot read the file \(no such file\)$/],
	];
	for (const [args, pattern] of cases) {
		const result = cli(args);
		assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
		assert.equal(lines(result.stderr).length, 1, `${args.join(' ')}: one line, got:\n${result.stderr}`);
		assert.match(lines(result.stderr)[0]!, pattern, args.join(' '));
	}
	rmSync(dir, {recursive: true, force: true});
});

test('serve --host-key naming a file that is not a private key (a public key): one line in the chosen language, never advice to remove it; exit 2', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-cli-'));
	const pub = join(dir, 'id_ed25519.pub');
	const text = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIa4ilR8dTxG8gWwA1V3jgNKgS2xm3vJ7Uj7XCzGqhr1 teacher@laptop\n';
	writeFileSync(pub, text);
	for (const [lang, pattern] of [['en', /^tcp-tui: --host-key: .*id_ed25519\.pub is not a private key ssh can use \(a public key\)/], ['ko', /^tcp-tui: --host-key: .*id_ed25519\.pub은\(는\) ssh가 쓸 수 있는 개인 키가 아닙니다 \(공개 키\)/]] as const) {
		const result = cli(['serve', '--port', '0', '--host-key', pub, '--lang', lang]);
		assert.equal(result.status, 2, result.stderr);
		assert.equal(lines(result.stderr).length, 1, `one line, got:\n${result.stderr}`);
		assert.match(result.stderr, pattern);
		assert.doesNotMatch(result.stderr, /remove|지우/);
	}
	assert.equal(readFileSync(pub, 'utf8'), text);
	rmSync(dir, {recursive: true, force: true});
});

test('serve --authorized-keys naming a file that is missing, a folder or no key list: one line in words, in the chosen language', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-cli-'));
	const notes = join(dir, 'notes.txt');
	writeFileSync(notes, 'not a key\n');
	const cases: Array<[string, string, RegExp]> = [
		[join(dir, 'authorized_keys'), 'en', /^tcp-tui: --authorized-keys: .*authorized_keys: no such file$/],
		[join(dir, 'authorized_keys'), 'ko', /^tcp-tui: --authorized-keys: .*authorized_keys: 그런 파일이 없습니다$/],
		[dir, 'en', /: it is a directory$/],
		[notes, 'ko', /notes\.txt: 공개 키가 하나도 없습니다$/],
	];
	for (const [file, lang, pattern] of cases) {
		const result = cli(['serve', '--port', '0', '--authorized-keys', file, '--lang', lang]);
		assert.equal(result.status, 2, result.stderr);
		assert.equal(lines(result.stderr).length, 1, `one line, got:\n${result.stderr}`);
		assert.match(lines(result.stderr)[0]!, pattern);
	}
	rmSync(dir, {recursive: true, force: true});
});

test('run takes a built-in lesson by name, wherever it is started from', () => {
	const elsewhere = mkdtempSync(join(tmpdir(), 'tcp-tui-run-'));
	const result = spawnSync(process.execPath, [...command, 'run', 'refused', '--seed', '3'], {cwd: elsewhere, env: {PATH: process.env.PATH ?? '', LANG: 'C.UTF-8'}, encoding: 'utf8', timeout: 60_000});
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stdout, /RST/);
	assert.match(result.stderr + result.stdout, /expectations passed \(refused\.tcptui, seed 3/);
	const unknown = spawnSync(process.execPath, [...command, 'run', 'handshak'], {cwd: elsewhere, env: {PATH: process.env.PATH ?? '', LANG: 'C.UTF-8'}, encoding: 'utf8', timeout: 60_000});
	assert.equal(unknown.status, 2);
	assert.match(unknown.stderr, /^handshak: no such file, and no built-in lesson of that name \(did you mean 'handshake'\?\)$/m);
});
