// One render shown on many terminals. Followers who look at the same thing (the teacher's session,
// main view, nothing selected) at the same size, language and drawing get the same frame, so it is
// drawn once per group, not once per follower: a class of 60 at 80×24 in one language costs one
// render per frame. Each member's ScreenWriter still sends its client only what that client lacks,
// and drops frames for a client that has fallen behind. The render runs in a scope of its own (see
// containment.ts): when it fails, no member can be drawn any more, so every member is failed.
import {runInSeat, type SeatScope} from './containment.js';
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

/** A member's seat is ended with this when the render it is shown can no longer be drawn. */
export type FailMember = (error: unknown) => void;

class ScreenGroup {
	/** Each member's writer and the way to end its seat after an error. */
	readonly members = new Map<ScreenWriter, FailMember>();
	readonly screen: ScreenStream;
	lastFrame: string | null = null;
	failed = false;
	unmount: () => void = () => undefined;

	constructor(look: Look) {
		this.screen = new ScreenStream({columns: look.columns, rows: look.rows}, (frame) => {
			this.lastFrame = frame;
			for (const member of this.members.keys()) member.frame(frame);
		});
	}
}

/** Groups by look; a group's render is mounted with its first member and unmounted with its last. */
export class ScreenGroups {
	private readonly groups = new Map<string, ScreenGroup>();

	/**
	 * @param mount draws the shared view into `screen` at `look`; returns its unmount. `fail` ends the
	 * render and every member's seat (for code of the render's that runs outside its scope).
	 */
	constructor(private readonly mount: (screen: ScreenStream, look: Look, fail: FailMember) => () => void) {}

	/**
	 * Show `writer` the group's frames (the latest at once); returns the way out of the group. `fail`
	 * ends the member's seat if the group's render fails (it is never called after the member left).
	 */
	join(look: Look, writer: ScreenWriter, fail: FailMember): () => void {
		const key = lookKey(look);
		let group = this.groups.get(key);
		if (!group) {
			const created = new ScreenGroup(look);
			group = created;
			this.groups.set(key, created);
			const scope: SeatScope = {fail: (error) => this.fail(key, created, error)};
			runInSeat(scope, () => {
				created.unmount = this.mount(created.screen, look, scope.fail);
			});
		}
		const joined = group;
		joined.members.set(writer, fail);
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

	/** The group's render failed: it is dropped, and every member's seat ends with the error. */
	private fail(key: string, group: ScreenGroup, error: unknown): void {
		if (group.failed) return;
		group.failed = true;
		if (this.groups.get(key) === group) this.groups.delete(key);
		try {
			group.unmount();
		} catch {
			// the render is already gone
		}
		// Later, not from inside the join or render that failed: a seat's close unmounts what it runs.
		setImmediate(() => {
			const members = [...group.members.values()];
			group.members.clear();
			for (const failMember of members) failMember(error);
		});
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
