// A benchmark's throw-away database that the built app (start.js, in its own process) can
// open too: a new database on DATABASE_URL's server, or PGlite files in a temporary
// folder (the app's embedded default, not memory://), handed over before the app starts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installDatabase, openDatabase } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/** The benchmark's database, and how the built app finds it. */
export interface BenchDatabase extends TestDatabase {
	/** DATA_DIR (PGlite files) or DATABASE_URL, for the app's environment. */
	appEnv: Record<string, string>;
	/** Lets the app open it: PGlite's files serve one process at a time. */
	handOver(): Promise<void>;
}

/**
 * A throw-away database the app can open too: a new database on DATABASE_URL's server,
 * or PGlite files in a temporary folder (the app's embedded default, not memory://).
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
	if (process.env.DATABASE_URL) {
		const testDb = await createTestDatabase();
		return { ...testDb, appEnv: { DATABASE_URL: testDb.url! }, handOver: async () => {} };
	}
	const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
	const handle = await openDatabase({ dataDir, poolSize: 1 });
	await migrateDatabase(handle);
	installDatabase(handle);
	let open = true;
	const close = async () => {
		if (!open) return;
		open = false;
		await handle.close();
	};
	return {
		...handle,
		close,
		appEnv: { DATA_DIR: dataDir },
		handOver: close,
		destroy: async () => {
			await close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
