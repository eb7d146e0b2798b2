// `npm run bench`: prints figures; asserts nothing (tests check behaviour, this measures).
import {nodeNetTransfer, simTransfer, type ThroughputResult} from './stack.js';

const MB = 1_000_000;

function row(r: ThroughputResult): string {
	const extra = [
		r.virtualSeconds === undefined ? '' : `virtual ${r.virtualSeconds.toFixed(1)} s`,
		r.segments === undefined ? '' : `${r.segments} segments sent`,
		r.retransmissions === undefined ? '' : `${r.retransmissions} retransmissions`,
	].filter(Boolean).join(', ');
	return `  ${r.label.padEnd(28)} ${(r.bytes / MB).toFixed(0).padStart(4)} MB in ${r.cpuSeconds.toFixed(2).padStart(6)} CPU-s = ${r.mbPerCpuSecond.toFixed(1).padStart(7)} MB/CPU-s  heap ${r.heapMb.toFixed(0)} MB${extra ? `  (${extra})` : ''}`;
}

async function main(): Promise<void> {
	if (process.argv.includes('--long-session')) {
		const {benchLongSession} = await import('./tui.js');
		return benchLongSession();
	}
	if (process.argv.includes('--first-frame')) {
		const {benchFirstFrame} = await import('./tui.js');
		return benchFirstFrame();
	}
	if (process.argv.includes('--tui-only')) {
		const {benchTui} = await import('./tui.js');
		return benchTui();
	}
	if (process.argv.includes('--stack-ratio')) {
		const {benchStackRatio} = await import('./stack-ratio.js');
		return benchStackRatio();
	}
	if (process.argv.includes('--goodput-only')) {
		const {benchGoodput} = await import('./goodput.js');
		return benchGoodput();
	}
	const total = Number(process.env.BENCH_MB ?? 100) * MB;
	console.log(`stack throughput, ${total / MB} MB one way, checksums on every segment:`);
	// MSS 1460 is an Ethernet path; MSS 65483 is what Linux uses on loopback, where Node's `net` runs.
	const lossless = simTransfer(total, 0, 1460);
	console.log(row(lossless));
	console.log(row(simTransfer(total, 1, 1460)));
	const loopbackMss = simTransfer(total, 0, 65483);
	console.log(row(loopbackMss));
	console.log(row(simTransfer(total, 1, 65483)));
	const kernel = await nodeNetTransfer(total);
	console.log(row(kernel));
	for (const r of [lossless, loopbackMss]) {
		console.log(`  ${r.label}: ratio to node net ${(r.mbPerCpuSecond / kernel.mbPerCpuSecond).toFixed(3)}; target >= 300 MB/CPU-s lossless: ${r.mbPerCpuSecond >= 300 ? 'met' : 'not met'}`);
	}
	const {benchGoodput} = await import('./goodput.js');
	benchGoodput();
	const {benchSession} = await import('./session.js');
	benchSession();
	if (process.argv.includes('--stack-only')) return;
	const {benchTui} = await import('./tui.js');
	await benchTui();
	const {benchServe} = await import('./serve.js');
	await benchServe();
}

main().catch((error: unknown) => {
	console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
});
