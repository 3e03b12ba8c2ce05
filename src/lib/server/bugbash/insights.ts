// What insights read of bug bashes for one period: real bugs (not duplicates, not "not a
// bug") logged in it, per reporter, and which escalations came from a bash.
import { and, count, gte, inArray, isNotNull, lt, notInArray } from 'drizzle-orm';
import { useDb, type Executor } from '../db/client';
import { bug } from './schema';

/** Bugs logged in [from, to) that stood, counted per reporter. */
export async function bugsFoundBetween(from: Date, to: Date, db: Executor = useDb()) {
	return db
		.select({ personId: bug.reporterId, count: count() })
		.from(bug)
		.where(
			and(
				gte(bug.createdAt, from),
				lt(bug.createdAt, to),
				notInArray(bug.status, ['duplicate', 'not_a_bug'])
			)
		)
		.groupBy(bug.reporterId);
}

/** Which of these escalations were promoted from a bash's bug (found before launch). */
export async function escalationsFromBugs(ids: number[], db: Executor = useDb()) {
	if (ids.length === 0) return new Set<number>();
	const rows = await db
		.select({ id: bug.escalationId })
		.from(bug)
		.where(and(isNotNull(bug.escalationId), inArray(bug.escalationId, ids)));
	return new Set(rows.map((row) => row.id!));
}
