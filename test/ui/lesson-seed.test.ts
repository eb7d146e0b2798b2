// A lesson keeps its own seed unless the user gave --seed (port-reuse and checksum depend on theirs).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {lessonsDir, loadLesson} from '../../source/demo/catalog.js';
import {createDemoController} from '../../source/demo/controller.js';
import {createWorld} from '../../source/sim/world.js';
import type {WorldOptions} from '../../source/sim/world-api.js';
import {lessonSeed} from '../../source/ui/run.js';

function controllerFor(path: string, options: {world: WorldOptions; seedGiven?: boolean}) {
	const loaded = loadLesson(path);
	assert.ok(loaded.ok, loaded.ok ? '' : loaded.message);
	return createDemoController(loaded.lesson, {lang: 'en', ...lessonSeed(options), worldFactory: createWorld});
}

test('without --seed a lesson runs with the seed written in it, whatever seed the CLI filled in', () => {
	for (const [name, own] of [['port-reuse', 794], ['checksum', 4], ['handshake', 7]] as const) {
		for (const seedGiven of [false, undefined]) {
			const controller = controllerFor(join(lessonsDir(), `${name}.tcptui`), {world: {seed: 123_456}, ...(seedGiven === undefined ? {} : {seedGiven})});
			assert.equal(controller.world.seed, own, name);
			controller.back();
			assert.equal(controller.world.seed, own, `${name} after back()`);
			controller.dispose();
		}
	}
});

test('--seed overrides the lesson\'s seed', () => {
	const controller = controllerFor(join(lessonsDir(), 'port-reuse.tcptui'), {world: {seed: 123_456}, seedGiven: true});
	assert.equal(controller.world.seed, 123_456);
	controller.dispose();
});

test('a lesson that names no seed runs with the one the CLI chose', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcptui-seed-'));
	try {
		const path = join(dir, 'noseed.tcptui');
		writeFileSync(path, 'title "No seed"\nstep "one"\nclient: socket\ncaption en "one"\n');
		const controller = controllerFor(path, {world: {seed: 4242}});
		assert.equal(controller.world.seed, 4242);
		controller.dispose();
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});
