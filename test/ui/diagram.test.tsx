// The state diagram view must be the whole of RFC 9293's Figure 5. The test keeps its own table of the
// figure's arrows and *traces* the drawn frame: from each state, along the box-drawing lines (across
// inline labels), to an arrowhead pointing into another state. Every RFC arrow must be drawn, with its
// label on or beside it, and nothing else may be drawn.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {stripVTControlCharacters} from 'node:util';
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {makeUi, UiContext} from '../../source/ui/context.js';
import {Diagram, DIAGRAM, DIAGRAM_EDGES, DIAGRAM_ROWS} from '../../source/ui/Diagram.js';
import type {Transition} from '../../source/ui/store.js';
import type {TcpState} from '../../source/stack/types.js';

/** RFC 9293 §3.3.2 Figure 5, arrow by arrow (event / action), plus FIN_WAIT_1 → TIME_WAIT on FIN+ACK (RFC 793 §3.9). */
const RFC_EDGES: ReadonlyArray<[TcpState, TcpState, string]> = [
	['CLOSED', 'LISTEN', 'passive open'],
	['LISTEN', 'CLOSED', 'close'],
	['CLOSED', 'SYN_SENT', 'active open / snd SYN'],
	['SYN_SENT', 'CLOSED', 'close'],
	['LISTEN', 'SYN_RCVD', 'rcv SYN / snd SYN,ACK'],
	['LISTEN', 'SYN_SENT', 'send / snd SYN'],
	['SYN_RCVD', 'LISTEN', 'rcv RST'],
	['SYN_SENT', 'SYN_RCVD', 'rcv SYN / snd SYN,ACK'],
	['SYN_RCVD', 'ESTABLISHED', 'rcv ACK of SYN'],
	['SYN_SENT', 'ESTABLISHED', 'rcv SYN,ACK / snd ACK'],
	['SYN_RCVD', 'FIN_WAIT_1', 'close / snd FIN'],
	['ESTABLISHED', 'FIN_WAIT_1', 'close / snd FIN'],
	['ESTABLISHED', 'CLOSE_WAIT', 'rcv FIN / snd ACK'],
	['FIN_WAIT_1', 'FIN_WAIT_2', 'rcv ACK of FIN'],
	['FIN_WAIT_1', 'CLOSING', 'rcv FIN / snd ACK'],
	['FIN_WAIT_1', 'TIME_WAIT', 'rcv FIN,ACK / snd ACK'],
	['CLOSE_WAIT', 'LAST_ACK', 'close / snd FIN'],
	['FIN_WAIT_2', 'TIME_WAIT', 'rcv FIN / snd ACK'],
	['CLOSING', 'TIME_WAIT', 'rcv ACK of FIN'],
	['LAST_ACK', 'CLOSED', 'rcv ACK of FIN'],
	['TIME_WAIT', 'CLOSED', '2×MSL timeout'],
];
const STATES = ['CLOSED', 'LISTEN', 'SYN_SENT', 'SYN_RCVD', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'];

type Dir = 'up' | 'down' | 'left' | 'right';
const STEP: Record<Dir, [number, number]> = {up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1]};
const BACK: Record<Dir, Dir> = {up: 'down', down: 'up', left: 'right', right: 'left'};
const OPENINGS: Record<string, Dir[]> = {
	'─': ['left', 'right'], '│': ['up', 'down'], '┌': ['down', 'right'], '┐': ['down', 'left'], '└': ['up', 'right'], '┘': ['up', 'left'],
};
/** An arrowhead: the side the line comes in from, and where it points. */
const HEADS: Record<string, {from: Dir; to: Dir}> = {'▶': {from: 'left', to: 'right'}, '◀': {from: 'right', to: 'left'}, '▼': {from: 'up', to: 'down'}, '▲': {from: 'down', to: 'up'}};

interface Traced {
	from: string;
	to: string;
	cells: Array<[number, number]>;
	inline: string[];
}

function draw(props: Partial<React.ComponentProps<typeof Diagram>> = {}, height = DIAGRAM_ROWS): string {
	const {lastFrame, unmount} = render(
		<UiContext.Provider value={makeUi('en', false, false)}>
			<Diagram client="CLOSED" server="CLOSED" clientLast={null} serverLast={null} width={80} height={height} {...props} />
		</UiContext.Provider>,
	);
	const out = lastFrame() ?? '';
	unmount();
	return out;
}

