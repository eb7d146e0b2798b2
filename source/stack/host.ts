// One host's TCP stack behind the socket API (HostApi). Skeleton: every call fails with
// EOPNOTSUPP until the real implementation lands, so the world and the UI can compile against it.
import type {HostApi} from './host-api.js';
import type {StackEnv} from './env.js';
import type {Call, CallName, HostSnapshot, ShutdownHow, SocketOption} from './types.js';

export class Host implements HostApi {
	readonly name: string;
	readonly addr: string;
	private nextCallId = 1;

	constructor(private readonly env: StackEnv) {
		this.name = env.name;
		this.addr = env.addr;
	}

	socket(): Call {
		return this.unsupported('socket', null, '');
	}

	bind(fd: number, port: number, addr?: string): Call {
		return this.unsupported('bind', fd, addr ? `${addr}:${port}` : String(port));
	}

	listen(fd: number, backlog: number): Call {
		return this.unsupported('listen', fd, String(backlog));
	}

	accept(fd: number): Call {
		return this.unsupported('accept', fd, '');
	}

	connect(fd: number, addr: string, port: number): Call {
		return this.unsupported('connect', fd, `${addr}:${port}`);
	}

	write(fd: number, data: Uint8Array | string): Call {
		return this.unsupported('write', fd, typeof data === 'string' ? JSON.stringify(data) : `${data.length} bytes`);
	}

	read(fd: number, max: number): Call {
		return this.unsupported('read', fd, String(max));
	}

	shutdown(fd: number, how: ShutdownHow): Call {
		return this.unsupported('shutdown', fd, how);
	}

	close(fd: number): Call {
		return this.unsupported('close', fd, '');
	}

	abort(fd: number): Call {
		return this.unsupported('abort', fd, '');
	}

	setsockopt(fd: number, option: SocketOption, value: number | boolean): Call {
		return this.unsupported('setsockopt', fd, `${option}=${String(value)}`);
	}

	kill(): Call {
		return this.unsupported('kill', null, '');
	}

	receive(_packet: Uint8Array): string | null {
		return 'not-implemented';
	}

	snapshot(): HostSnapshot {
		return {name: this.name, addr: this.addr, sockets: [], counters: {}};
	}

	private unsupported(call: CallName, fd: number | null, args: string): Call {
		const now = this.env.timers.now();
		const c: Call = {id: this.nextCallId++, host: this.name, call, fd, args, status: 'failed', errno: 'EOPNOTSUPP', issuedAt: now, settledAt: now};
		this.env.emit({kind: 'call', host: this.name, call: c, status: c.status});
		return c;
	}
}
