// One gate for text that came from outside (a lesson file, a flag, a file name, the network) on
// its way to a terminal. A terminal obeys control characters: ESC starts sequences that set the
// clipboard (OSC 52), retitle the window (OSC 0) or clear the screen; C1 codes (U+0080–U+009F) act
// as ESC-sequences in many terminals; BEL, BS, CR and DEL move or sound. Each is shown instead as a
// visible escape in the scenario format's own spelling (`\x1b`, `\x9b`, `\x7f`), which reads the
// same in English and Korean.

export interface SanitizeOptions {
	/** Control characters the caller lays out itself (e.g. '\n' where text is wrapped into lines). */
	keep?: string;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** The visible spelling of one control character. */
export function escapeControlChar(ch: string): string {
	if (ch === '\n') return '\\n';
	if (ch === '\t') return '\\t';
	if (ch === '\r') return '\\r';
	return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** Whether `text` holds a control character the terminal would act on. */
export function hasControlChar(text: string, options: SanitizeOptions = {}): boolean {
	for (const match of text.matchAll(CONTROL)) if (!options.keep?.includes(match[0])) return true;
	return false;
}

/** `text` with every C0 control (but those in `keep`), DEL and C1 control shown as a visible escape. */
export function sanitizeForTerminal(text: string, options: SanitizeOptions = {}): string {
	const keep = options.keep ?? '';
	return text.replace(CONTROL, (ch) => (keep.includes(ch) ? ch : escapeControlChar(ch)));
}