function trace(frame: string): Traced[] {
	const grid = stripVTControlCharacters(frame).split('\n').map((line) => [...line]);
	const at = (r: number, c: number): string => grid[r]?.[c] ?? ' ';
	// Each state's cells: its name, with the marker column before it and the space after it.
	const owner = new Map<string, string>();
	grid.forEach((row, r) => {
		const line = row.join('');
		for (const match of line.matchAll(/[A-Z_0-9]+/g)) {
			if (!STATES.includes(match[0])) continue;
			for (let c = match.index - 1; c <= match.index + match[0].length; c++) owner.set(`${r},${c}`, match[0]);
		}
	});
	const stateAt = (r: number, c: number): string | undefined => owner.get(`${r},${c}`);
	const isLine = (ch: string): boolean => ch in OPENINGS || ch in HEADS;
	const paths: Traced[] = [];
	grid.forEach((row, r) => row.forEach((ch, c) => {
		if (!isLine(ch)) return;
		for (const towardNode of ['up', 'down', 'left', 'right'] as Dir[]) {
			const [dr, dc] = STEP[towardNode];
			const from = stateAt(r + dr, c + dc);
			if (!from) continue;
			// A line leaves a state here if the cell opens toward it (a head's tail, or a line's end).
			const head = HEADS[ch];
			if (head && head.from !== towardNode) continue;
			if (!head && !OPENINGS[ch]!.includes(towardNode)) continue;
			const cells: Array<[number, number]> = [];
			const inline: string[] = [];
			let [cr, cc] = [r, c];
			let moving: Dir = head ? head.to : OPENINGS[ch]!.find((d) => d !== towardNode)!;
			let to: string | undefined;
			for (let guard = 0; guard < 400; guard++) {
				cells.push([cr, cc]);
				const here = at(cr, cc);
				if (HEADS[here]) {
					const [hr, hc] = STEP[HEADS[here]!.to];
					to = stateAt(cr + hr, cc + hc);
					break;
				}
				let [nr, nc] = [cr + STEP[moving][0], cc + STEP[moving][1]];
				if (at(nr, nc) === ' ' && (moving === 'left' || moving === 'right')) {
					// An inline label: " text " on a horizontal run, then the line goes on.
					let text = '';
					while (nc >= 0 && nc < 200 && !isLine(at(nr, nc))) {
						text += at(nr, nc);
						nc += STEP[moving][1];
					}
					inline.push((moving === 'left' ? [...text].reverse().join('') : text).trim());
				}
				const next = at(nr, nc);
				const nextHead = HEADS[next];
				if (nextHead) {
					if (nextHead.from !== BACK[moving]) break;
				} else if (!OPENINGS[next]?.includes(BACK[moving])) {
					break;
				} else {
					moving = OPENINGS[next]!.find((d) => d !== BACK[moving])!;
				}
				[cr, cc] = [nr, nc];
			}
			if (to) paths.push({from, to, cells, inline});
		}
	}));
	return paths;
}

function labelNear(frame: string, path: Traced, label: string): boolean {
	if (path.inline.includes(label)) return true;
	const lines = stripVTControlCharacters(frame).split('\n');
	return lines.some((line, r) => {
		for (let c = line.indexOf(label); c >= 0; c = line.indexOf(label, c + 1)) {
			const near = path.cells.some(([pr, pc]) => Math.abs(pr - r) <= 1 && pc >= c - 2 && pc <= c + label.length + 1);
			if (near) return true;
		}
		return false;
	});
}

test('every arrow of RFC 9293 Figure 5 is drawn, from its state into its state, with its label; nothing else is', () => {
	const frame = draw();
	const paths = trace(frame);
	for (const [from, to, label] of RFC_EDGES) {
		const found = paths.filter((p) => p.from === from && p.to === to);
		assert.equal(found.length, 1, `${from} → ${to} (${label}) drawn ${found.length} times:\n${frame}`);
		assert.ok(labelNear(frame, found[0]!, label), `${from} → ${to}: label "${label}" not on or beside its arrow`);
	}
	const extra = paths.filter((p) => !RFC_EDGES.some(([from, to]) => p.from === from && p.to === to));
	assert.deepEqual(extra.map((p) => `${p.from} → ${p.to}`), []);
	// The table the view highlights from says the same.
	assert.deepEqual(
		DIAGRAM_EDGES.map((e) => `${e.from} → ${e.to}: ${e.label}`).sort(),
		RFC_EDGES.map(([from, to, label]) => `${from} → ${to}: ${label}`).sort(),
	);
	for (const edge of DIAGRAM_EDGES) assert.equal(DIAGRAM[edge.row]!.slice(edge.col, edge.col + edge.label.length), edge.label);
});

