import { eq, sql } from 'drizzle-orm';
import { useDb, type Database, type Executor } from '../db/client';
import { workspace } from './schema';

export type Workspace = typeof workspace.$inferSelect;

/**
 * Every page reads the workspace (its name, and the time zone periods are counted in), and
 * it changes only when seeded: each node reuses its last read this long.
 */
const REMEMBER_MS = 10_000;
let remembered: { db: Database; until: number; value: Promise<Workspace> } | null = null;

export function getWorkspace(): Promise<Workspace> {
	const db = useDb();
	const now = Date.now();
	if (remembered?.db === db && remembered.until > now) return remembered.value;
	const value = readWorkspace(db);
	remembered = { db, until: now + REMEMBER_MS, value };
	value.catch(() => forgetWorkspace());
	return value;
}

async function readWorkspace(db: Database): Promise<Workspace> {
	const [row] = await db.select().from(workspace).where(eq(workspace.id, 1));
	return row ?? { id: 1, name: 'Tandem', timeZone: 'UTC', isDemo: false, createdAt: new Date() };
}

/** After this node changed the workspace row: the next read sees the change. */
export function forgetWorkspace(): void {
	remembered = null;
}

/** The workspace's time zone as a subquery, for a write that needs it in one round trip. */
export function timeZoneSql() {
	return sql<string>`coalesce((select ${workspace.timeZone} from ${workspace}
		where ${workspace.id} = 1), 'UTC')`;
}

/** Names the workspace and marks it as the demo (seeding), in the caller's transaction. */
export async function markDemoWorkspace(db: Executor, name: string): Promise<void> {
	await db.update(workspace).set({ name, isDemo: true }).where(eq(workspace.id, 1));
	forgetWorkspace();
}

/** The workspace's time zone read with the caller's executor (inside its transaction). */
export async function timeZoneIn(executor: Executor): Promise<string> {
	const [row] = await executor
		.select({ timeZone: workspace.timeZone })
		.from(workspace)
		.where(eq(workspace.id, 1));
	return row?.timeZone ?? 'UTC';
}
