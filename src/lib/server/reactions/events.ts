// The live event of reactions: `<subject kind>.reacted` (e.g. `kudos.reacted`) in the
// owner's room, with the subject's new counts. It names no one: who reacted is not shown.
import type { ReactedPayload } from '$lib/reactions/kinds';
import type { RecordEvent } from '../realtime';

export type { ReactedPayload };

/** What is reacted to: the owner's kind and id, e.g. { kind: 'kudos', id: 7 }. */
export interface ReactionSubject {
	kind: string;
	id: number;
}

/**
 * How an owner tells its room about new counts: it records its own typed event (kudos
 * records `kudos.reacted` with its `kudosId`), so the event contract stays the owner's.
 */
export interface ReactionOwner {
	announce(record: RecordEvent, payload: ReactedPayload): Promise<unknown>;
}
