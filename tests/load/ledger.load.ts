// Ledger figures (npm run bench): leaderboard reads and award writes over 5,000 people
// and 1,000,000 ledger rows (LEDGER_ROWS), on PGlite or on DATABASE_URL's server. The
// history is generated set-based in SQL (the service would take hours for a million
// rows); the live awards then go through the real awardPoints.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
	awardPoints,
	currentPeriodKey,
	rankOf,
	topOf,
	verifyLedgerTotals
} from '../../src/lib/server/ledger';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { measure, type Figure } from './measure';

const PEOPLE = 5_000;
const TEAMS_PER_DEPARTMENT = 10;
const ROWS = Number(process.env.LEDGER_ROWS ?? 1_000_000);
const AWARDS_PER_SECOND = 200;
const AWARD_SECONDS = 10;

let testDb: TestDatabase;
const setup: { step: string; seconds: string }[] = [];

async function timed(step: string, work: () => Promise<unknown>): Promise<void> {
	const started = performance.now();
	await work();
	setup.push({ step, seconds: ((performance.now() - started) / 1000).toFixed(1) });
}

/** A set-up step: a million rows take longer than the app's statement timeout allows. */
const run = (query: ReturnType<typeof sql>) =>
	testDb.db.transaction(async (tx) => {
		await tx.execute(sql`set local statement_timeout = 0`);
		return tx.execute(query);
	});

beforeAll(async () => {
	testDb = await createTestDatabase();
	await timed(`${TEAMS_PER_DEPARTMENT * 4} teams, ${PEOPLE} people`, async () => {
		await run(sql`insert into team (name, department_id)
			select d.name || ' ' || n, d.id
			from department d cross join generate_series(1, ${TEAMS_PER_DEPARTMENT}) n`);
		// Every 50th person has no team: they only show on the person boards.
		await run(sql`insert into person (name, email, password_hash, team_id)
			select 'Bench Person ' || g, 'bench' || g || '@ledger.test', 'not-a-real-hash',
				case when g % 50 = 0 then null
					else (select id from team order by id offset (g % ${TEAMS_PER_DEPARTMENT * 4}) limit 1) end
			from generate_series(1, ${PEOPLE}) g`);
		await run(sql`create temp table bench_person as
			select row_number() over (order by p.id) - 1 as n, p.id, p.team_id, t.department_id
			from person p left join team t on t.id = p.team_id`);
		await run(sql`create index on bench_person (n)`);
	});
	await timed(`${ROWS.toLocaleString('en-US')} ledger rows (1 in 10 a spend)`, () =>
		// Row g is person g mod 5,000's (g / 5,000)th: every tenth of theirs a spend of 1–5,
		// the others awards of 5–50, so no balance goes below zero. Spread over the last
		// year, pseudo-randomly but repeatably (multiplicative hashing of g).
		run(sql`insert into ledger_entry (person_id, kind, amount, source_kind, source_id, team_id,
				department_id, time_zone, created_at)
			select p.id,
				(case when (g / ${PEOPLE}) % 10 = 0 then 'spend' else 'award' end)::ledger_kind,
				case when (g / ${PEOPLE}) % 10 = 0 then -(1 + g % 5) else 5 + (g::bigint * 7919) % 46 end,
				'bench', g::text, p.team_id, p.department_id, 'UTC',
				now() - ((g::bigint * 104729) % (365 * 86400)) * interval '1 second'
			from generate_series(1, ${ROWS}) g
			join bench_person p on p.n = g % ${PEOPLE}`)
	);
	await timed('balances from the ledger', () =>
		run(sql`insert into balance (person_id, points)
			select person_id, sum(amount) from ledger_entry group by person_id`)
	);
	await timed('leaderboard totals from the ledger', async () => {
		// Per person and week-within-month first, then every board and period from that.
		await run(sql`create temp table bench_agg as
			select person_id, team_id, department_id,
				to_char(created_at at time zone 'UTC', 'IYYY-"W"IW') as week,
				to_char(created_at at time zone 'UTC', 'YYYY-MM') as month,
				to_char(created_at at time zone 'UTC', 'YYYY-"Q"Q') as season,
				sum(amount)::int as points, max(created_at) as reached_at
			from ledger_entry where kind = 'award'
			group by 1, 2, 3, 4, 5, 6`);
		await run(sql`insert into leaderboard_total
				(scope, board, period, period_key, subject_id, points, reached_at)
			select 'global', b.board, p.period, p.period_key, b.subject_id, sum(a.points), max(a.reached_at)
			from bench_agg a
			cross join lateral (values ('person', a.person_id), ('team', a.team_id),
				('department', a.department_id)) as b(board, subject_id)
			cross join lateral (values ('week', a.week), ('month', a.month), ('season', a.season),
				('all', 'all')) as p(period, period_key)
			where b.subject_id is not null
			group by 1, 2, 3, 4, 5`);
		await run(sql`drop table bench_agg`);
	});
	await timed('badges already earned', () =>
		// As a live workspace would have them: the first award's badge, the thresholds
		// reached and (with ~180 awards a year each) a three-week streak.
		run(sql`insert into badge_award (person_id, badge, awarded_at)
			select t.subject_id, b.badge, t.reached_at
			from leaderboard_total t
			join (values ('first-points', 0), ('points-100', 100), ('points-500', 500),
				('points-1000', 1000), ('streak-3-weeks', 0)) as b(badge, points) on t.points >= b.points
			where t.scope = 'global' and t.board = 'person' and t.period = 'all'`)
	);
	// PostgreSQL's autovacuum would have run by now; PGlite has none, so it only gets
	// fresh statistics (its index-only scans still visit the table).
	await timed(testDb.driver === 'pglite' ? 'analyze' : 'vacuum analyze', () =>
		testDb.db.execute(testDb.driver === 'pglite' ? sql`analyze` : sql`vacuum analyze`)
	);
	// The bulk load leaves a lot of WAL behind: the checkpoint it calls for would otherwise
	// land in the first measured round, which a server in service has long since had.
	if (testDb.driver !== 'pglite')
		await timed('checkpoint', () => testDb.db.execute(sql`checkpoint`));
}, 600_000);

