// Test helpers: play a built-in lesson headlessly through the demo controller, keeping every event
// of the world it ends in, and small queries over the event stream.
import assert from 'node:assert/strict';
import {createWorld} from '../../source/sim/world.js';
import type {CallEvent, SimEvent, StateEvent} from '../../source/sim/events.js';
import type {WorldApi} from '../../source/sim/world-api.js';
import type {Lang} from '../../source/i18n/lang.js';
import {lessonsDir, loadLesson} from '../../source/demo/catalog.js';
import {createDemoController, type DemoController} from '../../source/demo/controller.js';

export {segments, seqPlus} from '../claims/scenarios.js';

export interface Played {
	controller: DemoController;
	/** Every event of the controller's current world, from its creation. */
	events: SimEvent[];
	/** Each step's caption as shown when the step had finished. */
	captions: string[];
}

/** A controller whose world factory records every event of each world it builds. */
export function recordingController(name: string, lang: Lang = 'en', seed?: number): {controller: DemoController; events: () => SimEvent[]} {
	const loaded = loadLesson(`${lessonsDir()}/${name}.tcptui`, `lessons/${name}.tcptui`);
	assert.ok(loaded.ok, loaded.ok ? '' : loaded.message);
	let events: SimEvent[] = [];
	const worldFactory = (options: Parameters<typeof createWorld>[0]): WorldApi => {
		const world = createWorld(options);
		const mine: SimEvent[] = [];
		events = mine;
		world.on((event) => mine.push(event));
		return world;
	};
	const controller = createDemoController(loaded.lesson, {lang, seed, worldFactory});
	return {controller, events: () => events};
}

/** Play every step to its end; each must finish with no failure message. */
export function playLesson(name: string, lang: Lang = 'en', seed?: number): Played {
	const {controller, events} = recordingController(name, lang, seed);
	const captions: string[] = [];
	for (let i = 0; i < controller.stepCount; i++) {
		controller.next();
		assert.equal(controller.stepIndex, i);
		assert.ok(controller.finishStep(), `${name}: step ${i + 1} did not finish`);
		assert.equal(controller.message, null, `${name}: step ${i + 1}: ${controller.message}`);
		const caption = controller.caption();
		// A placeholder without a value shows as a lone '?': every number a caption promises must exist by the step's end.
		assert.doesNotMatch(caption, /(^|[^\w])\?(?=[^\w]|$)/, `${name}: step ${i + 1}: a placeholder has no value: ${caption}`);
		assert.doesNotMatch(caption, /[{}]/, `${name}: step ${i + 1}: an unfilled placeholder: ${caption}`);
		captions.push(caption);
	}
	assert.ok(controller.finished());
	return {controller, events: events(), captions};
}

export function states(events: readonly SimEvent[], host: string): StateEvent[] {
	return events.filter((e): e is StateEvent => e.kind === 'state' && e.host === host);
}

/** The states a host's connection went through, in order (the first `from` included). */
export function statePath(events: readonly SimEvent[], host: string, conn?: string): string[] {
	const list = states(events, host).filter((e) => conn === undefined || e.conn === conn);
	return list.length === 0 ? [] : [list[0]!.from, ...list.map((e) => e.to)];
}

export function calls(events: readonly SimEvent[], host: string, call: string, status?: CallEvent['status']): CallEvent[] {
	return events.filter((e): e is CallEvent => e.kind === 'call' && e.host === host && e.call === call && (status === undefined || e.status === status));
}
