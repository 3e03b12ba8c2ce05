// The monthly job: every few minutes, on whichever node claims it, generate this month's
// agenda if its first working day has come and there is none yet (the month is unique, so
// it happens once). "Now" is injectable so tests can walk the calendar.
import type { RoomEvent } from '$lib/realtime/contract';
import { useDb } from '../db/client';
import { scheduleRecurringJob, type JobHandler } from '../jobs';
import { publish, recorderFor } from '../realtime';
import { syncNow } from './now';
import { generateDueAgendaIn } from './service';

export const SYNC_JOB = 'sync.monthly';

// The agenda commits with the job's run; its events are broadcast after.
const tick: JobHandler = async ({ tx, afterCommit }) => {
	const events: RoomEvent[] = [];
	await generateDueAgendaIn(tx, recorderFor(tx, events), syncNow());
	if (events.length > 0) afterCommit(() => publish(events));
};

export const syncJobs: Record<string, JobHandler> = { [SYNC_JOB]: tick };

/** Schedules the monthly check on the job runner, once per deployment (every 10 minutes). */
export async function startSyncJob(everyMs = 10 * 60_000): Promise<void> {
	await scheduleRecurringJob(useDb(), { kind: SYNC_JOB, key: SYNC_JOB, everyMs });
}
