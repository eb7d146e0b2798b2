// Every text the stack puts in its events has a Korean translation.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {hasTranslation, translateStackText} from '../../source/stack/causes.js';
import {createWorld} from '../../source/sim/world.js';
import {LINUX_DIFFERENCES} from '../../source/stack/profiles.js';
import type {SimEvent} from '../../source/sim/events.js';

test('translateStackText: English stays, Korean replaces, numbers carried over', () => {
	assert.equal(translateStackText('2×MSL expired', 'en'), '2×MSL expired');
	assert.equal(translateStackText('2×MSL expired', 'ko'), '2×MSL 경과');
	assert.equal(translateStackText('third duplicate ACK 1234: fast retransmit, ssthresh=2920, cwnd=7300', 'ko'),
		'세 번째 중복 ACK 1234: 빠른 재전송, ssthresh=2920, cwnd=7300');
	assert.equal(translateStackText('something else', 'ko'), 'something else');
});

/** Texts of state and note events from a run that exercises most paths. */
function texts(events: SimEvent[]): string[] {
	return events.flatMap((e) => e.kind === 'state' ? [e.cause] : e.kind === 'note' && e.host !== 'link' && e.host !== 'sim' ? [e.text] : []);
}

test('every cause and note emitted in busy runs has a translation', () => {
	const seen = new Set<string>();
	for (const [seed, stack] of [
		[1, {msl: 300, timestamps: true, sack: true, keepalive: true, keepaliveIdle: 2000, keepaliveInterval: 100, keepaliveProbes: 2}],
		[2, {msl: 0, synCookies: true, synBacklog: 1, rcvbuf: 2000, maxRetries: 3}],
		[3, {msl: 300, skipTimeWait: true, nagle: true, delayedAck: true}],
		[4, {msl: 300, ...LINUX_DIFFERENCES, finWait2Timeout: 5000}],
	] as const) {
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
		for (const t of texts(events)) seen.add(t);
	}
	assert.ok(seen.size > 10, `only ${seen.size} texts seen`);
	if (process.env.SHOW_TEXTS) console.log([...seen].join("\n"));
	const missing = [...seen].filter((t) => !hasTranslation(t));
	assert.deepEqual(missing, []);
});

test('every literal cause and note in the stack\'s source has a translation', async (t) => {
	const {readFile} = await import('node:fs/promises');
	const {existsSync} = await import('node:fs');
	// The .ts sources, from test/stack/ or from dist/test/stack/ after tsc.
	const root = [new URL('../../source/stack/', import.meta.url), new URL('../../../source/stack/', import.meta.url)]
		.find((u) => existsSync(new URL('connection.ts', u)));
	if (!root) {
		t.skip('the .ts sources are not beside this build');
		return;
	}
	const found: string[] = [];
	for (const file of ['connection.ts', 'host.ts']) {
		const source = await readFile(new URL(file, root), 'utf8');
		const pattern = /(?:setState\('[A-Z_0-9]+', |finish\(|abort\(|enterTimeWait\(|startTimeWait\(|terminate\(|note\(|sendChallengeAck\(|cause: |cause = |shutdownWrite\()(['`])((?:(?!\1).)*)\1/g;
		for (const m of source.matchAll(pattern)) {
			const text = m[2]!;
			if (text.startsWith('${cause}') || text.startsWith('challenge ACK')) continue;
			found.push(text.replace(/\$\{[^}]*\}/g, '7'));
		}
	}
	assert.ok(found.length > 30, `found ${found.length}`);
	// Causes built from other causes: the combinations the code can make.
	for (const call of ['close() called', 'shutdown(SHUT_WR) called']) {
		found.push(`${call}: FIN queued after the data`, `${call} before the handshake finished`, `${call} during the handshake: RST sent`);
	}
	const whys = ['RST in the window but not at RCV.NXT', 'SYN on an established connection', 'ACK below SND.UNA − MAX.SND.WND, segment dropped'];
	for (const why of whys) found.push(`challenge ACK (RFC 5961): ${why}`);
	found.push('challenge ACK not sent: at most one per 500 ms per connection (RFC 5961 §7)', 'challenge ACK not sent: the host\'s 1000 per second are used up (RFC 5961 §7)');
	found.push('a new SYN with a higher sequence number or newer timestamp reopens this 4-tuple: TIME_WAIT cut short');
	const missing = found.filter((t) => !hasTranslation(t) && !['close() called', 'shutdown(SHUT_WR) called', ...whys].includes(t));
	assert.deepEqual(missing, []);
});
