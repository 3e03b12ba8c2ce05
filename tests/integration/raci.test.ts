import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerModules } from '../../src/lib/server/modules';
import { department } from '../../src/lib/server/org/schema';
import {
	addRaciActivity,
	applyRaciTemplate,
	informedFor,
	RACI_TEMPLATE,
	raciHistory,
	raciMatrix,
	rowProblem,
	saveRaciRow
} from '../../src/lib/server/raci';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let admin: number;
let member: number;
const dept: Record<string, number> = {};

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	const support = await addTeam(testDb, 'Frontline', 'support');
	await addTeam(testDb, 'Customer Success', 'support');
	const ops = await addTeam(testDb, 'People Ops', 'other');
	admin = await addPerson(testDb, 'Ada Admin', ops.id);
	await testDb.db.execute(sql`update person set role = 'admin' where id = ${admin}`);
	member = await addPerson(testDb, 'Sam Support', support.id);
	for (const d of await testDb.db.select().from(department)) dept[d.kind] = d.id;
}, 180_000);
afterAll(async () => {
	await testDb?.destroy();
});

const rowOf = async (key: string) => (await raciMatrix()).activities.find((a) => a.key === key)!;

describe('the RACI matrix', () => {
	it('starts from the template: every usual activity, each with one A and at least one R', async () => {
		await refusal(applyRaciTemplate(member));
		expect(await applyRaciTemplate(admin)).toBe(RACI_TEMPLATE.length);
		// Running it again adds nothing.
		expect(await applyRaciTemplate(admin)).toBe(0);
		const matrix = await raciMatrix();
		expect(matrix.activities.map((a) => a.key)).toEqual(RACI_TEMPLATE.map((t) => t.key));
		for (const activity of matrix.activities) {
			const cells = Object.values(activity.cells);
			expect(cells.filter((c) => c.includes('A'))).toHaveLength(1);
			expect(cells.some((c) => c.includes('R'))).toBe(true);
		}
		expect((await rowOf('release_notes')).cells[dept.product]).toBe('AR');
	});

	it('says which rule a row breaks, and refuses it changing nothing', async () => {
		expect(rowProblem([{ departmentId: 1, roles: ['R'] }])).toBe(
			'Mark exactly one department A (accountable).'
		);
		const id = (await rowOf('fix')).id;
		const before = await rowOf('fix');
		const twoAs = { [`dept-${dept.engineering}`]: 'AR', [`dept-${dept.product}`]: 'A' };
		expect((await refusal(saveRaciRow(admin, id, twoAs))).message).toBe(
			'Only one department can be accountable; 2 are marked A.'
		);
		const noR = { [`dept-${dept.engineering}`]: 'A', [`dept-${dept.product}`]: 'C' };
		expect((await refusal(saveRaciRow(admin, id, noR))).message).toBe(
			'Mark at least one department R (responsible).'
		);
		const noA = { [`dept-${dept.engineering}`]: 'R' };
		expect((await refusal(saveRaciRow(admin, id, noA))).message).toContain('exactly one');
		const hostile = { [`dept-${dept.engineering}`]: 'AR', [`dept-${dept.support}`]: 'X' };
		await refusal(saveRaciRow(admin, id, hostile));
		await refusal(saveRaciRow(admin, 2_000_000, { [`dept-${dept.engineering}`]: 'AR' }));
		expect(await rowOf('fix')).toEqual(before);
	});

	it('lets only admins edit, and keeps each edit with who and when', async () => {
		const id = (await rowOf('knowledge_base')).id;
		const cells = {
			[`dept-${dept.support}`]: 'A',
			[`dept-${dept.engineering}`]: 'R',
			[`dept-${dept.product}`]: 'I'
		};
		await refusal(saveRaciRow(member, id, cells));
		expect(await saveRaciRow(admin, id, cells)).toBe(true);
		expect(await saveRaciRow(admin, id, cells)).toBe(false);
		expect((await rowOf('knowledge_base')).cells).toMatchObject({
			[dept.support]: 'A',
			[dept.engineering]: 'R',
			[dept.product]: 'I'
		});
		const [latest] = await raciHistory();
		expect(latest).toMatchObject({ activityName: 'Knowledge base', actorName: 'Ada Admin' });
		expect(latest.summary).toContain('Support: A/R → A');
		expect(latest.summary).toContain('Engineering: I → R');
		expect(latest.summary).toContain('Product: C → I');
	});

	it('adds an activity with its A and R; a duplicate name or unknown department is refused', async () => {
		await refusal(
			addRaciActivity(member, {
				name: 'Triage',
				accountableId: dept.support,
				responsibleId: dept.support
			})
		);
		const id = await addRaciActivity(admin, {
			name: 'Triage of new tickets',
			accountableId: dept.support,
			responsibleId: dept.engineering
		});
		expect((await raciMatrix()).activities.find((a) => a.id === id)).toMatchObject({
			key: 'triage_of_new_tickets',
			cells: { [dept.support]: 'A', [dept.engineering]: 'R' }
		});
		const dup = await refusal(
			addRaciActivity(admin, {
				name: 'triage of NEW tickets',
				accountableId: dept.support,
				responsibleId: dept.support
			})
		);
		expect(dup.field).toBe('name');
		const unknown = await refusal(
			addRaciActivity(admin, { name: 'Other', accountableId: 999_999, responsibleId: dept.support })
		);
		expect(unknown.field).toBe('accountableId');
	});

	it('answers the teams to inform of an activity', async () => {
		const teams = await informedFor('release_notes');
		expect(teams.map((t) => t.teamName).sort()).toEqual(
			expect.arrayContaining(['Customer Success', 'Frontline', 'People Ops'])
		);
		expect(await informedFor('no_such_activity')).toEqual([]);
		const [row] = await testDb.db.select().from(department).where(eq(department.kind, 'product'));
		expect(teams.some((t) => t.departmentName === row.name)).toBe(false);
	});
});
