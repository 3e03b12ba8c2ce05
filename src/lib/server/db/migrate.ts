import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { DatabaseHandle } from './client';

/** Any constant: app nodes starting together queue on this lock instead of racing. */
const MIGRATION_LOCK = 7_310_001;

/**
 * Where drizzle/ lives. Found by walking up from this module (source or built chunk)
 * so it does not depend on the working directory.
 */
export function migrationsFolder(): string {
	if (process.env.MIGRATIONS_DIR) return resolve(process.env.MIGRATIONS_DIR);
	let dir = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const candidate = join(dir, 'drizzle');
		if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
		const parent = dirname(dir);
		if (parent === dir) break;
		dir = parent;
	}
	return resolve('drizzle');
}

/** Applies every pending migration; safe on every start, from several nodes at once. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
	const config = { migrationsFolder: migrationsFolder() };
	if (handle.driver === 'pglite') {
		await migratePglite(handle.db as unknown as PgliteDatabase, config);
		return;
	}
	// One dedicated connection so the session-level advisory lock covers every statement.
	const client = postgres(handle.url!, { max: 1, onnotice: () => {} });
	try {
		await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
		await migratePostgres(drizzle({ client }), config);
		await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
	} finally {
		await client.end({ timeout: 5 });
	}
}
