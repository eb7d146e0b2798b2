// The event bus both worlds publish through (the simulated one and the one on a real wire):
// history, listeners, and causal order. While a host digests an arriving packet, what it does
// (state changes, replies, calls returning) is held back and published after the packet's own
// `delivered`/`dropped`, so the stream reads the same in both worlds: the SYN arrives, then the
// listener moves to SYN_RCVD, then the SYN+ACK leaves.
import type {StackEvent} from '../stack/env.js';
import type {Call, CallArgs} from '../stack/types.js';
import type {NoteMessage} from '../stack/messages.js';
import {protocolText} from '../i18n/protocol.js';
import type {CallEvent, SimEvent} from './events.js';

/** The most recent `limit` events, in a fixed-size ring; the ordered copy is cached between pushes. */
class History {
	private readonly ring: SimEvent[] = [];
	private start = 0;
	private ordered: SimEvent[] | null = [];

	constructor(private readonly limit: number) {}

	push(event: SimEvent): void {
		if (this.limit === 0) return;
		if (this.ring.length < this.limit) {
			this.ring.push(event);
		} else {
			this.ring[this.start] = event;
			this.start = (this.start + 1) % this.limit;
		}
		this.ordered = null;
	}

	list(): readonly SimEvent[] {
		this.ordered ??= [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
		return this.ordered;
	}
}

const textDecoder = new TextDecoder();

/**
 * A `call` event carrying read() data. The text is decoded when first looked at: a long transfer
 * would otherwise make a string as large as the data for every read, for events nobody reads as
 * text. The getter sits on the prototype (an object literal with a getter of its own costs V8
 * some 500 ns to build, more than the rest of a segment's events), so eventToJson lists `data`
 * explicitly.
 */
class DataCallEvent implements CallEvent {
	readonly kind = 'call';
	result?: number;
	errno?: CallEvent['errno'];
	#text: string | undefined = undefined;

	constructor(
		readonly t: number,
		readonly host: CallEvent['host'],
		readonly id: number,
		readonly call: string,
		readonly fd: number | null,
		readonly args: CallArgs,
		readonly status: CallEvent['status'],
		readonly ref: Call,
	) {}

	get data(): string {
		return (this.#text ??= textDecoder.decode(this.ref.data));
	}
}

/** The `call` event for a call's current status. */
function callEvent(t: number, call: Call, status: Call['status']): CallEvent {
	const event: CallEvent = call.data === undefined
		? {t, kind: 'call', host: call.host, id: call.id, call: call.call, fd: call.fd, args: call.args, status, ref: call}
		: new DataCallEvent(t, call.host, call.id, call.call, call.fd, call.args, status, call);
	if (call.result !== undefined) event.result = call.result;
	if (call.errno !== undefined) event.errno = call.errno;
	return event;
}

export class EventBus {
	private readonly recent: History;
	private listeners: ReadonlyArray<(event: SimEvent) => void> = [];
	/**
	 * Events held back while hosts digest packets: held[heldFrom, heldTop) belong to the innermost
	 * digest (heldFrom is -1 when nothing is held). One array serves every digest, and it is
	 * never shrunk, so a long transfer allocates nothing per packet here.
	 */
	private readonly held: Array<SimEvent | undefined> = [];
	private heldFrom = -1;
	private heldTop = 0;

	/**
	 * Does anything take events (a listener, or a history of at least one)? When nothing does,
	 * producers need not build them: a world run only for its end state pays for no event objects.
	 */
	listened: boolean;

	constructor(private readonly historyLimit: number) {
		this.recent = new History(historyLimit);
		this.listened = historyLimit > 0;
	}

	publish(event: SimEvent): void {
		if (this.heldFrom >= 0) {
			this.held[this.heldTop++] = event;
			return;
		}
		this.recent.push(event);
		// Indexed: this runs for every event, and the iterator of a for-of was not always optimised away.
		const listeners = this.listeners;
		for (let i = 0; i < listeners.length; i++) listeners[i]!(event);
	}

	/** Subscribe to every event; returns an unsubscribe function. */
	on(listener: (event: SimEvent) => void): () => void {
		this.listeners = [...this.listeners, listener];
		this.listened = true;
		return () => {
			this.listeners = this.listeners.filter(l => l !== listener);
			this.listened = this.historyLimit > 0 || this.listeners.length > 0;
		};
	}

	history(): readonly SimEvent[] {
		return this.recent.list();
	}

	/**
	 * Hold back everything published from now until release(): a host is about to digest a
	 * packet. Returns what release() needs (where the hold this one is nested in starts, or -1).
	 * No closure or array per packet: this runs for every arrival of a long transfer.
	 */
	hold(): number {
		const outer = this.heldFrom;
		this.heldFrom = this.heldTop;
		return outer;
	}

	/** End a hold: publish the packet's own event (null when nothing takes events), then what was held back. */
	release(outer: number, own: SimEvent | null): void {
		const from = this.heldFrom;
		const to = this.heldTop;
		this.heldFrom = outer;
		if (outer >= 0) {
			// Nested in another digest (a packet that needed no time on the link): the outer
			// hold gets the packet's own event ahead of what this digest held.
			if (own !== null) {
				this.held.splice(from, 0, own);
				this.heldTop++;
			}
			return;
		}
		if (own !== null) this.publish(own);
		// Listeners may re-enter the world while these go out: a digest they start holds its
		// events above `to`, and gives them out before returning, so this range stays as it is.
		for (let i = from; i < to; i++) {
			const event = this.held[i]!;
			this.held[i] = undefined;
			this.publish(event);
		}
		this.heldTop = from;
	}

	/**
	 * A stack's event, stamped with time t. Each kind is built as its own literal, fields in the
	 * same order as `{t, ...event}` would give: a spread copies field by field through a slow path,
	 * and timer events come with every ACK.
	 */
	fromStack(t: number, event: StackEvent): void {
		if (!this.listened) return;
		switch (event.kind) {
			case 'call':
				this.publish(callEvent(t, event.call, event.status));
				return;
			case 'timer':
				this.publish({t, kind: 'timer', host: event.host, conn: event.conn, timer: event.timer, action: event.action, at: event.at});
				return;
			case 'state':
				this.publish({t, kind: 'state', host: event.host, fd: event.fd, conn: event.conn, from: event.from, to: event.to,
					cause: protocolText(event.why, 'en'), why: event.why});
				return;
			case 'note':
				this.note(t, event.host, event.conn, event.why);
				return;
			default:
				this.publish({t, ...event});
		}
	}

	/** A note, with its English text made from the message. */
	note(t: number, host: string, conn: string | null, why: NoteMessage): void {
		if (!this.listened) return;
		this.publish({t, kind: 'note', host, conn, text: protocolText(why, 'en'), why});
	}
}
