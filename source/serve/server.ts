// The SSH server of `tcp-tui serve` (ssh2, pure JavaScript). Each connection with a terminal gets a
// seat: the app drawn into its channel at its own size and language. Nothing a student sends reaches
// a shell or the server's files: a shell request opens the app, an exec request runs one of the
// built-in headless commands, everything else (sftp, port forwarding, agent, X11) is refused.
import {createServer, type Server as NetServer, type Socket} from 'node:net';
import ssh2, {type Connection, type ServerChannel, type Session} from 'ssh2';
import type {Lang} from '../i18n/lang.js';
import {serveText} from '../i18n/serve.js';
import {AuthLimiter, judge, methodsFor} from './auth.js';
import {containSeatErrors, describeError, inSeat, runInSeat, type SeatScope} from './containment.js';
import {runExec} from './exec.js';
import {clientLocale, parseUsername, seatLanguage, type SeatKind} from './identity.js';
import type {Access} from './options.js';
import {crlf, ENTER_SCREEN, KeyStream, LEAVE_SCREEN, ScreenStream, ScreenWriter} from './screen.js';
import type {ParsedKey} from 'ssh2';

/** A remote terminal an app can be mounted on. */
export interface RemoteTerminal {
	keys: KeyStream;
	screen: ScreenStream;
	/** What reaches the client: a shared render (see screen-group.ts) feeds it directly. */
	writer: ScreenWriter;
	/**
	 * Set by an app that reads keys itself before anything is mounted on `keys` (a follower in a
	 * shared render): called with each chunk first; true means it was consumed.
	 */
	intercept?: ((data: Buffer) => boolean) | undefined;
	lang: Lang;
	ascii: boolean;
	color: boolean;
	/** The username's form of the seat, for the start screen's hint. */
	username: string;
	/** The seat's number (1 = the first to connect since the server started). */
	seat: number;
	/** End this seat after an error in what it shows (one line in its language, a restored terminal). */
	fail(error: unknown): void;
}

export interface Mounted {
	unmount(): void;
}

/** What a seat shows: the start screen, the teacher's session, or an own session (free play or a lesson). */
export type SeatRequest = {kind: 'choose'} | {kind: 'follow'} | {kind: 'play'; lesson?: string};

/** What the server mounts on a seat; `leave` closes the connection (the student quit), `open` replaces the app. */
export interface SeatApps {
	mount(request: SeatRequest, terminal: RemoteTerminal, leave: (code: number) => void, open: (request: SeatRequest) => void): Mounted;
}

export interface RosterCounts {
	follow: number;
	own: number;
	choosing: number;
}

export interface ServerConfig {
	port: number;
	host: string;
	hostKey: Buffer;
	maxSessions: number;
	idleTimeoutMs: number;
	access: Access;
	keys?: readonly ParsedKey[];
	/** The server's language: a student whose client says nothing gets it. */
	lang: Lang;
	apps: SeatApps;
	/**
	 * True while the teacher's app is open: a follower watches, so it is never idle then, however long
	 * the teacher talks between two keys (a lesson presented with long pauses).
	 */
	teacherPresent?: () => boolean;
	/** Connection events, for the console. */
	log?: (line: string) => void;
	onRoster?: (counts: RosterCounts) => void;
	now?: () => number;
	/** Max bytes waiting for a client before its frames are dropped. */
	backlogLimit?: number;
	/** For tests only (set by the operator, never by a student): the seat with this number (1 = first) fails on its first key. */
	faultSeat?: number;
	/** Errors that end a seat (one line each); the server's stderr by default. */
	logError?: (line: string) => void;
}

export interface ClassroomServer {
	readonly port: number;
	roster(): RosterCounts;
	/**
	 * Close every connection (a goodbye line on each screen) and stop listening; `failed`: the
	 * teacher's session stopped with an error, and each screen says so (exit status 1).
	 */
	close(how?: 'stopped' | 'failed'): Promise<void>;
}

/** Authentication must finish within this time. */
const LOGIN_GRACE_MS = 30_000;
/** Connections still authenticating, beyond the seats: more are cut at once. */
const SPARE_CONNECTIONS = 20;

interface SeatState {
	kind: SeatKind;
	close(message: string | null, code: number): void;
	/** The server stops (on purpose, or after an error in the teacher's session): a line in the seat's own language. */
	stop(how: 'stopped' | 'failed'): void;
}

