// The top bar (virtual clock, speed, pause) and the bottom bars (link settings, keys, prompt).
import React from 'react';
import {Box} from 'ink';
import type {LinkConfig} from '../link/config.js';
import {Txt, useUi} from './context.js';
import {linkSummary} from './link-fields.js';
import type {Prompt} from './model.js';
import {formatSpeed, formatTime, padEnd, truncate, width} from './text.js';

export function TopBar(props: {now: number; speed: number; paused: boolean; seed: number; width: number; message: string | null}): React.JSX.Element {
	const ui = useUi();
	const state = props.paused ? ui.t('paused') : ui.t('running');
	const left = ` ${ui.t('appName')}  ${ui.t('time', {time: formatTime(props.now)})}  ${ui.t('speed', {speed: formatSpeed(props.speed)})}  `;
	const right = `  ${ui.t('seed', {seed: props.seed})} `;
	const stateText = `${props.paused ? ui.glyphs.paused : ui.glyphs.running} ${state}`;
	const messageRoom = Math.max(0, props.width - width(left) - width(stateText) - width(right) - 2);
	const message = props.message ? ' ' + truncate(props.message, messageRoom) : '';
	const fill = Math.max(0, props.width - width(left) - width(stateText) - width(message) - width(right));
	return (
		<Box width={props.width} height={1} flexShrink={0}>
			<Txt bold>{left}</Txt>
			<Txt bold inverse={props.paused} color={props.paused ? 'yellow' : 'green'}>{stateText}</Txt>
			<Txt color="cyan">{message}</Txt>
			<Txt>{' '.repeat(fill)}</Txt>
			<Txt dimColor>{right}</Txt>
		</Box>
	);
}

export function LinkBar(props: {c2s: LinkConfig; s2c: LinkConfig; width: number}): React.JSX.Element {
	const ui = useUi();
	const text = `${ui.t('linkSummary', {dir: 'c2s', summary: linkSummary(props.c2s, ui.lang)})} ${ui.glyphs.rail} ${ui.t('linkSummary', {dir: 's2c', summary: linkSummary(props.s2c, ui.lang)})}`;
	return (
		<Box width={props.width} height={1} flexShrink={0}>
			<Txt dimColor>{padEnd(' ' + text, props.width)}</Txt>
		</Box>
	);
}

export function KeyBar(props: {width: number; demo: boolean}): React.JSX.Element {
	const ui = useUi();
	const pane = props.demo ? `${ui.t('demoKeys')}  ${ui.t('keyBarPane')}` : ui.t('keyBarPane');
	return (
		<Box flexDirection="column" width={props.width} height={2} flexShrink={0}>
			<Txt color="yellow">{truncate(' ' + pane, props.width)}</Txt>
			<Txt>{truncate(' ' + ui.t('keyBarGlobal'), props.width)}</Txt>
		</Box>
	);
}

export function PromptBar(props: {prompt: Prompt; width: number}): React.JSX.Element {
	const ui = useUi();
	const p = props.prompt;
	const label = ui.t(p.kind === 'write' ? 'promptWrite' : p.kind === 'bind' ? 'promptBind' : p.kind === 'connect' ? 'promptConnect' : 'promptShutdown');
	const who = `${ui.t(p.side)}: `;
	const cursor = p.kind === 'shutdown' ? '' : `${p.text}_`;
	const room = Math.max(10, props.width - width(who) - width(cursor) - 2);
	return (
		<Box flexDirection="column" width={props.width} height={2} flexShrink={0}>
			<Txt>
				<Txt bold color="yellow">{' ' + who}</Txt>
				<Txt>{truncate(label, room)}</Txt>
				<Txt bold inverse>{cursor}</Txt>
			</Txt>
			<Txt color="red">{p.error ? truncate(' ' + p.error, props.width) : ' '}</Txt>
		</Box>
	);
}
