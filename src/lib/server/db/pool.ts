// A postgres.js pool that survives a database restart. drizzle holds one client for the
// life of the process; this gives it a stable face whose connections can be replaced
// underneath (after the driver's own bug, see src/cli/driver-fault.js), adds the pool
// acquire timeout postgres.js lacks, and retries connections quickly once the server is
// back (postgres.js's default back-off grows to 20 s and kept failing requests that long).
import postgres from 'postgres';

export interface PoolOptions {
	url: string;
	max: number;
	statementTimeoutMs: number;
	lockTimeoutMs: number;
	acquireTimeoutMs: number;
	/** Told +1 when a transaction starts waiting for or holding a connection, -1 when it ends. */
	onTransactions?: (delta: 1 | -1) => void;
}

/** No pooled connection came free within the acquire timeout. */
export class AcquireTimeoutError extends Error {
	readonly code = 'ACQUIRE_TIMEOUT';
	constructor(ms: number) {
		super(`waited ${ms} ms for a database connection`);
		this.name = 'AcquireTimeoutError';
	}
}

/** What drizzle's postgres-js driver uses of a client. */
type Client = Pick<postgres.Sql, 'options' | 'unsafe' | 'begin'>;

/** The pending query of postgres.js: `state` is set once a connection has taken it. */
interface PendingQuery {
	state?: unknown;
	reject(err: Error): void;
	cancel(): unknown;
}

export interface ResilientPool {
	/** Hand this to drizzle: it always talks to the current connections. */
	client: Client;
	/** Drops every connection and starts from fresh ones (in-flight queries finish or fail). */
	reset(): void;
	end(): Promise<void>;
}

/**
 * drizzle sends every query unnamed, so the server parses and plans it each time, and
 * postgres.js first asks the server for its parameter types: two round trips per query.
 * Named statements are parsed once per connection and skip that first trip (re-evaluating
 * an SLO clock went from 2.4 to 1.1 ms). They live as long as their connection. A long
 * `in (...)` list stays unnamed: each length would be a statement of its own.
 */
const MAX_PREPARED_PARAMETERS = 256;

function preparedUnsafe(unsafe: postgres.Sql['unsafe']): postgres.Sql['unsafe'] {
	return ((query: string, params?: unknown[], queryOptions?: postgres.UnsafeQueryOptions) =>
		unsafe(query, params as never, {
			...queryOptions,
			prepare: (params?.length ?? 0) <= MAX_PREPARED_PARAMETERS
		})) as postgres.Sql['unsafe'];
}

/** A transaction whose queries are named statements too. */
function preparing(tx: postgres.TransactionSql): postgres.TransactionSql {
	const unsafe = preparedUnsafe(tx.unsafe);
	return new Proxy(tx, {
		get: (target, key) => (key === 'unsafe' ? unsafe : Reflect.get(target, key))
	});
}

/** Reconnect delay in seconds: quick at first, never more than one second. */
function backoff(attempt: number): number {
	return Math.min(0.05 * 2 ** attempt, 1);
}

/** Opens the pool; every connection carries the statement and lock timeouts. */
export function openResilientPool(options: PoolOptions): ResilientPool {
	const open = () =>
		postgres(options.url, {
			max: options.max,
			idle_timeout: 60,
			connect_timeout: Math.ceil(options.acquireTimeoutMs / 1000),
			backoff,
			onnotice: () => {},
			connection: {
				application_name: 'tandem',
				statement_timeout: options.statementTimeoutMs,
				lock_timeout: options.lockTimeoutMs
			}
		});
	const first = open();
	let current = first;

	/** A query still waiting for a connection when time is up fails instead of waiting on. */
	const withDeadline = <Q>(query: Q): Q => {
		const pending = query as unknown as PendingQuery;
		const timer = setTimeout(() => {
			if (pending.state) return;
			pending.reject(new AcquireTimeoutError(options.acquireTimeoutMs));
			pending.cancel();
		}, options.acquireTimeoutMs);
		timer.unref();
		return query;
	};

	const begin = (...args: unknown[]): Promise<unknown> => {
		const work = args.pop() as (tx: postgres.TransactionSql) => unknown;
		let started = false;
		let abandoned = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timedOut = new Promise<never>((_, reject) => {
			timer = setTimeout(() => {
				if (started) return;
				// The BEGIN may still get a connection later: its work must then not run.
				abandoned = true;
				reject(new AcquireTimeoutError(options.acquireTimeoutMs));
			}, options.acquireTimeoutMs);
		});
		const run = (current.begin as (...a: unknown[]) => Promise<unknown>)(
			...args,
			(tx: postgres.TransactionSql) => {
				started = true;
				clearTimeout(timer);
				if (abandoned) throw new AcquireTimeoutError(options.acquireTimeoutMs);
				return work(preparing(tx));
			}
		);
		options.onTransactions?.(1);
		return Promise.race([run, timedOut]).finally(() => {
			clearTimeout(timer);
			options.onTransactions?.(-1);
		});
	};

	const client = {
		// drizzle installs its type parsers here; replacements get the same ones.
		options: first.options,
		unsafe: (...args: Parameters<postgres.Sql['unsafe']>) =>
			withDeadline(preparedUnsafe(current.unsafe)(...args)),
		begin
	} as unknown as Client;

	return {
		client,
		reset() {
			const old = current;
			current = open();
			Object.assign(current.options.parsers, first.options.parsers);
			Object.assign(current.options.serializers, first.options.serializers);
			void old.end({ timeout: 1 }).catch(() => {});
		},
		end: () => current.end({ timeout: 5 })
	};
}
