// Turning a demo comment into work elsewhere, carrying a link back to its moment: a
// feature request (the requests module) or a bug in a running bash (the bug bash module),
// beside the escalation in replay.ts. Each is written in the same transaction as the
// comment's link to it, so a comment becomes each at most once.
import { eq } from 'drizzle-orm';
import { formatOffset } from '$lib/demos/schemas';
import { bugHref, logBugIn } from '../bugbash';
import { ServiceError, parseOrRefuse } from '../errors';
import { publicOrigin } from '../notifications';
import { person } from '../org';
import { withEvents } from '../realtime';
import { createRequestIn, requestHref } from '../requests';
import { bugSchema } from '$lib/bugbash/schemas';
import type { Transaction } from '../db/client';
import { demoRoom } from './events';
import { momentHref } from './replay';
import { demo, demoComment } from './schema';

/** The comment (locked), its demo and the moment's full address; members only. */
async function commentAtMoment(tx: Transaction, actorId: number, commentId: number) {
	const [actor] = await tx
		.select({ active: person.active })
		.from(person)
		.where(eq(person.id, actorId));
	if (!actor?.active) throw new ServiceError('Only members can do that.');
	const [comment] = await tx
		.select()
		.from(demoComment)
		.where(eq(demoComment.id, commentId))
		.for('update');
	if (!comment) throw new ServiceError('That comment does not exist.');
	const [session] = await tx.select().from(demo).where(eq(demo.id, comment.demoId));
	const link = `${publicOrigin()}${momentHref(comment.demoId, comment.offsetMs)}`;
	const where = `the demo “${session.title}” (${session.feature}) at ${formatOffset(comment.offsetMs)}`;
	return { comment, session, link, where };
}

const clip = (text: string, most: number) =>
	text.length > most ? `${text.slice(0, most - 1)}…` : text;

/**
 * Any member turns a comment into a feature request (product's voice-of-customer list),
 * its problem carrying a link back to the moment; the demo's feature is its area.
 */
export async function requestFromComment(actorId: number, commentId: number): Promise<number> {
	return withEvents(async (tx, record) => {
		const { comment, session, link, where } = await commentAtMoment(tx, actorId, commentId);
		if (comment.featureRequestId) {
			throw new ServiceError(
				`That comment is already feature request #${comment.featureRequestId}.`
			);
		}
		const title = comment.body.length >= 4 ? comment.body : `Demo: ${comment.body}`;
		const requestId = await createRequestIn(tx, record, actorId, {
			title: clip(title, 160),
			problem: `${comment.body}\n\nAsked in ${where}: ${link}`,
			area: clip(session.feature, 60)
		});
		await tx
			.update(demoComment)
			.set({ featureRequestId: requestId })
			.where(eq(demoComment.id, commentId));
		await record(
			demoRoom(comment.demoId),
			'demo.filed',
			{ demoId: comment.demoId, commentId, kind: 'request', href: requestHref(requestId) },
			actorId
		);
		return requestId;
	});
}

/**
 * Any member files a comment as a bug in a running bash (in one of its areas when it has
 * them), the steps pointing at the moment. `clientKey` comes with the form: a resubmit
 * files it once.
 */
export async function bugFromComment(
	actorId: number,
	commentId: number,
	target: { bashId: number; area: string; clientKey: string }
): Promise<{ bashId: number; bugId: number }> {
	return withEvents(async (tx, record) => {
		const { comment, where, link } = await commentAtMoment(tx, actorId, commentId);
		if (comment.bugId && comment.bugBashId) {
			throw new ServiceError(`That comment is already bug #${comment.bugId}.`);
		}
		const title = comment.body.length >= 5 ? comment.body : `Demo comment: ${comment.body}`;
		const input = parseOrRefuse(bugSchema, {
			clientKey: target.clientKey,
			title: clip(title, 200),
			steps: `Watch ${where}: ${link}`,
			expected: 'What the demo showed for this feature.',
			actual: clip(comment.body, 4000),
			environment: `Seen in ${where}`,
			severity: 'medium',
			area: target.area || 'Demo'
		});
		const { bugId } = await logBugIn(tx, record, actorId, target.bashId, input);
		await tx
			.update(demoComment)
			.set({ bugId, bugBashId: target.bashId })
			.where(eq(demoComment.id, commentId));
		await record(
			demoRoom(comment.demoId),
			'demo.filed',
			{
				demoId: comment.demoId,
				commentId,
				kind: 'bug',
				href: bugHref({ id: bugId, bashId: target.bashId })
			},
			actorId
		);
		return { bashId: target.bashId, bugId };
	});
}
