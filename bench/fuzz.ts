// `npm run fuzz [CASES] [SEED]`: the full fuzz run (default 10 000 mutated lessons), not part of
// npm test. Prints its figures (docs/fuzz.md) and every failing case with the file that made it;
// exits 1 if any case failed.
import {PEAK_RSS_BOUND_MB} from '../source/scenario/limits.js';
import {runFuzz} from '../test/hostile/fuzz-cases.js';

async function main(): Promise<void> {
	const count = Number(process.argv[2] ?? 10_000);
	const seed = Number(process.argv[3] ?? process.env.FUZZ_SEED ?? 20_261_130);
	console.log(`fuzz: ${count} mutated lessons, seed ${seed} (replay: npm run fuzz -- ${count} ${seed})`);
	const started = performance.now();
	const slow: Array<{index: number; ms: number}> = [];
	const summary = await runFuzz(count, seed, (result) => {
		if (result.problem) console.log(`case ${result.index}: ${result.problem}`);
		slow.push({index: result.index, ms: result.ms});
		if ((result.index + 1) % 1000 === 0) console.log(`  ${result.index + 1} cases…`);
	});
	slow.sort((a, b) => b.ms - a.ms);
	const seconds = (performance.now() - started) / 1000;
	const median = [...slow].sort((a, b) => a.ms - b.ms)[Math.floor(slow.length / 2)]?.ms ?? 0;
	console.log(`cases ${summary.cases}, exits ${JSON.stringify(summary.exits)}, failures ${summary.failures.length}`);
	console.log(`time ${seconds.toFixed(0)} s; per case median ${median.toFixed(0)} ms, slowest ${slow.slice(0, 3).map((s) => `#${s.index} ${s.ms.toFixed(0)} ms`).join(', ')}`);
	console.log(`peak RSS ${summary.peakRssMb.toFixed(0)} MB (bound ${PEAK_RSS_BOUND_MB} MB)`);
	for (const failure of summary.failures.slice(0, 5)) console.log(`\n--- case ${failure.index} ---\n${failure.text.slice(0, 4000)}`);
	process.exitCode = summary.failures.length > 0 || summary.peakRssMb >= PEAK_RSS_BOUND_MB ? 1 : 0;
}

void main();
