// Imported first by the CLI, before React and Ink load, because both read the environment once,
// at import time.
// - React picks its build when first loaded, and the development build costs the TUI a third more
//   CPU per frame. A user's explicit NODE_ENV still wins.
// - Ink treats CI=true (or CONTINUOUS_INTEGRATION) as "not interactive" and then draws nothing until
//   the app exits. With a terminal on both stdin and stdout a person is there, whatever CI says
//   (e.g. a classroom machine or a CI job that drives the app in tmux), so the app must draw.
process.env.NODE_ENV ??= 'production';
if (process.stdin.isTTY && process.stdout.isTTY) {
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
}
