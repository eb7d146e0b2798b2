// `?`: every key, grouped, in the user's language (the rows come from the keymap). When the keys do
// not fit the screen in two columns, help is shown a page at a time (↓ ↑ turn the pages).
import React from 'react';
import {Box} from 'ink';
import {helpSections} from './keymap.js';
import {Txt, useUi} from './context.js';
import {padEnd, truncate} from './text.js';

export {HELP_SECTIONS} from './keymap.js';

type HelpLine = {text: string; key?: string};

/** Widest a column gets before help goes to two; narrower than this, one column. */
const ONE_COLUMN_MAX = 60;

/**
 * How help's lines fall into columns and pages for a body of `width` × `height` (the title and
 * footer lines included in `height`). `page` is any integer: it wraps, so ↓ from the last page
 * shows the first.
 */
export function helpPages<T>(lines: readonly T[], width: number, height: number, page: number): {columns: T[][]; page: number; pages: number} {
	const room = Math.max(1, height - 2);
	const columnCount = lines.length > room && width >= ONE_COLUMN_MAX ? 2 : 1;
	const perPage = room * columnCount;
	const pages = Math.max(1, Math.ceil(lines.length / perPage));
	const shown = ((page % pages) + pages) % pages;
	const onPage = lines.slice(shown * perPage, (shown + 1) * perPage);
	// Balanced columns, the first never shorter than the second.
	const perColumn = Math.ceil(onPage.length / columnCount);
	const columns = Array.from({length: columnCount}, (_, i) => onPage.slice(i * perColumn, (i + 1) * perColumn));
	return {columns, page: shown, pages};
}

/** `follower`: a follower watching the teacher, whose help lists only the keys that act for it. */
export function Help(props: {width: number; height: number; page?: number; follower?: boolean}): React.JSX.Element {
	const ui = useUi();
	const keyWidth = 10;
	const lines: HelpLine[] = [];
	for (const section of helpSections(props.follower === true)) {
		lines.push({text: ui.t(section.title)});
		for (const [key, description] of section.keys) lines.push({key, text: ui.t(description)});
	}
	const {columns, page, pages} = helpPages(lines, props.width, props.height, props.page ?? 0);
	const columnWidth = Math.floor((props.width - 2) / columns.length);
	const footer = pages > 1 ? `${ui.t('helpClose')}  ${ui.t('helpMore', {page: page + 1, pages})}` : ui.t('helpClose');
	return (
		<Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
			<Txt bold color="yellow">{truncate(' ' + ui.t('helpTitle'), props.width)}</Txt>
			<Box flexDirection="row" flexGrow={1}>
				{columns.map((chunk, i) => (
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
			<Txt dimColor>{truncate(' ' + footer, props.width)}</Txt>
		</Box>
	);
}
