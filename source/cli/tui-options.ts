// What the CLI hands to the full-screen app (TuiOptions), from the validated flags.
import {randomInt} from 'node:crypto';
import type {TuiOptions} from '../ui/options.js';
import type {CliSettings} from './flags.js';

/**
 * Free play's one-way delay unless --delay says otherwise: at 20 frames a second a segment takes
 * six frames to cross, so a newcomer sees SYN, SYN+ACK and ACK travel one after the other (the
 * link's own 50 ms is one frame: the handshake would be over before the eye finds it). The round
 * trip (600 ms) stays well under the initial RTO (1 s), so no handshake is retransmitted for
 * nothing; timers are not slowed (TIME_WAIT still lasts 2×MSL), unlike a lower --speed.
 */
export const FREE_PLAY_DELAY_MS = 300;

/** The link of a session: free play (no lesson) without a --delay of its own gets FREE_PLAY_DELAY_MS. */
export function sessionLink(link: CliSettings['link'], freePlay: boolean): CliSettings['link'] {
	return freePlay && link.delay === undefined ? {...link, delay: FREE_PLAY_DELAY_MS} : link;
}

/** @param lesson the lesson to open (`tcp-tui demo`), with the seed it asks for. */
export function tuiOptions(settings: CliSettings, lesson?: {path: string; seed: number}): TuiOptions {
	const stack = settings.msl === undefined ? {} : {msl: settings.msl};
	const lessonFile = lesson?.path;
	// A lesson sets its own link; in wire mode the link is ours over a real network.
	const link = sessionLink(settings.link, lesson === undefined && settings.wire === undefined);
	return {
		world: {
			// Without --seed every free session gets its own ISNs, as on a real host (S1); a lesson
			// keeps the seed it was written with (a demo never depends on luck); --seed overrides both.
			seed: settings.seed ?? lesson?.seed ?? randomInt(1, 2 ** 31),
			...(settings.profile === undefined ? {} : {profile: settings.profile}),
			stack,
			link: {c2s: {...link}, s2c: {...link}},
		},
		seedGiven: settings.seed !== undefined,
		lang: settings.lang,
		ascii: settings.ascii,
		color: settings.color,
		speed: settings.speed,
		...(settings.pcap === undefined ? {} : {pcap: settings.pcap}),
		...(settings.wire === undefined ? {} : {wire: {...settings.wire, side: settings.wireSide}}),
		...(lessonFile === undefined ? {} : {lessonFile}),
	};
}
