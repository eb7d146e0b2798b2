// Our stack against the Linux kernel's TCP, through the UDP tunnel and socat's TUN device,
// inside a network namespace the test creates (netns.ts). Only loopback and the namespace's own
// 10.9.0.0/24 carry traffic.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {attachPcapWriter} from '../../source/wire/pcap.js';
import {tsharkMissing} from './tshark.js';
import {createWireWorld, type WireWorld} from '../../source/wire/world.js';
import type {StackConfig} from '../../source/stack/types.js';
import {DEFAULT_WIRE_PROFILE, STACK_PROFILES, type StackProfileName} from '../../source/stack/profiles.js';
import {runScenarioOnWire} from '../../source/wire/run.js';
import {parseScenario} from '../../source/scenario/parser.js';
import {freeUdpPort, KERNEL_ADDR, Lab, labMissing, OUR_ADDR} from './netns.js';
import {ImpairingRelay} from './relay.js';
import {patternBytes, readToEnd, returned, settled, sha256, stateOf, writeAll} from './drive.js';

const MEGABYTE = 1024 * 1024;
const missing = labMissing();
if (missing) console.log(`# interop tests skipped: ${missing}`);

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

interface Setup {
	world: WireWorld;
	lab: Lab;
}

/** A lab and a wire world joined through it, optionally through an impairing relay. */
async function setup(side: 'client' | 'server', impair?: {loss: number; reorder: number; delayMs: number}, stack: Partial<StackConfig> = {},
	profile: StackProfileName = DEFAULT_WIRE_PROFILE): Promise<Setup & {relay?: ImpairingRelay}> {
	const worldPort = await freeUdpPort();
	let relay: ImpairingRelay | undefined;
	if (impair) {
		relay = await ImpairingRelay.create(worldPort, {...impair, seed: 7});
		cleanups.push(() => relay!.close());
	}
	const lab = await Lab.create(relay ? relay.farPort : worldPort);
	cleanups.push(() => lab.close());
	relay?.connectFar(lab.socatPort);
	const created = await createWireWorld({
		side, seed: 1, profile, localPort: worldPort, remoteHost: '127.0.0.1', remotePort: relay ? relay.nearPort : lab.socatPort,
		stack: {msl: 500, ...stack},
	});
	assert.ok(created.ok, created.ok ? '' : created.message);
	const world = created.world;
	cleanups.push(() => world.close());
	return {world, lab, relay};
}

/** A Linux echo server inside the namespace: echoes everything, ends its side on our FIN, reports. */
function echoServer(lab: Lab, port: number) {
	return lab.node(`
		const net = require('net'), crypto = require('crypto');
		const server = net.createServer({allowHalfOpen: true}, s => {
			let n = 0; const h = crypto.createHash('sha256');
			s.on('data', d => { n += d.length; h.update(d); s.write(d); });
			s.on('end', () => s.end());
			s.on('error', e => console.log('ERROR ' + e.code));
			s.on('close', hadError => { console.log('DONE ' + n + ' ' + h.digest('hex') + ' ' + hadError); server.close(); });
		});
		server.listen(${port}, '${KERNEL_ADDR}', () => console.log('LISTENING'));
		setTimeout(() => { console.log('SERVER-TIMEOUT'); process.exit(3); }, 60000).unref();
	`);
}

