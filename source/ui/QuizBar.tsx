// A lesson's open question (predict, then reveal), as the model has put it for this viewer: the
// question, the choices or answers with their counts as bars, and what to do or what was right.
// Each part wraps to the screen's width (a long question on 80 columns is read whole), up to a few
// lines each, so the bar never takes the screen from the ladder.
import React from 'react';
import {Box} from 'ink';
import {Txt, useUi} from './context.js';
import type {QuizView} from './model.js';
import {wrapText} from '../demo/wrap.js';
import {truncate, width as textWidth} from './text.js';

/** A bar of this many cells stands for the most answers given. */
const BAR_CELLS = 8;
/** At most this many lines for the question, the bars and the status. */
const MAX_LINES = {question: 4, bars: 2, status: 2} as const;
const BAR_GAP = '   ';

/** Wrapped to `width`, at most `max` lines; the last one says (…) when more was cut. */
function fit(lines: string[], width: number, max: number, ellipsis: string): string[] {
	if (lines.length <= max) return lines;
	const kept = lines.slice(0, max);
	kept[max - 1] = truncate(`${kept[max - 1]!} ${ellipsis}`, width, ellipsis);
	return kept;
}

/** The bars, packed into lines of `width` columns (a bar is never split unless it alone is wider). */
function packBars(bars: string[], width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const bar of bars) {
		const joined = line === '' ? bar : `${line}${BAR_GAP}${bar}`;
		if (line !== '' && textWidth(joined) > width) {
			lines.push(line);
			line = bar;
		} else {
			line = joined;
		}
	}
	if (line !== '') lines.push(line);
	return lines.flatMap((l) => (textWidth(l) > width ? wrapText(l, width) : [l]));
}

/** The bar's lines for a screen `width` columns wide. */
export function quizBarLines(quiz: QuizView, width: number, ascii: boolean): {question: string[]; bars: string[]; status: string[]} {
	const columns = Math.max(1, width);
	const ellipsis = ascii ? '...' : '…';
	const most = Math.max(1, ...quiz.bars.map((bar) => bar.count ?? 0));
	const cell = ascii ? '#' : '█';
	const mark = ascii ? '(ok)' : '✓';
	const bars = quiz.bars.map((bar) => {
		const count = bar.count === null ? '' : ` ${cell.repeat(Math.ceil((bar.count / most) * BAR_CELLS) || 0)} ${bar.count}`;
		return `${bar.label}${count}${bar.right ? ` ${mark}` : ''}`;
	});
	return {
		question: fit(wrapText(quiz.question, columns), columns, MAX_LINES.question, ellipsis),
		bars: fit(packBars(bars, columns), columns, MAX_LINES.bars, ellipsis),
		status: fit(wrapText(quiz.status, columns), columns, MAX_LINES.status, ellipsis),
	};
}

/** Rows the bar takes at this width: the question, the bars (when there are any to draw), the status. */
export function quizBarRows(quiz: QuizView, width: number, ascii: boolean): number {
	const lines = quizBarLines(quiz, width, ascii);
	return lines.question.length + lines.bars.length + lines.status.length;
}

export function QuizBar(props: {quiz: QuizView; width: number}): React.JSX.Element {
	const ui = useUi();
	const lines = quizBarLines(props.quiz, props.width, ui.ascii);
	return (
		<Box flexDirection="column" width={props.width} height={lines.question.length + lines.bars.length + lines.status.length}>
			{lines.question.map((line, i) => <Txt key={`q-${i}`} bold color="yellow">{line}</Txt>)}
			{lines.bars.map((line, i) => <Txt key={`b-${i}`}>{line}</Txt>)}
			{lines.status.map((line, i) => <Txt key={`s-${i}`} color="cyan">{line}</Txt>)}
		</Box>
	);
}
