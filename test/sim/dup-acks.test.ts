// Duplicate ACKs are counted once, from what crossed the link, and the ladder and the transcript
// (`tcp-tui run`, the `t` view) both show them, with the same numbers.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {buildTranscript} from '../../source/scenario/transcript.js';
import {DupAckCounter} from '../../source/sim/dup-acks.js';
import type {SegmentEvent} from '../../source/sim/events.js';
import {createWorld} from '../../source/sim/world.js';
import type {WorldApi} from '../../source/sim/world-api.js';
import {UiStore} from '../../source/ui/store.js';
import {establish} from '../ui/helpers.js';

function sent(world: WorldApi): SegmentEvent[] {
	return world.history().filter((e): e is SegmentEvent => e.kind === 'segment' && (e.fate === 'sent' || e.fate === 'duplicated'));
}

/** One data segment lost among six: the receiver ACKs each later one with the same ACK number. */
function lostAmongSix(): WorldApi {
	const w = createWorld({seed: 3, historyLimit: 100_000, stack: {nagle: false}});
	const {clientFd} = establish(w);
	w.client.write(clientFd, 'a'.repeat(1000));
	w.setLink('c2s', {loss: 100});
	w.client.write(clientFd, 'b'.repeat(1000));
	w.setLink('c2s', {loss: 0});
	for (let i = 0; i < 4; i++) w.client.write(clientFd, 'c'.repeat(1000));
	w.runFor(2000);
	return w;
}

test('a lost segment: the receiver\'s ACKs after it are dupACK#1..#3, then the fast retransmission ends the run', () => {
	const w = lostAmongSix();
	const counter = new DupAckCounter();
	const marked = sent(w).map((e) => ({e, dup: counter.count(e)}));
	const acks = marked.filter(({e}) => e.dir === 's2c' && e.len === 0);
	const runs = acks.map(({dup}) => dup).filter((n) => n !== undefined);
	assert.deepEqual(runs.slice(0, 4), [1, 2, 3, 4]);
	// Every one repeats the ACK number of the ACK before the run.
	const first = acks.findIndex(({dup}) => dup === 1);
	for (const {e} of acks.slice(first, first + 4)) assert.equal(e.ack, acks[first - 1]!.e.ack);
	assert.ok(sent(w).some((e) => e.rtx?.cause === 'fast'));
	// Data and the client's segments are never dup ACKs.
	assert.ok(marked.every(({e, dup}) => dup === undefined || (e.dir === 's2c' && e.len === 0)));
});

test('the transcript marks the same dup ACKs as the ladder, in en and ko', () => {
	const w = lostAmongSix();
	const store = new UiStore();
	for (const e of w.history()) store.apply(e);
	const ladderDups = store.ladder.filter((entry) => entry.dupAck !== undefined).map((entry) => entry.dupAck);
	assert.ok(ladderDups.length >= 3, `ladder: ${ladderDups.join(',')}`);
	for (const lang of ['en', 'ko'] as const) {
		const lines = buildTranscript(w.history(), {lang}).flatMap((r) => r.segments);
		const transcriptDups = lines.flatMap((line) => /dupACK#(\d+)/.exec(line)?.[1] ?? []).map(Number);
		assert.deepEqual(transcriptDups, ladderDups, lang);
		assert.ok(lines.some((line) => /^<- ACK .* <- dupACK#3$/.test(line)), lines.join('\n'));
	}
});

test('over a lossy, duplicating, reordering link the ladder and the transcript agree on every dup ACK', () => {
	for (const seed of [1, 2, 3, 4]) {
		const w = createWorld({seed, historyLimit: 100_000, stack: {nagle: false}});
		const {clientFd} = establish(w);
		w.setLink('c2s', {loss: 10, duplicate: 5, reorder: 10, delay: 40});
		w.setLink('s2c', {loss: 5, duplicate: 5});
		for (let i = 0; i < 30; i++) w.client.write(clientFd, 'x'.repeat(700));
		w.runFor(20_000);
		const store = new UiStore();
		for (const e of w.history()) store.apply(e);
		const ladderDups = store.ladder.filter((entry) => entry.copyOf === undefined).map((entry) => entry.dupAck ?? 0);
		const transcriptDups = buildTranscript(w.history()).flatMap((r) => r.segments)
			// Segments only (the column also says when the link changed); a link's copy is its own
			// line, marked `(duplicate)`, and is left out of both.
			.filter((line) => /^(->|<-) /.test(line) && !/ (<-|->) \(duplicate\)/.test(line))
			.map((line) => Number(/dupACK#(\d+)/.exec(line)?.[1] ?? 0));
		assert.deepEqual(transcriptDups, ladderDups, `seed ${seed}`);
		assert.ok(ladderDups.some((n) => n > 0), `seed ${seed}: no dup ACK at all`);
	}
});

test('not dup ACKs: an ACK with a new window, an answer to a keepalive, a link\'s copy', () => {
	const base = {src: '10.0.0.2', srcPort: 80, dst: '10.0.0.1', dstPort: 5000, ack: 1000, len: 0, win: 5000, fate: 'sent' as const};
	const ackFlags = {ack: true, syn: false, rst: false, fin: false, psh: false, urg: false, ece: false, cwr: false};
	const segment = {flags: ackFlags} as SegmentEvent['segment'];
	const ack = (extra: Partial<SegmentEvent> = {}): Parameters<DupAckCounter['count']>[0] => ({...base, segment, ...extra});
	const counter = new DupAckCounter();
	assert.equal(counter.count(ack()), undefined);
	assert.equal(counter.count(ack()), 1);
	assert.equal(counter.count(ack({fate: 'duplicated'})), undefined);
	assert.equal(counter.count(ack()), 2);
	// A new window is a window update, and starts a new run.
	assert.equal(counter.count(ack({win: 6000})), undefined);
	assert.equal(counter.count(ack({win: 6000})), 1);
	// The peer's keepalive probe, then our answer to it: not a dup ACK.
	const probe = {src: base.dst, srcPort: base.dstPort, dst: base.src, dstPort: base.srcPort, ack: 1, len: 0, win: 100, fate: 'sent' as const,
		segment, rtx: {count: 1, cause: 'keepalive' as const}};
	counter.count(probe);
	assert.equal(counter.count(ack({win: 6000})), undefined);
	assert.equal(counter.count(ack({win: 6000})), 1);
	// Zero window never counts; nor does a segment the stack noted (a window update, a challenge).
	assert.equal(counter.count(ack({win: 6000, note: 'challenge-ack'})), undefined);
	assert.equal(counter.count(ack({win: 0})), undefined);
	assert.equal(counter.count(ack({win: 0})), undefined);
});
