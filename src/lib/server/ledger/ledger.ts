// The points ledger: awards, spends and reversals as append-only rows, with balances and
// leaderboard totals kept in step in the same transaction, so requests read totals and
// never sum the ledger. verifyLedgerTotals() proves the totals still match the ledger.
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { rowsOf, useDb, type Executor, type Transaction } from '../db/client';
import {
	badgeAward,
	balance,
	department,
	leaderboardTotal,
	ledgerEntry,
	person,
	team,
	workspace
} from '../db/schema';
import { ServiceError } from '../errors';
import { withEvents, type RecordEvent } from '../realtime/events';
import { getWorkspace } from '../workspace';
import { awardBadges } from './badges';
import { isTimeZone, PERIODS, periodKeys, type Period, type PeriodKeys } from './periods';

export type { Period } from './periods';

/** Who a leaderboard ranks. */
export const BOARDS = ['person', 'team', 'department'] as const;
export type Board = (typeof BOARDS)[number];

/** The leaderboard every award counts on, besides its own scopes. */
export const GLOBAL_SCOPE = 'global';

/** The largest single entry: keeps totals far from integer overflow. */
export const MAX_ENTRY_POINTS = 1_000_000;

/** The source kind of a reversal row: its source is the entry it reverses. */
const REVERSAL_SOURCE = 'ledger_entry';

// ---------------------------------------------------------------------------------------
// Writing

/**
 * Runs one write that touches the ledger (in one transaction with its events); PostgreSQL
 * may abort it under contention, so it is retried a few times: `work` must be repeatable.
 */
export async function writeLedger<T>(work: (tx: Transaction, record: RecordEvent) => Promise<T>) {
	const attempts = 5;
	for (let attempt = 1; ; attempt++) {
		try {
			return await withEvents(work);
		} catch (err) {
			if (attempt >= attempts || !isRetryable(err)) throw err;
			await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
		}
	}
}

/** Serialization failure or deadlock: the transaction did nothing and can run again. */
function isRetryable(err: unknown): boolean {
	for (let e = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		const code = (e as { code?: unknown }).code;
		if (code === '40001' || code === '40P01') return true;
	}
	return false;
}

function checkAmount(amount: number): number {
	if (!Number.isSafeInteger(amount) || amount < 1 || amount > MAX_ENTRY_POINTS) {
		throw new ServiceError(
			`Points must be a whole number from 1 to ${MAX_ENTRY_POINTS.toLocaleString('en-US')}.`,
			'amount'
		);
	}
	return amount;
}

function checkSource(sourceKind: string, sourceId: string | number) {
	const kind = sourceKind.trim();
	const id = String(sourceId).trim();
	if (!kind || !id) throw new ServiceError('Points need a source: what they are for.');
	return { sourceKind: kind, sourceId: id };
}

/** The extra leaderboards an award counts on: trimmed, once each, never 'global' again. */
function checkScopes(scopes: string[] = []): string[] {
	const clean = [...new Set(scopes.map((s) => s.trim()))].filter((s) => s !== GLOBAL_SCOPE);
	if (clean.length > 10 || clean.some((s) => !s || s.length > 100)) {
		throw new ServiceError('Leaderboard scopes must be up to ten short names.');
	}
	return clean;
}

function checkDate(at: Date | undefined): Date {
	const date = at ?? new Date();
	if (Number.isNaN(date.getTime())) throw new ServiceError('That is not a valid date.');
	return date;
}

/**
 * What an award needs to know first, in one round trip: the person's team and department
 * now (the award keeps them), the workspace time zone its periods are counted in, and the
 * badges the person already holds.
 */
async function placeOf(tx: Transaction, personId: number) {
	const [row] = await tx
		.select({
			teamId: person.teamId,
			departmentId: team.departmentId,
			timeZone: sql<string>`coalesce((select ${workspace.timeZone} from ${workspace}
				where ${workspace.id} = 1), 'UTC')`,
			badges: sql<string[]>`array(select ${badgeAward.badge} from ${badgeAward}
				where ${badgeAward.personId} = ${person.id})`
		})
		.from(person)
		.leftJoin(team, eq(team.id, person.teamId))
		.where(eq(person.id, personId));
	if (!row) throw new ServiceError('There is no such person.');
	const { badges, timeZone, ...place } = row;
	// A mistyped zone must not stop awards: count in UTC (and store that on the row).
	return { place, timeZone: isTimeZone(timeZone) ? timeZone : 'UTC', held: new Set(badges) };
}

