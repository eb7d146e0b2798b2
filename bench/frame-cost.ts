// CPU per frame of the long-session app, in one process: the app of bench/busy-app.ts rendered by
// Ink into a terminal of fixed size that only counts bytes, its clock driven by hand (50 ms of
// virtual time a frame, as at 20 frames/s), so the load on the machine changes little of what is
// drawn. What the pseudo-terminal bench cannot show apart: the app's own CPU per frame,
// without the scheduler's waits. Bundle it like the app (`node scripts/bundle.mjs
// bench/frame-cost.ts dist/frame-cost frame-cost`: its own folder, as a bundle clears its chunks) to measure
// Ink as users run it.
//   node dist/frame-cost/frame-cost.js [animate|keys] [columns] [rows] [frames]
// animate: data crossing, one frame per 50 ms; keys: paused, a Tab per frame (both panes redrawn).
import '../source/cli/early-env.js';
import {spawnSync} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {pathToFileURL} from 'node:url';
import {render} from 'ink';
import {busyWorld} from './busy-world.js';
import {HandTime} from '../source/ui/hand-time.js';
import {APP_INK_OPTIONS, createApp} from '../source/ui/run.js';
import {Session} from '../source/session/session.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface FrameCost {
	cpuMsPerFrame: number;
	bytesPerFrame: number;
}

export async function frameCost(mode: 'animate' | 'keys', columns: number, rows: number, frames: number, warmUp = 100): Promise<FrameCost> {
	const time = new HandTime();
	const {world, keepCrossing} = busyWorld(mode === 'animate' ? 'animate-by-hand' : 'idle');
	const session = new Session({speed: 1, createWorld: () => world, time});
	const app = createApp({
		options: {lang: 'en', ascii: false, color: true, speed: 1, world: {seed: 1}} as Parameters<typeof createApp>[0]['options'],
		watch: {session, demo: null, readOnly: false},
		worldFactory: () => world,
		onQuit: () => undefined,
	});
	let bytes = 0;
	const stdout = Object.assign(new EventEmitter(), {
		columns, rows, isTTY: true,
		write: (text: string): boolean => {
			bytes += text.length;
			return true;
		},
	});
	const typed: string[] = [];
	const stdin = Object.assign(new EventEmitter(), {
		isTTY: true, setRawMode: () => undefined, setEncoding: () => undefined, read: () => typed.shift() ?? null,
		ref: () => undefined, unref: () => undefined, resume: () => undefined, pause: () => undefined,
	});
	const instance = render(app.element, {stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, ...APP_INK_OPTIONS});
	if (mode === 'keys') app.model.clock.pause();
	let cpu = process.cpuUsage();
	let bytesBefore = 0;
	for (let i = 0; i < warmUp + frames; i++) {
		if (i === warmUp) {
			cpu = process.cpuUsage();
			bytesBefore = bytes;
		}
		if (mode === 'animate') {
			keepCrossing?.();
			time.advance(50);
		} else {
			typed.push('\t');
			stdin.emit('readable');
		}
		// Let what the frame scheduled run (Ink draws each commit at once: APP_INK_OPTIONS).
		await sleep(10);
	}
	const used = process.cpuUsage(cpu);
	instance.unmount();
	app.dispose();
	return {cpuMsPerFrame: (used.user + used.system) / 1000 / frames, bytesPerFrame: (bytes - bytesBefore) / frames};
}

async function main(): Promise<void> {
	// Colours as in a terminal (chalk decides when it is loaded): without them a Tab, which changes
	// only the panes' border colours, would draw nothing.
	if (process.env.FORCE_COLOR === undefined) {
		const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {stdio: 'inherit', env: {...process.env, FORCE_COLOR: '1'}});
		process.exit(child.status ?? 1);
	}
	const mode = process.argv[2] === 'keys' ? 'keys' : 'animate';
	const columns = Number(process.argv[3] ?? 80);
	const rows = Number(process.argv[4] ?? 24);
	const frames = Number(process.argv[5] ?? 400);
	const cost = await frameCost(mode, columns, rows, frames);
	process.stdout.write('\n');
	console.log(`${mode} ${columns}×${rows}: ${cost.cpuMsPerFrame.toFixed(2)} ms CPU a frame, ${cost.bytesPerFrame.toFixed(0)} bytes a frame (${frames} frames)`);
	process.exit(0);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
