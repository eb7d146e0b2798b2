// One endpoint: address, state (large, coloured), blocked call, sockets, TCB, buffers, call log.
import React from 'react';
import {Box} from 'ink';
import type {ConnectionSnapshot, HostSnapshot, SocketSnapshot} from '../stack/types.js';
import {STATE_COLORS, Txt, useUi, type Ui} from './context.js';
import {callLine, LISTED_SOCKETS, socketKey, socketNames} from './format.js';
import {Table} from './Table.js';
import {relativeTo, type CallEntry} from './store.js';
import {useNowText} from './now.js';
import {center, formatCountdown, padEnd, padStart, truncate, width} from './text.js';

export interface PaneProps {
	side: 'client' | 'server';
	host: HostSnapshot;
	selected: SocketSnapshot | null;
	calls: readonly CallEntry[];
	now: number;
	focused: boolean;
	width: number;
	height: number;
	/** Draw the TCB with the table component (tall terminals). */
	tall: boolean;
	/** The other end of a wire: nothing to drive here. */
	remote?: boolean;
	/** SND.UNA, SND.NXT and RCV.NXT relative to the ISNs (as the ladder draws them); ISS and IRS stay absolute. */
	relative?: boolean;
	/** Fields of this host a lesson's caption names ({client.cwnd} → cwnd): their TCB rows are kept first. */
	captionFields?: readonly string[];
	/** `HOST:PORT` of a tunnel bound beyond loopback (anyone there can send into it): shown as a warning. */
	exposed?: string | null;
	/** A follower's pane: its keys are the teacher's, so it is not told to press one. */
	watching?: boolean;
}

/** The TCB row that shows each caption field. */
const CAPTION_FIELD_ROWS: Record<string, string> = {
	isn: 'ISS', iss: 'ISS', peerIsn: 'IRS', irs: 'IRS', sndUna: 'SND.UNA', sndNxt: 'SND.NXT', sndWnd: 'SND.WND',
	rcvNxt: 'RCV.NXT', rcvWnd: 'RCV.WND', cwnd: 'cwnd', ssthresh: 'ssthresh', rto: 'RTO',
};

interface TcbRow {
	name: string;
	value: string;
	/** Lower numbers are kept first when the pane is short. */
	priority: number;
	/** A countdown: the virtual instant it reaches 0 (its value, as of `now`, follows the clock when drawn). */
	endsAt?: number;
}

function num(value: number | null): string {
	return value === null ? '—' : String(value);
}

/** A sequence number as drawn: relative to its ISN when asked (and when the ISN is known). */
function seqNum(value: number | null, base: number | null, relative: boolean): string {
	return value === null ? '—' : String(relative ? relativeTo(value, base) : value);
}

export function tcbRows(conn: ConnectionSnapshot, now: number, ui: Ui, relative = false): TcbRow[] {
	const rows: TcbRow[] = [
		{name: 'SND.UNA', value: seqNum(conn.sndUna, conn.iss, relative), priority: 1},
		{name: 'SND.NXT', value: seqNum(conn.sndNxt, conn.iss, relative), priority: 1},
		{name: 'SND.WND', value: String(conn.sndWnd), priority: 3},
		{name: 'RCV.NXT', value: seqNum(conn.rcvNxt, conn.irs, relative), priority: 1},
		{name: 'RCV.WND', value: String(conn.rcvWnd), priority: 3},
		{name: 'ISS', value: num(conn.iss), priority: 2},
		{name: 'IRS', value: num(conn.irs), priority: 2},
		{name: 'cwnd', value: String(conn.cwnd), priority: 4},
		{name: 'ssthresh', value: String(conn.ssthresh), priority: 5},
		{name: 'RTO', value: formatCountdown(conn.rto), priority: 5},
	];
	for (const timer of conn.timers) {
		if (timer.name === 'time-wait' && conn.timeWaitUntil !== null) continue;
		rows.push({name: `${ui.glyphs.timer}${timer.name}`, value: formatCountdown(timer.at - now), priority: 0, endsAt: timer.at});
	}
	if (conn.timeWaitUntil !== null) rows.push({name: 'TIME_WAIT', value: formatCountdown(conn.timeWaitUntil - now), priority: 0, endsAt: conn.timeWaitUntil});
	return rows;
}

/** Keep the `room` most important rows, in their original order. */
function fitRows(rows: TcbRow[], room: number): TcbRow[] {
	if (rows.length <= room) return rows;
	const keep = new Set([...rows].sort((a, b) => a.priority - b.priority).slice(0, Math.max(0, room)));
	return rows.filter((r) => keep.has(r));
}

function socketLine(socket: SocketSnapshot, name: string, selected: boolean, ui: Ui, inner: number): string {
	const mark = selected ? ui.glyphs.pointer : ' ';
	const where = socket.role === 'listener' || !socket.connection?.remote
		? (socket.local ? `:${socket.local.port}` : '')
		: `${socket.connection.remote.addr}:${socket.connection.remote.port}`;
	const orphan = socket.orphaned ? ` (${ui.t('orphan')})` : '';
	return truncate(`${mark}${name} ${socket.state} ${where}${orphan}`, inner);
}

