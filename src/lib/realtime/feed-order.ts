// The ordering rules of a room feed, kept free of sockets and Svelte so they can be proved
// on their own: every event is applied at most once, strictly in seq order, and the
// position only ever moves forward, whatever order or answers the server sends.
import type { JoinResult, RoomEvent } from './contract';

/** What ordering needs of an event: its place in the room. */
interface Sequenced {
	seq: number;
}

/** What to do after a catch-up answer. */
export interface CatchUpStep<E extends Sequenced = RoomEvent> {
	/** Events to apply now, in this order. */
	apply: E[];
	/** The log no longer reaches back to our position: reload the data, then `resume`. */
	reload: boolean;
	/** Another page follows: ask for the events after `lastSeq`. */
	more: boolean;
}

/** A room's applied position and the events that arrived ahead of it. */
export class FeedOrder<E extends Sequenced = RoomEvent> {
	private last: number | undefined;
	// Held until the events before them arrive; never rendered. Only ever seqs past
	// `last + 1`: whatever moves `last` forgets or applies those it reaches.
	private readonly held = new Map<number, E>();

	/** `after`: the seq the page data was loaded at (unknown: start from the first answer). */
	constructor(after?: number) {
		this.last = after;
	}

	/** The seq of the last event applied (or reflected in the data). */
	get lastSeq(): number | undefined {
		return this.last;
	}

	/** Whether events wait for one that has not arrived (a gap to ask the server about). */
	get hasGap(): boolean {
		return this.held.size > 0;
	}

	/** A live event: answers the events that can be applied now, in order. */
	receive(event: E): E[] {
		// With no position yet, the first event sets it.
		if (this.last !== undefined) {
			if (event.seq <= this.last) return [];
			if (event.seq !== this.last + 1) {
				this.held.set(event.seq, event);
				return [];
			}
		}
		this.last = event.seq;
		return [event, ...this.drain()];
	}

	/** A join or resync answer: which of its events to apply, and whether to reload. */
	catchUp(result: JoinResult<E>): CatchUpStep<E> {
		// No data yet (so nothing held): start from the room's latest seq.
		if (this.last === undefined) {
			this.last = result.latestSeq;
			return { apply: [], reload: false, more: false };
		}
		if (!result.complete) {
			// Reflect the data reloaded now; events after it still apply (see `resume`).
			this.moveTo(result.latestSeq);
			return { apply: [], reload: true, more: false };
		}
		const apply: E[] = [];
		for (const event of result.events) apply.push(...this.receive(event));
		return { apply, reload: false, more: result.more };
	}

	/**
	 * After a reload: `position` is the seq the fresh data reflects, when the page knows it;
	 * answers the held events that now follow on.
	 */
	resume(position?: number): E[] {
		if (position !== undefined) this.moveTo(position);
		return this.drain();
	}

	/** Moves forward to `seq` (never back) and forgets what it already covers. */
	private moveTo(seq: number): void {
		if (this.last === undefined || seq > this.last) this.last = seq;
		for (const held of this.held.keys()) if (held <= this.last) this.held.delete(held);
	}

	/** Takes the held events that now follow on from the position, in order. */
	private drain(): E[] {
		const next: E[] = [];
		while (this.last !== undefined && this.held.has(this.last + 1)) {
			const event = this.held.get(this.last + 1)!;
			this.held.delete(event.seq);
			this.last = event.seq;
			next.push(event);
		}
		return next;
	}
}
