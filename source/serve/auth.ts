// Who may connect: anyone (--open), whoever knows the password, or the holders of listed keys.
// Failed attempts are rate-limited per address, so a password cannot be guessed at network speed.
import {createHash, timingSafeEqual} from 'node:crypto';
import {readFileSync} from 'node:fs';
import ssh2, {type AuthContext, type ParsedKey} from 'ssh2';
import type {Text} from '../i18n/lang.js';
import {errnoReason} from '../scenario/read-file.js';
import type {Access} from './options.js';

export type KeyList = {ok: true; keys: ParsedKey[]} | {ok: false; reason: Text};

/** The public keys of an authorized_keys file (options before the key type are not supported: such lines are skipped). */
export function readAuthorizedKeys(file: string): KeyList {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		return {ok: false, reason: errnoReason(error)};
	}
	const keys: ParsedKey[] = [];
	for (const line of text.split('\n')) {
		const trimmed = line.trim();
		if (trimmed === '' || trimmed.startsWith('#')) continue;
		const parsed = ssh2.utils.parseKey(trimmed);
		if (!(parsed instanceof Error)) keys.push(Array.isArray(parsed) ? parsed[0]! : parsed);
	}
	if (keys.length === 0) return {ok: false, reason: {en: 'no public keys in it', ko: '공개 키가 하나도 없습니다'}};
	return {ok: true, keys};
}

function sameSecret(a: string, b: string): boolean {
	// Equal-length digests: the comparison takes the same time whatever the guess.
	const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
	return timingSafeEqual(digest(a), digest(b));
}

/** The methods a client is told it may use. */
export function methodsFor(access: Access): Array<'none' | 'password' | 'publickey'> {
	if (access.kind === 'password') return ['password'];
	if (access.kind === 'keys') return ['publickey'];
	return ['none', 'password', 'publickey', 'keyboard-interactive'] as Array<'none' | 'password' | 'publickey'>;
}

export type AuthVerdict = 'accept' | 'reject' | 'continue';

/**
 * Decide one authentication attempt. 'continue' is an attempt that proves nothing yet (a `none`
 * probe, or a public key offered without a signature): it is answered but not counted as a failure.
 */
export function judge(ctx: AuthContext, access: Access, keys: readonly ParsedKey[]): AuthVerdict {
	if (access.kind === 'open') return 'accept';
	if (ctx.method === 'none') return 'continue';
	if (access.kind === 'password') {
		if (ctx.method !== 'password') return 'continue';
		return sameSecret(ctx.password, access.password) ? 'accept' : 'reject';
	}
	if (ctx.method !== 'publickey') return 'continue';
	const offered = ctx.key;
	const match = keys.find((key) => key.type === offered.algo && key.getPublicSSH().equals(offered.data));
	if (!match) return 'reject';
	// Without a signature the client only asks whether the key would do: accepting it then answers
	// "yes, prove it" (ssh2 sends PK_OK), and the client signs in its next attempt.
	if (!ctx.signature || !ctx.blob) return 'accept';
	return match.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true ? 'accept' : 'reject';
}

/**
 * Failed attempts per address: each failure within the window doubles the wait before the answer
 * (0.25 s, 0.5 s, 1 s … up to 4 s); from `lockAfter` failures the address is refused until the
 * window passes.
 */
export class AuthLimiter {
	private readonly failures = new Map<string, number[]>();

	constructor(
		private readonly now: () => number = Date.now,
		private readonly windowMs = 60_000,
		private readonly lockAfter = 10,
	) {}

	private recent(address: string): number[] {
		const cutoff = this.now() - this.windowMs;
		const list = (this.failures.get(address) ?? []).filter((t) => t > cutoff);
		if (list.length === 0) this.failures.delete(address);
		else this.failures.set(address, list);
		return list;
	}

	locked(address: string): boolean {
		return this.recent(address).length >= this.lockAfter;
	}

	/** Record a failure; returns how long to wait before saying no. */
	fail(address: string): number {
		const list = this.recent(address);
		list.push(this.now());
		this.failures.set(address, list);
		return Math.min(4000, 250 * 2 ** (list.length - 1));
	}
}
