// What a connection asks for before anything is drawn: the username picks the seat (play, follow,
// or a start screen) and may carry the language; the client's locale (the LANG / LC_* it sends)
// gives the language and whether its terminal can show UTF-8.
import type {Lang} from '../i18n/lang.js';

export type SeatKind = 'play' | 'follow' | 'choose';

/** `play`, `follow`, `play-ko`, `follow-en`, `ko`…; anything else: the start screen. */
export function parseUsername(username: string): {kind: SeatKind; lang?: Lang} {
	const name = username.trim().toLowerCase();
	const suffixed = /^(.*?)(?:^|[-_.])(ko|en)$/.exec(name);
	const lang = suffixed ? (suffixed[2] as Lang) : undefined;
	const base = suffixed ? suffixed[1]! : name;
	const kind: SeatKind = base === 'play' ? 'play' : base === 'follow' ? 'follow' : 'choose';
	return lang ? {kind, lang} : {kind};
}

/**
 * The language part of a username as it was typed (`-ko` of `kim-ko`, `.en` of `lee.en`), for the
 * usernames the start screen suggests for next time, so they keep the language; '' when none.
 */
export function languageSuffix(username: string): string {
	const name = username.trim().toLowerCase();
	if (name === 'ko' || name === 'en') return `-${name}`;
	return /[-_.](ko|en)$/.exec(name)?.[0] ?? '';
}

export interface ClientLocale {
	/** Set when the client's locale names a language (ko → Korean, any other → English). */
	lang?: Lang;
	/** False when the client's locale is known and is not UTF-8: draw in ASCII. */
	utf8: boolean;
}

/** The locale from the session's `env` requests (OpenSSH sends LANG and LC_* by default on Debian). */
export function clientLocale(env: Readonly<Record<string, string>>): ClientLocale {
	const pick = (...names: string[]): string | undefined => names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
	const messages = pick('LC_ALL', 'LC_MESSAGES', 'LANG');
	const ctype = pick('LC_ALL', 'LC_CTYPE', 'LANG');
	const utf8 = ctype === undefined ? true : /utf-?8/i.test(ctype);
	if (messages === undefined) return {utf8};
	const lang: Lang | undefined = /^ko(_|$|\.)/i.test(messages) ? 'ko' : /^(C|POSIX)(\.|$)/i.test(messages) ? undefined : 'en';
	return lang ? {lang, utf8} : {utf8};
}

/** Username suffix, then the client's locale, then the server's own language. */
export function seatLanguage(user: {lang?: Lang}, locale: ClientLocale, fallback: Lang): Lang {
	return user.lang ?? locale.lang ?? fallback;
}
