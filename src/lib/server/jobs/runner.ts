// The job runner, one on every node. Each tick it claims due jobs one at a time with
// FOR UPDATE SKIP LOCKED (so nodes never take the same one), runs the handler in that
// transaction and marks the job done before committing: the effect and "done" commit
// together, so a job's effect happens once even when nodes race or die mid-way.
import { and, asc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { useDb, type Database, type Transaction } from '../db/client';
import { onShutdown } from '../lifecycle';
import { logFor } from '../log';
import { metrics, provideGauges } from '../metrics';
import { jobHandlers, registerJobHandler, type Job, type RegisteredHandler } from './handlers';
import { job } from './schema';
import { scheduleRecurringJob } from './service';

export interface JobRunnerOptions {
	/** Pause between ticks (default 250 ms, so a due job runs within about a second). */
	tickMs?: number;
	/** Jobs claimed side by side on this node (default 1; each holds a connection). */
	concurrency?: number;
	/** Most jobs one claim loop runs before the tick yields (default 500). */
	maxPerTick?: number;
	/** First retry delay, doubled on each further failure, up to `backoffMaxMs`. */
	backoffBaseMs?: number;
	backoffMaxMs?: number;
	/** The database to work on; by default the app's installed one. */
	db?: Database;
	/** Label in log lines (several runners in one process, as in tests). */
	name?: string;
}

export interface JobRunner {
	start(): void;
	/** Stops ticking and waits for the tick in progress to finish. */
	stop(): Promise<void>;
	/** Runs one tick now (claims every due job it can); resolves to how many ran. */
	runDue(): Promise<number>;
	/** Jobs this runner has run since it was created: succeeded, and failed attempts. */
	stats(): { ran: number; failed: number };
}

/** The delay before retry number `failures` (1 = after the first failure). */
function backoffDelay(failures: number, baseMs: number, maxMs: number): number {
	return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}

/** Whether a job was claimed, and what to run once its work committed. */
type Outcome = { ran: false } | { ran: true; afterCommit: (() => void)[] };
/** How an attempt ended; 'lost': a leased job's lease ran out before its result came. */
type Attempt = 'ran' | 'failed' | 'lost';
type Leased = { job: Job; handler: RegisteredHandler & { mode: 'lease' }; until: string };

/** Creates a runner; `startJobRunner` is the one the app uses. */
export function createJobRunner(options: JobRunnerOptions = {}): JobRunner {
	const tickMs = options.tickMs ?? 250;
	const concurrency = Math.max(1, options.concurrency ?? 1);
	const maxPerTick = options.maxPerTick ?? 500;
	const baseMs = options.backoffBaseMs ?? 1_000;
	const maxMs = options.backoffMaxMs ?? 5 * 60_000;
	const log = logFor(options.name ? `jobs:${options.name}` : 'jobs');
	let timer: ReturnType<typeof setTimeout> | undefined;
	let running: Promise<number> | undefined;
	let active = false;
	/** Set by stop(): claim loops finish the job in hand and take no more. */
	let halting = false;
	let failing = false;
	const counts = { ran: 0, failed: 0 };

	async function claimAndRun(db: Database, kinds: string[]): Promise<Outcome> {
		const afterCommit: (() => void)[] = [];
		let taken: { job: Job; lateMs: number } | undefined;
		const claimed = await db.transaction(async (tx): Promise<Attempt | Leased | null> => {
			const due = await claimDue(tx, kinds);
			if (!due) return null;
			taken = { job: due, lateMs: Date.now() - new Date(due.dueAt).getTime() };
			const handler = jobHandlers().get(due.kind)!;
			if (handler.mode === 'lease')
				return { job: due, handler, until: await lease(tx, due, handler) };
			try {
				// A savepoint: a handler that throws has its writes undone, not the claim.
				await tx.transaction((savepoint) =>
					handler.run({ tx: savepoint, job: due, afterCommit: (fn) => afterCommit.push(fn) })
				);
			} catch (err) {
				afterCommit.length = 0;
				await recordFailure(tx, due, handler, err);
				return 'failed';
			}
			await markDone(tx, due);
			return 'ran';
		});
		if (!claimed) return { ran: false };
		const attempt =
			typeof claimed === 'string' ? claimed : await runLeased(db, claimed, afterCommit);
		// Counted once committed: a rolled-back claim did not happen.
		if (attempt !== 'lost') {
			counts[attempt]++;
			if (taken) reportRun(taken.job, taken.lateMs, attempt);
		}
		return { ran: true, afterCommit: attempt === 'ran' ? afterCommit : [] };
	}

	/** One line and the metrics for an attempt that committed. */
	function reportRun(due: Job, lateMs: number, attempt: 'ran' | 'failed'): void {
		metrics.jobRuns.inc({ kind: due.kind, outcome: attempt });
		metrics.jobLateness.observe({ kind: due.kind }, Math.max(0, lateMs) / 1000);
		// A recurring tick (the bash clock, the SLO sweep) runs every second: its line is
		// for debugging only, or it would be most of the log.
		if (attempt === 'ran') {
			log[due.everyMs ? 'debug' : 'info']({ kind: due.kind, key: due.key }, 'job ran');
		}
	}

	/** The oldest due job of a kind this node runs, locked; other nodes skip it. */
	async function claimDue(tx: Transaction, kinds: string[]): Promise<Job | undefined> {
		const [due] = await tx
			.select()
			.from(job)
			.where(and(eq(job.state, 'pending'), lte(job.dueAt, sql`now()`), inArray(job.kind, kinds)))
			.orderBy(asc(job.dueAt))
			.limit(1)
			.for('update', { skipLocked: true });
		return due;
	}

	/**
	 * Leases the job: it stays pending but is due only when the lease runs out, so a node that
	 * dies mid-work leaves it to another. The new due time (as text, to the microsecond) is
	 * the lease's token.
	 */
	async function lease(tx: Transaction, due: Job, handler: { leaseMs: number }): Promise<string> {
		const [row] = await tx
			.update(job)
			.set({ dueAt: sql`clock_timestamp() + ${handler.leaseMs} * interval '1 millisecond'` })
			.where(eq(job.id, due.id))
			.returning({ until: sql<string>`${job.dueAt}::text` });
		return row.until;
	}

	/** Runs a leased job's work outside any transaction, then records how it went. */
	async function runLeased(
		db: Database,
		{ job: due, handler, until }: Leased,
		afterCommit: (() => void)[]
	): Promise<Attempt> {
		let outcome: { result: unknown } | { error: unknown };
		try {
			outcome = { result: await handler.work({ db, job: due }) };
		} catch (error) {
			outcome = { error };
		}
		return db.transaction(async (tx) => {
			const [held] = await tx
				.select({ id: job.id })
				.from(job)
				.where(
					and(
						eq(job.id, due.id),
						eq(job.state, 'pending'),
						eq(job.dueAt, sql`${until}::timestamptz`)
					)
				)
				.for('update');
			if (!held) {
				// Another node took it over and answers for it; the receiver sees the same key twice.
				log.warn({ kind: due.kind, key: due.key }, 'the lease ran out before the work ended');
				return 'lost';
			}
			if ('result' in outcome) {
				try {
					const { result } = outcome;
					await tx.transaction((savepoint) =>
						handler.record(
							{ tx: savepoint, job: due, afterCommit: (fn) => afterCommit.push(fn) },
							result
						)
					);
					await markDone(tx, due);
					return 'ran';
				} catch (error) {
					outcome = { error };
				}
			}
			await recordFailure(tx, due, handler, outcome.error);
			return 'failed';
		});
	}

	// Next due times count from the end of the attempt (clock_timestamp, not now(), which is
	// the transaction's start): a slow attempt must not leave its retry already due.
	async function markDone(tx: Transaction, due: Job): Promise<void> {
		const every = due.everyMs;
		await tx
			.update(job)
			.set(
				every
					? {
							dueAt: sql`clock_timestamp() + ${every} * interval '1 millisecond'`,
							attempts: 0,
							lastError: null
						}
					: { state: 'done', doneAt: sql`now()`, attempts: due.attempts + 1, lastError: null }
			)
			.where(eq(job.id, due.id));
	}

	/** Counts the attempt and pushes the job back; the last allowed attempt makes it dead. */
	async function recordFailure(
		tx: Transaction,
		due: Job,
		handler: RegisteredHandler,
		err: unknown
	): Promise<void> {
		const error = describe(err);
		const attempts = due.attempts + 1;
		// Recurring work never dies: it keeps its rhythm once the cause is fixed.
		const dead = !due.everyMs && attempts >= due.maxAttempts;
		const delay = Math.min(backoffDelay(attempts, baseMs, maxMs), due.everyMs ?? Infinity);
		await tx
			.update(job)
			.set({
				attempts,
				lastError: error,
				dueAt: sql`clock_timestamp() + ${delay} * interval '1 millisecond'`,
				...(dead ? { state: 'dead' as const, doneAt: sql`now()` } : {})
			})
			.where(eq(job.id, due.id));
		if (dead) {
			log.error({ kind: due.kind, key: due.key, attempts, error }, 'job gave up');
		} else {
			log.warn({ kind: due.kind, key: due.key, attempts, error }, 'job attempt failed');
		}
		if (!handler.onFailure) return;
		try {
			await tx.transaction((savepoint) =>
				handler.onFailure!({ tx: savepoint, job: { ...due, attempts }, error, dead })
			);
		} catch (hookErr) {
			log.error({ err: hookErr, kind: due.kind }, 'failure hook failed');
		}
	}

	/** One claim loop: runs due jobs one after another until none is left. */
	async function drain(db: Database, kinds: string[]): Promise<number> {
		let count = 0;
		while (count < maxPerTick && !halting) {
			const outcome = await claimAndRun(db, kinds);
			if (!outcome.ran) break;
			count++;
			for (const fn of outcome.afterCommit) {
				try {
					fn();
				} catch (err) {
					log.error({ err }, 'after-commit step failed');
				}
			}
		}
		return count;
	}

	async function tick(): Promise<number> {
		const kinds = [...jobHandlers().keys()];
		if (kinds.length === 0) return 0;
		try {
			const db = options.db ?? useDb();
			const perLoop = await Promise.all(
				Array.from({ length: concurrency }, () => drain(db, kinds))
			);
			if (failing) log.info('the database answers again; jobs run');
			failing = false;
			return perLoop.reduce((a, b) => a + b, 0);
		} catch (err) {
			// A database outage makes ticks fail until it is back; said once, not every tick.
			if (!failing) log.error({ error: describe(err) }, 'tick failed (retrying every tick)');
			failing = true;
			return 0;
		}
	}

	function schedule(): void {
		if (!active) return;
		timer = setTimeout(() => {
			timer = undefined;
			running = tick().finally(() => {
				running = undefined;
				schedule();
			});
		}, tickMs);
		timer.unref?.();
	}

	return {
		start() {
			if (active) return;
			active = true;
			halting = false;
			schedule();
		},
		async stop() {
			active = false;
			halting = true;
			if (timer) clearTimeout(timer);
			timer = undefined;
			await running;
		},
		runDue: tick,
		stats: () => ({ ...counts })
	};
}

function describe(err: unknown): string {
	const text = err instanceof Error ? err.message : String(err);
	return text.slice(0, 2_000) || 'failed without a message';
}

/** Finished jobs are kept a week for looking into, then deleted; dead ones stay. */
const PRUNE = 'jobs.prune';
const KEEP_DONE_DAYS = 7;

registerJobHandler(PRUNE, async ({ tx }) => {
	await tx
		.delete(job)
		.where(
			and(eq(job.state, 'done'), lt(job.doneAt, sql`now() - ${KEEP_DONE_DAYS} * interval '1 day'`))
		);
});

const KEY = Symbol.for('tandem.jobRunner');
const store = globalThis as unknown as Record<symbol, JobRunner | undefined>;

/**
 * Starts this process's job runner (replacing one left by a hot reload), schedules the
 * hourly pruning of old finished jobs, and stops it on shutdown before the pool closes.
 */
export function startJobRunner(options: JobRunnerOptions = {}): JobRunner {
	void store[KEY]?.stop();
	const runner = createJobRunner(options);
	store[KEY] = runner;
	runner.start();
	onShutdown('jobs', stopJobRunner, { first: true });
	provideGauges({ jobs: () => dueJobs(options.db ?? useDb()) });
	scheduleRecurringJob(options.db ?? useDb(), {
		kind: PRUNE,
		key: PRUNE,
		everyMs: 3_600_000
	}).catch((err) => logFor('jobs').error({ error: describe(err) }, 'could not schedule pruning'));
	return runner;
}

/** Stops this process's job runner; the job it is running finishes first. */
async function stopJobRunner(): Promise<void> {
	const runner = store[KEY];
	store[KEY] = undefined;
	await runner?.stop();
}

/** Jobs past their due time that no node has taken yet, and how long the oldest has waited. */
async function dueJobs(db: Database): Promise<{ due: number; oldestDueSeconds: number }> {
	const [row] = await db
		.select({
			due: sql<number>`count(*)::int`,
			oldest: sql<number | null>`extract(epoch from now() - min(${job.dueAt}))::float8`
		})
		.from(job)
		.where(and(eq(job.state, 'pending'), lte(job.dueAt, sql`now()`)));
	return { due: Number(row?.due ?? 0), oldestDueSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
}