/** Our client: connect, 1 MB each way with the echo, half-close, read to EOF, close. */
async function clientEchoRun({world, lab}: Setup, seed: number): Promise<void> {
	const port = 7000 + seed;
	const server = echoServer(lab, port);
	await lab.lineFrom(server, /LISTENING/, 10_000);
	const host = world.local;
	const fd = (await returned(world, host.socket())).result!;
	await returned(world, host.connect(fd, KERNEL_ADDR, port));
	assert.equal(stateOf(host, fd), 'ESTABLISHED');
	const data = patternBytes(MEGABYTE, seed);
	const [, echoed] = await Promise.all([
		(async () => {
			await writeAll(world, host, fd, data);
			// Half-close: the kernel sees our FIN, finishes echoing, then sends its own.
			await returned(world, host.shutdown(fd, 'wr'));
		})(),
		readToEnd(world, host, fd),
	]);
	assert.equal(echoed.length, data.length, 'every byte came back');
	assert.equal(sha256(echoed), sha256(data), 'in order and intact');
	await returned(world, host.close(fd));
	const done = await lab.lineFrom(server, /DONE (\d+) ([0-9a-f]+) (true|false)/, 20_000);
	assert.equal(Number(done[1]), MEGABYTE, 'the kernel received 1 MB');
	assert.equal(done[2], sha256(data), 'the kernel received our bytes in order');
	assert.equal(done[3], 'false', 'the kernel saw an orderly close');
	assert.doesNotMatch(server.output(), /ERROR/);
	// Active closer: TIME_WAIT (2×MSL = 1 s here) and then gone.
	assert.ok(world.history().some(e => e.kind === 'state' && e.to === 'TIME_WAIT'), 'our side passed through TIME_WAIT');
	assert.ok(await world.waitFor(() => stateOf(host, fd) === undefined || stateOf(host, fd) === 'CLOSED', 10_000), 'TIME_WAIT ends');
}

