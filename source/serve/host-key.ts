// The server's host key: made on first start and kept, so that students' ssh clients see the same
// key every time (a new key each start would make OpenSSH warn about a changed host).
import {chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {dirname} from 'node:path';
import ssh2 from 'ssh2';

export type HostKey = {ok: true; key: Buffer; created: boolean; fingerprint: string} | {ok: false; reason: string};

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

/** Read the key at `file`, or make an ed25519 key there (mode 600, its folder 700) when there is none. */
export function loadOrCreateHostKey(file: string): HostKey {
	if (existsSync(file)) {
		let key: Buffer;
		try {
			key = readFileSync(file);
		} catch (error) {
			return {ok: false, reason: reasonOf(error)};
		}
		const parsed = ssh2.utils.parseKey(key);
		if (parsed instanceof Error) return {ok: false, reason: parsed.message.split('\n')[0]!};
		if (!parsed.isPrivateKey()) return {ok: false, reason: 'not a private key'};
		return {ok: true, key, created: false, fingerprint: fingerprintOf(key)};
	}
	try {
		const pair = ssh2.utils.generateKeyPairSync('ed25519', {comment: 'tcp-tui host key'});
		mkdirSync(dirname(file), {recursive: true, mode: 0o700});
		writeFileSync(file, pair.private, {mode: 0o600, flag: 'wx'});
		chmodSync(file, 0o600);
		const key = Buffer.from(pair.private);
		return {ok: true, key, created: true, fingerprint: fingerprintOf(key)};
	} catch (error) {
		return {ok: false, reason: reasonOf(error)};
	}
}
