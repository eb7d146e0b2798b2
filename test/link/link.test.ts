import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {Link, mergeLinkConfig, validateLinkConfig, type PacketFate} from '../../source/link/link.js';
import {DEFAULT_LINK_CONFIG, type LinkConfig} from '../../source/link/config.js';
import {createRng} from '../../source/sim/rng.js';
import {decodeSegment, encodeSegment} from '../../source/stack/segment.js';
import {noFlags} from '../../source/stack/types.js';

const PACKET = encodeSegment({
	src: '10.0.0.1', dst: '10.0.0.2', srcPort: 40000, dstPort: 80, seq: 1, ack: 1,
	flags: {...noFlags(), ack: true, psh: true}, window: 65535, urgent: 0, options: {},
	payload: new Uint8Array(1460 - 40 + 40).fill(0x5a).subarray(0, 1460),
});
assert.equal(PACKET.length, 1500);

function link(config: Partial<LinkConfig>, seed = 1): Link {
	return new Link(createRng(seed), config);
}

/** Send n packets one every `gap` ms and collect the originals' fates. */
function run(l: Link, n: number, gap = 1): PacketFate[] {
	const out: PacketFate[] = [];
	for (let i = 0; i < n; i++) out.push(l.transmit(PACKET, i * gap).original);
	return out;
}

