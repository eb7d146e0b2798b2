// IPv4 + TCP codec: real header bytes both ways (RFC 791, RFC 9293, RFC 7323, RFC 2018).
// decodeSegment validates everything a receiver must and never throws: any input gives
// either a Segment or a typed DecodeError.
import {fold, internetChecksum, onesComplementSum} from './checksum.js';
import {flagLabel, type DecodeError, type DecodeResult, type Segment, type TcpFlags, type TcpOptions} from './types.js';

export const IPV4_HEADER_LENGTH = 20;
export const TCP_HEADER_LENGTH = 20;
/** Option space in a TCP header: data offset is at most 15 words. */
export const TCP_MAX_OPTION_LENGTH = 40;
export const IP_PROTOCOL_TCP = 6;
const DEFAULT_TTL = 64;
const IP_FLAG_DF = 0x4000;
const IP_FLAG_MF = 0x2000;
const IP_FRAGMENT_OFFSET_MASK = 0x1fff;

const OPT_EOL = 0;
const OPT_NOP = 1;
const OPT_MSS = 2;
const OPT_WSCALE = 3;
const OPT_SACK_PERMITTED = 4;
const OPT_SACK = 5;
const OPT_TIMESTAMPS = 8;

const FLAG_FIN = 0x01;
const FLAG_SYN = 0x02;
const FLAG_RST = 0x04;
const FLAG_PSH = 0x08;
const FLAG_ACK = 0x10;
const FLAG_URG = 0x20;
const FLAG_ECE = 0x40;
const FLAG_CWR = 0x80;

// ---------------------------------------------------------------------------------------------
// Addresses

/** Parse a dotted quad into a 32-bit unsigned number, or null if it is not one. */
export function parseIPv4(text: string): number | null {
	const parts = text.split('.');
	if (parts.length !== 4) return null;
	let value = 0;
	for (const part of parts) {
		if (!/^\d{1,3}$/.test(part)) return null;
		const octet = Number(part);
		if (octet > 255) return null;
		value = value * 256 + octet;
	}
	return value;
}

