import { sql } from 'drizzle-orm';
import {
	bigint,
	check,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';

export const jobState = pgEnum('job_state', ['pending', 'done', 'dead']);

/**
 * Durable timers and background work. A job is claimed by one node with
 * `FOR UPDATE SKIP LOCKED`, and its effect commits together with it being marked done,
 * so it happens once across nodes and restarts. `key` makes scheduling idempotent.
 */
export const job = pgTable(
	'job',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		kind: text().notNull(),
		key: text().notNull().unique('job_key_unique'),
		payload: jsonb().notNull().default({}),
		dueAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** Set for recurring work: after each run the job is due again this much later. */
		everyMs: integer(),
		attempts: integer().notNull().default(0),
		maxAttempts: integer().notNull().default(5),
		lastError: text(),
		state: jobState().notNull().default('pending'),
		doneAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		// The runner's claim reads only pending jobs, by due time.
		index('job_pending_due_idx')
			.on(t.dueAt)
			.where(sql`state = 'pending'`),
		index('job_done_at_idx').on(t.doneAt),
		check('job_max_attempts_positive', sql`${t.maxAttempts} > 0`),
		check('job_every_positive', sql`${t.everyMs} is null or ${t.everyMs} > 0`)
	]
);
