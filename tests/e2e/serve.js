// Starts the built app for Playwright on a fresh database:
//   node tests/e2e/serve.js <port> empty  — no demo data; with DATABASE_URL a new database on that
//                                           server, served by two worker processes when REDIS_URL is set too
//   node tests/e2e/serve.js <port> demo   — embedded PGlite with the demo workspace, like `npm start`
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const [port, mode] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, '.data', `${mode}-${port}`);
rmSync(dataDir, { recursive: true, force: true });

process.env.PORT = port;
process.env.HOST = '127.0.0.1';
process.env.ORIGIN = `http://localhost:${port}`;
process.env.DATA_DIR = dataDir;

/** @type {(() => Promise<void>) | undefined} */
let dropDatabase;
// Each server gets its own Redis channel prefix so two test servers never hear each other.
process.env.REDIS_PREFIX = `tandem-e2e-${port}-${process.pid}`;

if (mode === 'demo') {
	delete process.env.DATABASE_URL;
	delete process.env.SEED_DEMO;
} else {
	process.env.SEED_DEMO = 'false';
	if (process.env.DATABASE_URL)
		dropDatabase = await useFreshPostgresDatabase(process.env.DATABASE_URL);
	// As a deployment uses its cores: every browser flow then crosses worker processes.
	if (process.env.DATABASE_URL && process.env.REDIS_URL) process.env.WORKERS = '2';
}

/**
 * Points DATABASE_URL at a new database, dropping leftovers of earlier runs first, and
 * returns the function that drops it.
 * @param {string} serverUrl
 */
async function useFreshPostgresDatabase(serverUrl) {
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	const stale = await admin`select datname from pg_database where datname like 'tandem_e2e_%'`;
	for (const { datname } of stale)
		await admin.unsafe(`drop database if exists "${datname}" with (force)`);
	const name = `tandem_e2e_${process.pid}`;
	await admin.unsafe(`create database "${name}"`);
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	process.env.DATABASE_URL = url.toString();

	return async () => {
		const cleaner = postgres(serverUrl, { max: 1, onnotice: () => {} });
		await cleaner.unsafe(`drop database if exists "${name}" with (force)`);
		await cleaner.end();
	};
}

await import('../../src/cli/start.js');
// Registered after the app's own hooks, so on SIGTERM the pool closes before the drop.
const shared = /** @type {Record<symbol, Map<string, () => Promise<void>> | undefined>} */ (
	/** @type {unknown} */ (globalThis)
);
if (dropDatabase)
	shared[Symbol.for('tandem.shutdownHooks')]?.set('drop-e2e-database', dropDatabase);
