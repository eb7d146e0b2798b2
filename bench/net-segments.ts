// Node's `net` over a loopback that carries 1 460-byte segments, for a like-for-like reference
// beside the stack at MSS 1460. The machine's own loopback has a 64 KiB MTU and lets the kernel
// pass 64 KiB GSO packets whole, so its `net` figure pays per-segment work once per ~45 of our
// segments. Here the transfer runs in a child process inside a private network namespace
// (`unshare --user --map-root-user --net`, no privilege needed where user namespaces are
// allowed) whose loopback has MTU 1500 and gso_max_size 1500: every packet is one segment.
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {nodeNetTransfer, RUNS, WARM_UP_BYTES, type ThroughputResult} from './stack.js';

export interface SegmentedNetResult extends ThroughputResult {
	/** Bytes moved per packet the loopback carried, data and ACKs alike (about 1 000 here; tens of thousands with GSO). */
	bytesPerPacket: number;
}

const SETUP = 'ip link set lo mtu 1500 up && ip link set lo gso_max_size 1500';

/** Why the private loopback cannot be made here, or null when it can. */
export function segmentedLoopbackUnavailable(): string | null {
	try {
		execFileSync('unshare', ['--user', '--map-root-user', '--net', 'sh', '-c', SETUP], {stdio: 'pipe'});
		return null;
	} catch (error) {
		const stderr = (error as {stderr?: Buffer}).stderr?.toString().trim();
		return stderr || (error as Error).message;
	}
}

/** `total` bytes through `net` on the private loopback (a fresh child: warm-up, then the median of RUNS). */
export function segmentedNetTransfer(total: number): SegmentedNetResult {
	const self = fileURLToPath(import.meta.url);
	const out = execFileSync('unshare', ['--user', '--map-root-user', '--net', 'sh', '-c', `${SETUP} && exec "$0" "$1" "$2"`, process.execPath, self, String(total)], {encoding: 'utf8'});
	return JSON.parse(out) as SegmentedNetResult;
}

/** Packets lo has sent, from /proc/net/dev (per namespace; /sys still shows the machine's own lo). */
function packets(): number {
	const line = readFileSync('/proc/net/dev', 'utf8').split('\n').find((l) => l.trim().startsWith('lo:'));
	// Receive: bytes packets errs drop fifo frame compressed multicast; then transmit: bytes packets.
	const fields = line?.split(':')[1]?.trim().split(/\s+/) ?? [];
	return Number(fields[9]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const total = Number(process.argv[2]);
	const before = packets();
	const result = await nodeNetTransfer(total);
	// Warm-up and RUNS transfers all went through lo: bytes per packet over everything moved.
	const moved = WARM_UP_BYTES + RUNS * total;
	const bytesPerPacket = moved / (packets() - before);
	process.stdout.write(`${JSON.stringify({...result, bytesPerPacket})}\n`);
}
