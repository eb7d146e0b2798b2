// An error in one seat's code ends that seat only: the containment on its own, then a server whose
// app throws for one student (in a key handler, in a render) while another student goes on.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import React, {useState} from 'react';
import {Text, useInput} from 'ink';
import ssh2 from 'ssh2';
import {containSeatErrors, describeError, runInSeat, type SeatScope} from '../../source/serve/containment.js';
import {loadOrCreateHostKey} from '../../source/serve/host-key.js';
import {mountOn} from '../../source/serve/apps.js';
import {startServer, type SeatApps} from '../../source/serve/server.js';

/**
 * The test runner reports any uncaught error as a failed test; `serve` has no such listener. While
 * `body` runs, the containment is the only one, as in `serve`.
 */
async function alone(body: () => Promise<void>): Promise<void> {
	const events: string[] = ['uncaughtException', 'unhandledRejection'];
	const saved = events.map((event) => process.listeners(event as 'uncaughtException') as Array<(...args: unknown[]) => void>);
	for (const event of events) process.removeAllListeners(event);
	const stop = containSeatErrors();
	try {
		await body();
	} finally {
		stop();
		events.forEach((event, i) => {
			for (const listener of saved[i]!) process.on(event, listener);
		});
	}
}

function recorder(): SeatScope & {errors: unknown[]; failed: Promise<unknown>} {
	const errors: unknown[] = [];
	let done: (error: unknown) => void = () => undefined;
	const failed = new Promise<unknown>((resolve) => (done = resolve));
	return {
		errors,
		failed,
		fail: (error) => {
			errors.push(error);
			done(error);
		},
	};
}

test('an error thrown later by what a seat scheduled (a timer, a stream event, a rejected promise) reaches that seat, not another', async () => {
	await alone(async () => {
		const a = recorder();
		const b = recorder();
		runInSeat(a, () => {
			setTimeout(() => {
				throw new Error('in a timer');
			}, 5);
		});
		runInSeat(b, () => undefined);
		assert.equal(describeError(await a.failed, false), 'Error: in a timer');
		const c = recorder();
		runInSeat(c, () => void Promise.reject(new Error('rejected')));
		assert.equal(describeError(await c.failed, false), 'Error: rejected');
		const d = recorder();
		runInSeat(d, () => {
			throw new TypeError('at once');
		});
		assert.equal(describeError(await d.failed, false), 'TypeError: at once');
		assert.equal(b.errors.length, 0);
		assert.equal(a.errors.length, 1);
	});
});

test('the log line is one line; the stack only when debugging', () => {
	const error = new Error('two\nlines');
	assert.equal(describeError(error, false), 'Error: two lines');
	assert.match(describeError(error, true), /\n\s+at /);
	assert.equal(describeError('plain', false), 'plain');
});

const dir = mkdtempSync(join(tmpdir(), 'tcp-tui-contain-'));
test.after(() => rmSync(dir, {recursive: true, force: true}));

/** Echoes keys; `k` throws in the key handler, `r` makes the next render throw. */
function Faulty(): React.JSX.Element {
	const [typed, setTyped] = useState('');
	useInput((input) => {
		if (input === 'k') throw new Error('key handler failed');
		setTyped((t) => t + input);
	});
	if (typed.endsWith('r')) throw new Error('render failed');
	return <Text>typed:{typed}.</Text>;
}

const faultyApps: SeatApps = {mount: (_request, terminal) => mountOn(terminal, <Faulty />)};

interface Seat {
	text(): string;
	write(s: string): void;
	closed: Promise<number | null>;
	until(pattern: RegExp): Promise<void>;
}

async function seat(port: number, username = 'play'): Promise<Seat> {
	const client = new ssh2.Client();
	await new Promise<void>((resolve, reject) => {
		client.on('ready', () => resolve());
		client.on('error', reject);
		client.connect({host: '127.0.0.1', port, username, readyTimeout: 20_000});
	});
	return new Promise((resolve, reject) => {
		client.shell({cols: 80, rows: 24, term: 'xterm'}, (error, channel) => {
			if (error) return reject(error);
			let text = '';
			let code: number | null = null;
			const waiters: Array<() => void> = [];
			channel.on('data', (d: Buffer) => {
				text += d.toString();
				for (const w of waiters.splice(0)) w();
			});
			channel.on('exit', (c: number) => (code = c));
			const closed = new Promise<number | null>((done) => channel.on('close', () => {
				client.end();
				done(code);
			}));
			const until = async (pattern: RegExp): Promise<void> => {
				for (let i = 0; i < 200 && !pattern.test(text); i++) await new Promise<void>((r) => {
					waiters.push(r);
					setTimeout(r, 100);
				});
				assert.match(text, pattern);
			};
			resolve({text: () => text, write: (s) => channel.write(s), closed, until});
		});
	});
}

for (const [how, key] of [['its key handler', 'k'], ['its render', 'r']] as const) {
	test(`a seat whose app throws in ${how} is closed with one line; the other seat and new ones go on`, async () => {
		const hostKey = loadOrCreateHostKey(join(dir, `host_key_${key}`));
		assert.ok(hostKey.ok);
		const logged: string[] = [];
		await alone(async () => {
		const server = await startServer({
			port: 0, host: '127.0.0.1', hostKey: hostKey.key, maxSessions: 5, idleTimeoutMs: 60_000,
			access: {kind: 'open'}, lang: 'en', apps: faultyApps, logError: (line) => logged.push(line),
		});
		try {
			const other = await seat(server.port);
			const failing = await seat(server.port, 'play-ko');
			await other.until(/typed:\./);
			await failing.until(/typed:\./);
			failing.write('a');
			await failing.until(/typed:a\./);
			failing.write(key);
			assert.equal(await failing.closed, 1);
			const tail = failing.text().slice(failing.text().lastIndexOf('\x1b[?1049l') - 30);
			assert.match(tail, /\x1b\[\?2004l/, 'bracketed paste off');
			assert.match(tail, /\x1b\[\?25h/, 'cursor shown');
			assert.match(tail, /\x1b\[\?1049l\r?\n?tcp-tui: 서버의 오류로 이 세션이 멈췄습니다/);
			assert.equal(logged.length, 1);
			assert.match(logged[0]!, /closed after an error: Error: (key handler|render) failed$/);
			// The other student still drives their seat; a new one gets in.
			other.write('xy');
			await other.until(/typed:xy\./);
			const next = await seat(server.port);
			await next.until(/typed:\./);
			assert.deepEqual(server.roster(), {follow: 0, own: 2, choosing: 0});
		} finally {
			await server.close();
		}
		});
	});
}
