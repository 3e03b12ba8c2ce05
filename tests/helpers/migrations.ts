// Migration tests start from an older schema: a copy of drizzle/ whose journal stops at a
// given migration, applied, then the real folder migrates it the rest of the way.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationsFolder } from '../../src/lib/server/db/migrate';
import { createTestDatabase, type TestDatabase } from './db';

/** A copy of drizzle/ whose journal stops at `lastTag`. */
export function migrationsUpTo(lastTag: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'tandem-migrations-'));
	cpSync(migrationsFolder(), dir, { recursive: true });
	const journalPath = join(dir, 'meta', '_journal.json');
	const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
	const last = journal.entries.findIndex((e: { tag: string }) => e.tag === lastTag);
	if (last < 0) throw new Error(`No migration ${lastTag} in the journal.`);
	journal.entries = journal.entries.slice(0, last + 1);
	writeFileSync(journalPath, JSON.stringify(journal));
	return dir;
}

/** A fresh test database migrated only up to `lastTag`, and the folder to delete afterwards. */
export async function testDatabaseAt(
	lastTag: string
): Promise<{ testDb: TestDatabase; folder: string }> {
	const folder = migrationsUpTo(lastTag);
	process.env.MIGRATIONS_DIR = folder;
	try {
		return { testDb: await createTestDatabase(), folder };
	} finally {
		delete process.env.MIGRATIONS_DIR;
	}
}
