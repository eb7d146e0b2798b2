// Virtual time for the parts of the screen that show it (the top bar's clock, countdowns, segments
// moving along the ladder, the time-scaled ladder, the plot). A clock frame that only moved time on
// re-renders these alone: the rest of the screen is drawn from the world, which did not change.
import {createContext, useContext, useSyncExternalStore} from 'react';

export interface NowSource {
	/** Virtual ms now. */
	now(): number;
	/** Called when virtual time may have moved on; returns the unsubscribe. */
	subscribe(listener: () => void): () => void;
}

/** Null outside the app (a component drawn alone shows the `now` it is given). */
export const NowContext = createContext<NowSource | null>(null);

const NEVER = (): (() => void) => () => undefined;

/**
 * Virtual time to draw with: the app's clock when there is one (this component alone re-renders as it
 * moves), else `given`. While `live` is false the component does not follow the clock (nothing on it
 * moves with time now) and gets `given`.
 */
export function useNow(given: number, live = true): number {
	const source = useContext(NowContext);
	const follow = source !== null && live;
	return useSyncExternalStore(follow ? source.subscribe : NEVER, follow ? source.now : () => given);
}

/**
 * What a component shows of virtual time, `shown(now)`, following the app's clock (else `shown(given)`):
 * the component is drawn again only when that text changes, not at every frame of the clock
 * (a countdown in whole seconds stays the same over several frames for the other countdowns).
 */
export function useNowText(given: number, shown: (now: number) => string, live = true): string {
	const source = useContext(NowContext);
	const follow = source !== null && live;
	return useSyncExternalStore(follow ? source.subscribe : NEVER, follow ? () => shown(source.now()) : () => shown(given));
}
