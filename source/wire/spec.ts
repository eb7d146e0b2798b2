// The `--wire` value: `udp:LOCALPORT:REMOTEHOST:REMOTEPORT[,addr=A][,peer=B][,bind=H]`.
// Parsing errors are values with a one-line message (the CLI prints it and exits 2).
import {parseIPv4} from '../stack/segment.js';

/** The kernel's side of the socat recipe (`TUN:10.9.0.1/24`), and ours. */
export const DEFAULT_WIRE_PEER_ADDR = '10.9.0.1';
export const DEFAULT_WIRE_LOCAL_ADDR = '10.9.0.2';
/** The UDP socket binds to loopback unless told otherwise. */
export const DEFAULT_WIRE_BIND = '127.0.0.1';

export interface WireSpec {
	/** UDP port we bind. */
	localPort: number;
	/** Where the tunnel's other end listens (socat, or another tcp-tui). */
	remoteHost: string;
	remotePort: number;
	/** The IPv4 address our TCP endpoint uses inside the tunnel (default 10.9.0.2). */
	localAddr?: string;
	/** The address of the endpoint at the other end of the tunnel (default 10.9.0.1). */
	remoteAddr?: string;
	/** The local address the UDP socket binds to (default 127.0.0.1). */
	bindHost?: string;
}

/**
 * The tunnel trusts its peer's source address and port: any datagram from them is taken as a
 * packet of the far end. Bound to loopback only processes of this machine can send; bound to
 * another address (`bind=0.0.0.0`), anyone on that network who can forge that source can. Returns
 * `HOST:PORT` when the socket is reachable from outside loopback (the app and run warn), else null.
 */
export function exposedBind(spec: Pick<WireSpec, 'bindHost' | 'localPort'>): string | null {
	const host = spec.bindHost ?? DEFAULT_WIRE_BIND;
	const loopback = host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host);
	return loopback ? null : `${host}:${spec.localPort}`;
}

export type WireSpecResult = {ok: true; spec: WireSpec} | {ok: false; message: string};

const USAGE = 'expected udp:LOCALPORT:REMOTEHOST:REMOTEPORT[,addr=A.B.C.D][,peer=A.B.C.D][,bind=HOST]';

function port(text: string, what: string): number | string {
	if (!/^\d{1,5}$/.test(text)) return `${what} ${JSON.stringify(text)} is not a port number`;
	const value = Number(text);
	if (value < 1 || value > 65_535) return `${what} ${value} is out of range (1-65535)`;
	return value;
}

export function parseWireSpec(text: string): WireSpecResult {
	const bad = (why: string): WireSpecResult => ({ok: false, message: `--wire ${JSON.stringify(text)}: ${why}`});
	const [main = '', ...extras] = text.split(',');
	const parts = main.split(':');
	if (parts.length !== 4 || parts[0] !== 'udp') return bad(USAGE);
	const localPort = port(parts[1]!, 'LOCALPORT');
	if (typeof localPort === 'string') return bad(localPort);
	const remoteHost = parts[2]!;
	if (!/^[A-Za-z0-9.-]+$/.test(remoteHost)) return bad(`REMOTEHOST ${JSON.stringify(remoteHost)} is not a host name or IPv4 address`);
	const remotePort = port(parts[3]!, 'REMOTEPORT');
	if (typeof remotePort === 'string') return bad(remotePort);
	const spec: WireSpec = {localPort, remoteHost, remotePort};
	for (const extra of extras) {
		const match = /^(addr|peer|bind)=(.+)$/.exec(extra);
		if (!match) return bad(`unknown option ${JSON.stringify(extra)}; ${USAGE}`);
		const [, key, value] = match as unknown as [string, 'addr' | 'peer' | 'bind', string];
		if (key === 'bind') {
			if (!/^[A-Za-z0-9.-]+$/.test(value)) return bad(`bind=${value} is not a host name or IPv4 address`);
			spec.bindHost = value;
			continue;
		}
		if (parseIPv4(value) === null) return bad(`${key}=${value} is not an IPv4 address`);
		if (key === 'addr') spec.localAddr = value;
		else spec.remoteAddr = value;
	}
	if ((spec.localAddr ?? DEFAULT_WIRE_LOCAL_ADDR) === (spec.remoteAddr ?? DEFAULT_WIRE_PEER_ADDR)) {
		return bad('addr and peer must differ (the two ends of the tunnel need two addresses)');
	}
	return {ok: true, spec};
}

export function formatWireSpec(spec: WireSpec): string {
	let text = `udp:${spec.localPort}:${spec.remoteHost}:${spec.remotePort}`;
	if (spec.localAddr !== undefined) text += `,addr=${spec.localAddr}`;
	if (spec.remoteAddr !== undefined) text += `,peer=${spec.remoteAddr}`;
	if (spec.bindHost !== undefined) text += `,bind=${spec.bindHost}`;
	return text;
}
