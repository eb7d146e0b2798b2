// Driving our endpoint of a wire world like a program would: blocking socket calls awaited in
// real time. Shared by the interop and fuzz tests.
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import type {HostApi} from '../../source/stack/host-api.js';
import type {Call} from '../../source/stack/types.js';
import type {WireWorld} from '../../source/wire/world.js';

export const CALL_TIMEOUT_MS = 20_000;

/** Wait for a call to settle and insist it returned. */
export async function returned(world: WireWorld, call: Call, timeoutMs = CALL_TIMEOUT_MS): Promise<Call> {
	await world.waitFor(() => call.status !== 'blocked', timeoutMs);
	assert.notEqual(call.status, 'blocked', `${call.host}: ${call.call}(${call.args}) still blocked after ${timeoutMs} ms`);
	assert.equal(call.status, 'returned', `${call.host}: ${call.call}(${call.args}) failed with ${call.errno}`);
	return call;
}

export async function settled(world: WireWorld, call: Call, timeoutMs = CALL_TIMEOUT_MS): Promise<Call> {
	await world.waitFor(() => call.status !== 'blocked', timeoutMs);
	assert.notEqual(call.status, 'blocked', `${call.host}: ${call.call}(${call.args}) still blocked after ${timeoutMs} ms`);
	return call;
}

/** Bytes from a seeded generator, so a reordering or a lost byte cannot go unnoticed. */
export function patternBytes(length: number, seed: number): Uint8Array {
	const out = new Uint8Array(length);
	let x = seed >>> 0 || 1;
	for (let i = 0; i < length; i++) {
		x ^= x << 13;
		x >>>= 0;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		out[i] = x & 0xff;
	}
	return out;
}

export function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** write() all of data in chunks, each call awaited (a write may block on a full send buffer). */
export async function writeAll(world: WireWorld, host: HostApi, fd: number, data: Uint8Array, chunk = 32 * 1024): Promise<void> {
	let offset = 0;
	while (offset < data.length) {
		const call = await returned(world, host.write(fd, data.subarray(offset, Math.min(data.length, offset + chunk))));
		assert.ok((call.result ?? 0) > 0, `write returned ${call.result}`);
		offset += call.result!;
	}
}

/** read() until EOF (read returns 0); every call awaited. */
export async function readToEnd(world: WireWorld, host: HostApi, fd: number, onData?: (data: Uint8Array) => Promise<void>): Promise<Uint8Array> {
	const parts: Uint8Array[] = [];
	for (;;) {
		const call = await returned(world, host.read(fd, 64 * 1024));
		if (call.result === 0) break;
		assert.ok(call.data && call.data.length === call.result, 'read() data matches its byte count');
		const data = Uint8Array.from(call.data);
		parts.push(data);
		if (onData) await onData(data);
	}
	return Buffer.concat(parts);
}

/** The host's state for one fd, from its snapshot. */
export function stateOf(host: HostApi, fd: number): string | undefined {
	return host.snapshot().sockets.find(s => s.fd === fd)?.state;
}

/** Echo `bytes` from the client through the server and back; both sides close in order. */
export async function echoExchange(client: WireWorld, server: WireWorld, bytes: Uint8Array, port = 80): Promise<void> {
	const s = server.local;
	const c = client.local;
	const listener = (await returned(server, s.socket())).result!;
	await returned(server, s.bind(listener, port));
	await returned(server, s.listen(listener, 4));
	const accepting = s.accept(listener);
	const fd = (await returned(client, c.socket())).result!;
	await returned(client, c.connect(fd, '10.9.0.1', port));
	const conn = (await returned(server, accepting)).result!;
	const [, echoed] = await Promise.all([
		(async () => {
			await writeAll(client, c, fd, bytes);
			await returned(client, c.shutdown(fd, 'wr'));
		})(),
		readToEnd(client, c, fd),
		(async () => {
			await readToEnd(server, s, conn, chunk => writeAll(server, s, conn, chunk));
			await returned(server, s.close(conn));
		})(),
	]);
	assert.equal(sha256(echoed), sha256(bytes), 'the echo equals what was sent');
	await returned(client, c.close(fd));
	await returned(server, s.close(listener));
	assert.ok(await client.waitFor(() => stateOf(c, fd) === undefined, 5000), 'client: TIME_WAIT ends');
	assert.ok(await server.waitFor(() => stateOf(s, conn) === undefined, 5000), 'server: LAST_ACK ends');
}
