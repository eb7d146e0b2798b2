// Text for calls and segments, shared by the panes, the ladder and the detail view.
import {byteCount, type Lang} from '../i18n/lang.js';
import {uiText} from '../i18n/ui.js';
import {callArgsText} from '../i18n/protocol.js';
import {relativeTo, type CallEntry, type LadderEntry} from './store.js';
import {segmentMarks} from './marks.js';
import {printableBytes, truncate, width} from './text.js';
import type {SocketSnapshot} from '../stack/types.js';

/**
 * Identifies a socket row across snapshots. A live fd is unique, but close() leaves the connection
 * orphaned (TIME_WAIT) under its old fd while socket() may hand out the same number again; an
 * orphan is told apart by its 4-tuple.
 */
export function socketKey(socket: SocketSnapshot): string {
	if (!socket.orphaned) return `fd${socket.fd}`;
	const conn = socket.connection;
	const local = conn ? `${conn.local.addr}:${conn.local.port}` : socket.local ? `${socket.local.addr}:${socket.local.port}` : '';
	const remote = conn?.remote ? `${conn.remote.addr}:${conn.remote.port}` : '';
	return `fd${socket.fd}-orphan-${local}-${remote}`;
}

// Arguments that add nothing on screen (fds, read sizes) are left out: `read() → …`.
const HIDDEN_ARGS = new Set(['socket', 'accept', 'read', 'close', 'abort', 'kill']);

/**
 * `connect(10.0.0.2:80) → 0`, `read() → "hello" (5 bytes)`, `write("x") → EPIPE`, `accept() blocked…`.
 * When that is wider than `columns`, the arguments go first so the result stays visible.
 * A row whose data the log cut (CallEntry.shown) gives the same text up to `columns` as the whole.
 */
export function formatCall(entry: CallEntry, lang: Lang, columns = Infinity, arrow = '→'): string {
	// A cut preview only stands for the data while it alone is wider than the room.
	const shown = entry.shown && (!entry.shown.cut || width(entry.shown.text) > columns) ? entry.shown.text : undefined;
	const full = callText(entry, lang, !HIDDEN_ARGS.has(entry.call), arrow, shown);
	if (width(full) <= columns) return full;
	const bare = callText(entry, lang, false, arrow, shown);
	// Still too wide: an error name must stay whole (`connect→ECONNREFUSED`).
	return width(bare) <= columns || entry.status !== 'failed' ? bare : `${entry.call}${arrow}${entry.errno ?? 'error'}`;
}

const rowCache = new WeakMap<CallEntry, Map<string, string>>();

/** formatCall cut to `columns` with `ellipsis`, as a pane draws it; each row is worked out once per width and language. */
export function callLine(entry: CallEntry, lang: Lang, columns: number, arrow: string, ellipsis: string): string {
	let forEntry = rowCache.get(entry);
	if (!forEntry) {
		forEntry = new Map();
		rowCache.set(entry, forEntry);
	}
	const key = `${lang} ${columns} ${arrow} ${ellipsis}`;
	let line = forEntry.get(key);
	if (line === undefined) {
		line = truncate(formatCall(entry, lang, columns, arrow), columns, ellipsis);
		forEntry.set(key, line);
	}
	return line;
}

function callText(entry: CallEntry, lang: Lang, withArgs: boolean, arrow: string, shown: string | undefined): string {
	const args = withArgs ? callArgsText(entry.args, lang) : '';
	const head = `${entry.call}(${args})`;
	if (entry.status === 'blocked') return `${head} ${uiText(lang, 'blockedShort')}`;
	if (entry.status === 'failed') return `${head} ${arrow} ${entry.errno ?? 'error'}`;
	if (entry.call === 'read') {
		if (entry.result === 0) return `${head} ${arrow} ${uiText(lang, 'eof')}`;
		if (entry.data) return `${head} ${arrow} ${uiText(lang, 'readData', {data: shown ?? printableBytes(entry.data), size: byteCount(lang, entry.data.length)})}`;
	}
	return `${head} ${arrow} ${entry.result ?? 0}`;
}

