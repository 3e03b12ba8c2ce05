// Firing triggers on the job runner. One recurring job sweeps: it claims the clocks whose
// next trigger is due in bulk (FOR UPDATE SKIP LOCKED, so two nodes never take the same
// clock; the claim, the effects and the clock's new state commit together, so each trigger
// fires once across nodes and restarts), re-evaluates their escalations as one batch first
// (a trigger whose condition no longer holds, e.g. the first response came or the
// escalation now waits on support, has moved and does nothing), then fires what is still
// due: actions, the clock's level, the next trigger time and history, written in bulk.
import { triggersOf } from '$lib/slo/schemas';
import type { RoomEvent } from '$lib/realtime/contract';
import { useDb, type Transaction } from '../db/client';
import { scheduleRecurringJob, type JobHandler } from '../jobs';
import { publish, recordAll, recorderFor, withEvents, type RecordEvent } from '../realtime';
import { runActions, type Firing } from './actions';
import { advance, claimDueClocks, sloNow, type ClockRow } from './clocks';
import { reevaluateMany, updateClocks, type Evaluated } from './evaluate';
import { sloRoom } from './events';
import { sloClockHistory } from './schema';
import { sloSettingsIn, type SloSettings } from './settings';

/** Most clocks one sweep claims; the rest wait for the next sweep (a few hundred ms later). */
const SWEEP_LIMIT = 1_000;

/** Fires every trigger due by `now` on the clocks this call claims; answers how many fired. */
export async function fireDueTriggersIn(
	tx: Transaction,
	record: RecordEvent,
	now: Date,
	limit = SWEEP_LIMIT
): Promise<number> {
	const due = await claimDueClocks(tx, now, limit);
	if (due.length === 0) return 0;
	const settings = await sloSettingsIn(tx);
	const dueIds = new Set(due.map((clock) => clock.id));
	const evaluated = await reevaluateMany(
		tx,
		record,
		due.map((clock) => clock.escalationId),
		now,
		{ settings }
	);
	const firings: Firing[] = [];
	const fired: ClockRow[] = [];
	for (const entry of evaluated.values()) {
		for (const clock of entry.clocks) {
			if (!dueIds.has(clock.id)) continue;
			const after = fireClock(entry, clock, now, settings, firings);
			if (after !== clock) fired.push(after);
		}
	}
	const labelled = await runActions(tx, record, firings);
	await updateClocks(tx, fired);
	if (firings.length) {
		await tx.insert(sloClockHistory).values(
			firings.map(({ clock, trigger }) => ({
				clockId: clock.id,
				change:
					trigger.kind === 'warning'
						? 'warned'
						: trigger.kind === 'breach'
							? 'breached'
							: 'repeated',
				detail: trigger.kind === 'warning' ? `${trigger.percent}%` : '',
				at: now
			}))
		);
	}
	await recordAll(
		record,
		firings.map(({ clock, facts, trigger }) => ({
			room: sloRoom(facts.id),
			type: 'slo.fired',
			payload: { escalationId: facts.id, clockId: clock.id, trigger: trigger.kind }
		}))
	);
	// A label can make another policy apply (conditions on labels): its clocks take over
	// now, keeping the time counted and what fired.
	if (labelled.size) await reevaluateMany(tx, record, [...labelled], now, { settings });
	return firings.length;
}

/**
 * Works out in memory which of a clock's triggers are due by `now` (a late sweep fires each
 * one it passed, in order), adds them to `firings`, and answers the clock after them.
 */
function fireClock(
	{ facts, policy }: Evaluated,
	start: ClockRow,
	now: Date,
	{ calendar }: SloSettings,
	firings: Firing[]
): ClockRow {
	const target = policy?.targets.find((t) => t.kind === start.target);
	if (!target) return start;
	const triggers = triggersOf(target);
	let clock = start;
	while (clock.status === 'running' && clock.nextFireAt && clock.nextFireAt <= now) {
		const trigger = triggers[clock.fired];
		if (!trigger) break;
		const number = clock.fired - triggers.findIndex((t) => t.kind === trigger.kind) + 1;
		firings.push({
			clock,
			target,
			facts,
			trigger: { kind: trigger.kind, percent: trigger.percent, number }
		});
		const next = triggers[clock.fired + 1];
		clock = {
			...clock,
			fired: clock.fired + 1,
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
		};
	}
	return clock;
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