for (const profile of STACK_PROFILES) {
	test(`${profile}: our client ↔ a Linux echo server: handshake, 1 MB each way, half-close, orderly close`, {skip: missing ?? false, timeout: 120_000}, async () => {
		const s = await setup('client', undefined, {}, profile);
		await clientEchoRun(s, 1);
		const stats = s.world.stats();
		assert.equal(stats.foreign, 0);
		// With delayed ACKs (linux) the kernel's tail loss probe (RFC 8985; 2·SRTT, far below our 40 ms
		// on loopback) may resend the last segment of a burst: an old duplicate, ACKed and dropped.
		const refused = Object.keys(stats.dropped).filter(reason => !(profile === 'linux' && reason === 'duplicate'));
		assert.deepEqual(refused, [], `the kernel sent nothing else our stack refused (${JSON.stringify(stats.dropped)})`);
	});

	test(`${profile}: a Linux client ↔ our echo server: the same, the kernel initiating`, {skip: missing ?? false, timeout: 120_000}, async () => {
		const {world, lab} = await setup('server', undefined, {}, profile);
		const host = world.local;
		const port = 8080;
		const listener = (await returned(world, host.socket())).result!;
		await returned(world, host.bind(listener, port));
		await returned(world, host.listen(listener, 8));
		const accepting = host.accept(listener);
		const client = lab.node(`
			const net = require('net'), crypto = require('crypto');
			let x = 2; const data = Buffer.alloc(${MEGABYTE});
			for (let i = 0; i < data.length; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; data[i] = x & 0xff; }
			const s = net.connect({host: '${OUR_ADDR}', port: ${port}, allowHalfOpen: true});
			const parts = [];
			s.on('connect', () => { s.write(data); s.end(); });
			s.on('data', d => parts.push(d));
			s.on('end', () => { const back = Buffer.concat(parts);
				console.log('ECHO ' + back.length + ' ' + crypto.createHash('sha256').update(back).digest('hex') + ' ' + crypto.createHash('sha256').update(data).digest('hex')); });
			s.on('error', e => console.log('ERROR ' + e.code));
			s.on('close', hadError => console.log('CLOSED ' + hadError));
			setTimeout(() => { console.log('CLIENT-TIMEOUT'); process.exit(3); }, 60000).unref();
		`);
		const fd = (await returned(world, accepting)).result!;
		assert.equal(stateOf(host, fd), 'ESTABLISHED');
		let total = 0;
		const received = await readToEnd(world, host, fd, async chunk => {
			total += chunk.length;
			await writeAll(world, host, fd, chunk);
		});
		assert.equal(total, MEGABYTE);
		assert.equal(sha256(received), sha256(patternBytes(MEGABYTE, 2)), 'our server received the kernel\'s bytes in order');
		// read() returned 0: the kernel half-closed; we are in CLOSE_WAIT and close (passive close).
		assert.equal(stateOf(host, fd), 'CLOSE_WAIT');
		await returned(world, host.close(fd));
		const echo = await lab.lineFrom(client, /ECHO (\d+) ([0-9a-f]+) ([0-9a-f]+)/, 20_000);
		assert.equal(Number(echo[1]), MEGABYTE, 'the kernel got 1 MB back');
		assert.equal(echo[2], echo[3], 'the echo equals what the kernel sent');
		const closed = await lab.lineFrom(client, /CLOSED (true|false)/, 20_000);
		assert.equal(closed[1], 'false');
		assert.doesNotMatch(client.output(), /ERROR/);
		assert.ok(await world.waitFor(() => stateOf(host, fd) === undefined || stateOf(host, fd) === 'CLOSED', 10_000), 'LAST_ACK ends on the kernel\'s ACK');
		assert.ok(world.history().some(e => e.kind === 'state' && e.from === 'LAST_ACK' && e.to === 'CLOSED'));
		await returned(world, host.close(listener));
	});

	test(`${profile}: connect to a Linux port with no listener: RST, ECONNREFUSED`, {skip: missing ?? false, timeout: 60_000}, async () => {
		const {world} = await setup('client', undefined, {}, profile);
		const host = world.local;
		const fd = (await returned(world, host.socket())).result!;
		const call = await settled(world, host.connect(fd, KERNEL_ADDR, 9));
		assert.equal(call.status, 'failed');
		assert.equal(call.errno, 'ECONNREFUSED');
		assert.ok(world.history().some(e => e.kind === 'segment' && e.dir === 's2c' && e.fate === 'delivered' && e.flags.includes('RST')),
			'the kernel\'s RST arrived through the tunnel');
	});

	test(`${profile}: our client ↔ Linux over a lossy, reordering, delayed tunnel: every byte arrives in order`, {skip: missing ?? false, timeout: 300_000}, async t => {
		const impairment = {loss: 5, reorder: 10, delayMs: 20};
		// tc netem on the TUN device when the kernel has it; else the same model in a relay on the UDP path.
		const probe = await setup('client', undefined, {}, profile);
		const netem = probe.lab.exec(['tc', 'qdisc', 'add', 'dev', probe.lab.device, 'root', 'netem', 'loss', '5%', 'reorder', '10%', 'delay', '20ms']);
		let s: Setup & {relay?: ImpairingRelay};
		if (netem.ok) {
			t.diagnostic('impairing with tc netem on the TUN device');
			s = probe;
		} else {
			t.diagnostic(`tc netem unavailable (${netem.output}); impairing both directions with a netem-model UDP relay instead`);
			await probe.world.close();
			await probe.lab.close();
			s = await setup('client', impairment, {}, profile);
		}
		await clientEchoRun(s, 3);
		const retransmissions = s.world.history().filter(e => e.kind === 'timer' && e.timer === 'retransmit' && e.action === 'fired').length;
		if (s.relay) {
			t.diagnostic(`relay: ${JSON.stringify(s.relay.counts)}; our retransmission timeouts: ${retransmissions}`);
			assert.ok(s.relay.counts.lost > 0 && s.relay.counts.reordered > 0, 'the impairment really happened');
		}
	});
}

