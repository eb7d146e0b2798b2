// The app's state and every key's meaning, outside React so it can be tested without a terminal.
// It owns the (swappable) world, the store over its events and the clock; components only read it.
import type {Key} from 'ink';
import type {Direction, SimEvent} from '../sim/events.js';
import type {WorldApi} from '../sim/world-api.js';
import type {HostApi} from '../stack/host-api.js';
import type {HostSnapshot, ShutdownHow, SocketSnapshot} from '../stack/types.js';
import type {Lang} from '../i18n/lang.js';
import {uiText} from '../i18n/ui.js';
import {parseEndpoint, parsePort} from '../scenario/units.js';
import {PlotRecorder} from '../demo/plot-data.js';
import {ClockDriver, SYSTEM_TIME, type Activity, type RealTime} from './clock.js';
import {LINK_FIELDS, parseLinkValue} from './link-fields.js';
import {UiStore} from './store.js';
import {socketKey} from './format.js';

export type Side = 'client' | 'server';
export type View = 'main' | 'help' | 'diagram' | 'transcript' | 'link' | 'detail' | 'plot' | 'legend';

export interface Prompt {
	kind: 'write' | 'bind' | 'connect' | 'shutdown';
	side: Side;
	text: string;
	error?: string;
}

export interface LinkCursor {
	field: number;
	dir: Direction;
	/** What the user is typing for the field under the cursor; null when not editing. */
	text: string | null;
	error: string | null;
}

/** A lesson being played (the demo controller): the model only needs these. */
export interface DemoSession {
	world(): WorldApi;
	next(): void;
	back(): void;
	/** Called when the user leaves the demo (Esc); the world stays. */
	leave?(): void;
	/** The lesson's cwnd/ssthresh and sequence recorder over its current world (the plot view). */
	recorder?(): PlotRecorder;
}

export interface ModelOptions {
	lang: Lang;
	speed: number;
	createWorld: () => WorldApi;
	time?: RealTime;
	/** Save the transcript; returns the path written or an error message. */
	saveTranscript?: (world: WorldApi, store: UiStore) => {ok: true; path: string} | {ok: false; message: string};
	demo?: DemoSession;
	onQuit: (code: number) => void;
	/** Sides that are a real remote endpoint (wire mode): no keys act on them. */
	remote?: Side | null;
	/** The world runs by itself (wire mode): redraw after its events, not only on clock frames. */
	liveEvents?: boolean;
}

export const READ_SIZE = 4096;
export const BIG_WRITE_SIZE = 10_000;
const DEFAULT_LISTEN_BACKLOG = 8;
const DEFAULT_SERVER_PORT = 80;
const DEFAULT_CLIENT_PORT = 8080;
/** Countdowns show tenths of a second below this (and whole seconds above): see formatCountdown. */
const COUNTDOWN_TENTHS_BELOW = 10_000;
/**
 * Frames per second while segments move. Ink's own cap used to drop every other frame of 30/s
 * (about 14 reached the terminal); 20 drawn for real is as smooth, at the same bytes per second.
 */
const ANIMATION_FPS = 20;
/** Wire mode: real-network events redraw the screen at most this often. */
const LIVE_FRAME_MS = 1000 / ANIMATION_FPS;
/** Segments PgUp/PgDn move the ladder selection by. */
const LADDER_PAGE = 10;

export function bigWritePayload(size = BIG_WRITE_SIZE): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz';
	let out = '';
	while (out.length < size) out += alphabet;
	return out.slice(0, size);
}

/** The Key of one character out of a chunk: Enter, Tab and Backspace are recognised again. */
function keyOf(ch: string, template: Key): Key {
	const none = Object.fromEntries(Object.keys(template).map((name) => [name, false])) as unknown as Key;
	return {...none, return: ch === '\r' || ch === '\n', tab: ch === '\t', backspace: ch === '\x7f' || ch === '\b'};
}