export async function startServer(config: ServerConfig): Promise<ClassroomServer> {
	const now = config.now ?? Date.now;
	const limiter = new AuthLimiter(now);
	const sockets = new Map<string, Socket>();
	const seats = new Set<SeatState>();
	const connections = new Set<Connection>();
	const keys = config.keys ?? [];
	const log = config.log ?? (() => undefined);
	const logError = config.logError ?? ((line: string) => process.stderr.write(`${line}\n`));
	let closing = false;
	let seatNumber = 0;
	const stopContaining = containSeatErrors();

	const roster = (): RosterCounts => {
		const counts = {follow: 0, own: 0, choosing: 0};
		for (const seat of seats) {
			if (seat.kind === 'follow') counts.follow++;
			else if (seat.kind === 'play') counts.own++;
			else counts.choosing++;
		}
		return counts;
	};
	const rosterChanged = (): void => config.onRoster?.(roster());

	const sshServer = new ssh2.Server({hostKeys: [config.hostKey]}, (client: Connection, info) => {
		const address = info.ip ?? '?';
		const socket = sockets.get(`${info.ip}:${info.port}`);
		connections.add(client);
		const who = `${address}:${info.port}`;
		let username = '';
		const grace = setTimeout(() => client.end(), LOGIN_GRACE_MS);
		client.on('error', () => undefined);
		client.on('close', () => {
			clearTimeout(grace);
			connections.delete(client);
		});
		client.on('authentication', (ctx) => {
			if (limiter.locked(address)) {
				ctx.reject([]);
				return;
			}
			const verdict = judge(ctx, config.access, keys);
			username = ctx.username;
			if (verdict === 'accept') {
				ctx.accept();
			} else if (verdict === 'continue') {
				ctx.reject(methodsFor(config.access));
			} else {
				const wait = limiter.fail(address);
				setTimeout(() => ctx.reject(methodsFor(config.access)), wait);
			}
		});
		client.on('ready', () => {
			clearTimeout(grace);
			// Only sessions: no port forwarding in either direction.
			client.on('request', (accept, reject) => reject?.());
			client.on('tcpip', (_accept, reject) => reject());
			client.on('session', (acceptSession) => {
				const session = acceptSession();
				handleSession(session, username, who, socket);
			});
		});
	});

	function handleSession(session: Session, username: string, who: string, socket: Socket | undefined): void {
		const env: Record<string, string> = {};
		let pty: {columns: number; rows: number} | null = null;
		let seat: {screen: ScreenStream; writer: ScreenWriter; scope: SeatScope} | null = null;
		let used = false;

		session.on('env', (accept, _reject, info) => {
			// Only the locale is read; nothing else from the client's environment is used.
			if (/^(LANG|LC_[A-Z]+)$/.test(info.key)) env[info.key] = String(info.val);
			accept?.();
		});
		session.on('pty', (accept, _reject, info) => {
			pty = {columns: Math.max(1, info.cols || 80), rows: Math.max(1, info.rows || 24)};
			accept?.();
		});
		session.on('window-change', (accept, _reject, info) => {
			accept?.();
			const size = {columns: Math.max(1, info.cols || 80), rows: Math.max(1, info.rows || 24)};
			pty = size;
			if (seat) {
				const {writer, screen} = seat;
				runInSeat(seat.scope, () => {
					writer.invalidate(size.rows);
					screen.resize(size);
				});
			}
		});
		for (const refused of ['x11', 'auth-agent', 'subsystem', 'sftp'] as const) {
			session.on(refused as 'x11', (_accept: unknown, reject: () => void) => reject?.());
		}
		session.on('signal', (accept) => accept?.());

		const user = parseUsername(username);
		const language = (): Lang => seatLanguage(user, clientLocale(env), config.lang);

		session.on('exec', (accept, _reject, info) => {
			if (used) return _reject?.();
			used = true;
			const channel = accept();
			const text = (s: string): string => (pty ? crlf(s) : s);
			const code = runExec(info.command, language(), {
				out: (line) => channel.write(text(`${line}\n`)),
				err: (line) => channel.stderr.write(text(`${line}\n`)),
			});
			void code.then((status) => {
				channel.exit(status);
				channel.end();
			});
		});

		session.on('shell', (accept, reject) => {
			if (used) return reject?.();
			used = true;
			const channel = accept();
			const lang = language();
			if (!pty) {
				channel.stderr.write(`${serveText(lang, 'needPty')}\n`);
				channel.exit(1);
				channel.end();
				return;
			}
			if (closing || seats.size >= config.maxSessions) {
				channel.write(crlf(`${serveText(lang, 'full', {max: config.maxSessions})}\n`));
				channel.exit(1);
				channel.end();
				return;
			}
			const size: {columns: number; rows: number} = pty;
			const writer = new ScreenWriter(
				{
					write: (data) => {
						channel.write(data);
					},
					backlog: () => channel.writableLength + (socket?.writableLength ?? 0),
				},
				size.rows,
				config.backlogLimit,
			);
			const screen = new ScreenStream(size, (frame) => writer.frame(frame));
			const keysIn = new KeyStream();
			const number = ++seatNumber;
			// An error anywhere in this seat's code ends this seat only (see containment.ts).
			let failed = false;
			const scope: SeatScope = {
				fail: (error) => {
					if (failed) return;
					failed = true;
					logError(`tcp-tui: ${serveText(config.lang, 'logSeatFailed', {who, error: describeError(error)})}`);
					state.close(serveText(lang, 'seatFailed'), 1);
				},
			};
			seat = {screen, writer, scope};
			const locale = clientLocale(env);
			const terminal: RemoteTerminal = {keys: keysIn, screen, writer, lang, ascii: !locale.utf8, color: true, username, seat: number, fail: scope.fail};
			const retry = (): void => {
				writer.flush();
			};
			channel.on('drain', retry);
			socket?.on('drain', retry);
			// A client that reads slowly gets the latest frame once it has room; 'drain' only fires
			// after a refused write, so look again now and then while frames are waiting.
			const poll = setInterval(() => {
				if (writer.behind) writer.flush();
			}, 100);

			let lastKey = now();
			let mounted: Mounted | null = null;
			let ended = false;
			const state: SeatState = {
				kind: user.kind,
				close: (message, code) => {
					if (ended) return;
					ended = true;
					clearInterval(poll);
					clearInterval(idleCheck);
					socket?.off('drain', retry);
					try {
						mounted?.unmount();
					} catch {
						// the app was already gone
					}
					writer.close();
					seats.delete(state);
					rosterChanged();
					log(serveText(config.lang, 'logLeft', {who, count: seats.size}));
					try {
						channel.write(LEAVE_SCREEN + (message ? crlf(`${message}\n`) : ''));
						channel.exit(code);
						channel.end();
					} catch {
						// the connection is already gone
					}
				},
				stop: (how) => (how === 'failed' ? state.close(serveText(lang, 'serverFailed'), 1) : state.close(serveText(lang, 'goodbye'), 0)),
			};
			const idleCheck = setInterval(() => {
				if (state.kind === 'follow' && config.teacherPresent?.()) return;
				if (now() - lastKey >= config.idleTimeoutMs) {
					state.close(serveText(lang, 'idleClosed', {time: formatMinutes(config.idleTimeoutMs)}), 0);
				}
			}, Math.min(10_000, Math.max(250, config.idleTimeoutMs / 4)));
			seats.add(state);
			rosterChanged();
			log(serveText(config.lang, 'logJoined', {who, kind: user.kind, lang, columns: size.columns, rows: size.rows, count: seats.size}));

			let firstKey = true;
			channel.on('data', inSeat(scope, (data: Buffer) => {
				lastKey = now();
				if (firstKey && number === config.faultSeat) {
					setImmediate(() => {
						throw new Error(`test fault in seat ${number}`);
					});
				}
				firstKey = false;
				if (ended) return;
				if (terminal.intercept?.(data)) return;
				keysIn.write(data);
			}));
			channel.on('close', () => state.close(null, 0));
			channel.on('error', () => state.close(null, 0));

			// Called from inside the app's key handler: the app is torn down after it returns.
			const leave = (code: number): void => {
				setImmediate(() => state.close(serveText(lang, 'bye'), code === 130 ? 0 : code));
			};
			const open = (request: SeatRequest): void => {
				state.kind = request.kind;
				rosterChanged();
				try {
					mounted?.unmount();
				} catch {
					// replaced
				}
				terminal.intercept = undefined;
				writer.invalidate(screen.rows);
				mounted = config.apps.mount(request, terminal, leave, (next) => setImmediate(() => {
					if (!ended) open(next);
				}));
			};
			channel.write(ENTER_SCREEN);
			runInSeat(scope, () => open({kind: user.kind}));
		});
	}

	const netServer: NetServer = createServer((socket) => {
		if (closing || sockets.size >= config.maxSessions + SPARE_CONNECTIONS) {
			socket.destroy();
			return;
		}
		const key = `${socket.remoteAddress}:${socket.remotePort}`;
		sockets.set(key, socket);
		socket.setNoDelay(true);
		socket.on('close', () => sockets.delete(key));
		socket.on('error', () => undefined);
		sshServer.injectSocket(socket);
	});
	sshServer.on('error', () => undefined);

	await new Promise<void>((resolve, reject) => {
		netServer.once('error', (error) => {
			stopContaining();
			reject(error);
		});
		netServer.listen(config.port, config.host, () => {
			netServer.removeAllListeners('error');
			resolve();
		});
	});
	const address = netServer.address();
	const port = typeof address === 'object' && address ? address.port : config.port;

	return {
		port,
		roster,
		close: async (how = 'stopped') => {
			if (closing) return;
			closing = true;
			stopContaining();
			for (const seat of [...seats]) seat.stop(how);
			// Give the goodbye lines a moment to leave, then cut whatever is left.
			await new Promise((resolve) => setTimeout(resolve, 100));
			for (const client of connections) {
				try {
					client.end();
				} catch {
					// gone
				}
			}
			await new Promise<void>((resolve) => {
				netServer.close(() => resolve());
				for (const socket of sockets.values()) socket.destroy();
			});
			log(serveText(config.lang, 'logStopped'));
		},
	};
}

function formatMinutes(ms: number): string {
	return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}
