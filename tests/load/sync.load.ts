// Monthly sync agenda generation (npm run bench): 100,000 escalations, 20,000 feature
// request reports and 200,000 kudos spread over two years (bulk SQL), on PGlite or on
// DATABASE_URL's server. Reports generating one month's agenda through the service (every
// section's figures through the other modules, written in one transaction). Target ≤ 2 s.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { registerModules } from '../../src/lib/server/modules';
import { person } from '../../src/lib/server/org/schema';
import { generateAgenda, setSyncNow } from '../../src/lib/server/sync';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { measure, printTable } from './measure';

const ESCALATIONS = 100_000;
const REPORTS = 20_000;
const KUDOS = 200_000;
const NOW = new Date('2026-11-10T09:00:00Z');

/** Bulk inserts go in slices: one statement per 10,000 rows stays under the statement timeout. */
function batches(total: number, size = 10_000): [number, number][] {
	const out: [number, number][] = [];
	for (let lo = 1; lo <= total; lo += size) out.push([lo, Math.min(total, lo + size - 1)]);
	return out;
}

let testDb: TestDatabase;
let admin: number;

beforeAll(async () => {
	registerModules();
	setSyncNow(() => NOW);
	testDb = await createTestDatabase();
	const db = testDb.db;
	const teams = [
		await addTeam(testDb, 'Bench support', 'support'),
		await addTeam(testDb, 'Bench product', 'product'),
		await addTeam(testDb, 'Bench platform', 'engineering')
	];
	admin = await addPerson(testDb, 'Bench Admin', teams[1].id);
	await db.execute(sql`update ${person} set role = 'admin' where id = ${admin}`);
	const people: number[] = [];
	for (let i = 0; i < 30; i++) people.push(await addPerson(testDb, `Bench ${i}`, teams[i % 3].id));
	const ids = sql.raw(`array[${people.join(',')}]`);
	// Two years back from NOW, spread evenly.
	const at = (g: string, n: number) =>
		sql.raw(`timestamptz '2026-11-10 09:00:00+00' - (${g}::float8 / ${n}) * interval '730 days'`);
	await db.execute(sql`insert into customer (name, arr) select 'Customer ' || g, (g * 7919) % 900000 + 1000
		from generate_series(1, 2000) g`);
	for (const [lo, hi] of batches(ESCALATIONS)) {
		await db.execute(sql`insert into escalation (client_key, title, steps, expected, actual, severity,
			status, reporter_id, opened_at, resolved_at, customer_id)
		select 'k' || g, 'Escalation ' || g, 's', 'e', 'a',
			(array['critical','high','medium','low'])[g % 4 + 1]::bug_severity,
			(case when g % 10 = 0 then 'open' else 'resolved' end)::escalation_status,
			(${ids})[g % 30 + 1], ${at('g', ESCALATIONS)},
			case when g % 10 = 0 then null else ${at('g', ESCALATIONS)} + interval '3 days' end,
			(select min(id) from customer) + g % 2000
		from generate_series(${lo}::int, ${hi}::int) g`);
	}
	await db.execute(sql`insert into feature_request (title, problem, area, created_by_id)
		select 'Request ' || g, 'p', 'Admin', ${admin} from generate_series(1, 1000) g`);
	await db.execute(sql`insert into request_report (request_id, customer_id, reporter_id, created_at)
		select (select min(id) from feature_request) + g % 1000, (select min(id) from customer) + g % 2000,
			${admin}, ${at('g', REPORTS)}
		from generate_series(1, ${REPORTS}) g`);
	await db.execute(sql`insert into company_value (name) values ('Bench value')`);
	for (const [lo, hi] of batches(KUDOS)) {
		await db.execute(sql`insert into kudos (giver_id, client_key, message, value_id, created_at)
		select (${ids})[g % 30 + 1], 'k' || g, 'Thanks ' || g, (select min(id) from company_value),
			${at('g', KUDOS)}
		from generate_series(${lo}::int, ${hi}::int) g`);
	}
	const [{ first }] = await rowsOf<{ first: number }>(
		db,
		sql`select min(id)::int as first from kudos`
	);
	for (const [lo, hi] of batches(KUDOS)) {
		await db.execute(sql`insert into kudos_recipient (kudos_id, person_id, team_id)
			select k.id, p.id, p.team_id from kudos k
			join person p on p.id = (${ids})[k.id % 30 + 1]
			where k.id between ${first + lo - 1} and ${first + hi - 1}`);
	}
	await db.execute(sql`analyze`);
}, 900_000);

afterAll(async () => {
	setSyncNow(null);
	await testDb?.destroy();
});

test('generating a month’s agenda over two years of data', async () => {
	const first = await generateAgenda(admin, '2026-11');
	expect(first).toBeGreaterThan(0);
	const figure = await measure('generate the agenda again (all sections)', 5, () =>
		generateAgenda(admin, '2026-11')
	);
	printTable('Monthly sync agenda generation', [figure]);
}, 600_000);
