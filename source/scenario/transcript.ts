// The notes' three-column table (client | segments | server), built from the event stream.
// Each row is one moment of virtual time: the calls and state changes on each side, and the
// segments that entered the link then, with their fate (lost ✗, corrupted, dropped) marked on
// the segment's own line. Traffic of third parties (spoofed SYNs of a flood, and the server's
// answers and half-open connections for them) is counted in one row instead of one row each.
import {byteCount, type Lang} from '../i18n/lang.js';
import {transcriptText} from '../i18n/transcript.js';
import {callArgsText} from '../i18n/protocol.js';
import {FAULT_MARK, markText, senderMarks} from '../i18n/marks.js';
import {DupAckCounter} from '../sim/dup-acks.js';
import type {CallEvent, Direction, SegmentEvent, SimEvent} from '../sim/events.js';
import {sanitizeForTerminal} from '../text/sanitize.js';

export interface TranscriptOptions {
	lang?: Lang;
	/** Plain ASCII marks (x instead of ✗). */
	ascii?: boolean;
	clientAddr?: string;
	serverAddr?: string;
}

export interface TranscriptRow {
	/** Virtual time of the moment, ms. */
	t: number;
	/** For a row that counts third-party traffic: the time of the last packet counted. */
	until?: number;
	client: string[];
	segments: string[];
	server: string[];
}

interface SegmentLine {
	text: string;
	notes: string[];
}

interface Moment {
	t: number;
	until: number;
	client: string[];
	segments: SegmentLine[];
	server: string[];
	/** Third-party traffic counted: key → [column, text, count]. */
	counts: Map<string, {column: 'client' | 'segments' | 'server'; text: string; count: number}> | null;
	/** Segment lines still waiting for their fate (a later event may add a note to them). */
	open: number;
}

const DEFAULT_CLIENT = '10.0.0.1';
const DEFAULT_SERVER = '10.0.0.2';
const MAX_DATA_SHOWN = 24;
const ADDRESS = /\d+\.\d+\.\d+\.\d+/g;

/** `read() → "hello" (5 bytes)`, `connect(10.0.0.2:80) blocked…`, `write() → EPIPE`. */
export function describeCallEvent(event: Pick<CallEvent, 'call' | 'args' | 'status' | 'result' | 'errno' | 'data'>, lang: Lang, withArgs = true): string {
	const args = withArgs ? callArgsText(event.args, lang) : '';
	if (event.status === 'blocked') return transcriptText(lang, 'blocked', {call: event.call, args});
	if (event.status === 'failed') return transcriptText(lang, 'failed', {call: event.call, args, errno: event.errno ?? '?'});
	let result = String(event.result ?? 0);
	if (event.call === 'read') {
		if ((event.result ?? 0) === 0) result = transcriptText(lang, 'eof');
		else {
			const text = event.data ?? '';
			const shown = text.length > MAX_DATA_SHOWN ? `${text.slice(0, MAX_DATA_SHOWN - 1)}…` : text;
			result = transcriptText(lang, 'readData', {data: sanitizeForTerminal(shown), size: byteCount(lang, event.result ?? 0)});
		}
	}
	return transcriptText(lang, 'returned', {call: event.call, args, result});
}

/** `-> SYN seq=100 ->` / `<- SYN,ACK seq=300 ack=101 win=65535 <-`. */
export function describeSegmentEvent(event: Pick<SegmentEvent, 'dir' | 'flags' | 'seq' | 'ack' | 'len'>, win?: number): string {
	let text = `${event.flags || 'none'} seq=${event.seq}`;
	if (event.flags.split(',').includes('ACK')) text += ` ack=${event.ack}`;
	if (event.len > 0) text += ` len=${event.len}`;
	if (win !== undefined) text += ` win=${win}`;
	return event.dir === 'c2s' ? `-> ${text} ->` : `<- ${text} <-`;
}

/** The whole transcript of some events, as rows. */
export function buildTranscript(events: Iterable<SimEvent>, options: TranscriptOptions = {}): TranscriptRow[] {
	const rows: TranscriptRow[] = [];
	const builder = new TranscriptBuilder(options, (row) => rows.push(row));
	for (const event of events) builder.add(event);
	builder.finish();
	return rows;
}

