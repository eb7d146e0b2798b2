// A follower watching the teacher's session (serve) is shown only the keys that act for it: on the
// key bar and in help, in both languages; the teacher's own bar and help still list every key.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import type {Key} from 'ink';
import {render} from 'ink-testing-library';
import {Session} from '../../source/session/session.js';
import {createWorld} from '../../source/sim/world.js';
import {App} from '../../source/ui/App.js';
import type {RealTime} from '../../source/ui/clock.js';
import {makeUi} from '../../source/ui/context.js';
import {uiText} from '../../source/i18n/ui.js';
import {pristine} from '../../source/serve/apps.js';
import {barItems, KEYMAP} from '../../source/ui/keymap.js';
import {TuiModel} from '../../source/ui/model.js';
import {key, typeKeys} from './helpers.js';

const frozen: RealTime = {now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined};
const onQuit = (): void => undefined;

function screen(model: TuiModel, lang: 'en' | 'ko'): string[] {
	const {lastFrame, unmount} = render(<App model={model} ui={makeUi(lang, false, false)} size={{columns: 80, rows: 24}} />);
	const frame = lastFrame() ?? '';
	unmount();
	return frame.split('\n');
}

function models(lang: 'en' | 'ko'): {teacher: TuiModel; follower: TuiModel} {
	const session = new Session({speed: 1, time: frozen, createWorld: () => createWorld({seed: 1})});
	return {teacher: new TuiModel({lang, session, teacher: true, onQuit}), follower: new TuiModel({lang, session, readOnly: true, onQuit})};
}

test("a follower's key bar lists only keys that act for it, each of which does (en, ko, 80 columns)", () => {
	for (const lang of ['en', 'ko'] as const) {
		const t = (key: Parameters<typeof uiText>[1]): string => uiText(lang, key);
		const {teacher, follower} = models(lang);
		const bar = screen(follower, lang).slice(-2).join('\n');
		for (const [key, text] of [['s', 'kbSocket'], ['c', 'kbConnect'], ['␣', 'kbPause'], ['+/-', 'kbSpeed'], ['r', 'kbReset']] as const) {
			assert.ok(!bar.includes(`${key} ${t(text)}`), `${lang}: ${key} ${t(text)} is not a follower's:\n${bar}`);
		}
		for (const [key, text] of [['?', 'kbHelp'], ['q', 'kbQuit'], ['d', 'kbDiagram'], ['t', 'kbTranscript'], ['m', 'kbLegend'], ['Tab', 'kbPane']] as const) {
			assert.ok(bar.includes(`${key} ${t(text)}`), `${lang}: ${key} ${t(text)} on the follower's bar:\n${bar}`);
		}
		assert.ok(bar.includes(t('kbFollowing')), `${lang}: the pane's line says what a follower does:\n${bar}`);
		// The teacher's bar is unchanged.
		const own = screen(teacher, lang).slice(-2).join('\n');
		assert.ok(own.includes(`s ${t('kbSocket')}`) && own.includes(`␣ ${t('kbPause')}`), own);
		// Every key the follower is shown acts for it (no "views and scrolling only" note).
		for (const [key] of [...barItems('pane', true), ...barItems('global', true)]) {
			const {follower: fresh} = models(lang);
			typeKeys(fresh, key === 'Tab' ? '\t' : key[0]!);
			assert.equal(fresh.note?.key, undefined, `${lang}: ${key}`);
		}
	}
});

test("a follower's help (?) lists only keys that act for it; the teacher's lists every key (en, ko)", () => {
	for (const lang of ['en', 'ko'] as const) {
		const t = (key: Parameters<typeof uiText>[1]): string => uiText(lang, key);
		const {teacher, follower} = models(lang);
		typeKeys(follower, '?');
		typeKeys(teacher, '?');
		const help = screen(follower, lang).join('\n');
		for (const key of ['hDiagram', 'hTranscript', 'hQuit', 'hSelect', 'hQuizChoice'] as const) assert.ok(help.includes(t(key)), `${lang}: ${key}:\n${help}`);
		for (const key of ['hSocket', 'hConnect', 'hReset', 'hSpace', 'hFault', 'hQuizReveal', 'hRecord', 'hDemo'] as const) assert.ok(!help.includes(t(key)), `${lang}: ${key} is not a follower's:\n${help}`);
		const own = screen(teacher, lang).join('\n');
		assert.ok(own.includes(t('hSocket')) && own.includes(t('hReset')), own);
	}
});

