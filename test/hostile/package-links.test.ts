// Issue 12, item 9: every link of the readme and the docs works where the package is read (the
// registry, node_modules): a relative link names a file inside the repository that the package's
// `files` ships; anything else is a full URL of the repository. package.json says where it lives.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {root} from '../cli/spawn.js';

const REPOSITORY = 'https://github.com/tcp-tui/tcp-tui';
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	files: string[]; repository?: {url: string}; bugs?: {url: string}; homepage?: string; keywords?: string[];
};

function markdownFiles(): string[] {
	const docs = (dir: string): string[] => readdirSync(join(root, dir), {withFileTypes: true}).flatMap((entry) =>
		entry.isDirectory() ? docs(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : []);
	return ['readme.md', ...docs('docs')];
}

function links(text: string): string[] {
	return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

test('package.json has repository, bugs, homepage and keywords pointing at the repository', () => {
	assert.equal(pkg.repository?.url, `git+${REPOSITORY}.git`);
	assert.equal(pkg.bugs?.url, `${REPOSITORY}/issues`);
	assert.ok(pkg.homepage?.startsWith(REPOSITORY));
	assert.ok((pkg.keywords ?? []).includes('tcp'));
});

test('every link in the readme and docs is a shipped file inside the repository, or a full repository URL', () => {
	const shipped = (path: string) => pkg.files.some((entry) => path === entry || path.startsWith(`${entry}/`));
	let checked = 0;
	for (const file of markdownFiles()) {
		const text = readFileSync(join(root, file), 'utf8');
		assert.doesNotMatch(text, /\.\.\/shared\//, `${file} points outside the repository`);
		for (const link of links(text)) {
			checked++;
			if (/^https?:/.test(link)) {
				if (link.includes('github.com/tcp-tui')) assert.ok(link.startsWith(`${REPOSITORY}/`) || link.startsWith(`${REPOSITORY}#`), link);
				continue;
			}
			if (link.startsWith('#') || link.startsWith('mailto:')) continue;
			const target = relative(root, resolve(root, dirname(file), link.split('#')[0]!));
			assert.ok(!target.startsWith('..'), `${file}: ${link} leaves the repository`);
			assert.ok(existsSync(join(root, target)), `${file}: ${link} does not exist`);
			assert.ok(shipped(target), `${file}: ${link} (${target}) is not in package.json's files`);
		}
	}
	assert.ok(checked > 5, 'links were found');
	const readme = readFileSync(join(root, 'readme.md'), 'utf8');
	assert.match(readme, /\(docs\/notes\/tcp-notes\.ko\.md\)/);
	assert.ok(existsSync(join(root, 'docs', 'notes', 'claims.md')));
});
