// A host decodes arriving packets into a Segment of its own, one per level of nesting: while it
// digests one packet, something it calls out to (here, the event callback) may hand it another.
// The outer digest must go on with its own segment, not the nested one's.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Host} from '../../source/stack/host.js';
import type {StackEnv, StackEvent} from '../../source/stack/env.js';
import {DEFAULT_STACK_CONFIG} from '../../source/stack/types.js';
import {Scheduler} from '../../source/sim/scheduler.js';
import {CLIENT, FixedRng, SERVER} from './helpers.js';

test('a packet handed to a host while it digests another: each connection gets its own bytes', () => {
	const sched = new Scheduler();
	const wire: Array<{to: 'client' | 'server'; packet: Uint8Array}> = [];
	let onServerEvent: ((e: StackEvent) => void) | null = null;
	const env = (name: 'client' | 'server', addr: string, isn: number): StackEnv => ({
		name,
		addr,
		config: {...DEFAULT_STACK_CONFIG},
		timers: sched,
		rng: new FixedRng([isn, isn + 100_000]),
		emit: (e) => {
			if (name === 'server') onServerEvent?.(e);
		},
		output: (packet) => wire.push({to: name === 'client' ? 'server' : 'client', packet}),
	});
	const client = new Host(env('client', CLIENT, 7000));
	const server = new Host(env('server', SERVER, 9000));
	const hosts = {client, server};
	const deliverAll = (): void => {
		while (wire.length > 0) {
			const {to, packet} = wire.shift()!;
			assert.equal(hosts[to].receive(packet), null);
		}
	};
	const listener = server.socket().result!;
	server.bind(listener, 80);
	server.listen(listener, 4);
	const open = (): {fd: number; conn: number} => {
		const accepted = server.accept(listener);
		const fd = client.socket().result!;
		client.connect(fd, SERVER, 80);
		deliverAll();
		assert.equal(accepted.status, 'returned');
		return {fd, conn: accepted.result!};
	};
	const one = open();
	const two = open();
	// The server has data in flight on the first connection; the client's answer to it (its ACK
	// dropped) is a data segment that acknowledges it, so digesting it restarts the server's timer.
	server.write(one.conn, 'x'.repeat(100));
	assert.equal(wire.length, 1);
	client.receive(wire.shift()!.packet);
	wire.length = 0;
	client.write(one.fd, 'A'.repeat(50));
	client.write(two.fd, 'B'.repeat(60));
	assert.equal(wire.length, 2);
	const [forOne, forTwo] = wire.splice(0, 2);
	let nested = 0;
	onServerEvent = (e) => {
		if (e.kind !== 'timer' || nested > 0) return;
		nested++;
		assert.equal(server.receive(forTwo!.packet), null);
	};
	assert.equal(server.receive(forOne!.packet), null);
	onServerEvent = null;
	assert.equal(nested, 1, 'the second packet was digested inside the first one\'s digest');
	const text = (fd: number): string => new TextDecoder().decode(server.read(fd, 1000).data);
	assert.equal(text(one.conn), 'A'.repeat(50));
	assert.equal(text(two.conn), 'B'.repeat(60));
});
