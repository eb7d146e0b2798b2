// Every key of the main screen, once: dispatch (TuiModel), the help screen, the key bar and the
// keys tables of docs/tui.md (a test compares them) are all read from this table.
import type {Key} from 'ink';
import type {UiKey} from '../i18n/ui.js';

export type Command =
	| 'focusOther' | 'socketUp' | 'socketDown'
	| 'socket' | 'bind' | 'listen' | 'accept' | 'connect' | 'write' | 'writeBig' | 'read' | 'shutdown' | 'close' | 'abort' | 'kill'
	| 'pause' | 'step' | 'faster' | 'slower' | 'rewindEvent' | 'rewindSecond'
	| 'segmentPrev' | 'segmentNext' | 'pageUp' | 'pageDown' | 'detail' | 'follow' | 'numbers' | 'timeScale'
	| 'faultSelected' | 'faultNext' | 'filterOurs' | 'filterConnection' | 'jumpNext' | 'jumpPrev'
	| 'reset' | 'quit' | 'record'
	| 'link' | 'diagram' | 'plot' | 'transcript' | 'legend' | 'help'
	| 'lessonNext' | 'lessonBack' | 'lessonLeave' | 'lessonSteps' | 'captionMore';

export type Section = 'paneKeys' | 'globalKeys' | 'viewKeys' | 'quizKeys';

/** One key and what it runs. */
export interface KeyMatch {
	matches: (input: string, key: Key) => boolean;
	command: Command;
}

export interface KeyRow {
	/** As help and docs/tui.md write the key(s). */
	label: string;
	section: Section;
	/** The help line; null for keys help does not list (Esc, which each screen's footer names). */
	help: UiKey | null;
	keys: readonly KeyMatch[];
	/** Also works in the views that do not take typing (help, diagram, plot, detail). */
	everywhere?: boolean;
	/** Only while a lesson is playing (else the key falls through to the next row). */
	lessonOnly?: boolean;
	/** Also acts for a follower watching the teacher's session (it changes neither the session nor a file). */
	follower?: boolean;
	/** On the key bar: which line, as what, how needed (0 first; a narrow bar drops the highest), in what order. */
	bar?: {line: 'pane' | 'global'; key: string; text: UiKey; priority: number; order: number};
}

const plain = (key: Key): boolean => !key.ctrl && !key.meta;
const char = (c: string, command: Command): KeyMatch => ({matches: (input, key) => input === c && plain(key), command});
const special = (name: keyof Key, command: Command): KeyMatch => ({matches: (_input, key) => key[name] === true, command});

