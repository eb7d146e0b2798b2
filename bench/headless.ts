// Headless `run` of a bulk transfer: writes the scenario (BENCH_MB megabytes at 1 % loss, 5 ms
// links, 4 MB buffers, read 4 MB at a time) to a file and prints its path, then the CPU time the
// simulation alone takes for it (no transcript, no JSON: the floor `run` builds on). Time
// `tcp-tui run FILE` and `tcp-tui run FILE --json` against each other as whole processes.
import {writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {parseScenario} from '../source/scenario/parser.js';
import {runScenario} from '../source/scenario/run.js';

export function bulkScenario(mb: number): string {
	const lines = [
		`title "bulk transfer, ${mb} MB"`, 'link c2s loss=1%', 'link both delay=5ms',
		'server: socket', 'server: bind 80', 'server: listen 8', 'server: accept',
		'client: socket', 'client: set sndbuf 4000000', 'client: connect 10.0.0.2:80',
		'wait until server call accept returned timeout 5s', 'server: set rcvbuf 4000000',
	];
	for (let i = 0; i < mb; i++) {
		lines.push('client: write 1000000', 'wait until client call write returned timeout 60s', 'wait 20ms', 'server: read 4000000', 'wait until server call read returned timeout 60s');
	}
	lines.push('client: close');
	for (let i = 0; i < 40; i++) lines.push('wait 100ms', 'server: read 4000000', 'wait until server call read returned timeout 60s');
	lines.push('expect server call read returned 0');
	return `${lines.join('\n')}\n`;
}

const mb = Number(process.env.BENCH_MB ?? 100);
const file = path.join(tmpdir(), `tcp-tui-bulk-${mb}.tcptui`);
const text = bulkScenario(mb);
writeFileSync(file, text);
console.log(`scenario: ${file}`);
const parsed = parseScenario(text, file);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const cpu: number[] = [];
for (let i = 0; i < 3; i++) {
	const start = process.cpuUsage();
	const run = runScenario(parsed.scenario, {keepEvents: false});
	const used = process.cpuUsage(start);
	if (!run.ok || run.result.failures.length > 0) throw new Error('the bulk transfer did not complete');
	cpu.push((used.user + used.system) / 1e6);
}
cpu.sort((a, b) => a - b);
console.log(`simulation alone (no output), ${mb} MB at 1 % loss: ${cpu[1]!.toFixed(2)} CPU-s (median of 3: ${cpu.map((c) => c.toFixed(2)).join(', ')})`);
