// Re-evaluating clocks: which policy applies to each escalation and where each of its
// clocks should be, in the caller's transaction. It works on a batch (the trigger sweep
// passes every escalation it claimed; a change to one escalation passes one) in a fixed
// number of statements whatever the batch's size: the facts are read in bulk, the policies
// and calendar come from the settings cache, due times are computed in memory, and only
// clocks that changed are written, in bulk.
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { SloTarget } from '$lib/slo/schemas';
import { rowsOf, type Executor, type Transaction } from '../db/client';
import { escalationFactsOf, type EscalationFacts } from '../escalations';
import { recordAll, type RecordEvent } from '../realtime';
import { reconcile, sloNow, wantedFor, type ClockRow } from './clocks';
import { sloRoom } from './events';
import { linkedFactsOf, type LinkedFacts } from './linked';
import { firstMatchingPolicy, type MatchFacts } from './rules';
import { sloClock, sloClockHistory, sloLabel } from './schema';
import { sloSettingsIn, type Policy, type SloSettings } from './settings';

/** Today in the workspace zone, for "renewal within N days". */
const todayFormats = new Map<string, Intl.DateTimeFormat>();
export function todayIn(timeZone: string, now: Date): string {
	let format = todayFormats.get(timeZone);
	if (!format)
		todayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone })));
	return format.format(now);
}

/** The escalations' labels, by escalation id, each list sorted. */
async function labelsOf(tx: Executor, ids: number[]): Promise<Map<number, string[]>> {
	const byEscalation = new Map<number, string[]>(ids.map((id) => [id, []]));
	if (ids.length === 0) return byEscalation;
	const rows = await tx
		.select({ escalationId: sloLabel.escalationId, label: sloLabel.label })
		.from(sloLabel)
		.where(
			ids.length === 1 ? eq(sloLabel.escalationId, ids[0]) : inArray(sloLabel.escalationId, ids)
		)
		.orderBy(asc(sloLabel.label));
	for (const row of rows) byEscalation.get(row.escalationId)?.push(row.label);
	return byEscalation;
}

/** What matching needs besides the escalations' own facts; its reads can share a round trip. */
interface MatchContext {
	labels: Map<number, string[]>;
	linked: Map<number, LinkedFacts>;
}

const matchContextOf = async (tx: Executor, ids: number[]): Promise<MatchContext> => {
	const [labels, linked] = await Promise.all([labelsOf(tx, ids), linkedFactsOf(tx, ids)]);
	return { labels, linked };
};

/** What each escalation is matched on, from its facts and the match context. */
function matchFactsFrom(
	facts: EscalationFacts[],
	context: MatchContext,
	now: Date,
	timeZone: string
): Map<number, MatchFacts> {
	const today = todayIn(timeZone, now);
	return new Map(
		facts.map((f) => [
			f.id,
			{
				severity: f.severity,
				customer: f.customer,
				today,
				department: f.assigneeDepartment ?? null,
				labels: context.labels.get(f.id) ?? [],
				ticket: context.linked.get(f.id)?.ticket ?? null,
				issue: context.linked.get(f.id)?.issue ?? null
			}
		])
	);
}

/** What each escalation is matched on (its own facts, its customer's, labels, linked items). */
export async function matchFactsOf(
	tx: Executor,
	facts: EscalationFacts[],
	now: Date,
	timeZone: string
): Promise<Map<number, MatchFacts>> {
	const context = await matchContextOf(
		tx,
		facts.map((f) => f.id)
	);
	return matchFactsFrom(facts, context, now, timeZone);
}

/** The policy that applies to the escalation (first match), with why; null when none does. */
export async function applicablePolicyIn(tx: Executor, facts: EscalationFacts, now: Date) {
	const settings = await sloSettingsIn(tx);
	const matchFacts = await matchFactsOf(tx, [facts], now, settings.timeZone);
	return firstMatchingPolicy(settings.policies, matchFacts.get(facts.id)!);
}

