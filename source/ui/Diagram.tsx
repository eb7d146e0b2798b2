// `d`: the full RFC 9293 state diagram (Figure 5, plus FIN_WAIT_1 → TIME_WAIT on a FIN that also
// acknowledges our FIN), with both endpoints' states highlighted and each one's last transition
// marked on its arrow and spelled out, with its cause, underneath.
import React from 'react';
import {Box} from 'ink';
import {protocolText} from '../i18n/protocol.js';
import type {TcpState} from '../stack/types.js';
import {Txt, useUi} from './context.js';
import type {Transition} from './store.js';
import {formatTime, truncate} from './text.js';

/** One arrow of the diagram: its label sits on DIAGRAM[row] from column `col`. */
export interface DiagramEdge {
	from: TcpState;
	to: TcpState;
	label: string;
	row: number;
	col: number;
}

// `{STATE}` marks a highlightable state; its braces become the marker column (C, S, *) and a space.
// Labels are RFC 9293's "event / action" notation, the same in every language; the column before
// each is a space, where the marker of a side whose last transition it was goes. Every character
// is one column wide, so a string index is a screen column.
export const DIAGRAM: readonly string[] = [
	'          ┌──── passive open ───────{CLOSED}── active open / snd SYN ──┐',
	'          │                     close ▲  ▲ close                       │',
	'          ▼  ┌────────────────────────┘  └──────────────────────────┐  ▼',
	'       {LISTEN}──────────────── send / snd SYN ──────────────────▶{SYN_SENT}',
	' rcv RST ▲  ▼ rcv SYN / snd SYN,ACK                                   │  │',
	'     {SYN_RCVD}◀─────────────────────── rcv SYN / snd SYN,ACK ────────┘  │',
	'        │   │                                                            │',
	'        │   └─ rcv ACK of SYN ──▶{ESTABLISHED}◀─ rcv SYN,ACK / snd ACK ──┘',
	'        │ close / snd FIN           │     │',
	'        ▼                           │     │',
	' ┌──{FIN_WAIT_1}◀ close / snd FIN ──┘     └ rcv FIN / snd ACK ─▶{CLOSE_WAIT}',
	' │    │      └ rcv FIN / snd ACK ──┐                                  │',
	' │    ▼ rcv ACK of FIN             ▼                  close / snd FIN ▼',
	' │  {FIN_WAIT_2}                {CLOSING}                         {LAST_ACK}',
	' │      └─ rcv FIN / snd ACK ────┐   │ rcv ACK of FIN                 │',
	' │                               ▼   ▼                 rcv ACK of FIN ▼',
	' └── rcv FIN,ACK / snd ACK ───▶{TIME_WAIT}─── 2×MSL timeout ─────▶(CLOSED)',
];

export const DIAGRAM_EDGES: readonly DiagramEdge[] = [
	{from: 'CLOSED', to: 'LISTEN', label: 'passive open', row: 0, col: 16},
	{from: 'LISTEN', to: 'CLOSED', label: 'close', row: 1, col: 32},
	{from: 'CLOSED', to: 'SYN_SENT', label: 'active open / snd SYN', row: 0, col: 47},
	{from: 'SYN_SENT', to: 'CLOSED', label: 'close', row: 1, col: 43},
	{from: 'LISTEN', to: 'SYN_SENT', label: 'send / snd SYN', row: 3, col: 32},
	{from: 'SYN_RCVD', to: 'LISTEN', label: 'rcv RST', row: 4, col: 1},
	{from: 'LISTEN', to: 'SYN_RCVD', label: 'rcv SYN / snd SYN,ACK', row: 4, col: 14},
	{from: 'SYN_SENT', to: 'SYN_RCVD', label: 'rcv SYN / snd SYN,ACK', row: 5, col: 40},
	{from: 'SYN_RCVD', to: 'ESTABLISHED', label: 'rcv ACK of SYN', row: 7, col: 15},
	{from: 'SYN_SENT', to: 'ESTABLISHED', label: 'rcv SYN,ACK / snd ACK', row: 7, col: 49},
	{from: 'SYN_RCVD', to: 'FIN_WAIT_1', label: 'close / snd FIN', row: 8, col: 10},
	{from: 'ESTABLISHED', to: 'FIN_WAIT_1', label: 'close / snd FIN', row: 10, col: 18},
	{from: 'ESTABLISHED', to: 'CLOSE_WAIT', label: 'rcv FIN / snd ACK', row: 10, col: 44},
	{from: 'FIN_WAIT_1', to: 'FIN_WAIT_2', label: 'rcv ACK of FIN', row: 12, col: 8},
	{from: 'FIN_WAIT_1', to: 'CLOSING', label: 'rcv FIN / snd ACK', row: 11, col: 15},
	{from: 'FIN_WAIT_1', to: 'TIME_WAIT', label: 'rcv FIN,ACK / snd ACK', row: 16, col: 5},
	{from: 'CLOSE_WAIT', to: 'LAST_ACK', label: 'close / snd FIN', row: 12, col: 54},
	{from: 'FIN_WAIT_2', to: 'TIME_WAIT', label: 'rcv FIN / snd ACK', row: 14, col: 11},
	{from: 'CLOSING', to: 'TIME_WAIT', label: 'rcv ACK of FIN', row: 14, col: 39},
	{from: 'LAST_ACK', to: 'CLOSED', label: 'rcv ACK of FIN', row: 15, col: 55},
	{from: 'TIME_WAIT', to: 'CLOSED', label: '2×MSL timeout', row: 16, col: 46},
];