test('textbook with timestamps and SACK switched on: RFC 7323 and RFC 2018 negotiated with the kernel and used through loss and reordering', {skip: missing ?? false, timeout: 300_000}, async t => {
	const s = await setup('client', {loss: 5, reorder: 10, delayMs: 20}, {timestamps: true, sack: true}, 'textbook');
	const seen = {ourSynOptions: false, theirSynAckOptions: false, ourSack: 0, theirSack: 0, ourTs: 0, theirTs: 0, tsEchoed: 0};
	const ourTsvals = new Set<number>();
	s.world.on(e => {
		if (e.kind !== 'segment') return;
		const o = e.segment.options;
		if (e.dir === 'c2s' && e.fate === 'sent') {
			if (e.segment.flags.syn) seen.ourSynOptions = o.timestamps !== undefined && o.sackPermitted === true;
			if (o.sack && o.sack.length > 0) seen.ourSack++;
			if (o.timestamps) {
				seen.ourTs++;
				ourTsvals.add(o.timestamps.tsval);
			}
		}
		if (e.dir === 's2c' && e.fate === 'delivered') {
			if (e.segment.flags.syn) seen.theirSynAckOptions = o.timestamps !== undefined && o.sackPermitted === true;
			if (o.sack && o.sack.length > 0) seen.theirSack++;
			if (o.timestamps) {
				seen.theirTs++;
				if (ourTsvals.has(o.timestamps.tsecr)) seen.tsEchoed++;
			}
		}
	});
	await clientEchoRun(s, 4);
	t.diagnostic(`${JSON.stringify(seen)}; relay ${JSON.stringify(s.relay?.counts)}`);
	assert.ok(seen.ourSynOptions, 'our SYN offered timestamps and SACK');
	assert.ok(seen.theirSynAckOptions, 'the kernel accepted both in its SYN+ACK');
	assert.ok(seen.ourTs > 0 && seen.theirTs > 0, 'timestamps in use both ways');
	assert.equal(seen.tsEchoed, seen.theirTs, 'every kernel segment echoes one of our TSvals');
	assert.ok(seen.theirSack > 0, 'the kernel reported holes with SACK blocks');
	assert.ok(seen.ourSack > 0, 'we reported holes with SACK blocks');
});

for (const profile of STACK_PROFILES) {
	test(`${profile}: flow control against the kernel: zero windows both ways, probes answered, nothing lost`, {skip: missing ?? false, timeout: 120_000}, async () => {
		const {world, lab} = await setup('client', undefined, {}, profile);
		const host = world.local;
		// Counted as they happen: a long transfer outruns the bounded history.
		let ourZeroWindows = 0;
		let theirZeroWindows = 0;
		let persistProbes = 0;
		world.on(e => {
			if (e.kind === 'segment' && e.win === 0 && !e.flags.includes('RST')) {
				if (e.dir === 'c2s' && e.fate === 'sent') ourZeroWindows++;
				if (e.dir === 's2c' && e.fate === 'delivered') theirZeroWindows++;
			}
			if (e.kind === 'timer' && e.timer === 'persist' && e.action === 'fired') persistProbes++;
		});
		// A small receive buffer for the kernel's sockets, so its window surely closes in (b).
		assert.ok(lab.setSysctl('net/ipv4/tcp_rmem', '4096 65536 131072'));
		// (a) The kernel sends 300 kB at once; we do not read for 2 s: our window closes, the kernel
		// probes it (RFC 9293 §3.8.6.1), we answer each probe with window 0, then open it again.
		const pusher = lab.node(`
			const net = require('net');
			net.createServer(s => { s.end(Buffer.alloc(300000, 9)); s.on('close', e => console.log('PUSHED ' + e)); })
				.listen(7101, '${KERNEL_ADDR}', () => console.log('LISTENING'));
		`);
		await lab.lineFrom(pusher, /LISTENING/, 10_000);
		const a = (await returned(world, host.socket())).result!;
		await returned(world, host.connect(a, KERNEL_ADDR, 7101));
		await world.sleep(2000);
		assert.ok(ourZeroWindows >= 1, 'we advertised a zero window while not reading');
		const pushed = await readToEnd(world, host, a);
		assert.equal(pushed.length, 300_000);
		assert.ok(pushed.every(b => b === 9));
		await returned(world, host.close(a));
		assert.equal((await lab.lineFrom(pusher, /PUSHED (true|false)/, 10_000))[1], 'false');

		// (b) The kernel's application does not read for 2 s while we send 4 MB: its window closes,
		// our persist timer probes it, and the transfer resumes when it reads.
		const sink = lab.node(`
			const net = require('net'), crypto = require('crypto');
			net.createServer({allowHalfOpen: true}, s => {
				s.pause(); setTimeout(() => s.resume(), 2000);
				let n = 0; const h = crypto.createHash('sha256');
				s.on('data', d => { n += d.length; h.update(d); });
				s.on('end', () => { console.log('GOT ' + n + ' ' + h.digest('hex')); s.end(); });
			}).listen(7102, '${KERNEL_ADDR}', () => console.log('LISTENING'));
		`);
		await lab.lineFrom(sink, /LISTENING/, 10_000);
		const b = (await returned(world, host.socket())).result!;
		await returned(world, host.connect(b, KERNEL_ADDR, 7102));
		const data = patternBytes(4 * MEGABYTE, 4);
		await writeAll(world, host, b, data);
		await returned(world, host.shutdown(b, 'wr'));
		assert.equal((await readToEnd(world, host, b)).length, 0);
		await returned(world, host.close(b));
		const got = await lab.lineFrom(sink, /GOT (\d+) ([0-9a-f]+)/, 20_000);
		assert.equal(Number(got[1]), data.length);
		assert.equal(got[2], sha256(data));
		assert.ok(theirZeroWindows >= 1, 'the kernel closed its window');
		assert.ok(persistProbes >= 1, 'our persist timer probed it');
		assert.deepEqual(world.stats().dropped['stack-error'], undefined);
	});
}

