// `tcp-tui x | head` closes the pipe early: that is not an error. By default the command ends at
// once, with nothing more said, exit 0. `run` says otherwise (run-command.ts): it writes nothing
// more to standard output but finishes as usual, so its exit code says what the run found.

/** Whether a write error means standard output's reader has gone away. */
export function isReaderGone(error: unknown): boolean {
	return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPIPE';
}

let gone = false;
let onGone: () => void = () => process.exit(0);

/** Whether standard output's reader has gone away: nothing more is written to it. */
export function readerGone(): boolean {
	return gone;
}

/** What to do when the reader goes away, instead of exiting 0 at once. */
export function whenReaderGone(handler: () => void): void {
	onGone = handler;
}

/** Standard output's reader has gone away (a write said EPIPE): once. */
export function readerLeft(): void {
	if (gone) return;
	gone = true;
	onGone();
}
