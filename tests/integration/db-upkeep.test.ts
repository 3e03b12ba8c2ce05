// The embedded database's upkeep: PGlite runs no autovacuum, so the app vacuums and
// analyses tables that have grown, or the planner works without statistics.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import {
	startEmbeddedUpkeep,
	tablesDueForUpkeep,
	upkeepDatabase
} from '../../src/lib/server/db/maintenance';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let testDb: TestDatabase;

beforeAll(async () => {
	testDb = await createTestDatabase();
});

afterAll(async () => {
	await testDb?.destroy();
});

async function addPeopleWithSessions(from: number, count: number) {
	await testDb.db.execute(sql`insert into person (email, name, password_hash)
		select 'upkeep' || g || '@example.test', 'Upkeep ' || g, 'not-a-hash'
		from generate_series(${from}::int, ${from + count - 1}::int) g`);
	await testDb.db.execute(sql`insert into session (id, secret_hash, person_id, expires_at,
			absolute_expires_at, last_used_at)
		select 'upkeep-session-' || p.id, 'x', p.id, now() + interval '1 day',
			now() + interval '30 days', now()
		from person p where p.email like 'upkeep%' and not exists
			(select 1 from session s where s.person_id = p.id)`);
}

/** The plan of the handshake's session lookup (the shape of `sessionsByIds`). */
async function sessionLookupPlan(): Promise<string> {
	const rows = await rowsOf<Record<string, string>>(
		testDb.db,
		sql`explain select s.id, p.name, t.name, d.name from session s
			join person p on p.id = s.person_id
			left join team t on t.id = p.team_id
			left join department d on d.id = t.department_id
			where s.id = any(array['upkeep-session-7', 'upkeep-session-9'])`
	);
	return rows.map((row) => Object.values(row)[0]).join('\n');
}

async function estimatedRows(table: string): Promise<number> {
	const [row] = await rowsOf<{ reltuples: number }>(
		testDb.db,
		sql`select reltuples from pg_class where oid = ${table}::regclass`
	);
	return Number(row.reltuples);
}

/** When the table was last vacuumed by a VACUUM statement (not by autovacuum). */
async function lastManualVacuum(table: string): Promise<string | null> {
	const [row] = await rowsOf<{ at: string | null }>(
		testDb.db,
		sql`select last_vacuum::text as at from pg_stat_user_tables where relid = ${table}::regclass`
	);
	return row.at;
}

describe('embedded database upkeep', () => {
	it('vacuums and analyses tables that hold data, then leaves them until they grow', async () => {
		await addPeopleWithSessions(1, 3000);
		const due = await tablesDueForUpkeep(testDb.db);
		expect(due).toEqual(expect.arrayContaining(['public.person', 'public.session']));

		expect(await upkeepDatabase(testDb.db)).toEqual(due);
		expect(await estimatedRows('person')).toBeGreaterThanOrEqual(3000);
		expect(await tablesDueForUpkeep(testDb.db)).not.toContain('public.person');
		// With statistics, one person's session is found by its key, not by reading them all.
		const plan = await sessionLookupPlan();
		expect(plan).toMatch(/Index Scan (using|on) session_pkey/);
		expect(plan).not.toMatch(/Seq Scan on person/);

		// Three times the people: both tables are due again, and counted again.
		await addPeopleWithSessions(3001, 6000);
		expect(await tablesDueForUpkeep(testDb.db)).toEqual(
			expect.arrayContaining(['public.person', 'public.session'])
		);
		await upkeepDatabase(testDb.db);
		expect(await estimatedRows('person')).toBeGreaterThanOrEqual(9000);
	});

	it('runs by itself on the embedded database only', async () => {
		await addPeopleWithSessions(9001, 3000);
		const stop = startEmbeddedUpkeep(testDb);
		try {
			if (testDb.driver === 'pglite') {
				for (let tries = 0; (await estimatedRows('person')) < 12000 && tries < 200; tries++)
					await new Promise((resolve) => setTimeout(resolve, 50));
				expect(await estimatedRows('person')).toBeGreaterThanOrEqual(12000);
			} else {
				// PostgreSQL's autovacuum answers for it: the app runs no VACUUM of its own (an
				// autovacuum may, so the table being due again is no proof either way).
				const before = await lastManualVacuum('person');
				await new Promise((resolve) => setTimeout(resolve, 300));
				expect(await lastManualVacuum('person')).toEqual(before);
				expect(await tablesDueForUpkeep(testDb.db)).toContain('public.person');
			}
		} finally {
			await stop();
		}
	});
});
