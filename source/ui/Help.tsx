// `?`: every key, grouped, in the user's language (the rows come from the keymap).
import React from 'react';
import {Box} from 'ink';
import {HELP_SECTIONS} from './keymap.js';
import {Txt, useUi} from './context.js';
import {padEnd, truncate} from './text.js';

export {HELP_SECTIONS} from './keymap.js';

export function Help(props: {width: number; height: number}): React.JSX.Element {
	const ui = useUi();
	const keyWidth = 10;
	const lines: Array<{text: string; bold?: boolean; key?: string}> = [];
	for (const section of HELP_SECTIONS) {
		lines.push({text: ui.t(section.title), bold: true});
		for (const [key, description] of section.keys) lines.push({key, text: ui.t(description)});
	}
	// Two columns when the screen is short.
	const room = props.height - 3;
	const columns = lines.length > room ? 2 : 1;
	const perColumn = Math.ceil(lines.length / columns);
	const columnWidth = Math.floor((props.width - 2) / columns);
	const chunks = Array.from({length: columns}, (_, i) => lines.slice(i * perColumn, (i + 1) * perColumn));
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Txt bold color="yellow">{' ' + ui.t('helpTitle')}</Txt>
			<Box flexDirection="row">
				{chunks.map((chunk, i) => (
					<Box key={`col-${i}`} flexDirection="column" width={columnWidth} marginLeft={1}>
						{chunk.map((line, j) => line.key === undefined ? (
							<Txt key={`h-${j}`} bold underline>{truncate(line.text, columnWidth - 1)}</Txt>
						) : (
							<Txt key={`k-${j}`}>
								<Txt bold color="cyan">{padEnd(line.key, keyWidth)}</Txt>
								{truncate(line.text, columnWidth - keyWidth - 1)}
							</Txt>
						))}
					</Box>
				))}
			</Box>
			<Txt dimColor>{' ' + ui.t('helpClose')}</Txt>
		</Box>
	);
}
