// The characters the screen is drawn with: Unicode by default, plain ASCII with --ascii
// (terminals and fonts without box drawing, arrows or ✗).
export interface Glyphs {
	rightHead: string;
	leftHead: string;
	shaft: string;
	rail: string;
	lost: string;
	ok: string;
	bad: string;
	barFull: string;
	barEmpty: string;
	pointer: string;
	ellipsis: string;
	running: string;
	paused: string;
	timer: string;
	arrow: string;
	border: 'round' | 'classic';
}

export const UNICODE_GLYPHS: Glyphs = {
	rightHead: '▶',
	leftHead: '◀',
	shaft: '─',
	rail: '│',
	lost: '✗',
	ok: '✓',
	bad: '✗',
	barFull: '█',
	barEmpty: '░',
	pointer: '▸',
	ellipsis: '…',
	running: '▶',
	paused: '⏸',
	timer: '⏱',
	arrow: '→',
	border: 'round',
};

export const ASCII_GLYPHS: Glyphs = {
	rightHead: '>',
	leftHead: '<',
	shaft: '-',
	rail: '|',
	lost: 'X',
	ok: 'ok',
	bad: 'X',
	barFull: '#',
	barEmpty: '.',
	pointer: '>',
	ellipsis: '...',
	running: '>',
	paused: '||',
	timer: '@',
	arrow: '->',
	border: 'classic',
};

export function glyphsFor(ascii: boolean): Glyphs {
	return ascii ? ASCII_GLYPHS : UNICODE_GLYPHS;
}

const ASCII_MAP: Record<string, string> = {
	'─': '-', '│': '|', '┌': '+', '┐': '+', '└': '+', '┘': '+', '├': '+', '┤': '+', '┬': '+', '┴': '+', '┼': '+',
	'▶': '>', '◀': '<', '▼': 'v', '▲': '^', '↙': '/', '↘': '\\', '╲': '\\', '╱': '/', '↓': 'v', '→': '>', '←': '<', '✗': 'X', '✓': 'v',
	'×': 'x', '…': '~', '▸': '>', '█': '#', '░': '.', '⏱': '@', '⏸': '|', '↑': '^', '␣': '_', '∞': 'inf', '⌫': 'BS', '±': '+-', '—': '-', '–': '-', '·': '-',
};

/** Replace the drawing characters this app uses by ASCII look-alikes (mostly of the same width). */
export function toAscii(text: string): string {
	let out = '';
	for (const ch of text) out += ASCII_MAP[ch] ?? ch;
	return out;
}
