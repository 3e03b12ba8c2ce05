// Shared set-up for the ledger and badge tests: people in teams, a seeded random source,
// the workspace zone, and raw reads that prove what the services maintain.
import { eq, sql } from 'drizzle-orm';
import { department, person, team } from '../../src/lib/server/org/schema';
import { ledgerEntry } from '../../src/lib/server/ledger/schema';
import { roomEvent } from '../../src/lib/server/realtime/schema';
import { workspace } from '../../src/lib/server/workspace/schema';
import { forgetWorkspace } from '../../src/lib/server/workspace';
import type { TestDatabase } from './db';

/** Creates a team in the department of the given kind and returns its id. */
export async function addTeam(
	testDb: TestDatabase,
	name: string,
	kind: 'support' | 'product' | 'engineering' | 'other'
): Promise<{ id: number; departmentId: number }> {
	const [dept] = await testDb.db.select().from(department).where(eq(department.kind, kind));
	const [row] = await testDb.db
		.insert(team)
		.values({ name, departmentId: dept.id })
		.returning({ id: team.id, departmentId: team.departmentId });
	return row;
}

let personCount = 0;

/** Creates a person (who never signs in, so any password hash will do). */
export async function addPerson(
	testDb: TestDatabase,
	name: string,
	teamId: number | null = null
): Promise<number> {
	personCount++;
	const [row] = await testDb.db
		.insert(person)
		.values({
			name,
			email: `person${personCount}.${process.pid}@ledger.test`,
			passwordHash: 'not-a-real-hash',
			teamId
		})
		.returning({ id: person.id });
	return row.id;
}

/** Sets the workspace time zone that leaderboard periods are counted in. */
export async function setTimeZone(testDb: TestDatabase, timeZone: string): Promise<void> {
	await testDb.db.update(workspace).set({ timeZone }).where(eq(workspace.id, 1));
	forgetWorkspace();
}

/** A small seeded PRNG (mulberry32): the same seed replays the same run. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** Every person's balance next to the SUM of their ledger rows, straight from SQL. */
export async function balancesVersusLedger(
	testDb: TestDatabase
): Promise<{ personId: number; points: number; sum: number }[]> {
	const result = (await testDb.db.execute(sql`
		select p.id as "personId", coalesce(b.points, 0)::int as points,
			coalesce((select sum(amount) from ledger_entry l where l.person_id = p.id), 0)::int as sum
		from person p left join balance b on b.person_id = p.id order by p.id`)) as unknown as
		| { personId: number; points: number; sum: number }[]
		| { rows: { personId: number; points: number; sum: number }[] };
	return Array.isArray(result) ? [...result] : result.rows;
}

/** The ledger rows of one person, oldest first. */
export async function ledgerOf(testDb: TestDatabase, personId: number) {
	return testDb.db
		.select()
		.from(ledgerEntry)
		.where(eq(ledgerEntry.personId, personId))
		.orderBy(ledgerEntry.id);
}

/** The events stored for a room, oldest first: what a client joining it would receive. */
export async function eventsIn(testDb: TestDatabase, room: string) {
	return testDb.db.select().from(roomEvent).where(eq(roomEvent.room, room)).orderBy(roomEvent.seq);
}
