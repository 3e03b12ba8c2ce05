// The clocks: one row per target of the policy that applies to an escalation. Each change to
// the escalation reconciles them in its transaction: the side that is waited on runs, the
// other pauses; a response meets the first-response clock; an update restarts the update
// clock. Time is counted in calendar or business minutes from an injectable "now".
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import {
	addBusinessMinutes,
	businessMinutesBetween,
	calendarMinutesBetween,
	type BusinessCalendar
} from '$lib/business-time';
import { TARGET_SIDE, triggersOf, type SloTarget } from '$lib/slo/schemas';
import { customerFactsIn } from '../customers';
import { useDb, type Executor, type Transaction } from '../db/client';
import { escalationFactsIn, type EscalationFacts } from '../escalations';
import type { RecordEvent } from '../realtime';
import { department as orgDepartment, person, team } from '../org';
import { getBusinessCalendar, timeZoneIn } from '../workspace';
import { sloRoom } from './events';
import { linkedFactsIn } from './linked';
import { firstMatchingPolicy, type MatchFacts } from './rules';
import { sloClock, sloClockHistory, sloLabel, sloPolicy } from './schema';

export type ClockRow = typeof sloClock.$inferSelect;
type Policy = typeof sloPolicy.$inferSelect;

const KEY = Symbol.for('tandem.sloNow');
const store = globalThis as unknown as Record<symbol, (() => Date) | undefined>;

/** The time SLOs are measured at: the wall clock, or a test's controlled one. */
export function sloNow(): Date {
	return store[KEY]?.() ?? new Date();
}

/** Replaces the SLO clock's "now" (tests); null goes back to the wall clock. */
export function setSloNow(now: (() => Date) | null): void {
	store[KEY] = now ?? undefined;
}

/**
 * The working calendar business-time targets count in: the workspace's business hours and
 * holidays (admins set them on /admin/workspace), read in the caller's transaction.
 */
export async function sloCalendar(executor: Executor = useDb()): Promise<BusinessCalendar> {
	return getBusinessCalendar(executor);
}

/** Minutes counted between two instants, in the clock's kind of time. */
export function countMinutes(from: Date, to: Date, business: boolean, calendar: BusinessCalendar) {
	return business ? businessMinutesBetween(from, to, calendar) : calendarMinutesBetween(from, to);
}

/** The instant `minutes` counted minutes after `from` (never before it). */
export function advance(
	from: Date,
	minutes: number,
	business: boolean,
	calendar: BusinessCalendar
) {
	const m = Math.max(0, minutes);
	if (!business) return new Date(from.getTime() + m * 60_000);
	return addBusinessMinutes(from, m, calendar) ?? new Date(8.64e15);
}

