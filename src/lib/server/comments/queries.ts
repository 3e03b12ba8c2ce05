// Reading comment threads: a page of the newest comments as one viewer sees them, and
// counts for lists (a bash board, the escalations list).
import { and, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import {
	COMMENT_MAX_SHOWN,
	COMMENT_PAGE_SIZE,
	type CommentSubject,
	type CommentThreadPage,
	type CommentView
} from '$lib/comments/types';
import { useDb } from '../db/client';
import { department, person, team } from '../org';
import { mayDelete, mayEdit, type CommentActor } from './rules';
import { comment } from './schema';

function ofSubject(subject: CommentSubject) {
	return and(eq(comment.subjectKind, subject.kind), eq(comment.subjectId, subject.id));
}

/** How many comments a page asks for: a whole number of pages, within bounds. */
export function shownFrom(requested: unknown): number {
	const n = Number(requested);
	if (!Number.isSafeInteger(n) || n <= COMMENT_PAGE_SIZE) return COMMENT_PAGE_SIZE;
	return Math.min(Math.ceil(n / COMMENT_PAGE_SIZE) * COMMENT_PAGE_SIZE, COMMENT_MAX_SHOWN);
}

/**
 * The newest `shown` comments of a thread, oldest first, as `viewer` sees them: names
 * and departments, "edited", deleted ones without text, and what the viewer may change.
 */
export async function threadOf(
	subject: CommentSubject,
	viewer: CommentActor,
	shown = COMMENT_PAGE_SIZE
): Promise<CommentThreadPage> {
	const db = useDb();
	const limit = shownFrom(shown);
	const [rows, [{ total }]] = await Promise.all([
		db
			.select({
				id: comment.id,
				authorId: comment.authorId,
				authorName: person.name,
				departmentName: department.name,
				departmentKind: department.kind,
				body: comment.body,
				createdAt: comment.createdAt,
				editedAt: comment.editedAt,
				deletedAt: comment.deletedAt
			})
			.from(comment)
			.innerJoin(person, eq(person.id, comment.authorId))
			.leftJoin(team, eq(team.id, person.teamId))
			.leftJoin(department, eq(department.id, team.departmentId))
			.where(ofSubject(subject))
			.orderBy(desc(comment.createdAt), desc(comment.id))
			.limit(limit),
		db.select({ total: count() }).from(comment).where(ofSubject(subject))
	]);
	const now = new Date();
	const comments = rows.reverse().map(({ deletedAt, ...row }): CommentView => ({
		...row,
		body: deletedAt ? '' : row.body,
		deleted: deletedAt !== null,
		mayEdit: mayEdit(viewer, { ...row, deletedAt }, now),
		mayDelete: mayDelete(viewer, { ...row, deletedAt }, now)
	}));
	return { comments, total, shown: limit };
}

/** Standing (not deleted) comments per subject id, for lists; ids without any are absent. */
export async function commentCounts(kind: string, ids: number[]): Promise<Map<number, number>> {
	if (ids.length === 0) return new Map();
	const rows = await useDb()
		.select({ subjectId: comment.subjectId, n: count() })
		.from(comment)
		.where(
			and(eq(comment.subjectKind, kind), inArray(comment.subjectId, ids), isNull(comment.deletedAt))
		)
		.groupBy(comment.subjectId);
	return new Map(rows.map((r) => [r.subjectId, r.n]));
}

/**
 * A subject's standing comments as a subquery, for a list that wants its counts in its own
 * statement (`subjectId` is the list's id column; write it qualified).
 */
export function commentCountSql(kind: string, subjectId: SQL): SQL<number> {
	return sql<number>`(select count(*)::int from ${comment} cc
		where cc.subject_kind = ${kind} and cc.subject_id = ${subjectId} and cc.deleted_at is null)`;
}