test('a scenario file run on the wire (tcp-tui run FILE --wire): our client talks to the kernel', {skip: missing ?? false, timeout: 60_000}, async () => {
	const worldPort = await freeUdpPort();
	const lab = await Lab.create(worldPort);
	cleanups.push(() => lab.close());
	const server = echoServer(lab, 7007);
	await lab.lineFrom(server, /LISTENING/, 10_000);
	const parsed = parseScenario([
		'msl 500ms',
		'link both delay=30ms',
		'client: socket',
		`client: connect ${KERNEL_ADDR}:7007`,
		'wait until client state ESTABLISHED timeout 5s',
		'client: write "hello, kernel"',
		'client: read 100',
		'wait until client call read returned timeout 5s',
		'expect client read "hello, kernel"',
		'server: socket',
		'expect server call socket failed EOPNOTSUPP',
		'client: close',
		'wait until client state TIME_WAIT timeout 5s',
		'expect segment s2c FIN',
	].join('\n'), 'wire.tcptui');
	assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.errors));
	const run = await runScenarioOnWire(parsed.scenario, {wire: {side: 'client', localPort: worldPort, remoteHost: '127.0.0.1', remotePort: lab.socatPort}, maxRealTimeMs: 30_000});
	assert.ok(run.ok, run.ok ? '' : run.message);
	const {failures, expectResults, events} = run.result;
	assert.deepEqual(failures.map(f => f.message), []);
	assert.equal(expectResults.length, 3);
	assert.ok(expectResults.every(r => r.passed));
	assert.ok(events.some(e => e.kind === 'note' && /delay=30 \(added on our side of the real tunnel\)/.test(e.text)), 'the link settings apply, and say where');
	// Our side's link delays what arrives by exactly 30 ms (and what leaves, unseen here).
	const entered = new Map<number, number>();
	let delayed = 0;
	for (const e of events) {
		if (e.kind !== 'segment' || e.dir !== 's2c') continue;
		if (e.fate === 'sent') entered.set(e.id, e.t);
		if (e.fate === 'delivered') {
			assert.ok(Math.abs(e.t - entered.get(e.id)! - 30) < 0.01, `segment ${e.id} delivered ${e.t - entered.get(e.id)!} ms after it came in`);
			delayed++;
		}
	}
	assert.ok(delayed >= 4);
	const done = await lab.lineFrom(server, /DONE (\d+) [0-9a-f]+ (true|false)/, 10_000);
	assert.equal(Number(done[1]), 'hello, kernel'.length);
});

