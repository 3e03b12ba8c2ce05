// Migrations that move data keep it: a workspace created before the module kit (a bug
// escalated, files on the bug and on the escalation) reads the same after migrating.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { migrateDatabase, migrationsFolder } from '../../src/lib/server/db/migrate';
import { attachmentsOfBug } from '../../src/lib/server/bugbash';
import { attachmentsOfEscalation } from '../../src/lib/server/escalations';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/** The last migration released before the module kit. */
const BEFORE_MODULE_KIT = '0007_kudos_and_rewards';

/** A copy of drizzle/ whose journal stops at `lastTag`. */
function migrationsUpTo(lastTag: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'tandem-migrations-'));
	cpSync(migrationsFolder(), dir, { recursive: true });
	const journalPath = join(dir, 'meta', '_journal.json');
	const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
	const last = journal.entries.findIndex((e: { tag: string }) => e.tag === lastTag);
	journal.entries = journal.entries.slice(0, last + 1);
	writeFileSync(journalPath, JSON.stringify(journal));
	return dir;
}

let testDb: TestDatabase;
let oldFolder: string;
const ids = { bug: 0, escalation: 0, ownFile: 0, bugFile: 0 };

beforeAll(async () => {
	oldFolder = migrationsUpTo(BEFORE_MODULE_KIT);
	process.env.MIGRATIONS_DIR = oldFolder;
	try {
		testDb = await createTestDatabase();
	} finally {
		delete process.env.MIGRATIONS_DIR;
	}
	const run = <T>(query: ReturnType<typeof sql>) => rowsOf<T>(testDb.db, query);
	const [{ id: personId }] = await run<{ id: number }>(
		sql`insert into person (email, name, password_hash) values ('erin@x.test', 'Erin', 'x') returning id`
	);
	const [{ id: bashId }] = await run<{ id: number }>(
		sql`insert into bug_bash (title, feature, starts_at, ends_at, scoring, created_by_id)
			values ('Old bash', 'Billing', now(), now() + interval '1 hour', '{}'::jsonb, ${personId})
			returning id`
	);
	[{ id: ids.bug }] = await run<{ id: number }>(
		sql`insert into bug (bash_id, reporter_id, client_key, title, area, severity, steps, expected, actual)
			values (${bashId}, ${personId}, 'k-bug-1', 'Refund missing', 'Billing', 'high', 'Open it', 'A button', 'None')
			returning id`
	);
	[{ id: ids.escalation }] = await run<{ id: number }>(
		sql`insert into escalation (client_key, title, steps, expected, actual, severity, reporter_id, bug_id)
			values ('k-esc-1', 'Refund missing', 'Open it', 'A button', 'None', 'high', ${personId}, ${ids.bug})
			returning id`
	);
	// A file logged with the bug and shared with the escalation, and one of the escalation's own.
	[{ id: ids.bugFile }] = await run<{ id: number }>(
		sql`insert into attachment (bug_id, escalation_id, uploader_id, file_name, content_type, size, data)
			values (${ids.bug}, ${ids.escalation}, ${personId}, 'cart.log', 'text/plain', 3, 'abc'::bytea)
			returning id`
	);
	[{ id: ids.ownFile }] = await run<{ id: number }>(
		sql`insert into attachment (escalation_id, uploader_id, file_name, content_type, size, data)
			values (${ids.escalation}, ${personId}, 'ticket.txt', 'text/plain', 2, 'hi'::bytea)
			returning id`
	);
	await migrateDatabase(testDb);
});

afterAll(async () => {
	await testDb?.destroy();
	rmSync(oldFolder, { recursive: true, force: true });
});

describe('migrating a workspace from before the module kit', () => {
	it('keeps the link from an escalation to the bug it was promoted from, on the bug', async () => {
		const [row] = await rowsOf<{ escalation_id: number }>(
			testDb.db,
			sql`select escalation_id from bug where id = ${ids.bug}`
		);
		expect(row.escalation_id).toBe(ids.escalation);
	});

	it('keeps every file with what it belonged to', async () => {
		expect((await attachmentsOfBug(ids.bug)).map((a) => a.fileName)).toEqual(['cart.log']);
		expect((await attachmentsOfEscalation(ids.escalation)).map((a) => a.id)).toEqual([
			ids.bugFile,
			ids.ownFile
		]);
	});

	it('keeps the foreign key from a bug to its escalation (now declared in SQL only)', async () => {
		await expect(
			rowsOf(testDb.db, sql`update bug set escalation_id = 999999 where id = ${ids.bug}`)
		).rejects.toThrow();
	});
});
