// `tcp-tui run x | head` closes the pipe early: that is not an error. Whatever `run` sends to
// standard output (the table, --json, --pcap -) ends the same way when its reader goes away:
// at once, with nothing more said, exit 0.

/** Whether a write error means standard output's reader has gone away. */
export function isReaderGone(error: unknown): boolean {
	return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPIPE';
}

export function exitReaderGone(): never {
	process.exit(0);
}