/**
 * A countdown's value, padded to `width`: it alone re-renders as the clock moves (the pane around it
 * is drawn from the world, which a tick of the clock does not change).
 */
function Countdown(props: {endsAt: number; now: number; width: number}): React.JSX.Element {
	const shown = useNowText(props.now, (now) => formatCountdown(props.endsAt - now));
	return <>{padStart(shown, props.width)}</>;
}

/** The TCB as a table (tall panes): its column widths follow the values, so it follows the clock while it shows a countdown. */
function TcbTable(props: {rows: readonly TcbRow[]; now: number; ascii: boolean; color: boolean}): React.JSX.Element {
	// The rows' values as of the clock, one per line: the table is drawn again only when one of them changes.
	const values = useNowText(props.now, (now) => props.rows.map((r) => (r.endsAt === undefined ? r.value : formatCountdown(r.endsAt - now))).join('\n'), props.rows.some((r) => r.endsAt !== undefined)).split('\n');
	const data = props.rows.map((r, i) => ({name: r.name, value: values[i]!}));
	return <Table data={data} columns={['name', 'value']} headings={{name: 'TCB', value: ''}} ascii={props.ascii} color={props.color} />;
}

/**
 * A buffer's fill. Memoised: its props are numbers and a label, so a bar whose fill did not move
 * (most frames while data crosses) is not drawn again; its line holds elements, which a Txt alone
 * would take as new every time.
 */
const Bar = React.memo(function Bar(props: {label: string; used: number; size: number; inner: number}): React.JSX.Element {
	const ui = useUi();
	const numbers = `${props.used}/${props.size}`;
	const labelWidth = 5;
	const barWidth = Math.max(3, props.inner - labelWidth - width(numbers) - 2);
	const filled = props.size > 0 ? Math.min(barWidth, Math.ceil((props.used / props.size) * barWidth)) : 0;
	return (
		<Txt>
			{padEnd(props.label, labelWidth)}
			<Txt color="cyan">{ui.glyphs.barFull.repeat(filled)}</Txt>
			<Txt dimColor>{ui.glyphs.barEmpty.repeat(barWidth - filled)}</Txt>
			{' ' + truncate(numbers, props.inner - labelWidth - barWidth - 1)}
		</Txt>
	);
});

/**
 * One TCB row of a short pane: its name, then its value or its countdown. Memoised on these
 * values (all strings and numbers), so only the rows whose value changed are drawn again.
 */
const TcbLine = React.memo(function TcbLine(props: {
	name: string; value: string; priority: number; endsAt: number | undefined; nameWidth: number; valueWidth: number; now: number;
}): React.JSX.Element {
	return (
		<Txt>
			<Txt dimColor={props.priority > 0} color={props.priority === 0 ? 'red' : props.priority < 0 ? 'cyan' : undefined}>{padEnd(props.name, props.nameWidth)}</Txt>
			{props.endsAt === undefined ? padStart(props.value, props.valueWidth) : <Countdown endsAt={props.endsAt} now={props.now} width={props.valueWidth} />}
		</Txt>
	);
});

/** The first call blocked on any of the host's sockets (a host may hold a hundred sockets in TIME_WAIT: no array is made of them). */
function firstBlocked(sockets: readonly SocketSnapshot[]): SocketSnapshot['blocked'][number] | undefined {
	for (const s of sockets) if (s.blocked.length > 0) return s.blocked[0];
	return undefined;
}

