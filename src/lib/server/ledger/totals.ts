// Leaderboard totals kept in step with the ledger: which rows an entry counts on, and
// adding to them in an order that cannot deadlock.
import { sql } from 'drizzle-orm';
import type { Transaction } from '../db/client';
import { fixedStatement } from '../db/prepared';
import type { RecordEvent } from '../realtime';
import { LEADERBOARD_ROOM } from './events';
import { PERIODS, type Period, type PeriodKeys } from './periods';
import { leaderboardTotal } from './schema';

/** Who a leaderboard ranks. */
export const BOARDS = ['person', 'team', 'department'] as const;
export type Board = (typeof BOARDS)[number];

/** The leaderboard every award counts on, besides its own scopes. */
export const GLOBAL_SCOPE = 'global';

export interface BoardRow {
	scope: string;
	board: Board;
	period: Period;
	periodKey: string;
	subjectId: number;
}

/**
 * Every leaderboard row an entry counts on: each scope × the person, their team and
 * department (when they have a team) × each period. Sorted, so concurrent writers lock
 * shared rows (a team's, a department's) in the same order and cannot deadlock.
 */
export function boardRows(
	place: { personId: number; teamId: number | null; departmentId: number | null },
	scopes: string[],
	keys: PeriodKeys
): BoardRow[] {
	const subjects: [Board, number | null][] = [
		['person', place.personId],
		['team', place.teamId],
		['department', place.teamId === null ? null : place.departmentId]
	];
	const rows: BoardRow[] = [];
	for (const scope of [GLOBAL_SCOPE, ...scopes]) {
		for (const [board, subjectId] of subjects) {
			if (subjectId === null) continue;
			for (const period of PERIODS) {
				rows.push({ scope, board, period, periodKey: keys[period], subjectId });
			}
		}
	}
	return rows.sort(compareRows);
}

function compareRows(a: BoardRow, b: BoardRow): number {
	const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
	return (
		text(a.scope, b.scope) ||
		text(a.board, b.board) ||
		text(a.period, b.period) ||
		text(a.periodKey, b.periodKey) ||
		a.subjectId - b.subjectId
	);
}

const p = sql.placeholder;

// The rows as five arrays: one statement text whatever their number (a named statement
// the server plans once), built once. In the given order, so shared rows are locked in it.
const addStatement = fixedStatement(
	() => sql`insert into ${leaderboardTotal} as t
			(scope, board, period, period_key, subject_id, points, reached_at)
		select r.scope, r.board, r.period, r.period_key, r.subject_id, ${p('delta')}::int,
			${p('at')}::timestamptz
		from unnest(${p('scopes')}::text[], ${p('boards')}::text[], ${p('periods')}::text[],
			${p('keys')}::text[], ${p('subjects')}::int[])
			with ordinality as r(scope, board, period, period_key, subject_id, n)
		order by r.n
		on conflict (scope, board, period, period_key, subject_id) do update
			set points = t.points + excluded.points,
				reached_at = case when excluded.points > 0
					then greatest(t.reached_at, excluded.reached_at) else t.reached_at end`
);

/**
 * Adds `delta` to each leaderboard row, creating missing ones. A rise moves `reachedAt` to
 * `at` (the later of the two: dated imports must not jump the queue); a fall keeps it.
 */
export async function addToLeaderboards(
	tx: Transaction,
	rows: BoardRow[],
	delta: number,
	at: Date
) {
	if (rows.length === 0) return;
	await addStatement(tx, {
		scopes: rows.map((row) => row.scope),
		boards: rows.map((row) => row.board),
		periods: rows.map((row) => row.period),
		keys: rows.map((row) => row.periodKey),
		subjects: rows.map((row) => row.subjectId),
		delta,
		at: at.toISOString()
	});
}

/** Person rows: only this person's writes touch them. */
export function isPersonal(row: BoardRow): boolean {
	return row.board === 'person';
}

/**
 * The team and department rows (every colleague's award touches them) and the one
 * 'leaderboard' room counter (every award does), taken last so their locks are held for
 * the shortest time before the commit: both statements go in one round trip (postgres.js
 * pipelines a transaction's concurrent queries; the server runs them in the order sent).
 */
export async function addSharedTotals(
	tx: Transaction,
	record: RecordEvent,
	rows: BoardRow[],
	delta: number,
	at: Date,
	change: { personId: number; scopes: string[]; actorId: number | null }
): Promise<void> {
	const shared = rows.filter((row) => !isPersonal(row));
	await Promise.all([
		shared.length > 0 ? addToLeaderboards(tx, shared, delta, at) : undefined,
		record(
			LEADERBOARD_ROOM,
			'points',
			{ personId: change.personId, amount: delta, scopes: [GLOBAL_SCOPE, ...change.scopes] },
			change.actorId
		)
	]);
}
