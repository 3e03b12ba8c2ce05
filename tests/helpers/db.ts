// A fresh, migrated database for one test file: in-memory PGlite by default, or a new
// throw-away database on the PostgreSQL server named by DATABASE_URL.
import postgres from 'postgres';
import { installDatabase, openDatabase, type DatabaseHandle } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';

export interface TestDatabase extends DatabaseHandle {
	/** Closes the handle and drops the throw-away database (PostgreSQL). */
	destroy(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
	const serverUrl = process.env.DATABASE_URL;
	if (!serverUrl) {
		const handle = await openDatabase({ dataDir: 'memory://', poolSize: 1 });
		await migrateDatabase(handle);
		installDatabase(handle);
		return { ...handle, destroy: () => handle.close() };
	}
	const name = `tandem_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	const handle = await openDatabase({ url: url.toString(), dataDir: '', poolSize: 10 });
	await migrateDatabase(handle);
	installDatabase(handle);
	return {
		...handle,
		destroy: async () => {
			await handle.close();
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.end();
		}
	};
}