/** What a re-evaluation found for one escalation: the clocks, and what triggers need to fire them. */
export interface Evaluated {
	facts: EscalationFacts;
	policy: Policy | null;
	clocks: ClockRow[];
}

export interface ReevaluateOptions {
	/** Settings already read (a sweep, or a policy edit that must see its own change). */
	settings?: SloSettings;
	/** A policy edit: carried clocks count their fired triggers again against the new targets. */
	policiesEdited?: boolean;
}

/**
 * Brings an escalation's clocks in line with the escalation and the policies, inside the
 * caller's transaction. Answers the clocks as they now are.
 */
export async function reevaluateClocksIn(
	tx: Transaction,
	record: RecordEvent,
	escalationId: number,
	now: Date = sloNow()
): Promise<ClockRow[]> {
	return (await reevaluateMany(tx, record, [escalationId], now)).get(escalationId)?.clocks ?? [];
}

const same = (a: unknown, b: unknown) =>
	a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
const COMPARED = [
	'policyId', 'status', 'level', 'businessHours', 'targetMinutes', 'countedMinutes',
	'runningSince', 'cycleStart', 'cycleMark', 'dueAt', 'nextFireAt', 'fired', 'pausedReason',
	'metAt'
] as const; // prettier-ignore

/** Re-evaluates the clocks of several escalations; answers them by escalation id. */
export async function reevaluateMany(
	tx: Transaction,
	record: RecordEvent,
	escalationIds: number[],
	now: Date,
	options: ReevaluateOptions = {}
): Promise<Map<number, Evaluated>> {
	const evaluated = new Map<number, Evaluated>();
	const ids = [...new Set(escalationIds)];
	if (ids.length === 0) return evaluated;
	// One round trip for the reads (postgres.js pipelines a transaction's concurrent queries,
	// and the server runs them in the order sent): the clocks are locked first, so the facts
	// read after them are those of whichever change to the escalation committed last.
	const [existing, settings, factsList, context] = await Promise.all([
		lockClocksOf(tx, ids),
		options.settings ?? sloSettingsIn(tx),
		escalationFactsOf(tx, ids),
		matchContextOf(tx, ids)
	]);
	if (factsList.length === 0) return evaluated;
	const { calendar } = settings;
	const matchFacts = matchFactsFrom(factsList, context, now, settings.timeZone);
	const gone: number[] = [];
	const updates: ClockRow[] = [];
	const inserts: (Omit<ClockRow, 'id'> & { changes: string[] })[] = [];
	const history: (typeof sloClockHistory.$inferInsert)[] = [];
	const changed = new Set<number>();
	for (const facts of factsList) {
		const policy = firstMatchingPolicy(settings.policies, matchFacts.get(facts.id)!)?.policy;
		const mine = existing.filter((c) => c.escalationId === facts.id);
		const targets: SloTarget[] = policy?.targets ?? [];
		for (const clock of mine) {
			if (targets.some((t) => t.kind === clock.target)) continue;
			gone.push(clock.id);
			changed.add(facts.id);
		}
		const clocks: ClockRow[] = [];
		for (const target of targets) {
			const clock = mine.find((c) => c.target === target.kind) ?? null;
			// Another policy, or this one edited: the clock keeps its time and what it reached.
			const retargeted =
				!!clock && (clock.policyId !== policy!.id || options.policiesEdited === true);
			const wanted = wantedFor(target, facts, clock, now);
			const { values, changes } = reconcile(target, clock, wanted, now, calendar, retargeted);
			const row = { ...values, escalationId: facts.id, policyId: policy!.id };
			if (changes.length) changed.add(facts.id);
			if (!clock) {
				inserts.push({ ...row, changes });
				continue;
			}
			if (retargeted && clock.policyId !== policy!.id) changes.push('policy');
			const saved = { ...clock, ...row };
			if (COMPARED.some((key) => !same(clock[key], saved[key]))) updates.push(saved);
			else saved.updatedAt = clock.updatedAt;
			history.push(...historyOf(clock.id, changes, saved, policy!, now));
			clocks.push(saved);
		}
		evaluated.set(facts.id, { facts, policy: policy ?? null, clocks });
	}
	if (gone.length) await tx.delete(sloClock).where(inArray(sloClock.id, gone));
	await updateClocks(tx, updates);
	if (inserts.length) {
		const created = await tx
			.insert(sloClock)
			.values(inserts.map(({ changes: _, ...row }) => row))
			.returning();
		for (const clock of created) {
			const entry = evaluated.get(clock.escalationId)!;
			const asked = inserts.find(
				(row) => row.escalationId === clock.escalationId && row.target === clock.target
			)!;
			history.push(...historyOf(clock.id, asked.changes, clock, entry.policy!, now));
			entry.clocks.push(clock);
		}
	}
	for (const entry of evaluated.values()) entry.clocks.sort((a, b) => a.id - b.id);
	if (history.length) await tx.insert(sloClockHistory).values(history);
	await recordAll(
		record,
		[...changed].map((id) => ({
			room: sloRoom(id),
			type: 'slo.clocks',
			payload: { escalationId: id }
		}))
	);
	return evaluated;
}

