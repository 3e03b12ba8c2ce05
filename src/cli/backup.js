// `npm run backup [-- --out <folder>]`: writes the database and the uploaded files into one
// new folder that `npm run restore` reads back into the embedded database or PostgreSQL.
// Each table is a file of JSON lines (row_to_json), written in one read-only snapshot;
// JSON text restores through json_populate_recordset on either database, with no
// driver-specific format (PGlite's own dumpDataDir only opens in PGlite again).
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import {
	BackupError,
	FORMAT_VERSION,
	appVersion,
	connect,
	dataPlaces,
	fileChecksum,
	ident,
	migrationLevel,
	parseArgs,
	tablesInReferenceOrder
} from './backup-db.js';

/** Rows fetched per round trip from the dump's cursor. */
const FETCH_ROWS = 500;

/**
 * @param {{ out?: string, force?: boolean, env?: NodeJS.ProcessEnv, now?: Date }} options
 * @returns {Promise<{ folder: string, manifest: any }>}
 */
export async function backup(options = {}) {
	const places = dataPlaces(options.env);
	const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-').slice(0, 19);
	const folder = resolve(options.out ?? 'backups', `tandem-${stamp}`);
	if (existsSync(folder)) throw new BackupError(`${folder} exists already`);
	await mkdir(join(folder, 'tables'), { recursive: true });

	const db = await connect(places, { force: options.force });
	let database;
	try {
		database = await dumpDatabase(db, folder);
	} finally {
		await db.close();
	}
	const files = await copyUploads(places, folder);
	const manifest = {
		format: 'tandem-backup',
		formatVersion: FORMAT_VERSION,
		appVersion: appVersion(),
		createdAt: new Date().toISOString(),
		source: db.driver,
		...database,
		files
	};
	await writeFile(join(folder, 'manifest.json'), JSON.stringify(manifest, null, '\t') + '\n');
	return { folder, manifest };
}

/**
 * Every table and sequence as of one snapshot, so a backup taken while PostgreSQL serves
 * is consistent (a kudos and its ledger rows are both in it or both not).
 * @param {import('./backup-db.js').Connection} db
 * @param {string} folder
 */
async function dumpDatabase(db, folder) {
	return db.transaction(async (tx) => {
		await tx.query('set transaction isolation level repeatable read, read only');
		const migrations = await migrationLevel(tx);
		if (migrations.count === 0) {
			throw new BackupError(`${db.where} has no Tandem tables: nothing to back up`);
		}
		const tables = [];
		for (const name of await tablesInReferenceOrder(tx)) {
			tables.push(await dumpTable(tx, name, join(folder, 'tables', `${name}.jsonl`)));
		}
		const sequences = (
			await tx.query(
				`select sequencename as name, last_value::text as "lastValue" from pg_sequences
				 where schemaname = 'public' order by sequencename`
			)
		).map((row) => ({ name: row.name, lastValue: row.lastValue ?? null }));
		return { migrations, tables, sequences };
	});
}

/**
 * One table as JSON lines in primary-key order. Values stay JSON text end to end (never
 * parsed here), so bigints and timestamps keep every digit.
 * @param {import('./backup-db.js').Querier} tx
 * @param {string} name
 * @param {string} path
 */
async function dumpTable(tx, name, path) {
	const key = await tx.query(
		`select a.attname as column from pg_index i
		 join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
		 where i.indrelid = $1::regclass and i.indisprimary
		 order by array_position(i.indkey::int2[], a.attnum)`,
		[ident(name)]
	);
	const order = key.length ? `order by ${key.map((k) => `t.${ident(k.column)}`).join(', ')}` : '';
	const out = createWriteStream(path);
	const hash = createHash('sha256');
	let rows = 0;
	let bytes = 0;
	await tx.query(
		`declare backup_rows no scroll cursor for
		 select row_to_json(t)::text as line from ${ident(name)} t ${order}`
	);
	for (;;) {
		const batch = await tx.query(`fetch ${FETCH_ROWS} from backup_rows`);
		if (batch.length === 0) break;
		for (const { line } of batch) {
			const text = `${line}\n`;
			hash.update(text);
			bytes += Buffer.byteLength(text);
			rows++;
			if (!out.write(text)) await once(out, 'drain');
		}
	}
	await tx.query('close backup_rows');
	out.end();
	await once(out, 'finish');
	return { name, rows, bytes, sha256: hash.digest('hex'), file: `tables/${name}.jsonl` };
}

/**
 * The uploaded videos and recordings (attachments live in the database). A bucket is
 * left to the bucket's own backup: the manifest says so.
 * @param {ReturnType<typeof dataPlaces>} places
 * @param {string} folder
 */
async function copyUploads(places, folder) {
	if (places.s3Bucket) {
		return {
			included: false,
			reason: `media are in the S3 bucket ${places.s3Bucket}: back up the bucket itself`,
			items: []
		};
	}
	const target = join(folder, 'files', 'media');
	if (existsSync(places.mediaDir)) await cp(places.mediaDir, target, { recursive: true });
	return { included: true, root: 'files/media', items: await listFiles(target) };
}

/**
 * Every file under `dir` with its size and checksum, paths relative to it.
 * @param {string} dir
 * @returns {Promise<{ path: string, bytes: number, sha256: string }[]>}
 */
export async function listFiles(dir) {
	if (!existsSync(dir)) return [];
	const items = [];
	for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile()) continue;
		const path = join(entry.parentPath, entry.name);
		items.push({
			path: relative(dir, path),
			bytes: (await stat(path)).size,
			sha256: await fileChecksum(path)
		});
	}
	return items.sort((a, b) => a.path.localeCompare(b.path));
}

async function main() {
	const { flags } = parseArgs(process.argv.slice(2));
	if (flags.help) {
		console.log('usage: npm run backup [-- --out <folder>] [--force]');
		return;
	}
	const { folder, manifest } = await backup({
		out: typeof flags.out === 'string' ? flags.out : undefined,
		force: flags.force === true
	});
	const rows = manifest.tables.reduce(
		(/** @type {number} */ sum, /** @type {any} */ t) => sum + t.rows,
		0
	);
	console.log(
		`backed up ${manifest.tables.length} tables (${rows} rows) at migration ` +
			`${manifest.migrations.last} and ${manifest.files.items.length} uploaded files into ${folder}`
	);
	if (!manifest.files.included) console.log(`note: ${manifest.files.reason}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
	try {
		await main();
	} catch (err) {
		console.error(err instanceof BackupError ? `backup failed: ${err.message}` : err);
		process.exit(1);
	}
}
