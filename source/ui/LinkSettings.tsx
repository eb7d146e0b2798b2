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
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Txt bold color="yellow">{' ' + ui.t('linkTitle')}</Txt>
			<Txt dimColor>{' ' + truncate(ui.t('linkHelp'), props.width - 1)}</Txt>
			<Txt> </Txt>
			<Txt bold>
				{' ' + padEnd('', labelWidth)}
				{padStart(`c2s (${ui.t('client')}${ui.glyphs.arrow}${ui.t('server')})`, valueWidth + 8)}
				{padStart(`s2c (${ui.t('server')}${ui.glyphs.arrow}${ui.t('client')})`, valueWidth + 8)}
			</Txt>
			{LINK_FIELDS.map((field, i) => (
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
			))}
			<Txt> </Txt>
			<Txt color="red">{props.cursor.error ? ' ' + truncate(props.cursor.error, props.width - 1) : ' '}</Txt>
		</Box>
	);
}
