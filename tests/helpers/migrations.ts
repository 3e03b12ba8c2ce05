// Migration tests start from an older schema: a copy of drizzle/ whose journal stops at a
// given migration, applied, then the real folder migrates it the rest of the way.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationsFolder } from '../../src/lib/server/db/migrate';

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
