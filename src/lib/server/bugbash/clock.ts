// Bashes start and end on their times even when no organiser presses the button. Each
// transition is one conditional UPDATE, so a bash moves once even when an organiser's
// button and the clock meet; the clock itself runs as a job on one node at a time.
import { and, eq, gt, inArray, lte } from 'drizzle-orm';
import type { RoomEvent } from '$lib/realtime/contract';
import { useDb, type Transaction } from '../db/client';
import { scheduleRecurringJob, type JobHandler } from '../jobs';
import { publish, recorderFor, withEvents, type RecordEvent } from '../realtime';
import { bashRoom, BUGBASHES_ROOM } from './events';
import { bugBash } from './schema';

/** Starts the bashes whose start time has come and ends those whose end time has. */
export async function moveBashesOnTime(
	now = new Date()
): Promise<{ started: number[]; ended: number[] }> {
	return withEvents((tx, record) => moveBashes(tx, record, now));
}

async function moveBashes(
	tx: Transaction,
	record: RecordEvent,
	now: Date
): Promise<{ started: number[]; ended: number[] }> {
	const started = await tx
		.update(bugBash)
		.set({ state: 'live', startedAt: now })
		.where(and(eq(bugBash.state, 'scheduled'), lte(bugBash.startsAt, now), gt(bugBash.endsAt, now)))
		.returning({ id: bugBash.id });
	const ended = await tx
		.update(bugBash)
		.set({ state: 'ended', endedAt: now })
		.where(and(inArray(bugBash.state, ['scheduled', 'live']), lte(bugBash.endsAt, now)))
		.returning({ id: bugBash.id });
	for (const { id } of started) {
		await record(bashRoom(id), 'bash.started', { bashId: id, onTime: true });
		await record(BUGBASHES_ROOM, 'bash.started', { bashId: id, onTime: true });
	}
	for (const { id } of ended) {
		await record(bashRoom(id), 'bash.ended', { bashId: id, onTime: true });
		await record(BUGBASHES_ROOM, 'bash.ended', { bashId: id, onTime: true });
	}
	return { started: started.map((r) => r.id), ended: ended.map((r) => r.id) };
}

const CLOCK = 'bugbash.clock';

// The clock is one recurring job: the bash moves and their events commit with the tick,
// and are broadcast after it.
const tick: JobHandler = async ({ tx, afterCommit }) => {
	const events: RoomEvent[] = [];
	await moveBashes(tx, recorderFor(tx, events), new Date());
	if (events.length > 0) afterCommit(() => publish(events));
};

/** The bug bash's jobs, registered through the module registry. */
export const bugbashJobs: Record<string, JobHandler> = { [CLOCK]: tick };

/**
 * Schedules the clock on the job runner (once per deployment, whichever node runs it):
 * a countdown reaching zero sees its bash move within about `everyMs` plus a tick.
 */
export async function startBashClock(everyMs = 1_000): Promise<void> {
	await scheduleRecurringJob(useDb(), { kind: CLOCK, key: CLOCK, everyMs });
}
