// The whole app (createApp) rendered by ink-testing-library, its keys going in through the app's
// keyboard filter (key-input.ts) as a terminal would send them.
import {render} from 'ink-testing-library';
import type {Session} from '../../source/session/session.js';
import {createWorld} from '../../source/sim/world.js';
import {filterKeyInput} from '../../source/ui/key-input.js';
import {createApp} from '../../source/ui/run.js';

export async function settle(): Promise<void> {
	for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export interface InkApp {
	frame: () => string;
	/** `text` in one write (as a paste or a burst of keys arrives), then the frames it causes. */
	type: (text: string) => Promise<void>;
	session: Session;
	done: () => void;
}

/** Free play (seed 3, no colour) in `lang`. */
export function inkApp(lang: 'en' | 'ko'): InkApp {
	const parts = createApp({
		options: {world: {seed: 3}, lang, ascii: false, color: false, speed: 1},
		worldFactory: createWorld,
		onQuit: () => undefined,
	});
	const rendered = render(parts.element);
	const stdin = filterKeyInput(rendered.stdin as unknown as NodeJS.ReadStream);
	return {
		frame: () => rendered.lastFrame() ?? '',
		type: async (text) => {
			stdin.write(text);
			await settle();
		},
		session: parts.session,
		done: () => {
			rendered.unmount();
			parts.dispose();
		},
	};
}
