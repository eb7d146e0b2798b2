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

/** Wrap, then keep at most `maxLines`, ending the last kept line in `…` when something was cut. */
export function wrapClamped(text: string, width: number, maxLines: number): string[] {
	const lines = wrapText(text, width);
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, Math.max(1, maxLines));
	let last = kept[kept.length - 1]!;
	while (last !== '' && stringWidth(last) + 1 > width) last = Array.from(last).slice(0, -1).join('');
	kept[kept.length - 1] = last + '…';
	return kept;
}
