// `npm run backup` and `npm run restore` as an operator runs them (child processes): the
// demo workspace on the embedded database is backed up, then restored into a fresh
// embedded database and, with DATABASE_URL, into a fresh PostgreSQL database (the move
// to PostgreSQL). What each restored copy holds is read back through the app's code.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	installDatabase,
	openDatabase,
	rowsOf,
	type DatabaseHandle
} from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seedDemoWorkspace } from '../../src/lib/server/seed';
import { authenticate } from '../../src/lib/server/auth';
import { verifyLedgerTotals } from '../../src/lib/server/ledger';
import { installMediaStore, openMediaStore, storeMediaFile } from '../../src/lib/server/media';
import { mediaConfig } from '../../src/lib/server/config';
import { attachment } from '../../src/lib/server/attachments/schema';
import { person } from '../../src/lib/server/org/schema';
import { webmLike } from '../helpers/media';

const run = promisify(execFile);
process.env.MEDIA_FFMPEG = 'off';

let work: string;
let backupFolder: string;
/** Row count of every table in the source database. */
let sourceCounts: Record<string, number>;
let sourceLeads: { team: string; lead: string }[];
let videoKey: string;
const video = webmLike(300_000, 11);
const screenshot = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 250]);

async function tableCounts(handle: DatabaseHandle): Promise<Record<string, number>> {
	const tables = await rowsOf<{ name: string }>(
		handle.db,
		sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`
	);
	const counts: Record<string, number> = {};
	for (const { name } of tables) {
		const [row] = await rowsOf<{ n: number }>(
			handle.db,
			sql.raw(`select count(*)::int as n from "${name}"`)
		);
		counts[name] = row.n;
	}
	return counts;
}

/** Runs one of the command-line scripts; answers its exit code and output. */
async function cli(script: string, args: string[], env: Record<string, string>) {
	try {
		const { stdout, stderr } = await run(process.execPath, [`src/cli/${script}.js`, ...args], {
			env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
			timeout: 120_000
		});
		return { code: 0, output: stdout + stderr };
	} catch (err) {
		const failed = err as { code: number; stdout: string; stderr: string };
		return { code: failed.code, output: failed.stdout + failed.stderr };
	}
}

beforeAll(async () => {
	work = await mkdtemp(join(tmpdir(), 'tandem-backup-test-'));
	const dataDir = join(work, 'source');
	const source = await openDatabase({ dataDir, poolSize: 1 });
	await migrateDatabase(source);
	installDatabase(source);
	installMediaStore(openMediaStore({ ...mediaConfig(), directory: join(dataDir, 'media') }));
	await seedDemoWorkspace();
	const [admin] = await rowsOf<{ id: number }>(
		source.db,
		sql`select id from person where email = ${DEMO_ADMIN_EMAIL}`
	);
	videoKey = (await storeMediaFile({ ownerId: admin.id, purpose: 'demo', bytes: video }))
		.storageKey;
	await source.db.insert(attachment).values({
		uploaderId: admin.id,
		fileName: 'screen.png',
		contentType: 'image/png',
		size: screenshot.byteLength,
		data: screenshot
	});
	sourceCounts = await tableCounts(source);
	sourceLeads = await rowsOf(
		source.db,
		sql`select t.name as team, p.name as lead from team t join person p on p.id = t.lead_id
			order by t.name`
	);
	await source.close();

	const made = await cli('backup', ['--out', join(work, 'backups')], { DATA_DIR: dataDir });
	expect(made.output).toMatch(/backed up \d+ tables/);
	expect(made.code).toBe(0);
	const [name] = await readdir(join(work, 'backups'));
	backupFolder = join(work, 'backups', name);
}, 240_000);

afterAll(async () => {
	if (work) await rm(work, { recursive: true, force: true });
});

describe('the backup folder', () => {
	it('has a manifest with the migration level, every table counted and the files', async () => {
		const manifest = JSON.parse(await readFile(join(backupFolder, 'manifest.json'), 'utf8'));
		expect(manifest).toMatchObject({ format: 'tandem-backup', formatVersion: 1, source: 'pglite' });
		expect(manifest.migrations.last).toMatch(/^\d{4}_/);
		const counted = Object.fromEntries(
			manifest.tables.map((t: { name: string; rows: number }) => [t.name, t.rows])
		);
		expect(counted).toEqual(sourceCounts);
		// Referenced tables come first, so rows restore with their foreign keys checked.
		const order = manifest.tables.map((t: { name: string }) => t.name);
		expect(order.indexOf('person')).toBeLessThan(order.indexOf('ledger_entry'));
		expect(order.indexOf('team')).toBeLessThan(order.indexOf('person'));
		expect(manifest.files.items).toContainEqual(
			expect.objectContaining({ path: videoKey, bytes: video.byteLength })
		);
	});
});

/** What a restored database must show, whichever database it is. */
function checksRestoredCopy(open: () => Promise<DatabaseHandle>, mediaDir: () => string) {
	let handle: DatabaseHandle;
	beforeAll(async () => {
		handle = await open();
		installDatabase(handle);
	}, 60_000);
	afterAll(async () => {
		await handle?.close();
	});

	it('holds as many rows in every table as the source', async () => {
		expect(await tableCounts(handle)).toEqual(sourceCounts);
		expect(sourceCounts.ledger_entry).toBeGreaterThan(0);
	});

	it('keeps every balance and leaderboard total equal to the ledger', async () => {
		expect(await verifyLedgerTotals()).toEqual({ ok: true, problems: [] });
	});

	it('keeps the team leads (teams and people reference each other)', async () => {
		const leads = await rowsOf<{ team: string; lead: string }>(
			handle.db,
			sql`select t.name as team, p.name as lead from team t join person p on p.id = t.lead_id
				order by t.name`
		);
		expect(leads).toEqual(sourceLeads);
		expect(leads.length).toBeGreaterThan(0);
	});

	it('lets a restored account sign in with its password', async () => {
		const id = await authenticate(DEMO_ADMIN_EMAIL, DEMO_PASSWORD, '127.0.0.1');
		expect(id).toBeGreaterThan(0);
		await expect(authenticate(DEMO_ADMIN_EMAIL, 'wrong-password', '127.0.0.1')).rejects.toThrow();
	});

	it('has the uploaded video and the attachment byte for byte', async () => {
		expect(new Uint8Array(await readFile(join(mediaDir(), videoKey)))).toEqual(video);
		const [row] = await handle.db
			.select({ data: attachment.data })
			.from(attachment)
			.where(sql`${attachment.fileName} = 'screen.png'`);
		expect(new Uint8Array(row.data)).toEqual(screenshot);
	});

	it('continues the id sequences: a new account gets the next id', async () => {
		const [last] = await rowsOf<{ max: number }>(
			handle.db,
			sql`select max(id)::int as max from person`
		);
		const [added] = await handle.db
			.insert(person)
			.values({ name: 'After Restore', email: 'after.restore@backup.test', passwordHash: 'x' })
			.returning({ id: person.id });
		expect(added.id).toBeGreaterThan(last.max);
	});
}

describe('restoring into a fresh embedded database', () => {
	const dataDir = () => join(work, 'restored-pglite');
	checksRestoredCopy(
		async () => {
			const done = await cli('restore', [backupFolder], { DATA_DIR: dataDir() });
			expect(done.output).toMatch(/restored \d+ tables .* counts checked/);
			expect(done.code).toBe(0);
			return openDatabase({ dataDir: dataDir(), poolSize: 1 });
		},
		() => join(dataDir(), 'media')
	);

	it('refuses a database that already has accounts', async () => {
		const again = await cli('restore', [backupFolder], {
			DATA_DIR: join(work, 'source'),
			MEDIA_DIR: join(work, 'empty-media')
		});
		expect(again.code).toBe(1);
		expect(again.output).toMatch(/has \d+ accounts: add --force/);
	}, 60_000);
});

describe('a damaged backup', () => {
	it('is refused before anything is written', async () => {
		const copy = join(work, 'damaged');
		await run('cp', ['-r', backupFolder, copy]);
		const file = join(copy, 'tables', 'kudos.jsonl');
		await writeFile(file, (await readFile(file, 'utf8')).replace('"', "'"));
		const target = join(work, 'never-written');
		const done = await cli('restore', [copy], { DATA_DIR: target });
		expect(done.code).toBe(1);
		expect(done.output).toMatch(/kudos\.jsonl is missing or damaged/);
		await expect(readdir(target)).rejects.toThrow();
	}, 60_000);
});

describe.runIf(process.env.DATABASE_URL)(
	'moving to PostgreSQL: restoring into an empty database',
	() => {
		// Collected on PGlite runs too, where DATABASE_URL is unset: nothing connects then.
		const serverUrl = process.env.DATABASE_URL || 'postgres://127.0.0.1/unused';
		const name = `tandem_restore_${process.pid}`;
		const url = new URL(serverUrl);
		url.pathname = `/${name}`;
		let admin: postgres.Sql | undefined;
		afterAll(async () => {
			await admin?.unsafe(`drop database if exists "${name}" with (force)`);
			await admin?.end();
		});
		checksRestoredCopy(
			async () => {
				admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
				await admin.unsafe(`create database "${name}"`);
				const done = await cli('restore', [backupFolder], {
					DATABASE_URL: url.toString(),
					DATA_DIR: join(work, 'pg-files')
				});
				expect(done.output).toMatch(/restored \d+ tables .* PostgreSQL/);
				expect(done.code).toBe(0);
				const handle = await openDatabase({ url: url.toString(), dataDir: '', poolSize: 2 });
				// The app's next start migrates from the backup's level onwards.
				await migrateDatabase(handle);
				return handle;
			},
			() => join(work, 'pg-files', 'media')
		);

		it('backs up PostgreSQL the same way', async () => {
			const made = await cli('backup', ['--out', join(work, 'pg-backups')], {
				DATABASE_URL: url.toString(),
				DATA_DIR: join(work, 'pg-files')
			});
			expect(made.code).toBe(0);
			const [folder] = await readdir(join(work, 'pg-backups'));
			const manifest = JSON.parse(
				await readFile(join(work, 'pg-backups', folder, 'manifest.json'), 'utf8')
			);
			expect(manifest.source).toBe('postgres');
			const counted = Object.fromEntries(
				manifest.tables.map((t: { name: string; rows: number }) => [t.name, t.rows])
			);
			// The checks above added rows (an account, sign-in throttles): compare with now.
			const now = await openDatabase({ url: url.toString(), dataDir: '', poolSize: 1 });
			try {
				expect(counted).toEqual(await tableCounts(now));
			} finally {
				await now.close();
			}
			expect(counted.person).toBe(sourceCounts.person + 1);
			expect(manifest.files.items.map((f: { path: string }) => f.path)).toContain(videoKey);
		}, 60_000);
	}
);