// A key label as help writes it → what the terminal sends for it.
const PRESS: Record<string, [string, Partial<Key>]> = {
	Tab: ['', {tab: true}], '↑': ['', {upArrow: true}], '↓': ['', {downArrow: true}], PgUp: ['', {pageUp: true}], PgDn: ['', {pageDown: true}],
	Enter: ['', {return: true}], Esc: ['', {escape: true}], Space: [' ', {}], '⌫': ['', {backspace: true}],
};
const press = (model: TuiModel, label: string): void => {
	const [input, overrides] = PRESS[label] ?? [label, {}];
	model.handleKey(input, key(overrides));
};

test("the note a follower's refused key gets lists the keys the key table marks as a follower's, each of which acts (en, ko, 80 columns)", () => {
	const followerRows = KEYMAP.filter((row) => row.follower && row.section !== 'quizKeys');
	const otherRows = KEYMAP.filter((row) => !row.follower && !row.lessonOnly && row.section !== 'quizKeys');
	for (const lang of ['en', 'ko'] as const) {
		const {follower} = models(lang);
		typeKeys(follower, 's');
		const lead = uiText(lang, 'watchOnly', {keys: ''}).trimEnd();
		const line = screen(follower, lang).find((l) => l.includes(lead));
		assert.ok(line !== undefined, `${lang}: the note is on the screen`);
		const listed = line.slice(line.indexOf(lead) + lead.length).trim();
		// The whole note fits the line and names every follower row's keys, in the table's order.
		assert.equal(listed, followerRows.map((row) => row.label).join(' '), `${lang}: ${line}`);
		for (const label of listed.split(' ')) {
			const {follower: fresh} = models(lang);
			press(fresh, label);
			assert.equal(fresh.note, null, `${lang}: ${label} is listed, so it acts`);
		}
		// And every key the note leaves out is refused with it.
		for (const label of otherRows.flatMap((row) => row.label.split(' '))) {
			const {follower: fresh} = models(lang);
			press(fresh, label);
			assert.equal(fresh.message, uiText(lang, 'watchOnly', {keys: listed}), `${lang}: ${label} is not listed, so it is refused`);
		}
	}
});

test('a follower may read the legend (m) and draw the ladder to time scale (T), views of its own: a time-scaled follower leaves the shared render until T again', () => {
	const {follower} = models('en');
	assert.ok(pristine(follower));
	typeKeys(follower, 'T');
	assert.equal(follower.note, null);
	assert.equal(follower.timeScaled, true);
	assert.ok(!pristine(follower), 'its ladder is not the one the followers share');
	typeKeys(follower, 'T');
	assert.ok(pristine(follower));
	typeKeys(follower, 'm');
	assert.equal(follower.view, 'legend');
	assert.equal(follower.note, null);
});

test('a follower typing into a link field is told at the first character that it watches; nothing is typed (en, ko)', () => {
	for (const lang of ['en', 'ko'] as const) {
		const {follower} = models(lang);
		typeKeys(follower, 'l5');
		assert.equal(follower.view, 'link');
		assert.equal(follower.linkCursor.text, null);
		const note = uiText(lang, 'watchOnly', {keys: KEYMAP.filter((row) => row.follower && row.section !== 'quizKeys').map((row) => row.label).join(' ')});
		assert.equal(follower.linkCursor.error, note);
		assert.ok(screen(follower, lang).some((line) => line.includes(note)), `${lang}: the note on the link settings screen`);
	}
});
