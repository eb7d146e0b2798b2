// Fixtures live in test/fixtures; tests run both from source (tsx) and from dist/, so find the
// repository root by walking up to package.json.
import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export function repoRoot(): string {
	let dir = dirname(fileURLToPath(import.meta.url));
	while (!existsSync(join(dir, 'package.json'))) {
		const parent = dirname(dir);
		if (parent === dir) throw new Error('package.json not found above the test file');
		dir = parent;
	}
	return dir;
}

export function fixture(name: string): string {
	return join(repoRoot(), 'test', 'fixtures', name);
}