/**
 * The transcript built as events arrive: each row is handed to `emit` once nothing can change it
 * any more (its moment is over and every segment on it has met its fate), in order. It holds only
 * the rows still open, so a run of any length is transcribed in memory that does not grow with it.
 */
export class TranscriptBuilder {
	private readonly lang: Lang;
	private readonly cross: string;
	private readonly ours: Set<string>;
	private readonly plain: (text: string) => string;
	/** Moments not yet emitted, oldest first (from index `head`). */
	private moments: Moment[] = [];
	private head = 0;
	private current: Moment | null = null;
	/** Segment lines by id, until their fate is known. */
	private readonly lineOf = new Map<number, {line: SegmentLine; moment: Moment}>();
	private readonly lastWin: Record<Direction, number | null> = {c2s: null, s2c: null};
	private readonly dupAcks = new DupAckCounter();
	/** Blocked calls shown (`host:id`; ids are per host): when one settles it is shown without its arguments again. */
	private readonly blockedCalls = new Set<string>();
	// A host reports a drop (rx-drop) while it processes an arriving segment, and the world
	// reports that segment `dropped` with the same reason, just before or just after: then the
	// segment line says it, and the rx-drop is not repeated in the host's column.
	private pendingDrop: Extract<SimEvent, {kind: 'rx-drop'}> | null = null;
	private lastDropped: {t: number; host: string; reason: string} | null = null;

	constructor(options: TranscriptOptions, private readonly emit: (row: TranscriptRow) => void) {
		this.lang = options.lang ?? 'en';
		this.cross = options.ascii ? 'x' : '✗';
		this.ours = new Set([options.clientAddr ?? DEFAULT_CLIENT, options.serverAddr ?? DEFAULT_SERVER]);
		// Every line is one terminal line: call arguments and notes may quote a file or the network.
		this.plain = options.ascii ? (text: string) => asciiOnly(sanitizeForTerminal(text)) : (text: string) => sanitizeForTerminal(text);
	}

