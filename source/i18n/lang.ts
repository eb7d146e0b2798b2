// The two languages of the product. Every user-visible string exists in both.
export type Lang = 'en' | 'ko';

/** --lang wins; otherwise LC_ALL, then LC_MESSAGES, then LANG (ko_KR… → Korean). */
export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
	const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
	return /^ko(_|$|\.)/i.test(value) ? 'ko' : 'en';
}

/** A string in both languages. */
export type Text = Record<Lang, string>;

/** `{name}` placeholders filled from params; unknown names stay as written. */
export function fillTemplate(template: string, params: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A count of bytes in words: en "1 byte" / "N bytes", ko "N바이트". Every byte count a user reads goes through here. */
export function byteCount(lang: Lang, n: number): string {
	return lang === 'ko' ? `${n}바이트` : `${n} ${n === 1 ? 'byte' : 'bytes'}`;
}

/** byteCount in both languages. */
export function byteCountText(n: number): Text {
	return {en: byteCount('en', n), ko: byteCount('ko', n)};
}
