// Toggling a reaction inside the owner's transaction (the owner checks the subject may be
// reacted to), with the live event in the owner's room.
import { and, eq } from 'drizzle-orm';
import type { Transaction } from '../db/client';
import type { RecordEvent } from '../realtime';
import type { ReactedPayload, ReactionOwner, ReactionSubject } from './events';
import { reactionCounts } from './queries';
import { checkedKind } from './rules';
import { reaction } from './schema';

/**
 * Adds the person's reaction of `kind` to the subject, or takes it back if it was there;
 * answers whether it is now on. The unique key makes concurrent toggles by the same person
 * leave at most one row.
 */
export async function toggleReactionIn(
	tx: Transaction,
	record: RecordEvent,
	personId: number,
	subject: ReactionSubject,
	kind: unknown,
	owner: ReactionOwner
): Promise<boolean> {
	const checked = checkedKind(kind);
	const mine = and(
		eq(reaction.subjectKind, subject.kind),
		eq(reaction.subjectId, subject.id),
		eq(reaction.personId, personId),
		eq(reaction.kind, checked)
	);
	const removed = await tx.delete(reaction).where(mine).returning({ kind: reaction.kind });
	if (removed.length === 0) {
		await tx
			.insert(reaction)
			.values({ subjectKind: subject.kind, subjectId: subject.id, personId, kind: checked })
			.onConflictDoNothing();
	}
	const payload: ReactedPayload = {
		subjectKind: subject.kind,
		subjectId: subject.id,
		counts: await reactionCounts(subject, tx)
	};
	// No actor: who reacted is not shown, so the room is not told either (the owner records
	// it without one).
	await owner.announce(record, payload);
	return removed.length === 0;
}
