// The server's host key: made on first start and kept, so that students' ssh clients see the same
// key every time (a new key each start would make OpenSSH warn about a changed host).
import {chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {dirname} from 'node:path';
import ssh2 from 'ssh2';

/** `unreadable`: the file is there but is not a private key ssh2 can use (removing it makes a new one). */
export type HostKey = {ok: true; key: Buffer; created: boolean; fingerprint: string} | {ok: false; reason: string; unreadable?: boolean};

function reasonOf(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | null)?.code;
	return code ?? (error instanceof Error ? error.message.split('\n')[0]! : String(error));
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

const SSH2_ED25519: KeyMaker = () => ssh2.utils.generateKeyPairSync('ed25519', {comment: 'tcp-tui host key'});

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
			return {ok: false, reason: reasonOf(error)};
		}
		const parsed = ssh2.utils.parseKey(key);
		if (parsed instanceof Error) return {ok: false, reason: parsed.message.split('\n')[0]!, unreadable: true};
		if (!parsed.isPrivateKey()) return {ok: false, reason: 'not a private key', unreadable: true};
		return {ok: true, key, created: false, fingerprint: fingerprintOf(key)};
	}
	let key: Buffer | null = null;
	for (let attempt = 0; attempt < KEY_ATTEMPTS && key === null; attempt++) {
		const candidate = Buffer.from(makeKey().private);
		const parsed = ssh2.utils.parseKey(candidate);
		if (!(parsed instanceof Error) && parsed.isPrivateKey()) key = candidate;
	}
	if (key === null) return {ok: false, reason: `no usable ed25519 key in ${KEY_ATTEMPTS} attempts`};
	try {
		mkdirSync(dirname(file), {recursive: true, mode: 0o700});
		writeFileSync(file, key, {mode: 0o600, flag: 'wx'});
		chmodSync(file, 0o600);
		return {ok: true, key, created: true, fingerprint: fingerprintOf(key)};
	} catch (error) {
		return {ok: false, reason: reasonOf(error)};
	}
}
