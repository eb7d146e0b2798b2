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
