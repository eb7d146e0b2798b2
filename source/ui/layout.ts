// How the screen is divided for a terminal size. 80×24 is the smallest layout (compact);
// larger terminals get wider panes, the TCB as a table, two-line ladder rows and timestamps.
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export interface Layout {
	tooSmall: boolean;
	columns: number;
	/** Rows the app draws. */
	rows: number;
	paneWidth: number;
	ladderWidth: number;
	/** Rows between the top bar and the bottom bars. */
	mainHeight: number;
	/** Room for the TCB as a table and a boxed state. */
	tall: boolean;
	/** Ladder rows take two lines: label above the arrow. */
	twoLineLadder: boolean;
	/** Ladder rows start with the virtual time. */
	ladderTimes: boolean;
}

/**
 * `rows` is the terminal's height; the app draws one row less (Ink repaints the whole screen on
 * every frame when the output fills the terminal, which is slow and flickers over SSH).
 * `extraBottom`: rows taken by a caption bar (demo) or a prompt line.
 */
export function computeLayout(columns: number, rows: number, extraBottom = 0): Layout {
	const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
	const drawRows = rows - 1;
	const paneWidth = columns >= 160 ? 44 : columns >= 120 ? 36 : columns >= 100 ? 28 : 23;
	const ladderWidth = Math.max(10, columns - 2 * paneWidth);
	// top bar 1, link summary 1, key bar 2
	const mainHeight = Math.max(5, drawRows - 4 - extraBottom);
	return {
		tooSmall,
		columns,
		rows: drawRows,
		paneWidth,
		ladderWidth,
		mainHeight,
		tall: mainHeight >= 34 && paneWidth >= 28,
		twoLineLadder: mainHeight >= 30,
		ladderTimes: ladderWidth >= 44,
	};
}
