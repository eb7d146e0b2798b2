// An impairing UDP relay for tunnel datagrams, for kernels without sch_netem (tc then says
// "Specified qdisc kind is unknown"). It applies netem's model to both directions: each
// datagram is lost with probability `loss`; of the rest, `reorder` are sent at once and the
// others after `delay` ms, which is how netem reorders. Seeded, so a failure can be replayed.
import dgram from 'node:dgram';
import {createRng} from '../../source/sim/rng.js';

export interface RelayOptions {
	/** Percent, as netem. */
	loss: number;
	reorder: number;
	delayMs: number;
	seed: number;
}

export class ImpairingRelay {
	readonly counts = {forwarded: 0, lost: 0, reordered: 0};
	private timers = new Set<ReturnType<typeof setTimeout>>();
	private closed = false;

	private constructor(
		/** Faces our wire world. */
		private readonly near: dgram.Socket,
		/** Faces socat. */
		private readonly far: dgram.Socket,
		private readonly options: RelayOptions,
	) {}

	get nearPort(): number { return this.near.address().port; }
	get farPort(): number { return this.far.address().port; }

	/** Relay between our world (at worldPort) and socat (at a port set later with `connectFar`). */
	static async create(worldPort: number, options: RelayOptions): Promise<ImpairingRelay> {
		const near = dgram.createSocket('udp4');
		const far = dgram.createSocket('udp4');
		await new Promise<void>(resolve => near.bind(0, '127.0.0.1', resolve));
		await new Promise<void>(resolve => far.bind(0, '127.0.0.1', resolve));
		const relay = new ImpairingRelay(near, far, options);
		const rng = createRng(options.seed);
		let socatPort = 0;
		relay.connectFar = port => {
			socatPort = port;
		};
		const pass = (to: dgram.Socket, port: number, message: Buffer) => {
			if (relay.closed || port === 0) return;
			if (rng.next() * 100 < options.loss) {
				relay.counts.lost++;
				return;
			}
			relay.counts.forwarded++;
			if (rng.next() * 100 < options.reorder) {
				relay.counts.reordered++;
				to.send(message, port, '127.0.0.1');
				return;
			}
			const timer = setTimeout(() => {
				relay.timers.delete(timer);
				if (!relay.closed) to.send(message, port, '127.0.0.1');
			}, options.delayMs);
			relay.timers.add(timer);
		};
		near.on('message', (message, rinfo) => {
			if (rinfo.port === worldPort) pass(far, socatPort, message);
		});
		far.on('message', (message, rinfo) => {
			if (rinfo.port === socatPort) pass(near, worldPort, message);
		});
		return relay;
	}

	connectFar: (socatPort: number) => void = () => {};

	async close(): Promise<void> {
		this.closed = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		await Promise.all([this.near, this.far].map(s => new Promise<void>(resolve => s.close(() => resolve()))));
	}
}
