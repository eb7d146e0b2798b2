// A private network for interop tests: a network namespace holding a TUN device whose other
// side is socat in the root namespace, bridging it to a loopback UDP port, exactly the recipe
// users follow (docs/wire.md) except that the TUN device is moved into the namespace, so the
// kernel's 10.9.0.1 exists only there. Every process started here is tracked and killed, and
// the namespace deleted, by close().
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';

export const KERNEL_ADDR = '10.9.0.1';
export const OUR_ADDR = '10.9.0.2';

function run(command: string, args: string[]): {ok: boolean; output: string} {
	const result = spawnSync(command, args, {encoding: 'utf8', timeout: 10_000});
	return {ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim()};
}

function must(command: string, args: string[]): string {
	const result = run(command, args);
	if (!result.ok) throw new Error(`${command} ${args.join(' ')}: ${result.output}`);
	return result.output;
}

/** Why the interop tests cannot run here, or null. */
export function labMissing(): string | null {
	if (process.platform !== 'linux') return 'network namespaces need Linux';
	if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'network namespaces need root';
	if (!fs.existsSync('/dev/net/tun')) return '/dev/net/tun is absent';
	for (const tool of [['ip', '-V'], ['socat', '-V'], ['tc', '-V']] as const) {
		const probe = spawnSync(tool[0], [tool[1]], {encoding: 'utf8'});
		if (probe.error) return `${tool[0]} is not installed (apt-get install ${tool[0] === 'socat' ? 'socat' : 'iproute2'})`;
	}
	return null;
}

/** A free UDP port on 127.0.0.1 (bound and released: good enough for a test on loopback). */
export async function freeUdpPort(): Promise<number> {
	const socket = dgram.createSocket('udp4');
	await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve));
	const {port} = socket.address();
	await new Promise<void>(resolve => socket.close(() => resolve()));
	return port;
}

export async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

let labCounter = 0;

export class Lab {
	readonly children: ChildProcess[] = [];
	private closed = false;

	private constructor(
		readonly namespace: string,
		readonly device: string,
		/** The UDP port our wire world binds (socat sends to it). */
		readonly ourPort: number,
		/** socat's UDP port (our wire world sends to it). */
		readonly socatPort: number,
	) {}

	/** Just the namespace, with its loopback up: for running the documented recipe verbatim inside it. */
	static async bare(): Promise<Lab> {
		const n = `${process.pid}-${labCounter++}`;
		const lab = new Lab(`tcptui-${n}`, '', 0, 0);
		try {
			must('ip', ['netns', 'add', lab.namespace]);
			must('ip', ['-n', lab.namespace, 'link', 'set', 'lo', 'up']);
			return lab;
		} catch (error) {
			await lab.close();
			throw error;
		}
	}

	/**
	 * Create the namespace, start socat and move its TUN device in. `ourPort` is where socat
	 * sends what the kernel emits: the wire world's port, or a relay's.
	 */
	static async create(ourPort: number): Promise<Lab> {
		// socat may still be configuring its TUN device when we move it into the namespace; if that
		// makes socat fail, the device vanishes ("Cannot find device"). A fresh lab is the cure.
		for (let attempt = 1; ; attempt++) {
			try {
				return await Lab.createOnce(ourPort);
			} catch (error) {
				if (attempt >= 3 || !String(error).includes('Cannot find device')) throw error;
			}
		}
	}

	private static async createOnce(ourPort: number): Promise<Lab> {
		const n = `${process.pid}-${labCounter++}`;
		// Interface names have at most 15 characters: pid and counter in base 36 stay unique and short.
		const device = `tt${process.pid.toString(36)}x${(labCounter - 1).toString(36)}`;
		const lab = new Lab(`tcptui-${n}`, device, ourPort, await freeUdpPort());
		try {
			must('ip', ['netns', 'add', lab.namespace]);
			must('ip', ['-n', lab.namespace, 'link', 'set', 'lo', 'up']);
			const socat = spawn('socat', [
				`UDP-DATAGRAM:127.0.0.1:${lab.ourPort},bind=127.0.0.1:${lab.socatPort}`,
				`TUN,tun-name=${lab.device},tun-type=tun,iff-no-pi`,
			], {stdio: ['ignore', 'ignore', 'pipe']});
			lab.children.push(socat);
			let socatError = '';
			socat.stderr!.on('data', chunk => {
				socatError += String(chunk);
			});
			await until(() => run('ip', ['link', 'show', lab.device]).ok || socat.exitCode !== null, 5000, 'socat to create the TUN device');
			if (socat.exitCode !== null) throw new Error(`socat exited: ${socatError.trim()}`);
			must('ip', ['link', 'set', lab.device, 'netns', lab.namespace]);
			// Only IPv4 crosses the tunnel: the kernel's IPv6 router solicitations would be noise here.
			lab.setSysctl(`net/ipv6/conf/${lab.device}/disable_ipv6`, '1');
			must('ip', ['-n', lab.namespace, 'addr', 'add', `${KERNEL_ADDR}/24`, 'dev', lab.device]);
			must('ip', ['-n', lab.namespace, 'link', 'set', lab.device, 'up']);
			return lab;
		} catch (error) {
			await lab.close();
			throw error;
		}
	}

	/** Set a sysctl inside the namespace (through /proc: procps may not be installed). */
	setSysctl(path: string, value: string): boolean {
		return this.exec(['sh', '-c', `echo "${value}" > /proc/sys/${path}`]).ok;
	}

	/** Run a command inside the namespace, synchronously. */
	exec(args: string[]): {ok: boolean; output: string} {
		return run('ip', ['netns', 'exec', this.namespace, ...args]);
	}

	/** Start `node -e code` inside the namespace; the child is killed by close(). */
	node(code: string): ChildProcess & {output: () => string} {
		return this.spawn(process.execPath, ['-e', code]);
	}

	/** Start any command inside the namespace, its output collected; the child is killed by close(). */
	spawn(command: string, args: string[]): ChildProcess & {output: () => string} {
		const child = spawn('ip', ['netns', 'exec', this.namespace, command, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
		this.children.push(child);
		let text = '';
		child.stdout!.on('data', chunk => {
			text += String(chunk);
		});
		child.stderr!.on('data', chunk => {
			text += String(chunk);
		});
		return Object.assign(child, {output: () => text});
	}

	/** Resolves with a line the child printed that matches, or rejects after timeoutMs. */
	async lineFrom(child: ChildProcess & {output: () => string}, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
		let match: RegExpExecArray | null = null;
		await until(() => (match = pattern.exec(child.output())) !== null || child.exitCode !== null, timeoutMs, `${pattern} from a child`);
		match ??= pattern.exec(child.output());
		if (!match) throw new Error(`child exited (${child.exitCode}) without printing ${pattern}: ${child.output().trim()}`);
		return match;
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		for (const child of this.children) {
			if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
				const exited = new Promise(resolve => child.once('exit', resolve));
				child.kill('SIGTERM');
				await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 2000))]);
				if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			}
		}
		run('ip', ['netns', 'del', this.namespace]);
	}
}
