// The live comment log: comments and questions stamped on the server with their offset
// into the session, question votes (one per person), presenters' marks, reactions at a
// moment and attendance. Comments are sent to the room in frames (see realtime/frames):
// a company-wide audience gets one message per 250 ms, not one per comment.
import { and, eq, sql } from 'drizzle-orm';
import { commentSchema, type CommentInput, type LogComment } from '$lib/demos/schemas';
import type { Executor, Transaction } from '../db/client';
import { ServiceError, parseOrRefuse } from '../errors';
import { awardPointsIn } from '../ledger';
import { notify } from '../notifications';
import { person } from '../org';
import { toggleReactionIn } from '../reactions';
import { TokenBucket, withEvents, type RecordEvent } from '../realtime';
import { demoRoom } from './events';
import { commentLimits, HELPFUL_QUESTION_POINTS, momentSlice } from './rules';
import { demo, demoAttendance, demoComment, demoMoment, demoQuestionVote } from './schema';
import { requireManager } from './service';

type CommentRow = typeof demoComment.$inferSelect;

// Per person and demo, on this node: a burst, then a steady trickle.
const buckets = new Map<string, TokenBucket>();

function takeCommentToken(personId: number, demoId: number): boolean {
	const key = `${personId}:${demoId}`;
	let bucket = buckets.get(key);
	if (!bucket) {
		// Forget idle people now and then, so the map stays small over months.
		if (buckets.size > 20_000) buckets.clear();
		bucket = new TokenBucket(commentLimits.perSecond, commentLimits.burst);
		buckets.set(key, bucket);
	}
	return bucket.take();
}

/** Forgets every person's comment budget (tests that change the limits start afresh). */
export function resetCommentBudgets(): void {
	buckets.clear();
}

/** A log line as pages and frames carry it. */
export function logLine(row: CommentRow, authorName: string): LogComment {
	return {
		id: row.id,
		authorId: row.authorId,
		authorName,
		kind: row.kind,
		body: row.body,
		offsetMs: row.offsetMs,
		live: row.live,
		votes: row.votes,
		answered: row.answeredAt !== null,
		pinned: row.pinned,
		helpful: row.helpful,
		escalationId: row.escalationId,
		featureRequestId: row.featureRequestId,
		bug: row.bugId && row.bugBashId ? { bashId: row.bugBashId, bugId: row.bugId } : null,
		at: row.createdAt.toISOString()
	};
}

async function activeName(tx: Executor, personId: number): Promise<string> {
	const [row] = await tx
		.select({ name: person.name, active: person.active })
		.from(person)
		.where(eq(person.id, personId));
	if (!row?.active) throw new ServiceError('Only members can do that.');
	return row.name;
}

/** What a comment, reaction or arrival needs to know, read in one statement. */
interface MomentContext {
	authorName: string;
	state: (typeof demo.$inferSelect)['state'];
	/** How far into the live session this transaction is, by the database's clock. */
	liveOffsetMs: number;
}

/**
 * The person's name and the demo's state and live offset in one round trip (a
 * company-wide audience comments at once: every statement counts). Refuses a demo that
 * does not exist and a person who is no longer a member.
 */
async function momentContext(
	tx: Executor,
	personId: number,
	demoId: number
): Promise<MomentContext> {
	const [row] = await tx
		.select({
			state: demo.state,
			authorName: person.name,
			active: person.active,
			liveOffsetMs: sql<number>`greatest(0, floor(extract(epoch from (now() - ${demo.wentLiveAt})) * 1000))::integer`
		})
		.from(demo)
		.leftJoin(person, eq(person.id, personId))
		.where(eq(demo.id, demoId));
	if (!row) throw new ServiceError('That demo does not exist.');
	if (!row.active || row.authorName === null) throw new ServiceError('Only members can do that.');
	return { authorName: row.authorName, state: row.state, liveOffsetMs: Number(row.liveOffsetMs) };
}

/**
 * Adds a comment or question to the log, inside the caller's transaction. While the demo
 * is live it is stamped with the database's clock against the session start; after the
 * session it is stamped at the viewer's playhead (`at`, in seconds) and marked as later.
 */
export async function postCommentIn(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	demoId: number,
	input: CommentInput
): Promise<LogComment> {
	const data = parseOrRefuse(commentSchema, input, 'body');
	const { authorName, state, liveOffsetMs } = await momentContext(tx, actorId, demoId);
	if (state === 'scheduled') {
		throw new ServiceError(
			'The demo has not started yet: comments open when it goes live.',
			'body'
		);
	}
	if (state === 'ended' && data.at === undefined) {
		throw new ServiceError('The session has ended: comment from the replay, at a moment.', 'body');
	}
	if (!takeCommentToken(actorId, demoId)) {
		throw new ServiceError(
			'You are commenting very fast: wait a few seconds, then send it again.',
			'body',
			'rate_limited'
		);
	}
	const live = state === 'live';
	const offsetMs = live ? liveOffsetMs : data.at! * 1000;
	const [inserted] = await tx
		.insert(demoComment)
		.values({ demoId, authorId: actorId, kind: data.kind, body: data.body, offsetMs, live })
		.returning();
	const comment = logLine(inserted, authorName);
	await record(demoRoom(demoId), 'demo.comment', { demoId, comment }, actorId);
	return comment;
}

/** `postCommentIn` in its own transaction; its event goes out in the room's next frame. */
export async function postComment(actorId: number, demoId: number, input: CommentInput) {
	return withEvents((tx, record) => postCommentIn(tx, record, actorId, demoId, input), {
		framed: true
	});
}

