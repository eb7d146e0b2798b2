// A lesson's open question (predict, then reveal), as the model has put it for this viewer: the
// question, the choices or answers with their counts as bars, and what to do or what was right.
import React from 'react';
import {Box} from 'ink';
import {Txt, useUi} from './context.js';
import type {QuizView} from './model.js';

/** Rows the bar takes: the question, the bars (when there are any to draw), the status. */
export function quizBarRows(quiz: QuizView): number {
	return quiz.bars.length > 0 ? 3 : 2;
}
/** A bar of this many cells stands for the most answers given. */
const BAR_CELLS = 8;

export function QuizBar(props: {quiz: QuizView; width: number}): React.JSX.Element {
	const ui = useUi();
	const {quiz, width} = props;
	const most = Math.max(1, ...quiz.bars.map((bar) => bar.count ?? 0));
	const cell = ui.ascii ? '#' : '█';
	const mark = ui.ascii ? '(ok)' : '✓';
	const bars = quiz.bars.map((bar) => {
		const count = bar.count === null ? '' : ` ${cell.repeat(Math.ceil((bar.count / most) * BAR_CELLS) || 0)} ${bar.count}`;
		return `${bar.label}${count}${bar.right ? ` ${mark}` : ''}`;
	});
	return (
		<Box flexDirection="column" width={width} height={quizBarRows(quiz)}>
			<Txt bold color="yellow">{quiz.question}</Txt>
			{bars.length > 0 ? <Txt>{bars.join('   ')}</Txt> : null}
			<Txt color="cyan">{quiz.status}</Txt>
		</Box>
	);
}
