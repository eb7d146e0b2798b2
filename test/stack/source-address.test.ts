// RFC 1122 §3.2.1.3, §4.2.3.10: a segment whose source no host may have is discarded silently,
// in both profiles and in both worlds (the simulated link and the UDP tunnel).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {invalidSourceReason} from '../../source/stack/host.js';
import {profileConfig, STACK_PROFILES} from '../../source/stack/profiles.js';
import {encodeSegment} from '../../source/stack/segment.js';
import {createWorld} from '../../source/sim/world.js';
import {listening, PEER_ISS, seg, SERVER} from './helpers.js';

/** One source per class, with the reason its drop is counted under. */
export const BAD_SOURCES: ReadonlyArray<[string, string]> = [
	['224.0.0.5', 'source-multicast'],
	['239.255.255.250', 'source-multicast'],
	['255.255.255.255', 'source-broadcast'],
	['0.0.0.0', 'source-this-network'],
	['0.1.2.3', 'source-this-network'],
	['127.0.0.1', 'source-loopback'],
	['127.8.9.10', 'source-loopback'],
	[SERVER, 'source-own-address'],
];

test('invalidSourceReason: the five classes, and ordinary addresses pass', () => {
	for (const [addr, reason] of BAD_SOURCES) assert.equal(invalidSourceReason(addr, SERVER), reason, addr);
	for (const addr of ['10.0.0.1', '223.255.255.255', '240.0.0.1', '1.0.0.0', '128.0.0.1', '126.255.255.255']) {
		assert.equal(invalidSourceReason(addr, SERVER), null, addr);
	}
});

for (const profile of STACK_PROFILES) {
	for (const [src, reason] of BAD_SOURCES) {
		test(`${profile}: LISTEN + SYN from ${src} → nothing sent, no half-open entry, rx-dropped:${reason}`, () => {
			const r = listening({config: profileConfig(profile)});
			assert.equal(r.send(seg({flags: 'SYN', seq: PEER_ISS, src, options: {mss: 1460}})), reason);
			assert.deepEqual(r.take(), [], 'no SYN+ACK (and no RST) to a group, everyone, or ourselves');
			const snap = r.host.snapshot();
			assert.equal(snap.sockets[0]!.listener!.synQueue, 0);
			assert.equal(snap.unaccepted?.length, 0);
			assert.equal(snap.counters[`rx-dropped:${reason}`], 1);
			r.run(10_000);
			assert.deepEqual(r.take(), [], 'nothing retransmitted later either');
		});
	}

	test(`${profile}: any segment from a bad source is dropped before demultiplexing (no RST for a closed port)`, () => {
		const r = listening({config: profileConfig(profile)});
		assert.equal(r.send(seg({flags: 'ACK', seq: 1, ack: 1, src: '127.0.0.1', dstPort: 81})), 'source-loopback');
		assert.equal(r.send(seg({flags: 'FIN,ACK', seq: 1, ack: 1, src: '224.0.0.1', dstPort: 80})), 'source-multicast');
		assert.deepEqual(r.take(), []);
		assert.equal(r.send(seg({flags: 'ACK', seq: 1, ack: 1, src: '10.0.0.1', dstPort: 81})), 'no-listener');
		assert.equal(r.take().length, 1, 'an ordinary source does get its RST');
	});

	test(`${profile}: the simulated world drops an injected SYN from each bad source, shown as dropped with its reason`, () => {
		const world = createWorld({seed: 1, profile});
		world.server.socket();
		world.server.bind(3, 80);
		world.server.listen(3, 8);
		for (const [src] of BAD_SOURCES.filter(([s]) => s !== SERVER)) {
			world.inject('c2s', encodeSegment(seg({flags: 'SYN', seq: PEER_ISS, src, options: {mss: 1460}})));
		}
		world.inject('c2s', encodeSegment(seg({flags: 'SYN', seq: PEER_ISS, src: SERVER, options: {mss: 1460}})));
		world.runFor(5000);
		const segments = world.history().filter((e) => e.kind === 'segment');
		assert.ok(segments.every((e) => e.kind === 'segment' && e.dir === 'c2s'), 'the server sent nothing');
		const drops = segments.filter((e) => e.kind === 'segment' && e.fate === 'dropped').map((e) => e.kind === 'segment' ? e.reason : '');
		assert.deepEqual(drops, BAD_SOURCES.map(([, reason]) => reason));
		assert.equal(world.snapshot().server.counters['rx-dropped'], BAD_SOURCES.length);
	});
}
