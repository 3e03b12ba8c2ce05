// What each kind of job does. A node only claims the kinds registered in its process, so
// a job of a kind this node does not know waits for one that does.
import type { Database, Transaction } from '../db/client';
import type { job } from './schema';

export type Job = typeof job.$inferSelect;

/** What a handler is given: the claiming transaction (a savepoint of it) and its job. */
export interface JobContext {
	tx: Transaction;
	job: Job;
	/** Runs `fn` once the job's transaction has committed (e.g. broadcasting its events). */
	afterCommit(fn: () => void): void;
}

/** Told of a failed attempt, in the claiming transaction, after the attempt's writes were undone. */
export interface JobFailure {
	tx: Transaction;
	job: Job;
	error: string;
	/** True when this was the last attempt: the job is now dead. */
	dead: boolean;
}

export type JobHandler = (context: JobContext) => Promise<void>;

type FailureHook = (failure: JobFailure) => Promise<void>;

/**
 * A job whose slow part (sending an email, calling a webhook) must not hold a transaction
 * open: the runner claims it with a lease and commits, runs `work` outside any transaction,
 * then records the result in a second transaction that also marks the job done.
 */
export interface LeasedJobHandler<T> {
	/** How long a claim keeps other nodes off the job; a crashed node's claim runs out after it. */
	leaseMs: number;
	/** The slow part, outside any transaction. It may run again after a crash: keep it idempotent. */
	work(context: { db: Database; job: Job }): Promise<T>;
	/** Records what `work` returned, in the transaction that marks the job done. */
	record(context: JobContext, result: T): Promise<void>;
	onFailure?: FailureHook;
}

export type RegisteredHandler =
	| { mode: 'transaction'; run: JobHandler; onFailure?: FailureHook }
	| ({ mode: 'lease' } & LeasedJobHandler<unknown>);

const KEY = Symbol.for('tandem.jobHandlers');
const store = globalThis as unknown as Record<symbol, Map<string, RegisteredHandler> | undefined>;

/** Shared through globalThis so a hot-reloaded module registers into the running runner's map. */
export function jobHandlers(): Map<string, RegisteredHandler> {
	return (store[KEY] ??= new Map());
}

/**
 * Says what a job of `kind` does. The handler runs inside the transaction that claimed the
 * job: its writes commit with the job being marked done, or are rolled back if it throws
 * (the job is then retried later with backoff). Registering again replaces the handler.
 */
export function registerJobHandler(
	kind: string,
	run: JobHandler,
	options: { onFailure?: FailureHook } = {}
): void {
	jobHandlers().set(kind, { mode: 'transaction', run, onFailure: options.onFailure });
}

/** Says what a job of `kind` does, in lease mode (see LeasedJobHandler). */
export function registerLeasedJobHandler<T>(kind: string, handler: LeasedJobHandler<T>): void {
	jobHandlers().set(kind, { mode: 'lease', ...(handler as LeasedJobHandler<unknown>) });
}
