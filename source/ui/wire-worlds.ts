// Wire mode's worlds for the app: one UDP tunnel for the whole session, a fresh world on it for the
// first screen and for every reset (r), with the command line's link and stack settings.
import {randomInt} from 'node:crypto';
import {validateLinkConfig} from '../link/link.js';
import type {WorldOptions} from '../sim/world-api.js';
import {openWireSession, type WireSession, type WireWorld} from '../wire/world.js';
import type {TuiOptions} from './options.js';

export interface WireWorlds {
	/** The spec in `--wire` syntax, with the UDP port actually bound. */
	readonly description: string;
	/** A fresh world on the tunnel; the previous one is retired (it neither sends nor receives). */
	next(): WireWorld;
	/** The world made last, or null before the first. */
	current(): WireWorld | null;
	/** Retire the current world and close the UDP socket. */
	close(): Promise<void>;
}

export type WireWorldsResult = {ok: true; worlds: WireWorlds} | {ok: false; message: string};

/**
 * Open the tunnel. The first world takes the seed the CLI chose; a reset takes a new random one
 * unless --seed was given: the far end is not reproducible anyway, and the same ISNs and ports
 * again would run into the far end's TIME_WAIT from the connection just reset.
 */
export async function openWireWorlds(
	options: {wire: NonNullable<TuiOptions['wire']>; world: WorldOptions; seedGiven?: boolean},
	newSeed: () => number = () => randomInt(0, 2 ** 31),
): Promise<WireWorldsResult> {
	const {side, ...spec} = options.wire;
	const link = options.world.link;
	for (const dir of ['c2s', 's2c'] as const) {
		const config = link?.[dir];
		const error = config ? validateLinkConfig(config) : null;
		if (error !== null) return {ok: false, message: `link ${dir}: ${error}`};
	}
	const opened = await openWireSession(spec);
	if (!opened.ok) return opened;
	const session: WireSession = opened.session;
	let current: WireWorld | null = null;
	return {
		ok: true,
		worlds: {
			description: session.description,
			next() {
				const seed = current === null || options.seedGiven ? options.world.seed : newSeed();
				current = session.newWorld({
					side, seed,
					...(options.world.profile === undefined ? {} : {profile: options.world.profile}),
					...(options.world.stack ? {stack: options.world.stack} : {}),
					...(link ? {link} : {}),
					...(options.world.historyLimit !== undefined ? {historyLimit: options.world.historyLimit} : {}),
				});
				return current;
			},
			current: () => current,
			close: () => session.close(),
		},
	};
}
