// Proving the running totals still match the ledger (tests and operators).
import { sql } from 'drizzle-orm';
import { rowsOf, useDb, type Executor } from '../db/client';
import { balance, leaderboardTotal, ledgerEntry } from './schema';
import { department, person, team } from '../org';

import { GLOBAL_SCOPE } from './service';

/**
 * Proves the running totals match the ledger: every balance equals its person's ledger
 * sum, and every leaderboard total equals the awards and reversals counted on it
 * (periods recomputed by PostgreSQL in each row's zone). Sums the whole ledger: a check
 * for tests and operators, never for a request.
 */
export async function verifyLedgerTotals(): Promise<{ ok: boolean; problems: string[] }> {
	return useDb().transaction(async (tx) => {
		// A million-row ledger takes longer than the statement timeout requests run under.
		await tx.execute(sql`set local statement_timeout = 0`);
		return problemsIn(tx);
	});
}

async function problemsIn(db: Executor): Promise<{ ok: boolean; problems: string[] }> {
	const problems: string[] = [];

	const balances = await rowsOf<{ id: number; points: number; sum: number }>(
		db,
		sql`
		select p.id, coalesce(b.points, 0)::int as points, coalesce(l.sum, 0)::int as sum
		from ${person} p
		left join ${balance} b on b.person_id = p.id
		left join (select person_id, sum(amount) as sum from ${ledgerEntry} group by person_id) l
			on l.person_id = p.id
		where coalesce(b.points, 0) <> coalesce(l.sum, 0) or b.points < 0
		order by p.id`
	);
	for (const row of balances) {
		problems.push(`balance of person ${row.id} is ${row.points}, the ledger sums to ${row.sum}`);
	}

	const reversals = await rowsOf<{ id: number }>(
		db,
		sql`
		select r.id from ${ledgerEntry} r join ${ledgerEntry} o on o.id = r.reverses_id
		where r.kind = 'reversal' and (r.amount <> -o.amount or r.person_id <> o.person_id
			or o.kind = 'reversal')
		order by r.id`
	);
	for (const row of reversals) problems.push(`reversal ${row.id} does not mirror its entry`);

	const totals = await rowsOf<{
		scope: string;
		board: string;
		period: string;
		period_key: string;
		subject_id: number;
		stored: number;
		expected: number;
	}>(
		db,
		sql`
		with counted as (
			-- Awards, and reversals of awards at their award's time, zone and place.
			select e.person_id, e.team_id, e.department_id, e.amount, e.scopes,
				coalesce(o.created_at, e.created_at) at time zone coalesce(o.time_zone, e.time_zone) as local
			from ${ledgerEntry} e left join ${ledgerEntry} o on o.id = e.reverses_id
			where e.kind = 'award' or (e.kind = 'reversal' and o.kind = 'award')
		),
		expected as (
			select s.scope, b.board, p.period, p.period_key, b.subject_id, sum(c.amount)::int as points
			from counted c
			cross join lateral unnest(array_prepend(${GLOBAL_SCOPE}::text, c.scopes)) as s(scope)
			cross join lateral (values ('person', c.person_id), ('team', c.team_id),
				('department', case when c.team_id is null then null else c.department_id end))
				as b(board, subject_id)
			cross join lateral (values ('week', to_char(c.local, 'IYYY-"W"IW')),
				('month', to_char(c.local, 'YYYY-MM')), ('season', to_char(c.local, 'YYYY-"Q"Q')),
				('all', 'all')) as p(period, period_key)
			where b.subject_id is not null
			group by 1, 2, 3, 4, 5
		)
		select coalesce(t.scope, x.scope) as scope, coalesce(t.board, x.board) as board,
			coalesce(t.period, x.period) as period, coalesce(t.period_key, x.period_key) as period_key,
			coalesce(t.subject_id, x.subject_id) as subject_id,
			coalesce(t.points, 0) as stored, coalesce(x.points, 0) as expected
		from ${leaderboardTotal} t
		full join expected x on x.scope = t.scope and x.board = t.board and x.period = t.period
			and x.period_key = t.period_key and x.subject_id = t.subject_id
		where coalesce(t.points, 0) <> coalesce(x.points, 0)
			-- A deleted team's ledger rows lose their team; its old totals are left behind.
			and not coalesce(t.board = 'team'
				and not exists (select 1 from ${team} where id = t.subject_id), false)
			and not coalesce(t.board = 'department'
				and not exists (select 1 from ${department} where id = t.subject_id), false)
		order by 1, 2, 3, 4, 5
		limit 100`
	);
	for (const row of totals) {
		problems.push(
			`leaderboard ${row.scope}/${row.board}/${row.period}/${row.period_key} #${row.subject_id} ` +
				`is ${row.stored}, the ledger sums to ${row.expected}`
		);
	}
	return { ok: problems.length === 0, problems };
}