/** Today in the workspace zone, for "renewal within N days". */
function todayIn(timeZone: string, now: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

/** What an escalation is matched on: its own facts and its customer's. */
export async function matchFactsIn(
	tx: Executor,
	facts: EscalationFacts,
	now: Date,
	timeZone: string
): Promise<MatchFacts> {
	const customer = facts.customerId ? await customerFactsIn(tx, facts.customerId) : null;
	const [department] = facts.assigneeId
		? await tx
				.select({ id: orgDepartment.id, name: orgDepartment.name })
				.from(person)
				.innerJoin(team, eq(team.id, person.teamId))
				.innerJoin(orgDepartment, eq(orgDepartment.id, team.departmentId))
				.where(eq(person.id, facts.assigneeId))
		: [];
	const labels = await tx
		.select({ label: sloLabel.label })
		.from(sloLabel)
		.where(eq(sloLabel.escalationId, facts.id));
	const { ticket, issue } = await linkedFactsIn(tx, facts.id);
	return {
		severity: facts.severity,
		customer,
		today: todayIn(timeZone, now),
		department: department ?? null,
		labels: labels.map((row) => row.label),
		ticket,
		issue
	};
}

/** The enabled policies, in the order they are tried. */
export async function policiesIn(tx: Executor): Promise<Policy[]> {
	return tx
		.select()
		.from(sloPolicy)
		.where(eq(sloPolicy.enabled, true))
		.orderBy(asc(sloPolicy.position), asc(sloPolicy.id));
}

/** Where a target's clock should be, given the escalation now. */
export interface Wanted {
	phase: 'running' | 'paused' | 'met' | 'stopped';
	reason: string | null;
	/** A different mark than the clock's starts a new cycle. */
	mark: string;
}

export function wantedFor(
	target: SloTarget,
	facts: EscalationFacts,
	clock: ClockRow | null,
	now: Date
): Wanted {
	const finished = facts.status === 'resolved' || facts.status === 'closed';
	const waitingOnSupport = facts.status === 'waiting_on_support';
	if (target.kind === 'support_answer') {
		const mark = clock?.cycleMark ?? '';
		if (finished) return { phase: clock?.status === 'met' ? 'met' : 'stopped', reason: null, mark };
		if (waitingOnSupport) {
			// Each time engineering asks support again is a new question to answer.
			const fresh = !clock || clock.status === 'met' || clock.status === 'stopped';
			return { phase: 'running', reason: null, mark: fresh ? now.toISOString() : mark };
		}
		if (clock?.status === 'running') return { phase: 'met', reason: null, mark };
		return {
			phase: clock?.status === 'met' ? 'met' : 'paused',
			reason: 'Runs while the escalation waits on support',
			mark
		};
	}
	const mark = target.kind === 'update' ? (facts.lastEngineeringUpdateAt?.toISOString() ?? '') : '';
	if (target.kind === 'first_response' && facts.firstResponseAt)
		return { phase: 'met', reason: null, mark };
	if (finished)
		return { phase: target.kind === 'resolution' ? 'met' : 'stopped', reason: null, mark };
	if (waitingOnSupport) return { phase: 'paused', reason: 'Waiting on support', mark };
	return { phase: 'running', reason: null, mark };
}

/** A clock's row after reconciling it with what is wanted, and what changed for its history. */
export function reconcile(
	target: SloTarget,
	clock: ClockRow | null,
	wanted: Wanted,
	now: Date,
	calendar: BusinessCalendar
): { values: Omit<ClockRow, 'id' | 'escalationId' | 'policyId'>; changes: string[] } {
	const business = target.businessHours;
	const restart = !clock || clock.cycleMark !== wanted.mark;
	const changes: string[] = [];
	let counted = 0;
	let runningSince: Date | null = null;
	let fired = 0;
	let level: ClockRow['level'] = 'ok';
	let metAt: Date | null = null;
	if (!restart) {
		counted = clock.countedMinutes;
		runningSince = clock.runningSince;
		fired = clock.fired;
		level = clock.level;
		metAt = clock.metAt;
	} else changes.push(clock ? 'restarted' : 'started');
	if (wanted.phase === 'running') {
		if (!runningSince) {
			runningSince = now;
			if (!restart) changes.push(clock!.status === 'paused' ? 'resumed' : 'running');
		}
	} else {
		if (runningSince) counted += countMinutes(runningSince, now, business, calendar);
		runningSince = null;
		const from = restart ? null : clock!.status;
		if (from !== wanted.phase) changes.push(wanted.phase);
		if (wanted.phase === 'met' && !metAt) metAt = now;
	}
	const triggers = triggersOf(target);
	const next = triggers[fired];
	const running = runningSince !== null;
	return {
		values: {
			target: target.kind,
			status: wanted.phase,
			level,
			businessHours: business,
			targetMinutes: target.minutes,
			countedMinutes: counted,
			runningSince,
			cycleStart: restart ? now : clock!.cycleStart,
			cycleMark: wanted.mark,
			dueAt: running ? advance(runningSince!, target.minutes - counted, business, calendar) : null,
			nextFireAt:
				running && next
					? advance(runningSince!, next.atMinute - counted, business, calendar)
					: null,
			fired,
			pausedReason: wanted.phase === 'paused' ? wanted.reason : null,
			metAt,
			updatedAt: now
		},
		changes
	};
}

/** The policy that applies to the escalation (first match), with why; null when none does. */
export async function applicablePolicyIn(tx: Executor, facts: EscalationFacts, now: Date) {
	const timeZone = await timeZoneIn(tx);
	const matchFacts = await matchFactsIn(tx, facts, now, timeZone);
	return firstMatchingPolicy(await policiesIn(tx), matchFacts);
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
	return (await reevaluate(tx, record, escalationId, now))?.clocks ?? [];
}

/** What a re-evaluation found: the clocks, and what triggers need to fire them. */
export interface Evaluated {
	facts: EscalationFacts;
	policy: Policy | null;
	calendar: BusinessCalendar;
	clocks: ClockRow[];
}

export async function reevaluate(
	tx: Transaction,
	record: RecordEvent,
	escalationId: number,
	now: Date
): Promise<Evaluated | null> {
	const facts = await escalationFactsIn(tx, escalationId);
	if (!facts) return null;
	const calendar = await sloCalendar(tx);
	const applies = await applicablePolicyIn(tx, facts, now);
	const existing = await tx
		.select()
		.from(sloClock)
		.where(eq(sloClock.escalationId, escalationId))
		.for('update');
	const policy = applies?.policy;
	const stale = existing.filter(
		(c) => c.policyId !== policy?.id || !policy.targets.some((t) => t.kind === c.target)
	);
	if (stale.length) {
		await tx.delete(sloClock).where(
			inArray(
				sloClock.id,
				stale.map((c) => c.id)
			)
		);
	}
	const result: ClockRow[] = [];
	let changed = stale.length > 0;
	for (const target of policy?.targets ?? []) {
		const clock =
			existing.find((c) => c.target === target.kind && c.policyId === policy!.id) ?? null;
		const { values, changes } = reconcile(
			target,
			clock,
			wantedFor(target, facts, clock, now),
			now,
			calendar
		);
		const [saved] = clock
			? await tx.update(sloClock).set(values).where(eq(sloClock.id, clock.id)).returning()
			: await tx
					.insert(sloClock)
					.values({ ...values, escalationId, policyId: policy!.id })
					.returning();
		if (changes.length) {
			changed = true;
			await tx.insert(sloClockHistory).values(
				changes.map((change) => ({
					clockId: saved.id,
					change,
					detail: change === 'paused' ? (values.pausedReason ?? '') : '',
					at: now
				}))
			);
		}
		result.push(saved);
	}
	if (changed) await record(sloRoom(escalationId), 'slo.clocks', { escalationId }, null);
	return { facts, policy: policy ?? null, calendar, clocks: result };
}

/** Which side a clock belongs to, for the page. */
export function sideOf(clock: Pick<ClockRow, 'target'>) {
	return TARGET_SIDE[clock.target];
}

/** Clocks of these escalations that are running with a trigger due by `now`, locked for firing. */
export async function claimDueClocks(tx: Transaction, now: Date, limit: number) {
	return tx
		.select({ id: sloClock.id, escalationId: sloClock.escalationId })
		.from(sloClock)
		.where(and(eq(sloClock.status, 'running'), lte(sloClock.nextFireAt, now)))
		.orderBy(asc(sloClock.nextFireAt))
		.limit(limit)
		.for('update', { skipLocked: true });
}