function lossRuns(fates: PacketFate[]): number[] {
	const runs: number[] = [];
	let current = 0;
	for (const f of fates) {
		if (f.fate === 'lost') current++;
		else if (current > 0) {
			runs.push(current);
			current = 0;
		}
	}
	if (current > 0) runs.push(current);
	return runs;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

test('a clean link delivers everything after exactly the delay, untouched', () => {
	const l = link({delay: 50});
	const outcome = l.transmit(PACKET, 10);
	assert.equal(outcome.duplicate, null);
	assert.equal(outcome.original.fate, 'delivered');
	if (outcome.original.fate !== 'delivered') return;
	assert.equal(outcome.original.arriveAt, 60);
	assert.equal(outcome.original.bytes, PACKET);
	assert.equal(outcome.original.corrupted, false);
});

test('20% loss loses between 18% and 22% of 20k packets, for several seeds', () => {
	for (const seed of [1, 2, 3]) {
		const fates = run(link({loss: 20}, seed), 20_000);
		const lost = fates.filter(f => f.fate === 'lost').length / fates.length;
		assert.ok(lost > 0.18 && lost < 0.22, `seed ${seed}: ${lost}`);
	}
	assert.equal(run(link({loss: 0}), 5000).filter(f => f.fate === 'lost').length, 0);
	assert.equal(run(link({loss: 100}), 5000).filter(f => f.fate !== 'lost').length, 0);
});

test('a lost packet reports where it would have arrived (for drawing it stopping mid-way)', () => {
	const f = link({loss: 100, delay: 80}).transmit(PACKET, 20).original;
	assert.deepEqual(f, {fate: 'lost', arriveAt: 100});
});

test('loss correlation makes losses come in longer runs', () => {
	// netem's correlation also shifts the effective rate (values cluster near the middle), so
	// compare against uniform loss at the rate actually observed.
	const correlatedFates = run(link({loss: 50, lossCorrelation: 90}, 4), 20_000);
	const rate = correlatedFates.filter(f => f.fate === 'lost').length / correlatedFates.length;
	const plain = lossRuns(run(link({loss: rate * 100}, 4), 20_000));
	const correlated = lossRuns(correlatedFates);
	assert.ok(mean(correlated) > 2 * mean(plain), `${mean(correlated)} vs ${mean(plain)}`);
});

test('Gilbert-Elliott bursts: longer loss runs than uniform loss at the same average rate', () => {
	// p=5%, r=20%: the bad state holds 5/(5+20) = 20% of the time; all lost there, none in good.
	const ge = run(link({gilbertElliott: {p: 5, r: 20, lossInBad: 100, lossInGood: 0}}, 5), 40_000);
	const geLoss = ge.filter(f => f.fate === 'lost').length / ge.length;
	assert.ok(geLoss > 0.17 && geLoss < 0.23, `GE loss rate ${geLoss}`);
	const uniform = run(link({loss: geLoss * 100}, 5), 40_000);
	const geRuns = mean(lossRuns(ge));
	const uniformRuns = mean(lossRuns(uniform));
	// A bad spell lasts 1/r = 5 packets on average; uniform 20% loss gives runs of 1.25.
	assert.ok(geRuns > 4 && geRuns < 6, `GE mean run ${geRuns}`);
	assert.ok(uniformRuns < 1.5, `uniform mean run ${uniformRuns}`);
});

test('Gilbert-Elliott replaces plain loss, and loss in the good state applies', () => {
	const fates = run(link({loss: 100, gilbertElliott: {p: 0, r: 100, lossInBad: 100, lossInGood: 10}}, 6), 20_000);
	const lost = fates.filter(f => f.fate === 'lost').length / fates.length;
	assert.ok(lost > 0.09 && lost < 0.11, `${lost}`);
});

test('duplication: about the configured share, the copy has its own fate', () => {
	const l = link({duplicate: 10}, 7);
	let dups = 0;
	for (let i = 0; i < 20_000; i++) {
		const o = l.transmit(PACKET, i);
		if (o.duplicate) {
			dups++;
			assert.equal(o.duplicate.fate, 'delivered');
		}
	}
	assert.ok(dups > 1800 && dups < 2200, `${dups}`);
	assert.equal(l.counters().duplicated, dups);
	// netem: a packet chosen both for loss and duplication goes once.
	const both = link({duplicate: 100, loss: 100});
	const o = both.transmit(PACKET, 0);
	assert.equal(o.original.fate, 'delivered');
	assert.equal(o.duplicate, null);
});

test('corruption flips exactly one bit of a copy, and decodeSegment rejects it with a reason', () => {
	const l = link({corrupt: 100}, 8);
	for (let i = 0; i < 500; i++) {
		const f = l.transmit(PACKET, i).original;
		assert.equal(f.fate, 'delivered');
		if (f.fate !== 'delivered') continue;
		assert.equal(f.corrupted, true);
		assert.notEqual(f.bytes, PACKET);
		let differingBits = 0;
		for (let j = 0; j < PACKET.length; j++) {
			let x = PACKET[j]! ^ f.bytes[j]!;
			while (x) {
				differingBits += x & 1;
				x >>= 1;
			}
		}
		assert.equal(differingBits, 1);
		const r = decodeSegment(f.bytes);
		assert.equal(r.ok, false);
	}
	assert.ok(decodeSegment(PACKET).ok, 'the original array is never touched');
	const some = run(link({corrupt: 5}, 9), 20_000).filter(f => f.fate === 'delivered' && f.corrupted).length;
	assert.ok(some > 800 && some < 1200, `${some}`);
});

test('corruption hits the IP header too, and the checksum reasons both show up', () => {
	const l = link({corrupt: 100}, 10);
	const reasons = new Set<string>();
	for (let i = 0; i < 3000; i++) {
		const f = l.transmit(PACKET, i).original;
		if (f.fate === 'delivered') {
			const r = decodeSegment(f.bytes);
			if (!r.ok) reasons.add(r.reason);
		}
	}
	assert.ok(reasons.has('bad-tcp-checksum'));
	assert.ok(reasons.has('bad-ip-checksum'));
});

test('rate 1 Mbit spaces 1500-byte packets 12 ms apart', () => {
	const l = link({rate: 1_000_000, delay: 10});
	const arrivals: number[] = [];
	for (let i = 0; i < 10; i++) {
		const f = l.transmit(PACKET, 0).original;
		assert.equal(f.fate, 'delivered');
		if (f.fate === 'delivered') arrivals.push(f.arriveAt);
	}
	assert.deepEqual(arrivals, Array.from({length: 10}, (_, i) => 10 + 12 * (i + 1)));
	// A packet sent after the queue drained waits only for its own serialisation.
	const later = l.transmit(PACKET, 1000).original;
	assert.equal(later.fate === 'delivered' && later.arriveAt, 1000 + 12 + 10);
});

test('the rate queue tail-drops once queueLimit packets are waiting, and drains with time', () => {
	const l = link({rate: 1_000_000, delay: 0, queueLimit: 5});
	const fates = Array.from({length: 8}, () => l.transmit(PACKET, 0).original.fate);
	assert.deepEqual(fates, ['delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'queue-full', 'queue-full', 'queue-full']);
	assert.equal(l.queueLength(0), 5);
	assert.equal(l.queueLength(12), 4);
	assert.equal(l.transmit(PACKET, 12).original.fate, 'delivered');
	assert.equal(l.counters().queueDropped, 3);
	// Without a rate there is no queue to overflow.
	const unlimited = link({rate: 0, queueLimit: 1});
	assert.ok(Array.from({length: 50}, () => unlimited.transmit(PACKET, 0).original.fate).every(f => f === 'delivered'));
});

test('reordering sends some packets at once, so they overtake earlier ones', () => {
	const l = link({delay: 100, reorder: 25}, 11);
	const arrivals: number[] = [];
	let immediate = 0;
	for (let i = 0; i < 4000; i++) {
		const f = l.transmit(PACKET, i).original;
		assert.equal(f.fate, 'delivered');
		if (f.fate !== 'delivered') continue;
		arrivals.push(f.arriveAt);
		if (f.reordered) {
			immediate++;
			assert.equal(f.arriveAt, i);
		} else {
			assert.equal(f.arriveAt, i + 100);
		}
	}
	assert.ok(immediate > 900 && immediate < 1100, `${immediate}`);
	let overtakes = 0;
	for (let i = 1; i < arrivals.length; i++) if (arrivals[i]! < arrivals[i - 1]!) overtakes++;
	assert.ok(overtakes > 500, `${overtakes}`);
});

test('delay ± jitter stays within bounds, spreads over the range, and reorders', () => {
	const l = link({delay: 100, jitter: 20}, 12);
	const delays: number[] = [];
	for (let i = 0; i < 10_000; i++) {
		const f = l.transmit(PACKET, i * 5).original;
		if (f.fate === 'delivered') delays.push(f.arriveAt - i * 5);
	}
	assert.ok(delays.every(d => d >= 80 && d <= 120), `${Math.min(...delays)}..${Math.max(...delays)}`);
	assert.ok(Math.min(...delays) < 81 && Math.max(...delays) > 119);
	assert.ok(Math.abs(mean(delays) - 100) < 1);
	// jitter larger than the delay clamps at zero rather than arriving before it was sent
	const wide = link({delay: 5, jitter: 50}, 13);
	for (let i = 0; i < 1000; i++) {
		const f = wide.transmit(PACKET, 7).original;
		assert.ok(f.fate === 'delivered' && f.arriveAt >= 7);
	}
});

test('delay correlation makes successive delays closer', () => {
	const steps = (corr: number): number => {
		const l = link({delay: 100, jitter: 50, delayCorrelation: corr}, 14);
		let previous = -1;
		const diffs: number[] = [];
		for (let i = 0; i < 5000; i++) {
			const f = l.transmit(PACKET, 0).original;
			if (f.fate !== 'delivered') continue;
			if (previous >= 0) diffs.push(Math.abs(f.arriveAt - previous));
			previous = f.arriveAt;
		}
		return mean(diffs);
	};
	assert.ok(steps(90) < steps(0) / 3);
});

test('same seed, same fates; settings change while running', () => {
	const a = run(link({loss: 10, jitter: 5, duplicate: 5, corrupt: 5, reorder: 5}, 21), 2000);
	const b = run(link({loss: 10, jitter: 5, duplicate: 5, corrupt: 5, reorder: 5}, 21), 2000);
	assert.deepEqual(a, b);
	const l = link({});
	assert.equal(l.transmit(PACKET, 0).original.fate, 'delivered');
	assert.equal(l.update({loss: 100}), null);
	assert.equal(l.transmit(PACKET, 1).original.fate, 'lost');
	assert.equal(l.update({loss: 0, delay: 7}), null);
	const f = l.transmit(PACKET, 2).original;
	assert.equal(f.fate === 'delivered' && f.arriveAt, 9);
	assert.equal(l.config().delay, 7);
});

test('invalid settings are values with a message, and change nothing', () => {
	const l = link({});
	assert.match(l.update({loss: 150}) ?? '', /loss.*0 to 100.*150/);
	assert.equal(l.config().loss, 0);
	assert.match(validateLinkConfig({delay: -1}) ?? '', /delay/);
	assert.match(validateLinkConfig({jitter: Number.NaN}) ?? '', /jitter/);
	assert.match(validateLinkConfig({rate: -5}) ?? '', /rate/);
	assert.match(validateLinkConfig({queueLimit: 0}) ?? '', /queueLimit/);
	assert.match(validateLinkConfig({queueLimit: 2.5}) ?? '', /queueLimit/);
	assert.match(validateLinkConfig({reorderCorrelation: 101}) ?? '', /reorderCorrelation/);
	assert.match(validateLinkConfig({gilbertElliott: {p: 5, r: 200, lossInBad: 100, lossInGood: 0}}) ?? '', /gilbertElliott\.r/);
	assert.equal(validateLinkConfig({gilbertElliott: null}), null);
	assert.equal(validateLinkConfig(DEFAULT_LINK_CONFIG), null);
	assert.throws(() => new Link(createRng(1), {loss: -1}), RangeError);
	const merged = mergeLinkConfig(DEFAULT_LINK_CONFIG, {loss: 5, gilbertElliott: {p: 1, r: 2, lossInBad: 3, lossInGood: 4}});
	assert.ok(merged.ok);
	assert.equal(merged.config.loss, 5);
	assert.equal(DEFAULT_LINK_CONFIG.loss, 0, 'the default is not mutated');
});

test('the rate queue forgets packets that have left: memory stays bounded on long runs', () => {
	const l = link({rate: 10_000_000, delay: 1, queueLimit: 50});
	for (let i = 0; i < 200_000; i++) l.transmit(PACKET, i * 2);
	const internal = l as unknown as {queue: number[]; queueHead: number};
	assert.ok(internal.queue.length - internal.queueHead <= 50);
	assert.ok(internal.queue.length <= 4096, `queue array holds ${internal.queue.length}`);
	assert.equal(l.counters().queueDropped, 0, 'one packet every 2 ms at 10 Mbit never queues up');
});

test('property: delayOnly gives the fate and counts transmit() would, and declines (counting nothing) whenever the link does more than delay', () => {
	const percent = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({min: 1, max: 100}));
	const changes = fc.record({
		delay: fc.oneof(fc.constant(0), fc.integer({min: 0, max: 200}), fc.double({min: 0, max: 50, noNaN: true})),
		loss: percent, duplicate: percent, corrupt: percent, reorder: percent,
		jitter: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({min: 1, max: 20})),
		rate: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(1_000_000)),
	}, {requiredKeys: []});
	const step = fc.record({update: fc.option(changes, {nil: undefined}), at: fc.double({min: 0, max: 10_000, noNaN: true})});
	fc.assert(fc.property(fc.integer({min: 1, max: 1000}), fc.array(step, {maxLength: 60}), (seed, steps) => {
		// Two links, the same seed: one asked through transmit() only, the other through delayOnly() first.
		const plain = link({}, seed);
		const fast = link({}, seed);
		for (const {update, at} of steps) {
			if (update) {
				assert.equal(plain.update(update), null);
				assert.equal(fast.update(update), null);
			}
			const expected = plain.transmit(PACKET, at);
			const counted = fast.counters().packets;
			const arriveAt = fast.delayOnly(at);
			const c = fast.config();
			const onlyDelays = c.loss === 0 && c.duplicate === 0 && c.corrupt === 0 && c.reorder === 0 && c.jitter === 0 && c.rate === 0 && c.gilbertElliott === null;
			if (Number.isNaN(arriveAt)) {
				assert.equal(onlyDelays, false, 'declines only when the link does more than delay');
				assert.equal(fast.counters().packets, counted, 'a declined packet is not counted');
				assert.deepEqual(fast.transmit(PACKET, at), expected);
			} else {
				assert.equal(onlyDelays, true);
				assert.deepEqual(expected, {original: {fate: 'delivered', arriveAt, bytes: PACKET, corrupted: false, reordered: false}, duplicate: null});
			}
			assert.deepEqual(fast.counters(), plain.counters());
		}
	}), {numRuns: 200});
});
