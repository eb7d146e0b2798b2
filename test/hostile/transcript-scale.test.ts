// Issue 12, items 4 and 5: printing a transcript is linear in its rows (the column widths are
// measured once, not once per 200-row slice against the whole table), and a time slot with tens
// of thousands of events (one row of as many lines) never spreads into a call's arguments.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {joinSlices, renderTranscript} from '../../source/scenario/transcript-view.js';
import {buildTranscript, type TranscriptRow} from '../../source/scenario/transcript.js';
import {tableWork} from '../../source/ui/Table.js';
import type {SimEvent} from '../../source/sim/events.js';

function writeRows(n: number): TranscriptRow[] {
	return Array.from({length: n}, (_, i) => ({t: i, client: [`write("x") → 1`], segments: [`-> ACK,PSH seq=${i} ack=1 len=1 ->`], server: []}));
}

function work(rows: TranscriptRow[]): {cellsMeasured: number; rowsDrawn: number; lines: string[]} {
	tableWork.cellsMeasured = 0;
	tableWork.rowsDrawn = 0;
	const lines = renderTranscript(rows, {lang: 'en', color: false}).split('\n');
	return {...tableWork, lines};
}

test('8× the writes print with 8× the work: cells measured once each, rows drawn once each', {timeout: 300_000}, () => {
	// Sizes that span several 200-row slices: measuring against the whole table per slice made
	// the larger one 40× the work of the smaller.
	const small = work(writeRows(250));
	const large = work(writeRows(2000));
	assert.equal(small.rowsDrawn, 250);
	assert.equal(large.rowsDrawn, 2000, 'every row drawn once');
	assert.equal(small.cellsMeasured, 250 * 4, 'four columns');
	assert.equal(large.cellsMeasured, 2000 * 4, 'every cell measured once');
	// Head (3 lines), a separator + line per row, and the foot; the slices join without a seam.
	assert.equal(large.lines.length, 3 + 2000 * 2 - 1 + 1);
	// …and they line up: a cell far down the table sets its column's width for every slice.
	const rows = writeRows(450);
	rows[400]!.client = ['a much wider cell, far down the table, that sets the width of its column'];
	const drawn = work(rows).lines;
	assert.equal(new Set(drawn.map((line) => [...line].length)).size, 1, 'every line as wide');
});

test('68 000 events in one time slot: one row of 68 000 lines, joined without spreading them into a call', {timeout: 120_000}, () => {
	const events: SimEvent[] = [];
	for (let i = 0; i < 68_000; i++) {
		events.push({kind: 'call', t: 5, host: 'client', id: i + 1, call: 'write', args: '"x"', status: 'returned', result: 1} as never);
	}
	const rows = buildTranscript(events);
	assert.equal(rows.length, 1);
	assert.equal(rows[0]!.client.length, 68_000);
	// One slice with a 200 000-line row (what push(...lines) could not take), between two others.
	const huge = ['┌─┐', '│h│', '├─┤', ...Array.from({length: 200_000}, (_, i) => `│${i}│`), '└─┘', ''];
	const joined = joinSlices([['┌─┐', '│h│', '├─┤', '│a│', '└─┘'], huge, ['┌─┐', '│h│', '├─┤', '│z│', '└─┘', '']]);
	assert.equal(joined.length, 4 + (1 + 200_000) + 3);
	assert.deepEqual(joined.slice(0, 5), ['┌─┐', '│h│', '├─┤', '│a│', '├─┤']);
	assert.deepEqual(joined.slice(-3), ['├─┤', '│z│', '└─┘']);
	// A real drawing of a tall row goes through the same path.
	const tall = renderTranscript([{t: 0, client: Array.from({length: 3000}, (_, i) => `write() → ${i}`), segments: [], server: []}], {lang: 'en', color: false});
	assert.equal(tall.split('\n').length, 3 + 3000 + 1);
});
