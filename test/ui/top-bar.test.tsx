// The top bar is one line at 80 columns whatever it holds: the classroom's roster and the stack
// profile beside the clock and the state, in both languages. What does not fit goes, least
// needed first (the profile, then the end of the roster); the clock and the state stay whole.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {serveText} from '../../source/i18n/serve.js';
import {TopBar} from '../../source/ui/Bars.js';
import {makeUi, UiContext} from '../../source/ui/context.js';

function bar(lang: 'en' | 'ko', props: {note?: string; now?: number}, columns = 80): string[] {
	const {lastFrame, unmount} = render(
		<UiContext.Provider value={makeUi(lang, false, false)}>
			<TopBar now={props.now ?? 0} speed={1} paused={false} seed={7} width={columns} message={null} profile="textbook" note={props.note ?? null} />
		</UiContext.Provider>,
	);
	const lines = (lastFrame() ?? '').split('\n');
	unmount();
	return lines;
}

const running = {en: '▶ running', ko: '▶ 실행 중'};

for (const lang of ['en', 'ko'] as const) {
	test(`the teacher's bar at 80 columns keeps the clock, the speed, the state and the roster (${lang})`, () => {
		const roster = serveText(lang, 'roster', {follow: 12, own: 30, choosing: 3});
		for (const now of [0, 1_234_567]) {
			const lines = bar(lang, {note: roster, now});
			assert.equal(lines.length, 1, lines.join('\n'));
			const line = lines[0]!;
			assert.ok(stringWidth(line) <= 80, line);
			assert.match(line, /t=\d+\.\d{3}s/);
			assert.match(line, lang === 'en' ? /speed ×1/ : /속도 ×1/);
			assert.ok(line.includes(running[lang]), line);
			assert.ok(line.includes(roster.slice(0, 12)), `the roster's start: ${line}`);
		}
		// A short note keeps the profile.
		const short = bar(lang, {note: 'x'})[0]!;
		assert.match(short, /textbook/);
	});
}

test('a top bar kept alive equals the bar drawn fresh as its props and the time change (what does not move with the clock is kept)', () => {
	type Props = React.ComponentProps<typeof TopBar>;
	const steps: Array<Partial<Props>> = [
		{}, {now: 1_234_567}, {speed: 2}, {paused: true}, {paused: false}, {note: 'twelve students following'},
		{note: null}, {seed: 9}, {profile: 'linux'}, {wireDefault: true}, {wireDefault: false}, {width: 60}, {message: 'a note for the bar'},
		{message: null}, {width: 80}, {now: 99_999_999}, {speed: 0.5}, {note: 'x'.repeat(90)},
	];
	for (const lang of ['en', 'ko'] as const) {
		const ui = makeUi(lang, false, true);
		const element = (props: Props): React.JSX.Element => <UiContext.Provider value={ui}><TopBar {...props} /></UiContext.Provider>;
		let props: Props = {now: 0, speed: 1, paused: false, seed: 7, width: 80, message: null, profile: 'textbook', note: null};
		const live = render(element(props));
		for (const [i, change] of steps.entries()) {
			props = {...props, ...change};
			live.rerender(element(props));
			const fresh = render(element(props));
			assert.equal(live.lastFrame(), fresh.lastFrame(), `${lang} step ${i}: ${JSON.stringify(change)}`);
			fresh.unmount();
		}
		live.unmount();
	}
});