interface Piece {
	text: string;
	state?: TcpState;
	edge?: DiagramEdge;
}

/** A diagram row cut into plain text, state tokens and edge labels. */
export function splitDiagramLine(line: string, row = -1): Piece[] {
	const marks: Array<{start: number; end: number; piece: Piece}> = [];
	const pattern = /\{([A-Z_0-9]+)\}/g;
	for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
		marks.push({start: match.index, end: match.index + match[0].length, piece: {text: match[1]!, state: match[1] as TcpState}});
	}
	for (const edge of DIAGRAM_EDGES) {
		// The label with the marker column before it.
		if (edge.row === row) marks.push({start: edge.col - 1, end: edge.col + edge.label.length, piece: {text: edge.label, edge}});
	}
	marks.sort((a, b) => a.start - b.start);
	const pieces: Piece[] = [];
	let last = 0;
	for (const mark of marks) {
		if (mark.start > last) pieces.push({text: line.slice(last, mark.start)});
		pieces.push(mark.piece);
		last = mark.end;
	}
	if (last < line.length) pieces.push({text: line.slice(last)});
	return pieces;
}

export interface DiagramProps {
	client: TcpState;
	server: TcpState;
	clientLast: Transition | null;
	serverLast: Transition | null;
	width: number;
	height: number;
	/** A lesson is playing: its step keys work here too. */
	lesson?: boolean;
}

/** Rows the diagram itself takes (the view adds a title and three lines underneath when there is room). */
export const DIAGRAM_ROWS = DIAGRAM.length;

export function Diagram(props: DiagramProps): React.JSX.Element {
	const ui = useUi();
	const describe = (who: string, last: Transition | null): string =>
		last
			? ui.t('diagramLast', {who, from: last.from, to: last.to, cause: protocolText(last.why, ui.lang), time: formatTime(last.t)})
			: ui.t('diagramNone', {who});
	const isLast = (last: Transition | null, edge: DiagramEdge): boolean => last !== null && last.from === edge.from && last.to === edge.to;
	// What fits, most needed first: the diagram, each side's last transition, the closing hint, the title.
	const rows = Math.min(DIAGRAM_ROWS, props.height);
	let room = props.height - rows;
	const take = (): boolean => (room > 0 ? (room--, true) : false);
	const showClient = take();
	const showServer = take();
	const showHint = take();
	const showTitle = take();
	const hint = ui.t('diagramClose') + (props.lesson ? ' ' + ui.t('lessonKeysHere') : '');
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			{showTitle ? <Txt bold color="yellow">{' ' + ui.t('diagramTitle')}</Txt> : null}
			{DIAGRAM.slice(0, rows).map((line, row) => (
				<Txt key={`d-${row}`}>
					{splitDiagramLine(line, row).map((piece, i) => {
						if (piece.edge) {
							// The last transition of each side: its arrow's label in that side's colour.
							const client = isLast(props.clientLast, piece.edge);
							const server = isLast(props.serverLast, piece.edge);
							if (!client && !server) return <Txt key={i}>{' ' + piece.text}</Txt>;
							return (
								<Txt key={i} bold inverse color={client && server ? 'yellow' : client ? 'cyan' : 'magenta'}>
									{(client && server ? '*' : client ? 'C' : 'S') + piece.text}
								</Txt>
							);
						}
						if (!piece.state) return <Txt key={i} dimColor>{piece.text}</Txt>;
						const isClient = props.client === piece.state;
						const isServer = props.server === piece.state;
						const marker = isClient && isServer ? '*' : isClient ? 'C' : isServer ? 'S' : ' ';
						const highlighted = isClient || isServer;
						const background = isClient && isServer ? 'yellow' : isClient ? 'cyan' : isServer ? 'magenta' : undefined;
						return (
							<Txt key={i} bold={highlighted} inverse={highlighted} color={background}>
								{`${marker}${piece.text} `}
							</Txt>
						);
					})}
				</Txt>
			))}
			{showClient ? <Txt color="cyan">{truncate(' C ' + describe(ui.t('client'), props.clientLast), props.width)}</Txt> : null}
			{showServer ? <Txt color="magenta">{truncate(' S ' + describe(ui.t('server'), props.serverLast), props.width)}</Txt> : null}
			{showHint ? <Txt dimColor>{truncate(' ' + hint, props.width)}</Txt> : null}
		</Box>
	);
}
