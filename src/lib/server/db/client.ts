import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { mkdirSync } from 'node:fs';
import postgres from 'postgres';
import type { DatabaseConfig } from '../config';

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
}

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
	if (config.url) return openPostgres(config.url, config.poolSize);
	return openPglite(config.dataDir);
}

function openPostgres(url: string, poolSize: number): DatabaseHandle {
	const client = postgres(url, {
		max: poolSize,
		idle_timeout: 60,
		connect_timeout: 10,
		onnotice: () => {},
		connection: { application_name: 'tandem' }
	});
	const db = drizzlePostgres({ client, casing: 'snake_case' });
	return { db, driver: 'postgres', url, close: () => client.end({ timeout: 5 }) };
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

let current: DatabaseHandle | undefined;

/** Makes `handle` the database every service uses (once at start-up; per file in tests). */
export function installDatabase(handle: DatabaseHandle): void {
	current = handle;
}

/** The installed database; throws if start-up has not opened one yet. */
export function useDb(): Database {
	if (!current) throw new Error('Database not initialised: call installDatabase() first');
	return current.db;
}

export function currentDatabase(): DatabaseHandle | undefined {
	return current;
}