test('the diagram fits 80×24: 80 columns, and with its footer the free-play view height (22 rows)', () => {
	assert.ok(DIAGRAM.every((line) => stringWidth(line) <= 80));
	const lines = draw({}, 22).split('\n');
	assert.ok(lines.length <= 22);
	assert.match(lines[0]!, /TCP state diagram \(RFC 9293\)/);
	for (const line of lines) assert.ok(stringWidth(stripVTControlCharacters(line)) <= 80, line);
	// Shorter (a lesson's caption below): the diagram first, then the two transition lines.
	const short = stripVTControlCharacters(draw({}, 19));
	assert.match(short, /TIME_WAIT/);
	assert.match(short, / C Client: no transition yet/);
	assert.match(short, / S Server: no transition yet/);
	assert.doesNotMatch(short, /TCP state diagram/);
});

test('both endpoints highlighted; each one\'s last transition marked on its arrow and spelled out with its cause', () => {
	const clientLast: Transition = {t: 1200, fd: 3, conn: 'x', from: 'FIN_WAIT_1', to: 'TIME_WAIT', why: {code: 'fin-received-ack-sent'}};
	const serverLast: Transition = {t: 1100, fd: 4, conn: 'y', from: 'CLOSE_WAIT', to: 'LAST_ACK', why: {code: 'fin-queued', call: 'close()'}};
	const frame = draw({client: 'TIME_WAIT', server: 'LAST_ACK', clientLast, serverLast}, 22);
	const plain = stripVTControlCharacters(frame);
	
	assert.match(plain, /SLAST_ACK( |$)/m);
	assert.match(plain, / C Client: FIN_WAIT_1 → TIME_WAIT {2}\(received FIN: ACK sent\) at 1\.200s/);
	assert.match(plain, / S Server: CLOSE_WAIT → LAST_ACK {2}\(close\(\) called: FIN queued/);
	// Each side's last arrow: its label carries the side's marker (and is drawn in inverse video).
	assert.match(plain, /CTIME_WAIT/);
	assert.match(plain, /Crcv FIN,ACK \/ snd ACK/);
	assert.match(plain, /Sclose \/ snd FIN ▼/);
	assert.equal(plain.match(/[CS*](passive open|close|rcv|send|active open|2×MSL)/g)?.length, 2);
	// The same arrow for both: one marker.
	const both = stripVTControlCharacters(draw({clientLast: {...clientLast, from: 'SYN_SENT', to: 'ESTABLISHED'}, serverLast: {...serverLast, from: 'SYN_SENT', to: 'ESTABLISHED'}}));
	assert.match(both, /◀─\*rcv SYN,ACK \/ snd ACK ──┘/);
	// Same state on both sides: one marker for both.
	assert.match(stripVTControlCharacters(draw({client: 'ESTABLISHED', server: 'ESTABLISHED'})), /\*ESTABLISHED /);
});

test('in Korean the cause the stack gave is translated', () => {
	const {lastFrame, unmount} = render(
		<UiContext.Provider value={makeUi('ko', false, false)}>
			<Diagram client="FIN_WAIT_2" server="CLOSE_WAIT" clientLast={{t: 5065, fd: 3, conn: 'x', from: 'FIN_WAIT_1', to: 'FIN_WAIT_2', why: {code: 'fin-acked'}}} serverLast={null} width={80} height={22} />
		</UiContext.Provider>,
	);
	const out = lastFrame() ?? '';
	unmount();
	assert.match(out, /클라이언트: FIN_WAIT_1 → FIN_WAIT_2/);
	assert.doesNotMatch(out, /received ACK of our FIN/);
	assert.match(out, /우리 FIN에 대한 ACK 수신/);
});