/** The ladder label: `SYN,ACK seq=0 ack=1 win=65535`, numbers relative to the ISNs when asked. */
export function segmentLabel(entry: LadderEntry, relative: boolean): string {
	const seq = relative ? relativeTo(entry.seq, entry.seqBase) : entry.seq;
	const parts = [entry.flags || '-', `seq=${seq}`];
	if (entry.segment.flags.ack) parts.push(`ack=${relative ? relativeTo(entry.ack, entry.ackBase) : entry.ack}`);
	if (entry.len > 0) parts.push(`len=${entry.len}`);
	if (entry.winChanged) parts.push(`win=${entry.win}`);
	// SACK blocks are in the peer's sequence space, like the ACK number.
	for (const [left, right] of entry.segment.options.sack ?? []) {
		parts.push(relative ? `sack=${relativeTo(left, entry.ackBase)}-${relativeTo(right, entry.ackBase)}` : `sack=${left}-${right}`);
	}
	return parts.join(' ');
}

/**
 * A ladder row's text in `room` columns: the marks first, whole, then as much of the label as fits
 * (a narrow ladder cuts the label, never the marks).
 */
export function segmentText(entry: LadderEntry, relative: boolean, lang: Lang, room = Infinity, ellipsis = '…'): string {
	const marks = segmentMarks(entry, lang).join(' ');
	const label = segmentLabel(entry, relative);
	if (marks === '') return truncate(label, room, ellipsis);
	const left = room - width(marks) - 1;
	// Too little room for a useful piece of the label: the marks alone.
	if (left < 4) return truncate(marks, room, ellipsis);
	return `${marks} ${truncate(label, left, ellipsis)}`;
}

/** What segmentText last gave for an entry, and what it depended on that may change (store.ts applySegment). */
interface SegmentTextMemo {
	fate: LadderEntry['fate'];
	corrupted: boolean;
	reordered: boolean;
	fault: LadderEntry['fault'];
	dropReason: LadderEntry['dropReason'];
	relative: boolean;
	lang: Lang;
	room: number;
	ellipsis: string;
	text: string;
}

const segmentTexts = new WeakMap<LadderEntry, SegmentTextMemo>();

/**
 * segmentText, worked out again only when it could differ: the entry's fate and marks (what the
 * store changes after an entry is made) or how it is asked for. A ladder draws the same settled
 * segments frame after frame.
 */
export function ladderText(entry: LadderEntry, relative: boolean, lang: Lang, room: number, ellipsis: string): string {
	const memo = segmentTexts.get(entry);
	if (
		memo !== undefined && memo.fate === entry.fate && memo.corrupted === entry.corrupted && memo.reordered === entry.reordered
		&& memo.fault === entry.fault && memo.dropReason === entry.dropReason && memo.relative === relative && memo.lang === lang
		&& memo.room === room && memo.ellipsis === ellipsis
	) {
		return memo.text;
	}
	const text = segmentText(entry, relative, lang, room, ellipsis);
	segmentTexts.set(entry, {
		fate: entry.fate, corrupted: entry.corrupted, reordered: entry.reordered, fault: entry.fault, dropReason: entry.dropReason,
		relative, lang, room, ellipsis, text,
	});
	return text;
}

/** A pane lists its host's last this many sockets (the model compares what they show). */
export const LISTED_SOCKETS = 4;

/**
 * What each socket is called in the list: `fd3`, or `(fd3)` for a connection whose fd was closed
 * (the number may already name a new socket); where two would still read the same, the local port follows.
 */
export function socketNames(sockets: readonly SocketSnapshot[]): string[] {
	const base = sockets.map((s) => (s.orphaned ? `(fd${s.fd})` : `fd${s.fd}`));
	// How often each name occurs (a host may hold a hundred connections in TIME_WAIT).
	const count = new Map<string, number>();
	for (const name of base) count.set(name, (count.get(name) ?? 0) + 1);
	return base.map((name, i) => {
		const port = sockets[i]!.connection?.local.port ?? sockets[i]!.local?.port;
		return count.get(name)! > 1 && port !== undefined ? `${name}:${port}` : name;
	});
}
