// What `npm run backup` and `npm run restore` share: one small connection interface over
// the embedded database (PGlite) and PostgreSQL (postgres.js), the order tables are
// written in, and the migration level. Plain Node like start.js (the container ships
// src/cli without the app's sources), so it reads the same environment variables itself.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Version of the backup folder's layout: restore refuses a layout it does not know. */
export const FORMAT_VERSION = 1;

/**
 * @typedef {{ query(text: string, params?: unknown[]): Promise<Record<string, any>[]> }} Querier
 * @typedef {Querier & {
 *   driver: 'pglite' | 'postgres',
 *   where: string,
 *   transaction<T>(work: (tx: Querier) => Promise<T>): Promise<T>,
 *   migrate(folder: string): Promise<void>,
 *   close(): Promise<void>
 * }} Connection
 */

/** A problem said to the operator in one line, without a stack. */
export class BackupError extends Error {}

/** Where the app keeps its data, read the way src/lib/server/config.ts reads it. */
export function dataPlaces(env = process.env) {
	const dataDir = env.DATA_DIR || './data';
	const s3 = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'].every((key) =>
		env[key]?.trim()
	);
	return {
		databaseUrl: env.DATABASE_URL || undefined,
		dataDir,
		mediaDir: resolve(env.MEDIA_DIR || join(dataDir, 'media')),
		/** Uploaded videos kept in a bucket are backed up with the bucket, not here. */
		s3Bucket: s3 ? /** @type {string} */ (env.S3_BUCKET).trim() : undefined
	};
}

/**
 * Opens the database the app would use. The embedded one is a folder only one process
 * may have open: a running server leaves postmaster.pid there, so that is refused.
 * @param {{ databaseUrl?: string, dataDir: string }} places
 * @param {{ force?: boolean }} [options]
 * @returns {Promise<Connection>}
 */
