// Leaderboard totals kept in step with the ledger: which rows an entry counts on, and
// adding to them in an order that cannot deadlock.
import { sql } from 'drizzle-orm';
import type { Transaction } from '../db/client';
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
	await tx
		.insert(leaderboardTotal)
		.values(rows.map((row) => ({ ...row, points: delta, reachedAt: at })))
		.onConflictDoUpdate({
			target: [
				leaderboardTotal.scope,
				leaderboardTotal.board,
				leaderboardTotal.period,
				leaderboardTotal.periodKey,
				leaderboardTotal.subjectId
			],
			set: {
				points: sql`${leaderboardTotal.points} + excluded.points`,
				reachedAt: sql`case when excluded.points > 0
					then greatest(${leaderboardTotal.reachedAt}, excluded.reached_at)
					else ${leaderboardTotal.reachedAt} end`
			}
		});
}

/** Person rows: only this person's writes touch them. */
export function isPersonal(row: BoardRow): boolean {
	return row.board === 'person';
}

/**
 * The team and department rows (every colleague's award touches them) and the one
 * 'leaderboard' room counter (every award does), taken last so their locks are held for
 * the shortest time before the commit.
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
	if (shared.length > 0) await addToLeaderboards(tx, shared, delta, at);
	await record(
		LEADERBOARD_ROOM,
		'points',
		{ personId: change.personId, amount: delta, scopes: [GLOBAL_SCOPE, ...change.scopes] },
		change.actorId
	);
}
