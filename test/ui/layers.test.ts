// Layers stay apart: the model, the store and the other modules behind the screen (and the
// session, sim, link and stack below them) import no component. A component module is a .tsx
// file; everything a model needs from one (names, counts, rows) lives in a plain module.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {repoRoot} from '../scenario/fixture-path.js';

const LAYERS = ['ui', 'session', 'sim', 'link', 'stack'];

function plainModules(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return plainModules(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

test('no module behind the screen imports a component module (.tsx)', () => {
	const root = repoRoot();
	const found: string[] = [];
	let checked = 0;
	for (const layer of LAYERS) {
		for (const file of plainModules(join(root, 'source', layer))) {
			checked++;
			for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
				const target = join(dirname(file), `${match[1]!}.tsx`);
				if (existsSync(target)) found.push(`${relative(root, file)} imports ${relative(root, target)}`);
			}
		}
	}
	assert.ok(checked > 20, `read ${checked} modules`);
	assert.deepEqual(found, []);
});
