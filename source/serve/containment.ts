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

/** True while the code running is a seat's (an uncaught error now is that seat's). */
export function inSeatContext(): boolean {
	return scopes.getStore() !== undefined;
}

function onError(event: 'uncaughtException' | 'unhandledRejection', error: unknown): void {
	const scope = scopes.getStore();
	if (scope) {
		scope.fail(error);
		return;
	}
	// Not a seat's: another listener (the teacher's app) ends the process its way; without one, Node's own end.
	if (process.listenerCount(event) > 1) return;
	stopListening();
	users = 0;
	process.nextTick(() => {
		throw error;
	});
}

const onException = (error: unknown): void => onError('uncaughtException', error);
const onRejection = (error: unknown): void => onError('unhandledRejection', error);

function stopListening(): void {
	process.off('uncaughtException', onException);
	process.off('unhandledRejection', onRejection);
}

/**
 * Route uncaught exceptions and rejections that come from a seat to that seat; returns the way to
 * stop. Anything else is rethrown as Node would (the process stops with the error).
 */
export function containSeatErrors(): () => void {
	if (users++ === 0) {
		process.on('uncaughtException', onException);
		process.on('unhandledRejection', onRejection);
	}
	let stopped = false;
	return () => {
		if (stopped || users === 0) return;
		stopped = true;
		if (--users === 0) stopListening();
	};
}
