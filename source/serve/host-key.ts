// The server's host key: made on first start and kept, so that students' ssh clients see the same
// key every time (a new key each start would make OpenSSH warn about a changed host).
import {chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {dirname} from 'node:path';
import ssh2 from 'ssh2';
import type {Text} from '../i18n/lang.js';
import {errnoReason} from '../scenario/read-file.js';

/**
 * Why there is no key: the file could not be read or written (`reason`), it is not a private key
 * (`notKey`: a public key, a passphrase-protected key, any other file, which is not ours to remove),
 * or it is a key tcp-tui made that ssh2 cannot read (`damaged`: removing it makes a new one).
 */
export type HostKey =
	| {ok: true; key: Buffer; created: boolean; fingerprint: string}
	| {ok: false; problem: 'io'; reason: Text}
	| {ok: false; problem: 'notKey' | 'damaged'; detail: Text};

/** The comment of every key made here: it is how a file is known to be one (see SSH2_ED25519). */
const KEY_COMMENT = 'tcp-tui host key';

/** An OpenSSH private key file whose (unencrypted) body carries our comment. */
function madeHere(file: Buffer): boolean {
	const text = file.toString('latin1');
	const match = /-----BEGIN OPENSSH PRIVATE KEY-----([A-Za-z0-9+/=\s]+)-----END OPENSSH PRIVATE KEY-----/.exec(text);
	return match !== null && Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64').includes(KEY_COMMENT);
}

/** SHA256:… as `ssh-keygen -l` prints it, from the public key blob. */
export function fingerprintOf(key: Buffer): string {
	const parsed = ssh2.utils.parseKey(key);
	if (parsed instanceof Error) return '?';
	const pub = parsed.getPublicSSH();
	return `SHA256:${createHashBase64(pub)}`;
}


function createHashBase64(data: Buffer): string {
	return createHash('sha256').update(data).digest('base64').replace(/=+$/, '');
}

/** A new ed25519 key pair in OpenSSH's format, as ssh2 makes it. */
export type KeyMaker = () => {private: string};

const SSH2_ED25519: KeyMaker = () => ssh2.utils.generateKeyPairSync('ed25519', {comment: KEY_COMMENT});

/**
 * ssh2's generator writes a public key whose first byte is 0 as 31 bytes, a key that ssh2 itself
 * then refuses ("Malformed OpenSSH private key"): one start in 256. A key is checked before it is
 * kept, and made again when it does not parse.
 */
const KEY_ATTEMPTS = 16;

/** Read the key at `file`, or make an ed25519 key there (mode 600, its folder 700) when there is none. */
export function loadOrCreateHostKey(file: string, makeKey: KeyMaker = SSH2_ED25519): HostKey {
	if (existsSync(file)) {
		let key: Buffer;
		try {
			key = readFileSync(file);
		} catch (error) {
			return {ok: false, problem: 'io', reason: errnoReason(error)};
		}
		const parsed = ssh2.utils.parseKey(key);
		if (parsed instanceof Error) {
			// ssh2's words, quoted as they are (e.g. "Encrypted private OpenSSH key detected, but no passphrase given").
			const words = parsed.message.split('\n')[0]!;
			const detail = {en: words, ko: words};
			return madeHere(key) ? {ok: false, problem: 'damaged', detail} : {ok: false, problem: 'notKey', detail};
		}
		if (!parsed.isPrivateKey()) return {ok: false, problem: 'notKey', detail: {en: 'a public key', ko: '공개 키'}};
		return {ok: true, key, created: false, fingerprint: fingerprintOf(key)};
	}
	let key: Buffer | null = null;
	for (let attempt = 0; attempt < KEY_ATTEMPTS && key === null; attempt++) {
		const candidate = Buffer.from(makeKey().private);
		const parsed = ssh2.utils.parseKey(candidate);
		if (!(parsed instanceof Error) && parsed.isPrivateKey()) key = candidate;
	}
	if (key === null) {
		const reason = `no usable ed25519 key in ${KEY_ATTEMPTS} attempts`;
		return {ok: false, problem: 'io', reason: {en: reason, ko: reason}};
	}
	try {
		mkdirSync(dirname(file), {recursive: true, mode: 0o700});
		writeFileSync(file, key, {mode: 0o600, flag: 'wx'});
		chmodSync(file, 0o600);
		return {ok: true, key, created: true, fingerprint: fingerprintOf(key)};
	} catch (error) {
		return {ok: false, problem: 'io', reason: errnoReason(error)};
	}
}
