// What each seat runs: the start screen, an own session (today's full app on its own world), or
// the teacher's session. Every app is Ink rendering into the seat's ScreenStream.
import {randomInt} from 'node:crypto';
import React, {useEffect, useState} from 'react';
import {render, Text, useInput} from 'ink';
import {listDemos} from '../demo/catalog.js';
import {serveText} from '../i18n/serve.js';
import type {LinkConfig} from '../link/config.js';
import type {StackProfileName} from '../stack/profiles.js';
import {createWorld} from '../sim/world.js';
import {makeUi} from '../ui/context.js';
import type {TuiOptions} from '../ui/options.js';
import {createApp, type AppParts} from '../ui/run.js';
import {sessionLink} from '../cli/tui-options.js';
import type {TuiModel} from '../ui/model.js';
import type {Lang} from '../i18n/lang.js';
import type {Session} from '../session/session.js';
import type {DemoController} from '../demo/controller.js';
import {runInSeat, type SeatScope} from './containment.js';
import {KeyStream} from './screen.js';
import {languageSuffix} from './identity.js';
import {ScreenGroups} from './screen-group.js';
import type {Mounted, RemoteTerminal, SeatApps, SeatRequest} from './server.js';
import {StartScreen, startItems} from './StartScreen.js';

/** Mount an Ink element on a remote terminal: each write is one full frame (see screen.ts). */
export function mountOn(terminal: Pick<RemoteTerminal, 'keys' | 'screen'>, element: React.ReactElement): Mounted {
	const instance = render(element, {
		stdout: terminal.screen as unknown as NodeJS.WriteStream,
		stdin: terminal.keys as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	// Ink catches an error thrown while rendering and unmounts with it: rethrown here (in the seat's
	// context, see containment.ts) it ends the seat instead of leaving a frozen screen.
	instance.waitUntilExit().catch((error: unknown) => {
		throw error;
	});
	return {unmount: () => instance.unmount()};
}

export interface ClassroomSettings {
	/** The command line's link impairments, for every own session. */
	link: Partial<LinkConfig>;
	msl?: number;
	/** The command line's --profile, for every own session (free play and lessons), as for the teacher's. */
	profile?: StackProfileName;
	speed: number;
	/** The ssh line a student types to come straight to a seat (the start screen's hint), port included. */
	sshCommand: (user: string) => string;
	/** The teacher's session for followers; null when there is none (a server without a teacher's terminal). */
	teacher?: () => WatchedSession | null;
	/** For tests only (set by the operator, never by a student): followers' shared renders fail once the teacher acts. */
	faultSharedRender?: boolean;
	/** For tests only: the seat with this number, following with a view of its own, fails when told the teacher acted. */
	faultNotifySeat?: number;
}

/** What followers watch: the teacher's session and its lesson. */
export interface WatchedSession {
	session: Session;
	demo: DemoController | null;
}

function ownSessionOptions(settings: ClassroomSettings, terminal: RemoteTerminal, lesson?: string): TuiOptions {
	const demo = lesson === undefined ? undefined : listDemos().find((d) => d.name === lesson);
	// Free play over SSH is paced as in the app (a lesson sets its own link).
	const link = sessionLink(settings.link, demo === undefined);
	return {
		world: {seed: randomInt(1, 2 ** 31), ...(settings.profile === undefined ? {} : {profile: settings.profile}), stack: settings.msl === undefined ? {} : {msl: settings.msl}, link: {c2s: {...link}, s2c: {...link}}},
		lang: terminal.lang,
		ascii: terminal.ascii,
		color: terminal.color,
		speed: settings.speed,
		...(demo ? {lessonFile: demo.path} : {}),
	};
}

/** A screen with one line of text; any key goes back. */
function Notice(props: {text: string; onKey: () => void}): React.JSX.Element {
	useInput(() => props.onKey());
	return <Text>{props.text}</Text>;
}

/** The test fault of `faultSharedRender`: the render throws once the session has run an action since it was mounted. */
function FailsOnceTeacherActs(props: {session: Session; children: React.ReactElement}): React.ReactElement {
	const [acted, setActed] = useState(false);
	useEffect(() => {
		const start = props.session.log.length;
		return props.session.subscribe(() => {
			if (props.session.log.length > start) setActed(true);
		});
	}, [props.session]);
	if (acted) throw new Error("test fault in the followers' shared render");
	return props.children;
}

/**
 * A follower's viewer hears of the teacher's session inside the teacher's call (a key, a clock
 * frame): each notification runs in a seat scope of its own (see containment.ts), so a throw there,
 * or in what it schedules, ends what shows this viewer, later and out of the teacher's call; the
 * viewer hears nothing more meanwhile.
 */
function seatNotifier(fail: (error: unknown) => void): (deliver: () => void) => void {
	let broken = false;
	const scope: SeatScope = {
		fail: (error) => {
			if (broken) return;
			broken = true;
			setImmediate(() => fail(error));
		},
	};
	return (deliver) => {
		if (!broken) runInSeat(scope, deliver);
	};
}

/** The test fault of `faultNotifySeat`: the viewer throws, outside any render, when the session tells it of an action run after this. */
function failOnceTeacherActs(model: TuiModel, session: Session): void {
	const start = session.log.length;
	const changed = model.changed.bind(model);
	model.changed = () => {
		if (session.log.length > start) throw new Error("test fault in a follower's notification");
		changed();
	};
}

/** Followers get at most 10 frames a second (see ScreenWriter.minIntervalMs). */
export const FOLLOWER_FRAME_MS = 100;

/** A follower's view as the group shares it: main view, nothing selected, default numbering and ladder. */
export function pristine(model: TuiModel): boolean {
	return model.view === 'main' && model.prompt === null && model.ladderSelected === null && model.relativeNumbers && !model.timeScaled
		&& model.focus === 'server' && model.selectedKey.client === null && model.selectedKey.server === null && model.note === null
		// A follower who is typing or has answered the open question sees its own answer: not the shared screen.
		&& model.quizTyped === '' && !(model.session.quiz?.answers.has(model.viewerId) ?? false);
}

/**
 * Followers: while a follower looks at what every follower sees, it is a member of a shared render
 * (one per look, see screen-group.ts). Its first key gives it a viewer of its own (a view, a
 * selection, scrolling); when that viewer is back where it started, it rejoins the shared render.
 */
class Followers {
	private groups: ScreenGroups | null = null;
	private watched: WatchedSession | null = null;
	private followerCount = 0;

	constructor(private readonly teacher: () => WatchedSession | null, private readonly faults: {shared: boolean; notifySeat?: number | undefined}) {}

	/** `fail` ends what shows this viewer (a seat, or a shared render's members) after an error in it. */
	private viewer(watched: WatchedSession, look: {lang: Lang; ascii: boolean; color: boolean}, onQuit: (code: number) => void, fail: (error: unknown) => void, viewerId?: string): AppParts {
		return createApp({
			options: {world: {seed: 0}, lang: look.lang, ascii: look.ascii, color: look.color, speed: 1},
			worldFactory: createWorld,
			watch: {session: watched.session, demo: watched.demo, readOnly: true, notifyWithin: seatNotifier(fail)},
			...(viewerId === undefined ? {} : {viewerId}),
			onQuit,
		});
	}

	private groupsFor(watched: WatchedSession): ScreenGroups {
		if (this.groups && this.watched === watched) return this.groups;
		this.groups?.dispose();
		this.watched = watched;
		const groups = new ScreenGroups((screen, look, fail) => {
			const app = this.viewer(watched, {lang: look.lang as Lang, ascii: look.ascii, color: look.color}, () => undefined, fail);
			const element = this.faults.shared ? <FailsOnceTeacherActs session={watched.session}>{app.element}</FailsOnceTeacherActs> : app.element;
			const mounted = mountOn({keys: new KeyStream(), screen}, element);
			return () => {
				mounted.unmount();
				app.dispose();
			};
		});
		this.groups = groups;
		return groups;
	}

	mount(terminal: RemoteTerminal, leave: (code: number) => void): Mounted | null {
		const watched = this.teacher();
		if (!watched) return null;
		const groups = this.groupsFor(watched);
		let leaveGroup: (() => void) | null = null;
		let own: {app: AppParts; mounted: Mounted} | null = null;
		let closed = false;
		// One follower answers questions as one viewer, however often it leaves and rejoins the shared render.
		const viewerId = `follower-${++this.followerCount}`;
		const look = () => ({lang: terminal.lang, ascii: terminal.ascii, color: terminal.color, columns: terminal.screen.columns, rows: terminal.screen.rows});
		const share = (): void => {
			if (closed) return;
			if (own) {
				own.mounted.unmount();
				own.app.dispose();
				own = null;
			}
			leaveGroup?.();
			leaveGroup = groups.join(look(), terminal.writer, terminal.fail);
			terminal.intercept = () => {
				// The first key: a viewer of its own, which then reads this key and the ones after.
				goOwn();
				return false;
			};
		};
		const goOwn = (): void => {
			leaveGroup?.();
			leaveGroup = null;
			terminal.intercept = undefined;
			const app = this.viewer(watched, terminal, leave, terminal.fail, viewerId);
			if (terminal.seat === this.faults.notifySeat) failOnceTeacherActs(app.model, watched.session);
			const handle = app.model.handleKey.bind(app.model);
			app.model.handleKey = (input, key) => {
				handle(input, key);
				if (pristine(app.model)) setImmediate(share);
			};
			terminal.writer.invalidate(terminal.screen.rows);
			own = {app, mounted: mountOn(terminal, app.element)};
		};
		// A resize while shared: the group for the new size.
		const onResize = (): void => {
			if (!own && !closed) {
				leaveGroup?.();
				leaveGroup = groups.join(look(), terminal.writer, terminal.fail);
			}
		};
		terminal.screen.on('resize', onResize);
		terminal.writer.minIntervalMs = FOLLOWER_FRAME_MS;
		share();
		return {
			unmount: () => {
				closed = true;
				terminal.writer.minIntervalMs = 0;
				terminal.screen.off('resize', onResize);
				terminal.intercept = undefined;
				leaveGroup?.();
				if (own) {
					own.mounted.unmount();
					own.app.dispose();
				}
			},
		};
	}

	/** Renders running for followers (one per look, plus one per follower with a view of its own). */
	get sharedRenders(): number {
		return this.groups?.size ?? 0;
	}

	dispose(): void {
		this.groups?.dispose();
		this.groups = null;
	}
}

export function classroomApps(settings: ClassroomSettings): SeatApps & {dispose(): void} {
	const followers = new Followers(settings.teacher ?? (() => null), {shared: settings.faultSharedRender === true, notifySeat: settings.faultNotifySeat});
	return {
		dispose: () => followers.dispose(),
		mount(request: SeatRequest, terminal, leave, open): Mounted {
			const ui = makeUi(terminal.lang, terminal.ascii, terminal.color);
			if (request.kind === 'choose') {
				const lessons = listDemos().map((d) => ({name: d.name, title: d.title[terminal.lang]}));
				return mountOn(terminal, (
					<StartScreen ui={ui} items={startItems(ui, lessons)} sshCommand={(user) => settings.sshCommand(`${user}${languageSuffix(terminal.username)}`)} onChoose={(choice) => open(choice)} onQuit={() => leave(0)} />
				));
			}
			if (request.kind === 'follow') {
				const followed = followers.mount(terminal, leave);
				if (followed) return followed;
				return mountOn(terminal, <Notice text={serveText(terminal.lang, 'followUnavailable')} onKey={() => open({kind: 'choose'})} />);
			}
			const app = createApp({
				options: ownSessionOptions(settings, terminal, request.lesson),
				worldFactory: createWorld,
				// Saving would write on the server: refused, with a line saying why.
				saveTranscript: () => ({ok: false, message: serveText(terminal.lang, 'saveRefused')}),
				saveRecording: () => ({ok: false, message: serveText(terminal.lang, 'saveRefused')}),
				onQuit: (code) => leave(code),
			});
			const mounted = mountOn(terminal, app.element);
			return {
				unmount: () => {
					app.dispose();
					mounted.unmount();
				},
			};
		},
	};
}
