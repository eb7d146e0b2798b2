// The small screen a student sees when the username chose nothing: follow the teacher, or an own
// session (free play or one of the built-in lessons).
import React, {useRef, useState} from 'react';
import {Box, useInput} from 'ink';
import {Txt, UiContext, type Ui} from '../ui/context.js';
import {truncate} from '../ui/text.js';
import {useTerminalSize} from '../ui/App.js';
import {serveText} from '../i18n/serve.js';

export type StartChoice = {kind: 'follow'} | {kind: 'play'; lesson?: string};

export interface StartItem {
	choice: StartChoice;
	label: string;
}

export function startItems(ui: Ui, lessons: ReadonlyArray<{name: string; title: string}>): StartItem[] {
	return [
		{choice: {kind: 'follow'}, label: serveText(ui.lang, 'startFollow')},
		{choice: {kind: 'play'}, label: serveText(ui.lang, 'startPlay')},
		...lessons.map((lesson) => ({choice: {kind: 'play' as const, lesson: lesson.name}, label: `  ${lesson.name.padEnd(18)} ${lesson.title}`})),
	];
}

export function StartScreen(props: {
	ui: Ui;
	items: StartItem[];
	/** The ssh line that comes straight to a seat, as the teacher's terminal prints it (`ssh -p 2222 play@HOST`). */
	sshCommand: (user: 'play' | 'follow') => string;
	onChoose: (choice: StartChoice) => void;
	onQuit: () => void;
}): React.JSX.Element {
	const {ui, items} = props;
	const [cursor, setCursorState] = useState(0);
	// Keys that arrive together (↓↓Enter in one read) are handled before React draws again: the
	// handler reads the cursor from a ref, not from this render's value.
	const at = useRef(0);
	const setCursor = (move: (c: number) => number): void => {
		at.current = move(at.current);
		setCursorState(at.current);
	};
	useInput((input, key) => {
		if (input === 'q' || (key.ctrl && input === 'c')) props.onQuit();
		else if (key.upArrow) setCursor((c) => (c - 1 + items.length) % items.length);
		else if (key.downArrow) setCursor((c) => (c + 1) % items.length);
		else if (key.return) props.onChoose(items[at.current]!.choice);
		else if (input === 'f') props.onChoose({kind: 'follow'});
		else if (input === 'p') props.onChoose({kind: 'play'});
	});
	const {columns, rows} = useTerminalSize();
	const width = columns;
	// Header (title, prompt, blank) and footer (blank, keys, hint): the list scrolls in the rest.
	const room = Math.max(1, rows - 7);
	const first = Math.max(0, Math.min(cursor - Math.floor(room / 2), items.length - room));
	const visible = items.slice(first, first + room);
	// What the list does not show, so that the lessons past the screen's end are not missed.
	const above = first;
	const below = items.length - first - visible.length;
	const more = [
		...(above > 0 ? [serveText(ui.lang, 'startMoreAbove', {n: above})] : []),
		...(below > 0 ? [serveText(ui.lang, 'startMoreBelow', {n: below})] : []),
	].join('  ');
	const pointer = ui.ascii ? '>' : '▶';
	return (
		<UiContext.Provider value={ui}>
			<Box flexDirection="column" width={width} height={rows}>
				<Txt bold>{truncate(` ${serveText(ui.lang, 'startTitle')}`, width)}</Txt>
				<Txt>{truncate(` ${serveText(ui.lang, 'startPrompt')}`, width)}</Txt>
				<Txt> </Txt>
				{visible.map((item, i) => {
					const index = first + i;
					const chosen = index === cursor;
					return (
						<Txt key={index} inverse={chosen} bold={index < 2}>
							{truncate(`${chosen ? pointer : ' '} ${item.label}`, width)}
						</Txt>
					);
				})}
				{more ? <Txt dimColor>{truncate(`   ${ui.ascii ? more.replace('↑', '^').replace('↓', 'v') : more}`, width)}</Txt> : null}
				<Box flexGrow={1} />
				<Txt dimColor>{truncate(` ${serveText(ui.lang, 'startKeys')}`, width)}</Txt>
				<Txt dimColor>{truncate(` ${serveText(ui.lang, 'startNext', {play: props.sshCommand('play'), follow: props.sshCommand('follow')})}`, width)}</Txt>
			</Box>
		</UiContext.Provider>
	);
}
