// Reading the ledger on the request path: balances and leaderboard totals, never a sum
// over the ledger.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { rowsOf, useDb, type Database, type Executor } from '../db/client';
import { preparedPerDatabase } from '../db/prepared';
import { balance, leaderboardTotal } from './schema';
import { department, person, team } from '../org';
import { getWorkspace } from '../workspace';
import { periodKeys, type Period } from './periods';

import { GLOBAL_SCOPE, type Board } from './service';

/** A person's balance read on `db` (inside a transaction, or not). */
export async function balanceIn(db: Executor, personId: number): Promise<number> {
	const [row] = await db
		.select({ points: balance.points })
		.from(balance)
		.where(eq(balance.personId, personId));
	return row?.points ?? 0;
}

/** A person's spendable points. */
export async function balanceOf(personId: number): Promise<number> {
	return balanceIn(useDb(), personId);
}

/** The key of the period `date` (default now) falls in, in the workspace time zone. */
export async function currentPeriodKey(period: Period, date = new Date()): Promise<string> {
	if (period === 'all') return 'all'; // no need to ask for the zone
	const { timeZone } = await getWorkspace();
	return periodKeys(date, timeZone)[period];
}

/** Which leaderboard: scope (default global), board, period and period key (default now). */
export interface BoardQuery {
	scope?: string;
	board: Board;
	period: Period;
	periodKey?: string;
}

function boardIs(scope: string, board: Board, period: Period, periodKey: string) {
	return and(
		eq(leaderboardTotal.scope, scope),
		eq(leaderboardTotal.board, board),
		eq(leaderboardTotal.period, period),
		eq(leaderboardTotal.periodKey, periodKey)
	);
}

function subjectTable(board: Board) {
	return board === 'person' ? person : board === 'team' ? team : department;
}

export interface RankedRow {
	rank: number;
	subjectId: number;
	name: string;
	points: number;
	reachedAt: Date;
}

/**
 * The top of a leaderboard: most points first, then whoever reached their score first,
 * then the lower id, so ranks are stable and unique.
 */
export async function topOf(query: BoardQuery & { limit?: number }): Promise<RankedRow[]> {
	const { board, period } = query;
	const scope = query.scope ?? GLOBAL_SCOPE;
	const periodKey = query.periodKey ?? (await currentPeriodKey(period));
	const limit = Math.min(Math.max(Math.trunc(query.limit ?? 20), 1), 100);
	const subject = subjectTable(board);
	const rows = await useDb()
		.select({
			subjectId: leaderboardTotal.subjectId,
			name: subject.name,
			points: leaderboardTotal.points,
			reachedAt: leaderboardTotal.reachedAt
		})
		.from(leaderboardTotal)
		.innerJoin(subject, eq(subject.id, leaderboardTotal.subjectId))
		.where(and(boardIs(scope, board, period, periodKey), gt(leaderboardTotal.points, 0)))
		// "nulls last" as in the ranking index, or PostgreSQL sorts the whole board.
		.orderBy(
			sql`${leaderboardTotal.points} desc nulls last`,
			asc(leaderboardTotal.reachedAt),
			asc(leaderboardTotal.subjectId)
		)
		.limit(limit);
	return rows.map((row, i) => ({ rank: i + 1, ...row }));
}

function allTimeTop(db: Database, board: Board) {
	const subject = subjectTable(board);
	return db
		.select({
			subjectId: leaderboardTotal.subjectId,
			name: subject.name,
			points: leaderboardTotal.points,
			reachedAt: leaderboardTotal.reachedAt
		})
		.from(leaderboardTotal)
		.innerJoin(subject, eq(subject.id, leaderboardTotal.subjectId))
		.where(
			and(
				boardIs(sql.placeholder('scope') as unknown as string, board, 'all', 'all'),
				gt(leaderboardTotal.points, 0)
			)
		)
		.orderBy(
			sql`${leaderboardTotal.points} desc nulls last`,
			asc(leaderboardTotal.reachedAt),
			asc(leaderboardTotal.subjectId)
		)
		.limit(sql.placeholder('limit'))
		.prepare(`ledger_top_all_${board}`);
}

const allTimeTops = {
	person: preparedPerDatabase((db) => allTimeTop(db, 'person')),
	department: preparedPerDatabase((db) => allTimeTop(db, 'department'))
};

/**
 * `topOf` over all time on the person or department board of `scope`, as a prepared
 * statement: a page that shows it on every view (a live bash's standings) skips building it.
 */
export async function topOfAllTime(
	scope: string,
	board: 'person' | 'department',
	limit: number
): Promise<RankedRow[]> {
	const rows = await allTimeTops[board]().execute({ scope, limit });
	return rows.map((row, i) => ({ rank: i + 1, ...row }));
}

/**
 * Where one subject stands on a leaderboard, or null with no points there. Counts the
 * rows ahead along the ranking index (higher points; equal points reached earlier).
 */
export async function rankOf(
	query: BoardQuery & { subjectId: number }
): Promise<{ rank: number; points: number } | null> {
	const { board, period, subjectId } = query;
	const scope = query.scope ?? GLOBAL_SCOPE;
	const periodKey = query.periodKey ?? (await currentPeriodKey(period));
	// Compared in SQL against the stored row: timestamps keep microseconds there.
	const same = sql`t.scope = ${scope} and t.board = ${board} and t.period = ${period}
		and t.period_key = ${periodKey}`;
	const [row] = await rowsOf<{ points: number; rank: number | string }>(
		useDb(),
		sql`
		select me.points,
			(1 + (select count(*) from ${leaderboardTotal} t where ${same} and t.points > me.points)
				+ (select count(*) from ${leaderboardTotal} t where ${same} and t.points = me.points
					and (t.reached_at, t.subject_id) < (me.reached_at, me.subject_id)))::int as rank
		from ${leaderboardTotal} me
		where me.scope = ${scope} and me.board = ${board} and me.period = ${period}
			and me.period_key = ${periodKey} and me.subject_id = ${subjectId} and me.points > 0`
	);
	return row ? { rank: Number(row.rank), points: Number(row.points) } : null;
}