test('linux profile ↔ the kernel: 1 MB each way with SACK, timestamps and window scale 7 negotiated, as tshark reads them', {skip: missing ?? tsharkMissing() ?? false, timeout: 300_000}, async t => {
	// Some loss and reordering on the path, so that both ends have holes to report with SACK.
	const s = await setup('client', {loss: 2, reorder: 5, delayMs: 10}, {}, 'linux');
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tcptui-interop-')), 'linux.pcap');
	cleanups.push(async () => fs.rmSync(path.dirname(file), {recursive: true, force: true}));
	const pcap = attachPcapWriter(s.world, file);
	await clientEchoRun(s, 5);
	await pcap.close();
	const frames = readOptionsWithTshark(file);
	t.diagnostic(`${frames.length} frames; relay ${JSON.stringify(s.relay?.counts)}`);
	const ours = frames.filter(f => f.src === OUR_ADDR);
	const theirs = frames.filter(f => f.src === KERNEL_ADDR);
	const syn = ours.find(f => f.syn && !f.ack)!;
	const synAck = theirs.find(f => f.syn && f.ack)!;
	assert.ok(syn && synAck, 'the handshake is in the capture');
	for (const [who, f] of [['our SYN', syn], ['the kernel\'s SYN+ACK', synAck]] as const) {
		assert.ok(f.kinds.includes(OPTION.mss), `${who}: MSS`);
		assert.ok(f.kinds.includes(OPTION.sackPermitted), `${who}: SACK permitted`);
		assert.ok(f.kinds.includes(OPTION.timestamps), `${who}: timestamps`);
		assert.ok(f.kinds.includes(OPTION.wscale), `${who}: window scale`);
	}
	assert.equal(syn.wscale, 7, 'we offer window scale 7, as Linux does');
	// Negotiated: every later segment both ways carries a timestamp; both sides sent SACK blocks.
	const later = frames.filter(f => !f.syn && !f.rst);
	assert.ok(later.length > 1000);
	assert.deepEqual(later.filter(f => !f.kinds.includes(OPTION.timestamps)).map(f => f.frame), [], 'timestamps on every segment');
	assert.ok(ours.some(f => f.kinds.includes(OPTION.sack)), 'we sent SACK blocks');
	assert.ok(theirs.some(f => f.kinds.includes(OPTION.sack)), 'the kernel sent SACK blocks');
	const bytesOut = ours.reduce((n, f) => n + f.len, 0);
	const bytesIn = theirs.reduce((n, f) => n + f.len, 0);
	assert.ok(bytesOut >= MEGABYTE && bytesIn >= MEGABYTE, `1 MB each way (out ${bytesOut}, in ${bytesIn}, retransmissions included)`);
});

const OPTION = {mss: 2, wscale: 3, sackPermitted: 4, sack: 5, timestamps: 8} as const;

/** Each frame's TCP option kinds and window-scale shift, as Wireshark's dissector reads them. */
function readOptionsWithTshark(file: string): Array<{frame: number; src: string; syn: boolean; ack: boolean; rst: boolean; len: number; kinds: number[]; wscale: number | null}> {
	const run = spawnSync('tshark', ['-r', file, '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,',
		'-e', 'frame.number', '-e', 'ip.src', '-e', 'tcp.flags', '-e', 'tcp.len', '-e', 'tcp.option_kind', '-e', 'tcp.options.wscale.shift'],
	{encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000});
	assert.equal(run.status, 0, `tshark failed: ${run.stderr}`);
	return run.stdout.split('\n').filter(line => line !== '').map(line => {
		const [frame, src, flags, len, kinds, wscale] = line.split('\t');
		const bits = Number(flags);
		return {
			frame: Number(frame), src: src!, syn: (bits & 0x02) !== 0, ack: (bits & 0x10) !== 0, rst: (bits & 0x04) !== 0, len: Number(len),
			kinds: kinds ? kinds.split(',').map(Number) : [], wscale: wscale ? Number(wscale) : null,
		};
	});
}

// After every cleanup ran: no namespace of this process is left.
after(() => {
	if (missing) return;
	const left = spawnSync('ip', ['netns', 'list'], {encoding: 'utf8'}).stdout;
	assert.doesNotMatch(left, new RegExp(`tcptui-${process.pid}-`), 'no namespace left behind');
});