export const KEYMAP: readonly KeyRow[] = [
	{label: 'Tab', section: 'paneKeys', follower: true, help: 'hTab', keys: [special('tab', 'focusOther')], bar: {line: 'global', key: 'Tab', text: 'kbPane', priority: 1, order: 0}},
	{label: '↑ ↓', section: 'paneKeys', follower: true, help: 'hUpDown', keys: [special('upArrow', 'socketUp'), special('downArrow', 'socketDown')]},
	{label: 's', section: 'paneKeys', help: 'hSocket', keys: [char('s', 'socket')], bar: {line: 'pane', key: 's', text: 'kbSocket', priority: 1, order: 0}},
	{label: 'b', section: 'paneKeys', help: 'hBind', keys: [char('b', 'bind')], bar: {line: 'pane', key: 'b', text: 'kbBind', priority: 1, order: 1}},
	{label: 'L', section: 'paneKeys', help: 'hListen', keys: [char('L', 'listen')], bar: {line: 'pane', key: 'L', text: 'kbListen', priority: 1, order: 2}},
	{label: 'a', section: 'paneKeys', help: 'hAccept', keys: [char('a', 'accept')], bar: {line: 'pane', key: 'a', text: 'kbAccept', priority: 1, order: 3}},
	{label: 'c', section: 'paneKeys', help: 'hConnect', keys: [char('c', 'connect')], bar: {line: 'pane', key: 'c', text: 'kbConnect', priority: 1, order: 4}},
	{label: 'w W', section: 'paneKeys', help: 'hWrite', keys: [char('w', 'write'), char('W', 'writeBig')], bar: {line: 'pane', key: 'w', text: 'kbWrite', priority: 1, order: 5}},
	{label: 'v', section: 'paneKeys', help: 'hRead', keys: [char('v', 'read')], bar: {line: 'pane', key: 'v', text: 'kbRead', priority: 1, order: 6}},
	{label: 'h', section: 'paneKeys', help: 'hShutdown', keys: [char('h', 'shutdown')], bar: {line: 'pane', key: 'h', text: 'kbShutdown', priority: 2, order: 7}},
	{label: 'x', section: 'paneKeys', help: 'hClose', keys: [char('x', 'close')], bar: {line: 'pane', key: 'x', text: 'kbClose', priority: 1, order: 8}},
	{label: 'X', section: 'paneKeys', help: 'hAbort', keys: [char('X', 'abort')], bar: {line: 'pane', key: 'X', text: 'kbAbort', priority: 3, order: 9}},
	{label: 'K', section: 'paneKeys', help: 'hKill', keys: [char('K', 'kill')], bar: {line: 'pane', key: 'K', text: 'kbKill', priority: 3, order: 10}},
	{label: 'Space', section: 'globalKeys', help: 'hSpace', everywhere: true, keys: [char(' ', 'pause')], bar: {line: 'global', key: '␣', text: 'kbPause', priority: 1, order: 1}},
	{label: '. >', section: 'globalKeys', help: 'hStep', everywhere: true, keys: [char('.', 'step'), char('>', 'step')], bar: {line: 'global', key: '.', text: 'kbStep', priority: 3, order: 2}},
	{label: '⌫ <', section: 'globalKeys', help: 'hRewindEvent', keys: [special('backspace', 'rewindEvent'), special('delete', 'rewindEvent'), char('<', 'rewindEvent')], bar: {line: 'global', key: '<', text: 'kbRewind', priority: 3, order: 3}},
	{label: '{', section: 'globalKeys', help: 'hRewindSecond', keys: [char('{', 'rewindSecond')]},
	{label: '- +', section: 'globalKeys', help: 'hSpeed', everywhere: true, keys: [char('+', 'faster'), char('=', 'faster'), char('-', 'slower'), char('_', 'slower')], bar: {line: 'global', key: '+/-', text: 'kbSpeed', priority: 2, order: 4}},
	{label: '[ ]', section: 'globalKeys', follower: true, help: 'hSelect', keys: [char('[', 'segmentPrev'), char(']', 'segmentNext')], bar: {line: 'global', key: '[ ]', text: 'kbSegment', priority: 3, order: 9}},
	{label: 'PgUp PgDn', section: 'globalKeys', follower: true, help: 'hPage', keys: [special('pageUp', 'pageUp'), special('pageDown', 'pageDown')]},
	{label: 'Enter', section: 'globalKeys', follower: true, help: 'hEnter', keys: [special('return', 'detail')]},
	{label: 'Esc', section: 'globalKeys', follower: true, help: null, keys: [special('escape', 'follow')]},
	{label: '#', section: 'globalKeys', follower: true, help: 'hNumbers', keys: [char('#', 'numbers')]},
	{label: 'T', section: 'globalKeys', follower: true, help: 'hTimeScale', keys: [char('T', 'timeScale')]},
	{label: 'j J', section: 'globalKeys', help: 'hJump', keys: [char('j', 'jumpNext'), char('J', 'jumpPrev')]},
	{label: 'H', section: 'globalKeys', help: 'hFilterOurs', keys: [char('H', 'filterOurs')]},
	{label: 'o', section: 'globalKeys', help: 'hFilterConnection', keys: [char('o', 'filterConnection')]},
	{label: 'f', section: 'globalKeys', help: 'hFault', keys: [char('f', 'faultSelected')]},
	{label: 'F', section: 'globalKeys', help: 'hFaultNext', keys: [char('F', 'faultNext')]},
	{label: 'r', section: 'globalKeys', help: 'hReset', keys: [char('r', 'reset')], bar: {line: 'global', key: 'r', text: 'kbReset', priority: 3, order: 11}},
	{label: 'q', section: 'globalKeys', follower: true, help: 'hQuit', keys: [char('q', 'quit')], bar: {line: 'global', key: 'q', text: 'kbQuit', priority: 0, order: 12}},
	{label: 'l', section: 'viewKeys', follower: true, help: 'hLink', keys: [char('l', 'link')], bar: {line: 'global', key: 'l', text: 'kbLink', priority: 2, order: 5}},
	{label: 'd', section: 'viewKeys', follower: true, help: 'hDiagram', keys: [char('d', 'diagram')], bar: {line: 'global', key: 'd', text: 'kbDiagram', priority: 2, order: 6}},
	{label: 'g', section: 'viewKeys', follower: true, help: 'hPlot', keys: [char('g', 'plot')], bar: {line: 'global', key: 'g', text: 'kbPlot', priority: 2, order: 7}},
	{label: 't', section: 'viewKeys', follower: true, help: 'hTranscript', keys: [char('t', 'transcript')], bar: {line: 'global', key: 't', text: 'kbTranscript', priority: 2, order: 8}},
	{label: 'm', section: 'viewKeys', follower: true, help: 'hLegend', keys: [char('m', 'legend')], bar: {line: 'global', key: 'm', text: 'kbLegend', priority: 3, order: 8.5}},
	{label: 'S', section: 'viewKeys', help: 'hRecord', keys: [char('S', 'record')]},
	{label: '?', section: 'viewKeys', follower: true, help: 'hHelp', keys: [char('?', 'help')], bar: {line: 'global', key: '?', text: 'kbHelp', priority: 0, order: 10}},
	// A lesson's keys (matched before all others while it plays): → n ← step it, Esc leaves it.
	{label: '→ n ←', section: 'viewKeys', help: 'hDemo', lessonOnly: true, everywhere: true, keys: [special('rightArrow', 'lessonNext'), char('n', 'lessonNext'), special('leftArrow', 'lessonBack')]},
	{label: 'Esc', section: 'viewKeys', help: null, lessonOnly: true, keys: [special('escape', 'lessonLeave')]},
	{label: 'j', section: 'viewKeys', help: 'hSteps', lessonOnly: true, keys: [char('j', 'lessonSteps')]},
	// A caption longer than its bar: the next page of it (the bar's hint line says how much is below).
	{label: 'e', section: 'viewKeys', help: 'hCaptionMore', lessonOnly: true, everywhere: true, follower: true, keys: [char('e', 'captionMore')]},
	// While a question is open, the question bar takes these before the table (TuiModel.quizKey):
	// they are listed for help and docs, and match nothing here.
	{label: '1-9', section: 'quizKeys', follower: true, help: 'hQuizChoice', keys: []},
	{label: '0-9 Enter', section: 'quizKeys', follower: true, help: 'hQuizNumber', keys: []},
	{label: 'R', section: 'quizKeys', help: 'hQuizReveal', keys: []},
];