export class TuiModel {
	world!: WorldApi;
	store!: UiStore;
	readonly clock: ClockDriver;
	focus: Side = 'server';
	readonly selectedFd: Record<Side, number | null> = {client: null, server: null};
	/** The row chosen with ↑/↓ (socketKey): the same fd may appear twice, live and orphaned. */
	readonly selectedKey: Record<Side, string | null> = {client: null, server: null};
	view: View = 'main';
	prompt: Prompt | null = null;
	message: string | null = null;
	/** Selected ladder entry id; null follows the newest segment. */
	ladderSelected: number | null = null;
	/** The ladder drawn to scale: rows are time slices, arrows slant (T). */
	timeScaled = false;
	/** null: decide by the ladder's width (relative when narrow). */
	relativeNumbers: boolean | null = null;
	linkCursor: LinkCursor = {field: 0, dir: 'c2s', text: null, error: null};
	/** Transcript rows back from the newest (0: the latest moments at the bottom). */
	transcriptScroll = 0;
	demo: DemoSession | null;
	/** What the plot view (g) draws: the lesson's recorder, or one of our own over the free world. */
	plotRecorder!: PlotRecorder;
	/** Bumped whenever anything on screen may have changed. */
	version = 0;
	private unsubscribe: (() => void) | null = null;
	private plotDetach: (() => void) | null = null;
	private redrawQueued = false;
	private lastLiveRedraw = -Infinity;
	private readonly listeners = new Set<() => void>();

	constructor(private readonly options: ModelOptions) {
		this.demo = options.demo ?? null;
		// Keys start on the server (its calls come first); in wire mode, on our own endpoint.
		if (options.remote === 'server') this.focus = 'client';
		this.attach(this.demo ? this.demo.world() : options.createWorld());
		this.clock = new ClockDriver(this.world, {
			fps: ANIMATION_FPS,
			speed: options.speed,
			time: options.time,
			activity: () => this.activity(),
			countdownResolution: () => this.countdownResolution(),
			onFrame: () => this.changed(),
		});
	}

	get lang(): Lang {
		return this.options.lang;
	}

