import {test} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import {render} from 'ink-testing-library';
import {renderToString} from 'ink';
import stringWidth from 'string-width';
import {Table as OriginalTable} from '@alcalzone/ink-table';
import {Table, padToWidth, truncateToWidth} from '../../source/ui/Table.js';

const rows = [
	{client: 'socket', segments: '', server: 'socket, bind, listen'},
	{client: 'connect (SYN_SENT)', segments: '-> SYN seq=100 ->', server: '수동 개방 SYN_RCVD'},
	{client: '능동 닫기 FIN_WAIT_1', segments: '-> FIN ->', server: 'CLOSE_WAIT read() → 0 (EOF)'},
	{client: '클라이언트', segments: '<- ACK <-', server: '서버'},
];

function lines(frame: string | undefined): string[] {
	assert.ok(frame, 'a frame was rendered');
	return frame.split('\n').filter((line) => line.length > 0);
}

function assertAligned(frame: string | undefined): void {
	const widths = lines(frame).map((line) => stringWidth(line));
	assert.ok(widths.length > 3);
	assert.deepEqual(new Set(widths).size, 1, `every line has the same display width: ${widths.join(' ')}\n${frame}`);
}

test('Korean and English cells: every rendered line has the same display width', () => {
	const {lastFrame} = render(<Table data={rows} headings={{client: '클라이언트', segments: '패킷', server: '서버'}} />);
	assertAligned(lastFrame());
	// The Korean heading is there, and the right borders line up in one column.
	assert.match(lastFrame()!, /클라이언트/);
	const rightEdges = lines(lastFrame()).map((line) => stringWidth(line));
	assert.equal(rightEdges[0], rightEdges[rightEdges.length - 1]);
});

test('the original ink-table misaligns the same Korean cells (the bug this component fixes)', () => {
	const {lastFrame} = render(<OriginalTable data={rows} />);
	const widths = new Set(lines(lastFrame()).map((line) => stringWidth(line)));
	assert.ok(widths.size > 1, 'String.length padding gives lines of different widths');
});

test('multi-line cells keep borders aligned and rows as tall as their tallest cell', () => {
	const data = [{a: 'one\n두 줄\nthree', b: 'x'}, {a: 'y', b: '가\n나'}];
	const output = renderToString(<Table data={data} />, {columns: 200});
	assertAligned(output);
	// 1 top + 1 heading + (1 separator + 3 lines) + (1 separator + 2 lines) + 1 bottom
	assert.equal(lines(output).length, 10);
	assert.match(output, /│ 두 줄 *│ *│/);
});

test('ascii borders and column-width cap', () => {
	const output = renderToString(<Table ascii maxColumnWidth={6} data={[{k: '가나다라마바사', v: 'abcdefghij'}]} />, {columns: 200});
	assertAligned(output);
	assert.doesNotMatch(output, /[─│┌┐└┘├┤┼]/);
	assert.match(output, /\| 가\.\.\. +\| abc\.\.\. \|/);
});

test('padToWidth and truncateToWidth measure terminal cells', () => {
	assert.equal(stringWidth(padToWidth('한글', 6)), 6);
	assert.equal(padToWidth('ab', 4, 'right'), '  ab');
	assert.equal(padToWidth('ab', 5, 'center'), ' ab  ');
	assert.equal(truncateToWidth('한국어입니다', 5), '한국…');
	assert.equal(truncateToWidth('short', 10), 'short');
});

test('a table drawn again with new values (rows keyed by place) shows what a fresh table of those values shows', () => {
	const tcb = (nxt: number, label: string): Array<Record<string, string>> => [
		{name: 'SND.UNA', value: String(nxt - 100)},
		{name: 'SND.NXT', value: String(nxt)},
		{name: label, value: '1.2s'},
	];
	for (const label of ['RTO', '재전송']) {
		const live = render(<Table data={tcb(1, label)} columns={['name', 'value']} headings={{name: 'TCB', value: ''}} />);
		for (const nxt of [1001, 23_456, 7, 7]) {
			live.rerender(<Table data={tcb(nxt, label)} columns={['name', 'value']} headings={{name: 'TCB', value: ''}} />);
			const fresh = render(<Table data={tcb(nxt, label)} columns={['name', 'value']} headings={{name: 'TCB', value: ''}} />);
			assert.equal(live.lastFrame(), fresh.lastFrame());
			assert.match(live.lastFrame() ?? '', new RegExp(`SND\\.NXT.*${nxt}`));
			fresh.unmount();
		}
		live.rerender(<Table data={tcb(5, label).slice(0, 2)} columns={['name', 'value']} headings={{name: 'TCB', value: ''}} />);
		assert.doesNotMatch(live.lastFrame() ?? '', new RegExp(label));
		live.unmount();
	}
});
