// Team columns arrived after the matrix: a workspace whose letters were keyed by department
// keeps every letter and its history after migrating, and the new rules hold in SQL.
import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';
import { raciHistory, raciMatrix } from '../../src/lib/server/raci';
import type { TestDatabase } from '../helpers/db';
import { testDatabaseAt } from '../helpers/migrations';

/** The last migration before team columns. */
const BEFORE_TEAM_COLUMNS = '0029_sync_agenda';

let testDb: TestDatabase;
let oldFolder: string;
const dept: Record<string, number> = {};
let activityId = 0;

beforeAll(async () => {
	({ testDb, folder: oldFolder } = await testDatabaseAt(BEFORE_TEAM_COLUMNS));
	const run = <T>(query: ReturnType<typeof sql>) => rowsOf<T>(testDb.db, query);
	for (const d of await run<{ id: number; kind: string }>(sql`select id, kind from department`)) {
		dept[d.kind] = d.id;
	}
	[{ id: activityId }] = await run<{ id: number }>(
		sql`insert into raci_activity (key, name, position) values ('fix', 'Fixing', 1) returning id`
	);
	await run(sql`insert into raci_assignment (activity_id, department_id, role) values
		(${activityId}, ${dept.engineering}, 'A'), (${activityId}, ${dept.engineering}, 'R'),
		(${activityId}, ${dept.product}, 'C'), (${activityId}, ${dept.support}, 'I')`);
	await run(sql`insert into raci_change (activity_id, summary)
		values (${activityId}, 'Engineering: — → A/R')`);
	await migrateDatabase(testDb);
}, 180_000);

afterAll(async () => {
	await testDb?.destroy();
	rmSync(oldFolder, { recursive: true, force: true });
});

describe('migrating the RACI matrix to team columns', () => {
	it('keeps every letter, keyed by its department', async () => {
		const { columns, activities } = await raciMatrix();
		expect(columns.every((c) => c.kind === 'department')).toBe(true);
		expect(activities).toHaveLength(1);
		expect(activities[0].cells).toMatchObject({
			[`dept-${dept.engineering}`]: 'AR',
			[`dept-${dept.product}`]: 'C',
			[`dept-${dept.support}`]: 'I',
			[`dept-${dept.other}`]: ''
		});
	});

	it('keeps the history', async () => {
		expect(await raciHistory()).toMatchObject([
			{ activityName: 'Fixing', summary: 'Engineering: — → A/R' }
		]);
	});

	it('refuses a letter naming both a department and a team, or neither', async () => {
		const [{ id: teamId }] = await rowsOf<{ id: number }>(
			testDb.db,
			sql`insert into team (name, department_id) values ('Platform', ${dept.engineering}) returning id`
		);
		await testDb.db.execute(sql`insert into raci_team_column (team_id) values (${teamId})`);
		await expect(
			testDb.db.execute(sql`insert into raci_assignment (activity_id, department_id, team_id, role)
				values (${activityId}, ${dept.engineering}, ${teamId}, 'C')`)
		).rejects.toThrow();
		await expect(
			testDb.db.execute(
				sql`insert into raci_assignment (activity_id, role) values (${activityId}, 'C')`
			)
		).rejects.toThrow();
		// The same letter twice in one cell is refused too.
		await expect(
			testDb.db.execute(sql`insert into raci_assignment (activity_id, department_id, role)
				values (${activityId}, ${dept.product}, 'C')`)
		).rejects.toThrow();
	});
});
