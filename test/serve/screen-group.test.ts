// Followers with the same look share one render; each still gets its own bytes.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {ScreenGroups, type Look} from '../../source/serve/screen-group.js';
import {ScreenWriter, type ScreenStream} from '../../source/serve/screen.js';

function writer(): {w: ScreenWriter; sent: string[]} {
	const sent: string[] = [];
	return {w: new ScreenWriter({write: (d) => sent.push(d), backlog: () => 0}, 24), sent};
}

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
	const leaveA = groups.join(en, a.w);
	const leaveB = groups.join(en, b.w);
	const leaveC = groups.join({...en, lang: 'ko'}, c.w);
	assert.equal(groups.size, 2);
	assert.equal(screens.length, 2);
	screens[0]!.write('frame one');
	assert.match(a.sent.join(''), /frame one/);
	assert.match(b.sent.join(''), /frame one/);
	assert.doesNotMatch(c.sent.join(''), /frame one/);
	const d = writer();
	groups.join(en, d.w);
	assert.match(d.sent.join(''), /frame one/, 'a late joiner sees the current frame at once');
	leaveA();
	leaveB();
	assert.equal(unmounted, 0);
	leaveC();
	assert.equal(unmounted, 1);
	assert.equal(groups.size, 1);
});
