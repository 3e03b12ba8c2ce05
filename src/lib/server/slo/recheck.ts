// Re-checking clocks when something outside the escalation changes what they match or how
// they count: a customer's facts (an edit or a CSV import), the date ("renewal within N
// days" holds from one day on) and the working calendar (business hours, holidays, time
// zone). Each runs in the transaction of the change that caused it.
import { and, eq, isNotNull } from 'drizzle-orm';
import { businessMinutesBetween, type BusinessCalendar } from '$lib/business-time';
import type { RoomEvent } from '$lib/realtime/contract';
import { customerIdsRenewingBetween } from '../customers';
import { useDb, type Transaction } from '../db/client';
import { unfinishedEscalationIdsOfCustomers } from '../escalations';
import { scheduleRecurringJob, type JobHandler } from '../jobs';
import { publish, recorderFor, type RecordEvent } from '../realtime';
import { sloNow } from './clocks';
import { reevaluateMany, todayIn, updateClocks, type ReevaluateOptions } from './evaluate';
import { sloClock, sloClockHistory } from './schema';
import { forgetSloSettings, loadSloSettings, sloSettingsIn } from './settings';

/** Escalations re-evaluated per statement batch. */
const BATCH = 500;

async function reevaluateInBatches(
	tx: Transaction,
	record: RecordEvent,
	ids: number[],
	now: Date,
	options: ReevaluateOptions = {}
): Promise<void> {
	for (let i = 0; i < ids.length; i += BATCH) {
		await reevaluateMany(tx, record, ids.slice(i, i + BATCH), now, options);
	}
}

/**
 * A customer's ARR, tier, renewal or sentiment changed: each of their unfinished
 * escalations is matched again (a higher policy may apply now, its clocks keeping the time
 * counted) and its clocks reconciled.
 */
export async function recheckCustomersIn(
	tx: Transaction,
	record: RecordEvent,
	customerIds: number[],
	now: Date = sloNow()
): Promise<void> {
	const ids = await unfinishedEscalationIdsOfCustomers(tx, customerIds);
	await reevaluateInBatches(tx, record, ids, now);
}

const DAY = 86_400_000;
const shiftDays = (day: string, days: number) =>
	new Date(Date.parse(`${day}T00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * "Renewal within N days" starts to hold on a day, not at an edit: re-checks the unfinished
 * escalations of customers whose renewal is within the widest window any policy asks for
 * (or passed this last week, so a renewal that went by stops matching). Answers how many
 * escalations it looked at.
 */
export async function recheckRenewalsIn(
	tx: Transaction,
	record: RecordEvent,
	now: Date = sloNow()
): Promise<number> {
	const settings = await sloSettingsIn(tx);
	const windows = settings.policies.flatMap((p) =>
		p.conditions.renewalWithinDays === null ? [] : [p.conditions.renewalWithinDays]
	);
	if (windows.length === 0) return 0;
	const today = todayIn(settings.timeZone, now);
	const customers = await customerIdsRenewingBetween(
		tx,
		shiftDays(today, -7),
		shiftDays(today, Math.max(...windows))
	);
	const ids = await unfinishedEscalationIdsOfCustomers(tx, customers);
	await reevaluateInBatches(tx, record, ids, now, { settings });
	return ids.length;
}

/**
 * The working calendar changed (`before` is how it was): every running business-time clock
 * keeps the minutes it counted under the old calendar up to now and counts on from now in
 * the new one, so its due time and next trigger move; paused clocks keep their time left.
 */
export async function recalendarClocksIn(
	tx: Transaction,
	record: RecordEvent,
	before: BusinessCalendar,
	now: Date = sloNow()
): Promise<void> {
	forgetSloSettings();
	const running = await tx
		.select()
		.from(sloClock)
		.where(
			and(
				eq(sloClock.status, 'running'),
				eq(sloClock.businessHours, true),
				isNotNull(sloClock.runningSince)
			)
		)
		.for('update');
	if (running.length === 0) return;
	const folded = running.map((clock) => ({
		...clock,
		countedMinutes:
			clock.countedMinutes + Math.max(0, businessMinutesBetween(clock.runningSince!, now, before)),
		runningSince: now,
		updatedAt: now
	}));
	await updateClocks(tx, folded);
	await tx.insert(sloClockHistory).values(
		running.map((clock) => ({
			clockId: clock.id,
			change: 'recalendared',
			detail: 'The working calendar changed',
			at: now
		}))
	);
	const settings = await loadSloSettings(tx);
	await reevaluateInBatches(tx, record, [...new Set(running.map((c) => c.escalationId))], now, {
		settings
	});
}

export const RENEWALS = 'slo.renewals';

// The renewal re-check's events commit with the job's run and are broadcast after it.
export const renewalsJob: JobHandler = async ({ tx, afterCommit }) => {
	const events: RoomEvent[] = [];
	await recheckRenewalsIn(tx, recorderFor(tx, events), sloNow());
	if (events.length > 0) afterCommit(() => publish(events));
};

/** Schedules the renewal re-check: a quarter hour after a day starts, at the latest. */
export async function startRenewalRecheck(): Promise<void> {
	await scheduleRecurringJob(useDb(), { kind: RENEWALS, key: RENEWALS, everyMs: 15 * 60_000 });
}
