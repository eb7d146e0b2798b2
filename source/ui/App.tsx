// The whole screen. Reads the model (world snapshot + store) and draws; keys go to the model.
import React, {useCallback, useEffect, useState, useSyncExternalStore} from 'react';
import {Box, useInput, useStdout, type Key} from 'ink';
import {LinkBar, KeyBar, PromptBar, TopBar} from './Bars.js';
import {UiContext, type Ui} from './context.js';
import {Diagram, DIAGRAM_ROWS} from './Diagram.js';
import {Help} from './Help.js';
import {Legend} from './Legend.js';
import {StepList} from '../demo/StepList.js';
import {Ladder} from './Ladder.js';
import {TimeLadder} from './TimeLadder.js';
import {computeLayout} from './layout.js';
import {captionLinesFor} from '../demo/CaptionBar.js';
import {LinkSettings} from './LinkSettings.js';
import type {TuiModel} from './model.js';
import {Pane} from './Pane.js';
import {QuizBar, quizBarRows} from './QuizBar.js';
import {PlotView} from './PlotView.js';
import {SegmentDetail} from './SegmentDetail.js';
import {TooSmall} from './TooSmall.js';
import {DEFAULT_WIRE_PROFILE} from '../stack/profiles.js';
import type {WorldApi} from '../sim/world-api.js';
import {NowContext, useNow} from './now.js';

/** The demo's caption bar, drawn by the lesson controller; null outside demos. */
export interface CaptionSlot {
	/** `maxLines`: caption lines at most (the bar's own default when absent). */
	height(width: number, maxLines?: number): number;
	/** `escLeaves`: Esc leaves the lesson from this view (elsewhere it closes the view first). */
	render(width: number, maxLines?: number, escLeaves?: boolean, page?: number): React.ReactNode;
	/** The fields of each host the current caption names, so the panes keep those TCB rows in view. */
	fields?(side: 'client' | 'server'): readonly string[];
}

export interface AppProps {
	model: TuiModel;
	ui: Ui;
	/** Fixed size (tests); otherwise the terminal's, following resizes. */
	size?: {columns: number; rows: number};
	caption?: CaptionSlot | null;
	transcript?: (width: number, height: number) => React.ReactNode;
	/** A short note for the top bar (the classroom's roster), read at every frame. */
	topNote?: () => string | null;
	/** Wire mode with the UDP socket bound beyond loopback: its `HOST:PORT`, warned about in the remote pane. */
	wireExposed?: string | null;
}

export function useTerminalSize(fixed?: {columns: number; rows: number}): {columns: number; rows: number} {
	const {stdout} = useStdout();
	const read = (): {columns: number; rows: number} => fixed ?? {columns: stdout.columns || 80, rows: stdout.rows || 24};
	const [size, setSize] = useState(read);
	useEffect(() => {
		if (fixed) return undefined;
		const onResize = (): void => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, fixed]);
	return fixed ?? size;
}

/** The one-way trip the time-scaled ladder sizes its rows by: the shorter delay (one ms at least). */
function linkTransit(c2s: number, s2c: number): number {
	const positive = [c2s, s2c].filter((d) => d > 0);
	return positive.length > 0 ? Math.min(...positive) : 1;
}

/**
 * The ladder with its segments in flight drawn as far as they have travelled: it alone follows the
 * clock while segments move (a frame with no new event re-renders it, not the panes).
 */
function MovingLadder(props: Omit<React.ComponentProps<typeof Ladder>, 'progress'> & {world: WorldApi; now: number}): React.JSX.Element {
	const {world, now: given, ...rest} = props;
	const inFlight = world.inFlight();
	const now = useNow(given, inFlight.length > 0);
	const progress = new Map<number, number>();
	for (const packet of inFlight) {
		const span = packet.arriveAt - packet.sentAt;
		progress.set(packet.id, span > 0 ? Math.max(0, Math.min(1, (now - packet.sentAt) / span)) : 1);
	}
	return <Ladder {...rest} progress={progress} />;
}

