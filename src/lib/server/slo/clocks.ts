// The clocks: one row per target of the policy that applies to an escalation. Each change to
// the escalation reconciles them in its transaction: the side that is waited on runs, the
// other pauses; a response meets the first-response clock; an update restarts the update
// clock. Time is counted in calendar or business minutes from an injectable "now".
import { and, asc, eq, lte } from 'drizzle-orm';
import {
	addBusinessMinutes,
	businessMinutesBetween,
	calendarMinutesBetween,
	type BusinessCalendar
} from '$lib/business-time';
import { TARGET_SIDE, triggersOf, type SloTarget } from '$lib/slo/schemas';
import { useDb, type Executor, type Transaction } from '../db/client';
import type { EscalationFacts } from '../escalations';
import { getBusinessCalendar } from '../workspace';
import { sloClock } from './schema';

export type ClockRow = typeof sloClock.$inferSelect;

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

/**
 * How many of a changed target's triggers count as fired for a clock carried over to it (a
 * policy edit, or another policy now applying). The time counted and the level stay, so an
 * edit never restarts a clock from now: a breached clock keeps its warnings and breach
 * fired (and the repeats already past); a warned one the warnings already past. What the
 * clock had not reached fires when due, at the next sweep when already past.
 */
export function firedAfterChange(target: SloTarget, level: ClockRow['level'], elapsed: number) {
	const counts = (t: ReturnType<typeof triggersOf>[number]) => {
		if (level === 'breached') return t.kind !== 'repeat' || t.atMinute <= elapsed;
		return level === 'warned' && t.kind === 'warning' && t.atMinute <= elapsed;
	};
	const first = triggersOf(target).findIndex((t) => !counts(t));
	return first < 0 ? triggersOf(target).length : first;
}

/**
 * A clock's row after reconciling it with what is wanted, and what changed for its history.
 * `retargeted`: the clock's target changed (a policy edit, another policy): its fired
 * triggers are counted again against the new target.
 */
export function reconcile(
	target: SloTarget,
	clock: ClockRow | null,
	wanted: Wanted,
	now: Date,
	calendar: BusinessCalendar,
	retargeted = false
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
	if (retargeted && !restart) {
		const elapsed =
			counted + (runningSince ? countMinutes(runningSince, now, business, calendar) : 0);
		fired = firedAfterChange(target, level, elapsed);
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
