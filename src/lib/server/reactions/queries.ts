// Reading reactions: who reacted how on a set of subjects, and counts for one subject.
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { ReactionKind } from '$lib/reactions/kinds';
import { useDb, type Executor } from '../db/client';
import type { ReactionSubject } from './events';
import { reaction } from './schema';

/** One kind of reaction on one subject, with who left it (ascending ids). */
export interface ReactionGroup {
	subjectId: number;
	kind: ReactionKind;
	people: number[];
}

/**
 * Reactions on many subjects of one kind in one query, grouped by subject and kind. The
 * people are kept so one read serves every viewer ("mine" is decided per viewer).
 */
export async function reactionsOn(kind: string, ids: number[]): Promise<ReactionGroup[]> {
	if (ids.length === 0) return [];
	const rows = await useDb()
		.select({
			subjectId: reaction.subjectId,
			kind: reaction.kind,
			people: sql<number[]>`array_agg(${reaction.personId} order by ${reaction.personId})`
		})
		.from(reaction)
		.where(and(eq(reaction.subjectKind, kind), inArray(reaction.subjectId, ids)))
		.groupBy(reaction.subjectId, reaction.kind);
	return rows.map((r) => ({ ...r, people: r.people.map(Number) }));
}

/** Counts per kind on one subject (kinds nobody used are absent). */
export async function reactionCounts(
	subject: ReactionSubject,
	db: Executor = useDb()
): Promise<Partial<Record<ReactionKind, number>>> {
	const rows = await db
		.select({ kind: reaction.kind, n: count() })
		.from(reaction)
		.where(and(eq(reaction.subjectKind, subject.kind), eq(reaction.subjectId, subject.id)))
		.groupBy(reaction.kind);
	return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}