	add(event: SimEvent): void {
		const {lang, cross} = this;
		if (event.kind === 'segment' && event.fate === 'dropped') {
			this.lastDropped = {t: event.t, host: event.dir === 'c2s' ? 'server' : 'client', reason: event.reason ?? ''};
		}
		if (this.pendingDrop) {
			const coveredBySegment = event.kind === 'segment' && event.fate === 'dropped' && event.t === this.pendingDrop.t;
			if (coveredBySegment) this.pendingDrop = null;
			else if (event.kind !== 'rx-drop') this.flushDrop();
		}
		switch (event.kind) {
			case 'segment': {
				if (this.isThirdParty(event.src, event.dst)) {
					if (event.fate === 'dropped' || event.fate === 'lost') {
						const why = event.fate === 'lost' ? transcriptText(lang, 'lost') : transcriptText(lang, 'dropped', {reason: event.reason ?? '?'});
						this.count(event.t, `fate|${event.dir}|${why}`, 'segments', `${cross} ${why} ×{count}`);
					}
					if (event.fate === 'sent' || event.fate === 'duplicated') {
						const spoofedSource = !this.ours.has(event.src);
						const arrow = event.dir === 'c2s' ? ['->', '->'] : ['<-', '<-'];
						const text = `${arrow[0]} ${event.flags} ${transcriptText(lang, spoofedSource ? 'spoofed' : 'toSpoofed', {count: '{count}'})} ${arrow[1]}`;
						this.count(event.t, `seg|${event.dir}|${event.flags}|${spoofedSource}`, 'segments', text);
					}
					break;
				}
				if (event.fate === 'sent' || event.fate === 'duplicated') {
					const changed = this.lastWin[event.dir] !== event.win;
					this.lastWin[event.dir] = event.win;
					const line: SegmentLine = {text: describeSegmentEvent(event, changed ? event.win : undefined), notes: []};
					if (event.fate === 'duplicated') line.notes.push(transcriptText(lang, 'duplicate'));
					// What the ladder marks, as the stack and the user made it: RTX#2 RTO, win update, you: drop,
					// and as a capture counts them: dupACK#3.
					if (event.fault) line.notes.push(markText(lang, FAULT_MARK[event.fault]));
					line.notes.push(...senderMarks(event, lang));
					const dupAck = this.dupAcks.count(event);
					if (dupAck !== undefined) line.notes.push(markText(lang, 'markDupAck', {n: dupAck}));
					const moment = this.moment(event.t);
					moment.segments.push(line);
					moment.open++;
					this.lineOf.set(event.id, {line, moment});
				} else if (event.fate === 'lost') {
					this.note(event.id, `${cross} ${transcriptText(lang, 'lost')}`, true);
				} else if (event.fate === 'corrupted') {
					this.note(event.id, `${cross} ${transcriptText(lang, 'corrupted')}`, false);
				} else if (event.fate === 'dropped') {
					this.note(event.id, `${cross} ${transcriptText(lang, 'dropped', {reason: event.reason ?? '?'})}`, true);
				} else if (event.fate === 'delivered') {
					this.note(event.id, null, true);
				}
				break;
			}
			case 'state': {
				const host = side(event.host);
				if (!host) break;
				const text = `${event.from} → ${event.to}`;
				if (this.connThirdParty(event.conn)) this.count(event.t, `state|${host}|${text}`, host, `${text} ×{count}`);
				else this.moment(event.t)[host].push(event.to === 'CLOSED' || event.from === 'CLOSED' ? text : event.to);
				break;
			}
			case 'call': {
				const host = side(event.host);
				if (!host) break;
				const callKey = `${event.host}:${event.id}`;
				const withArgs = !this.blockedCalls.has(callKey);
				if (event.status === 'blocked') this.blockedCalls.add(callKey);
				else this.blockedCalls.delete(callKey);
				this.moment(event.t)[host].push(describeCallEvent(event, lang, withArgs));
				break;
			}
			case 'timer': {
				const host = side(event.host);
				if (!host || this.connThirdParty(event.conn)) break;
				if (event.action === 'fired' && event.timer !== 'time-wait' && event.timer !== 'delayed-ack') {
					this.moment(event.t)[host].push(transcriptText(lang, 'timerFired', {timer: event.timer}));
				} else if (event.action === 'set' && event.timer === 'time-wait') {
					this.moment(event.t)[host].push(transcriptText(lang, 'timeWait', {ms: Math.round(event.at - event.t)}));
				}
				break;
			}
			case 'rx-drop':
				this.flushDrop();
				if (this.lastDropped && this.lastDropped.t === event.t && this.lastDropped.host === event.host && this.lastDropped.reason === event.reason) break;
				this.pendingDrop = event;
				break;
			case 'note':
				if (event.host === 'link') this.moment(event.t).segments.push({text: transcriptText(lang, 'linkChange', {text: event.text}), notes: []});
				break;
		}
		this.release(false);
	}

	/** No more events: every row still open is emitted. */
	finish(): void {
		this.flushDrop();
		this.release(true);
	}

	private release(all: boolean): void {
		while (this.head < this.moments.length) {
			const next = this.moments[this.head]!;
			if (!all && (next === this.current || next.open > 0)) break;
			this.moments[this.head++] = undefined as unknown as Moment;
			this.emit(this.toRow(next));
		}
		if (this.head === this.moments.length) {
			this.moments = [];
			this.head = 0;
		} else if (this.head > 1024 && this.head * 2 > this.moments.length) {
			this.moments = this.moments.slice(this.head);
			this.head = 0;
		}
	}

	private toRow(m: Moment): TranscriptRow {
		const row: TranscriptRow = {
			t: m.t,
			...(m.until !== m.t ? {until: m.until} : {}),
			client: [...m.client],
			segments: m.segments.map((line) => (line.notes.length > 0 ? `${line.text} ${line.notes.join(', ')}` : line.text)),
			server: [...m.server],
		};
		for (const entry of m.counts?.values() ?? []) row[entry.column].push(entry.text.replace('{count}', String(entry.count)));
		row.client = row.client.map(this.plain);
		row.segments = row.segments.map(this.plain);
		row.server = row.server.map(this.plain);
		return row;
	}

	private moment(t: number): Moment {
		if (!this.current || this.current.t !== t || this.current.counts) {
			this.current = {t, until: t, client: [], segments: [], server: [], counts: null, open: 0};
			this.moments.push(this.current);
		}
		return this.current;
	}