export function App(props: AppProps): React.JSX.Element {
	const {model, ui} = props;
	useSyncExternalStore(
		(listener) => model.subscribe(listener),
		() => model.version,
	);
	// One handler for the model's life: a new one each render would make Ink unsubscribe and
	// subscribe it again after every frame (an effect, and a scheduler wake-up, per frame).
	const onKey = useCallback((input: string, key: Key) => model.handleKey(input, key), [model]);
	useInput(onKey);
	const {columns, rows} = useTerminalSize(props.size);
	const caption = model.demo ? props.caption ?? null : null;
	// The state diagram needs its rows: beside it a lesson's caption gets what is left (one line at 80×24).
	// Elsewhere a taller terminal gives a long caption more lines (the rest is a page away: e).
	const captionLines = caption ? (model.view === 'diagram' ? Math.max(1, Math.min(4, rows - 1 - 1 - DIAGRAM_ROWS - 2 - 2)) : captionLinesFor(rows)) : undefined;
	const captionHeight = caption ? caption.height(columns, captionLines) : 0;
	const promptHeight = model.prompt ? 2 : 0;
	const quiz = model.quizView();
	const quizHeight = quiz ? quizBarRows(quiz, columns, ui.ascii) : 0;
	const layout = computeLayout(columns, rows, captionHeight + promptHeight + quizHeight);
	model.screenTooSmall = layout.tooSmall;

	if (layout.tooSmall) {
		return (
			<UiContext.Provider value={ui}>
				<TooSmall columns={columns} rows={rows} height={Math.max(1, rows - 1)} />
			</UiContext.Provider>
		);
	}

	const world = model.world;
	const now = world.now();
	// The session's look at the hosts, made again only after a world event or an action: a key
	// that changes only the view (Tab, a selection) draws from it without snapshotting every socket.
	const snapshot = model.session.hosts();
	const viewHeight = layout.rows - 1 - captionHeight - quizHeight;
	let body: React.ReactNode;
	switch (model.view) {
		case 'help':
			body = <Help width={columns} height={viewHeight} page={model.helpPage} follower={model.readOnly} />;
			break;
		case 'legend':
			body = <Legend width={columns} height={viewHeight} />;
			break;
		case 'steps': {
			const lesson = model.demo;
			const current = lesson?.current?.() ?? -1;
			body = (
				<StepList
					titles={(lesson?.steps?.() ?? []).map((s) => s.title)}
					current={current}
					cursor={model.stepCursor}
					currentDone={!(lesson?.running?.() ?? false)}
					width={columns}
					height={viewHeight}
					lang={ui.lang}
					ascii={ui.ascii}
					color={ui.color}
				/>
			);
			break;
		}
		case 'diagram': {
			const client = model.selectedSocket('client', snapshot.client)?.state ?? 'CLOSED';
			const server = model.selectedSocket('server', snapshot.server)?.state ?? 'CLOSED';
			body = (
				<Diagram
					client={client}
					server={server}
					clientLast={model.store.lastTransition('client')}
					serverLast={model.store.lastTransition('server')}
					width={columns}
					height={viewHeight}
					lesson={model.demo !== null}
				/>
			);
			break;
		}
		case 'plot':
			body = <PlotView recorder={model.plotRecorder} now={now} width={columns} height={viewHeight} lesson={model.demo !== null} />;
			break;
		case 'link':
			body = <LinkSettings c2s={world.linkConfig('c2s')} s2c={world.linkConfig('s2c')} cursor={model.linkCursor} width={columns} height={viewHeight} />;
			break;
		case 'detail': {
			const entry = model.ladderSelected === null ? null : model.store.entry(model.ladderSelected) ?? null;
			body = <SegmentDetail entry={entry} width={columns} height={viewHeight} field={model.detailField} />;
			break;
		}
		case 'transcript':
			body = props.transcript ? props.transcript(columns, viewHeight) : null;
			break;
		default: {
			const relative = model.relativeNumbers;
			const ladder = model.visibleLadder();
			const pane = (side: 'client' | 'server'): React.JSX.Element => {
				const host = side === 'client' ? snapshot.client : snapshot.server;
				return (
					<Pane
						side={side}
						host={host}
						selected={model.selectedSocket(side, host)}
						calls={model.store.callLog(side)}
						now={now}
						focused={model.focus === side}
						width={layout.paneWidth}
						height={layout.mainHeight}
						tall={layout.tall}
						relative={relative}
						captionFields={caption?.fields?.(side) ?? []}
						remote={model.remote === side}
						exposed={props.wireExposed ?? null}
						watching={model.readOnly}
					/>
				);
			};
			body = (
				<Box flexDirection="column">
					<Box flexDirection="row" height={layout.mainHeight} flexShrink={0} overflow="hidden">
						{pane('client')}
						{model.timeScaled ? (
							<TimeLadder
								entries={ladder}
								filtered={model.ladderFilter !== null}
								now={now}
								width={layout.ladderWidth}
								height={layout.mainHeight}
								selectedId={model.ladderSelected}
								relative={relative}
								wideTimes={layout.ladderTimes}
								transit={linkTransit(world.linkConfig('c2s').delay, world.linkConfig('s2c').delay)}
							/>
						) : (
							<MovingLadder
								world={world}
								now={now}
								entries={ladder}
								filtered={model.ladderFilter !== null}
								width={layout.ladderWidth}
								height={layout.mainHeight}
								selectedId={model.ladderSelected}
								relative={relative}
								twoLine={layout.twoLineLadder}
								showTimes={layout.ladderTimes}
								compactTimes
							/>
						)}
						{pane('server')}
					</Box>
					{model.prompt ? <PromptBar prompt={model.prompt} width={columns} /> : null}
					<LinkBar c2s={world.linkConfig('c2s')} s2c={world.linkConfig('s2c')} width={columns} />
					<KeyBar width={columns} message={model.message} follower={model.readOnly} />
				</Box>
			);
		}
	}
	return (
		<UiContext.Provider value={ui}>
			<NowContext.Provider value={model.nowSource}>
			<Box flexDirection="column" width={columns} height={layout.rows}>
				{/* The main view has the whole key bar line for a message; elsewhere the top bar says it. */}
				<TopBar now={now} speed={model.clock.speed} paused={model.clock.paused} seed={world.seed} note={props.topNote?.() ?? null}
					profile={world.profile} wireDefault={model.remote !== null && world.profile === DEFAULT_WIRE_PROFILE} width={columns} message={model.view === 'main' || layout.tooSmall ? null : model.message} />
				{body}
				{caption ? caption.render(columns, captionLines, model.view === 'main', model.captionPage) : null}
				{quiz ? <QuizBar quiz={quiz} width={columns} /> : null}
			</Box>
			</NowContext.Provider>
		</UiContext.Provider>
	);
}
