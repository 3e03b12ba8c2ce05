// The live event of reactions: `<subject kind>.reacted` (e.g. `kudos.reacted`) in the
// owner's room, with the subject's new counts. It names no one: who reacted is not shown.
import type { ReactedPayload } from '$lib/reactions/kinds';

export type { ReactedPayload };

/** What is reacted to: the owner's kind and id, e.g. { kind: 'kudos', id: 7 }. */
export interface ReactionSubject {
	kind: string;
	id: number;
}

/** The event type for a subject kind's reactions. */
export function reactedEvent(subjectKind: string): string {
	return `${subjectKind}.reacted`;
}

/** Where an owner keeps a subject's reactions: its room and its own keys for the subject. */
export interface ReactionOwner {
	room: string;
	/** Added to the payload so the owner's pages (and redactions) find it, e.g. { kudosId }. */
	about?: Record<string, number>;
}
