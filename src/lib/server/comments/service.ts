// Writing comment threads: add, edit and delete, each inside the owner's transaction (the
// owner checks who may write its thread first), with the room event, @mention
// notifications and the participants' notifications stored in that same transaction.
import { and, eq } from 'drizzle-orm';
import type { CommentSubject } from '$lib/comments/types';
import type { NotificationKind } from '$lib/notifications/kinds';
import type { Executor, Transaction } from '../db/client';
import { ServiceError } from '../errors';
import { notify } from '../notifications';
import { person } from '../org';
import { redactEvents, type RecordEvent } from '../realtime';
import {
	COMMENT_EVENTS,
	type CommentAddedPayload,
	type CommentDeletedPayload,
	type CommentEditedPayload,
	type ThreadOwner
} from './events';
import { mentionedPeople } from './mentions';
import { checkedBody, mayDelete, mayEdit, type CommentActor } from './rules';
import { comment } from './schema';

export type StoredComment = typeof comment.$inferSelect;

/** Who the owner tells about a new comment (the thread's participants), and how. */
export interface ParticipantsNotice {
	personIds: number[];
	kind: NotificationKind;
	text: string;
}

async function actorOf(tx: Executor, actorId: number): Promise<CommentActor & { name: string }> {
	const [row] = await tx
		.select({ id: person.id, role: person.role, name: person.name, active: person.active })
		.from(person)
		.where(eq(person.id, actorId));
	if (!row?.active) throw new ServiceError('Your account cannot do that.');
	return row;
}

function eventBase(subject: CommentSubject, commentId: number, owner: ThreadOwner) {
	return { ...owner.about, subjectKind: subject.kind, subjectId: subject.id, commentId };
}

/** Tells the people a text mentions (never the author), stored with the comment. */
async function notifyMentioned(
	tx: Transaction,
	record: RecordEvent,
	actor: { id: number; name: string },
	people: number[],
	owner: ThreadOwner
): Promise<void> {
	await notify(
		tx,
		record,
		people,
		{
			kind: 'mentioned',
			text: `${actor.name} mentioned you in a comment on ${owner.title}.`,
			href: owner.href
		},
		actor.id
	);
}

/**
 * Adds a comment to the subject's thread. The owner has checked that the actor may write
 * there; this checks the text, records `comment.added` in the owner's room, tells the
 * people it mentions and then the participants (someone mentioned hears once).
 */
export async function addCommentIn(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	subject: CommentSubject,
	body: unknown,
	owner: ThreadOwner & { participants?: ParticipantsNotice }
): Promise<StoredComment> {
	const text = checkedBody(body);
	const actor = await actorOf(tx, actorId);
	const [added] = await tx
		.insert(comment)
		.values({ subjectKind: subject.kind, subjectId: subject.id, authorId: actorId, body: text })
		.returning();
	const payload: CommentAddedPayload = {
		...eventBase(subject, added.id, owner),
		authorId: actorId,
		authorName: actor.name,
		body: text,
		createdAt: added.createdAt.toISOString()
	};
	await record(owner.room, COMMENT_EVENTS.added, payload, actorId);
	const mentioned = await mentionedPeople(tx, text);
	await notifyMentioned(tx, record, actor, mentioned, owner);
	const told = owner.participants;
	if (told) {
		const rest = told.personIds.filter((id) => !mentioned.includes(id));
		await notify(tx, record, rest, { kind: told.kind, text: told.text, href: owner.href }, actorId);
	}
	return added;
}

/** The comment, locked, if it belongs to the subject's thread. */
async function lockComment(tx: Transaction, subject: CommentSubject, commentId: number) {
	const [row] = await tx
		.select()
		.from(comment)
		.where(
			and(
				eq(comment.id, commentId),
				eq(comment.subjectKind, subject.kind),
				eq(comment.subjectId, subject.id)
			)
		)
		.for('update');
	if (!row || row.deletedAt) throw new ServiceError('That comment does not exist.');
	return row;
}

/**
 * The author changes their comment within 15 minutes of posting it; it shows as edited.
 * People newly mentioned by the edit are told.
 */
export async function editCommentIn(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	subject: CommentSubject,
	commentId: number,
	body: unknown,
	owner: ThreadOwner
): Promise<StoredComment> {
	const text = checkedBody(body);
	const actor = await actorOf(tx, actorId);
	const target = await lockComment(tx, subject, commentId);
	if (!mayEdit(actor, target)) {
		throw new ServiceError(
			target.authorId === actorId
				? 'Comments can be edited for 15 minutes after posting.'
				: 'You can only edit your own comments.'
		);
	}
	if (text === target.body) return target;
	const [edited] = await tx
		.update(comment)
		.set({ body: text, editedAt: new Date() })
		.where(eq(comment.id, commentId))
		.returning();
	const payload: CommentEditedPayload = {
		...eventBase(subject, commentId, owner),
		body: text,
		editedAt: edited.editedAt!.toISOString()
	};
	await record(owner.room, COMMENT_EVENTS.edited, payload, actorId);
	const before = new Set(await mentionedPeople(tx, target.body));
	const added = (await mentionedPeople(tx, text)).filter((id) => !before.has(id));
	await notifyMentioned(tx, record, actor, added, owner);
	return edited;
}

/**
 * Deletes a comment: its author within 15 minutes, an admin at any time. The text is
 * erased from the table and from the owner's room log (the log is a read path), and the
 * thread shows "Comment deleted" in its place.
 */
export async function deleteCommentIn(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	subject: CommentSubject,
	commentId: number,
	owner: ThreadOwner
): Promise<void> {
	const actor = await actorOf(tx, actorId);
	const target = await lockComment(tx, subject, commentId);
	if (!mayDelete(actor, target)) {
		throw new ServiceError(
			target.authorId === actorId
				? 'Comments can be deleted for 15 minutes after posting.'
				: 'You can only delete your own comments.'
		);
	}
	await tx
		.update(comment)
		.set({ body: '', deletedAt: new Date() })
		.where(eq(comment.id, commentId));
	// Redacted events keep naming the thread, so a page catching up still knows whose count
	// a comment was in.
	const payload: CommentDeletedPayload = eventBase(subject, commentId, owner);
	await redactEvents(tx, owner.room, { ...payload });
	await record(owner.room, COMMENT_EVENTS.deleted, payload, actorId);
}
