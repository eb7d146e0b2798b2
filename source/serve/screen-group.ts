// One render shown on many terminals. Followers who look at the same thing (the teacher's session,
// main view, nothing selected) at the same size, language and drawing get the same frame, so it is
// drawn once per group, not once per follower: a class of 60 at 80×24 in one language costs one
// render per frame. Each member's ScreenWriter still sends its client only what that client lacks,
// and drops frames for a client that has fallen behind.
import {ScreenStream, type ScreenWriter} from './screen.js';

export interface Look {
	lang: string;
	ascii: boolean;
	color: boolean;
	columns: number;
	rows: number;
}

export function lookKey(look: Look): string {
	return `${look.lang}|${look.ascii ? 'a' : 'u'}|${look.color ? 'c' : 'm'}|${look.columns}x${look.rows}`;
}

class ScreenGroup {
	readonly members = new Set<ScreenWriter>();
	readonly screen: ScreenStream;
	lastFrame: string | null = null;
	unmount: () => void = () => undefined;

	constructor(look: Look) {
		this.screen = new ScreenStream({columns: look.columns, rows: look.rows}, (frame) => {
			this.lastFrame = frame;
			for (const member of this.members) member.frame(frame);
		});
	}
}

/** Groups by look; a group's render is mounted with its first member and unmounted with its last. */
export class ScreenGroups {
	private readonly groups = new Map<string, ScreenGroup>();

	/** @param mount draws the shared view into `screen` at `look`; returns its unmount. */
	constructor(private readonly mount: (screen: ScreenStream, look: Look) => () => void) {}

	/** Show `writer` the group's frames (the latest at once); returns the way out of the group. */
	join(look: Look, writer: ScreenWriter): () => void {
		const key = lookKey(look);
		let group = this.groups.get(key);
		if (!group) {
			group = new ScreenGroup(look);
			this.groups.set(key, group);
			group.unmount = this.mount(group.screen, look);
		}
		const joined = group;
		joined.members.add(writer);
		writer.invalidate(look.rows);
		if (joined.lastFrame !== null) writer.frame(joined.lastFrame);
		let left = false;
		return () => {
			if (left) return;
			left = true;
			joined.members.delete(writer);
			if (joined.members.size === 0 && this.groups.get(key) === joined) {
				this.groups.delete(key);
				joined.unmount();
			}
		};
	}

	/** How many renders run (one per distinct look). */
	get size(): number {
		return this.groups.size;
	}

	dispose(): void {
		for (const group of this.groups.values()) group.unmount();
		this.groups.clear();
	}
}