async function lockComment(tx: Transaction, commentId: number): Promise<CommentRow> {
	const [row] = await tx
		.select()
		.from(demoComment)
		.where(eq(demoComment.id, commentId))
		.for('update');
	if (!row) throw new ServiceError('That comment does not exist.');
	return row;
}

async function announceQuestion(record: RecordEvent, row: CommentRow, actorId: number) {
	await record(
		demoRoom(row.demoId),
		'demo.question',
		{
			demoId: row.demoId,
			commentId: row.id,
			votes: row.votes,
			answered: row.answeredAt !== null,
			pinned: row.pinned,
			helpful: row.helpful
		},
		actorId
	);
}

/** Upvotes a question, once per person (the vote's key makes a race count once). */
export async function voteQuestionIn(
	tx: Transaction,
	record: RecordEvent,
	actorId: number,
	commentId: number
): Promise<number> {
	await activeName(tx, actorId);
	const row = await lockComment(tx, commentId);
	if (row.kind !== 'question') throw new ServiceError('Only questions take votes.');
	if (row.authorId === actorId) throw new ServiceError('You cannot upvote your own question.');
	const voted = await tx
		.insert(demoQuestionVote)
		.values({ commentId, personId: actorId })
		.onConflictDoNothing()
		.returning({ commentId: demoQuestionVote.commentId });
	if (voted.length === 0) throw new ServiceError('You already upvoted this question.');
	const [updated] = await tx
		.update(demoComment)
		.set({ votes: sql`${demoComment.votes} + 1` })
		.where(eq(demoComment.id, commentId))
		.returning();
	await announceQuestion(record, updated, actorId);
	return updated.votes;
}

export async function voteQuestion(actorId: number, commentId: number) {
	return withEvents((tx, record) => voteQuestionIn(tx, record, actorId, commentId));
}

export type QuestionMark = 'answered' | 'pinned' | 'helpful';

/**
 * A presenter marks a question answered, pinned or helpful (or takes the mark back). A
 * helpful question earns its author points, once however often it is marked.
 */
export async function markQuestion(
	actorId: number,
	commentId: number,
	mark: QuestionMark,
	on: boolean
): Promise<void> {
	return withEvents(async (tx, record) => {
		const row = await lockComment(tx, commentId);
		await requireManager(tx, actorId, row.demoId);
		if (row.kind !== 'question') throw new ServiceError('Only questions can be marked.');
		const change =
			mark === 'answered'
				? { answeredAt: on ? sql`coalesce(${demoComment.answeredAt}, now())` : null }
				: mark === 'pinned'
					? { pinned: on }
					: { helpful: on };
		const [updated] = await tx
			.update(demoComment)
			.set(change)
			.where(eq(demoComment.id, commentId))
			.returning();
		if (mark === 'helpful' && on) {
			await awardPointsIn(tx, record, {
				personId: row.authorId,
				amount: HELPFUL_QUESTION_POINTS,
				sourceKind: 'demo.helpful_question',
				sourceId: commentId,
				reason: 'A helpful question in a demo',
				scopes: ['demos'],
				actorId
			});
		}
		if (mark === 'answered' && on && row.answeredAt === null) {
			await notify(
				tx,
				record,
				[row.authorId],
				{
					kind: 'demo.question',
					text: `Your question was answered: “${row.body.slice(0, 80)}”`,
					href: `/demos/${row.demoId}?t=${Math.floor(row.offsetMs / 1000)}`
				},
				actorId
			);
		}
		await announceQuestion(record, updated, actorId);
	});
}

/**
 * A reaction at a moment: toggled on the session's ten-second slice through the
 * reactions capability (live: now; replay: the playhead `atSeconds`).
 */
export async function reactAtMoment(
	actorId: number,
	demoId: number,
	kind: unknown,
	atSeconds?: number
): Promise<boolean> {
	return withEvents(async (tx, record) => {
		const { state, liveOffsetMs } = await momentContext(tx, actorId, demoId);
		if (state === 'scheduled') throw new ServiceError('The demo has not started yet.');
		const offsetMs = state === 'live' ? liveOffsetMs : (atSeconds ?? -1) * 1000;
		if (offsetMs < 0) throw new ServiceError('Choose the moment to react at.');
		const slice = momentSlice(offsetMs);
		await tx.insert(demoMoment).values({ demoId, slice }).onConflictDoNothing();
		const [moment] = await tx
			.select({ id: demoMoment.id })
			.from(demoMoment)
			.where(and(eq(demoMoment.demoId, demoId), eq(demoMoment.slice, slice)));
		return toggleReactionIn(tx, record, actorId, { kind: 'demo_moment', id: moment.id }, kind, {
			announce: (recordIn, payload) =>
				recordIn(demoRoom(demoId), 'demo.reacted', { demoId, slice, ...payload }, null)
		});
	});
}

/** Notes that someone watched live (once per demo); the room sees who arrived. */
export async function recordAttendance(personId: number, demoId: number): Promise<boolean> {
	return withEvents(async (tx, record) => {
		const { authorName: name, state } = await momentContext(tx, personId, demoId);
		if (state !== 'live') return false;
		const added = await tx
			.insert(demoAttendance)
			.values({ demoId, personId })
			.onConflictDoNothing()
			.returning({ personId: demoAttendance.personId });
		if (added.length === 0) return false;
		await record(demoRoom(demoId), 'demo.attended', { demoId, personId, name }, personId);
		return true;
	});
}
