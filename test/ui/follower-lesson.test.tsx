// A follower of the teacher's lesson (serve) is never told to press a key that is refused: its panes
// say "no socket yet" where the teacher's say "press s", and its lesson bar says the teacher steps
// the lesson where the teacher's names → n ← j Esc; the follower still moves with the teacher (en, ko).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {render} from 'ink-testing-library';
import {lessonsDir} from '../../source/demo/catalog.js';
import {createWorld} from '../../source/sim/world.js';
import {createApp} from '../../source/ui/run.js';
import {key} from './helpers.js';
import {settle} from './ink-app.js';

const said = {
	en: {pressS: 'no socket: press s', yet: 'no socket yet', intro: 'Press → or n to start', introFollower: 'The teacher starts the lesson.', next: '→/n next', teacher: 'the teacher steps the lesson', step1: 'step 1/6'},
	ko: {pressS: '소켓 없음: s 키', yet: '아직 소켓 없음', intro: '→ 또는 n을 누르면', introFollower: '교사가 강의를 시작합니다.', next: '→/n 다음', teacher: '교사가 강의를 진행합니다', step1: '단계 1/6'},
};

for (const lang of ['en', 'ko'] as const) {
	test(`a follower's panes and lesson bar name no key of the teacher's; the teacher's still do (${lang})`, async () => {
		const options = {world: {seed: 3}, lang, ascii: false, color: false, speed: 1, lessonFile: `${lessonsDir()}/handshake.tcptui`};
		const teacher = createApp({options, worldFactory: createWorld, onQuit: () => undefined});
		const follower = createApp({options, worldFactory: createWorld, onQuit: () => undefined, watch: {session: teacher.session, demo: teacher.demo, readOnly: true}});
		const shownTeacher = render(teacher.element);
		const shownFollower = render(follower.element);
		try {
			await settle();
			const t = said[lang];
			const ours = shownTeacher.lastFrame() ?? '';
			for (const text of [t.pressS, t.intro, t.next]) assert.ok(ours.includes(text), `the teacher's screen: ${text}\n${ours}`);
			let theirs = shownFollower.lastFrame() ?? '';
			for (const text of [t.yet, t.introFollower, t.teacher]) assert.ok(theirs.includes(text), `the follower's screen: ${text}\n${theirs}`);
			for (const text of [t.pressS, t.intro, t.next, 'Esc']) assert.ok(!theirs.includes(text), `not on the follower's screen: ${text}\n${theirs}`);
			// The teacher steps; the follower's bar moves with it and still names no key.
			teacher.model.handleKey('n', key());
			await settle();
			theirs = shownFollower.lastFrame() ?? '';
			assert.ok(theirs.includes(t.step1) && theirs.includes(t.teacher) && !theirs.includes('←'), theirs);
		} finally {
			shownFollower.unmount();
			shownTeacher.unmount();
			follower.dispose();
			teacher.dispose();
		}
	});
}
