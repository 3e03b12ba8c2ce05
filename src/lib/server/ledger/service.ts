// The points ledger: awards, spends and reversals as append-only rows, with balances and
// leaderboard totals kept in step in the same transaction, so requests read totals and
// never sum the ledger. verifyLedgerTotals() proves the totals still match the ledger.
import { and, eq, sql } from 'drizzle-orm';
import { fixedStatement } from '../db/prepared';
import { qualified, type Executor, type Transaction } from '../db/client';
import { badgeAward, balance, leaderboardTotal, ledgerEntry } from './schema';
import { person, team } from '../org';
import { ServiceError } from '../errors';
import { userRoom, withEvents, type RecordEvent } from '../realtime';
import { timeZoneSql } from '../workspace';
import { awardBadges } from './badges';
import { addSharedTotals, boardRows, GLOBAL_SCOPE, isPersonal, type BoardRow } from './totals';
import { balanceIn } from './queries';
import { isTimeZone, periodKeys } from './periods';

export type { Period } from './periods';
export { BOARDS, GLOBAL_SCOPE, type Board } from './totals';

/** The largest single entry: keeps totals far from integer overflow. */
export const MAX_ENTRY_POINTS = 1_000_000;

/** The source kind of a reversal row: its source is the entry it reverses. */
export const REVERSAL_SOURCE = 'ledger_entry';

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

const placeStatement = fixedStatement<{
	teamId: number | null;
	departmentId: number | null;
	timeZone: string;
	badges: string[];
}>(
	() => sql`select ${person.teamId} as "teamId", ${team.departmentId} as "departmentId",
			${timeZoneSql()} as "timeZone",
			array(select b.badge from ${badgeAward} b where b.person_id = ${qualified(person.id)})
				as badges
		from ${person} left join ${team} on ${team.id} = ${person.teamId}
		where ${person.id} = ${sql.placeholder('personId')}`
);

/**
 * What an award needs to know first, in one round trip: the person's team and department
 * now (the award keeps them), the workspace time zone its periods are counted in, and the
 * badges the person already holds.
 */
async function placeOf(tx: Transaction, personId: number) {
	const [row] = await placeStatement(tx, { personId });
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
export async function changeBalance(
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
		const entryId = (await entryFor(tx, { personId, kind: 'award', ...source }))!;
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
	// One round trip: the balance's event, then the shared totals (see addSharedTotals).
	await Promise.all([
		record(userRoom(personId), 'balance', { points: entry.balance }, actorId),
		addSharedTotals(tx, record, rows, amount, at, { personId, scopes, actorId })
	]);
	return { entryId: entry.id, granted: true };
}

const p = sql.placeholder;

// The award row and, only when it is new, its balance and the person's own leaderboard
// rows (given as three arrays, so the text is the same whatever the scopes).
const insertAwardStatement = fixedStatement<{
	id: number | string;
	balance: number;
	all_time: number;
}>(
	() => sql`with entry as (
			insert into ${ledgerEntry} (person_id, kind, amount, source_kind, source_id, reason,
				team_id, department_id, scopes, time_zone, created_at)
			values (${p('personId')}, 'award', ${p('amount')}, ${p('sourceKind')}, ${p('sourceId')},
				${p('reason')}, ${p('teamId')}, ${p('departmentId')},
				${p('scopes')}::text[], ${p('timeZone')}, ${p('at')}::timestamptz)
			on conflict do nothing
			returning id
		), credit as (
			insert into ${balance} as b (person_id, points, updated_at)
			select ${p('personId')}::int, ${p('amount')}::int, ${p('at')}::timestamptz from entry
			on conflict (person_id) do update
				set points = b.points + excluded.points, updated_at = excluded.updated_at
			returning points
		), own as (
			insert into ${leaderboardTotal} as t
				(scope, board, period, period_key, subject_id, points, reached_at)
			select r.scope, 'person', r.period, r.period_key, ${p('personId')}::int,
				${p('amount')}::int, ${p('at')}::timestamptz
			from entry, unnest(${p('rowScopes')}::text[], ${p('rowPeriods')}::text[],
				${p('rowKeys')}::text[]) with ordinality as r(scope, period, period_key, n)
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
	const own = rows.filter(isPersonal);
	const [row] = await insertAwardStatement(tx, {
		...award,
		at: award.at.toISOString(),
		rowScopes: own.map((r) => r.scope),
		rowPeriods: own.map((r) => r.period),
		rowKeys: own.map((r) => r.periodKey)
	});
	return row ? { id: Number(row.id), balance: row.balance, allTime: row.all_time } : null;
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
		const entryId = (await entryFor(tx, { personId, kind: 'spend', ...source }))!;
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
	await record(userRoom(personId), 'balance', { points }, input.actorId ?? null);
	return { entryId: entry.id, spent: true, balance: points };
}

/** The id of the one entry of `kind` a source wrote for a person (a redemption's spend). */
export async function entryFor(
	db: Executor,
	entry: {
		personId: number;
		kind: 'award' | 'spend';
		sourceKind: string;
		sourceId: string | number;
	}
): Promise<number | null> {
	const [row] = await db
		.select({ id: ledgerEntry.id })
		.from(ledgerEntry)
		.where(
			and(
				eq(ledgerEntry.personId, entry.personId),
				eq(ledgerEntry.kind, entry.kind),
				eq(ledgerEntry.sourceKind, entry.sourceKind),
				eq(ledgerEntry.sourceId, String(entry.sourceId))
			)
		);
	return row?.id ?? null;
}
