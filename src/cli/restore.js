// `npm run restore -- <backup folder> [--force]`: puts a backup made by `npm run backup`
// into the database the environment names (the embedded one under DATA_DIR, or
// PostgreSQL with DATABASE_URL: that is how an installation moves to PostgreSQL) and its
// uploaded files into the media folder. The target must be empty unless --force: a
// database with no accounts counts as empty (migrations add settings rows of their own).
import { existsSync, createReadStream } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { listFiles } from './backup.js';
import {
	BackupError,
	FORMAT_VERSION,
	connect,
	dataPlaces,
	fileChecksum,
	ident,
	journal,
	migrationLevel,
	migrationsFolder,
	parseArgs
} from './backup-db.js';

/** Rows, or bytes of JSON, sent per insert. */
const BATCH_ROWS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * @param {string} source the backup folder
 * @param {{ force?: boolean, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<{ where: string, tables: number, rows: number, files: number }>}
 */
export async function restore(source, options = {}) {
	const folder = resolve(source);
	const manifest = await readManifest(folder);
	await verifyChecksums(folder, manifest);
	const places = dataPlaces(options.env);
	if (manifest.files.included && !options.force && (await listFiles(places.mediaDir)).length) {
		throw new BackupError(`${places.mediaDir} holds files already: add --force to replace them`);
	}
	const db = await connect(places);
	try {
		await prepareSchema(db, manifest, options.force === true);
		await db.transaction((tx) => loadTables(tx, folder, manifest));
	} finally {
		await db.close();
	}
	const files = await restoreUploads(folder, manifest, places.mediaDir);
	const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
	return { where: db.where, tables: manifest.tables.length, rows, files };
}

/**
 * @typedef {{ name: string, rows: number, sha256: string, file: string }} TableEntry
 * @typedef {{
 *   formatVersion: number, migrations: { count: number, last: string },
 *   tables: TableEntry[], sequences: { name: string, lastValue: string | null }[],
 *   files: { included: boolean, root?: string, reason?: string,
 *            items: { path: string, bytes: number, sha256: string }[] }
 * }} Manifest
 */

/** @param {string} folder @returns {Promise<Manifest>} */
async function readManifest(folder) {
	const path = join(folder, 'manifest.json');
	if (!existsSync(path))
		throw new BackupError(`${folder} is not a Tandem backup (no manifest.json)`);
	const manifest = JSON.parse(await readFile(path, 'utf8'));
	if (manifest.format !== 'tandem-backup' || manifest.formatVersion !== FORMAT_VERSION) {
		throw new BackupError(`${folder} has a backup format this version cannot read`);
	}
	return manifest;
}

/**
 * Every file is checked before anything is written, so a damaged backup changes nothing.
 * @param {string} folder @param {Manifest} manifest
 */
async function verifyChecksums(folder, manifest) {
	const expected = [
		...manifest.tables.map((t) => ({ path: join(folder, t.file), sha256: t.sha256 })),
		...manifest.files.items.map((f) => ({
			path: join(folder, /** @type {string} */ (manifest.files.root), f.path),
			sha256: f.sha256
		}))
	];
	for (const { path, sha256 } of expected) {
		if (!existsSync(path) || (await fileChecksum(path)) !== sha256) {
			throw new BackupError(`${path} is missing or damaged (checksum differs): nothing restored`);
		}
	}
}

/**
 * Brings the target to the backup's migration level exactly (the app migrates further on
 * its next start), refusing a database that is in use or already past that level.
 * @param {import('./backup-db.js').Connection} db
 * @param {Manifest} manifest
 * @param {boolean} force
 */
async function prepareSchema(db, manifest, force) {
	const entries = journal().entries;
	const wanted = entries.findIndex((e) => e.tag === manifest.migrations.last);
	if (wanted < 0) {
		throw new BackupError(
			`the backup was made at migration ${manifest.migrations.last}, which this version of ` +
				'Tandem does not have: restore it with the version that made it (or a newer one)'
		);
	}
	const level = await migrationLevel(db);
	if (level.count > wanted + 1) {
		throw new BackupError(
			`${db.where} is already at migration ${level.last}, past the backup's ` +
				`${manifest.migrations.last}: restore into a new, empty database`
		);
	}
	if (level.count > 0 && !force) {
		const [{ people }] = await db.query(
			`select case when to_regclass('public.person') is null then 0
			 else (select count(*) from person) end::int as people`
		);
		if (people > 0) {
			throw new BackupError(
				`${db.where} has ${people} accounts: add --force to replace everything in it`
			);
		}
	}
	const folder = await mkdtemp(join(tmpdir(), 'tandem-restore-'));
	try {
		// A copy of drizzle/ whose journal ends at the backup's level.
		await cp(migrationsFolder(), folder, { recursive: true });
		const partial = { ...journal(), entries: entries.slice(0, wanted + 1) };
		await writeFile(join(folder, 'meta', '_journal.json'), JSON.stringify(partial));
		await db.migrate(folder);
	} finally {
		await rm(folder, { recursive: true, force: true });
	}
}

/**
 * Empties every table (the rows migrations added included), loads the backup's rows with
 * their ids, sets the sequences where the source left them and checks the counts, all
 * in one transaction: a failure leaves the target as it was.
 * @param {import('./backup-db.js').Querier} tx
 * @param {string} folder
 * @param {Manifest} manifest
 */
async function loadTables(tx, folder, manifest) {
	const existing = (
		await tx.query(
			`select relname as name from pg_class
			 where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')`
		)
	).map((row) => /** @type {string} */ (row.name));
	const missing = manifest.tables.filter((t) => !existing.includes(t.name));
	if (missing.length) {
		throw new BackupError(`the target has no table ${missing.map((t) => t.name).join(', ')}`);
	}
	await tx.query(`truncate ${existing.map(ident).join(', ')} restart identity cascade`);
	// References that close a cycle between tables are deferrable: checked at the commit.
	await tx.query('set constraints all deferred');
	for (const table of manifest.tables) await loadTable(tx, join(folder, table.file), table.name);
	for (const { name, lastValue } of manifest.sequences) {
		if (lastValue !== null)
			await tx.query(`select setval($1::regclass, $2::bigint)`, [ident(name), lastValue]);
	}
	for (const table of manifest.tables) {
		const [{ rows }] = await tx.query(`select count(*)::int as rows from ${ident(table.name)}`);
		if (rows !== table.rows) {
			throw new BackupError(
				`${table.name} has ${rows} rows after loading, the backup ${table.rows}`
			);
		}
	}
}

/**
 * @param {import('./backup-db.js').Querier} tx
 * @param {string} path
 * @param {string} name
 */
async function loadTable(tx, path, name) {
	const columns = (
		await tx.query(
			`select attname as name from pg_attribute
			 where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = ''
			 order by attnum`,
			[ident(name)]
		)
	).map((row) => ident(row.name));
	const list = columns.join(', ');
	// Identity ids are kept as they were: links between tables and in URLs stay valid.
	const insert =
		`insert into ${ident(name)} (${list}) overriding system value ` +
		`select ${list} from json_populate_recordset(null::${ident(name)}, $1::json)`;
	/** @type {string[]} */
	let batch = [];
	let bytes = 0;
	const flush = async () => {
		if (batch.length) await tx.query(insert, [`[${batch.join(',')}]`]);
		batch = [];
		bytes = 0;
	};
	for await (const line of createInterface({
		input: createReadStream(path),
		crlfDelay: Infinity
	})) {
		if (!line) continue;
		batch.push(line);
		bytes += line.length;
		if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
	}
	await flush();
}

/**
 * @param {string} folder @param {Manifest} manifest @param {string} mediaDir
 * @returns {Promise<number>} files restored
 */
async function restoreUploads(folder, manifest, mediaDir) {
	if (!manifest.files.included) return 0;
	const from = join(folder, /** @type {string} */ (manifest.files.root));
	await mkdir(mediaDir, { recursive: true });
	if (existsSync(from) && (await readdir(from)).length) {
		await cp(from, mediaDir, { recursive: true, force: true });
	}
	const copied = new Map((await listFiles(mediaDir)).map((f) => [f.path, f.sha256]));
	for (const item of manifest.files.items) {
		if (copied.get(item.path) !== item.sha256) {
			throw new BackupError(`${item.path} did not arrive intact in ${mediaDir}`);
		}
	}
	return manifest.files.items.length;
}

async function main() {
	const { flags, positional } = parseArgs(process.argv.slice(2));
	if (flags.help || positional.length !== 1) {
		console.log('usage: npm run restore -- <backup folder> [--force]');
		process.exit(flags.help ? 0 : 1);
	}
	const done = await restore(positional[0], { force: flags.force === true });
	console.log(
		`restored ${done.tables} tables (${done.rows} rows, counts checked) into ${done.where} ` +
			`and ${done.files} uploaded files`
	);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
	try {
		await main();
	} catch (err) {
		console.error(err instanceof BackupError ? `restore failed: ${err.message}` : err);
		process.exit(1);
	}
}
