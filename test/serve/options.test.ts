// `tcp-tui serve`'s flags, as validated values and as the command line answers a mistake.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {validateFlags, type RawFlags} from '../../source/cli/flags.js';
import {defaultHostKeyFile, validateServeFlags} from '../../source/serve/options.js';
import {studentCommand} from '../../source/serve/command.js';
import {repoRoot} from '../scenario/fixture-path.js';

const base: RawFlags = {ascii: false, color: true, json: false, help: false, version: false};

function serveFlags(raw: Partial<RawFlags>, lang: 'en' | 'ko' = 'en') {
	const flags = {...base, ...raw};
	const settings = validateFlags(flags, new Set(), {LANG: lang === 'ko' ? 'ko_KR.UTF-8' : 'C.UTF-8'});
	assert.ok(settings.ok);
	return validateServeFlags(flags, settings.value, {HOME: '/home/t'});
}

test('defaults: port 2222 on 127.0.0.1, 60 sessions, 30 min idle, open on loopback, key under ~/.config', () => {
	const v = serveFlags({});
	assert.ok(v.ok);
	assert.deepEqual(v.value, {port: 2222, host: '127.0.0.1', hostKeyFile: '/home/t/.config/tcp-tui/host_ed25519', maxSessions: 60, idleTimeoutMs: 1_800_000, access: {kind: 'open'}});
	assert.equal(defaultHostKeyFile({HOME: '/h', XDG_CONFIG_HOME: '/x'}), '/x/tcp-tui/host_ed25519');
	assert.equal(studentCommand(v.value, 'follow'), 'ssh -p 2222 follow@127.0.0.1');
});

test('values are checked; a network address needs a way in chosen on purpose', () => {
	const bad = (raw: Partial<RawFlags>, pattern: RegExp, lang: 'en' | 'ko' = 'en'): void => {
		const v = serveFlags(raw, lang);
		assert.equal(v.ok, false);
		assert.match(v.ok ? '' : v.message, pattern);
	};
	bad({port: '70000'}, /^--port: '70000' is out of range/);
	bad({maxSessions: '0'}, /^--max-sessions: /);
	bad({idleTimeout: 'soon'}, /^--idle-timeout: 'soon' is not a duration/);
	bad({idleTimeout: '10ms'}, /too short/);
	bad({host: 'a b'}, /^--host: 'a b'/);
	bad({password: 'x', open: true}, /only one of/);
	bad({host: '0.0.0.0'}, /anyone on the network/);
	bad({host: '0.0.0.0'}, /네트워크의 누구나/, 'ko');
	const open = serveFlags({host: '0.0.0.0', open: true, port: '22', idleTimeout: '5m'});
	assert.ok(open.ok);
	assert.equal(open.value.idleTimeoutMs, 300_000);
	assert.equal(studentCommand(open.value, 'play'), 'ssh play@HOST');
	const pw = serveFlags({password: 'sesame', host: '10.1.2.3'});
	assert.ok(pw.ok);
	assert.deepEqual(pw.value.access, {kind: 'password', password: 'sesame'});
});

test('the command line: serve flags elsewhere, other commands\' flags with serve, a bad key file: one line, exit 2', () => {
	const cli = join(repoRoot(), 'dist', 'source', 'cli.js');
	const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], {encoding: 'utf8', env: {PATH: process.env.PATH ?? '', HOME: '/nonexistent', LANG: 'C.UTF-8'}, timeout: 60_000});
	const cases: Array<[string[], RegExp]> = [
		[['--port', '2222'], /^tcp-tui: --port only goes with tcp-tui serve$/],
		[['run', 'handshake', '--open'], /^tcp-tui: --open only goes with tcp-tui serve$/],
		[['serve', '--json'], /^tcp-tui: --json has no meaning for tcp-tui serve$/],
		[['serve', '--port', 'x'], /^tcp-tui: --port: 'x' is not a whole number/],
		[['serve', 'handshake', 'now'], /^tcp-tui: unexpected argument 'now'$/],
		[['serve', 'nope'], /^unknown demo 'nope'/],
		[['serve', '--host-key', '/dev/null/key'], /^tcp-tui: --host-key: \/dev\/null\/key: /],
		[['serve', '--authorized-keys', '/nonexistent/keys'], /^tcp-tui: --authorized-keys: \/nonexistent\/keys: no such file$/],
		[['serve', '--lang', 'ko', '--port', '1', '--host', '0.0.0.0'], /^tcp-tui: .*네트워크의 누구나/],
	];
	for (const [args, pattern] of cases) {
		const r = run(...args);
		assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
		const lines = r.stderr.split('\n').filter((l) => l !== '');
		assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
		assert.match(lines[0]!, pattern);
	}
});
