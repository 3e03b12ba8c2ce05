// The monthly job: every few minutes, on whichever node claims it, generate this month's
// agenda if its first working day has come and there is none yet (the month is unique, so
// it happens once). "Now" is injectable so tests can walk the calendar.
import type { RoomEvent } from '$lib/realtime/contract';
import { useDb } from '../db/client';
import { registerLeasedJobHandler, scheduleRecurringJob } from '../jobs';
import { publish, recorderFor } from '../realtime';
import { syncNow } from './now';
import { createDueAgendaIn, prepareDueAgenda, type PreparedAgenda } from './service';

export const SYNC_JOB = 'sync.monthly';

/**
 * The monthly check, leased: the figures are read outside any transaction (slow, and the
 * embedded database has one connection), then the agenda is written in the transaction
 * that marks the run done. The month is unique, so a second node's run makes nothing.
 */
export function registerSyncJob(): void {
	registerLeasedJobHandler<PreparedAgenda | null>(SYNC_JOB, {
		leaseMs: 5 * 60_000,
		work: () => prepareDueAgenda(syncNow()),
		record: async ({ tx, afterCommit }, prepared) => {
			if (!prepared) return;
			const events: RoomEvent[] = [];
			await createDueAgendaIn(tx, recorderFor(tx, events), prepared, syncNow());
			if (events.length > 0) afterCommit(() => publish(events));
		}
	});
}

/** Schedules the monthly check on the job runner, once per deployment (every 10 minutes). */
export async function startSyncJob(everyMs = 10 * 60_000): Promise<void> {
	await scheduleRecurringJob(useDb(), { kind: SYNC_JOB, key: SYNC_JOB, everyMs });
}
