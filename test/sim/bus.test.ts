// The event bus's holds (causal order while a host digests a packet) and its silent mode (no
// listener and no history: producers make no events), against the real stack.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {EventBus} from '../../source/sim/bus.js';
import {createWorld, type World} from '../../source/sim/world.js';
import {eventToJson, type SimEvent} from '../../source/sim/events.js';
import {drive, type DriveResult, type Op} from './drive.js';

function note(text: string): SimEvent {
	return {t: 0, kind: 'note', host: 'sim', conn: null, text, why: {code: 'link-changed', dir: 'c2s', changes: text}};
}

function texts(events: SimEvent[]): string[] {
	return events.map(e => (e.kind === 'note' ? e.text : e.kind));
}

test('a nested hold puts its packet\'s own event ahead of what it held, inside the outer hold', () => {
	const bus = new EventBus(0);
	const seen: SimEvent[] = [];
	bus.on(e => seen.push(e));
	const outer = bus.hold();
	bus.publish(note('a'));
	const inner = bus.hold();
	bus.publish(note('b'));
	bus.release(inner, note('own inner'));
	assert.deepEqual(seen, [], 'nothing leaves while the outer digest holds');
	bus.publish(note('c'));
	bus.release(outer, note('own outer'));
	assert.deepEqual(texts(seen), ['own outer', 'a', 'own inner', 'b', 'c']);
});

test('a listener that publishes while held events go out is heard at once; a digest it starts keeps its own order', () => {
	const bus = new EventBus(0);
	const seen: SimEvent[] = [];
	bus.on(e => {
		seen.push(e);
		if (e.kind === 'note' && e.text === 'a') {
			bus.publish(note('reply to a'));
			const h = bus.hold();
			bus.publish(note('held by the listener'));
			bus.release(h, note('listener digest'));
		}
	});
	for (let round = 0; round < 3; round++) {
		seen.length = 0;
		const h = bus.hold();
		bus.publish(note('a'));
		bus.publish(note('b'));
		bus.release(h, note('own'));
		assert.deepEqual(texts(seen), ['own', 'a', 'reply to a', 'listener digest', 'held by the listener', 'b'], `round ${round}`);
	}
});

test('release without an event of its own (nothing listens) still lets the held ones go, in order', () => {
	const bus = new EventBus(0);
	const h = bus.hold();
	bus.publish(note('a'));
	bus.release(h, null);
	const seen: SimEvent[] = [];
	bus.on(e => seen.push(e));
	const h2 = bus.hold();
	bus.publish(note('b'));
	bus.release(h2, null);
	assert.deepEqual(texts(seen), ['b']);
});

/** 300 kB each way over a lossy link, both ends closing; a listener subscribed from virtual time `subscribeAt`. */
function transfer(historyLimit: number, subscribeAt: number | null): {events: string[]; result: DriveResult; world: World} {
	const world = createWorld({seed: 5, historyLimit, link: {c2s: {delay: 5, loss: 3, duplicate: 2, corrupt: 1}, s2c: {delay: 5, jitter: 2}}});
	const events: string[] = [];
	const listen = (): void => {
		world.on(e => events.push(JSON.stringify(eventToJson(e))));
	};
	if (subscribeAt === 0) listen();
	else if (subscribeAt !== null) world.schedule(subscribeAt, listen);
	const ops: Op[] = [
		{side: 'client', kind: 'write', size: 300_000}, {side: 'server', kind: 'write', size: 300_000},
		{side: 'server', kind: 'read', max: 1 << 20}, {side: 'client', kind: 'read', max: 1 << 20},
		{side: 'client', kind: 'shutdown'}, {side: 'server', kind: 'shutdown'},
	];
	const result = drive(world, ops, {deadline: 600_000, setupMs: 100});
	return {events, result, world};
}

test('a world nobody listens to (no listener, no history) moves the same bytes to the same end state', () => {
	const listened = transfer(100, 0);
	const silent = transfer(0, null);
	assert.deepEqual(silent.result.failures, []);
	assert.equal(silent.result.read.server.length, 300_000);
	assert.deepEqual(silent.result, listened.result);
	assert.ok(listened.events.length > 1000);
	assert.deepEqual(silent.world.history(), []);
	assert.equal(silent.world.now(), listened.world.now());
	assert.deepEqual(silent.world.snapshot(), listened.world.snapshot());
	assert.deepEqual(silent.world.linkCounters('c2s'), listened.world.linkCounters('c2s'));
});

test('a listener that joins a silent world mid-run hears exactly the rest of the full stream', () => {
	const full = transfer(0, 0).events;
	for (const at of [1, 57.5, 400, 2000]) {
		const late = transfer(0, at).events;
		assert.ok(late.length > 0 && late.length < full.length, `${late.length} of ${full.length}`);
		assert.deepEqual(late, full.slice(full.length - late.length), `subscribed at ${at} ms`);
	}
});
