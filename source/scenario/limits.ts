// What a scenario or lesson file may ask for. A lesson is shared between strangers: these bounds
// keep any file, however written, from hanging a run or exhausting memory (docs/scenario-format.md,
// "Limits"). Every message that enforces one names the constant and this file, so a teacher who
// really needs more knows where to change it.

export const LIMITS_FILE = 'source/scenario/limits.ts';

/** Largest scenario file read (the built-in lessons are under 10 KB). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Longest line, in characters. */
export const MAX_LINE_CHARS = 64 * 1024;
/** SYNs all `inject … syn-flood` lines of one file may send together. */
export const MAX_FLOOD_COUNT = 20_000;
/** Shortest gap between two flood SYNs, ms of virtual time (at most 100 000 SYNs per second). */
export const MIN_FLOOD_INTERVAL = 0.01;
/** Events `tcp-tui run` keeps for the transcript table (`--json` streams and keeps none). */
export const MAX_KEPT_EVENTS = 100_000;
/** The peak memory (RSS) a run stays under for every file the fuzz test makes (test/hostile/fuzz.test.ts). */
export const PEAK_RSS_BOUND_MB = 300;

/** "1 MB", "64 KB": a byte limit as people read it. */
export function formatBytesLimit(bytes: number): string {
	if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
	if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
	return `${bytes} B`;
}
