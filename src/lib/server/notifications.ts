import type { RecordEvent } from './realtime';

/** A live note in someone's notification tray, e.g. "Your bug was accepted (+5)". */
export interface Notice {
	text: string;
	href?: string;
}

/**
 * Tells people about something inside the writing transaction (so a rolled-back change
 * tells nobody); the actor is never told about their own action.
 */
export async function notify(
	record: RecordEvent,
	personIds: Iterable<number>,
	notice: Notice,
	actorId: number | null
): Promise<void> {
	for (const personId of new Set(personIds)) {
		if (personId === actorId) continue;
		await record(`user:${personId}`, 'notice', notice, actorId);
	}
}
