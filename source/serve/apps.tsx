// What each seat runs: the start screen, an own session (today's full app on its own world), or
// the teacher's session. Every app is Ink rendering into the seat's ScreenStream.
import {randomInt} from 'node:crypto';
import React from 'react';
import {render, Text, useInput} from 'ink';
import {listDemos} from '../demo/catalog.js';
import {serveText} from '../i18n/serve.js';
import type {LinkConfig} from '../link/config.js';
import {createWorld} from '../sim/world.js';
import {makeUi} from '../ui/context.js';
import type {TuiOptions} from '../ui/options.js';
import {createApp} from '../ui/run.js';
import type {Mounted, RemoteTerminal, SeatApps, SeatRequest} from './server.js';
import {StartScreen, startItems} from './StartScreen.js';

/** Mount an Ink element on a remote terminal: each write is one full frame (see screen.ts). */
export function mountOn(terminal: RemoteTerminal, element: React.ReactElement): Mounted {
	const instance = render(element, {
		stdout: terminal.screen as unknown as NodeJS.WriteStream,
		stdin: terminal.keys as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	return {unmount: () => instance.unmount()};
}

export interface ClassroomSettings {
	/** The command line's link impairments, for every own session. */
	link: Partial<LinkConfig>;
	msl?: number;
	speed: number;
	/** The address students type (for the start screen's hint). */
	host: string;
	/** The teacher's session for followers; null until there is one. */
	follow?: (terminal: RemoteTerminal, leave: (code: number) => void) => Mounted | null;
}

function ownSessionOptions(settings: ClassroomSettings, terminal: RemoteTerminal, lesson?: string): TuiOptions {
	const demo = lesson === undefined ? undefined : listDemos().find((d) => d.name === lesson);
	return {
		world: {seed: randomInt(1, 2 ** 31), stack: settings.msl === undefined ? {} : {msl: settings.msl}, link: {c2s: {...settings.link}, s2c: {...settings.link}}},
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

export function classroomApps(settings: ClassroomSettings): SeatApps {
	return {
		mount(request: SeatRequest, terminal, leave, open): Mounted {
			const ui = makeUi(terminal.lang, terminal.ascii, terminal.color);
			if (request.kind === 'choose') {
				const lessons = listDemos().map((d) => ({name: d.name, title: d.title[terminal.lang]}));
				return mountOn(terminal, (
					<StartScreen ui={ui} items={startItems(ui, lessons)} host={settings.host} onChoose={(choice) => open(choice)} onQuit={() => leave(0)} />
				));
			}
			if (request.kind === 'follow') {
				const followed = settings.follow?.(terminal, leave) ?? null;
				if (followed) return followed;
				return mountOn(terminal, <Notice text={serveText(terminal.lang, 'followUnavailable')} onKey={() => open({kind: 'choose'})} />);
			}
			const app = createApp({
				options: ownSessionOptions(settings, terminal, request.lesson),
				worldFactory: createWorld,
				// Saving would write on the server: refused, with a line saying why.
				saveTranscript: () => ({ok: false, message: serveText(terminal.lang, 'saveRefused')}),
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
