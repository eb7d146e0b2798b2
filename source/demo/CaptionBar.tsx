// The lesson's caption bar: a rule with the lesson title and "step k/n", the caption of the current
// step wrapped to the width (double-width Korean measured with string-width), the key hints, and
// the controller's message when a step could not complete (wrapped whole: a FILE:LINE:COL line is
// no use cut short), and a marker once the lesson has finished. A caption longer than the bar's lines
// is shown a page at a time: the hint line says how many lines are below and that `e` shows them.
import React from 'react';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import type {Lang} from '../i18n/lang.js';
import {toAscii} from '../ui/glyphs.js';
import {MIN_ROWS} from '../ui/layout.js';
import {t} from './text.js';
import {sanitizeForTerminal} from '../text/sanitize.js';
import {lineWindow, wrapText} from './wrap.js';

export interface CaptionBarProps {
	title: string;
	/** The current step's own title, shown after the lesson title when given. */
	stepTitle?: string;
	/** -1 before the first step (the introduction), then 0..stepCount-1. */
	stepIndex: number;
	stepCount: number;
	caption: string;
	/** A step that failed (e.g. a bounded wait that ran out), shown in red under the caption. */
	message?: string | null;
	/** The current step's actions are still running (waits in progress). */
	running?: boolean;
	/** The last step has run to its end: the bar says the lesson is over. */
	finished?: boolean;
	width: number;
	/** Caption lines at most; a longer caption is shown a page at a time. */
	maxLines?: number;
	/** Which page of a caption longer than maxLines (any integer: it wraps round). */
	page?: number;
	lang: Lang;
	ascii?: boolean;
	color?: boolean;
	/** The bottom line of key hints (→/n ← Esc); off when the app's own key bar already says it. */
	hints?: boolean;
	/** Whether Esc leaves the lesson here (not in a view Esc closes first, e.g. the state diagram). */
	leaveHint?: boolean;
	/** A follower's bar: none of the lesson's keys act for it, so it says who steps the lesson instead. */
	follower?: boolean;
}

export const DEFAULT_CAPTION_LINES = 4;

/** Lines a caption may take on a terminal this tall: 4 at the smallest (24 rows), one more every 3 rows beyond. */
export function captionLinesFor(rows: number): number {
	return DEFAULT_CAPTION_LINES + Math.max(0, Math.floor((rows - MIN_ROWS) / 3));
}

/** Lesson text comes from a file: control characters are shown, never sent to the terminal; newlines are laid out. */
function shownCaption(caption: string): string {
	return sanitizeForTerminal(caption, {keep: '\n'});
}

/** The caption's lines on this page, and how many are below them. Every page is as tall. */
function captionPage(caption: string, columns: number, maxLines: number, page: number) {
	return lineWindow(wrapText(shownCaption(caption), columns), maxLines, page);
}

/** The rows the bar takes for these props (the same on every page): the layout reserves exactly this many. */
export function captionBarHeight(props: Pick<CaptionBarProps, 'caption' | 'width' | 'maxLines' | 'message' | 'hints'>): number {
	const columns = Math.max(10, props.width);
	const shown = captionPage(props.caption, columns, props.maxLines ?? DEFAULT_CAPTION_LINES, 0);
	// A caption with more pages keeps the hint line: it says how to see the rest.
	const hintLine = props.hints !== false || shown.pages > 1;
	return 1 + shown.lines.length + (props.message ? wrapText(sanitizeForTerminal(props.message), columns).length : 0) + (hintLine ? 1 : 0);
}

/** `▼ 3 more lines: e`, or `▲ e: from the top` on the last page; '' when the caption fits. */
function moreLabel(shown: {below: number; pages: number}, lang: Lang): string {
	if (shown.pages <= 1) return '';
	if (shown.below === 0) return t('captionTop', lang);
	return shown.below === 1 ? t('captionMoreOne', lang) : t('captionMore', lang, {count: shown.below});
}

function stepLabel(stepIndex: number, stepCount: number, lang: Lang): string {
	const shown = Math.min(stepCount, Math.max(0, stepIndex + 1));
	return `${t('step', lang)} ${shown}/${stepCount}`;
}

/** "── Title ─────── step 2/6 ──", cut so it always fits `width`. */
function ruleLine(title: string, label: string, width: number, ascii: boolean): string {
	const dash = ascii ? '-' : '─';
	const right = ` ${label} ${dash}${dash}`;
	let shownTitle = title;
	// "── " and " " around the title, and at least one dash of rule before the step count.
	const room = width - stringWidth(right) - 5;
	if (stringWidth(shownTitle) > room) {
		// Cut with an ellipsis, so a step title that does not fit reads as cut, not as ending there.
		while (shownTitle !== '' && stringWidth(shownTitle) > room - 1) shownTitle = Array.from(shownTitle).slice(0, -1).join('');
		shownTitle = room >= 1 ? `${shownTitle.trimEnd()}…` : '';
	}
	const left = `${dash}${dash} ${shownTitle} `;
	const fill = Math.max(0, width - stringWidth(left) - stringWidth(right));
	return left + dash.repeat(fill) + right;
}

export function CaptionBar({title, stepTitle, stepIndex, stepCount, caption, message, running = false, finished = false, width, maxLines = DEFAULT_CAPTION_LINES, page = 0, lang, ascii = false, color = true, hints: showHints = true, leaveHint = true, follower = false}: CaptionBarProps) {
	const columns = Math.max(10, width);
	const shown = captionPage(caption, columns, maxLines, page);
	// Under --ascii the arrows and the ellipsis become < > ~ (as everywhere else on the screen).
	const drawn = (text: string): string => (ascii ? toAscii(text) : text);
	const hints = follower
		? t('hintTeacher', lang)
		: drawn([stepIndex < stepCount - 1 ? t('hintNext', lang) : null, stepIndex >= 0 ? t('hintBack', lang) : null, leaveHint ? t('hintSteps', lang) : null, leaveHint ? t('hintLeave', lang) : null]
			.filter((h): h is string => h !== null)
			.join('  '));
	const status = running ? `${drawn(t('running', lang))}  ` : finished ? `${drawn(t('lessonFinished', lang))}  ` : '';
	const more = drawn(moreLabel(shown, lang));
	// The line is one row: on a narrow bar the "more" note keeps its place and the key hints go first.
	const fits = (text: string): boolean => stringWidth(more) + (more === '' ? 0 : 2) + stringWidth(text) <= columns;
	const right = more === '' ? (showHints ? status + hints : '') : [showHints ? status + hints : '', status].find(fits) ?? '';
	const gap = Math.max(more === '' ? 0 : 2, columns - stringWidth(more) - stringWidth(right));
	return (
		<Box flexDirection="column" width={columns}>
			<Text color={color ? 'cyan' : undefined} bold>
				{drawn(ruleLine(sanitizeForTerminal(stepTitle ? `${title} · ${stepTitle}` : title), stepLabel(stepIndex, stepCount, lang), columns, ascii))}
			</Text>
			{shown.lines.map((line, i) => (
				<Text key={i}>{drawn(line)}</Text>
			))}
			{message
				? wrapText(sanitizeForTerminal(message), columns).map((line, i) => (
					<Text key={`message-${i}`} color={color ? 'red' : undefined}>
						{drawn(line)}
					</Text>
				))
				: null}
			{showHints || more !== '' ? (
				<Text>
					{more === '' ? null : <Text color={color ? 'yellow' : undefined} bold>{more}</Text>}
					<Text dimColor>{' '.repeat(gap) + right}</Text>
				</Text>
			) : null}
		</Box>
	);
}
