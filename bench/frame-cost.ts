// CPU per frame of the long-session app, in one process: the app of bench/busy-app.ts rendered by
// Ink into a terminal of fixed size that only counts bytes, its clock driven by hand (50 ms of
// virtual time a frame, as at 20 frames/s), so the load on the machine changes little of what is
// drawn. What the pseudo-terminal bench cannot show apart: the app's own CPU per frame,
// without the scheduler's waits. Bundle it like the app (`node scripts/bundle.mjs
// bench/frame-cost.ts dist/frame-cost frame-cost`: its own folder, as a bundle clears its chunks) to measure
// Ink as users run it.
//   node dist/frame-cost/frame-cost.js [animate|keys|countdown] [columns] [rows] [frames]
// animate: data crossing, one frame per 50 ms; keys: paused, a Tab per frame (both panes redrawn);
// countdown: the last connection in TIME_WAIT, time moved on to each of the clock's wake-ups while
// the countdowns show whole seconds (a frame for each step of either countdown, or an event).
// Besides CPU, the bytes allocated a frame (V8's young generation grown between frames with no
// collection in between: a frame that allocates less meets fewer scavenges).
import '../source/cli/early-env.js';
import {spawnSync} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {getHeapSpaceStatistics} from 'node:v8';
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
	/** Median of the young generation's growth over a frame with no collection in it. */
	allocatedPerFrame: number;
	frames: number;
}

type Mode = 'animate' | 'keys' | 'countdown';

const youngUsed = (): number => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? 0;

/** Real ms until the clock's next wake-up (null: none armed). */
function untilNextTimer(time: HandTime): number | null {
	let at: number | null = null;
	for (const timer of time.timers.values()) if (at === null || timer.at < at) at = timer.at;
	return at === null ? null : Math.max(0, at - time.now());
}

export async function frameCost(mode: Mode, columns: number, rows: number, frames: number, warmUp = 100): Promise<FrameCost> {
	const time = new HandTime();
	const {world, keepCrossing} = busyWorld(mode === 'animate' ? 'animate-by-hand' : mode === 'countdown' ? 'countdown' : 'idle');
	const session = new Session({speed: 1, createWorld: () => world, time});
	const app = createApp({
		options: {lang: 'en', ascii: false, color: true, speed: 1, world: {seed: 1}} as Parameters<typeof createApp>[0]['options'],
		watch: {session, demo: null, readOnly: false},
		worldFactory: () => world,
		onQuit: () => undefined,
	});
	let bytes = 0;
	let writes = 0;
	const stdout = Object.assign(new EventEmitter(), {
		columns, rows, isTTY: true,
		write: (text: string): boolean => {
			bytes += text.length;
			writes++;
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
	const countdownLeft = (): number => Math.min(...session.countdownEnds().map((end) => end - world.now()));
	if (mode === 'countdown') return countdownCost(time, frames, warmUp, countdownLeft, () => writes, () => bytes, () => {
		instance.unmount();
		app.dispose();
	});
	let cpu = process.cpuUsage();
	let bytesBefore = 0;
	const grown: number[] = [];
	for (let i = 0; i < warmUp + frames; i++) {
		if (i === warmUp) {
			cpu = process.cpuUsage();
			bytesBefore = bytes;
		}
		const young = youngUsed();
		if (mode === 'animate') {
			keepCrossing?.();
			time.advance(50);
		} else {
			typed.push('\t');
			stdin.emit('readable');
		}
		// Let what the frame scheduled run (Ink draws each commit at once: APP_INK_OPTIONS).
		await sleep(10);
		const after = youngUsed();
		if (i >= warmUp && after >= young) grown.push(after - young);
	}
	const used = process.cpuUsage(cpu);
	instance.unmount();
	app.dispose();
	return {cpuMsPerFrame: (used.user + used.system) / 1000 / frames, bytesPerFrame: (bytes - bytesBefore) / frames, allocatedPerFrame: median(grown), frames};
}

const median = (values: number[]): number => (values.length === 0 ? 0 : [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);

/** Wake-ups before the countdown's frames are measured (about 10 s of its virtual time). */
const COUNTDOWN_WARM_UP = 20;

/** Too few steps are left before the countdowns show tenths. */
const COUNTDOWN_WHOLE_SECONDS = 10_000;

/**
 * The countdown screen: time jumps to each of the clock's wake-ups (as a real clock would wake),
 * `warmUp` of them first, then up to `frames` frames (writes) are measured while the countdowns
 * still show whole seconds (about 2 frames a virtual second, so a run measures ~70 frames at most).
 */
async function countdownCost(time: HandTime, frames: number, warmUp: number, countdownLeft: () => number, writes: () => number, bytes: () => number, close: () => void): Promise<FrameCost> {	const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
	const grown: number[] = [];
	for (let i = 0; i < warmUp; i++) {
		const wait = untilNextTimer(time);
		if (wait === null) break;
		time.advance(wait);
		await settle();
	}
	const cpu = process.cpuUsage();
	const writesBefore = writes();
	const bytesBefore = bytes();
	while (writes() - writesBefore < frames) {
		const wait = untilNextTimer(time);
		if (wait === null || countdownLeft() <= COUNTDOWN_WHOLE_SECONDS) break;
		const young = youngUsed();
		const before = writes();
		time.advance(wait);
		await settle();
		const after = youngUsed();
		if (writes() > before && after >= young) grown.push(after - young);
	}
	const used = process.cpuUsage(cpu);
	const drawn = writes() - writesBefore;
	close();
	return {cpuMsPerFrame: (used.user + used.system) / 1000 / Math.max(1, drawn), bytesPerFrame: (bytes() - bytesBefore) / Math.max(1, drawn), allocatedPerFrame: median(grown), frames: drawn};
}

async function main(): Promise<void> {
	// Colours as in a terminal (chalk decides when it is loaded): without them a Tab, which changes
	// only the panes' border colours, would draw nothing.
	if (process.env.FORCE_COLOR === undefined) {
		const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {stdio: 'inherit', env: {...process.env, FORCE_COLOR: '1'}});
		process.exit(child.status ?? 1);
	}
	const mode: Mode = process.argv[2] === 'keys' ? 'keys' : process.argv[2] === 'countdown' ? 'countdown' : 'animate';
	const columns = Number(process.argv[3] ?? 80);
	const rows = Number(process.argv[4] ?? 24);
	const frames = Number(process.argv[5] ?? 400);
	const cost = await frameCost(mode, columns, rows, frames, mode === 'countdown' ? COUNTDOWN_WARM_UP : undefined);
	process.stdout.write('\n');
	console.log(`${mode} ${columns}×${rows}: ${cost.cpuMsPerFrame.toFixed(2)} ms CPU a frame, ${cost.bytesPerFrame.toFixed(0)} bytes a frame, ${(cost.allocatedPerFrame / 1024).toFixed(1)} KB allocated a frame (${cost.frames} frames)`);
	process.exit(0);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
