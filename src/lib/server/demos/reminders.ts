// Reminders before a demo starts, on the job runner: one job per demo and start
// (`demo.reminder:<id>:<start>`), so a demo moved after its reminder went out is reminded
// of again; moving it cancels the pending reminder of the old start. One node claims each.
import { and, eq, inArray } from 'drizzle-orm';
import type { RoomEvent } from '$lib/realtime/contract';
import type { Transaction } from '../db/client';
import { cancelJob, scheduleJob, type JobHandler } from '../jobs';
import { notify, publicOrigin } from '../notifications';
import { enqueueEmail } from '../outbox';
import { person } from '../org';
import { publish, recorderFor } from '../realtime';
import { reminderDue } from './rules';
import { demo } from './schema';
import { presentersOf } from './service';

export const REMINDER_JOB = 'demo.reminder';

export function reminderJobKey(demoId: number, startsAt: Date): string {
	return `${REMINDER_JOB}:${demoId}:${startsAt.getTime()}`;
}

/**
 * Schedules the demo's reminder for its start (once: the same start twice is one job);
 * `previousStart` is the start it had, whose pending reminder is cancelled.
 */
export async function scheduleReminder(
	tx: Transaction,
	row: typeof demo.$inferSelect,
	previousStart?: Date
) {
	if (previousStart && previousStart.getTime() !== row.startsAt.getTime()) {
		await cancelJob(tx, reminderJobKey(row.id, previousStart));
	}
	const dueAt = reminderDue(row.startsAt, new Date());
	if (!dueAt) return;
	await scheduleJob(tx, {
		kind: REMINDER_JOB,
		key: reminderJobKey(row.id, row.startsAt),
		dueAt,
		payload: { demoId: row.id, startsAt: row.startsAt.toISOString() }
	});
}

function timeOf(date: Date): string {
	return date.toISOString().slice(11, 16) + ' UTC';
}

/** Everyone may watch: every active member is told in the inbox; presenters also by email. */
const reminderJob: JobHandler = async ({ tx, job, afterCommit }) => {
	const { demoId, startsAt } = job.payload as { demoId: number; startsAt: string };
	const [row] = await tx.select().from(demo).where(eq(demo.id, demoId));
	if (!row || row.state !== 'scheduled' || row.startsAt.toISOString() !== startsAt) return;
	const events: RoomEvent[] = [];
	const record = recorderFor(tx, events);
	const everyone = await tx.select({ id: person.id }).from(person).where(eq(person.active, true));
	const href = `/demos/${demoId}/live`;
	await notify(
		tx,
		record,
		everyone.map((p) => p.id),
		{ kind: 'demo.reminder', text: `“${row.title}” starts at ${timeOf(row.startsAt)}.`, href },
		null
	);
	const presenters = await tx
		.select({ id: person.id, email: person.email })
		.from(person)
		.where(and(inArray(person.id, await presentersOf(tx, demoId)), eq(person.active, true)));
	for (const presenter of presenters) {
		await enqueueEmail(tx, {
			key: `${job.key}:${presenter.id}`,
			to: presenter.email,
			subject: `You present “${row.title}” at ${timeOf(row.startsAt)}`,
			text: `Your demo “${row.title}” (${row.feature}) starts at ${timeOf(row.startsAt)}.\n\nGo live from the demo's page when you begin: ${publicOrigin()}${href}`
		});
	}
	if (events.length > 0) afterCommit(() => publish(events));
};

export const demoJobs: Record<string, JobHandler> = { [REMINDER_JOB]: reminderJob };
