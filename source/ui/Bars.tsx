// The top bar (virtual clock, speed, pause) and the bottom bars (link settings, keys, prompt).
import React, {useMemo} from 'react';
import {Box} from 'ink';
import type {UiKey} from '../i18n/ui.js';
import type {LinkConfig} from '../link/config.js';
import {Txt, useUi} from './context.js';
import {toAscii} from './glyphs.js';
import {barItems, type KeyItem} from './keymap.js';
import {linkSummary} from './link-fields.js';
import {useNow} from './now.js';
import type {Prompt} from './model.js';
import {formatSpeed, formatTime, padEnd, truncate, truncateStart, width} from './text.js';
import {sanitizeForTerminal} from '../text/sanitize.js';

/**
 * `profile`: the stack profile the world runs; `wireDefault`: it is the one --wire picks by itself
 * (said so, since it differs from the textbook default of lessons and free play). `note`: the
 * classroom's roster, in the seed's place on the right.
 */
export function TopBar(props: {
	now: number; speed: number; paused: boolean; seed: number; width: number; message: string | null;
	profile?: string; wireDefault?: boolean; note?: string | null;
}): React.JSX.Element {
	const ui = useUi();
	// The clock: this bar is drawn again as virtual time moves, without the rest of the screen.
	const now = useNow(props.now);
	// What does not move with the clock is worked out once for these props, not at every clock frame.
	const {appName, speed, stateText, stateWidth, full, fullWidth, short, shortWidth} = useMemo(() => {
		const state = props.paused ? ui.t('paused') : ui.t('running');
		const profile = props.profile === undefined ? '' : `${ui.t(props.wireDefault ? 'profileWireDefault' : 'profile', {profile: props.profile})}  `;
		const stateText = `${props.paused ? ui.glyphs.paused : ui.glyphs.running} ${state}`;
		const tail = props.note ?? ui.t('seed', {seed: props.seed});
		const full = `  ${profile}${tail} `;
		const short = `  ${tail} `;
		return {
			appName: ui.t('appName'), speed: ui.t('speed', {speed: formatSpeed(props.speed)}), stateText, stateWidth: width(stateText),
			full, fullWidth: width(full), short, shortWidth: width(short),
		};
	}, [ui, props.paused, props.profile, props.wireDefault, props.note, props.seed, props.speed]);
	const left = ` ${appName}  ${ui.t('time', {time: formatTime(now)})}  ${speed}  `;
	const leftWidth = width(left);
	// The bar is one line: what does not fit goes, least needed first (the profile, then the end of
	// the note); Ink would otherwise squeeze every part, the clock and the state with them.
	const room = Math.max(0, props.width - leftWidth - stateWidth);
	let right = full;
	let rightWidth = fullWidth;
	if (rightWidth > room) {
		right = short;
		rightWidth = shortWidth;
	}
	if (rightWidth > room) {
		right = truncate(right, room);
		rightWidth = width(right);
	}
	const messageRoom = Math.max(0, props.width - leftWidth - stateWidth - rightWidth - 2);
	const message = props.message ? ' ' + truncate(sanitizeForTerminal(props.message), messageRoom) : '';
	const fill = Math.max(0, props.width - leftWidth - stateWidth - width(message) - rightWidth);
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

// Priority 0 first, then 1, …: what the bar drops on a narrow screen is what help (?) still lists.
// (A lesson's keys are on its caption bar.) Both lines come from the keymap.
// A follower's lines hold only the keys that act for it (none of the pane's: they change the session).
const KEY_LINES = {
	own: {pane: barItems('pane'), global: barItems('global')},
	follower: {pane: barItems('pane', true), global: barItems('global', true)},
};

/** The items that fit in `room` columns, most needed first, shown in their own order. */
export function fitKeys(items: readonly KeyItem[], room: number, label: (key: UiKey) => string): Array<{key: string; label: string}> {
	const cells = items.map(([key, name], index) => ({key, label: label(name), index, priority: items[index]![2]}));
	const byNeed = [...cells].sort((a, b) => a.priority - b.priority || a.index - b.index);
	const kept = new Set<number>();
	let used = 0;
	for (const cell of byNeed) {
		const cost = width(cell.key) + 1 + width(cell.label) + (kept.size > 0 ? 1 : 0);
		if (used + cost > room) break;
		used += cost;
		kept.add(cell.index);
	}
	return cells.filter((cell) => kept.has(cell.index)).map(({key, label: text}) => ({key, label: text}));
}

// Memoised: the key lines change with the width, the message and the language, not with each frame.
const KeyLine = React.memo(function KeyLine(props: {items: readonly KeyItem[]; width: number; color?: string}): React.JSX.Element {
	const ui = useUi();
	// Measured as drawn: under --ascii, ␣ → _ and the arrows become < >.
	const drawn = (text: string): string => (ui.ascii ? toAscii(text) : text);
	const items = props.items.map(([key, name, priority]): KeyItem => [drawn(key), name, priority]);
	const fitted = fitKeys(items, props.width - 1, (name) => drawn(ui.t(name)));
	return (
		<Txt>
			{' '}
			{fitted.map((item, i) => (
				<Txt key={item.key}>
					<Txt bold color={props.color}>{(i > 0 ? ' ' : '') + item.key}</Txt>
					{' ' + item.label}
				</Txt>
			))}
		</Txt>
	);
});

/**
 * `message`: what the last key did (reset, left the demo…), shown in place of the pane's keys until
 * the next key. `follower`: a follower watching the teacher, shown only the keys that act for it.
 */
export function KeyBar(props: {width: number; message?: string | null; follower?: boolean}): React.JSX.Element {
	const ui = useUi();
	const lines = props.follower ? KEY_LINES.follower : KEY_LINES.own;
	return (
		<Box flexDirection="column" width={props.width} height={2} flexShrink={0}>
			{props.message
				? <Txt bold color="cyan">{truncate(' ' + sanitizeForTerminal(props.message), props.width)}</Txt>
				: lines.pane.length > 0
					? <KeyLine items={lines.pane} width={props.width} color="yellow" />
					: <Txt dimColor>{truncate(' ' + ui.t('kbFollowing'), props.width)}</Txt>}
			<KeyLine items={lines.global} width={props.width} color="cyan" />
		</Box>
	);
}

export function PromptBar(props: {prompt: Prompt; width: number}): React.JSX.Element {
	const ui = useUi();
	const p = props.prompt;
	const target = p.target === undefined ? '' : 'id' in p.target ? ui.t('faultTargetId', {id: p.target.id}) : ui.t('faultTargetNext', {dir: p.target.pattern.dir});
	const label = p.kind === 'fault' ? ui.t('promptFault', {target}) : p.kind === 'delay' ? ui.t('promptDelay', {target})
		: ui.t(p.kind === 'write' ? 'promptWrite' : p.kind === 'bind' ? 'promptBind' : p.kind === 'connect' ? 'promptConnect' : 'promptShutdown');
	const who = `${ui.t(p.side)}: `;
	// A long line (a paste) shows its end, where the cursor is; the label keeps at least 10 columns.
	const typing = p.kind !== 'shutdown' && p.kind !== 'fault';
	const cursor = typing ? `${truncateStart(p.text, props.width - width(who) - Math.min(10, width(label)) - 3)}_` : '';
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
