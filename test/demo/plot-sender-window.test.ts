// The congestion plot samples the sender's cwnd after every segment. A host of our stack tells it
// directly (`senderWindow`), without making a snapshot of every socket; it must pick the same
// connection, with the same values, as the snapshot would, and the plots must come out the same.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {PlotRecorder, senderConnection} from '../../source/demo/plot-data.js';
import {createWorld} from '../../source/sim/world.js';
import type {WorldApi} from '../../source/sim/world-api.js';
import {establish} from '../ui/helpers.js';

/** Several connections opened, some closed (orphans in FIN_WAIT and TIME_WAIT), bulk data over loss. */
function busyWorld(seed: number, watch: (w: WorldApi) => void): WorldApi {
	const w = createWorld({seed, historyLimit: 0});
	watch(w);
	const first = establish(w);
	w.setLink('c2s', {loss: 5, duplicate: 2, reorder: 5});
	w.setLink('s2c', {loss: 5});
	w.client.write(first.clientFd, 'x'.repeat(40_000));
	w.runFor(300);
	// More connections to the same listener; the client closes some while data is in flight.
	const more: number[] = [];
	for (let i = 0; i < 3; i++) {
		const fd = w.client.socket().result!;
		w.client.connect(fd, w.server.addr, 80);
		more.push(fd);
	}
	w.runFor(1500);
	w.client.write(more[1]!, 'y'.repeat(20_000));
	w.runFor(200);
	w.client.close(more[2]!);
	w.client.close(first.clientFd);
	w.runFor(200);
	w.client.close(more[1]!);
	w.client.close(more[0]!);
	return w;
}

test('senderWindow picks the connection a snapshot would, with its cwnd and ssthresh, after every event', () => {
	for (const seed of [1, 2, 3]) {
		let checked = 0;
		let orphansOnly = 0;
		const w = busyWorld(seed, (w) => w.on(() => {
			for (const host of [w.client, w.server]) {
				const snapshot = host.snapshot();
				const conn = senderConnection(snapshot);
				const direct = host.senderWindow!();
				assert.deepEqual(direct, conn ? {cwnd: conn.cwnd, ssthresh: conn.ssthresh} : null);
				if (conn && snapshot.sockets.every((s) => s.orphaned || s.role !== 'connection' || s.connection === null)) orphansOnly++;
				checked++;
			}
		}));
		w.runFor(60_000);
		assert.ok(checked > 300, `seed ${seed}: ${checked} checks`);
		assert.ok(orphansOnly > 0, `seed ${seed}: never only orphans left`);
	}
});

test('a recorder fed the host and one fed snapshots draw the same cwnd and sequence series', () => {
	const direct = new PlotRecorder('client');
	const bySnapshot = new PlotRecorder('client');
	const w = busyWorld(4, (w) => {
		direct.attach(w);
		w.on((event) => bySnapshot.observe(event, () => w.client.snapshot()));
	});
	w.runFor(60_000);
	assert.ok(direct.cwnd.length >= 5, `${direct.cwnd.length} samples`);
	assert.deepEqual(direct.cwnd, bySnapshot.cwnd);
	assert.deepEqual(direct.seq, bySnapshot.seq);
});
