import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {LESSON_ORDER, listDemos, loadLesson, resolveLesson, lessonsDir} from '../../source/demo/catalog.js';

test('every built-in lesson is listed, in teaching order, with both languages and its claims', () => {
	const demos = listDemos();
	assert.deepEqual(demos.map((d) => d.name), LESSON_ORDER.filter((name) => demos.some((d) => d.name === name)));
	assert.ok(demos.length >= 13, `only ${demos.length} lessons listed`);
	for (const demo of demos) {
		assert.ok(demo.title.en && demo.title.ko && demo.title.en !== demo.title.ko, `${demo.name}: title in both languages`);
		assert.ok(demo.summary.en && demo.summary.ko && demo.summary.en !== demo.summary.ko, `${demo.name}: summary in both languages`);
		assert.match(demo.summary.ko, /[가-힣]/, `${demo.name}: the Korean summary is Korean`);
	}
	// Every claim of the notes has a lesson.
	const covered = new Set(demos.flatMap((d) => d.claims));
	for (let i = 1; i <= 22; i++) assert.ok(covered.has(`S${i}`), `no lesson covers S${i}`);
});

test('every built-in lesson parses, has steps, and every step has a caption in both languages', () => {
	for (const demo of listDemos()) {
		const loaded = loadLesson(demo.path);
		assert.ok(loaded.ok, loaded.ok ? '' : loaded.message);
		assert.ok(loaded.lesson.settings.seed !== null, `${demo.name}: a lesson fixes its seed`);
		for (const step of loaded.lesson.steps) {
			assert.ok(step.captions.en, `${demo.name}:${step.pos.line}: English caption`);
			assert.match(step.captions.ko ?? '', /[가-힣]/, `${demo.name}:${step.pos.line}: Korean caption`);
		}
	}
});

test('resolveLesson finds names and paths, and explains an unknown name', () => {
	const byName = resolveLesson('handshake');
	assert.ok(byName.ok && byName.builtin && byName.path === join(lessonsDir(), 'handshake.tcptui'));
	const withExtension = resolveLesson('refused.tcptui');
	assert.ok(withExtension.ok && withExtension.builtin);
	const dir = mkdtempSync(join(tmpdir(), 'tcptui-lesson-'));
	const own = join(dir, 'mine.tcptui');
	writeFileSync(own, 'seed 1\nstep "one"\ncaption en "hi"\nclient: socket\n');
	const byPath = resolveLesson(own);
	assert.ok(byPath.ok && !byPath.builtin && byPath.path === own);
	const typo = resolveLesson('handshak');
	assert.ok(!typo.ok);
	assert.match(typo.message, /unknown demo 'handshak' \(did you mean 'handshake'\?\)/);
	const folder = resolveLesson(dir);
	assert.ok(!folder.ok && /not a file/.test(folder.message));
});

test('loadLesson reports a broken file as FILE:LINE:COL and a file without steps clearly', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tcptui-lesson-'));
	const broken = join(dir, 'broken.tcptui');
	writeFileSync(broken, 'seed 1\nstep "one"\ncaption en "ISN {client.isss}"\n');
	const result = loadLesson(broken, 'broken.tcptui');
	assert.ok(!result.ok);
	assert.match(result.message, /^broken\.tcptui:3:\d+: /);
	const plain = join(dir, 'plain.tcptui');
	writeFileSync(plain, 'seed 1\nclient: socket\n');
	const noSteps = loadLesson(plain, 'plain.tcptui');
	assert.ok(!noSteps.ok && /needs at least one step/.test(noSteps.message));
	const missing = loadLesson(join(dir, 'nope.tcptui'), 'nope.tcptui');
	assert.ok(!missing.ok && /cannot read the lesson file \(no such file\)/.test(missing.message));
});
