// `d`: the RFC 9293 state diagram, with both endpoints' states highlighted and each one's last
// transition (and its cause) spelled out underneath.
import React from 'react';
import {Box} from 'ink';
import type {TcpState} from '../stack/types.js';
import {Txt, useUi} from './context.js';
import type {Transition} from './store.js';
import {formatTime, truncate} from './text.js';

// `{STATE}` marks a highlightable state; its braces become the marker columns. The arrows are
// the transitions of RFC 9293 §3.3.2 that the notes teach (protocol notation, same in every language).
export const DIAGRAM: readonly string[] = [
	'                              {CLOSED}',
	'            passive open  ↙  (listen)  ↘  active open (connect) / snd SYN',
	'             {LISTEN}                              {SYN_SENT}',
	'   rcv SYN / snd SYN,ACK ↓                          ↓ rcv SYN,ACK / snd ACK',
	'             {SYN_RCVD} ── rcv ACK of SYN ──▶ {ESTABLISHED}',
	'                  close / snd FIN ↙                  ↘ rcv FIN / snd ACK',
	'             {FIN_WAIT_1}                          {CLOSE_WAIT}',
	'     rcv ACK of FIN ↓   ↘ rcv FIN / snd ACK             ↓ close / snd FIN',
	'             {FIN_WAIT_2}   {CLOSING}              {LAST_ACK}',
	'  rcv FIN / snd ACK ↓         ↓ rcv ACK of FIN         ↓ rcv ACK of FIN',
	'             {TIME_WAIT} ◀────┘                    ( CLOSED )',
	'                  ↓ 2×MSL timeout',
	'              ( CLOSED )',
];

interface Piece {
	text: string;
	state?: TcpState;
}

export function splitDiagramLine(line: string): Piece[] {
	const pieces: Piece[] = [];
	const pattern = /\{([A-Z_0-9]+)\}/g;
	let last = 0;
	for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
		if (match.index > last) pieces.push({text: line.slice(last, match.index)});
		pieces.push({text: match[1]!, state: match[1] as TcpState});
		last = match.index + match[0].length;
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
}

export function Diagram(props: DiagramProps): React.JSX.Element {
	const ui = useUi();
	const describe = (who: string, last: Transition | null): string =>
		last
			? ui.t('diagramLast', {who, from: last.from, to: last.to, cause: last.cause, time: formatTime(last.t)})
			: ui.t('diagramNone', {who});
	const lastFrom = new Set([props.clientLast?.from, props.serverLast?.from]);
	return (
		<Box flexDirection="column" width={props.width} height={props.height}>
			<Txt bold color="yellow">{' ' + ui.t('diagramTitle')}</Txt>
			{DIAGRAM.map((line, row) => (
				<Txt key={`d-${row}`}>
					{splitDiagramLine(line).map((piece, i) => {
						if (!piece.state) return <Txt key={i} dimColor>{piece.text}</Txt>;
						const isClient = props.client === piece.state;
						const isServer = props.server === piece.state;
						const marker = isClient && isServer ? '*' : isClient ? 'C' : isServer ? 'S' : ' ';
						const highlighted = isClient || isServer;
						const background = isClient && isServer ? 'yellow' : isClient ? 'cyan' : isServer ? 'magenta' : undefined;
						return (
							<Txt key={i} bold={highlighted} inverse={highlighted} color={background} underline={!highlighted && lastFrom.has(piece.state)}>
								{`${marker}${piece.text} `}
							</Txt>
						);
					})}
				</Txt>
			))}
			<Txt> </Txt>
			<Txt color="cyan">{truncate(' C ' + describe(ui.t('client'), props.clientLast), props.width)}</Txt>
			<Txt color="magenta">{truncate(' S ' + describe(ui.t('server'), props.serverLast), props.width)}</Txt>
			<Txt dimColor>{truncate(' ' + ui.t('diagramClose'), props.width)}</Txt>
		</Box>
	);
}
