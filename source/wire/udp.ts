// One end of a UDP tunnel carrying raw IPv4 packets, one packet per datagram: the format of
// `socat UDP-DATAGRAM:… TUN:…,iff-no-pi` (no packet-information header), so the Linux
// kernel's TCP can sit at the other end. Only datagrams from the configured peer are passed on;
// any other source is ignored and counted.
import dgram from 'node:dgram';
import dns from 'node:dns/promises';
import net from 'node:net';

export interface UdpTunnelOptions {
	bindHost: string;
	localPort: number;
	remoteHost: string;
	remotePort: number;
}

export interface UdpTunnelStats {
	/** Datagrams from the peer handed on. */
	received: number;
	sent: number;
	/** Datagrams from any other address or port: ignored. */
	foreign: number;
	/** sends the OS refused (e.g. the peer's port is closed: ICMP port unreachable). */
	sendErrors: number;
}

export type UdpTunnelResult = {ok: true; tunnel: UdpTunnel} | {ok: false; message: string};

/** Largest IPv4 packet: also the largest datagram we accept or send. */
const MAX_PACKET = 65_535;
const SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

export class UdpTunnel {
	readonly stats: UdpTunnelStats = {received: 0, sent: 0, foreign: 0, sendErrors: 0};
	private closed = false;
	private packetHandler: ((packet: Uint8Array) => void) | null = null;
	private foreignHandler: (() => void) | null = null;

	private constructor(
		private readonly socket: dgram.Socket,
		/** The peer's resolved IPv4 address. */
		readonly remoteAddress: string,
		readonly remotePort: number,
		readonly localAddress: string,
		readonly localPort: number,
	) {
		socket.on('message', (message, rinfo) => {
			if (rinfo.address !== this.remoteAddress || rinfo.port !== this.remotePort) {
				this.stats.foreign++;
				this.foreignHandler?.();
				return;
			}
			this.stats.received++;
			this.packetHandler?.(new Uint8Array(message.buffer, message.byteOffset, message.length));
		});
		// Asynchronous socket errors (ICMP unreachable on Linux) must not crash the app.
		socket.on('error', () => {
			this.stats.sendErrors++;
		});
	}

	/** Resolve the peer, bind the socket. Failures (port in use, unknown host) come back as one-line messages. */
	static async open(options: UdpTunnelOptions): Promise<UdpTunnelResult> {
		const where = `udp ${options.bindHost}:${options.localPort}`;
		let remoteAddress: string;
		let bindAddress: string;
		try {
			remoteAddress = net.isIPv4(options.remoteHost) ? options.remoteHost : (await dns.lookup(options.remoteHost, {family: 4})).address;
		} catch {
			return {ok: false, message: `--wire: cannot resolve REMOTEHOST ${JSON.stringify(options.remoteHost)}`};
		}
		try {
			bindAddress = net.isIPv4(options.bindHost) ? options.bindHost : (await dns.lookup(options.bindHost, {family: 4})).address;
		} catch {
			return {ok: false, message: `--wire: cannot resolve bind address ${JSON.stringify(options.bindHost)}`};
		}
		const socket = dgram.createSocket({type: 'udp4'});
		const bound = await new Promise<string | null>(resolve => {
			const onError = (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message);
			socket.once('error', onError);
			socket.bind(options.localPort, bindAddress, () => {
				socket.off('error', onError);
				resolve(null);
			});
		});
		if (bound !== null) {
			socket.close();
			const why = bound === 'EADDRINUSE' ? 'the port is already in use' : bound === 'EADDRNOTAVAIL' ? 'that address is not on this machine' : bound;
			return {ok: false, message: `--wire: cannot bind ${where}: ${why}`};
		}
		// The kernel sends a whole window in one burst; the default buffer (~208 KiB) drops the tail
		// of a 256 KiB window. Best effort: the OS caps it at net.core.rmem_max.
		try {
			socket.setRecvBufferSize(SOCKET_BUFFER_BYTES);
			socket.setSendBufferSize(SOCKET_BUFFER_BYTES);
		} catch {
			// Keep the default size.
		}
		const tunnel = new UdpTunnel(socket, remoteAddress, options.remotePort, bindAddress, socket.address().port);
		return {ok: true, tunnel};
	}

	onPacket(handler: (packet: Uint8Array) => void): void {
		this.packetHandler = handler;
	}

	/** Told after each ignored datagram (it is counted, not passed on). */
	onForeign(handler: () => void): void {
		this.foreignHandler = handler;
	}

	send(packet: Uint8Array): void {
		if (this.closed) return;
		if (packet.length > MAX_PACKET) {
			this.stats.sendErrors++;
			return;
		}
		this.stats.sent++;
		this.socket.send(packet, this.remotePort, this.remoteAddress, error => {
			if (error) this.stats.sendErrors++;
		});
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.packetHandler = null;
		this.foreignHandler = null;
		await new Promise<void>(resolve => this.socket.close(() => resolve()));
	}
}
