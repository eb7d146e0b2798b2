// The full-screen app opened on a long session, for the TUI bench: 100 connections have come and
// gone, the server has read 1 000 times 4 KB, about 10 000 segments have crossed. Then, by the
// first argument:
//   idle       nothing moves (keystroke → frame)
//   animate    one more connection keeps data crossing a 200 ms link (CPU while segments move)
//   countdown  the last connection sits in TIME_WAIT on the server (one frame a second)
// First, as in the CLI: React's production build, and a frame drawn even under CI=true.
import '../source/cli/early-env.js';
import {pathToFileURL} from 'node:url';
import {runTui} from '../source/ui/run.js';
import {busyWorld} from './busy-world.js';

async function main(): Promise<void> {
	const mode = process.argv[2] ?? 'idle';
	const {world, segments, reads} = busyWorld(mode);
	if (process.argv.includes('--count')) {
		console.log(`${segments} segments, ${reads} reads, virtual ${(world.now() / 1000).toFixed(1)} s`);
		return;
	}
	const code = await runTui({world: {seed: 1}, lang: 'en', ascii: false, color: true, speed: 1, startWorld: world});
	process.exit(code);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
