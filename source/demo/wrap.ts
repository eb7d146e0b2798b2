// Word wrapping by display columns: Korean syllables take two columns, so widths come from
// string-width, never from `.length`.
import stringWidth from 'string-width';

/** Break a word wider than `width` into pieces that fit. */
function breakWord(word: string, width: number): string[] {
	const pieces: string[] = [];
	let piece = '';
	let used = 0;
	for (const ch of word) {
		const w = stringWidth(ch);
		if (used + w > width && piece !== '') {
			pieces.push(piece);
			piece = '';
			used = 0;
		}
		piece += ch;
		used += w;
	}
	if (piece !== '') pieces.push(piece);
	return pieces;
}

/** Wrap text into lines of at most `width` columns; explicit newlines are kept. */
export function wrapText(text: string, width: number): string[] {
	const columns = Math.max(1, Math.floor(width));
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		let used = 0;
		for (const word of paragraph.split(' ').filter((w) => w !== '')) {
			const w = stringWidth(word);
			if (used > 0 && used + 1 + w <= columns) {
				line += ' ' + word;
				used += 1 + w;
				continue;
			}
			if (used > 0) lines.push(line);
			if (w <= columns) {
				line = word;
				used = w;
				continue;
			}
			const pieces = breakWord(word, columns);
			for (let i = 0; i < pieces.length - 1; i++) lines.push(pieces[i]!);
			line = pieces[pieces.length - 1]!;
			used = stringWidth(line);
		}
		lines.push(line);
	}
	return lines;
}

/** One screenful of wrapped lines: which lines show, and how many the text has in all. */
export interface LineWindow {
	lines: string[];
	/** Lines of the text below the window (0 on the last page). */
	below: number;
	/** Pages in all (1 when everything fits). */
	pages: number;
}

/**
 * The `page`-th screenful of at most `maxLines` lines. `page` is any integer: it wraps, so the page
 * after the last shows the first again. The last page ends with the text's last line (it may repeat
 * some of the page before), so every page is as tall and the screen around it does not move.
 */
export function lineWindow(lines: readonly string[], maxLines: number, page: number): LineWindow {
	const room = Math.max(1, Math.floor(maxLines));
	if (lines.length <= room) return {lines: [...lines], below: 0, pages: 1};
	const pages = Math.ceil(lines.length / room);
	const shown = ((page % pages) + pages) % pages;
	const first = Math.min(shown * room, lines.length - room);
	return {lines: lines.slice(first, first + room), below: lines.length - (first + room), pages};
}
