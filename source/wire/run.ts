// `tcp-tui run FILE --wire …`: the headless run of a scenario with one endpoint on a real wire.
// The same ActionRunner as the simulated run; only the clock differs. The simulated run steps
// the queue as fast as it can; here the real-time driver runs it as the wall clock goes, so
// this just waits (bounded) for the runner to finish. Actions of the remote side fail with
// EOPNOTSUPP (that side is driven where it lives); `link` settings impair the packets on our side
// of the tunnel (see WireWorld.setLink).
import {randomInt} from 'node:crypto';
import type {Scenario} from '../scenario/ast.js';
import {ActionRunner, formatMs} from '../scenario/runner.js';
import {KeptEvents, worldOptionsFor, type RunOptions, type RunScenarioResult} from '../scenario/run.js';
import type {SimEvent} from '../sim/events.js';
import type {WireSpec} from './spec.js';
import {createWireWorld, type WireSide} from './world.js';

/** No wire run lasts longer than this much real time unless told otherwise. */
export const MAX_WIRE_RUN_MS = 10 * 60_000;

export interface WireRunOptions extends Pick<RunOptions, 'seed' | 'onEvent' | 'keepEvents' | 'beforeStart'> {
	wire: WireSpec & {side: WireSide};
	/** Bound on the whole run, in real milliseconds. */
	maxRealTimeMs?: number;
	/** Stop here, unfinished but not failed (its output has nowhere to go: the reader left). */
	stop?: () => boolean;
}

export async function runScenarioOnWire(scenario: Scenario, options: WireRunOptions): Promise<RunScenarioResult> {
	// The far end is not reproducible anyway, and the same ISNs and ports run after run would meet
	// the kernel's TIME_WAIT of the previous run: without a seed from the file or the command
	// line, a wire run takes a random one (it is reported, so a run can still be repeated).
	const seed = options.seed ?? scenario.settings.seed ?? randomInt(1, 2 ** 31);
	const worldOptions = worldOptionsFor(scenario, seed);
	const side = options.wire.side;
	const created = await createWireWorld({
		...options.wire,
		seed: worldOptions.seed,
		...(worldOptions.profile === undefined ? {} : {profile: worldOptions.profile}),
		stack: {...worldOptions.stack, ...(side === 'client' ? worldOptions.clientStack : worldOptions.serverStack)},
		...(worldOptions.link ? {link: worldOptions.link} : {}),
	});
	if (!created.ok) return created;
	const world = created.world;
	const kept = new KeptEvents(options.keepEvents ?? true);
	const record = (event: SimEvent): void => {
		kept.add(event);
		options.onEvent?.(event);
	};
	// What the world said while being made (the link settings' note) comes first.
	for (const event of world.history()) record(event);
	world.on(record);
	options.beforeStart?.(world);

	const runner = new ActionRunner(world, scenario.actions);
	runner.start(0);
	const limit = options.maxRealTimeMs ?? MAX_WIRE_RUN_MS;
	const stop = options.stop ?? ((): boolean => false);
	const finished = await world.waitFor(() => runner.done || kept.overflowed || stop(), limit);
	const failures = [...runner.failures];
	if ((!finished && !stop()) || kept.overflowed) {
		const action = scenario.actions[Math.max(0, runner.position - 1)];
		const text = kept.overflowed ? kept.limitText() : null;
		failures.push({pos: action?.pos ?? {line: 1, col: 1}, source: action?.source ?? '',
			message: text?.en ?? `the scenario did not finish within ${formatMs(limit)} of real time`, ...(text ? {text} : {}), fatal: true});
	}
	runner.dispose();
	const endedAt = world.now();
	await world.close();
	return {ok: true, result: {world, runner, events: kept.list, failures, expectResults: [...runner.expectResults], endedAt, seed: worldOptions.seed, ...(kept.overflowed ? {overLimit: true} : {})}};
}