	private countMoment(t: number): Moment {
		if (!this.current || !this.current.counts) {
			this.current = {t, until: t, client: [], segments: [], server: [], counts: new Map(), open: 0};
			this.moments.push(this.current);
		}
		return this.current;
	}

	private count(t: number, key: string, column: 'client' | 'segments' | 'server', text: string): void {
		const counted = this.countMoment(t);
		counted.until = t;
		const counts = counted.counts!;
		const entry = counts.get(key);
		if (entry) entry.count++;
		else counts.set(key, {column, text, count: 1});
	}

	private isThirdParty(...addresses: string[]): boolean {
		return addresses.some((addr) => !this.ours.has(addr));
	}

	private connThirdParty(conn: string | null): boolean {
		return conn !== null && this.isThirdParty(...(conn.match(ADDRESS) ?? []));
	}

	/** A note on a segment's line (null: none); `final`: its fate is known, nothing more will come. */
	private note(id: number, text: string | null, final: boolean): void {
		const entry = this.lineOf.get(id);
		if (!entry) return;
		if (text !== null && !entry.line.notes.includes(text)) entry.line.notes.push(text);
		if (final) {
			this.lineOf.delete(id);
			entry.moment.open--;
		}
	}

	private flushDrop(): void {
		const drop = this.pendingDrop;
		this.pendingDrop = null;
		const host = drop ? side(drop.host) : null;
		if (!drop || !host || this.connThirdParty(drop.conn)) return;
		this.moment(drop.t)[host].push(`${this.cross} ${transcriptText(this.lang, 'hostDrop', {reason: drop.reason})}`);
	}
}

function side(host: string): 'client' | 'server' | null {
	return host === 'client' || host === 'server' ? host : null;
}

const ASCII_MARKS: Record<string, string> = {'→': '->', '…': '...', '✗': 'x', '×': 'x', '–': '-'};

/** --ascii: the marks this transcript draws, in plain ASCII (the words of a language stay). */
function asciiOnly(text: string): string {
	return text.replace(/[→…✗×–]/g, (mark) => ASCII_MARKS[mark]!);
}

/** Cells for the table: one string per column, several lines joined with "\n". */
export function transcriptCells(row: TranscriptRow): {t: string; client: string; segments: string; server: string} {
	return {t: rowTime(row), client: row.client.join('\n'), segments: row.segments.join('\n'), server: row.server.join('\n')};
}

function rowTime(row: TranscriptRow): string {
	return row.until === undefined ? formatTime(row.t) : `${formatTime(row.t)}-${formatTime(row.until)}`;
}

export function formatTime(ms: number): string {
	return Number.isInteger(ms) ? String(ms) : ms.toFixed(3).replace(/0+$/, '');
}

export function transcriptHeadings(lang: Lang): {t: string; client: string; segments: string; server: string} {
	return {
		t: transcriptText(lang, 'time'),
		client: transcriptText(lang, 'client'),
		segments: transcriptText(lang, 'segments'),
		server: transcriptText(lang, 'server'),
	};
}

function markdownCell(lines: string[]): string {
	// Escape what Markdown would read as table syntax, emphasis or an HTML tag; arrows stay readable.
	return lines.map((line) => line.replace(/([\\|*`])/g, '\\$1').replace(/<(?=[A-Za-z/!])/g, '&lt;')).join('<br />');
}

/** The transcript as a Markdown table (the TUI saves this; it reads like the notes' table). */
export function transcriptToMarkdown(rows: readonly TranscriptRow[], options: {lang?: Lang; title?: string} = {}): string {
	const headings = transcriptHeadings(options.lang ?? 'en');
	const out: string[] = [];
	if (options.title) out.push(`# ${options.title}`, '');
	out.push(`| ${headings.t} | ${headings.client} | ${headings.segments} | ${headings.server} |`);
	out.push('| ---: | --- | :---: | --- |');
	for (const row of rows) {
		out.push(`| ${rowTime(row)} | ${markdownCell(row.client)} | ${markdownCell(row.segments)} | ${markdownCell(row.server)} |`);
	}
	return `${out.join('\n')}\n`;
}
