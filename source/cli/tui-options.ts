// What the CLI hands to the full-screen app (TuiOptions), from the validated flags.
import {randomInt} from 'node:crypto';
import type {TuiOptions} from '../ui/options.js';
import type {CliSettings} from './flags.js';

/** @param lesson the lesson to open (`tcp-tui demo`), with the seed it asks for. */
export function tuiOptions(settings: CliSettings, lesson?: {path: string; seed: number}): TuiOptions {
	const stack = settings.msl === undefined ? {} : {msl: settings.msl};
	const lessonFile = lesson?.path;
	return {
		world: {
			// Without --seed every free session gets its own ISNs, as on a real host (S1); a lesson
			// keeps the seed it was written with (a demo never depends on luck); --seed overrides both.
			seed: settings.seed ?? lesson?.seed ?? randomInt(1, 2 ** 31),
			...(settings.profile === undefined ? {} : {profile: settings.profile}),
			stack,
			link: {c2s: {...settings.link}, s2c: {...settings.link}},
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
