// `node dist/bench/event-hash.js`: one hash per scenario over everything a same-seed run gives out
// (every event's JSON line, every packet's bytes, read() data, and each segment event's `segment`:
// its fields, options and payload). Run it on two builds: the same lines mean the same event
// stream, byte for byte. Scenarios: a clean transfer, netem's impairments, a rate-limited link with
// a queue, and armed and in-flight faults with injected packets.
import {createHash} from 'node:crypto';
import {pathToFileURL} from 'node:url';
import {createWorld, type World} from '../source/sim/world.js';
import {eventToJson} from '../source/sim/events.js';
import type {LinkConfig} from '../source/link/config.js';
import {encodeSegment} from '../source/stack/segment.js';
import {noFlags, type Segment} from '../source/stack/types.js';
import type {SegmentFault} from '../source/sim/world-api.js';
import {openConnection, pumpTransfer} from './stack.js';

/** JSON with every object's keys in order, so that objects made in another key order hash alike. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
		? Object.fromEntries(Object.keys(v).sort().map(k => [k, (v as Record<string, unknown>)[k]]))
		: v));
}

function hashRun(name: string, link: {c2s: Partial<LinkConfig>; s2c: Partial<LinkConfig>}, megabytes: number, prepare?: (world: World) => void): string {
	const world = createWorld({seed: 7, stack: {mss: 1460, sndbuf: 1 << 18, rcvbuf: 1 << 18, maxRetries: 30}, link, historyLimit: 64});
	const hash = createHash('sha256');
	let events = 0;
	world.on((e) => {
		events++;
		hash.update(JSON.stringify(eventToJson(e)));
		if (e.kind === 'segment') {
			hash.update(e.bytes);
			if (e.wireBytes) hash.update(e.wireBytes);
			const s = e.segment;
			hash.update(canonical([s.src, s.dst, s.srcPort, s.dstPort, s.seq, s.ack, s.flags, s.window, s.urgent, s.options]));
			hash.update(s.payload);
		}
		if (e.kind === 'call' && e.ref.data) hash.update(e.ref.data);
	});
	const {fd, conn} = openConnection(world);
	prepare?.(world);
	pumpTransfer(world, fd, conn, megabytes * 1e6, new Uint8Array(65536).map((_, i) => (i * 7) & 0xff));
	world.runFor(3000);
	return `${name.padEnd(8)} ${String(events).padStart(6)} events  ${hash.digest('hex').slice(0, 16)}`;
}

/** From 1 ms on, every `everyMs`: drop, corrupt, duplicate or delay (in turn) the packet in the middle of those in flight, `times` times. */
export function faultMidFlight(world: World, everyMs: number, times: number): void {
	const kinds: SegmentFault[] = [{kind: 'drop'}, {kind: 'corrupt'}, {kind: 'duplicate'}, {kind: 'delay', ms: 3}];
	let k = 0;
	const again = (): void => {
		const flying = world.inFlight();
		if (flying.length > 0) world.faultSegment(flying[flying.length >> 1]!.id, kinds[k++ % kinds.length]!);
		if (k < times) world.schedule(world.now() + everyMs, again);
	};
	world.schedule(world.now() + 1, again);
}

function withFaults(world: World): void {
	world.armFault({dir: 'c2s', flags: null, nth: 20}, {kind: 'drop'});
	world.armFault({dir: 'c2s', flags: 'ACK', nth: 30}, {kind: 'corrupt'});
	world.armFault({dir: 's2c', flags: 'ACK', nth: 15}, {kind: 'duplicate'});
	world.armFault({dir: 'c2s', flags: null, nth: 50}, {kind: 'delay', ms: 7});
	faultMidFlight(world, 2, 40);
	world.schedule(world.now() + 3, () => {
		const syn: Segment = {src: '10.0.0.1', dst: '10.0.0.2', srcPort: 4444, dstPort: 80, seq: 1, ack: 0, flags: {...noFlags(), syn: true},
			window: 1000, urgent: 0, options: {mss: 1000}, payload: new Uint8Array(0)};
		world.inject('c2s', encodeSegment(syn));
		const bad = encodeSegment({...syn, srcPort: 4445, payload: new Uint8Array([1, 2, 3])});
		bad[bad.length - 1]! ^= 0xff;
		world.inject('c2s', bad);
	});
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	console.log(hashRun('clean', {c2s: {delay: 5}, s2c: {delay: 5}}, 3));
	console.log(hashRun('netem', {c2s: {delay: 5, jitter: 3, loss: 2, duplicate: 2, corrupt: 1, reorder: 3}, s2c: {delay: 5, loss: 1, duplicate: 1}}, 1));
	console.log(hashRun('rate', {c2s: {delay: 5, rate: 20e6, queueLimit: 30}, s2c: {delay: 5}}, 1));
	console.log(hashRun('faults', {c2s: {delay: 5}, s2c: {delay: 5}}, 1, withFaults));
}
