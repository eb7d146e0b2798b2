import {test} from 'node:test';
import assert from 'node:assert/strict';
import {clientLocale, languageSuffix, parseUsername, seatLanguage} from '../../source/serve/identity.js';

test('the username picks the seat and may carry the language', () => {
	assert.deepEqual(parseUsername('play'), {kind: 'play'});
	assert.deepEqual(parseUsername('follow'), {kind: 'follow'});
	assert.deepEqual(parseUsername('follow-ko'), {kind: 'follow', lang: 'ko'});
	assert.deepEqual(parseUsername('Play_EN'), {kind: 'play', lang: 'en'});
	assert.deepEqual(parseUsername('ko'), {kind: 'choose', lang: 'ko'});
	assert.deepEqual(parseUsername('alice'), {kind: 'choose'});
	assert.deepEqual(parseUsername('token'), {kind: 'choose'});
});

test("the client's locale gives the language and whether to draw in ASCII", () => {
	assert.deepEqual(clientLocale({LANG: 'ko_KR.UTF-8'}), {lang: 'ko', utf8: true});
	assert.deepEqual(clientLocale({LANG: 'en_US.UTF-8'}), {lang: 'en', utf8: true});
	assert.deepEqual(clientLocale({LANG: 'C.UTF-8'}), {utf8: true});
	assert.deepEqual(clientLocale({LANG: 'C'}), {utf8: false});
	assert.deepEqual(clientLocale({LANG: 'de_DE.ISO-8859-1'}), {lang: 'en', utf8: false});
	// LC_ALL wins over LANG, as in the C library.
	assert.deepEqual(clientLocale({LANG: 'en_US.UTF-8', LC_ALL: 'ko_KR.UTF-8'}), {lang: 'ko', utf8: true});
	// A client that says nothing: UTF-8 is assumed, the language is the server's.
	assert.deepEqual(clientLocale({}), {utf8: true});
});

test('the username suffix wins over the locale, which wins over the server', () => {
	assert.equal(seatLanguage({lang: 'en'}, {lang: 'ko', utf8: true}, 'ko'), 'en');
	assert.equal(seatLanguage({}, {lang: 'ko', utf8: true}, 'en'), 'ko');
	assert.equal(seatLanguage({}, {utf8: true}, 'ko'), 'ko');
});

test('the language part of a username, kept in the usernames suggested for next time: each parses back to the same seat and language', () => {
	for (const [username, suffix] of [['kim-ko', '-ko'], ['Lee.EN', '.en'], ['park_ko', '_ko'], ['ko', '-ko'], ['alice', ''], ['token', ''], ['play', '']] as const) {
		assert.equal(languageSuffix(username), suffix, username);
		for (const seat of ['play', 'follow'] as const) {
			const lang = parseUsername(username).lang;
			assert.deepEqual(parseUsername(`${seat}${suffix}`), lang ? {kind: seat, lang} : {kind: seat}, `${seat}${suffix}`);
		}
	}
});
