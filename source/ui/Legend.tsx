// `m`: one screen that explains every glyph of the ladder and every mark written before a label.
import React from 'react';
import {Box} from 'ink';
import {markText, type MarkKey} from '../i18n/marks.js';
import type {Lang} from '../i18n/lang.js';
import type {Glyphs} from './glyphs.js';
import {Txt, useUi} from './context.js';
import {padEnd, truncate, width} from './text.js';

export interface LegendLine {
	/** A section title when `symbol` is absent. */
	text: string;
	symbol?: string;
}

/** The legend's lines: glyphs, then marks (each mark as the ladder writes it). */
export function legendLines(lang: Lang, g: Glyphs): LegendLine[] {
	const m = (key: MarkKey, params: Record<string, string | number> = {}): string => markText(lang, key, params);
	// Descriptions name the arrow as the glyph set draws it (`->` under --ascii, not a look-alike `>`).
	const line = (symbol: string, key: MarkKey): LegendLine => ({symbol, text: m(key).replaceAll('→', g.arrow)});
	return [
		{text: m('legendGlyphs')},
		line(`${g.shaft}${g.shaft}${g.rightHead}`, 'lgArrowRight'),
		line(`${g.leftHead}${g.shaft}${g.shaft}`, 'lgArrowLeft'),
		line(`${g.shaft}${g.lost}`, 'lgLostGlyph'),
		line(g.rail, 'lgRail'),
		line(g.pointer, 'lgSelected'),
		line(g.timer, 'lgTimer'),
		line('1.250', 'lgTime'),
		line('╲ ╱', 'lgSlant'),
		{text: m('legendMarks')},
		line(m('markLost'), 'lgLost'),
		line(m('markChecksum'), 'lgChecksum'),
		line(m('markDropped', {reason: '…'}), 'lgDropped'),
		line(m('markCopy'), 'lgCopy'),
		line(m('markReordered'), 'lgReordered'),
		line(m('markRtx', {n: 'n', cause: '…'}), 'lgRtx'),
		line(`  ${m('causeRto')}`, 'lgRto'),
		line(`  ${m('causeFast')}`, 'lgFast'),
		line(`  ${m('causeSack')}`, 'lgSackCause'),
		line(`  ${m('causeProbe')}`, 'lgProbe'),
		line(`  ${m('causeKeepalive')}`, 'lgKeepalive'),
		line(`  ${m('causeDupSyn')}`, 'lgDupSyn'),
		line(m('markDupAck', {n: 'n'}), 'lgDupAck'),
		line(m('markSack'), 'lgSack'),
		line(m('noteWindowUpdate'), 'lgWinUpdate'),
		line(m('noteZeroWindow'), 'lgZeroWin'),
		line(m('noteChallengeAck'), 'lgChallenge'),
		line(m('noteOldDuplicate'), 'lgOldDup'),
		line(m('faultDrop').replace(/\S+$/, '…'), 'lgFault'),
	];
}

export function Legend(props: {width: number; height: number}): React.JSX.Element {
	const ui = useUi();
	const lines = legendLines(ui.lang, ui.glyphs);
	const room = Math.max(1, props.height - 2);
	const columns = lines.length > room ? 2 : 1;
	const perColumn = Math.ceil(lines.length / columns);
	const columnWidth = Math.floor((props.width - 2) / columns);
	const symbolWidth = Math.max(...lines.filter((l) => l.symbol !== undefined).map((l) => width(l.symbol!))) + 2;
	const chunks = Array.from({length: columns}, (_, i) => lines.slice(i * perColumn, (i + 1) * perColumn));
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Txt bold color="yellow">{' ' + markText(ui.lang, 'legendTitle')}</Txt>
			<Box flexDirection="row" height={room} overflow="hidden">
				{chunks.map((chunk, i) => (
					<Box key={`col-${i}`} flexDirection="column" width={columnWidth} marginLeft={1}>
						{chunk.map((line, j) => line.symbol === undefined ? (
							<Txt key={`h-${j}`} bold underline>{truncate(line.text, columnWidth - 1)}</Txt>
						) : (
							<Txt key={`k-${j}`}>
								<Txt bold color="cyan">{padEnd(line.symbol, symbolWidth)}</Txt>
								{truncate(line.text, columnWidth - symbolWidth - 1)}
							</Txt>
						))}
					</Box>
				))}
			</Box>
			<Txt dimColor>{' ' + markText(ui.lang, 'legendClose')}</Txt>
		</Box>
	);
}
