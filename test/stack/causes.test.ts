// The stack says why as a code with parameters; the words come from one table in both languages.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {protocolCodes, protocolTemplates, protocolText} from '../../source/i18n/protocol.js';
import {createWorld} from '../../source/sim/world.js';
import {LINUX_DIFFERENCES} from '../../source/stack/profiles.js';
import type {SimEvent} from '../../source/sim/events.js';

test('protocolText: the sentence in each language, parameters filled in', () => {
	assert.equal(protocolText({code: 'time-wait-expired'}, 'en'), '2×MSL expired');
	assert.equal(protocolText({code: 'time-wait-expired'}, 'ko'), '2×MSL 경과');
	const fast = {code: 'fast-retransmit', ack: 1234, ssthresh: 2920, cwnd: 7300} as const;
	assert.equal(protocolText(fast, 'en'), 'third duplicate ACK 1234: fast retransmit, ssthresh=2920, cwnd=7300');
	assert.equal(protocolText(fast, 'ko'), '세 번째 중복 ACK 1234: 빠른 재전송, ssthresh=2920, cwnd=7300');
	assert.equal(protocolText({code: 'fin-queued', call: 'shutdown(SHUT_WR)'}, 'ko'), 'shutdown(SHUT_WR) 호출: 데이터 뒤에 FIN 예약');
});

test('every code has both languages, different from each other, with the same placeholders', () => {
	const codes = protocolCodes();
	assert.ok(codes.length > 60, `${codes.length} codes`);
	for (const code of codes) {
		const {en, ko} = protocolTemplates(code);
		assert.ok(en.length > 0 && ko.length > 0, code);
		assert.notEqual(en, ko, `${code} is translated`);
		const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		assert.deepEqual(placeholders(ko), placeholders(en), `${code}: the same parameters in both languages`);
	}
});

/** The state and note events of a run that exercises most paths. */
function busyRun(seed: number, stack: object): SimEvent[] {
	const world = createWorld({seed, stack, link: {c2s: {loss: 20, reorder: 10}, s2c: {loss: 20}}});
	const events: SimEvent[] = [];
	world.on((e) => events.push(e));
	const {client, server} = world;
	server.socket();
	server.bind(3, 80);
	server.listen(3, 1);
	server.accept(3);
	client.socket();
	client.connect(3, '10.0.0.2', 80);
	client.socket();
	client.connect(4, '10.0.0.2', 81);
	world.runFor(5000);
	client.write(3, new Uint8Array(50_000));
	world.runFor(2000);
	server.read(4, 100);
	client.shutdown(3, 'wr');
	world.runFor(20_000);
	server.write(4, 'bye');
	server.close(4);
	client.abort(3);
	world.setLink('c2s', {loss: 100});
	world.setLink('s2c', {loss: 100});
	client.socket();
	client.connect(3, '10.0.0.2', 80);
	world.runFor(120_000);
	server.close(3);
	return events;
}

test('events carry the code; their English cause and text are the table\'s sentence for it', () => {
	const codes = new Set<string>();
	for (const [seed, stack] of [
		[1, {msl: 300, timestamps: true, sack: true, keepalive: true, keepaliveIdle: 2000, keepaliveInterval: 100, keepaliveProbes: 2}],
		[2, {msl: 0, synCookies: true, synBacklog: 1, rcvbuf: 2000, maxRetries: 3}],
		[3, {msl: 300, skipTimeWait: true, nagle: true, delayedAck: true}],
		[4, {msl: 300, ...LINUX_DIFFERENCES, finWait2Timeout: 5000}],
	] as const) {
		for (const e of busyRun(seed, stack)) {
			if (e.kind === 'state') {
				assert.equal(e.cause, protocolText(e.why, 'en'));
				codes.add(e.why.code);
			} else if (e.kind === 'note') {
				assert.equal(e.text, protocolText(e.why, 'en'));
				codes.add(e.why.code);
			}
		}
	}
	for (const code of ['listen-called', 'connect-called', 'syn-received', 'handshake-complete', 'rst-no-listener', 'retransmission-timeout', 'link-changed']) {
		assert.ok(codes.has(code), `${code} seen`);
	}
});
