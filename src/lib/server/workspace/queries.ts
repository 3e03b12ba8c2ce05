// Reads of the workspace settings: the row every page shows (name, zone), the business
// calendar the SLO engine counts in, the holidays and the bash caps.
import { asc, eq, sql } from 'drizzle-orm';
import type { BusinessCalendar } from '$lib/business-time';
import { useDb, type Database, type Executor } from '../db/client';
import { DEFAULT_BUSINESS_HOURS, holiday, workspace } from './schema';

export type Workspace = typeof workspace.$inferSelect;

/**
 * When the workspace is open: its zone, the opening spans per ISO weekday (1 = Monday;
 * minutes since local midnight, start < end; a missing weekday is closed) and the
 * holidays as local dates. The SLO engine counts business minutes with it.
 */
export type { BusinessCalendar };

/**
 * Every page reads the workspace (its name, and the time zone periods are counted in), and
 * it changes rarely: each node reuses its last read this long (a change on this node is
 * seen at once; another node's within this time, the live event reloads the page after).
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
	return (
		row ?? {
			id: 1,
			name: 'Tandem',
			timeZone: 'UTC',
			settingsSavedAt: null,
			businessHours: DEFAULT_BUSINESS_HOURS,
			bashPointsCap: 10,
			bashFirstBonusCap: 5,
			checklistDismissedAt: null,
			isDemo: false,
			createdAt: new Date()
		}
	);
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

/** The holidays, earliest first. */
export async function listHolidays(db: Executor = useDb()) {
	return db
		.select({ day: holiday.day, label: holiday.label })
		.from(holiday)
		.orderBy(asc(holiday.day));
}

/** When the workspace is open, read fresh (the SLO engine's clock must not lag a change). */
export async function getBusinessCalendar(db: Executor = useDb()): Promise<BusinessCalendar> {
	const [[row], days] = await Promise.all([
		db
			.select({ timeZone: workspace.timeZone, hours: workspace.businessHours })
			.from(workspace)
			.where(eq(workspace.id, 1)),
		listHolidays(db)
	]);
	return {
		timeZone: row?.timeZone ?? 'UTC',
		hours: (row?.hours ?? DEFAULT_BUSINESS_HOURS).map((s) => ({ ...s })),
		holidays: days.map((d) => d.day)
	};
}

/** How much a member's bug bash may pay before it needs an admin's approval, read in `tx`. */
export async function bashCaps(
	db: Executor = useDb()
): Promise<{ bashPointsCap: number; bashFirstBonusCap: number }> {
	const [row] = await db
		.select({
			bashPointsCap: workspace.bashPointsCap,
			bashFirstBonusCap: workspace.bashFirstBonusCap
		})
		.from(workspace)
		.where(eq(workspace.id, 1));
	return row ?? { bashPointsCap: 10, bashFirstBonusCap: 5 };
}

/** The workspace's time zone read with the caller's executor (inside its transaction). */
export async function timeZoneIn(executor: Executor): Promise<string> {
	const [row] = await executor
		.select({ timeZone: workspace.timeZone })
		.from(workspace)
		.where(eq(workspace.id, 1));
	return row?.timeZone ?? 'UTC';
}
