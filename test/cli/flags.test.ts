import {test} from 'node:test';
import assert from 'node:assert/strict';
import {languageOf, precheckArgv, validateFlags, type RawFlags} from '../../source/cli/flags.js';

const base: RawFlags = {ascii: false, color: true, json: false, help: false, version: false};

function settings(raw: Partial<RawFlags>, env: NodeJS.ProcessEnv = {}) {
	const result = validateFlags({...base, ...raw}, new Set(), env);
	if (!result.ok) assert.fail(result.message);
	return result.value;
}

test('link flags become one partial link config for both directions, in netem units', () => {
	const value = settings({loss: '10%', delay: '300ms', jitter: '50ms', dup: '1', reorder: '5%', corrupt: '0.5%', rate: '1mbit'});
	assert.deepEqual(value.link, {loss: 10, delay: 300, jitter: 50, duplicate: 1, reorder: 5, corrupt: 0.5, rate: 1_000_000});
	assert.deepEqual(settings({}).link, {}, 'only what was given');
});

test('seed, msl, speed, lang, wire', () => {
	const value = settings({seed: '42', msl: '5s', speed: '0.5', lang: 'ko', wire: 'udp:9000:127.0.0.1:9001', wireSide: 'server'});
	assert.equal(value.seed, 42);
	assert.equal(value.msl, 5000);
	assert.equal(value.speed, 0.5);
	assert.equal(value.lang, 'ko');
	assert.deepEqual(value.wire, {localPort: 9000, remoteHost: '127.0.0.1', remotePort: 9001});
	assert.equal(value.wireSide, 'server');
	assert.equal(settings({}).speed, 1);
	assert.equal(settings({speed: '50'}).speed, 50);
});

test('NO_COLOR turns colour off like --no-color; an empty NO_COLOR does not', () => {
	assert.equal(settings({}).color, true);
	assert.equal(settings({color: false}).color, false);
	assert.equal(settings({}, {NO_COLOR: '1'}).color, false);
	assert.equal(settings({}, {NO_COLOR: ''}).color, true);
});

test('the language: --lang, else LC_ALL / LC_MESSAGES / LANG', () => {
	assert.equal(settings({}, {LANG: 'ko_KR.UTF-8'}).lang, 'ko');
	assert.equal(settings({lang: 'en'}, {LANG: 'ko_KR.UTF-8'}).lang, 'en');
	assert.equal(languageOf(['--lang=ko'], {}), 'ko');
	assert.equal(languageOf(['--lang', 'fr'], {LANG: 'ko_KR'}), 'ko', 'an invalid --lang falls back to the environment');
});

test('precheck: positional arguments, flags after --', () => {
	const result = precheckArgv(['run', 'a.tcptui', '--seed=3', '--no-color', '--', '--weird-name'], 'en');
	assert.ok(result.ok);
	assert.deepEqual(result.value.positional, ['run', 'a.tcptui', '--weird-name']);
	assert.deepEqual([...result.value.given].sort(), ['color', 'seed']);
	const negatedValue = precheckArgv(['--no-loss'], 'en');
	assert.ok(!negatedValue.ok);
	const booleanWithValue = precheckArgv(['--ascii=yes'], 'en');
	assert.ok(!booleanWithValue.ok);
});

test('the options handed to the app: flags in, a lesson keeps its own seed unless --seed says otherwise', async () => {
	const {tuiOptions} = await import('../../source/cli/tui-options.js');
	const value = settings({loss: '10%', delay: '300ms', msl: '5s', speed: '0.5', lang: 'ko', ascii: true, color: false, pcap: 'x.pcap', wire: 'udp:9000:127.0.0.1:9001', wireSide: 'server'});
	const options = tuiOptions(value);
	assert.deepEqual(options.world.link, {c2s: {loss: 10, delay: 300}, s2c: {loss: 10, delay: 300}});
	assert.deepEqual(options.world.stack, {msl: 5000});
	assert.equal(options.speed, 0.5);
	assert.equal(options.lang, 'ko');
	assert.equal(options.ascii, true);
	assert.equal(options.color, false);
	assert.equal(options.pcap, 'x.pcap');
	assert.deepEqual(options.wire, {localPort: 9000, remoteHost: '127.0.0.1', remotePort: 9001, side: 'server'});
	assert.ok(Number.isInteger(options.world.seed) && options.world.seed > 0, 'a free session gets a seed');
	assert.equal(tuiOptions(value, {path: '/l.tcptui', seed: 10}).world.seed, 10);
	assert.equal(tuiOptions(value, {path: '/l.tcptui', seed: 10}).lessonFile, '/l.tcptui');
	assert.equal(tuiOptions(settings({seed: '3'}), {path: '/l.tcptui', seed: 10}).world.seed, 3);
});

test('free play is paced for watching: 300 ms each way unless --delay says otherwise; lessons and wire mode keep their own link', async () => {
	const {tuiOptions, FREE_PLAY_DELAY_MS} = await import('../../source/cli/tui-options.js');
	assert.equal(FREE_PLAY_DELAY_MS, 300);
	assert.deepEqual(tuiOptions(settings({})).world.link, {c2s: {delay: 300}, s2c: {delay: 300}});
	assert.deepEqual(tuiOptions(settings({loss: '5%'})).world.link, {c2s: {loss: 5, delay: 300}, s2c: {loss: 5, delay: 300}});
	assert.deepEqual(tuiOptions(settings({delay: '0ms'})).world.link, {c2s: {delay: 0}, s2c: {delay: 0}});
	assert.deepEqual(tuiOptions(settings({}), {path: '/l.tcptui', seed: 1}).world.link, {c2s: {}, s2c: {}});
	assert.deepEqual(tuiOptions(settings({wire: 'udp:9000:127.0.0.1:9001'})).world.link, {c2s: {}, s2c: {}});
});
