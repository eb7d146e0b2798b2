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
	// Every frame draws a few dozen strings: a template is split at its placeholders once (most
	// have none), then joined with the values, without a regular expression's scan each time.
	let parts = templateParts.get(template);
	if (parts === undefined) {
		parts = template.split(PLACEHOLDER);
		if (templateParts.size >= TEMPLATE_CACHE_LIMIT) templateParts.clear();
		templateParts.set(template, parts);
	}
	if (parts.length === 1) return template;
	// Even places are text, odd ones the names between the braces.
	let out = parts[0]!;
	for (let i = 1; i < parts.length; i += 2) {
		const name = parts[i]!;
		out += (name in params ? String(params[name]) : `{${name}}`) + parts[i + 1]!;
	}
	return out;
}

/** fillTemplate as a regular expression's replace (the plain path, for tests). */
export function fillTemplateByReplace(template: string, params: Record<string, string | number>): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const PLACEHOLDER = /\{(\w+)\}/;
const templateParts = new Map<string, string[]>();
/** The app's own strings are a few hundred; templates made of user text (a lesson's) are bounded here. */
const TEMPLATE_CACHE_LIMIT = 2000;

/** A count of bytes in words: en "1 byte" / "N bytes", ko "N바이트". Every byte count a user reads goes through here. */
export function byteCount(lang: Lang, n: number): string {
	return lang === 'ko' ? `${n}바이트` : `${n} ${n === 1 ? 'byte' : 'bytes'}`;
}

/** byteCount in both languages. */
export function byteCountText(n: number): Text {
	return {en: byteCount('en', n), ko: byteCount('ko', n)};
}
