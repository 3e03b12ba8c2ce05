// The conversation between support and engineering on an escalation: comments in its
// room. A reply from support while it waits on support hands it back to engineering.
import { eq } from 'drizzle-orm';
import { addCommentIn, deleteCommentIn, editCommentIn } from '../comments';
import { withEvents } from '../realtime';
import { escalation } from './schema';
import { isSupportSide } from './rules';
import { ESCALATIONS_ROOM, escalationHref, escalationRoom } from './events';
import {
	listEventPayload,
	lockEscalation,
	moveStatusIn,
	recordHistory,
	requireMember,
	touched,
	watchersOf
} from './changes';
import { escalationChangedIn } from './listeners';

/** An escalation's thread: in its room, so its page follows it live. */
function escalationThread(escalationId: number) {
	return {
		subject: { kind: 'escalation', id: escalationId },
		owner: {
			room: escalationRoom(escalationId),
			about: { escalationId },
			title: `escalation #${escalationId}`,
			href: escalationHref(escalationId)
		}
	};
}

/**
 * Anyone signed in may join the conversation between support and engineering. A comment
 * from Engineering or Product is a response for the SLOs (first response, last update).
 */
export async function commentOnEscalation(
	actorId: number,
	escalationId: number,
	body: string
): Promise<number> {
	return withEvents(async (tx, record) => {
		const actor = await requireMember(tx, actorId);
		const target = await lockEscalation(tx, escalationId);
		const { subject, owner } = escalationThread(escalationId);
		const comment = await addCommentIn(tx, record, actorId, subject, body, {
			...owner,
			participants: {
				personIds: watchersOf(target),
				kind: 'escalation.comment',
				text: `${actor.name} commented on escalation #${escalationId}`
			}
		});
		const [updated] = await tx
			.update(escalation)
			.set(touched(actor, target, comment.createdAt))
			.where(eq(escalation.id, escalationId))
			.returning();
		await recordHistory(tx, escalationId, actorId, 'comment', null, String(comment.id));
		// Support answering what engineering asked hands the escalation back to engineering.
		if (target.status === 'waiting_on_support' && isSupportSide(actor, target)) {
			await moveStatusIn(tx, record, actor, updated, 'in_progress', null);
		} else {
			await record(ESCALATIONS_ROOM, 'escalation.changed', listEventPayload(updated), actorId);
		}
		await escalationChangedIn(tx, record, { escalationId, cause: 'comment', actorId });
		return comment.id;
	});
}

/** The author corrects their comment on an escalation (within 15 minutes). */
export async function editEscalationComment(
	actorId: number,
	escalationId: number,
	commentId: number,
	body: string
): Promise<void> {
	await withEvents(async (tx, record) => {
		await requireMember(tx, actorId);
		await lockEscalation(tx, escalationId);
		const { subject, owner } = escalationThread(escalationId);
		await editCommentIn(tx, record, actorId, subject, commentId, body, owner);
	});
}

/** The author (within 15 minutes) or an admin deletes a comment on an escalation. */
export async function deleteEscalationComment(
	actorId: number,
	escalationId: number,
	commentId: number
): Promise<void> {
	await withEvents(async (tx, record) => {
		await requireMember(tx, actorId);
		await lockEscalation(tx, escalationId);
		const { subject, owner } = escalationThread(escalationId);
		await deleteCommentIn(tx, record, actorId, subject, commentId, owner);
	});
}
