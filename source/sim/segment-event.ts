// The segment events the link stage makes, one for every fate of every packet. What is the
// segment's own (flags, numbers, addresses, length) is read by getters on the prototype rather
// than copied into each event: most listeners read those fields at most once, and the copies made
// an event twice the size (seq and ack above 2^30 each a boxed number).
import type {Segment, TcpFlags} from '../stack/types.js';
import type {DropReason} from '../stack/messages.js';
import {flagLabel} from '../stack/types.js';
import {decodeSegment, formatIPv4, peekSegment} from '../stack/segment.js';
import type {Direction, SegmentEvent, SegmentFate} from './events.js';
import type {SegmentFault} from './world-api.js';

type FaultKind = SegmentFault['kind'];

const flagTexts: Array<string | undefined> = new Array<string | undefined>(256).fill(undefined);

/** flagLabel of a TCP header's flags byte (FIN is bit 0 … CWR bit 7), remembered: there are only 256. */
export function flagTextOfByte(byte: number): string {
	let text = flagTexts[byte];
	if (text === undefined) {
		text = flagLabel({
			fin: (byte & 1) !== 0, syn: (byte & 2) !== 0, rst: (byte & 4) !== 0, psh: (byte & 8) !== 0,
			ack: (byte & 16) !== 0, urg: (byte & 32) !== 0, ece: (byte & 64) !== 0, cwr: (byte & 128) !== 0,
		});
		flagTexts[byte] = text;
	}
	return text;
}

/** flagLabel, remembered per combination of flags. */
export function flagText(flags: TcpFlags): string {
	return flagTextOfByte((flags.fin ? 1 : 0) | (flags.syn ? 2 : 0) | (flags.rst ? 4 : 0) | (flags.psh ? 8 : 0)
		| (flags.ack ? 16 : 0) | (flags.urg ? 32 : 0) | (flags.ece ? 64 : 0) | (flags.cwr ? 128 : 0));
}

const addressTexts = new Map<number, string>();

/** The dotted quad of an IPv4 address, remembered (a world has a few addresses; a flood a few thousand). */
function addressText(value: number): string {
	let text = addressTexts.get(value);
	if (text === undefined) {
		if (addressTexts.size >= 4096) addressTexts.clear();
		text = formatIPv4(value);
		addressTexts.set(value, text);
	}
	return text;
}

function get16(b: Uint8Array, at: number): number {
	return (b[at]! << 8) | b[at + 1]!;
}

function get32(b: Uint8Array, at: number): number {
	return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** Where the TCP header of an IPv4 packet starts. */
function tcpAt(b: Uint8Array): number {
	return (b[0]! & 0x0f) << 2;
}

/** The segment a packet carries, decoded from its bytes (for an event that was given none). */
function segmentOf(packet: Uint8Array): Segment {
	const decoded = decodeSegment(packet, {lenientOptions: true});
	return decoded.ok ? decoded.segment : peekSegment(packet)!;
}

/**
 * A segment event. `given` is the sender's Segment, or null for a packet in flight whose record
 * keeps none (a stack's own packet: its bytes as sent say exactly what the segment said): then the
 * fields are read from `sent`, and `segment` is decoded from it when first asked for. The
 * optional fields are always present (undefined when unset), so every event has one shape;
 * eventToJson lists the fields in their order and leaves the unset ones out.
 */
export class LinkSegmentEvent implements SegmentEvent {
	readonly kind = 'segment';
	copyOf: number | undefined = undefined;
	reason: DropReason | undefined = undefined;
	arriveAt: number | undefined = undefined;
	wireBytes: Uint8Array | undefined = undefined;
	fault: FaultKind | undefined = undefined;
	rtx: SegmentEvent['rtx'] = undefined;
	note: SegmentEvent['note'] = undefined;
	#segment: Segment | null;
	readonly #sent: Uint8Array;

	constructor(
		readonly t: number,
		readonly id: number,
		readonly dir: Direction,
		readonly fate: SegmentFate,
		given: Segment | null,
		/** The packet as it entered the link. */
		sent: Uint8Array,
		readonly bytes: Uint8Array,
	) {
		this.#segment = given;
		this.#sent = sent;
	}

	get segment(): Segment {
		return (this.#segment ??= segmentOf(this.#sent));
	}

	get flags(): string {
		const s = this.#segment;
		if (s !== null) return flagText(s.flags);
		const b = this.#sent;
		return flagTextOfByte(b[tcpAt(b) + 13]!);
	}

	get seq(): number {
		const s = this.#segment;
		if (s !== null) return s.seq;
		const b = this.#sent;
		return get32(b, tcpAt(b) + 4);
	}

	get ack(): number {
		const s = this.#segment;
		if (s !== null) return s.ack;
		const b = this.#sent;
		return get32(b, tcpAt(b) + 8);
	}

	get len(): number {
		const s = this.#segment;
		if (s !== null) return s.payload.length;
		const b = this.#sent;
		const t = tcpAt(b);
		return get16(b, 2) - t - ((b[t + 12]! >>> 4) << 2);
	}

	get win(): number {
		const s = this.#segment;
		if (s !== null) return s.window;
		const b = this.#sent;
		return get16(b, tcpAt(b) + 14);
	}

	get src(): string {
		const s = this.#segment;
		return s !== null ? s.src : addressText(get32(this.#sent, 12));
	}

	get dst(): string {
		const s = this.#segment;
		return s !== null ? s.dst : addressText(get32(this.#sent, 16));
	}

	get srcPort(): number {
		const s = this.#segment;
		if (s !== null) return s.srcPort;
		const b = this.#sent;
		return get16(b, tcpAt(b));
	}

	get dstPort(): number {
		const s = this.#segment;
		if (s !== null) return s.dstPort;
		const b = this.#sent;
		return get16(b, tcpAt(b) + 2);
	}
}