afterAll(() => testDb?.destroy());

/**
 * Awards at a steady rate whatever the answers' speed (an open loop, like real traffic):
 * each latency counts from when the award was due, so queueing shows.
 */
let pacedRuns = 0;
async function pacedAwards(perSecond: number, seconds: number, label = ''): Promise<Figure> {
	const run = ++pacedRuns;
	const total = perSecond * seconds;
	const gap = 1000 / perSecond;
	const times: number[] = [];
	const pending: Promise<void>[] = [];
	const started = performance.now();
	for (let i = 0; i < total; i++) {
		const due = started + i * gap;
		const wait = due - performance.now();
		if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
		// Person ids run 1..5,000 in the fresh database; 7919 spreads the awards over them.
		pending.push(
			awardPoints({
				personId: 1 + ((i * 7919) % PEOPLE),
				amount: 1 + (i % 20),
				sourceKind: 'bench-live',
				sourceId: `${run}-${i}`,
				scopes: i % 4 === 0 ? ['bugbash:1'] : []
			}).then(() => {
				times.push(performance.now() - due);
			})
		);
	}
	await Promise.all(pending);
	const elapsed = performance.now() - started;
	times.sort((a, b) => a - b);
	const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
	return {
		name: `awardPoints paced at ${perSecond}/s for ${seconds} s${label}`,
		runs: total,
		p50: at(0.5),
		p95: at(0.95),
		p99: at(0.99),
		max: times[times.length - 1],
		perSecond: (total / elapsed) * 1000
	};
}

