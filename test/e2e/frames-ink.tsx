// Ink trees whose nodes move, shrink, grow, wrap, clip, disappear and come back while their own
// props stay the same: what the bundle's kept writes (scripts/ink-render-node.js) must notice,
// drawn frame by frame. test/e2e/bundle.test.ts compares the bundle's frames with these, drawn by
// Ink as it is. Run with --print, it prints the frames as JSON (the test runner runs every file
// here, and must see nothing).
import React from 'react';
import {Box, Static, Text, Transform} from 'ink';
import {render} from 'ink-testing-library';

interface Scene {
	left: number;
	wide: boolean;
	shown: boolean;
	items: string[];
	clip: number;
	text: string;
	upper: boolean;
	margin: number;
	logged: string[];
	grow: string;
	count: string;
	spelled: string;
	window: number;
	focus: boolean;
}

/** Draws its text only when the text changes: its nodes are left alone by the reconciler. */
const Same = React.memo(function Same({text, color}: {text: string; color?: string}) {
	return <Text color={color}>{text}</Text>;
});

// The same functions from frame to frame (a new one would mark the whole column as changed).
const upper = (line: string): string => line.toUpperCase();
const numbered = (line: string, index: number): string => `${index}:${line}`;
// Changes the width of a text whose digits change: such a text must be measured again.
const spelled = (text: string): string => text.replaceAll('1', 'one');

function Tree({scene}: {scene: Scene}) {
	return (
		<Box flexDirection="column" width={scene.wide ? 58 : 38}>
			<Static items={scene.logged}>{(line) => <Text key={line}>{line}</Text>}</Static>
			<Box>
				<Box width={scene.left} borderStyle="round" borderColor={scene.focus ? 'green' : 'gray'}>
					<Same text="left" />
				</Box>
				<Box flexGrow={1} borderStyle="single" backgroundColor={scene.focus ? 'blue' : 'magenta'}>
					<Same text="the same words, wrapped again whenever the box changes width" color="yellow" />
				</Box>
			</Box>
			{scene.shown ? <Text color="red">shown now and then</Text> : null}
			<Box height={scene.clip} overflow="hidden" flexDirection="column" borderStyle="classic">
				{scene.items.map((item) => (
					<Same key={item} text={item} />
				))}
			</Box>
			<Box overflowX="hidden" width={20}>
				<Box marginLeft={-scene.margin} flexShrink={0}>
					<Same text="a line wider than its clip, moved left" color="cyan" />
				</Box>
			</Box>
			<Transform transform={scene.upper ? upper : numbered}>
				<Text>{scene.text}</Text>
			</Transform>
			<Box overflowX="hidden" width={scene.window}>
				<Box flexShrink={0} width={36}>
					<Same text="a kept line in a window that narrows" color="yellow" />
				</Box>
			</Box>
			<Box width={4}>
				<Text color="green">{scene.count}</Text>
			</Box>
			<Box>
				<Text>
					n=<Transform transform={spelled}><Text color="blue">{scene.spelled}</Text></Transform>
				</Text>
				<Text color="red">|</Text>
			</Box>
			<Box marginLeft={scene.margin}>
				<Same text="unchanged, moved" />
			</Box>
			<Box>
				<Same text={scene.grow} />
				<Box flexGrow={1} />
				<Same text="right" color="magenta" />
			</Box>
		</Box>
	);
}

/** Every frame of the scenes, one change at a time. */
export function drawInkFrames(): string[] {
	let scene: Scene = {left: 8, wide: false, shown: true, items: ['one', 'two', 'three', 'four'], clip: 5, text: 'transformed\nlines', upper: false, margin: 0, logged: [], grow: 'a', count: '12 34 56', spelled: '21', window: 30, focus: true};
	const app = render(<Tree scene={scene} />);
	const steps: Array<Partial<Scene>> = [
		{left: 12},
		{left: 6},
		{wide: true},
		{shown: false},
		{items: ['one', 'three', 'four']},
		{shown: true},
		{items: ['zero', 'one', 'three', 'four', 'five']},
		{clip: 3},
		{clip: 7},
		{margin: 2},
		{margin: 5},
		{upper: true},
		{text: 'changed'},
		{logged: ['first static line']},
		{logged: ['first static line', 'second']},
		{grow: 'abcdef'},
		{grow: 'a'},
		// Digits for digits keep the text's size; anything else may wrap it otherwise.
		{count: '98 76 54'},
		{count: '9876 54 '},
		{count: '1234 56 '},
		{count: '12 34 56'},
		{spelled: '22'},
		{spelled: '11'},
		// The same writes under another clip.
		{window: 12},
		{window: 20},
		// Borders and backgrounds of another colour, in the same place.
		{focus: false},
		{count: '12 34 57'},
		{focus: true},
		{items: ['four', 'three', 'one', 'zero']},
		{wide: false, left: 10},
		{margin: 0, clip: 2},
		{shown: false, items: []},
		{left: 8},
	];
	for (const step of steps) {
		scene = {...scene, ...step};
		app.rerender(<Tree scene={scene} />);
		// Drawn again unchanged: the kept writes themselves.
		app.rerender(<Tree scene={scene} />);
	}
	app.unmount();
	return app.frames;
}

if (process.argv[2] === '--print') {
	process.stdout.write(JSON.stringify(drawInkFrames()));
}
