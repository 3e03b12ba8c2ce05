import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type Column, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { mkdirSync } from 'node:fs';
import type { DatabaseConfig } from '../config';
import { metrics } from '../metrics';
import { openResilientPool } from './pool';

/**
 * The app's database handle. Both drivers expose the same drizzle query API; the
 * postgres-js type stands for both so services are written once.
 */
export type Database = PostgresJsDatabase;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Database | Transaction;

export interface DatabaseHandle {
	db: Database;
	driver: 'postgres' | 'pglite';
	/** The postgres:// URL when driver is postgres (migrations use their own connection). */
	url?: string;
	close(): Promise<void>;
	/** PostgreSQL: replaces every pooled connection (after a driver fault). */
	resetPool?: () => void;
}

/** Where the plain-Node entry (src/cli/start.js) finds the pool reset: it cannot import $lib. */
const RESET_KEY = Symbol.for('tandem.resetDatabasePool');

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
	if (config.url) return openPostgres(config as DatabaseConfig & { url: string });
	return openPglite(config.dataDir);
}

function openPostgres(config: DatabaseConfig & { url: string }): DatabaseHandle {
	const pool = openResilientPool({
		url: config.url,
		max: config.poolSize,
		statementTimeoutMs: config.statementTimeoutMs ?? 10_000,
		lockTimeoutMs: config.lockTimeoutMs ?? 5_000,
		acquireTimeoutMs: config.acquireTimeoutMs ?? 5_000,
		onTransactions: (delta) => metrics.transactionsInFlight.inc(delta)
	});
	const db = drizzlePostgres({ client: pool.client as never, casing: 'snake_case' });
	return { db, driver: 'postgres', url: config.url, close: pool.end, resetPool: pool.reset };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
	if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
	const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
	const db = drizzlePglite({ client, casing: 'snake_case' }) as unknown as Database;
	return { db, driver: 'pglite', close: () => client.close() };
}

/** Rows of a raw query: postgres.js answers an array, PGlite an object holding `rows`. */
export async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
	const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
	return Array.isArray(result) ? result : result.rows;
}

/**
 * A column written with its table's name wherever it appears. In the fields of a
 * single-table select drizzle writes `${column}` bare, so inside a correlated subquery
 * `"id"` binds to the subquery's own table (every bash showed "1 bug"); a nested
 * fragment keeps the qualified name. Use it for the outer column of every subquery.
 */
export function qualified(column: Column): SQL {
	return sql`${column}`;
}

let current: DatabaseHandle | undefined;

/** Makes `handle` the database every service uses (once at start-up; per file in tests). */
export function installDatabase(handle: DatabaseHandle): void {
	current = handle;
	(globalThis as unknown as Record<symbol, unknown>)[RESET_KEY] = handle.resetPool;
}

/** The installed database; throws if start-up has not opened one yet. */
export function useDb(): Database {
	if (!current) throw new Error('Database not initialised: call installDatabase() first');
	return current.db;
}

export function currentDatabase(): DatabaseHandle | undefined {
	return current;
}
