// Scheduling, moving and cancelling jobs. Each takes an executor so the caller schedules
// in its own transaction: the job exists exactly when the change that caused it commits.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { job } from './schema';

export interface JobSpec {
	kind: string;
	/** Unique name of this piece of work: scheduling the same key again does nothing. */
	key: string;
	payload?: unknown;
	/** When it is due; or `inMs` from now by the database's clock; neither means now. */
	dueAt?: Date;
	inMs?: number;
	/** Attempts before the job is given up as dead (default 5). */
	maxAttempts?: number;
}

/** The due time as SQL, on the database clock unless an absolute time is given. */
function dueTime(spec: { dueAt?: Date; inMs?: number }): SQL {
	if (spec.dueAt) return sql`${spec.dueAt.toISOString()}::timestamptz`;
	const ms = Math.max(0, Math.round(spec.inMs ?? 0));
	return sql`now() + ${ms} * interval '1 millisecond'`;
}

/** The row a one-off job starts as. */
function jobRow(spec: JobSpec) {
	return {
		kind: spec.kind,
		key: spec.key,
		payload: spec.payload ?? {},
		dueAt: dueTime(spec),
		maxAttempts: spec.maxAttempts ?? 5
	};
}

/** Schedules a job unless one with the same key exists; true when this call created it. */
export async function scheduleJob(executor: Executor, spec: JobSpec): Promise<boolean> {
	const created = await executor
		.insert(job)
		.values(jobRow(spec))
		.onConflictDoNothing({ target: job.key })
		.returning({ id: job.id });
	return created.length > 0;
}

/**
 * Schedules the job, or moves the due time (and payload) of the pending job with that key.
 * A job that already ran is left alone. True when a job is now pending at the new time.
 */
export async function rescheduleJob(executor: Executor, spec: JobSpec): Promise<boolean> {
	const rows = await executor
		.insert(job)
		.values(jobRow(spec))
		.onConflictDoUpdate({
			target: job.key,
			set: { dueAt: sql`excluded.due_at`, payload: sql`excluded.payload` },
			// Inside ON CONFLICT the existing row must be named by its table.
			setWhere: sql`job.state = 'pending'`
		})
		.returning({ id: job.id });
	return rows.length > 0;
}

/** Cancels the pending job with this key; false when there is none (or it already ran). */
export async function cancelJob(executor: Executor, key: string): Promise<boolean> {
	const rows = await executor
		.delete(job)
		.where(and(eq(job.key, key), eq(job.state, 'pending')))
		.returning({ id: job.id });
	return rows.length > 0;
}

/**
 * Work repeated every `everyMs` (on whichever node claims it): one job row that is due
 * again after each run. Safe to call at every start-up; it revives the job if it had
 * stopped and takes the new interval, without moving a pending run.
 */
export async function scheduleRecurringJob(
	executor: Executor,
	spec: { kind: string; key: string; everyMs: number; payload?: unknown }
): Promise<void> {
	await executor
		.insert(job)
		.values({
			kind: spec.kind,
			key: spec.key,
			payload: spec.payload ?? {},
			everyMs: spec.everyMs
		})
		.onConflictDoUpdate({
			target: job.key,
			set: {
				kind: sql`excluded.kind`,
				everyMs: sql`excluded.every_ms`,
				payload: sql`excluded.payload`,
				dueAt: sql`case when job.state = 'pending' then job.due_at else now() end`,
				state: 'pending',
				doneAt: null
			}
		});
}
