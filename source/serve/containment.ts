// Every seat runs in one Node process: an error thrown while serving one student (a key handler, a
// render, a timer of its own session) must end that seat only. Everything a seat runs (its mount,
// its keys, its resizes) starts inside the seat's async context; Node keeps that context across
// timers, ticks and promises, so an uncaught exception or rejection can be traced back to the seat
// it came from. Errors outside any seat keep Node's own behaviour (the process stops).
import {AsyncLocalStorage} from 'node:async_hooks';

export interface SeatScope {
	/** Called once, with the first error that escaped this seat's code. */
	fail(error: unknown): void;
}

const scopes = new AsyncLocalStorage<SeatScope>();

/** Run `body` as part of the seat: a synchronous throw and anything it schedules that fails go to `scope.fail`. */
export function runInSeat(scope: SeatScope, body: () => void): void {
	scopes.run(scope, () => {
		try {
			body();
		} catch (error) {
			scope.fail(error);
		}
	});
}

/** `handler` wrapped to run inside the seat (for event listeners the server adds for a seat). */
export function inSeat<A extends unknown[]>(scope: SeatScope, handler: (...args: A) => void): (...args: A) => void {
	return (...args) => runInSeat(scope, () => handler(...args));
}

/** One line for the server's log; the stack only when TCP_TUI_DEBUG is set. */
export function describeError(error: unknown, debug = Boolean(process.env['TCP_TUI_DEBUG'])): string {
	if (error instanceof Error) {
		if (debug && error.stack) return error.stack;
		return `${error.name}: ${error.message}`.replace(/\s*\n\s*/g, ' ');
	}
	return String(error).replace(/\s*\n\s*/g, ' ');
}

let users = 0;

function onError(error: unknown): void {
	const scope = scopes.getStore();
	if (!scope) {
		// Not a seat's: the same end as without this handler.
		process.off('uncaughtException', onError);
		process.off('unhandledRejection', onError);
		users = 0;
		process.nextTick(() => {
			throw error;
		});
		return;
	}
	scope.fail(error);
}

/**
 * Route uncaught exceptions and rejections that come from a seat to that seat; returns the way to
 * stop. Anything else is rethrown as Node would (the process stops with the error).
 */
export function containSeatErrors(): () => void {
	if (users++ === 0) {
		process.on('uncaughtException', onError);
		process.on('unhandledRejection', onError);
	}
	let stopped = false;
	return () => {
		if (stopped || users === 0) return;
		stopped = true;
		if (--users === 0) {
			process.off('uncaughtException', onError);
			process.off('unhandledRejection', onError);
		}
	};
}
