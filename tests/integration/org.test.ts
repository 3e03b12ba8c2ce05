import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/lib/server/auth';
import { hashPassword } from '../../src/lib/server/auth/password';
import {
	createSession,
	generateSessionToken,
	validateSessionToken
} from '../../src/lib/server/auth';
import { department, person, team } from '../../src/lib/server/org/schema';
import { session } from '../../src/lib/server/auth/schema';
import {
	assignTeam,
	deactivatePerson,
	reactivatePerson,
	searchPeople
} from '../../src/lib/server/org';
import {
	createTeam,
	deleteTeam,
	listDepartments,
	listTeams,
	updateTeam
} from '../../src/lib/server/org';
import { refusal } from '../helpers/refusal';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const PASSWORD = 'orchard lantern 47';

let testDb: TestDatabase;
let passwordHash: string;
/** The admin who makes the org changes (every org write takes its actor). */
let admin: number;
const dept: Record<string, number> = {};

beforeAll(async () => {
	testDb = await createTestDatabase();
	passwordHash = await hashPassword(PASSWORD);
	for (const d of await testDb.db.select().from(department)) dept[d.kind] = d.id;
	admin = await addPerson('Root Admin', 'root@example.com', { role: 'admin' });
});
afterAll(async () => {
	await testDb?.destroy();
});

async function addPerson(
	name: string,
	email: string,
	extra: { role?: 'admin' | 'member'; teamId?: number | null; active?: boolean } = {}
): Promise<number> {
	const [row] = await testDb.db
		.insert(person)
		.values({ name, email, passwordHash, ...extra })
		.returning({ id: person.id });
	return row.id;
}

async function personRow(id: number) {
	const [row] = await testDb.db.select().from(person).where(eq(person.id, id));
	return row;
}

async function signIn(personId: number): Promise<string> {
	const token = generateSessionToken();
	await createSession(token, personId);
	return token;
}

describe('teams', () => {
	it('has the four departments in order', async () => {
		const departments = await listDepartments();
		expect(departments.map((d) => [d.name, d.kind])).toEqual([
			['Support', 'support'],
			['Product', 'product'],
			['Engineering', 'engineering'],
			['Other', 'other']
		]);
	});

	it('creates a team with a trimmed name', async () => {
		const id = await createTeam(admin, '  Frontline  ', dept.support);
		const [row] = await testDb.db.select().from(team).where(eq(team.id, id));
		expect(row).toMatchObject({ name: 'Frontline', departmentId: dept.support });
	});

	it('refuses a duplicate team name, even across departments', async () => {
		const before = await testDb.db.select().from(team);
		const err = await refusal(createTeam(admin, ' Frontline ', dept.engineering));
		expect(err.message).toBe('A team called “Frontline” already exists.');
		expect(err.field).toBe('name');
		expect(await testDb.db.select().from(team)).toHaveLength(before.length);
	});

	it('refuses an unknown department', async () => {
		const err = await refusal(createTeam(admin, 'Nowhere', 999_999));
		expect(err.field).toBe('departmentId');
		expect(err.message).toBe('Choose a department.');
		expect(await testDb.db.select().from(team).where(eq(team.name, 'Nowhere'))).toHaveLength(0);
	});

	it('renames and moves a team, refusing a name already taken', async () => {
		const id = await createTeam(admin, 'Core', dept.engineering);
		await updateTeam(admin, id, 'Core Platform', dept.product);
		const [row] = await testDb.db.select().from(team).where(eq(team.id, id));
		expect(row).toMatchObject({ name: 'Core Platform', departmentId: dept.product });
		// Keeping its own name is fine.
		await updateTeam(admin, id, 'Core Platform', dept.engineering);

		const err = await refusal(updateTeam(admin, id, 'Frontline', dept.engineering));
		expect(err.field).toBe('name');
		const [after] = await testDb.db.select().from(team).where(eq(team.id, id));
		expect(after).toMatchObject({ name: 'Core Platform', departmentId: dept.engineering });

		expect((await refusal(updateTeam(admin, 999_999, 'Ghost', dept.other))).message).toBe(
			'That team no longer exists.'
		);
	});

	it('deletes an empty team but refuses while it has members', async () => {
		const id = await createTeam(admin, 'Short-lived', dept.other);
		const memberId = await addPerson('Tess Temp', 'tess@example.com', { teamId: id });
		const second = await addPerson('Theo Temp', 'theo@example.com', { teamId: id, active: false });

		const two = await refusal(deleteTeam(admin, id));
		expect(two.message).toBe("Move the team's 2 members to another team first.");
		await assignTeam(admin, second, null);
		const one = await refusal(deleteTeam(admin, id));
		expect(one.message).toBe("Move the team's 1 member to another team first.");
		expect(await testDb.db.select().from(team).where(eq(team.id, id))).toHaveLength(1);

		await assignTeam(admin, memberId, null);
		await deleteTeam(admin, id);
		expect(await testDb.db.select().from(team).where(eq(team.id, id))).toHaveLength(0);
	});

	it('lists teams by department with their head-count', async () => {
		const docs = await createTeam(admin, 'Docs', dept.product);
		await addPerson('Dora Docs', 'dora@example.com', { teamId: docs });
		const list = await listTeams();
		const byName = Object.fromEntries(list.map((t) => [t.name, t]));
		expect(byName.Docs).toMatchObject({
			departmentName: 'Product',
			departmentKind: 'product',
			members: 1
		});
		expect(byName.Frontline.members).toBe(0);
		const departmentOrder = list.map((t) => t.departmentId);
		expect(departmentOrder).toEqual([...departmentOrder].sort((a, b) => a - b));
	});
});

