// Every built-in lesson stepped with → in a real terminal (tmux, 80×24), in English and in Korean,
// at two paces: → every 0.2 s at speed 1 (presses land while steps still run and fast-forward them),
// and a 10 s virtual gap between presses (--speed 50: 0.2 s of real time is 10 s of virtual time;
// a held step must not let any of it pass). No failure line may ever show, and at every step end
// each number the caption names from the run ({client.iss+1}, {server.rcvWnd}, …) is on the screen
// outside the caption bar: in the ladder or a pane, where the caption tells the student to look.
// To stay within CI's patience, sessions run six at a time, and the fast pace (whose timing does not
// depend on the language) runs in English only; the slow pace, which checks every step's numbers, runs
// in both languages.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {setTimeout as sleep} from 'node:timers/promises';
import {createWorld} from '../../source/sim/world.js';
import type {Lang} from '../../source/i18n/lang.js';
import {lessonsDir, listDemos, loadLesson} from '../../source/demo/catalog.js';
import {createDemoController} from '../../source/demo/controller.js';
import {formatCountdown} from '../../source/ui/text.js';
import {Session, skip, stopTmux, tmux} from './tmux.js';

test.after(stopTmux);

const PARALLEL = 6;
/** A failure line of the lesson (FILE:LINE:COL: …), however it is wrapped. */
const FAILURE = /\.tcptui:\d+:\d+:/;
/** Placeholders whose values are facts the caption states, not numbers to find elsewhere on screen. */
const STATED = new Set(['msl']);

interface Step {
	/** The numbers the caption names, as the screen writes them (alternatives). */
	numbers: Array<{placeholder: string; shown: string[]}>;
}

/** For each step, the values of its caption's placeholders at the step's end (relative numbers, as on screen). */
function expectedNumbers(name: string, lang: Lang): Step[] {
	const loaded = loadLesson(`${lessonsDir()}/${name}.tcptui`, name);
	assert.ok(loaded.ok);
	const lesson = loaded.lesson;
	const placeholders = lesson.steps.map((step) => [...(step.captions[lang] ?? step.captions.en ?? '').matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!.trim()));
	// The same lesson with each caption reduced to its placeholders, one per line.
	const probe = {...lesson, steps: lesson.steps.map((step, i) => ({...step, captions: {[lang]: placeholders[i]!.map((p) => `{${p}}`).join('\n')}}))};
	const controller = createDemoController(probe, {lang, worldFactory: createWorld});
	const steps: Step[] = [];
	for (let i = 0; i < lesson.steps.length; i++) {
		controller.next();
		assert.ok(controller.finishStep());
		const values = placeholders[i]!.length === 0 ? [] : controller.caption().split('\n');
		steps.push({
			numbers: placeholders[i]!.flatMap((placeholder, j) => {
				const value = values[j]!;
				if (STATED.has(placeholder) || !/^\d+$/.test(value)) return [];
				// The panes write the RTO as a countdown (0.2s), the caption in ms.
				const shown = placeholder.endsWith('.rto') ? [value, formatCountdown(Number(value))] : [value];
				return [{placeholder, shown}];
			}),
		});
	}
	controller.dispose();
	return steps;
}

/** The screen above the caption bar (whose rule line names the step). */
function aboveCaption(screen: string, stepLabel: RegExp): string {
	const lines = screen.split('\n');
	const rule = lines.findIndex((line) => stepLabel.test(line));
	return (rule < 0 ? lines : lines.slice(0, rule)).join('\n');
}

function shows(screen: string, number: string): boolean {
	const escaped = number.replace(/\./g, '\\.');
	return new RegExp(`(^|[^0-9.])${escaped}([^0-9]|$)`, 'm').test(screen);
}

async function press(session: Session, key: string): Promise<void> {
	tmux('send-keys', '-t', session.name, key);
	await sleep(80);
}

interface Pace {
	name: string;
	langs: readonly Lang[];
	speed: number;
	/** Real ms between presses. */
	gapMs: number;
	/** Check each step's end before the next press (the slow pace); the fast one presses regardless. */
	checkEachStep: boolean;
}

const PACES: Pace[] = [
	{name: '→ every 0.2 s', langs: ['en'], speed: 1, gapMs: 200, checkEachStep: false},
	{name: '10 s of virtual time between presses', langs: ['en', 'ko'], speed: 50, gapMs: 200, checkEachStep: true},
];

function label(lang: Lang, n: number, count: number): RegExp {
	return new RegExp(`${lang === 'en' ? 'step' : '단계'} ${n}/${count} ─`);
}

async function stepThrough(name: string, lang: Lang, pace: Pace): Promise<void> {
	const expected = expectedNumbers(name, lang);
	const count = expected.length;
	const session = new Session(`demo ${name} --lang ${lang} --speed ${pace.speed}`);
	const context = `${name} (${lang}, ${pace.name})`;
	const noFailure = (screen: string, step: number): void => {
		assert.doesNotMatch(screen, FAILURE, `${context}: step ${step}: a failure line:\n${screen}`);
	};
	/** Wait for step n to have finished on screen (its label shown, no "running…"), then check its numbers. */
	const checkEnd = async (n: number): Promise<void> => {
		const finished = (screen: string): boolean => label(lang, n, count).test(screen) && !/running…|진행 중…/.test(screen);
		const screen = await session.waitFor(`${context}: the end of step ${n}`, finished, 30_000);
		noFailure(screen, n);
		const above = aboveCaption(screen, label(lang, n, count));
		for (const {placeholder, shown} of expected[n - 1]!.numbers) {
			assert.ok(shown.some((s) => shows(above, s)), `${context}: step ${n}: {${placeholder}} = ${shown[0]} is not on the screen outside the caption:\n${screen}`);
		}
	};
	try {
		await session.waitFor(`${context}: the introduction`, (screen) => label(lang, 0, count).test(screen));
		for (let n = 1; n <= count; n++) {
			await press(session, 'Right');
			await sleep(pace.gapMs);
			if (pace.checkEachStep) await checkEnd(n);
			else noFailure(session.screen(), n);
		}
		if (!pace.checkEachStep) await checkEnd(count);
		const last = await session.waitFor(`${context}: the finished marker`, (screen) => /✓ (lesson finished|강의 끝)/.test(screen));
		noFailure(last, count);
		await press(session, 'q');
		await session.waitForText('EXITED 0');
	} finally {
		session.kill();
	}
}

/** Run the jobs, `PARALLEL` at a time; the first failure fails the test after the others have stopped. */
async function pool(jobs: Array<() => Promise<void>>): Promise<void> {
	const errors: unknown[] = [];
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < jobs.length) {
			const job = jobs[next++]!;
			try {
				await job();
			} catch (error) {
				errors.push(error);
			}
		}
	};
	await Promise.all(Array.from({length: PARALLEL}, worker));
	if (errors.length > 0) throw errors[0];
}

for (const pace of PACES) {
	for (const lang of pace.langs) {
		test(`every lesson at 80×24 in ${lang === 'en' ? 'English' : 'Korean'}, ${pace.name}: no failure line, every named number on screen`, {skip}, async () => {
			await pool(listDemos().map((demo) => () => stepThrough(demo.name, lang, pace)));
		});
	}
}
