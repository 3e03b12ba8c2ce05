// After the session: chapters (added by a presenter, or made from a comment) and turning a
// comment into an escalation that links back to its moment.
import { eq } from 'drizzle-orm';
import { chapterSchema, formatOffset } from '$lib/demos/schemas';
import { escalationSchema } from '$lib/escalations/schemas';
import { ServiceError, parseOrRefuse } from '../errors';
import { openEscalationIn } from '../escalations';
import { publicOrigin } from '../notifications';
import { withEvents } from '../realtime';
import { demoRoom } from './events';
import { demo, demoChapter, demoComment } from './schema';
import { lockDemo, requireManager } from './service';

/** The address of a moment of a demo: the replay opened at that second. */
export function momentHref(demoId: number, offsetMs: number): string {
	return `/demos/${demoId}?t=${Math.floor(offsetMs / 1000)}`;
}

/** A presenter adds a chapter at `at` seconds into the session. */
export async function addChapter(
	actorId: number,
	demoId: number,
	input: { title: string; at: number }
): Promise<number> {
	const data = parseOrRefuse(chapterSchema, input);
	return withEvents(async (tx, record) => {
		await requireManager(tx, actorId, demoId);
		const row = await lockDemo(tx, demoId);
		if (row.state === 'scheduled')
			throw new ServiceError('Chapters come once the demo has started.');
		const [chapter] = await tx
			.insert(demoChapter)
			.values({ demoId, offsetMs: data.at * 1000, title: data.title, createdById: actorId })
			.returning();
		await record(
			demoRoom(demoId),
			'demo.chapter',
			{ demoId, chapterId: chapter.id, title: chapter.title, offsetMs: chapter.offsetMs },
			actorId
		);
		return chapter.id;
	});
}

/** A presenter turns a comment into a chapter at its moment (once per comment). */
export async function chapterFromComment(actorId: number, commentId: number): Promise<number> {
	return withEvents(async (tx, record) => {
		const [comment] = await tx.select().from(demoComment).where(eq(demoComment.id, commentId));
		if (!comment) throw new ServiceError('That comment does not exist.');
		await requireManager(tx, actorId, comment.demoId);
		const title = comment.body.length > 200 ? `${comment.body.slice(0, 199)}…` : comment.body;
		const [chapter] = await tx
			.insert(demoChapter)
			.values({
				demoId: comment.demoId,
				offsetMs: comment.offsetMs,
				title,
				fromCommentId: commentId,
				createdById: actorId
			})
			.onConflictDoNothing({ target: demoChapter.fromCommentId })
			.returning();
		if (!chapter) throw new ServiceError('That comment is already a chapter.');
		await record(
			demoRoom(comment.demoId),
			'demo.chapter',
			{ demoId: comment.demoId, chapterId: chapter.id, title, offsetMs: chapter.offsetMs },
			actorId
		);
		return chapter.id;
	});
}

/**
 * Any member turns a comment into an escalation for engineering, carrying a link back to
 * the moment. `clientKey` comes with the button, so a double click escalates once.
 */
export async function escalateComment(
	actorId: number,
	commentId: number,
	clientKey: string
): Promise<number> {
	return withEvents(async (tx, record) => {
		const [comment] = await tx
			.select()
			.from(demoComment)
			.where(eq(demoComment.id, commentId))
			.for('update');
		if (!comment) throw new ServiceError('That comment does not exist.');
		if (comment.escalationId) {
			throw new ServiceError(`That comment is already escalation #${comment.escalationId}.`);
		}
		const [session] = await tx.select().from(demo).where(eq(demo.id, comment.demoId));
		const link = `${publicOrigin()}${momentHref(comment.demoId, comment.offsetMs)}`;
		const title = comment.body.length >= 5 ? comment.body : `Demo comment: ${comment.body}`;
		const input = parseOrRefuse(escalationSchema, {
			clientKey,
			title: title.length > 200 ? `${title.slice(0, 199)}…` : title,
			description: `Raised in the demo “${session.title}” (${session.feature}) at ${formatOffset(comment.offsetMs)}: ${link}`,
			steps: `Watch the demo from ${formatOffset(comment.offsetMs)}: ${link}`,
			expected: 'What the demo promised for this feature.',
			actual: comment.body,
			severity: 'medium'
		});
		const opened = await openEscalationIn(tx, record, actorId, input);
		await tx
			.update(demoComment)
			.set({ escalationId: opened.escalationId })
			.where(eq(demoComment.id, commentId));
		await record(
			demoRoom(comment.demoId),
			'demo.escalated',
			{ demoId: comment.demoId, commentId, escalationId: opened.escalationId },
			actorId
		);
		return opened.escalationId;
	});
}
