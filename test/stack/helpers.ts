// Test rig for the stack in smoltcp's style: one real Host on the real scheduler, a fixed ISN
// sequence, a hand-played peer. Segments go in as real encoded packets and come out decoded.
import type {StateCause} from '../../source/stack/messages.js';
import {Host} from '../../source/stack/host.js';
import type {Rng, StackEnv, StackEvent} from '../../source/stack/env.js';
import {decodeSegment, encodeSegment} from '../../source/stack/segment.js';
import {DEFAULT_STACK_CONFIG, noFlags, type Segment, type StackConfig, type TcpFlags, type TcpOptions, type TcpState} from '../../source/stack/types.js';
import {Scheduler} from '../../source/sim/scheduler.js';

/** u32() hands out the given values in order (then counts up); next() is always 0. */
export class FixedRng implements Rng {
	private i = 0;
	constructor(private readonly values: number[]) {}
	u32(): number {
		return this.i < this.values.length ? this.values[this.i++]! : (0x1234_0000 + this.i++) >>> 0;
	}
	next(): number {
		return 0;
	}
}

export const SERVER = '10.0.0.2';
export const CLIENT = '10.0.0.1';
/** The peer's ISN in hand-played exchanges. */
export const PEER_ISS = 1000;
/** Our ISN unless a test asks for another. */
export const ISS = 5000;

export interface Rig {
	host: Host;
	sched: Scheduler;
	/** Segments the host sent, decoded from the real bytes it produced, not yet taken. */
	out: Segment[];
	events: StackEvent[];
	/** Take and return everything sent so far. */
	take(): Segment[];
	/** Feed a segment from the peer (encoded to real bytes). */
	send(seg: Segment): string | null;
	run(ms: number): void;
	/** State of the connection on this fd (or the only orphan when fd is null). */
	state(fd: number): TcpState;
	states(): Array<{from: TcpState; to: TcpState; why: StateCause}>;
}

export function makeRig(options: {addr?: string; config?: Partial<StackConfig>; isn?: number[]} = {}): Rig {
	const sched = new Scheduler();
	const out: Segment[] = [];
	const events: StackEvent[] = [];
	const env: StackEnv = {
		name: 'host',
		addr: options.addr ?? SERVER,
		config: {...DEFAULT_STACK_CONFIG, ...options.config},
		timers: sched,
		rng: new FixedRng(options.isn ?? [ISS]),
		emit: (e) => events.push(e),
		output: (packet) => {
			const d = decodeSegment(packet);
			if (!d.ok) throw new Error(`host sent an undecodable packet: ${d.reason}`);
			out.push(d.segment);
		},
	};
	const host = new Host(env);
	return {
		host,
		sched,
		out,
		events,
		take: () => out.splice(0, out.length),
		send: (seg) => host.receive(encodeSegment(seg)),
		run: (ms) => sched.runUntil(sched.now() + ms),
		state: (fd) => host.snapshot().sockets.find((s) => s.fd === fd)!.state,
		states: () => events.flatMap((e) => e.kind === 'state' ? [{from: e.from, to: e.to, why: e.why}] : []),
	};
}

/** "SYN,ACK" → flags. */
export function flags(label: string): TcpFlags {
	const f = noFlags();
	for (const name of label.split(',').filter(Boolean)) {
		const key = name.toLowerCase() as keyof TcpFlags;
		if (!(key in f)) throw new Error(`unknown flag ${name}`);
		f[key] = true;
	}
	return f;
}

export interface SegSpec {
	flags: string;
	seq: number;
	ack?: number;
	window?: number;
	data?: string | Uint8Array;
	options?: TcpOptions;
	src?: string;
	srcPort?: number;
	dst?: string;
	dstPort?: number;
}

/** A segment from the peer (10.0.0.1:5000 → 10.0.0.2:80 unless told otherwise). */
export function seg(spec: SegSpec): Segment {
	const data = typeof spec.data === 'string' ? new TextEncoder().encode(spec.data) : spec.data ?? new Uint8Array(0);
	return {
		src: spec.src ?? CLIENT,
		dst: spec.dst ?? SERVER,
		srcPort: spec.srcPort ?? 5000,
		dstPort: spec.dstPort ?? 80,
		seq: spec.seq >>> 0,
		ack: (spec.ack ?? 0) >>> 0,
		flags: flags(spec.flags),
		window: spec.window ?? 65535,
		urgent: 0,
		options: spec.options ?? {},
		payload: data,
	};
}

/** A short description to compare against: "SYN,ACK seq=5000 ack=1001 len=0". */
export function brief(s: Segment): string {
	const f = Object.entries(s.flags).filter(([, v]) => v).map(([k]) => k.toUpperCase());
	const order = ['SYN', 'FIN', 'RST', 'PSH', 'ACK'];
	f.sort((a, b) => order.indexOf(a) - order.indexOf(b));
	return `${f.join(',')} seq=${s.seq} ack=${s.ack} len=${s.payload.length}`;
}

export function text(bytes: Uint8Array | undefined): string {
	return new TextDecoder().decode(bytes ?? new Uint8Array(0));
}

/** Server rig: socket 3 bound to 80, listening, accept() blocked. */
export function listening(options: Parameters<typeof makeRig>[0] & {backlog?: number} = {}): Rig {
	const r = makeRig(options);
	r.host.socket();
	r.host.bind(3, 80);
	r.host.listen(3, options.backlog ?? 8);
	return r;
}

/** Server rig in SYN_RCVD: the peer's SYN arrived, our SYN+ACK has been taken. */
export function synReceived(options: Parameters<typeof listening>[0] = {}): Rig {
	const r = listening(options);
	r.host.accept(3);
	r.send(seg({flags: 'SYN', seq: PEER_ISS, options: {mss: 1460}}));
	r.take();
	return r;
}

/** Server rig with an accepted connection on fd 4 (ESTABLISHED), nothing pending. */
export function established(options: Parameters<typeof listening>[0] = {}): Rig {
	const r = synReceived(options);
	const iss = options.isn?.[0] ?? ISS;
	r.send(seg({flags: 'ACK', seq: PEER_ISS + 1, ack: iss + 1}));
	r.take();
	return r;
}

/** Client rig: socket 3 connecting to 10.0.0.2:80 from 10.0.0.1 (port 49152), SYN taken. */
export function synSent(options: Parameters<typeof makeRig>[0] = {}): Rig {
	const r = makeRig({addr: CLIENT, ...options});
	r.host.socket();
	r.host.connect(3, SERVER, 80);
	r.take();
	return r;
}

/** A segment from the server peer to our client rig. */
export function fromServer(spec: SegSpec): Segment {
	return seg({src: SERVER, srcPort: 80, dst: CLIENT, dstPort: 49152, ...spec});
}
