// The lesson's steps as a list (j in a lesson): the introduction and every step with its title, the
// one shown marked, the finished ones ticked, the cursor highlighted. Digits or Enter jump there.
import React from 'react';
import {Box, Text} from 'ink';
import type {Lang} from '../i18n/lang.js';
import {toAscii} from '../ui/glyphs.js';
import {sanitizeForTerminal} from '../text/sanitize.js';
import {truncate} from '../ui/text.js';
import {t} from './text.js';

export interface StepListProps {
	titles: readonly string[];
	/** The step shown: -1 for the introduction. */
	current: number;
	/** The row under the cursor: -1 for the introduction. */
	cursor: number;
	/** The step shown has run to its end. */
	currentDone: boolean;
	width: number;
	height: number;
	lang: Lang;
	ascii?: boolean;
	color?: boolean;
}

export function StepList({titles, current, cursor, currentDone, width, height, lang, ascii = false, color = true}: StepListProps): React.JSX.Element {
	const drawn = (text: string): string => (ascii ? toAscii(text) : text);
	const rows = [t('stepListIntro', lang), ...titles.map((title) => sanitizeForTerminal(title))].map((title, i) => {
		const step = i - 1;
		const mark = step === current ? '▸' : step < current || (step === current && currentDone) ? '✓' : ' ';
		return {step, text: `${mark} ${String(i).padStart(2)}  ${title}`};
	});
	// Keep the cursor in view when the list is longer than the screen.
	const room = Math.max(1, height - 2);
	const first = Math.max(0, Math.min(cursor + 1 - Math.floor(room / 2), rows.length - room));
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold>{drawn(truncate(t('stepListTitle', lang), width))}</Text>
			{rows.slice(first, first + room).map((row) => (
				<Text key={row.step} inverse={row.step === cursor} color={color && row.step === current ? 'cyan' : undefined}>
					{drawn(truncate(row.text, width))}
				</Text>
			))}
			<Text dimColor>{drawn(truncate(t('stepListHint', lang), width))}</Text>
		</Box>
	);
}
