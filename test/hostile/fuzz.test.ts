// Issue 12, the fuzz test in CI: 300 mutated lessons (seeded; the seed is printed, FUZZ_SEED
// replays a run), run through `tcp-tui run` in one child process (bench/fuzz.ts) with V8's heap
// capped, so garbage cannot hide a case's own memory. Every case ends with exit 0, 1 or 2, throws
// nothing and prints no control byte; the child's peak RSS stays under PEAK_RSS_BOUND_MB. The
// full ten thousand cases: `npm run fuzz` (figures in docs/fuzz.md).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {PEAK_RSS_BOUND_MB} from '../../source/scenario/limits.js';
import {root} from '../cli/spawn.js';
import {FUZZ_HEAP_MB} from './fuzz-cases.js';

const CASES = 300;
const seed = process.env.FUZZ_SEED === undefined ? 20_261_130 : Number(process.env.FUZZ_SEED);
const fromDist = fileURLToPath(import.meta.url).includes(join('dist', 'test'));
const script = fromDist ? [join(root, 'dist', 'bench', 'fuzz.js')] : ['--import', 'tsx', join(root, 'bench', 'fuzz.ts')];

test(`fuzz: ${CASES} mutated lessons end with exit 0/1/2, no stack trace, no control byte, peak RSS under ${PEAK_RSS_BOUND_MB} MB`, {timeout: 900_000}, () => {
	console.log(`# fuzz seed ${seed} (replay: FUZZ_SEED=${seed}, or npm run fuzz -- ${CASES} ${seed})`);
	const child = spawnSync(process.execPath, [`--max-old-space-size=${FUZZ_HEAP_MB}`, ...script, String(CASES), String(seed)], {
		cwd: root, encoding: 'utf8', env: {PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'C.UTF-8'}, timeout: 850_000,
	});
	for (const line of child.stdout.split('\n').filter((l) => /^(cases|time|peak)/.test(l))) console.log(`# ${line}`);
	assert.equal(child.signal, null, `killed by ${child.signal}:\n${child.stderr.slice(-2000)}`);
	assert.equal(child.stderr, '', 'nothing on the driver\'s stderr (an out-of-memory abort would be here)');
	assert.match(child.stdout, new RegExp(`^cases ${CASES}, .*failures 0$`, 'm'), child.stdout.slice(-6000));
	const rss = Number(/^peak RSS (\d+) MB/m.exec(child.stdout)?.[1]);
	assert.ok(rss > 0 && rss < PEAK_RSS_BOUND_MB, `peak RSS ${rss} MB (bound ${PEAK_RSS_BOUND_MB} MB)`);
	assert.equal(child.status, 0);
});
