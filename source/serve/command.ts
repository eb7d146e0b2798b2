// `tcp-tui serve`: the classroom. Starts the SSH server, prints the line students type, and gives
// the teacher's terminal the app (with the roster on its top bar) when it is a terminal; otherwise
// it logs who joins and leaves. Ctrl-C / SIGTERM (or q in the teacher's app) closes every connection
// with a goodbye line and stops.
import type {CliSettings, RawFlags} from '../cli/flags.js';
import type {Output} from '../cli/run-command.js';
import {tuiOptions} from '../cli/tui-options.js';
import {serveText} from '../i18n/serve.js';
import {readAuthorizedKeys} from './auth.js';
import {classroomApps, type WatchedSession} from './apps.js';
import {inSeatContext} from './containment.js';
import {loadOrCreateHostKey} from './host-key.js';
import {validateServeFlags, type ServeOptions} from './options.js';
import {startServer, type ClassroomServer, type RosterCounts} from './server.js';
import type {ParsedKey} from 'ssh2';

function studentHost(options: ServeOptions): string {
	return options.host === '0.0.0.0' || options.host === '::' ? 'HOST' : options.host;
}

export function studentCommand(options: ServeOptions, user: string): string {
	const port = options.port === 22 ? '' : `-p ${options.port} `;
	return `ssh ${port}${user}@${studentHost(options)}`;
}

