// `t`: the session as the notes' three-column table (client | segments | server), scrollable.
import React from 'react';
import {Box} from 'ink';
import type {TranscriptRow} from '../scenario/transcript.js';
import {TranscriptTable} from '../scenario/transcript-view.js';
import {Txt, useUi} from './context.js';
import {truncate} from './text.js';
import {sanitizeForTerminal} from '../text/sanitize.js';

/** Lines one transcript row takes in the table (its tallest cell, plus the separator). */
function rowLines(row: TranscriptRow): number {
	return Math.max(1, row.client.length, row.segments.length, row.server.length) + 1;
}

export function TranscriptView(props: {rows: readonly TranscriptRow[]; scroll: number; width: number; height: number; message: string | null}): React.JSX.Element {
	const ui = useUi();
	const room = props.height - 2 - 4; // title, help; table top, heading, separator, bottom
	// `scroll` counts rows back from the newest: 0 shows the latest moments.
	const end = Math.max(0, props.rows.length - Math.min(props.scroll, Math.max(0, props.rows.length - 1)));
	const shown: TranscriptRow[] = [];
	let used = 0;
	for (let i = end - 1; i >= 0; i--) {
		const row = props.rows[i]!;
		if (used + rowLines(row) > room && shown.length > 0) break;
		shown.unshift(row);
		used += rowLines(row);
	}
	const first = end - shown.length;
	// t column ~9 cells, 5 borders, padding 2 per column.
	const columnWidth = Math.max(8, Math.floor((props.width - 9 - 5 - 8) / 3));
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Txt bold color="yellow">{truncate(` ${ui.t('transcriptTitle')} (${first + 1}–${first + shown.length}/${props.rows.length})`, props.width)}</Txt>
			{props.rows.length === 0 ? (
				<Txt>{' ' + ui.t('transcriptEmpty')}</Txt>
			) : (
				<TranscriptTable rows={shown} lang={ui.lang} ascii={ui.ascii} color={ui.color} maxColumnWidth={columnWidth} />
			)}
			<Txt dimColor>{truncate(' ' + sanitizeForTerminal(props.message ?? ui.t('transcriptHelp')), props.width)}</Txt>
		</Box>
	);
}