export function Pane(props: PaneProps): React.JSX.Element {
	const ui = useUi();
	const inner = props.width - 2;
	const innerHeight = props.height - 2;
	const socket = props.selected;
	const conn = socket?.connection ?? null;
	const state = socket?.state ?? 'CLOSED';
	const local = socket?.local ? `${socket.local.addr === '0.0.0.0' ? props.host.addr : socket.local.addr}:${socket.local.port}` : props.host.addr;
	// Without colour (--no-color, NO_COLOR) neither the yellow border nor bold may show: a marker does.
	const focusMark = props.focused && !ui.color ? ui.glyphs.pointer : '';
	// A narrow pane (80 columns, Korean; a long --wire address) gives up the label before the
	// address: the full label, a short one, none; only then the port alone.
	const titles = [
		`${focusMark}${ui.t(props.side)} ${local}`,
		`${focusMark}${ui.t(props.side === 'client' ? 'clientShort' : 'serverShort')} ${local}`,
		`${focusMark}${local}`,
		...(socket?.local ? [`${focusMark}${ui.t(props.side)} :${socket.local.port}`] : []),
	];
	const title = titles.find((text) => width(text) <= inner) ?? titles.at(-1)!;
	const blocked = socket?.blocked[0] ?? firstBlocked(props.host.sockets);
	const showSockets = props.side === 'server' || props.host.sockets.length > 1;

	let used = 3; // title, state, blocked line
	if (props.tall) used += 2; // boxed state
	const socketLines = showSockets ? props.host.sockets.slice(-LISTED_SOCKETS) : [];
	const names = socketNames(props.host.sockets).slice(props.host.sockets.length - socketLines.length);
	used += socketLines.length;
	const bars = conn ? 2 : 0;
	used += bars;
	const named = new Set((props.captionFields ?? []).map((field) => CAPTION_FIELD_ROWS[field]));
	// The rows a caption names may take room from the call log (down to one line of it).
	const minLog = Math.max(1, (props.tall ? 6 : 4) - named.size);
	// What the caption talks about goes before everything else, timers included.
	const allRows = (conn ? tcbRows(conn, props.now, ui, props.relative ?? false) : []).map((row) => (named.has(row.name) ? {...row, priority: -1} : row));
	const tableCost = (n: number): number => (props.tall ? 2 * n + 3 : n);
	let tcbRoom = Math.max(0, innerHeight - used - minLog);
	let rows = allRows;
	if (props.tall) {
		while (rows.length > 0 && tableCost(rows.length) > tcbRoom) rows = fitRows(rows, rows.length - 1);
	} else {
		rows = fitRows(rows, tcbRoom);
	}
	tcbRoom = rows.length > 0 ? tableCost(rows.length) : 0;
	const logRoom = Math.max(0, innerHeight - used - tcbRoom);
	const calls = logRoom > 0 ? props.calls.slice(-logRoom) : [];
	const nameWidth = Math.max(0, ...rows.map((r) => width(r.name)));

	const stateText = ` ${state} `;
	return (
		<Box
			flexDirection="column"
			width={props.width}
			height={props.height}
			flexShrink={0}
			overflow="hidden"
			borderStyle={props.focused && !ui.color && !ui.ascii ? 'double' : ui.glyphs.border}
			borderColor={props.focused && ui.color ? 'yellow' : undefined}
			borderDimColor={!props.focused}
		>
			<Txt bold={props.focused} color={props.focused ? 'yellow' : undefined}>{truncate(title, inner)}</Txt>
			{props.tall ? (
				<Box borderStyle={ui.glyphs.border} borderColor={ui.c(STATE_COLORS[state] ?? 'white')} width={Math.min(inner, width(stateText) + 2)}>
					<Txt bold color={STATE_COLORS[state]}>{truncate(stateText, inner - 2)}</Txt>
				</Box>
			) : (
				<Txt bold inverse color={STATE_COLORS[state]}>{truncate(stateText, inner)}</Txt>
			)}
			{props.remote && props.exposed ? (
				<Txt bold color="yellow">{truncate(ui.t('wireExposed', {addr: props.exposed}), inner)}</Txt>
			) : props.remote ? (
				<Txt dimColor>{truncate(ui.t('wireRemote'), inner)}</Txt>
			) : blocked ? (
				<Txt color="yellow">{truncate(ui.t('blocked', {call: blocked.call}), inner)}</Txt>
			) : !socket ? (
				<Txt dimColor>{truncate(ui.t(props.watching ? 'noSocketYet' : 'noSocket'), inner)}</Txt>
			) : socket.listener ? (
				<Txt dimColor>{truncate(ui.t('listenerInfo', {syn: socket.listener.synQueue, max: socket.listener.synQueueMax, acc: socket.listener.acceptQueue}), inner)}</Txt>
			) : (
				<Txt> </Txt>
			)}
			{socketLines.map((s, i) => (
				<Txt key={`sock-${socketKey(s)}`} color={s === socket ? 'yellow' : undefined} dimColor={s !== socket}>
					{socketLine(s, names[i]!, s === socket, ui, inner)}
				</Txt>
			))}
			{rows.length > 0 && props.tall ? (
				<TcbTable rows={rows} now={props.now} ascii={ui.ascii} color={ui.color} />
			) : (
				rows.map((r) => (
					<TcbLine key={`tcb-${r.name}`} name={r.name} value={r.endsAt === undefined ? r.value : ''} priority={r.priority} endsAt={r.endsAt} nameWidth={nameWidth}
						valueWidth={Math.max(0, inner - nameWidth)} now={r.endsAt === undefined ? 0 : props.now} />
				))
			)}
			{conn ? <Bar label={ui.t('sndBuf')} used={conn.sendBuffer.used} size={conn.sendBuffer.size} inner={inner} /> : null}
			{conn ? <Bar label={ui.t('rcvBuf')} used={conn.recvBuffer.used} size={conn.recvBuffer.size} inner={inner} /> : null}
			{calls.length === 0 && logRoom > 0 ? <Txt dimColor>{center(ui.t('noCalls'), inner)}</Txt> : null}
			{/* Keyed by place: a new call scrolls the log, and each line takes the text below it
			    instead of one line being made and another dropped. */}
			{calls.map((c, i) => (
				<Txt key={`call-${i}`} color={c.status === 'failed' ? 'red' : c.status === 'blocked' ? 'yellow' : undefined}>
					{callLine(c, ui.lang, inner, ui.glyphs.arrow, ui.glyphs.ellipsis)}
				</Txt>
			))}
		</Box>
	);
}
