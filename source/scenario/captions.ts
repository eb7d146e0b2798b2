// Lesson captions with the real numbers of this run filled in: `{client.iss+1}`, `{msl}` (ms), `{seed}`.
// Sequence numbers are written as the ladder draws them: relative to the ISN of the side that
// numbers those bytes (the sender's for iss/sndUna/sndNxt, the peer's for irs/rcvNxt), or absolute.
// `{client.isn}` is the client's ISN itself and `{client.peerIsn}` the server's as the client
// recorded it (IRS), always absolute: how a caption names an ISN once.
// The parser has already checked every placeholder (checkCaption), so unknown ones cannot occur;
// a value that does not exist yet (no connection) shows as `?`.
import type {Lang} from '../i18n/lang.js';
import type {ConnectionSnapshot, HostSnapshot} from '../stack/types.js';
import type {HostSide, Step} from './ast.js';
import type {ActionRunner} from './runner.js';
import {seqAdd} from '../stack/seq.js';

export interface CaptionContext {
	/** The host snapshots to read fields from. */
	client: HostSnapshot;
	server: HostSnapshot;
	/** The fd each host's actions use (from the runner); its connection is preferred. */
	currentFd: Partial<Record<HostSide, number>>;
	msl: number;
	seed: number;
	/** Sequence numbers relative to the ISNs (default) or absolute. */
	relative?: boolean;
}

/** The connection a caption means by `{host.…}`: the current fd's, else the newest one the host has. */
export function captionConnection(snapshot: HostSnapshot, fd: number | undefined): ConnectionSnapshot | null {
	const current = snapshot.sockets.find((socket) => socket.fd === fd)?.connection;
	if (current) return current;
	for (let i = snapshot.sockets.length - 1; i >= 0; i--) {
		const connection = snapshot.sockets[i]!.connection;
		if (connection) return connection;
	}
	return null;
}

/** Sequence-number fields, and the field holding the ISN each is numbered from. */
const SEQUENCE_BASE: Record<string, 'iss' | 'irs'> = {iss: 'iss', sndUna: 'iss', sndNxt: 'iss', irs: 'irs', rcvNxt: 'irs', isn: 'iss', peerIsn: 'irs'};
/** The always-absolute names of the ISNs, and the field each reads. */
const ABSOLUTE_FIELDS: Record<string, string> = {isn: 'iss', peerIsn: 'irs'};

export function renderCaption(text: string, context: CaptionContext): string {
	return text.replace(/\{([^{}]*)\}/g, (whole, inner: string) => {
		const name = inner.trim();
		if (name === 'msl') return String(context.msl);
		if (name === 'seed') return String(context.seed);
		const parts = /^(client|server)\.(\w+)(?:([+-])(\d+))?$/.exec(name);
		if (!parts) return whole;
		const host = parts[1] as HostSide;
		const field = parts[2]!;
		const connection = captionConnection(context[host], context.currentFd[host]);
		if (!connection) return '?';
		const value = (connection as unknown as Record<string, unknown>)[ABSOLUTE_FIELDS[field] ?? field];
		if (typeof value === 'string') return value;
		if (typeof value !== 'number') return '?';
		const offset = parts[3] ? Number(parts[4]) * (parts[3] === '-' ? -1 : 1) : 0;
		const baseField = SEQUENCE_BASE[field];
		if (baseField === undefined) return String(value + offset);
		// Sequence numbers wrap at 2^32 (an ISN just below it plus one is a small number).
		const absolute = seqAdd(value, offset);
		if (field in ABSOLUTE_FIELDS || context.relative === false) return String(absolute);
		const base = connection[baseField];
		return base === null ? '?' : String(seqAdd(absolute, -base));
	});
}

/** A step's caption in the chosen language (falling back to the other one), filled in from a runner's world. */
export function stepCaption(step: Step, lang: Lang, runner: ActionRunner, msl: number, relative = true): string {
	const text = step.captions[lang] ?? step.captions[lang === 'en' ? 'ko' : 'en'] ?? '';
	const snapshot = runner.world.snapshot();
	const currentFd: Partial<Record<HostSide, number>> = {};
	const clientFd = runner.currentFd('client');
	const serverFd = runner.currentFd('server');
	if (clientFd !== undefined) currentFd.client = clientFd;
	if (serverFd !== undefined) currentFd.server = serverFd;
	return renderCaption(text, {client: snapshot.client, server: snapshot.server, currentFd, msl, seed: runner.world.seed, relative});
}

/** The fields a caption names per host (`{client.cwnd}` → client: cwnd). */
export function captionFields(text: string): Record<HostSide, string[]> {
	const fields: Record<HostSide, string[]> = {client: [], server: []};
	for (const match of text.matchAll(/\{\s*(client|server)\.(\w+)/g)) {
		const list = fields[match[1] as HostSide];
		if (!list.includes(match[2]!)) list.push(match[2]!);
	}
	return fields;
}
