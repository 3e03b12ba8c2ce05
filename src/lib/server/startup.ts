import { databaseConfig, shouldSeedDemo } from './config';
import { currentDatabase, installDatabase, openDatabase, type DatabaseHandle } from './db/client';
import { startEmbeddedUpkeep } from './db/maintenance';
import { migrateDatabase } from './db/migrate';
import { hasPeople } from './org';
import { seedDemoWorkspace } from './seed';
import { onShutdown } from './lifecycle';
import { logFor } from './log';

const log = logFor('tandem');

const KEY = Symbol.for('tandem.startup');
const store = globalThis as unknown as Record<symbol, Promise<DatabaseHandle> | undefined>;

/**
 * Opens and migrates the database once per process (a dev hot reload reuses it), seeds
 * the demo workspace into an empty embedded database, and registers clean shutdown.
 */
export function startServer(): Promise<DatabaseHandle> {
	store[KEY] ??= boot();
	return store[KEY].then((handle) => {
		if (currentDatabase() !== handle) installDatabase(handle);
		return handle;
	});
}

async function boot(): Promise<DatabaseHandle> {
	const config = databaseConfig();
	const handle = await openDatabase(config);
	await migrateDatabase(handle);
	installDatabase(handle);
	if (shouldSeedDemo()) {
		if (!(await hasPeople(handle.db))) {
			await seedDemoWorkspace();
			log.info('created the demo workspace (set SEED_DEMO=false to start empty)');
		} else if (process.env.TANDEM_SEED === 'force') {
			log.info('the database already has people: demo data not added');
		}
	}
	onShutdown('database', () => handle.close());
	startEmbeddedUpkeep(handle);
	const where = config.url ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
	log.info(`database ready: ${where}`);
	return handle;
}
