// Firing triggers on the job runner. One recurring job claims the clocks whose next trigger
// is due (FOR UPDATE SKIP LOCKED, so two nodes never take the same clock), re-evaluates each
// escalation first (a trigger whose condition no longer holds, e.g. the first response came
// or the escalation now waits on support, has moved and does nothing), then fires what is
// still due: actions, the clock's level, the next trigger time and history, in one commit.
import { eq } from 'drizzle-orm';
import type { RoomEvent } from '$lib/realtime/contract';
import { triggersOf } from '$lib/slo/schemas';
import { useDb, type Transaction } from '../db/client';
import { scheduleRecurringJob, type JobHandler } from '../jobs';
import { publish, recorderFor, withEvents, type RecordEvent } from '../realtime';
import { runActions } from './actions';
import {
	advance,
	claimDueClocks,
	reevaluate,
	sloNow,
	type ClockRow,
	type Evaluated
} from './clocks';
import { sloRoom } from './events';
import { sloClock, sloClockHistory } from './schema';

/** Fires every trigger due by `now` on the clocks this call claims; answers how many fired. */
export async function fireDueTriggersIn(
	tx: Transaction,
	record: RecordEvent,
	now: Date,
	limit = 200
): Promise<number> {
	const due = await claimDueClocks(tx, now, limit);
	const dueIds = new Set(due.map((clock) => clock.id));
	let count = 0;
	for (const escalationId of new Set(due.map((clock) => clock.escalationId))) {
		const evaluated = await reevaluate(tx, record, escalationId, now);
		if (!evaluated) continue;
		for (const clock of evaluated.clocks) {
			if (dueIds.has(clock.id)) count += await fireClock(tx, record, evaluated, clock, now);
		}
	}
	return count;
}

async function fireClock(
	tx: Transaction,
	record: RecordEvent,
	{ facts, policy, calendar }: Evaluated,
	start: ClockRow,
	now: Date
): Promise<number> {
	const target = policy?.targets.find((t) => t.kind === start.target);
	if (!target) return 0;
	const triggers = triggersOf(target);
	let clock = start;
	let count = 0;
	while (clock.status === 'running' && clock.nextFireAt && clock.nextFireAt <= now) {
		const trigger = triggers[clock.fired];
		if (!trigger) break;
		const number = clock.fired - triggers.findIndex((t) => t.kind === trigger.kind) + 1;
		await runActions(tx, record, {
			clock,
			target,
			facts,
			trigger: { kind: trigger.kind, percent: trigger.percent, number }
		});
		const fired = clock.fired + 1;
		const next = triggers[fired];
		[clock] = await tx
			.update(sloClock)
			.set({
				fired,
				level: trigger.kind === 'warning' ? 'warned' : 'breached',
				nextFireAt: next
					? advance(
							clock.runningSince!,
							next.atMinute - clock.countedMinutes,
							target.businessHours,
							calendar
						)
					: null,
				updatedAt: now
			})
			.where(eq(sloClock.id, clock.id))
			.returning();
		await tx.insert(sloClockHistory).values({
			clockId: clock.id,
			change:
				trigger.kind === 'warning' ? 'warned' : trigger.kind === 'breach' ? 'breached' : 'repeated',
			detail: trigger.kind === 'warning' ? `${trigger.percent}%` : '',
			at: now
		});
		await record(
			sloRoom(facts.id),
			'slo.fired',
			{ escalationId: facts.id, clockId: clock.id, trigger: trigger.kind },
			null
		);
		count++;
	}
	return count;
}

/** Fires what is due now, in its own transaction (tests and tools; the job does the same). */
export async function fireDueTriggers(now: Date = sloNow()): Promise<number> {
	return withEvents((tx, record) => fireDueTriggersIn(tx, record, now));
}

const TRIGGERS = 'slo.triggers';

// The triggers' events commit with the job's tick and are broadcast after it.
const tick: JobHandler = async ({ tx, afterCommit }) => {
	const events: RoomEvent[] = [];
	await fireDueTriggersIn(tx, recorderFor(tx, events), sloNow());
	if (events.length > 0) afterCommit(() => publish(events));
};

export const sloJobs: Record<string, JobHandler> = { [TRIGGERS]: tick };

/** Schedules the trigger sweep on the job runner, once per deployment (every ~second). */
export async function startSloTriggers(everyMs = 500): Promise<void> {
	await scheduleRecurringJob(useDb(), { kind: TRIGGERS, key: TRIGGERS, everyMs });
}
