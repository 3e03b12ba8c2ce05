// Spotting duplicates: bugs that look like what someone is typing, and "Same bug". Both
// point to the original report, following a chain of duplicates (A is a duplicate of B,
// which was later found to duplicate C), so the confirmation and its notice reach the
// person who found the bug first.
import { eq, sql } from 'drizzle-orm';
import { rowsOf, useDb, type Executor } from '../db/client';
import { ServiceError } from '../errors';
import { notify } from '../notifications';
import { person } from '../org';
import { withEvents } from '../realtime';
import { bashRoom } from './events';
import { bug, bugConfirmation } from './schema';

/** Chains are short in practice; the cap guards against a cycle made by hand in the DB. */
const MAX_CHAIN = 20;

/** The bug at the end of `bugId`'s duplicate chain (itself when it is not a duplicate). */
export async function originalOf(db: Executor, bugId: number): Promise<number> {
	let current = bugId;
	for (let hop = 0; hop < MAX_CHAIN; hop++) {
		const [row] = await db
			.select({ status: bug.status, duplicateOfId: bug.duplicateOfId })
			.from(bug)
			.where(eq(bug.id, current));
		if (!row || row.status !== 'duplicate' || !row.duplicateOfId) return current;
		current = row.duplicateOfId;
	}
	return current;
}

export interface SimilarBug {
	id: number;
	title: string;
	status: string;
	reporterId: number;
	score: number;
}

/**
 * The original bugs of a bash whose titles (or whose duplicates' titles) look like
 * `text` (trigram similarity), most similar first: shown while someone types, so they can
 * confirm instead of logging a duplicate.
 */
export async function similarBugs(bashId: number, text: string, limit = 5): Promise<SimilarBug[]> {
	const query = text.trim().slice(0, 200);
	if (query.length < 3) return [];
	const db = useDb();
	const matches = await rowsOf<{ id: number; score: number }>(
		db,
		sql`select ${bug.id} as id, similarity(${bug.title}, ${query}) as score
			from ${bug}
			where ${bug.bashId} = ${bashId} and ${bug.title} % ${query}
			order by score desc, ${bug.id} asc
			limit ${limit * 3}`
	);
	// A duplicate counts as a match for its original, with the better of the two scores.
	const best = new Map<number, number>();
	for (const match of matches) {
		const original = await originalOf(db, Number(match.id));
		best.set(original, Math.max(best.get(original) ?? 0, Number(match.score)));
	}
	const ranked = [...best.entries()].sort(([a, x], [b, y]) => y - x || a - b).slice(0, limit);
	const similar: SimilarBug[] = [];
	for (const [id, score] of ranked) {
		const [row] = await db
			.select({ title: bug.title, status: bug.status, reporterId: bug.reporterId })
			.from(bug)
			.where(eq(bug.id, id));
		similar.push({ id, score, ...row });
	}
	return similar;
}

/**
 * "Same bug": records that someone else hit it too, once per person, on the original of
 * `bugId`, and tells the original's reporter. Answers the bug it landed on.
 */
export async function confirmSameBug(
	personId: number,
	bugId: number
): Promise<{ bugId: number; confirmed: boolean }> {
	return withEvents(async (tx, record) => {
		const originalId = await originalOf(tx, bugId);
		const [target] = await tx.select().from(bug).where(eq(bug.id, originalId));
		if (!target) throw new ServiceError('That bug does not exist.');
		if (target.reporterId === personId) throw new ServiceError('You logged this bug yourself.');
		const added = await tx
			.insert(bugConfirmation)
			.values({ bugId: target.id, personId })
			.onConflictDoNothing()
			.returning({ bugId: bugConfirmation.bugId });
		if (added.length === 0) return { bugId: target.id, confirmed: false };
		await record(
			bashRoom(target.bashId),
			'bug.confirmed',
			{ bugId: target.id, personId },
			personId
		);
		const [who] = await tx
			.select({ name: person.name })
			.from(person)
			.where(eq(person.id, personId));
		await notify(
			tx,
			record,
			[target.reporterId],
			{
				kind: 'bug.confirmed',
				text: `${who?.name ?? 'Someone'} hit your bug “${target.title}” too.`,
				href: `/bugbash/${target.bashId}/bugs/${target.id}`
			},
			personId
		);
		return { bugId: target.id, confirmed: true };
	});
}