export function formatIPv4(value: number): string {
	return `${(value >>> 24) & 0xff}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}

// Every segment carries two addresses; a small cache saves re-parsing the same few strings.
const addressCache = new Map<string, number>();
const ADDRESS_CACHE_LIMIT = 4096;

// A world's packets go back and forth between the same two addresses: the last two strings seen
// on each side are remembered, which is cheaper than the Map's hashing twice per segment.
const sourceMemo = {textA: '', valueA: 0, textB: '', valueB: 0};
const destinationMemo = {textA: '', valueA: 0, textB: '', valueB: 0};

function memoValue(memo: typeof sourceMemo, text: string, which: string): number {
	if (text === memo.textA) return memo.valueA;
	if (text === memo.textB) return memo.valueB;
	const value = addressValue(text, which);
	memo.textB = memo.textA;
	memo.valueB = memo.valueA;
	memo.textA = text;
	memo.valueA = value;
	return value;
}

function addressValue(text: string, which: string): number {
	let value = addressCache.get(text);
	if (value === undefined) {
		const parsed = parseIPv4(text);
		// A malformed address is a bug in the caller (the socket layer validates what users type).
		if (parsed === null) throw new RangeError(`encodeSegment: ${which} address ${JSON.stringify(text)} is not a dotted quad`);
		if (addressCache.size >= ADDRESS_CACHE_LIMIT) addressCache.clear();
		addressCache.set(text, parsed);
		value = parsed;
	}
	return value;
}

const formattedCache = new Map<number, string>();

// Likewise on the receiving side: the last two addresses decoded.
const textMemo = {valueA: -1, textA: '', valueB: -1, textB: ''};

function addressText(value: number): string {
	const memo = textMemo;
	if (value === memo.valueA) return memo.textA;
	if (value === memo.valueB) return memo.textB;
	const text = cachedAddressText(value);
	memo.valueB = memo.valueA;
	memo.textB = memo.textA;
	memo.valueA = value;
	memo.textA = text;
	return text;
}

/**
 * The string to hold for an address a host or connection keeps (its own, its peer's): when it is
 * a plain dotted quad, decoded packets give this very string for it from then on (unless a flood
 * of sources empties the cache), so that the two compares of every arriving segment's addresses
 * with a host's and a connection's find the same string at once rather than comparing characters.
 */
export function sharedAddressText(text: string): string {
	const value = parseIPv4(text);
	if (value === null || formatIPv4(value) !== text) return text;
	const known = formattedCache.get(value);
	if (known !== undefined) return known;
	if (formattedCache.size >= ADDRESS_CACHE_LIMIT) formattedCache.clear();
	formattedCache.set(value, text);
	if (textMemo.valueA === value) textMemo.textA = text;
	if (textMemo.valueB === value) textMemo.textB = text;
	return text;
}

function cachedAddressText(value: number): string {
	let text = formattedCache.get(value);
	if (text === undefined) {
		if (formattedCache.size >= ADDRESS_CACHE_LIMIT) formattedCache.clear();
		text = formatIPv4(value);
		formattedCache.set(value, text);
	}
	return text;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Sequence space a segment occupies: its data plus one for SYN and one for FIN (S5, S6, S11). */
export function segmentSeqLength(seg: Segment): number {
	return seg.payload.length + (seg.flags.syn ? 1 : 0) + (seg.flags.fin ? 1 : 0);
}

/** Short text for logs and views: `SYN,ACK seq=1 ack=2 len=0 win=65535 <mss=1460>`. */
export function describeSegment(seg: Segment): string {
	const flags = flagLabel(seg.flags) || 'none';
	let text = `${flags} seq=${seg.seq}`;
	if (seg.flags.ack) text += ` ack=${seg.ack}`;
	text += ` len=${seg.payload.length} win=${seg.window}`;
	if (seg.flags.urg) text += ` urp=${seg.urgent}`;
	const options = describeOptions(seg.options);
	if (options) text += ` <${options}>`;
	return text;
}

export function describeOptions(options: TcpOptions): string {
	const parts: string[] = [];
	if (options.mss !== undefined) parts.push(`mss=${options.mss}`);
	if (options.sackPermitted) parts.push('sackOK');
	if (options.timestamps) parts.push(`ts=${options.timestamps.tsval}/${options.timestamps.tsecr}`);
	if (options.wscale !== undefined) parts.push(`ws=${options.wscale}`);
	if (options.sack && options.sack.length > 0) parts.push(`sack=${options.sack.map(([l, r]) => `${l}-${r}`).join(',')}`);
	for (const u of options.unknown ?? []) parts.push(`opt${u.kind}(${u.data.length})`);
	return parts.join(',');
}

function flagsByte(flags: TcpFlags): number {
	return (flags.fin ? FLAG_FIN : 0)
		| (flags.syn ? FLAG_SYN : 0)
		| (flags.rst ? FLAG_RST : 0)
		| (flags.psh ? FLAG_PSH : 0)
		| (flags.ack ? FLAG_ACK : 0)
		| (flags.urg ? FLAG_URG : 0)
		| (flags.ece ? FLAG_ECE : 0)
		| (flags.cwr ? FLAG_CWR : 0);
}

function flagsFromByte(b: number): TcpFlags {
	return {
		fin: (b & FLAG_FIN) !== 0,
		syn: (b & FLAG_SYN) !== 0,
		rst: (b & FLAG_RST) !== 0,
		psh: (b & FLAG_PSH) !== 0,
		ack: (b & FLAG_ACK) !== 0,
		urg: (b & FLAG_URG) !== 0,
		ece: (b & FLAG_ECE) !== 0,
		cwr: (b & FLAG_CWR) !== 0,
	};
}

// A received segment's flags come from this table (one frozen object per flags byte) rather
// than a fresh object per segment; nothing may change a received segment's flags anyway.
const FLAGS_BY_BYTE: readonly TcpFlags[] = Array.from({length: 256}, (_, b) => Object.freeze(flagsFromByte(b)));
/** A received ACK's flags, and ACK+PSH's: the only two a connection's header prediction takes (by identity). */
export const RECEIVED_ACK = FLAGS_BY_BYTE[FLAG_ACK]!;
export const RECEIVED_ACK_PSH = FLAGS_BY_BYTE[FLAG_ACK | FLAG_PSH]!;

function put16(b: Uint8Array, at: number, v: number): void {
	b[at] = (v >>> 8) & 0xff;
	b[at + 1] = v & 0xff;
}

function put32(b: Uint8Array, at: number, v: number): void {
	b[at] = (v >>> 24) & 0xff;
	b[at + 1] = (v >>> 16) & 0xff;
	b[at + 2] = (v >>> 8) & 0xff;
	b[at + 3] = v & 0xff;
}

function get16(b: Uint8Array, at: number): number {
	return (b[at]! << 8) | b[at + 1]!;
}

function get32(b: Uint8Array, at: number): number {
	return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Options

const EMPTY_OPTIONS = new Uint8Array(0);
/**
 * "No options", shared and frozen: what a received segment without option bytes carries (most of
 * a transfer), and what the stack sends with most segments (encodeOptions knows it at a glance).
 */
export const NO_OPTIONS: TcpOptions = Object.freeze({});
/** The payload of every received segment that has none. */
const EMPTY_PAYLOAD = new Uint8Array(0);

function hasOptions(o: TcpOptions): boolean {
	return o.mss !== undefined || o.wscale !== undefined || o.sackPermitted === true
		|| o.timestamps !== undefined || (o.sack !== undefined && o.sack.length > 0)
		|| (o.unknown !== undefined && o.unknown.length > 0);
}

/**
 * The option bytes, padded to a multiple of 4 with EOL. Laid out the way Linux does
 * (MSS, SACK-permitted with timestamps, NOP+window scale; NOP,NOP before a lone timestamp or
 * SACK). Option space is 40 bytes: SACK blocks that do not fit are left out (as real stacks
 * send only as many as fit), then unknown options that do not fit.
 */
export function encodeOptions(o: TcpOptions): Uint8Array {
	if (o === NO_OPTIONS || !hasOptions(o)) return EMPTY_OPTIONS;
	const out: number[] = [];
	if (o.mss !== undefined) out.push(OPT_MSS, 4, (o.mss >>> 8) & 0xff, o.mss & 0xff);
	if (o.timestamps) {
		if (o.sackPermitted) out.push(OPT_SACK_PERMITTED, 2);
		else out.push(OPT_NOP, OPT_NOP);
		const {tsval, tsecr} = o.timestamps;
		out.push(OPT_TIMESTAMPS, 10,
			(tsval >>> 24) & 0xff, (tsval >>> 16) & 0xff, (tsval >>> 8) & 0xff, tsval & 0xff,
			(tsecr >>> 24) & 0xff, (tsecr >>> 16) & 0xff, (tsecr >>> 8) & 0xff, tsecr & 0xff);
	} else if (o.sackPermitted) {
		out.push(OPT_NOP, OPT_NOP, OPT_SACK_PERMITTED, 2);
	}
	if (o.wscale !== undefined) out.push(OPT_NOP, OPT_WSCALE, 3, o.wscale & 0xff);
	if (o.sack && o.sack.length > 0) {
		const room = Math.floor((TCP_MAX_OPTION_LENGTH - out.length - 4) / 8);
		const blocks = o.sack.slice(0, Math.max(0, room));
		if (blocks.length > 0) {
			out.push(OPT_NOP, OPT_NOP, OPT_SACK, 2 + 8 * blocks.length);
			for (const [left, right] of blocks) {
				out.push((left >>> 24) & 0xff, (left >>> 16) & 0xff, (left >>> 8) & 0xff, left & 0xff,
					(right >>> 24) & 0xff, (right >>> 16) & 0xff, (right >>> 8) & 0xff, right & 0xff);
			}
		}
	}
	for (const u of o.unknown ?? []) {
		const length = 2 + u.data.length;
		if (length > 255 || out.length + length > TCP_MAX_OPTION_LENGTH) continue;
		out.push(u.kind & 0xff, length, ...u.data);
	}
	while (out.length % 4 !== 0) out.push(OPT_EOL);
	return Uint8Array.from(out);
}

/**
 * Parse option bytes b[start, end). Returns null if they are malformed, unless `lenient`: then, as
 * Linux's tcp_parse_options does, a known option of the wrong length is skipped by its length, and
 * a length below 2 or one running past the header ends the parse (what came before is kept).
 */
export function decodeOptions(b: Uint8Array, start: number, end: number, lenient = false): TcpOptions | null {
	const options: TcpOptions = {};
	let i = start;
	while (i < end) {
		const kind = b[i]!;
		if (kind === OPT_EOL) break;
		if (kind === OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= end) return lenient ? options : null;
		const length = b[i + 1]!;
		if (length < 2 || i + length > end) return lenient ? options : null;
		if (!knownOptionLengthOk(kind, length)) {
			if (!lenient) return null;
			i += length;
			continue;
		}
		switch (kind) {
			case OPT_MSS:
				options.mss = get16(b, i + 2);
				break;
			case OPT_WSCALE:
				options.wscale = b[i + 2]!;
				break;
			case OPT_SACK_PERMITTED:
				options.sackPermitted = true;
				break;
			case OPT_SACK: {
				const blocks: Array<[number, number]> = [];
				for (let j = i + 2; j < i + length; j += 8) blocks.push([get32(b, j), get32(b, j + 4)]);
				options.sack = blocks;
				break;
			}
			case OPT_TIMESTAMPS:
				options.timestamps = {tsval: get32(b, i + 2), tsecr: get32(b, i + 6)};
				break;
			default:
				// Unknown kinds are skipped by their length (RFC 9293 §3.2) and kept for display.
				(options.unknown ??= []).push({kind, data: b.slice(i + 2, i + length)});
		}
		i += length;
	}
	return options;
}

/** Whether a known option kind has its one valid length (unknown kinds are always fine). */
function knownOptionLengthOk(kind: number, length: number): boolean {
	switch (kind) {
		case OPT_MSS: return length === 4;
		case OPT_WSCALE: return length === 3;
		case OPT_SACK_PERMITTED: return length === 2;
		case OPT_SACK: return length > 2 && (length - 2) % 8 === 0;
		case OPT_TIMESTAMPS: return length === 10;
		default: return true;
	}
}

// ---------------------------------------------------------------------------------------------
// Encode

// Packets are carved out of shared slabs, as Node's Buffer pool does: allocating a separate
// backing store for each 1500-byte packet costs more than building the packet. A packet never
// shares bytes with another (regions are not reused), and slabs are pre-zeroed (unzeroed memory,
// Buffer.allocUnsafeSlow, measured no better). Offsets are kept 8-aligned so the checksum's
// 32-bit fast path applies to the TCP part.
const SLAB_SIZE = 128 * 1024;
const SLAB_MAX_PACKET = 8 * 1024;

// The slab is kept as its ArrayBuffer: a view made from it is quicker than a subarray() of a view.
let slab = new ArrayBuffer(SLAB_SIZE);
let slabOffset = 0;

/** Where in `slab` the last packet allocated starts, or -1 when it has a buffer of its own. */
let packetAt = -1;

function allocatePacket(length: number): Uint8Array {
	if (length > SLAB_MAX_PACKET) {
		packetAt = -1;
		return new Uint8Array(length);
	}
	if (slabOffset + length > SLAB_SIZE) {
		slab = new ArrayBuffer(SLAB_SIZE);
		slabOffset = 0;
	}
	const packet = new Uint8Array(slab, slabOffset, length);
	packetAt = slabOffset;
	slabOffset += (length + 7) & ~7;
	return packet;
}

/**
 * encodeSegment for a stack's own output: the packet, and `seg.payload` pointed at the packet's
 * copy of the payload (which never changes, unlike the send buffer it came from), for the event
 * stream. The view is made from the slab directly: quicker than a subarray() of the packet.
 */
export function encodeOutput(seg: Segment): Uint8Array {
	const packet = encodeSegment(seg);
	const length = seg.payload.length;
	if (length > 0) {
		const start = packet.length - length;
		seg.payload = packetAt >= 0 ? new Uint8Array(slab, packetAt + start, length) : packet.subarray(start);
	}
	return packet;
}

/** The IPv4 packet carrying this segment, with both checksums filled in. */
export function encodeSegment(seg: Segment): Uint8Array {
	const src = memoValue(sourceMemo, seg.src, 'source');
	const dst = memoValue(destinationMemo, seg.dst, 'destination');
	const options = encodeOptions(seg.options);
	const tcpHeaderLength = TCP_HEADER_LENGTH + options.length;
	const tcpLength = tcpHeaderLength + seg.payload.length;
	const totalLength = IPV4_HEADER_LENGTH + tcpLength;
	if (totalLength > 0xffff) throw new RangeError(`encodeSegment: packet of ${totalLength} bytes exceeds the IPv4 limit of 65535`);
	const b = allocatePacket(totalLength);

	// IPv4 header.
	const ipId = (seg.ipId ?? 0) & 0xffff;
	const ttl = (seg.ttl ?? DEFAULT_TTL) & 0xff;
	b[0] = 0x45;
	b[1] = 0;
	put16(b, 2, totalLength);
	put16(b, 4, ipId);
	put16(b, 6, IP_FLAG_DF);
	b[8] = ttl;
	b[9] = IP_PROTOCOL_TCP;
	put32(b, 12, src);
	put32(b, 16, dst);
	// The header's checksum from the values just written, word by word (the checksum field as zero).
	put16(b, 10, ~fold(0x4500 + totalLength + ipId + IP_FLAG_DF + ((ttl << 8) | IP_PROTOCOL_TCP)
		+ (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff)) & 0xffff);

	// TCP header.
	const t = IPV4_HEADER_LENGTH;
	put16(b, t, seg.srcPort & 0xffff);
	put16(b, t + 2, seg.dstPort & 0xffff);
	put32(b, t + 4, seg.seq >>> 0);
	put32(b, t + 8, seg.ack >>> 0);
	b[t + 12] = (tcpHeaderLength / 4) << 4;
	b[t + 13] = flagsByte(seg.flags);
	put16(b, t + 14, seg.window & 0xffff);
	put16(b, t + 16, 0);
	put16(b, t + 18, seg.urgent & 0xffff);
	if (options.length > 0) b.set(options, t + TCP_HEADER_LENGTH);
	if (seg.payload.length > 0) b.set(seg.payload, t + tcpHeaderLength);
	const pseudo = pseudoHeaderSum(src, dst, tcpLength);
	// A bare header (most ACKs) is summed in one expression rather than by the general loop.
	put16(b, t + 16, tcpLength === TCP_HEADER_LENGTH ? ~fold(pseudo + sum20(b, t)) & 0xffff : internetChecksum(b, t, totalLength, pseudo));
	return b;
}

/** The ten big-endian 16-bit words of b[at, at + 20) added up (not folded): an IPv4 or a bare TCP header. */
function sum20(b: Uint8Array, at: number): number {
	return ((b[at]! << 8) | b[at + 1]!) + ((b[at + 2]! << 8) | b[at + 3]!) + ((b[at + 4]! << 8) | b[at + 5]!)
		+ ((b[at + 6]! << 8) | b[at + 7]!) + ((b[at + 8]! << 8) | b[at + 9]!) + ((b[at + 10]! << 8) | b[at + 11]!)
		+ ((b[at + 12]! << 8) | b[at + 13]!) + ((b[at + 14]! << 8) | b[at + 15]!) + ((b[at + 16]! << 8) | b[at + 17]!)
		+ ((b[at + 18]! << 8) | b[at + 19]!);
}

/** Sum of the RFC 9293 §3.1 pseudo-header: source, destination, zero+protocol, TCP length. */
function pseudoHeaderSum(src: number, dst: number, tcpLength: number): number {
	return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + IP_PROTOCOL_TCP + tcpLength;
}

// ---------------------------------------------------------------------------------------------
// Decode

/**
 * Decode and validate an IPv4 packet carrying TCP. Bytes past the IP total length are ignored
 * (link padding). The payload is a view into `bytes`, not a copy: packets are never mutated
 * after they are built (the link corrupts a copy).
 */
export function decodeSegment(bytes: Uint8Array, options: {lenientOptions?: boolean} = {}): DecodeResult {
	const decoded = decodePacket(bytes, options.lenientOptions === true);
	return typeof decoded === 'string' ? {ok: false, reason: decoded} : {ok: true, segment: decoded};
}

/**
 * decodeSegment without the result wrapper, for the receive path (one object fewer per packet):
 * the Segment, or why the packet is not a valid one.
 */
export function decodePacket(bytes: Uint8Array, lenientOptions = false): Segment | DecodeError {
	const invalid = checkPacket(bytes, lenientOptions);
	return invalid ?? readFields(bytes, checked.t, checked.options, checked.payloadStart, checked.payloadEnd);
}

/**
 * decodePacket into a Segment the caller owns and reuses (every field is overwritten): a host's
 * receive path, where a segment is done with once the host has digested it, so no Segment is
 * made per packet. The payload is still a view of its own (the receive queue keeps it). Null
 * when the packet is valid, else why it is not (`into` is then left as it was).
 */
export function decodePacketInto(bytes: Uint8Array, lenientOptions: boolean, into: Segment): DecodeError | null {
	const invalid = checkPacket(bytes, lenientOptions);
	if (invalid !== null) return invalid;
	const b = bytes;
	const t = checked.t;
	into.src = addressText(get32(b, 12));
	into.dst = addressText(get32(b, 16));
	into.srcPort = get16(b, t);
	into.dstPort = get16(b, t + 2);
	into.seq = get32(b, t + 4);
	into.ack = get32(b, t + 8);
	into.flags = FLAGS_BY_BYTE[b[t + 13]!]!;
	into.window = get16(b, t + 14);
	into.urgent = get16(b, t + 18);
	into.options = checked.options;
	into.payload = checked.payloadStart < checked.payloadEnd ? b.subarray(checked.payloadStart, checked.payloadEnd) : EMPTY_PAYLOAD;
	into.ttl = b[8]!;
	into.ipId = get16(b, 4);
	return null;
}

/** A Segment to decode into (decodePacketInto), with the fields and field order of a decoded one. */
export function blankSegment(): Segment {
	return readFields(new Uint8Array(IPV4_HEADER_LENGTH + TCP_HEADER_LENGTH), IPV4_HEADER_LENGTH, NO_OPTIONS, 0, 0);
}

/** What checkPacket found in the packet it accepted last (module state: no object per packet). */
const checked = {t: 0, options: NO_OPTIONS, payloadStart: 0, payloadEnd: 0};

/** Validate an IPv4 packet carrying TCP, both checksums included; null when valid (its layout in `checked`). */
function checkPacket(bytes: Uint8Array, lenientOptions: boolean): DecodeError | null {
	if (!(bytes instanceof Uint8Array) || bytes.length < IPV4_HEADER_LENGTH) return 'truncated-ip-header';
	const b = bytes;
	if (b[0]! >>> 4 !== 4) return 'not-ipv4';
	const ipHeaderLength = (b[0]! & 0x0f) * 4;
	if (ipHeaderLength < IPV4_HEADER_LENGTH) return 'bad-ip-header-length';
	const totalLength = get16(b, 2);
	if (totalLength < ipHeaderLength || totalLength > b.length) return 'bad-ip-total-length';
	const ipSum = ipHeaderLength === IPV4_HEADER_LENGTH ? fold(sum20(b, 0)) : onesComplementSum(b, 0, ipHeaderLength);
	if (ipSum !== 0xffff) return 'bad-ip-checksum';
	if (b[9] !== IP_PROTOCOL_TCP) return 'not-tcp';
	const fragment = get16(b, 6);
	if ((fragment & IP_FLAG_MF) !== 0 || (fragment & IP_FRAGMENT_OFFSET_MASK) !== 0) return 'fragmented';

	const t = ipHeaderLength;
	const tcpLength = totalLength - ipHeaderLength;
	if (tcpLength < TCP_HEADER_LENGTH) return 'truncated-tcp-header';
	const tcpHeaderLength = (b[t + 12]! >>> 4) * 4;
	if (tcpHeaderLength < TCP_HEADER_LENGTH || tcpHeaderLength > tcpLength) return 'bad-data-offset';
	const src = get32(b, 12);
	const dst = get32(b, 16);
	const pseudo = pseudoHeaderSum(src, dst, tcpLength);
	const tcpSum = tcpLength === TCP_HEADER_LENGTH ? fold(pseudo + sum20(b, t)) : onesComplementSum(b, t, totalLength, pseudo);
	if (tcpSum !== 0xffff) return 'bad-tcp-checksum';
	const tcpOptions = tcpHeaderLength === TCP_HEADER_LENGTH ? NO_OPTIONS : decodeOptions(b, t + TCP_HEADER_LENGTH, t + tcpHeaderLength, lenientOptions);
	if (tcpOptions === null) return 'bad-option';
	checked.t = t;
	checked.options = tcpOptions;
	checked.payloadStart = t + tcpHeaderLength;
	checked.payloadEnd = totalLength;
	return null;
}

/** The Segment for the headers at b[0] (IP) and b[t] (TCP), with the payload b[payloadStart, payloadEnd). */
function readFields(b: Uint8Array, t: number, options: TcpOptions, payloadStart: number, payloadEnd: number): Segment {
	return {
		src: addressText(get32(b, 12)),
		dst: addressText(get32(b, 16)),
		srcPort: get16(b, t),
		dstPort: get16(b, t + 2),
		seq: get32(b, t + 4),
		ack: get32(b, t + 8),
		flags: FLAGS_BY_BYTE[b[t + 13]!]!,
		window: get16(b, t + 14),
		urgent: get16(b, t + 18),
		options,
		payload: payloadStart < payloadEnd ? b.subarray(payloadStart, payloadEnd) : EMPTY_PAYLOAD,
		ttl: b[8]!,
		ipId: get16(b, 4),
	};
}

/**
 * Read the header fields of a packet without validating it (checksums, lengths, options), for
 * showing a packet that failed decoding. Null if it is too short or not IPv4/TCP to say anything.
 */
export function peekSegment(bytes: Uint8Array): Segment | null {
	if (!(bytes instanceof Uint8Array) || bytes.length < IPV4_HEADER_LENGTH || bytes[0]! >>> 4 !== 4 || bytes[9] !== IP_PROTOCOL_TCP) return null;
	const b = bytes;
	const t = Math.max(IPV4_HEADER_LENGTH, (b[0]! & 0x0f) * 4);
	if (b.length < t + TCP_HEADER_LENGTH) return null;
	const totalLength = Math.min(Math.max(get16(b, 2), t), b.length);
	const payloadStart = Math.min(t + Math.max(TCP_HEADER_LENGTH, (b[t + 12]! >>> 4) * 4), totalLength);
	return readFields(b, t, {}, payloadStart, Math.max(payloadStart, totalLength));
}