/** The escalations' clocks, locked for this transaction, in id order (so no deadlock). */
function lockClocksOf(tx: Transaction, ids: number[]) {
	return tx
		.select()
		.from(sloClock)
		.where(
			ids.length === 1 ? eq(sloClock.escalationId, ids[0]) : inArray(sloClock.escalationId, ids)
		)
		.orderBy(asc(sloClock.id))
		.for('update');
}

function historyOf(
	clockId: number,
	changes: string[],
	clock: Pick<ClockRow, 'pausedReason'>,
	policy: Policy,
	at: Date
): (typeof sloClockHistory.$inferInsert)[] {
	return changes.map((change) => ({
		clockId,
		change,
		detail:
			change === 'paused'
				? (clock.pausedReason ?? '')
				: change === 'policy'
					? `Now under “${policy.name}”`
					: '',
		at
	}));
}

/** Writes changed clocks in one statement (the rows as JSON, typed by the record's columns). */
export async function updateClocks(tx: Executor, rows: ClockRow[]): Promise<void> {
	if (rows.length === 0) return;
	await rowsOf(
		tx,
		sql`update slo_clock c set policy_id = v.policy_id, status = v.status, level = v.level,
			business_hours = v.business_hours, target_minutes = v.target_minutes,
			counted_minutes = v.counted_minutes, running_since = v.running_since,
			cycle_start = v.cycle_start, cycle_mark = v.cycle_mark, due_at = v.due_at,
			next_fire_at = v.next_fire_at, fired = v.fired, paused_reason = v.paused_reason,
			met_at = v.met_at, updated_at = v.updated_at
		from jsonb_to_recordset(${JSON.stringify(rows.map(clockJson))}::jsonb) as v(id int,
			policy_id int, status slo_clock_status, level slo_clock_level, business_hours boolean,
			target_minutes int, counted_minutes int, running_since timestamptz,
			cycle_start timestamptz, cycle_mark text, due_at timestamptz, next_fire_at timestamptz,
			fired int, paused_reason text, met_at timestamptz, updated_at timestamptz)
		where c.id = v.id`
	);
}

function clockJson(c: ClockRow) {
	return {
		id: c.id,
		policy_id: c.policyId,
		status: c.status,
		level: c.level,
		business_hours: c.businessHours,
		target_minutes: c.targetMinutes,
		counted_minutes: c.countedMinutes,
		running_since: c.runningSince,
		cycle_start: c.cycleStart,
		cycle_mark: c.cycleMark,
		due_at: c.dueAt,
		next_fire_at: c.nextFireAt,
		fired: c.fired,
		paused_reason: c.pausedReason,
		met_at: c.metAt,
		updated_at: c.updatedAt
	};
}
