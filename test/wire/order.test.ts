// The simulated world and the wire world share one event core: for the same packets each host
// sees the same events in the same order (a segment's `delivered` before the host's reaction).
import {after, test} from 'node:test';
import assert from 'node:assert/strict';
import type {HostApi} from '../../source/stack/host-api.js';
import type {Call} from '../../source/stack/types.js';
import type {Direction, SimEvent} from '../../source/sim/events.js';
import {createWorld, type World} from '../../source/sim/world.js';
import {createWireWorld, type WireWorld} from '../../source/wire/world.js';
import {freeUdpPort} from './netns.js';
import {returned, stateOf} from './drive.js';

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
});

const STACK = {msl: 200, delayedAck: false};

/** What one host saw: its packets arriving, its own leaving, its state changes, in order. */
function hostView(events: readonly SimEvent[], host: 'client' | 'server'): string[] {
	const out: Direction = host === 'client' ? 'c2s' : 's2c';
	const lines: string[] = [];
	for (const e of events) {
		if (e.kind === 'segment' && e.dir !== out && (e.fate === 'delivered' || e.fate === 'dropped')) lines.push(`in ${e.flags} len=${e.len} ${e.fate}`);
		else if (e.kind === 'segment' && e.dir === out && e.fate === 'sent') lines.push(`out ${e.flags} len=${e.len}`);
		else if (e.kind === 'state' && e.host === host) lines.push(`${e.from}→${e.to}`);
	}
	return lines;
}

/** The same program for both worlds: connect, one write, read, close from the client first. */
interface Driver {
	settle(call: Call): Promise<Call>;
	until(predicate: () => boolean): Promise<void>;
	client: HostApi;
	server: HostApi;
}

async function program(d: Driver): Promise<void> {
	const {client: c, server: s} = d;
	const listener = (await d.settle(s.socket())).result!;
	await d.settle(s.bind(listener, 80));
	await d.settle(s.listen(listener, 4));
	const accepting = s.accept(listener);
	const fd = (await d.settle(c.socket())).result!;
	await d.settle(c.connect(fd, '10.9.0.1', 80));
	const conn = (await d.settle(accepting)).result!;
	const reading = s.read(conn, 100);
	await d.settle(c.write(fd, 'hello'));
	assert.equal(Buffer.from((await d.settle(reading)).data!).toString(), 'hello');
	await d.settle(c.close(fd));
	await d.until(() => stateOf(s, conn) === 'CLOSE_WAIT' && stateOf(c, fd) === 'FIN_WAIT_2');
	await d.settle(s.close(conn));
	await d.until(() => stateOf(s, conn) === undefined && stateOf(c, fd) === undefined);
}

function simDriver(world: World): Driver {
	const runWhile = (blocked: () => boolean): void => {
		for (let i = 0; i < 100_000 && blocked(); i++) assert.ok(world.step(), 'the simulation ran out of events');
	};
	return {
		client: world.client,
		server: world.server,
		settle: async call => {
			runWhile(() => call.status === 'blocked');
			return call;
		},
		until: async predicate => runWhile(() => !predicate()),
	};
}

function wireDriver(client: WireWorld, server: WireWorld): Driver {
	return {
		client: client.local,
		server: server.local,
		settle: call => returned(call.host === 'client' ? client : server, call),
		until: async predicate => {
			assert.ok(await client.waitFor(predicate, 10_000), 'the wire worlds reach the expected states');
		},
	};
}

test('the simulated and the wire world give each host the same events in the same order', {timeout: 60_000}, async () => {
	const sim = createWorld({seed: 1, stack: STACK, clientAddr: '10.9.0.2', serverAddr: '10.9.0.1', link: {c2s: {delay: 1}, s2c: {delay: 1}}});
	await program(simDriver(sim));

	const clientPort = await freeUdpPort();
	const serverPort = await freeUdpPort();
	const server = await createWireWorld({side: 'server', seed: 1, localPort: serverPort, remoteHost: '127.0.0.1', remotePort: clientPort,
		localAddr: '10.9.0.1', remoteAddr: '10.9.0.2', stack: STACK});
	assert.ok(server.ok);
	cleanups.push(() => server.world.close());
	const client = await createWireWorld({side: 'client', seed: 1, localPort: clientPort, remoteHost: '127.0.0.1', remotePort: serverPort, stack: STACK});
	assert.ok(client.ok);
	cleanups.push(() => client.world.close());
	await program(wireDriver(client.world, server.world));

	for (const host of ['client', 'server'] as const) {
		const wire: WireWorld = host === 'client' ? client.world : server.world;
		assert.deepEqual(hostView(wire.history(), host), hostView(sim.history(), host), `${host}: the same order in both worlds`);
	}
	// The order the issue names: the SYN arrives, then the listener moves, then the SYN+ACK leaves.
	const view = hostView(server.world.history(), 'server');
	const synIn = view.indexOf('in SYN len=0 delivered');
	assert.deepEqual(view.slice(synIn, synIn + 3), ['in SYN len=0 delivered', 'LISTEN→SYN_RCVD', 'out SYN,ACK len=0']);
});

test('faults act on our side of the tunnel: an armed drop never leaves, an armed duplicate of an arriving segment reaches our stack twice', {timeout: 60_000}, async () => {
	const clientPort = await freeUdpPort();
	const serverPort = await freeUdpPort();
	const server = await createWireWorld({side: 'server', seed: 3, localPort: serverPort, remoteHost: '127.0.0.1', remotePort: clientPort,
		localAddr: '10.9.0.1', remoteAddr: '10.9.0.2', stack: STACK});
	assert.ok(server.ok);
	cleanups.push(() => server.world.close());
	const client = await createWireWorld({side: 'client', seed: 4, localPort: clientPort, remoteHost: '127.0.0.1', remotePort: serverPort, stack: STACK});
	assert.ok(client.ok);
	cleanups.push(() => client.world.close());
	const c = client.world;
	c.armFault({dir: 'c2s', flags: 'SYN', nth: 1}, {kind: 'drop'});
	c.armFault({dir: 's2c', flags: 'SYN,ACK', nth: 1}, {kind: 'duplicate'});
	const d = wireDriver(c, server.world);
	const listener = (await d.settle(d.server.socket())).result!;
	await d.settle(d.server.bind(listener, 80));
	await d.settle(d.server.listen(listener, 4));
	const accepting = d.server.accept(listener);
	const fd = (await d.settle(d.client.socket())).result!;
	await d.settle(d.client.connect(fd, '10.9.0.1', 80));
	await d.settle(accepting);
	const fatesOf = (events: readonly SimEvent[], flags: string) => events
		.filter(e => e.kind === 'segment' && e.flags === flags).map(e => e.kind === 'segment' ? `${e.fate}${e.fault ? `:${e.fault}` : ''}` : '');
	assert.deepEqual(fatesOf(c.history(), 'SYN'), ['sent:drop', 'lost:drop', 'sent']);
	assert.deepEqual(fatesOf(server.world.history(), 'SYN'), ['sent', 'delivered'], 'the server saw only the SYN sent again');
	assert.deepEqual(fatesOf(c.history(), 'SYN,ACK').slice(0, 2), ['sent:duplicate', 'duplicated:duplicate']);
	assert.equal(fatesOf(c.history(), 'SYN,ACK').filter(f => /^(delivered|dropped)/.test(f)).length, 2, 'both copies reached our stack');
});
