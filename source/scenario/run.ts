// Headless run of a scenario (`tcp-tui run`, tests, demos to their end): build the world from
// the scenario's settings, start the ActionRunner, and step the simulation until the runner is
// done. The runner's own waits are events in the queue, so a quiet network cannot stall it; a
// hard bound on virtual time and on steps makes sure no file can hang.
import type {WorldApi, WorldOptions} from '../sim/world-api.js';
import type {SimEvent} from '../sim/events.js';
import {createWorld, validateWorldOptions, type HostFactory} from '../sim/world.js';
import type {Scenario} from './ast.js';
import {ActionRunner, formatMs, type ExpectResult, type RunFailure} from './runner.js';
import type {Text} from '../i18n/lang.js';
import {scenarioText} from '../i18n/scenario.js';
import {LIMITS_FILE, MAX_KEPT_EVENTS} from './limits.js';

/** The seed when neither the file nor the command line gives one. */
export const DEFAULT_SEED = 1;
/** No scenario runs longer than this much virtual time (one day)… */
export const MAX_VIRTUAL_TIME = 24 * 3_600_000;
/** …or more simulation steps than this. */
export const MAX_STEPS = 20_000_000;

export interface RunOptions {
	/** Overrides the file's `seed`. */
	seed?: number;
	/** Every event, as it happens. */
	onEvent?: (event: SimEvent) => void;
	/** Keep every event in the result (default true; `--json` streams instead). */
	keepEvents?: boolean;
	/** Attach things to the world before the first action (e.g. the pcap writer). */
	beforeStart?: (world: WorldApi) => void;
	maxVirtualTime?: number;
	maxSteps?: number;
	/** Most events kept for the transcript (default MAX_KEPT_EVENTS). */
	maxKeptEvents?: number;
	/** Tests may build the hosts themselves; default the real stack. */
	hostFactory?: HostFactory;
}

export interface RunResult {
	world: WorldApi;
	runner: ActionRunner;
	events: SimEvent[];
	/** Failed expects, and the fatal failure that stopped the run if any. */
	failures: RunFailure[];
	expectResults: ExpectResult[];
	/** Virtual time when the run ended. */
	endedAt: number;
	seed: number;
	/** A limit of limits.ts stopped the run (the last failure says which): a bad file, exit 2. */
	overLimit?: boolean;
}

/** The events a run keeps for its transcript: at most a limit, then none (the run stops). */
export class KeptEvents {
	readonly list: SimEvent[] = [];
	overflowed = false;

	constructor(private readonly keep: boolean, private readonly limit = MAX_KEPT_EVENTS) {}

	add(event: SimEvent): void {
		if (!this.keep || this.overflowed) return;
		if (this.list.length < this.limit) {
			this.list.push(event);
			return;
		}
		this.overflowed = true;
		// The transcript will not be printed: let the memory go now.
		this.list.length = 0;
	}

	/** Why the run stopped when it overflowed. */
	limitText(): Text {
		return scenarioText('tooManyEvents', {limit: this.limit, name: 'MAX_KEPT_EVENTS', where: LIMITS_FILE});
	}
}

/** The world a scenario starts with. */
export function worldOptionsFor(scenario: Scenario, seed?: number): WorldOptions {
	const {settings} = scenario;
	return {
		seed: seed ?? settings.seed ?? DEFAULT_SEED,
		...(settings.profile === null ? {} : {profile: settings.profile}),
		stack: {...settings.stack},
		clientStack: {...settings.clientStack},
		serverStack: {...settings.serverStack},
		link: {c2s: {...settings.link.c2s}, s2c: {...settings.link.s2c}},
	};
}

export type RunScenarioResult = {ok: true; result: RunResult} | {ok: false; message: string};

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunScenarioResult {
	const worldOptions = worldOptionsFor(scenario, options.seed);
	const invalid = validateWorldOptions(worldOptions);
	if (invalid !== null) return {ok: false, message: `${scenario.fileName}: ${invalid}`};
	const world = createWorld(worldOptions, options.hostFactory);
	const kept = new KeptEvents(options.keepEvents ?? true, options.maxKeptEvents);
	world.on((event) => {
		kept.add(event);
		options.onEvent?.(event);
	});
	options.beforeStart?.(world);

	const runner = new ActionRunner(world, scenario.actions);
	const maxTime = options.maxVirtualTime ?? MAX_VIRTUAL_TIME;
	const maxSteps = options.maxSteps ?? MAX_STEPS;
	runner.start(0);
	let steps = 0;
	let stopped: Text | null = null;
	while (!runner.done) {
		const next = world.nextEventTime();
		if (next === null) {
			// Cannot happen while the runner waits (its wait is queued); say so rather than spin.
			stopped = scenarioText('outOfEvents');
			break;
		}
		if (next > maxTime) {
			stopped = scenarioText('tooLong', {limit: formatMs(maxTime)});
			break;
		}
		if (++steps > maxSteps) {
			stopped = scenarioText('tooManySteps', {limit: maxSteps});
			break;
		}
		world.step();
		if (kept.overflowed) {
			stopped = kept.limitText();
			break;
		}
	}
	const failures = [...runner.failures];
	if (stopped !== null) {
		const action = scenario.actions[Math.max(0, runner.position - 1)];
		failures.push({pos: action?.pos ?? {line: 1, col: 1}, source: action?.source ?? '', message: stopped.en, text: stopped, fatal: true});
	}
	runner.dispose();
	return {
		ok: true,
		result: {
			world, runner, events: kept.list, failures, expectResults: [...runner.expectResults], endedAt: world.now(), seed: worldOptions.seed,
			...(kept.overflowed ? {overLimit: true} : {}),
		},
	};
}
