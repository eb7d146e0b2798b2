// Everything one world event gives out, as one line of text: its JSON line, and for a segment
// the packet's bytes (as sent and as on the wire) and the decoded fields, for a call its data.
// Tests that hold two ways of running a world against each other compare these lines.
import {eventToJson, type SimEvent} from '../../source/sim/events.js';

export function eventLine(e: SimEvent): string {
	let line = JSON.stringify(eventToJson(e));
	if (e.kind === 'segment') {
		const s = e.segment;
		line += ` ${Buffer.from(e.bytes).toString('hex')} ${e.wireBytes ? Buffer.from(e.wireBytes).toString('hex') : '-'}`;
		line += ` ${JSON.stringify([s.src, s.dst, s.srcPort, s.dstPort, s.seq, s.ack, s.flags, s.window, s.options])} ${Buffer.from(s.payload).toString('hex')}`;
	}
	if (e.kind === 'call' && e.ref.data) line += ` ${Buffer.from(e.ref.data).toString('hex')}`;
	return line;
}
