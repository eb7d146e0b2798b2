// The command line as a user meets it: spawned as a process. From dist/ (npm test) it runs the
// compiled bin; from source (node --import tsx --test) it runs source/cli.tsx through tsx.
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {repoRoot} from '../scenario/fixture-path.js';

export const root = repoRoot();
const fromDist = fileURLToPath(import.meta.url).includes(`${join('dist', 'test')}`);
export const command = fromDist ? [join(root, 'dist', 'source', 'cli.js')] : ['--import', 'tsx', join(root, 'source', 'cli.tsx')];

export interface Result {
	status: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export interface CliOptions {
	cwd?: string;
	timeout?: number;
	/** Extra node flags (e.g. --max-old-space-size) before the program. */
	nodeArgs?: string[];
}

export function cli(args: string[], env: Record<string, string> = {}, input?: string, options: CliOptions = {}): Result {
	const base: Record<string, string> = {PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'C.UTF-8'};
	const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), ...command, ...args], {
		cwd: options.cwd ?? root, env: {...base, ...env}, encoding: 'utf8', input: input ?? '', timeout: options.timeout ?? 60_000,
	});
	return {status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr};
}

export function lines(text: string): string[] {
	return text.split('\n').filter((line) => line.length > 0);
}