/**
 * Adds `delta` to the balance and returns the new points. A decrease only happens when the
 * balance covers it (one conditional UPDATE, so concurrent spends cannot overdraw);
 * otherwise nothing changes and the answer is null.
 */
async function changeBalance(
	tx: Transaction,
	personId: number,
	delta: number,
	at: Date
): Promise<number | null> {
	if (delta > 0) {
		const [row] = await tx
			.insert(balance)
			.values({ personId, points: delta, updatedAt: at })
			.onConflictDoUpdate({
				target: balance.personId,
				set: { points: sql`${balance.points} + excluded.points`, updatedAt: at }
			})
			.returning({ points: balance.points });
		return row.points;
	}
	const [row] = await tx
		.update(balance)
		.set({ points: sql`${balance.points} - ${-delta}`, updatedAt: at })
		.where(and(eq(balance.personId, personId), sql`${balance.points} >= ${-delta}`))
		.returning({ points: balance.points });
	return row?.points ?? null;
}

interface BoardRow {
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
function boardRows(
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
async function addToLeaderboards(tx: Transaction, rows: BoardRow[], delta: number, at: Date) {
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

/** The id of the row already holding this source, for the answer to a repeated write. */
async function existingEntryId(
	tx: Executor,
	key: { personId: number; kind: 'award' | 'spend'; sourceKind: string; sourceId: string }
): Promise<number> {
	const [row] = await tx
		.select({ id: ledgerEntry.id })
		.from(ledgerEntry)
		.where(
			and(
				eq(ledgerEntry.personId, key.personId),
				eq(ledgerEntry.kind, key.kind),
				eq(ledgerEntry.sourceKind, key.sourceKind),
				eq(ledgerEntry.sourceId, key.sourceId)
			)
		);
	return row.id;
}

export interface AwardInput {
	personId: number;
	amount: number;
	/** What the points are for, e.g. 'kudos' and the kudos id: together they are unique. */
	sourceKind: string;
	sourceId: string | number;
	reason?: string;
	/** Leaderboards besides the global one, e.g. ['bugbash:42']. */
	scopes?: string[];
	actorId?: number | null;
	/** When the points were earned; now unless importing history. */
	at?: Date;
}

/**
 * Grants points once per source: a repeat (a retry, a double click, a second node) is a
 * no-op answering granted=false. Updates balance, leaderboards and badges with it.
 */
export async function awardPoints(
	input: AwardInput
): Promise<{ entryId: number; granted: boolean }> {
	return writeLedger((tx, record) => awardPointsIn(tx, record, input));
}

/**
 * `awardPoints` inside the caller's transaction, for a module whose own write earns the
 * points (accepting a bug): both commit or neither. Run it under `writeLedger`.
 */
export async function awardPointsIn(
	tx: Transaction,
	record: RecordEvent,
	input: AwardInput
): Promise<{ entryId: number; granted: boolean }> {
	const amount = checkAmount(input.amount);
	const source = checkSource(input.sourceKind, input.sourceId);
	const scopes = checkScopes(input.scopes);
	const at = checkDate(input.at);
	const actorId = input.actorId ?? null;
	const { personId } = input;
	const { place, timeZone, held } = await placeOf(tx, personId);
	const rows = boardRows({ personId, ...place }, scopes, periodKeys(at, timeZone));
	const award = { personId, amount, ...source, reason: input.reason?.trim() || null };
	const entry = await insertAward(tx, { ...award, ...place, scopes, timeZone, at }, rows);
	if (!entry) {
		const entryId = await existingEntryId(tx, { personId, kind: 'award', ...source });
		return { entryId, granted: false };
	}
	await awardBadges(
		{
			tx,
			personId,
			held,
			award: { sourceKind: source.sourceKind, amount, at, timeZone },
			allTimePoints: entry.allTime
		},
		record,
		actorId
	);
	await record(`user:${personId}`, 'balance', { points: entry.balance }, actorId);
	await addSharedTotals(tx, record, rows, amount, at, { personId, scopes, actorId });
	return { entryId: entry.id, granted: true };
}

function textArray(items: string[]): SQL {
	if (items.length === 0) return sql`'{}'::text[]`;
	return sql`array[${sql.join(
		items.map((item) => sql`${item}`),
		sql`, `
	)}]::text[]`;
}

/**
 * Writes the award row and, only when it is new, adds it to the balance and to the
 * person's own leaderboard rows: one statement, as awards are the busiest write. The
 * unique source key decides (never a prior read), so concurrent repeats wait for the
 * first and then do nothing: null.
 */
async function insertAward(
	tx: Transaction,
	award: {
		personId: number;
		amount: number;
		sourceKind: string;
		sourceId: string;
		reason: string | null;
		teamId: number | null;
		departmentId: number | null;
		scopes: string[];
		timeZone: string;
		at: Date;
	},
	rows: BoardRow[]
): Promise<{ id: number; balance: number; allTime: number } | null> {
	const { personId, amount } = award;
	const at = award.at.toISOString();
	const own = sql.join(
		rows
			.filter(isPersonal)
			.map((r, n) => sql`(${n}::int, ${r.scope}::text, ${r.period}::text, ${r.periodKey}::text)`),
		sql`, `
	);
	const [row] = await rowsOf<{ id: number | string; balance: number; all_time: number }>(
		tx,
		sql`with entry as (
			insert into ${ledgerEntry} (person_id, kind, amount, source_kind, source_id, reason,
				team_id, department_id, scopes, time_zone, created_at)
			values (${personId}, 'award', ${amount}, ${award.sourceKind}, ${award.sourceId},
				${award.reason}, ${award.teamId}, ${award.departmentId},
				${textArray(award.scopes)}, ${award.timeZone}, ${at})
			on conflict do nothing
			returning id
		), credit as (
			insert into ${balance} as b (person_id, points, updated_at)
			select ${personId}::int, ${amount}::int, ${at}::timestamptz from entry
			on conflict (person_id) do update
				set points = b.points + excluded.points, updated_at = excluded.updated_at
			returning points
		), own as (
			insert into ${leaderboardTotal} as t
				(scope, board, period, period_key, subject_id, points, reached_at)
			select r.scope, 'person', r.period, r.period_key, ${personId}::int, ${amount}::int,
				${at}::timestamptz
			from entry, (values ${own}) as r(n, scope, period, period_key)
			order by r.n
			on conflict (scope, board, period, period_key, subject_id) do update
				set points = t.points + excluded.points,
					reached_at = greatest(t.reached_at, excluded.reached_at)
			returning scope, period, points
		)
		select entry.id, (select points from credit) as balance,
			(select points from own where scope = ${GLOBAL_SCOPE} and period = 'all') as all_time
		from entry`
	);
	return row ? { id: Number(row.id), balance: row.balance, allTime: row.all_time } : null;
}

/** Person rows: only this person's writes touch them. */
function isPersonal(row: BoardRow): boolean {
	return row.board === 'person';
}

/**
 * The team and department rows (every colleague's award touches them) and the one
 * 'leaderboard' room counter (every award does), taken last so their locks are held for
 * the shortest time before the commit.
 */
async function addSharedTotals(
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
		'leaderboard',
		'points',
		{ personId: change.personId, amount: delta, scopes: [GLOBAL_SCOPE, ...change.scopes] },
		change.actorId
	);
}

export interface SpendInput {
	personId: number;
	amount: number;
	/** What the points buy, e.g. 'reward' and the redemption id: together they are unique. */
	sourceKind: string;
	sourceId: string | number;
	reason?: string;
	actorId?: number | null;
}

/**
 * Spends points from the balance, once per source (a repeat answers spent=false). Refuses
 * when the balance does not cover it. Leaderboards are about what was earned: unchanged.
 */
export async function spendPoints(
	input: SpendInput
): Promise<{ entryId: number; spent: boolean; balance: number }> {
	return writeLedger((tx, record) => spendPointsIn(tx, record, input));
}

/**
 * `spendPoints` inside the caller's transaction, for a module whose own write buys with
 * the points (redeeming a reward): both commit or neither. Run it under `writeLedger`.
 */
export async function spendPointsIn(
	tx: Transaction,
	record: RecordEvent,
	input: SpendInput
): Promise<{ entryId: number; spent: boolean; balance: number }> {
	const amount = checkAmount(input.amount);
	const source = checkSource(input.sourceKind, input.sourceId);
	const { personId } = input;
	const at = new Date();
	const [entry] = await tx
		.insert(ledgerEntry)
		.values({
			personId,
			kind: 'spend',
			amount: -amount,
			...source,
			reason: input.reason?.trim() || null,
			createdAt: at
		})
		.onConflictDoNothing()
		.returning({ id: ledgerEntry.id });
	if (!entry) {
		const entryId = await existingEntryId(tx, { personId, kind: 'spend', ...source });
		return { entryId, spent: false, balance: await balanceIn(tx, personId) };
	}
	const points = await changeBalance(tx, personId, -amount, at);
	if (points === null) {
		// Throwing rolls back the spend row written above (and the caller's whole write).
		const have = await balanceIn(tx, personId);
		throw new ServiceError(
			`Not enough points: this needs ${amount} and the balance is ${have}.`,
			'amount'
		);
	}
	await record(`user:${personId}`, 'balance', { points }, input.actorId ?? null);
	return { entryId: entry.id, spent: true, balance: points };
}

/**
 * Cancels an award or a spend with a compensating row, once (a repeat answers
 * reversed=false). An award's points come off the balance and off the same leaderboard
 * rows it was added to. If they were already spent the reversal is refused: the balance
 * may never go below zero and must always equal the ledger's sum.
 */
export async function reverseEntry(
	input: ReverseInput
): Promise<{ entryId: number; reversed: boolean }> {
	return writeLedger((tx, record) => reverseEntryIn(tx, record, input));
}

export interface ReverseInput {
	entryId: number;
	reason: string;
	actorId?: number | null;
}

/** `reverseEntry` inside the caller's transaction (undoing a triage decision). */
export async function reverseEntryIn(
	tx: Transaction,
	record: RecordEvent,
	input: ReverseInput
): Promise<{ entryId: number; reversed: boolean }> {
	const reason = input.reason.trim();
	if (!reason) throw new ServiceError('Say why the points are being reversed.', 'reason');
	const actorId = input.actorId ?? null;
	const at = new Date();
	const [original] = await tx.select().from(ledgerEntry).where(eq(ledgerEntry.id, input.entryId));
	if (!original) throw new ServiceError('There is no such ledger entry.');
	if (original.kind === 'reversal') {
		throw new ServiceError('A reversal cannot be reversed; award or spend again instead.');
	}
	const { personId } = original;
	const [entry] = await tx
		.insert(ledgerEntry)
		.values({
			personId,
			kind: 'reversal',
			amount: -original.amount,
			sourceKind: REVERSAL_SOURCE,
			sourceId: String(original.id),
			reason,
			teamId: original.teamId,
			departmentId: original.departmentId,
			scopes: original.scopes,
			reversesId: original.id,
			timeZone: original.timeZone,
			createdAt: at
		})
		.onConflictDoNothing()
		.returning({ id: ledgerEntry.id });
	if (!entry) {
		const [done] = await tx
			.select({ id: ledgerEntry.id })
			.from(ledgerEntry)
			.where(eq(ledgerEntry.reversesId, original.id));
		return { entryId: done.id, reversed: false };
	}
	const points = await changeBalance(tx, personId, -original.amount, at);
	if (points === null) {
		throw new ServiceError(
			'These points were already spent, so they cannot be reversed: the balance would go below zero.'
		);
	}
	if (original.kind !== 'award') {
		await record(`user:${personId}`, 'balance', { points }, actorId);
	} else {
		// The same rows the award counted on: its periods (in its zone), scopes and team.
		const place = { personId, teamId: original.teamId, departmentId: original.departmentId };
		const keys = periodKeys(original.createdAt, original.timeZone);
		const rows = boardRows(place, original.scopes, keys);
		await addToLeaderboards(tx, rows.filter(isPersonal), -original.amount, at);
		await record(`user:${personId}`, 'balance', { points }, actorId);
		const change = { personId, scopes: original.scopes, actorId };
		await addSharedTotals(tx, record, rows, -original.amount, at, change);
	}
	return { entryId: entry.id, reversed: true };
}

// ---------------------------------------------------------------------------------------
// Reading (request path: totals only, never a sum over the ledger)

async function balanceIn(db: Executor, personId: number): Promise<number> {
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

// ---------------------------------------------------------------------------------------
// Checking

/**
 * Proves the running totals match the ledger: every balance equals its person's ledger
 * sum, and every leaderboard total equals the awards and reversals counted on it
 * (periods recomputed by PostgreSQL in each row's zone). Sums the whole ledger: a check
 * for tests and operators, never for a request.
 */
export async function verifyLedgerTotals(): Promise<{ ok: boolean; problems: string[] }> {
	const db = useDb();
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
