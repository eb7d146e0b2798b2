// What a terminal smaller than the minimum shows instead of a garbled layout.
import React from 'react';
import {Box} from 'ink';
import {Txt, useUi} from './context.js';
import {MIN_COLUMNS, MIN_ROWS} from './layout.js';
import {truncate} from './text.js';

export function TooSmall(props: {columns: number; rows: number; height: number}): React.JSX.Element {
	const ui = useUi();
	const lines = [
		ui.t('tooSmall', {w: MIN_COLUMNS, h: MIN_ROWS, cw: props.columns, ch: props.rows}),
		ui.t('tooSmallQuit'),
	];
	return (
		<Box flexDirection="column" width={props.columns} height={props.height}>
			{lines.map((line) => (
				<Txt key={line} bold wrap="wrap">{truncate(line, props.columns * Math.max(1, props.height - 1))}</Txt>
			))}
		</Box>
	);
}