/** Three steady rounds, each its own row: one round's p99 is a handful of awards. */
async function steadyRounds(): Promise<[Figure, string][]> {
	const rows: [Figure, string][] = [];
	for (let round = 1; round <= 3; round++)
		rows.push([
			await pacedAwards(AWARDS_PER_SECOND, AWARD_SECONDS, `, round ${round}`),
			'p99 ≤ 25 ms'
		]);
	return rows;
}

function printFigures(title: string, rows: [Figure, string][]): void {
	const ms = (v: number) => `${v.toFixed(2)} ms`;
	console.log(`\n${title}`);
	console.table(setup);
	console.table(
		rows.map(([f, target]) => ({
			step: f.name,
			runs: f.runs,
			p50: ms(f.p50),
			p99: ms(f.p99),
			max: ms(f.max),
			'per second': Math.round(f.perSecond),
			target
		}))
	);
}

test('ledger figures', async () => {
	const month = await currentPeriodKey('month');
	// Someone in the middle of the all-time board: half the board is counted to rank them.
	const [{ id: midId }] = await rowsOf<{ id: number }>(sql`
		select subject_id as id from leaderboard_total
		where scope = 'global' and board = 'person' and period = 'all'
		order by points desc, reached_at, subject_id offset ${PEOPLE / 2} limit 1`);
	let serial = 0;
	const rows: [Figure, string][] = [
		[
			await measure('topOf global person all-time, top 20', 500, () =>
				topOf({ board: 'person', period: 'all' })
			),
			'p99 ≤ 5 ms'
		],
		[
			await measure(`topOf global person month ${month}, top 20`, 500, () =>
				topOf({ board: 'person', period: 'month' })
			),
			'p99 ≤ 5 ms'
		],
		[
			await measure('topOf global team week, top 20', 300, () =>
				topOf({ board: 'team', period: 'week' })
			),
			'p99 ≤ 5 ms'
		],
		[
			await measure('rankOf a mid-table person, all-time', 500, () =>
				rankOf({ board: 'person', period: 'all', subjectId: midId })
			),
			'p99 ≤ 10 ms'
		],
		[
			await measure(`rankOf a person, month ${month}`, 500, () =>
				rankOf({ board: 'person', period: 'month', subjectId: midId })
			),
			'p99 ≤ 10 ms'
		],
		[
			// Service time with nothing queued: what one award costs on its own.
			await measure('awardPoints one at a time', 300, () =>
				awardPoints({
					personId: 1 + ((serial * 7919) % PEOPLE),
					amount: 5,
					sourceKind: 'bench-serial',
					sourceId: serial++
				})
			),
			'—'
		],
		// The first seconds under load also open the pool's connections (each a cold server
		// process, its first statements slow): reported apart from the steady rounds.
		[await pacedAwards(AWARDS_PER_SECOND, 3, ', warm-up'), '—'],
		...(await steadyRounds())
	];
	// The totals check sums the whole ledger: once, for operators to know its cost.
	const started = performance.now();
	const check = await verifyLedgerTotals();
	const took = performance.now() - started;
	rows.push([
		{
			name: 'verifyLedgerTotals (whole ledger)',
			runs: 1,
			p50: took,
			p95: took,
			p99: took,
			max: took,
			perSecond: 1000 / took
		},
		'— (not a request)'
	]);
	printFigures(
		`Ledger on ${testDb.driver}: ${PEOPLE} people, ${ROWS.toLocaleString('en-US')} ledger rows`,
		rows
	);
	expect(rows.every(([f]) => f.runs > 0 && Number.isFinite(f.p99))).toBe(true);
	expect(check.problems).toEqual([]);
}, 600_000);

async function rowsOf<T>(query: ReturnType<typeof sql>): Promise<T[]> {
	const result = (await testDb.db.execute(query)) as unknown as T[] | { rows: T[] };
	return Array.isArray(result) ? [...result] : result.rows;
}