	get remote(): Side | null {
		return this.options.remote ?? null;
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	dispose(): void {
		this.clock.dispose();
		this.unsubscribe?.();
		this.unsubscribe = null;
		this.plotDetach?.();
		this.plotDetach = null;
	}

	host(side: Side): HostApi {
		return side === 'client' ? this.world.client : this.world.server;
	}

	/**
	 * The socket the keys act on in a pane: the row chosen with ↑/↓ (by socketKey), else the live
	 * socket on the selected fd, else the newest orphan that fd left behind (close() → TIME_WAIT
	 * stays in view), else the newest live one.
	 */
	selectedSocket(side: Side, snapshot: HostSnapshot): SocketSnapshot | null {
		const key = this.selectedKey[side];
		if (key !== null) {
			const keyed = snapshot.sockets.find((s) => socketKey(s) === key);
			if (keyed) return keyed;
		}
		const fd = this.selectedFd[side];
		const sameFd = snapshot.sockets.filter((s) => s.fd === fd);
		const chosen = sameFd.find((s) => !s.orphaned) ?? sameFd[sameFd.length - 1];
		if (chosen) return chosen;
		if (fd !== null) return null;
		const live = snapshot.sockets.filter((s) => !s.orphaned);
		return live[live.length - 1] ?? snapshot.sockets[snapshot.sockets.length - 1] ?? null;
	}

	activity(): Activity {
		if (this.world.inFlight().length > 0) return 'animating';
		return this.nearestCountdown() === null ? 'idle' : 'counting';
	}

	/** Virtual ms per step of the countdowns on screen: tenths below 10 s, whole seconds above. */
	countdownResolution(): number {
		const nearest = this.nearestCountdown();
		return nearest !== null && nearest < COUNTDOWN_TENTHS_BELOW ? 100 : 1000;
	}

	/** Time left on the soonest timer of any connection (what the panes count down), or null. */
	private nearestCountdown(): number | null {
		const snap = this.world.snapshot();
		const now = this.world.now();
		let nearest: number | null = null;
		for (const host of [snap.client, snap.server]) {
			for (const socket of host.sockets) {
				const conn = socket.connection;
				if (!conn) continue;
				const ends = conn.timers.map((timer) => timer.at);
				if (conn.timeWaitUntil !== null) ends.push(conn.timeWaitUntil);
				for (const at of ends) nearest = Math.min(nearest ?? Infinity, at - now);
			}
		}
		return nearest;
	}

	// ---------------------------------------------------------------------------------------
	// Keys

	handleKey(input: string, key: Key): void {
		// Keys typed while the app was busy arrive as one chunk ("sb\nL"): take them one by one.
		const chars = [...input];
		if (chars.length > 1 && !key.ctrl && !key.meta && !key.escape) {
			for (const ch of chars) this.handleKey(ch, keyOf(ch, key));
			return;
		}
		if (key.ctrl && input === 'c') {
			this.options.onQuit(130);
			return;
		}
		if (this.prompt) {
			this.promptKey(input, key);
		} else {
			switch (this.view) {
				case 'main':
					this.mainKey(input, key);
					break;
				case 'legend':
					if (key.escape || input === 'm') this.view = 'main';
					else if (input === 'q') this.options.onQuit(0);
					else this.timeKey(input);
					break;
				case 'help':
					if (key.escape || input === '?') this.view = 'main';
					else if (input === 'm') this.view = 'legend';
					else if (input === 'q') this.options.onQuit(0);
					else this.timeKey(input);
					break;
				case 'diagram':
					if (key.escape || input === 'd') this.view = 'main';
					else if (input === 'q') this.options.onQuit(0);
					else if (!this.demoStepKey(input, key)) this.timeKey(input);
					break;
				case 'plot':
					// A lesson goes on while its plot or diagram is watched: → n ← still step it.
					if (key.escape || input === 'g') this.view = 'main';
					else if (input === 'q') this.options.onQuit(0);
					else if (!this.demoStepKey(input, key)) this.timeKey(input);
					break;
				case 'detail':
					if (key.escape || key.return) this.view = 'main';
					else if (input === '[') this.selectSegment(-1);
					else if (input === ']') this.selectSegment(1);
					else this.timeKey(input);
					break;
				case 'transcript':
					this.transcriptKey(input, key);
					break;
				case 'link':
					this.linkKey(input, key);
					break;
			}
		}
		this.changed();
	}

	/** Space, `.`, `+`, `-`: time keys work in every view that does not take typing. */
	private timeKey(input: string): boolean {
		switch (input) {
			case ' ':
				this.clock.togglePause();
				return true;
			case '.':
				this.clock.step();
				return true;
			case '+':
			case '=':
				this.clock.faster();
				return true;
			case '-':
			case '_':
				this.clock.slower();
				return true;
			default:
				return false;
		}
	}

	private mainKey(input: string, key: Key): void {
		this.message = null;
		if (this.demoStepKey(input, key)) return;
		if (this.demo) {
			if (key.escape) {
				this.demo.leave?.();
				this.demo = null;
				this.message = uiText(this.lang, 'demoLeft');
				return;
			}
		}
		if (this.timeKey(input)) return;
		if (key.tab) {
			this.focus = this.focus === 'client' ? 'server' : 'client';
			return;
		}
		if (key.upArrow || key.downArrow) {
			this.cycleSocket(key.upArrow ? -1 : 1);
			return;
		}
		if (key.escape) {
			this.ladderSelected = null;
			return;
		}
		if (key.pageUp || key.pageDown) {
			this.selectSegment(key.pageUp ? -LADDER_PAGE : LADDER_PAGE);
			return;
		}
		if (key.return) {
			if (this.ladderSelected === null) this.selectSegment(-1);
			this.view = 'detail';
			return;
		}
		switch (input) {
			case 'q':
				this.options.onQuit(0);
				return;
			case '?':
				this.view = 'help';
				return;
			case 'd':
				this.view = 'diagram';
				return;
			case 'm':
				this.view = 'legend';
				return;
			case 'g':
				this.view = 'plot';
				return;
			case 't':
				this.view = 'transcript';
				this.transcriptScroll = 0;
				return;
			case 'l':
				this.view = 'link';
				this.linkCursor = {...this.linkCursor, text: null, error: null};
				return;
			case 'r':
				this.reset();
				return;
			case '[':
				this.selectSegment(-1);
				return;
			case ']':
				this.selectSegment(1);
				return;
			case '#':
				this.relativeNumbers = !(this.relativeNumbers ?? true);
				return;
			case 'T':
				this.timeScaled = !this.timeScaled;
				return;
			default:
				this.paneKey(input);
		}
	}

	/** → / n and ← in a lesson: the next step, or back one. */
	private demoStepKey(input: string, key: Key): boolean {
		if (!this.demo) return false;
		if (key.rightArrow || input === 'n') {
			// The step starts now, not at the time of the last frame.
			this.clock.sync();
			this.demo.next();
			this.swapWorld(this.demo.world());
			return true;
		}
		if (key.leftArrow) {
			this.demo.back();
			this.swapWorld(this.demo.world());
			return true;
		}
		return false;
	}

	private paneKey(input: string): void {
		const side = this.focus;
		if (this.remote === side) return;
		switch (input) {
			case 's':
				this.call(side, (h) => h.socket());
				return;
			case 'b':
				this.prompt = {kind: 'bind', side, text: String(side === 'server' ? DEFAULT_SERVER_PORT : DEFAULT_CLIENT_PORT)};
				return;
			case 'L':
				this.call(side, (h, fd) => h.listen(fd, DEFAULT_LISTEN_BACKLOG));
				return;
			case 'a':
				this.call(side, (h, fd) => h.accept(fd));
				return;
			case 'c':
				this.prompt = {kind: 'connect', side, text: this.defaultConnectTarget(side)};
				return;
			case 'w':
				this.prompt = {kind: 'write', side, text: ''};
				return;
			case 'W':
				this.call(side, (h, fd) => h.write(fd, bigWritePayload()));
				return;
			case 'v':
				this.call(side, (h, fd) => h.read(fd, READ_SIZE));
				return;
			case 'h':
				this.prompt = {kind: 'shutdown', side, text: ''};
				return;
			case 'x':
				this.call(side, (h, fd) => h.close(fd));
				return;
			case 'X':
				this.call(side, (h, fd) => h.abort(fd));
				return;
			case 'K':
				this.call(side, (h) => h.kill());
				this.selectedFd[side] = null;
				this.selectedKey[side] = null;
				return;
			default:
				return;
		}
	}

	private defaultConnectTarget(side: Side): string {
		const other: Side = side === 'client' ? 'server' : 'client';
		const snapshot = this.host(other).snapshot();
		const listener = snapshot.sockets.find((s) => s.role === 'listener' && s.local);
		return `${this.host(other).addr}:${listener?.local?.port ?? DEFAULT_SERVER_PORT}`;
	}

	/** Run a socket call on the pane's selected fd (-1 when there is none: the stack says EBADF). */
	private call(side: Side, run: (host: HostApi, fd: number) => unknown): void {
		this.clock.sync();
		const host = this.host(side);
		const snapshot = host.snapshot();
		const socket = this.selectedSocket(side, snapshot);
		// An orphan has no fd any more: when socket() has reused its number, the call must not
		// reach that other socket (-1 gets the same EBADF the orphan's old number would).
		const reused = socket?.orphaned === true && snapshot.sockets.some((s) => s.fd === socket.fd && !s.orphaned);
		run(host, reused ? -1 : socket?.fd ?? this.selectedFd[side] ?? -1);
		this.clock.kick();
	}

	private promptKey(input: string, key: Key): void {
		const prompt = this.prompt!;
		if (key.escape) {
			this.prompt = null;
			return;
		}
		if (prompt.kind === 'shutdown') {
			const how: ShutdownHow | undefined = ({w: 'wr', r: 'rd', b: 'rdwr'} as const)[input as 'w' | 'r' | 'b'];
			if (how) {
				this.prompt = null;
				this.call(prompt.side, (h, fd) => h.shutdown(fd, how));
			}
			return;
		}
		if (key.return) {
			this.submitPrompt(prompt);
			return;
		}
		if (key.backspace || key.delete) {
			prompt.text = [...prompt.text].slice(0, -1).join('');
			prompt.error = undefined;
			return;
		}
		if (input && !key.ctrl && !key.meta && !key.tab && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow) {
			prompt.text += input;
			prompt.error = undefined;
		}
	}

	private submitPrompt(prompt: Prompt): void {
		switch (prompt.kind) {
			case 'write': {
				const text = prompt.text === '' ? 'hello' : prompt.text;
				this.prompt = null;
				this.call(prompt.side, (h, fd) => h.write(fd, text));
				return;
			}
			case 'bind': {
				const port = parsePort(prompt.text.trim());
				if (!port.ok) {
					prompt.error = uiText(this.lang, 'badPort', {text: prompt.text});
					return;
				}
				this.prompt = null;
				this.call(prompt.side, (h, fd) => h.bind(fd, port.value));
				return;
			}
			case 'connect': {
				const target = parseEndpoint(prompt.text.trim());
				if (!target.ok) {
					prompt.error = uiText(this.lang, 'badAddress', {text: prompt.text});
					return;
				}
				this.prompt = null;
				this.call(prompt.side, (h, fd) => h.connect(fd, target.value.addr, target.value.port));
				return;
			}
			default:
				return;
		}
	}

	private cycleSocket(step: 1 | -1): void {
		const side = this.focus;
		const sockets = this.host(side).snapshot().sockets;
		if (sockets.length === 0) return;
		const current = this.selectedSocket(side, {name: side, addr: '', sockets, counters: {}});
		const index = current ? sockets.indexOf(current) : -1;
		const next = sockets[(index + step + sockets.length) % sockets.length]!;
		this.selectedFd[side] = next.fd;
		this.selectedKey[side] = socketKey(next);
	}

	/** Move the ladder selection; from "following", [ starts at the newest segment. */
	private selectSegment(step: number): void {
		const ladder = this.store.ladder;
		if (ladder.length === 0) return;
		const index = this.ladderSelected === null ? -1 : ladder.findIndex((e) => e.id === this.ladderSelected);
		let next: number;
		if (index < 0) next = ladder.length - 1;
		else next = Math.max(0, Math.min(ladder.length - 1, index + step));
		this.ladderSelected = ladder[next]!.id;
	}

	private transcriptKey(input: string, key: Key): void {
		if (key.escape || input === 't') {
			this.view = 'main';
		} else if (key.upArrow || key.pageUp) {
			// Back in time; the view stops at the first moment.
			this.transcriptScroll = Math.min(this.world.history().length, this.transcriptScroll + (key.pageUp ? 10 : 1));
		} else if (key.downArrow || key.pageDown) {
			this.transcriptScroll = Math.max(0, this.transcriptScroll - (key.pageDown ? 10 : 1));
		} else if (input === 'm') {
			const save = this.options.saveTranscript;
			if (!save) return;
			const result = save(this.world, this.store);
			this.message = result.ok
				? uiText(this.lang, 'transcriptSaved', {path: result.path})
				: uiText(this.lang, 'transcriptSaveFailed', {reason: result.message});
		} else if (input === 'q') {
			this.options.onQuit(0);
		}
	}

	private linkKey(input: string, key: Key): void {
		const cursor = this.linkCursor;
		if (key.escape) {
			if (cursor.text !== null) this.linkCursor = {...cursor, text: null, error: null};
			else this.view = 'main';
			return;
		}
		if (key.upArrow || key.downArrow) {
			const count = LINK_FIELDS.length;
			this.linkCursor = {...cursor, field: (cursor.field + (key.upArrow ? -1 : 1) + count) % count, text: null, error: null};
			return;
		}
		if (key.leftArrow || key.rightArrow || key.tab) {
			this.linkCursor = {...cursor, dir: cursor.dir === 'c2s' ? 's2c' : 'c2s', text: null, error: null};
			return;
		}
		if (key.return) {
			if (cursor.text === null) return;
			const field = LINK_FIELDS[cursor.field]!;
			const parsed = parseLinkValue(field, cursor.text, this.lang);
			if (!parsed.ok) {
				this.linkCursor = {...cursor, error: parsed.message};
				return;
			}
			this.clock.sync();
			// The simulated world also says why a combination is invalid (it then changes nothing).
			const refused: unknown = this.world.setLink(cursor.dir, {[field.key]: parsed.value});
			this.linkCursor = {...cursor, text: typeof refused === 'string' ? cursor.text : null, error: typeof refused === 'string' ? uiText(this.lang, 'linkRefused', {reason: refused}) : null};
			this.clock.kick();
			return;
		}
		if (key.backspace || key.delete) {
			const text = cursor.text ?? '';
			this.linkCursor = {...cursor, text: [...text].slice(0, -1).join(''), error: null};
			return;
		}
		if (input && /^[0-9a-zA-Z.%,]+$/.test(input)) {
			this.linkCursor = {...cursor, text: (cursor.text ?? '') + input, error: null};
		}
	}

	// ---------------------------------------------------------------------------------------
	// Worlds

	reset(): void {
		// Out of the lesson first: the new world gets a plot recorder of its own, not the lesson's.
		this.demo = null;
		this.swapWorld(this.options.createWorld());
		this.message = uiText(this.lang, 'resetDone');
	}

	/** Put a new world in place (reset, demo steps): fresh store and selection, same clock. */
	swapWorld(world: WorldApi): void {
		if (world === this.world) {
			this.clock.kick();
			return;
		}
		this.attach(world);
		this.clock.setWorld(world);
	}

	private attach(world: WorldApi): void {
		this.unsubscribe?.();
		this.world = world;
		// In wire mode our own segments leave for a real network: nobody reports their arrival.
		this.store = new UiStore(this.remote ? {unseenArrivals: this.remote === 'server' ? 'c2s' : 's2c'} : {});
		for (const event of world.history()) this.store.apply(event);
		this.selectedFd.client = null;
		this.selectedFd.server = null;
		this.selectedKey.client = null;
		this.selectedKey.server = null;
		this.ladderSelected = null;
		this.unsubscribe = world.on((event) => this.onEvent(event));
		this.plotDetach?.();
		this.plotDetach = null;
		const lessonRecorder = this.demo?.recorder?.();
		if (lessonRecorder) {
			this.plotRecorder = lessonRecorder;
		} else {
			// The sending side we drive: the client, or in wire mode whichever endpoint is ours.
			this.plotRecorder = new PlotRecorder(this.remote === 'client' ? 'server' : 'client');
			this.plotDetach = this.plotRecorder.attach(world);
		}
	}

	private onEvent(event: SimEvent): void {
		this.store.apply(event);
		// A new socket, or an accepted connection, becomes the one the keys act on.
		if (event.kind === 'call' && event.status === 'returned' && (event.call === 'socket' || event.call === 'accept')) {
			const side: Side | null = event.host === 'client' ? 'client' : event.host === 'server' ? 'server' : null;
			if (side && event.result !== undefined) {
				this.selectedFd[side] = event.result;
				this.selectedKey[side] = null;
			}
		}
		if (this.options.liveEvents && !this.redrawQueued) {
			// At most one redraw per frame interval however fast the real network delivers: the
			// app's own pacing, since Ink's cap is set high so that a key's frame is never held back.
			this.redrawQueued = true;
			const time = this.options.time ?? SYSTEM_TIME;
			const wait = Math.max(0, this.lastLiveRedraw + LIVE_FRAME_MS - time.now());
			time.setTimeout(() => {
				this.redrawQueued = false;
				this.lastLiveRedraw = time.now();
				this.clock.kick();
				this.changed();
			}, wait);
		}
	}

	changed(): void {
		this.version++;
		for (const listener of this.listeners) listener();
	}
}
