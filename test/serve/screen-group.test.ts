// Followers with the same look share one render; each still gets its own bytes.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ScreenGroups, type Look} from '../../source/serve/screen-group.js';
import {ScreenWriter, type ScreenStream} from '../../source/serve/screen.js';

function writer(): {w: ScreenWriter; sent: string[]} {
	const sent: string[] = [];
	return {w: new ScreenWriter({write: (d) => sent.push(d), backlog: () => 0}, 24), sent};
}

const noFail = (error: unknown): void => assert.fail(`no member should fail: ${String(error)}`);

test('one render per look, mounted with the first member and unmounted with the last; a late member gets the latest frame', () => {
	const screens: ScreenStream[] = [];
	let unmounted = 0;
	const groups = new ScreenGroups((screen) => {
		screens.push(screen);
		return () => unmounted++;
	});
	const en: Look = {lang: 'en', ascii: false, color: true, columns: 80, rows: 24};
	const a = writer();
	const b = writer();
	const c = writer();
	const leaveA = groups.join(en, a.w, noFail);
	const leaveB = groups.join(en, b.w, noFail);
	const leaveC = groups.join({...en, lang: 'ko'}, c.w, noFail);
	assert.equal(groups.size, 2);
	assert.equal(screens.length, 2);
	screens[0]!.write('frame one');
	assert.match(a.sent.join(''), /frame one/);
	assert.match(b.sent.join(''), /frame one/);
	assert.doesNotMatch(c.sent.join(''), /frame one/);
	const d = writer();
	groups.join(en, d.w, noFail);
	assert.match(d.sent.join(''), /frame one/, 'a late joiner sees the current frame at once');
	leaveA();
	leaveB();
	assert.equal(unmounted, 0);
	leaveC();
	assert.equal(unmounted, 1);
	assert.equal(groups.size, 1);
});

test('when a shared render fails, every member of that group is failed (not only the one that mounted it); other groups go on', async () => {
	const failed: string[] = [];
	let failRender: (error: Error) => void = () => undefined;
	let unmounted = 0;
	const groups = new ScreenGroups((_screen, look) => {
		// What the render schedules runs in the group's scope: an error thrown later belongs to the group.
		if (look.lang === 'en') {
			void new Promise<Error>((resolve) => (failRender = resolve)).then((error) => {
				throw error;
			});
		}
		return () => unmounted++;
	});
	const {containSeatErrors} = await import('../../source/serve/containment.js');
	// As in `serve`: the containment is the only listener while the render fails.
	const saved = process.listeners('unhandledRejection');
	process.removeAllListeners('unhandledRejection');
	const stop = containSeatErrors();
	try {
		const en: Look = {lang: 'en', ascii: false, color: true, columns: 80, rows: 24};
		groups.join(en, writer().w, () => failed.push('a'));
		groups.join(en, writer().w, () => failed.push('b'));
		const leaveC = groups.join(en, writer().w, () => failed.push('c'));
		groups.join({...en, lang: 'ko'}, writer().w, () => failed.push('ko'));
		leaveC();
		failRender(new Error('render failed'));
		for (let i = 0; i < 50 && failed.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
		assert.deepEqual(failed.sort(), ['a', 'b'], 'both members still in the group are failed, the one that left is not');
		assert.equal(unmounted, 1, 'the failed render is unmounted');
		assert.equal(groups.size, 1, 'the Korean group goes on');
		// A new member of the failed look gets a fresh render.
		groups.join(en, writer().w, noFail);
		assert.equal(groups.size, 2);
	} finally {
		stop();
		for (const listener of saved) process.on('unhandledRejection', listener);
	}
});