/** @param lesson the lesson the teacher's session opens with (`tcp-tui serve handshake`). */
export async function serveCommand(raw: RawFlags, settings: CliSettings, io: Output, interactive: boolean, lesson?: {path: string; seed: number}): Promise<number> {
	const {lang} = settings;
	const validated = validateServeFlags(raw, settings);
	if (!validated.ok) {
		io.err(`tcp-tui: ${validated.message}`);
		return 2;
	}
	const options = validated.value;
	let keys: ParsedKey[] = [];
	if (options.access.kind === 'keys') {
		const list = readAuthorizedKeys(options.access.file);
		if (!list.ok) {
			io.err(`tcp-tui: ${serveText(lang, 'keysProblem', {file: options.access.file, reason: list.reason[lang]})}`);
			return 2;
		}
		keys = list.keys;
	}
	const hostKey = loadOrCreateHostKey(options.hostKeyFile);
	if (!hostKey.ok) {
		const file = options.hostKeyFile;
		const line = hostKey.problem === 'io' ? serveText(lang, 'hostKeyProblem', {file, reason: hostKey.reason[lang]})
			: serveText(lang, hostKey.problem === 'notKey' ? 'hostKeyNotKey' : 'hostKeyDamaged', {file, detail: hostKey.detail[lang]});
		io.err(`tcp-tui: ${line}`);
		return 2;
	}

	let roster: RosterCounts = {follow: 0, own: 0, choosing: 0};
	let redraw: () => void = () => undefined;
	let teacher: WatchedSession | null = null;
	// The port students type is the one bound (known once listening: `--port 0` picks one).
	let boundPort = options.port;
	const apps = classroomApps({
		link: settings.link,
		...(settings.msl === undefined ? {} : {msl: settings.msl}),
		...(settings.profile === undefined ? {} : {profile: settings.profile}),
		speed: settings.speed,
		sshCommand: (user) => studentCommand({...options, port: boundPort}, user),
		teacher: () => teacher,
		...(testFault() === 'shared' ? {faultSharedRender: true} : {}),
		...testFaultNotify(),
	});
	const heldErrors: string[] = [];
	let server: ClassroomServer;
	try {
		server = await startServer({
			port: options.port,
			host: options.host,
			hostKey: hostKey.key,
			maxSessions: options.maxSessions,
			idleTimeoutMs: options.idleTimeoutMs,
			access: options.access,
			keys,
			lang,
			apps,
			teacherPresent: () => teacher !== null,
			...testFaultSeat(),
			// A line on the teacher's terminal would break its screen: written once the app has left it.
			...(interactive ? {logError: (line: string) => void heldErrors.push(line)} : {}),
			// With the app on the teacher's terminal the console lines would break its screen.
			...(interactive ? {} : {log: (line: string) => io.out(line)}),
			onRoster: (counts) => {
				roster = counts;
				redraw();
			},
		});
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code ?? String(error);
		io.err(`tcp-tui: ${serveText(lang, 'listenProblem', {host: options.host, port: options.port, reason})}`);
		return 2;
	}
	boundPort = server.port;
	const shown = {...options, port: server.port};
	io.out(serveText(lang, hostKey.created ? 'hostKeyCreated' : 'hostKeyUsed', {file: options.hostKeyFile, fingerprint: hostKey.fingerprint}));
	io.out(serveText(lang, 'listening', {host: options.host, port: server.port}));
	io.out(serveText(lang, 'studentLine', {command: studentCommand(shown, 'follow'), what: serveText(lang, 'followTeacher')}));
	io.out(serveText(lang, 'studentLine', {command: studentCommand(shown, 'play'), what: serveText(lang, 'ownSession')}));
	const access = options.access.kind === 'open' ? serveText(lang, 'accessOpen') : options.access.kind === 'password' ? serveText(lang, 'accessPassword') : serveText(lang, 'accessKeys', {file: options.access.file});
	io.out(`  (${access})`);
	io.out(serveText(lang, 'stopHint'));

	let code: number;
	if (interactive) {
		const {runTui} = await import('../ui/run.js');
		code = await runTui(tuiOptions(settings, lesson), {
			teacher: true,
			printedBefore: true,
			// A student's seat that fails is closed by the server (see containment.ts), not the teacher's app.
			notMine: inSeatContext,
			topNote: () => serveText(lang, 'roster', {follow: roster.follow, own: roster.own, choosing: roster.choosing}),
			onStart: (app) => {
				if (testFault() === 'teacher') {
					app.model.handleKey = () => {
						throw new Error("test fault in the teacher's app");
					};
				}
				teacher = {session: app.session, demo: app.demo};
				redraw = () => app.model.changed();
			},
		});
	} else {
		code = await new Promise<number>((resolve) => {
			const stop = (signalCode: number) => (): void => {
				process.off('SIGINT', onInt);
				process.off('SIGTERM', onTerm);
				resolve(signalCode);
			};
			const onInt = stop(130);
			const onTerm = stop(143);
			process.on('SIGINT', onInt);
			process.on('SIGTERM', onTerm);
		});
	}
	// Quitting, Ctrl-C, SIGTERM and a closed terminal stop the classroom on purpose; any other code is the teacher's app failing.
	await server.close([0, 129, 130, 143].includes(code) ? 'stopped' : 'failed');
	apps.dispose();
	for (const line of heldErrors) io.err(line);
	// Stopping the classroom on purpose is a clean exit.
	return code === 130 || code === 143 ? 0 : code;
}

/**
 * Tests make a part of the classroom fail on purpose, from the server's own environment (read at
 * start; no student can set it): `TCP_TUI_TEST_FAULT_SEAT=N` the Nth seat on its first key,
 * `shared` the followers' shared renders once the teacher acts, `teacher` the teacher's app on its first key,
 * `notify:N` the Nth seat, following with a view of its own, when told that the teacher acted.
 */
function testFault(): string | undefined {
	return process.env['TCP_TUI_TEST_FAULT_SEAT'];
}

function testFaultNotify(): {faultNotifySeat?: number} {
	const value = Number(/^notify:(\d+)$/.exec(testFault() ?? '')?.[1]);
	return Number.isInteger(value) && value > 0 ? {faultNotifySeat: value} : {};
}

function testFaultSeat(): {faultSeat?: number} {
	const value = Number(testFault());
	return Number.isInteger(value) && value > 0 ? {faultSeat: value} : {};
}
