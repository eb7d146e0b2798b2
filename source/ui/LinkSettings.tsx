// `l`: every impairment of both directions, edited live. ↑↓ field, ←→ direction, type, Enter.
import React from 'react';
import {Box} from 'ink';
import type {LinkConfig} from '../link/config.js';
import {Txt, useUi} from './context.js';
import {toAscii} from './glyphs.js';
import {formatLinkValue, LINK_FIELDS} from './link-fields.js';
import type {LinkCursor} from './model.js';
import {padEnd, padStart, truncate, width} from './text.js';

export function LinkSettings(props: {c2s: LinkConfig; s2c: LinkConfig; cursor: LinkCursor; width: number; height: number}): React.JSX.Element {
	const ui = useUi();
	// Mapped to ASCII before measuring: "∞" becomes "inf", wider than the character it replaces.
	const plain = (text: string): string => (ui.ascii ? toAscii(text) : text);
	const labels = LINK_FIELDS.map((f) => plain(ui.t(f.label)));
	const labelWidth = Math.min(Math.max(...labels.map((l) => width(l))) + 2, Math.floor(props.width / 2));
	const valueWidth = 16;
	const configs = {c2s: props.c2s, s2c: props.s2c};
	// 20 rows in all. When fewer fit (80×24 with a lesson's caption), the blank rows and then the title
	// go first; then the fields scroll with the cursor, so the field being typed is always on screen.
	const spare = props.height - 3 - LINK_FIELDS.length;
	const fieldRows = Math.max(1, Math.min(LINK_FIELDS.length, props.height - 3));
	const first = Math.max(0, Math.min(props.cursor.field - Math.floor(fieldRows / 2), LINK_FIELDS.length - fieldRows));
	const visible = LINK_FIELDS.slice(first, first + fieldRows);
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			{spare >= 1 ? <Txt bold color="yellow">{' ' + ui.t('linkTitle')}</Txt> : null}
			<Txt dimColor>{' ' + truncate(ui.t('linkHelp'), props.width - 1)}</Txt>
			{spare >= 2 ? <Txt> </Txt> : null}
			<Txt bold>
				{' ' + padEnd('', labelWidth)}
				{padStart(`c2s (${ui.t('client')}${ui.glyphs.arrow}${ui.t('server')})`, valueWidth + 8)}
				{padStart(`s2c (${ui.t('server')}${ui.glyphs.arrow}${ui.t('client')})`, valueWidth + 8)}
			</Txt>
			{visible.map((field, row) => {
				const i = first + row;
				return (
					<Txt key={field.key}>
						{' '}
						<Txt bold={i === props.cursor.field}>{padEnd(labels[i]!, labelWidth)}</Txt>
						{(['c2s', 's2c'] as const).map((dir) => {
							const active = i === props.cursor.field && dir === props.cursor.dir;
							const editing = active && props.cursor.text !== null;
							const shown = editing ? `${props.cursor.text}_` : plain(formatLinkValue(field, configs[dir]));
							// Without colour inverse may not show: the cursor is also a marker.
							const value = active && !ui.color ? `${ui.glyphs.pointer}${shown}` : shown;
							return (
								<Txt key={dir} inverse={active} color={editing ? 'yellow' : undefined}>
									{padStart(value, valueWidth + 8)}
								</Txt>
							);
						})}
					</Txt>
				);
			})}
			{spare >= 3 ? <Txt> </Txt> : null}
			<Txt color="red">{props.cursor.error ? ' ' + truncate(props.cursor.error, props.width - 1) : ' '}</Txt>
		</Box>
	);
}
