// A long run's transcript is built and printed row by row (TranscriptBuilder, ColumnWidths,
// TranscriptPrinter) without holding the events or the rows: the text must be exactly what the
// whole-table path (buildTranscript + renderTranscript, drawn by ink) gives.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import chalk from 'chalk';
import {parseScenario} from '../../source/scenario/parser.js';
import {runScenario} from '../../source/scenario/run.js';
import {buildTranscript, TranscriptBuilder, type TranscriptRow} from '../../source/scenario/transcript.js';
import {ColumnWidths, renderTranscript, TranscriptPrinter} from '../../source/scenario/transcript-view.js';
import type {SimEvent} from '../../source/sim/events.js';
import {lessonsDir} from '../../source/demo/catalog.js';
import {fixture} from './fixture-path.js';

function eventsOf(text: string, name: string): SimEvent[] {
	const parsed = parseScenario(text, name);
	if (!parsed.ok) assert.fail(JSON.stringify(parsed.errors));
	const result = runScenario(parsed.scenario);
	if (!result.ok) assert.fail(result.message);
	return result.result.events;
}

const lossy = `
link c2s loss=20% jitter=30ms reorder=10% dup=5% corrupt=5%
link both delay=40ms
server: socket
server: bind 80
server: listen 8
server: accept
client: socket
client: connect 10.0.0.2:80
wait until server call accept returned timeout 20s
client: write 30000
wait 200ms
server: read 5000
wait 3s
server: read
client: close
wait 5s
server: read
server: close
wait 5s
`;

const sources: Array<[string, SimEvent[]]> = [
	['handshake fixture', eventsOf(readFileSync(fixture('handshake.tcptui'), 'utf8'), 'handshake.tcptui')],
	['lossy transfer', eventsOf(lossy, 'lossy.tcptui')],
	...readdirSync(lessonsDir()).filter((f) => f.endsWith('.tcptui')).map((f): [string, SimEvent[]] => [f, eventsOf(readFileSync(join(lessonsDir(), f), 'utf8'), f)]),
];

function streamed(events: SimEvent[], options: {lang: 'en' | 'ko'; ascii: boolean; color: boolean}): {rows: TranscriptRow[]; text: string} {
	const rows: TranscriptRow[] = [];
	const widths = new ColumnWidths();
	const builder = new TranscriptBuilder({lang: options.lang, ascii: options.ascii}, (row) => {
		rows.push(row);
		widths.add(row);
	});
	for (const event of events) builder.add(event);
	builder.finish();
	const printer = new TranscriptPrinter(widths, options);
	const lines = [...printer.top(), ...rows.flatMap((row) => printer.row(row)), printer.bottom()];
	return {rows, text: lines.join('\n')};
}

test('rows built as events arrive are the rows built from all the events', () => {
	for (const [name, events] of sources) {
		for (const lang of ['en', 'ko'] as const) {
			assert.deepEqual(streamed(events, {lang, ascii: false, color: true}).rows, buildTranscript(events, {lang}), `${name} ${lang}`);
		}
	}
});

test('the table printed row by row is the table ink draws whole, with colours and without, Unicode and ASCII', () => {
	const level = chalk.level;
	try {
		for (const colourLevel of [0, 1] as const) {
			chalk.level = colourLevel;
			for (const [name, events] of sources) {
				for (const [lang, ascii] of [['en', false], ['ko', false], ['en', true]] as const) {
					const options = {lang, ascii, color: true};
					const expected = renderTranscript(buildTranscript(events, {lang, ascii}), options);
					if (colourLevel > 0) assert.ok(expected.includes('\x1b['), 'colours are on');
					assert.equal(streamed(events, options).text, expected, `${name} ${lang}${ascii ? ' ascii' : ''} colour level ${colourLevel}`);
				}
			}
		}
	} finally {
		chalk.level = level;
	}
});

test('a row stays open while a segment on it has no fate yet, and goes out once it has', () => {
	const events = sources[1]![1];
	const emitted: number[] = [];
	const builder = new TranscriptBuilder({}, (row) => emitted.push(row.t));
	let sentAt: number | null = null;
	for (const event of events) {
		builder.add(event);
		if (sentAt === null && event.kind === 'segment' && event.fate === 'sent' && event.len > 0) sentAt = event.t;
		if (sentAt !== null && event.t > sentAt && !emitted.includes(sentAt)) {
			// Later events have come, yet the row with the data segment waits for its fate.
			assert.ok(!emitted.some((t) => t > sentAt!), 'rows go out in order');
		}
	}
	builder.finish();
	assert.deepEqual(emitted, buildTranscript(events).map((row) => row.t));
});
