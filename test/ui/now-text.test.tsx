// useNowText: a part of the screen that shows something of virtual time (a countdown) follows the
// clock but is drawn again only when what it shows changes. What it shows must be, at every frame,
// what useNow's plain path (the time as of that frame) would show.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {NowContext, useNow, useNowText, type NowSource} from '../../source/ui/now.js';
import {formatCountdown} from '../../source/ui/text.js';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A clock moved by hand, as the app's model moves it once a frame. */
function handClock(): NowSource & {set(t: number): void} {
	let now = 0;
	const listeners = new Set<() => void>();
	return {
		now: () => now,
		subscribe: (listener) => {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		set: (t) => {
			now = t;
			for (const listener of listeners) listener();
		},
	};
}

test('useNowText shows what the time as of each frame shows, drawn again only when that changes', async () => {
	const clock = handClock();
	const renders = {text: 0, plain: 0};
	const ends = [12_000, 12_220];
	function Fast(props: {end: number}): React.JSX.Element {
		renders.text++;
		return <Text>{useNowText(0, (now) => formatCountdown(props.end - now))}</Text>;
	}
	function Plain(props: {end: number}): React.JSX.Element {
		renders.plain++;
		return <Text>{formatCountdown(props.end - useNow(0))}</Text>;
	}
	const screen = (end: number): React.JSX.Element => (
		<NowContext.Provider value={clock}>
			<Fast end={end} />
			<Plain end={end} />
		</NowContext.Provider>
	);
	for (const end of ends) {
		renders.text = 0;
		renders.plain = 0;
		clock.set(0);
		const {lastFrame, rerender, unmount} = render(screen(end));
		await settle();
		let changes = 0;
		let shown = lastFrame();
		// Frames every 110 ms over whole seconds, then tenths, past the end.
		for (let t = 110; t < end + 500; t += 110) {
			clock.set(t);
			await settle();
			const [fast, plain] = (lastFrame() ?? '').split('\n');
			assert.equal(fast, plain, `at ${t} ms`);
			assert.equal(fast, formatCountdown(end - t), `at ${t} ms`);
			if (lastFrame() !== shown) changes++;
			shown = lastFrame();
		}
		assert.ok(renders.plain > 100, `${renders.plain} frames`);
		assert.equal(renders.text, changes + 1, `drawn once, then once per change (${changes}), not per frame (${renders.plain})`);
		// A new end from the parent is shown at once, even where the text before it was the same.
		rerender(screen(end + 1000));
		await settle();
		assert.equal((lastFrame() ?? '').split('\n')[0], formatCountdown(end + 1000 - clock.now()));
		unmount();
	}
});