/** The command a key runs on the main screen (or, `everywhere` only, in another view); null if none. */
export function commandFor(input: string, key: Key, context: {lesson: boolean; mainView: boolean}): Command | null {
	const rows = context.lesson ? [...KEYMAP.filter((row) => row.lessonOnly), ...KEYMAP.filter((row) => !row.lessonOnly)] : KEYMAP.filter((row) => !row.lessonOnly);
	for (const row of rows) {
		if (!context.mainView && !row.everywhere) continue;
		for (const match of row.keys) if (match.matches(input, key)) return match.command;
	}
	return null;
}

/** What a follower may run: nothing that changes the session or writes a file. */
export const FOLLOWER_COMMANDS: ReadonlySet<Command> = new Set(KEYMAP.filter((row) => row.follower).flatMap((row) => row.keys.map((match) => match.command)));

/**
 * The keys that act for a follower, as help writes them, in the table's order: what the note a
 * refused key gets lists. The question keys are left out: the question bar names them while a
 * question is open, and they act only then.
 */
export const FOLLOWER_KEY_LABELS: readonly string[] = KEYMAP.filter((row) => row.follower && row.section !== 'quizKeys').map((row) => row.label);

/** The rows that act for this viewer: a follower's only, or all. */
function rowsFor(follower: boolean): readonly KeyRow[] {
	return follower ? KEYMAP.filter((row) => row.follower) : KEYMAP;
}

export type HelpSections = ReadonlyArray<{title: Section; keys: ReadonlyArray<[string, UiKey]>}>;

/** Help's sections in order, each with its rows (key label, description); a section with none is left out. */
export function helpSections(follower = false): HelpSections {
	const rows = rowsFor(follower);
	return (['paneKeys', 'globalKeys', 'viewKeys', 'quizKeys'] as const).map((title) => ({
		title,
		keys: rows.filter((row) => row.section === title && row.help !== null).map((row): [string, UiKey] => [row.label, row.help!]),
	})).filter((section) => section.keys.length > 0);
}

export const HELP_SECTIONS = helpSections();

export type KeyItem = readonly [key: string, label: UiKey, priority: number];

/** One line of the key bar, in its order (a follower's: only the keys that act for it). */
export function barItems(line: 'pane' | 'global', follower = false): KeyItem[] {
	return rowsFor(follower).flatMap((row) => (row.bar && row.bar.line === line ? [row.bar] : []))
		.sort((a, b) => a.order - b.order)
		.map((bar): KeyItem => [bar.key, bar.text, bar.priority]);
}
