// es-toolkit/compat's throttle as Ink 6.8 uses it (leading and trailing edges, maxWait = wait), for
// the bundle (scripts/bundle.mjs gives it to Ink's ink.js). es-toolkit's keeps a timer armed for
// `wait` ms after every call, even when no call waits for it: Ink throttles each frame (1000/maxFps
// ms; the app sets 0) and each write (0 ms), so every frame woke the process more, to do nothing.
// This one calls at the same moments but arms a timer only when a call waits for the trailing
// edge; the interval after a call with none waiting is a deadline it looks at. (One difference:
// es-toolkit's idle timer, run late by a busy event loop, keeps deferring calls until it runs;
// here a call after the interval goes through at once.)
export function throttle(func, wait = 0, options = {}) {
	const {leading = true, trailing = true} = options;
	if (!leading || !trailing) throw new Error('ink-throttle: only the leading and trailing throttle Ink uses');
	let result;
	// When the calls being throttled began (es-toolkit's pendingAt), null once one went through by its timer or first.
	let pendingAt = null;
	// The call waiting for the trailing edge.
	let pendingThis;
	let pendingArgs = null;
	// Until when es-toolkit's timer would run (null: none); `timer` is armed only while a call waits.
	let deadline = null;
	let timer = null;

	const clearTimer = () => {
		if (timer !== null) clearTimeout(timer);
		timer = null;
	};
	const invokePending = () => {
		if (pendingArgs === null) return;
		const args = pendingArgs;
		const self = pendingThis;
		pendingArgs = null;
		pendingThis = undefined;
		result = func.apply(self, args);
		pendingAt = null;
	};
	const onTimer = () => {
		timer = null;
		deadline = null;
		invokePending();
	};
	// (Re)starts the interval of `wait` from now, with a timer only if a call waits for its end.
	const restart = (now) => {
		deadline = now + wait;
		clearTimer();
		if (pendingArgs !== null) timer = setTimeout(onTimer, wait);
	};

	const throttled = function (...args) {
		const now = Date.now();
		if (deadline !== null && timer === null && now >= deadline) deadline = null;
		if (pendingAt === null) pendingAt = now;
		if (now - pendingAt >= wait) {
			result = func.apply(this, args);
			pendingAt = now;
			pendingArgs = null;
			pendingThis = undefined;
			restart(now);
			return result;
		}
		const first = deadline === null;
		pendingThis = this;
		pendingArgs = args;
		if (first) {
			invokePending();
			restart(now);
		} else {
			restart(now);
		}
		return result;
	};
	throttled.cancel = () => {
		clearTimer();
		deadline = null;
		pendingArgs = null;
		pendingThis = undefined;
	};
	throttled.flush = () => {
		invokePending();
		return result;
	};
	return throttled;
}
