import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { department, person } from '../../src/lib/server/org/schema';
import { searchPeople } from '../../src/lib/server/org';
import { createTeam } from '../../src/lib/server/org';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let testDb: TestDatabase;
/** Teams are created by an admin (every org write takes its actor). */
let admin: number;
const dept: Record<string, number> = {};
beforeAll(async () => {
	testDb = await createTestDatabase();
	for (const d of await testDb.db.select().from(department)) dept[d.kind] = d.id;
	const [row] = await testDb.db
		.insert(person)
		.values({ name: 'Root Admin', email: 'root@corp.test', passwordHash: 'x', role: 'admin' })
		.returning({ id: person.id });
	admin = row.id;
});
afterAll(async () => {
	await testDb?.destroy();
});

async function addPerson(
	name: string,
	email: string,
	extra: { teamId?: number; active?: boolean } = {}
): Promise<number> {
	const [row] = await testDb.db
		.insert(person)
		.values({ name, email, passwordHash: 'x', ...extra })
		.returning({ id: person.id });
	return row.id;
}

describe('searchPeople', () => {
	const ids: Record<string, number> = {};
	const teams: Record<string, number> = {};

	beforeAll(async () => {
		teams.helpdesk = await createTeam(admin, 'Helpdesk', dept.support);
		teams.design = await createTeam(admin, 'Design_Studio', dept.product);
		teams.api = await createTeam(admin, 'API', dept.engineering);
		// The admin only set the teams up: the directory below holds just the people under test.
		await testDb.db.delete(person).where(eq(person.id, admin));
		const add = async (key: string, name: string, email: string, extra = {}) => {
			ids[key] = await addPerson(name, email, extra);
		};
		await add('zoe', 'zoe Zhang', 'zoe@corp.test', { teamId: teams.helpdesk });
		await add('adam', 'Adam Apple', 'adam@corp.test', { teamId: teams.api });
		await add('percent', 'Perry 100% Done', 'perry@corp.test', { teamId: teams.design });
		await add('under', 'Una Score', 'una_score@corp.test', { teamId: teams.api });
		await add('slash', 'Bea Back\\slash', 'bea@corp.test');
		await add('gone', 'Gina Gone', 'gina@corp.test', { teamId: teams.helpdesk, active: false });
		await add('brian', 'brian Brook', 'brian@other.test', { teamId: teams.design });
	});

	const names = (rows: { name: string }[]) => rows.map((r) => r.name);

	it('lists active people by name, case-insensitively, with team and department', async () => {
		const rows = await searchPeople();
		expect(names(rows)).toEqual([
			'Adam Apple',
			'Bea Back\\slash',
			'brian Brook',
			'Perry 100% Done',
			'Una Score',
			'zoe Zhang'
		]);
		expect(rows.find((r) => r.id === ids.adam)).toMatchObject({
			email: 'adam@corp.test',
			role: 'member',
			active: true,
			teamId: teams.api,
			teamName: 'API',
			departmentId: dept.engineering,
			departmentName: 'Engineering',
			departmentKind: 'engineering'
		});
		expect(rows.find((r) => r.id === ids.slash)).toMatchObject({
			teamId: null,
			teamName: null,
			departmentName: null
		});
	});

	it('includes inactive people only when asked', async () => {
		expect(names(await searchPeople({ includeInactive: true }))).toContain('Gina Gone');
		expect(names(await searchPeople({ query: 'gina' }))).toEqual([]);
	});

	it('matches name, email and team name, ignoring case and surrounding spaces', async () => {
		expect(names(await searchPeople({ query: '  ZHANG ' }))).toEqual(['zoe Zhang']);
		expect(names(await searchPeople({ query: 'other.test' }))).toEqual(['brian Brook']);
		expect(names(await searchPeople({ query: 'helpdesk' }))).toEqual(['zoe Zhang']);
		expect(names(await searchPeople({ query: 'api' }))).toEqual(['Adam Apple', 'Una Score']);
		expect(names(await searchPeople({ query: 'nobody-matches' }))).toEqual([]);
		expect(await searchPeople({ query: '   ' })).toHaveLength(6);
	});

	it('filters by department and by team, alone or with a query', async () => {
		expect(names(await searchPeople({ departmentId: dept.engineering }))).toEqual([
			'Adam Apple',
			'Una Score'
		]);
		expect(names(await searchPeople({ departmentId: dept.support }))).toEqual(['zoe Zhang']);
		expect(
			names(await searchPeople({ departmentId: dept.support, includeInactive: true }))
		).toEqual(['Gina Gone', 'zoe Zhang']);
		expect(names(await searchPeople({ departmentId: dept.other }))).toEqual([]);
		expect(names(await searchPeople({ teamId: teams.design }))).toEqual([
			'brian Brook',
			'Perry 100% Done'
		]);
		expect(names(await searchPeople({ teamId: teams.design, query: 'perry' }))).toEqual([
			'Perry 100% Done'
		]);
		expect(names(await searchPeople({ departmentId: dept.engineering, query: 'una' }))).toEqual([
			'Una Score'
		]);
		expect(
			names(await searchPeople({ departmentId: dept.engineering, teamId: teams.design }))
		).toEqual([]);
	});

	it('treats % and _ and \\ in the query as plain characters', async () => {
		expect(names(await searchPeople({ query: '%' }))).toEqual(['Perry 100% Done']);
		expect(names(await searchPeople({ query: '0% D' }))).toEqual(['Perry 100% Done']);
		// '_' matches the underscore in una_score@ and in Design_Studio, not any character.
		expect(names(await searchPeople({ query: '_' }))).toEqual([
			'brian Brook',
			'Perry 100% Done',
			'Una Score'
		]);
		expect(names(await searchPeople({ query: 'a_s' }))).toEqual(['Una Score']);
		expect(names(await searchPeople({ query: 'Ad_m' }))).toEqual([]);
		expect(names(await searchPeople({ query: '\\' }))).toEqual(['Bea Back\\slash']);
		expect(names(await searchPeople({ query: 'k\\s' }))).toEqual(['Bea Back\\slash']);
		expect(names(await searchPeople({ query: '\\%' }))).toEqual([]);
	});

	it('stops at the limit', async () => {
		expect(names(await searchPeople({}, 2))).toEqual(['Adam Apple', 'Bea Back\\slash']);
	});
});
