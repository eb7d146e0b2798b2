// The stack profile chosen from the command line, a scenario's `profile` line, or --wire's default.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {validateFlags, type RawFlags} from '../../source/cli/flags.js';
import {tuiOptions} from '../../source/cli/tui-options.js';
import {applyFlags} from '../../source/cli/run-command.js';
import {parseScenario} from '../../source/scenario/parser.js';
import {runScenario} from '../../source/scenario/run.js';
import {lessonWorldOptions} from '../../source/demo/controller.js';
import {TopBar} from '../../source/ui/Bars.js';
import {makeUi, UiContext} from '../../source/ui/context.js';

const base: RawFlags = {ascii: false, color: true, json: false, help: false, version: false};

test('--profile textbook|linux; anything else is one line in the chosen language', () => {
	const ok = validateFlags({...base, profile: 'linux'}, new Set(['profile']), {});
	assert.ok(ok.ok);
	assert.equal(ok.value.profile, 'linux');
	const none = validateFlags(base, new Set(), {});
	assert.ok(none.ok);
	assert.equal(none.value.profile, undefined, 'no flag: the caller\'s default (textbook, or linux with --wire)');
	const bad = validateFlags({...base, profile: 'bsd'}, new Set(['profile']), {});
	assert.deepEqual(bad, {ok: false, message: "--profile: 'bsd' is not a stack profile: use textbook, linux"});
	const badKo = validateFlags({...base, profile: 'bsd', lang: 'ko'}, new Set(['profile']), {});
	assert.deepEqual(badKo, {ok: false, message: "--profile: 'bsd'은(는) 스택 프로필이 아닙니다: textbook, linux 중 하나"});
	assert.equal(tuiOptions(ok.value).world.profile, 'linux');
	assert.equal(tuiOptions(none.value).world.profile, undefined);
});

function parsed(text: string) {
	const result = parseScenario(text, 't.tcptui');
	if (!result.ok) assert.fail(result.errors.map((e) => e.message).join('\n'));
	return result.scenario;
}

const HANDSHAKE = `server: socket
server: bind 80
server: listen
server: accept
client: socket
client: connect 10.0.0.2:80
wait 1s
`;

test('a scenario\'s `profile linux` line reaches the world; without one the world is textbook; a bad one is an error with its column', () => {
	const linux = parsed(`profile linux\n${HANDSHAKE}`);
	assert.equal(linux.settings.profile, 'linux');
	const run = runScenario(linux);
	assert.ok(run.ok);
	assert.equal(run.result.world.profile, 'linux');
	const syn = run.result.events.find((e) => e.kind === 'segment' && e.flags === 'SYN');
	assert.ok(syn?.kind === 'segment' && syn.segment.options.timestamps !== undefined && syn.segment.options.wscale === 7, 'linux SYN options');

	const plain = runScenario(parsed(HANDSHAKE));
	assert.ok(plain.ok);
	assert.equal(plain.result.world.profile, 'textbook');
	const plainSyn = plain.result.events.find((e) => e.kind === 'segment' && e.flags === 'SYN');
	assert.ok(plainSyn?.kind === 'segment' && plainSyn.segment.options.timestamps === undefined);

	const bad = parseScenario('profile bsd\n', 'b.tcptui');
	assert.ok(!bad.ok);
	assert.equal(bad.errors[0]!.col, 9);
	assert.match(bad.errors[0]!.message, /unknown stack profile 'bsd'.*textbook, linux/);
	assert.match(bad.errors[0]!.text!.ko, /스택 프로필/);
});

test('--profile overrides the file\'s line for `run`; a lesson\'s profile reaches its world', () => {
	const scenario = parsed(`profile textbook\n${HANDSHAKE}`);
	const flags = validateFlags({...base, profile: 'linux'}, new Set(['profile']), {});
	assert.ok(flags.ok);
	applyFlags(scenario, flags.value);
	assert.equal(scenario.settings.profile, 'linux');
	assert.equal(lessonWorldOptions(parsed(`profile linux\n${HANDSHAKE}`), 3).profile, 'linux');
	assert.equal(lessonWorldOptions(parsed(HANDSHAKE), 3).profile, undefined, 'a lesson without the line: textbook (the world\'s default)');
	assert.equal(lessonWorldOptions(parsed(`profile linux\n${HANDSHAKE}`), 3, {profile: 'textbook'}).profile, 'textbook', '--profile overrides the lesson');
});

function topBar(lang: 'en' | 'ko', props: {profile?: string; wireDefault?: boolean}): string {
	const {lastFrame, unmount} = render(
		<UiContext.Provider value={makeUi(lang, false, false)}>
			<TopBar now={0} speed={1} paused={false} seed={7} width={100} message={null} {...props} />
		</UiContext.Provider>,
	);
	const out = lastFrame() ?? '';
	unmount();
	return out;
}

test('the top bar names the profile, and says when it is --wire\'s default, in both languages', () => {
	assert.match(topBar('en', {profile: 'textbook'}), /textbook stack {2}seed 7/);
	assert.match(topBar('en', {profile: 'linux', wireDefault: true}), /linux stack \(--wire default\) {2}seed 7/);
	assert.match(topBar('ko', {profile: 'textbook'}), /textbook 스택 {2}시드 7/);
	assert.match(topBar('ko', {profile: 'linux', wireDefault: true}), /linux 스택 \(--wire 기본값\) {2}시드 7/);
});