describe('assignTeam', () => {
	it('moves a person into a team and out again', async () => {
		const teamId = await createTeam(admin, 'Assignable', dept.support);
		const id = await addPerson('Amy Assign', 'amy@example.com');
		await assignTeam(admin, id, teamId);
		expect((await personRow(id)).teamId).toBe(teamId);
		const token = await signIn(id);
		expect((await validateSessionToken(token))!.person).toMatchObject({
			teamName: 'Assignable',
			departmentKind: 'support'
		});
		await assignTeam(admin, id, null);
		expect((await personRow(id)).teamId).toBeNull();
	});

	it('refuses an unknown team or person', async () => {
		const id = await addPerson('Uma Unknown', 'uma@example.com');
		const err = await refusal(assignTeam(admin, id, 999_999));
		expect(err.field).toBe('teamId');
		expect(err.message).toBe('That team does not exist.');
		expect((await personRow(id)).teamId).toBeNull();
		expect((await refusal(assignTeam(admin, 999_999, null))).message).toBe(
			'That person does not exist.'
		);
	});
});

describe('deactivatePerson', () => {
	it('ends every session at once and refuses sign-in', async () => {
		const adminId = await addPerson('Ann Admin', 'ann@example.com', { role: 'admin' });
		const id = await addPerson('Dave Deact', 'dave@example.com');
		const tokens = [await signIn(id), await signIn(id)];
		for (const t of tokens) expect(await validateSessionToken(t)).not.toBeNull();

		await deactivatePerson(adminId, id);
		const row = await personRow(id);
		expect(row.active).toBe(false);
		expect(row.deactivatedAt).toBeInstanceOf(Date);
		expect(await testDb.db.select().from(session).where(eq(session.personId, id))).toHaveLength(0);
		for (const t of tokens) expect(await validateSessionToken(t)).toBeNull();
		// With the right password they are told why (defect 10 of the first-hour issue).
		await expect(authenticate('dave@example.com', PASSWORD, '192.0.2.50')).rejects.toThrow(
			'This account has been deactivated.'
		);
		expect((await searchPeople({ query: 'Dave Deact' })).map((p) => p.id)).toEqual([]);

		await reactivatePerson(adminId, id);
		const back = await personRow(id);
		expect(back.active).toBe(true);
		expect(back.deactivatedAt).toBeNull();
		expect(await authenticate('dave@example.com', PASSWORD, '192.0.2.50')).toBe(id);
		// Old sessions stay ended.
		for (const t of tokens) expect(await validateSessionToken(t)).toBeNull();
	});

	it('refuses to deactivate yourself', async () => {
		const id = await addPerson('Sid Self', 'sid@example.com', { role: 'admin' });
		const token = await signIn(id);
		const err = await refusal(deactivatePerson(id, id));
		expect(err.message).toBe('You cannot deactivate your own account.');
		expect((await personRow(id)).active).toBe(true);
		expect(await validateSessionToken(token)).not.toBeNull();
	});

	it('refuses an unknown person', async () => {
		const [{ id: actor }] = await testDb.db
			.select({ id: person.id })
			.from(person)
			.where(eq(person.email, 'ann@example.com'));
		expect((await refusal(deactivatePerson(actor, 999_999))).message).toBe(
			'That person does not exist.'
		);
	});
});
