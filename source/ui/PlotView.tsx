// `g`: cwnd/ssthresh over time and the sequence-vs-time (Stevens) graph of the sending side,
// drawn by the lesson's plot components from a PlotRecorder.
import React from 'react';
import {Box} from 'ink';
import {CongestionPlots} from '../demo/Plot.js';
import type {PlotRecorder} from '../demo/plot-data.js';
import {Txt, useUi} from './context.js';
import {truncate} from './text.js';
import {useNow} from './now.js';

export interface PlotViewProps {
	recorder: PlotRecorder;
	now: number;
	width: number;
	height: number;
	/** A lesson is playing: its step keys work here too. */
	lesson?: boolean;
}

export function PlotView(props: PlotViewProps): React.JSX.Element {
	const ui = useUi();
	// The plots run up to now: they follow the clock.
	const now = useNow(props.now);
	// The plots take every row but the closing hint.
	const plotHeight = Math.max(2, props.height - 1);
	return (
		<Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
			<Box flexDirection="column" height={plotHeight} flexShrink={0} overflow="hidden">
				<CongestionPlots recorder={props.recorder} now={now} width={props.width} height={plotHeight} lang={ui.lang} ascii={ui.ascii} color={ui.color} />
			</Box>
			<Txt dimColor>{truncate(' ' + ui.t('plotClose') + (props.lesson ? ' ' + ui.t('lessonKeysHere') : ''), props.width)}</Txt>
		</Box>
	);
}