export async function connect(places, options = {}) {
	if (places.databaseUrl) return connectPostgres(places.databaseUrl);
	if (existsSync(join(places.dataDir, 'postmaster.pid')) && !options.force) {
		throw new BackupError(
			`the embedded database in ${places.dataDir} is open (postmaster.pid): stop Tandem ` +
				'first. If it is not running, it did not stop cleanly: add --force.'
		);
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
	const { mkdirSync } = await import('node:fs');
	mkdirSync(places.dataDir, { recursive: true });
	const client = await PGlite.create(places.dataDir, { extensions: { pg_trgm } });
	/** @param {{ query: typeof client.query }} on */
	const querier = (on) => ({
		/** @param {string} text @param {unknown[]} [params] */
		query: async (text, params) => (await on.query(text, params)).rows
	});
	return {
		driver: 'pglite',
		where: `the embedded database in ${places.dataDir}`,
		...querier(client),
		transaction: (work) => client.transaction((tx) => work(querier(tx))),
		async migrate(folder) {
			const { drizzle } = await import('drizzle-orm/pglite');
			const { migrate } = await import('drizzle-orm/pglite/migrator');
			await migrate(drizzle({ client }), { migrationsFolder: folder });
		},
		close: () => client.close()
	};
}

/** @param {string} url @returns {Promise<Connection>} */
async function connectPostgres(url) {
	const { default: postgres } = await import('postgres');
	// One connection: the dump's snapshot and the restore's transaction are one session.
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	/** @param {import('postgres').Sql} on */
	const querier = (on) => ({
		/** @param {string} text @param {unknown[]} [params] */
		query: async (text, params) =>
			/** @type {Record<string, any>[]} */ ([
				...(await on.unsafe(text, /** @type {any} */ (params)))
			])
	});
	const host = new URL(url);
	return {
		driver: 'postgres',
		where: `PostgreSQL database ${host.pathname.slice(1)} on ${host.host}`,
		...querier(sql),
		transaction: async (work) =>
			/** @type {any} */ (await sql.begin((tx) => work(querier(/** @type {any} */ (tx))))),
		async migrate(folder) {
			const { drizzle } = await import('drizzle-orm/postgres-js');
			const { migrate } = await import('drizzle-orm/postgres-js/migrator');
			await migrate(drizzle({ client: sql }), { migrationsFolder: folder });
		},
		close: () => sql.end({ timeout: 5 })
	};
}

/** @param {string} name */
export const ident = (name) => `"${name.replaceAll('"', '""')}"`;

/**
 * The app's tables, each after every table it references, so rows restore with their
 * foreign keys checked as they go. A reference to the same table (a bug marked duplicate
 * of an earlier bug) is satisfied by writing rows in primary-key order; a deferrable one
 * (a team's lead, while people reference their team) is checked when the restore commits.
 * @param {Querier} db
 * @returns {Promise<string[]>}
 */
export async function tablesInReferenceOrder(db) {
	const tables = (
		await db.query(
			`select c.relname as name from pg_class c
			 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
			 order by c.relname`
		)
	).map((row) => /** @type {string} */ (row.name));
	const edges = await db.query(
		`select distinct c.relname as child, p.relname as parent
		 from pg_constraint f join pg_class c on c.oid = f.conrelid join pg_class p on p.oid = f.confrelid
		 where f.contype = 'f' and f.connamespace = 'public'::regnamespace and f.conrelid <> f.confrelid
			and not f.condeferrable`
	);
	/** @type {Map<string, Set<string>>} */
	const needs = new Map(tables.map((t) => [t, new Set()]));
	for (const { child, parent } of edges) needs.get(child)?.add(parent);
	const ordered = [];
	const placed = new Set();
	while (ordered.length < tables.length) {
		const ready = tables.filter(
			(t) => !placed.has(t) && [...(needs.get(t) ?? [])].every((p) => placed.has(p))
		);
		if (ready.length === 0) {
			const left = tables.filter((t) => !placed.has(t));
			throw new BackupError(`tables reference each other in a cycle: ${left.join(', ')}`);
		}
		for (const t of ready) {
			placed.add(t);
			ordered.push(t);
		}
	}
	return ordered;
}

/**
 * The migrations applied, oldest first, named by the tags of drizzle/meta/_journal.json
 * (drizzle records each migration by the journal's `when`).
 * @param {Querier} db
 * @returns {Promise<{ count: number, last: string | null }>}
 */
export async function migrationLevel(db) {
	const [{ present }] = await db.query(
		`select to_regclass('drizzle.__drizzle_migrations') is not null as present`
	);
	if (!present) return { count: 0, last: null };
	const applied = await db.query(
		`select created_at::text as "when" from drizzle.__drizzle_migrations order by created_at`
	);
	if (applied.length === 0) return { count: 0, last: null };
	const when = Number(applied[applied.length - 1].when);
	const entry = journal().entries.find((e) => e.when === when);
	return { count: applied.length, last: entry?.tag ?? `unknown migration of ${when}` };
}

/** @returns {{ entries: { idx: number, when: number, tag: string }[] }} */
export function journal() {
	return JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8'));
}

export function migrationsFolder() {
	return process.env.MIGRATIONS_DIR ? resolve(process.env.MIGRATIONS_DIR) : join(root, 'drizzle');
}

/** @param {string} path @returns {Promise<string>} hex SHA-256 of a file's bytes */
export async function fileChecksum(path) {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(path)) hash.update(chunk);
	return hash.digest('hex');
}

/** The app's version, recorded in the manifest. */
export function appVersion() {
	return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}

/**
 * Reads `--name value` and bare flags from argv.
 * @param {string[]} argv
 */
export function parseArgs(argv) {
	/** @type {Record<string, string | boolean>} */
	const flags = {};
	const positional = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) positional.push(arg);
		else if (arg === '--force' || arg === '--help') flags[arg.slice(2)] = true;
		else flags[arg.slice(2)] = argv[++i] ?? '';
	}
	return { flags, positional };
}
