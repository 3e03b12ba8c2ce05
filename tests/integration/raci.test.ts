import { eq, sql } from 'drizzle-orm';
import { raciAssignment, raciTeamColumn } from '../../src/lib/server/raci/schema';
import { deleteTeam, peopleWithPlace, person } from '../../src/lib/server/org';
import * as raciPage from '../../src/routes/(app)/raci/+page.server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerModules } from '../../src/lib/server/modules';
import { department, team } from '../../src/lib/server/org/schema';
import {
	addRaciActivity,
	applyRaciTemplate,
	addTeamColumn,
	columnsWithRoleIn,
	informedFor,
	informedPeopleIn,
	RACI_TEMPLATE,
	raciHistory,
	raciMatrix,
	removeTeamColumn,
	rowProblem,
	saveRaciRow,
	teamsWithoutColumn
} from '../../src/lib/server/raci';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';
import { ServiceError } from '../../src/lib/server/errors';

let testDb: TestDatabase;
let admin: number;
let member: number;
let frontline: number;
let success: number;
let jordan: number;
let gone: number;
const dept: Record<string, number> = {};

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	const support = await addTeam(testDb, 'Frontline', 'support');
	success = (await addTeam(testDb, 'Customer Success', 'support')).id;
	const ops = await addTeam(testDb, 'People Ops', 'other');
	admin = await addPerson(testDb, 'Ada Admin', ops.id);
	await testDb.db.execute(sql`update person set role = 'admin' where id = ${admin}`);
	member = await addPerson(testDb, 'Sam Support', support.id);
	frontline = support.id;
	jordan = await addPerson(testDb, 'Jordan Success', success);
	gone = await addPerson(testDb, 'Gil Gone', success);
	await testDb.db.execute(sql`update person set active = false where id = ${gone}`);
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
		expect((await rowOf('release_notes')).cells[`dept-${dept.product}`]).toBe('AR');
	});

	it('says which rule a row breaks, and refuses it changing nothing', async () => {
		expect(rowProblem([{ column: 'dept-1', roles: ['R'] }])).toBe(
			'Mark exactly one department or team A (accountable).'
		);
		const id = (await rowOf('fix')).id;
		const before = await rowOf('fix');
		const twoAs = { [`dept-${dept.engineering}`]: 'AR', [`dept-${dept.product}`]: 'A' };
		expect((await refusal(saveRaciRow(admin, id, twoAs))).message).toBe(
			'Only one department or team can be accountable; 2 are marked A.'
		);
		const noR = { [`dept-${dept.engineering}`]: 'A', [`dept-${dept.product}`]: 'C' };
		expect((await refusal(saveRaciRow(admin, id, noR))).message).toBe(
			'Mark at least one department or team R (responsible).'
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
			[`dept-${dept.support}`]: 'A',
			[`dept-${dept.engineering}`]: 'R',
			[`dept-${dept.product}`]: 'I'
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
				accountable: `dept-${dept.support}`,
				responsible: `dept-${dept.support}`
			})
		);
		const id = await addRaciActivity(admin, {
			name: 'Triage of new tickets',
			accountable: `dept-${dept.support}`,
			responsible: `dept-${dept.engineering}`
		});
		expect((await raciMatrix()).activities.find((a) => a.id === id)).toMatchObject({
			key: 'triage_of_new_tickets',
			cells: { [`dept-${dept.support}`]: 'A', [`dept-${dept.engineering}`]: 'R' }
		});
		const dup = await refusal(
			addRaciActivity(admin, {
				name: 'triage of NEW tickets',
				accountable: `dept-${dept.support}`,
				responsible: `dept-${dept.support}`
			})
		);
		expect(dup.field).toBe('name');
		const unknown = await refusal(
			addRaciActivity(admin, {
				name: 'Other',
				accountable: 'dept-999999',
				responsible: `dept-${dept.support}`
			})
		);
		expect(unknown.field).toBe('accountable');
		const notAColumn = await refusal(
			addRaciActivity(admin, {
				name: 'Other',
				accountable: `dept-${dept.support}`,
				responsible: `team-${frontline}`
			})
		);
		expect(notAColumn.field).toBe('responsible');
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

describe('team columns', () => {
	const col = (teamId: number) => `team-${teamId}`;
	const dep = (kind: string) => `dept-${dept[kind]}`;

	it('an admin adds a team as its own column, after its department; the history keeps it', async () => {
		await refusal(addTeamColumn(member, success));
		expect((await refusal(addTeamColumn(admin, 2_000_000))).field).toBe('teamId');
		expect(await addTeamColumn(admin, success)).toBe('Support › Customer Success');
		expect((await refusal(addTeamColumn(admin, success))).message).toBe(
			'Support › Customer Success is already a column.'
		);
		const { columns, activities } = await raciMatrix();
		const names = columns.map((c) => c.name);
		expect(names.indexOf('Support › Customer Success')).toBe(names.indexOf('Support') + 1);
		// A new column starts empty in every row.
		expect(activities.every((a) => a.cells[col(success)] === '')).toBe(true);
		expect((await teamsWithoutColumn()).map((t) => t.name)).not.toContain('Customer Success');
		const [latest] = await raciHistory();
		expect(latest).toMatchObject({
			activityName: null,
			summary: 'Added the column Support › Customer Success',
			actorName: 'Ada Admin'
		});
	});

	it('keeps exactly one A and at least one R across departments and team columns', async () => {
		const id = (await rowOf('customer_updates')).id;
		const before = await rowOf('customer_updates');
		const twoAs = { [dep('support')]: 'A', [col(success)]: 'AR', [dep('engineering')]: 'C' };
		expect((await refusal(saveRaciRow(admin, id, twoAs))).message).toBe(
			'Only one department or team can be accountable; 2 are marked A.'
		);
		const noR = { [dep('support')]: 'A', [col(success)]: 'C', [dep('engineering')]: 'C' };
		expect((await refusal(saveRaciRow(admin, id, noR))).message).toBe(
			'Mark at least one department or team R (responsible).'
		);
		// A team that is not a column cannot hold a letter.
		const stray = { [dep('support')]: 'A', [col(frontline)]: 'R', [col(success)]: 'R' };
		expect(await saveRaciRow(admin, id, stray)).toBe(true);
		expect((await rowOf('customer_updates')).cells).not.toHaveProperty(col(frontline));
		expect(before.cells[col(success)]).toBe('');
		const split = { [dep('support')]: 'A', [col(success)]: 'R', [dep('product')]: 'I' };
		await saveRaciRow(admin, id, split);
		expect((await rowOf('customer_updates')).cells).toMatchObject({
			[dep('support')]: 'A',
			[col(success)]: 'R',
			[dep('engineering')]: 'C',
			[dep('product')]: 'I'
		});
		const [latest] = await raciHistory();
		expect(latest.summary).toContain('Support: A/R → A');
		expect(latest.summary).toContain('Support › Customer Success: — → R');
		// A form from before the column existed (no field for it) keeps the team's letters.
		await saveRaciRow(admin, id, { [dep('support')]: 'A', [dep('engineering')]: 'I' });
		expect((await rowOf('customer_updates')).cells[col(success)]).toBe('R');
		const rows = await testDb.db
			.select()
			.from(raciAssignment)
			.where(eq(raciAssignment.teamId, success));
		expect(rows.every((r) => r.departmentId === null)).toBe(true);
	});

	it('an accountable or consulted team column is named by columnsWithRoleIn', async () => {
		const holders = await testDb.db.transaction((tx) =>
			columnsWithRoleIn(tx, 'customer_updates', 'R')
		);
		expect(holders).toEqual([
			{ departmentId: null, teamId: success, name: 'Support › Customer Success' }
		]);
	});

	it('tells an informed team’s active members, each once even when their department is informed too', async () => {
		const id = (await rowOf('release_notes')).id;
		// The template informs Support (Frontline and Customer Success) and Other.
		const informed = () => testDb.db.transaction((tx) => informedPeopleIn(tx, 'release_notes'));
		expect(await informed()).toEqual(expect.arrayContaining([member, jordan, admin]));
		expect(await informed()).not.toContain(gone);
		await saveRaciRow(admin, id, { [col(success)]: 'I' });
		const people = await informed();
		expect(people.filter((p) => p === jordan)).toHaveLength(1);
		expect(new Set(people).size).toBe(people.length);
		expect((await informedFor('release_notes')).map((t) => t.teamName)).toEqual([
			'Customer Success',
			'Frontline',
			'People Ops'
		]);
		// Only the team column informed: its members, not the rest of its department.
		await saveRaciRow(admin, id, { [dep('support')]: '', [dep('other')]: '' });
		expect(await informed()).toEqual([jordan]);
	});

	it('removing a column refuses to leave an activity without its A or R, then takes its letters', async () => {
		const before = await raciMatrix();
		const refused = await refusal(removeTeamColumn(admin, success));
		expect(refused.message).toBe(
			'Removing Support › Customer Success would leave “Customer updates” without an R: give it to another department or team first.'
		);
		expect(await raciMatrix()).toEqual(before);
		await refusal(removeTeamColumn(member, success));
		await refusal(removeTeamColumn(admin, frontline));
		const updates = (await rowOf('customer_updates')).id;
		await saveRaciRow(admin, updates, { [dep('support')]: 'AR' });
		expect(await removeTeamColumn(admin, success)).toBe('Support › Customer Success');
		const { columns } = await raciMatrix();
		expect(columns.map((c) => c.key)).not.toContain(col(success));
		expect(
			await testDb.db.select().from(raciAssignment).where(eq(raciAssignment.teamId, success))
		).toEqual([]);
		const [latest] = await raciHistory();
		expect(latest.summary).toBe(
			'Removed the column Support › Customer Success (its letters: Customer updates: R; Release notes: I)'
		);
		expect(latest.actorName).toBe('Ada Admin');
	});

	it('a team that is a column cannot be deleted until its column is removed', async () => {
		const empty = await addTeam(testDb, 'Escalations Desk', 'support');
		await addTeamColumn(admin, empty.id);
		const updates = (await rowOf('customer_updates')).id;
		await saveRaciRow(admin, updates, { [dep('support')]: 'A', [col(empty.id)]: 'R' });

		expect((await refusal(deleteTeam(admin, empty.id))).message).toBe(
			'Escalations Desk is a column of the responsibilities matrix: remove the column there first.'
		);
		// Nothing changed: the team, its column and its letter are all there.
		expect((await rowOf('customer_updates')).cells[col(empty.id)]).toBe('R');
		expect(await testDb.db.select().from(team).where(eq(team.id, empty.id))).toHaveLength(1);

		await saveRaciRow(admin, updates, { [dep('support')]: 'AR' });
		await removeTeamColumn(admin, empty.id);
		await deleteTeam(admin, empty.id);
		expect(await testDb.db.select().from(team).where(eq(team.id, empty.id))).toEqual([]);
	});
});

describe('a row saved while its team column is removed', () => {
	it('one of the two wins, the other is refused with a message, and the rules still hold', async () => {
		const id = (await rowOf('knowledge_base')).id;
		const success_ = `team-${success}`;
		const engineering = `dept-${dept.engineering}`;
		const isColumn = async () =>
			(await testDb.db.select().from(raciTeamColumn)).some((c) => c.teamId === success);
		for (let round = 0; round < 4; round++) {
			await saveRaciRow(admin, id, { [engineering]: 'R' });
			if (await isColumn()) {
				await saveRaciRow(admin, id, { [success_]: '' });
				await removeTeamColumn(admin, success);
			}
			await addTeamColumn(admin, success);
			// Moving the only R to the team, and removing the team's column, at once.
			const results = await Promise.allSettled([
				saveRaciRow(admin, id, { [engineering]: '', [success_]: 'R' }),
				removeTeamColumn(admin, success)
			]);
			for (const result of results) {
				if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ServiceError);
			}
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
			const cells = Object.values((await rowOf('knowledge_base')).cells);
			expect(cells.filter((c) => c.includes('A'))).toHaveLength(1);
			expect(cells.some((c) => c.includes('R'))).toBe(true);
		}
	});
});

describe('the matrix page’s column forms', () => {
	async function post(action: 'addColumn' | 'removeColumn', personId: number, fields: object) {
		const [who] = await peopleWithPlace(testDb.db).where(eq(person.id, personId));
		const body = new FormData();
		for (const [k, v] of Object.entries(fields)) body.set(k, String(v));
		const request = new Request(`http://localhost/raci?/${action}`, { method: 'POST', body });
		const event = { request, locals: { person: who }, params: {}, url: new URL(request.url) };
		type Answer = {
			form?: { errors: Record<string, string[]>; message?: { text: string } };
			button?: { message: { text: string }; confirm?: boolean };
		};
		// A refusal comes wrapped (status and data), an answer as it is.
		const answer = (await raciPage.actions[action](event as never)) as Answer & {
			status?: number;
			data?: Answer;
		};
		return { status: answer.status, data: answer.data ?? answer };
	}
	const columns = () => testDb.db.select().from(raciTeamColumn);

	it('answers bad input next to the field with a 400, changing nothing', async () => {
		const before = await columns();
		for (const teamId of ['', 'abc', '0', '99999999999', '2000000']) {
			const answer = await post('addColumn', admin, { teamId });
			expect(answer.status, teamId).toBe(400);
			expect(answer.data?.form?.errors.teamId, teamId).toEqual(['Choose a team.']);
		}
		const removal = await post('removeColumn', admin, { teamId: 'x', confirmed: 'yes' });
		expect([removal.status, removal.data?.button?.message.text]).toEqual([
			400,
			'That team is not a column of the matrix.'
		]);
		expect((await post('addColumn', member, { teamId: frontline })).status).toBe(400);
		expect(await columns()).toEqual(before);
	});

	it('adds a column and removes it only once confirmed', async () => {
		const added = await post('addColumn', admin, { teamId: frontline });
		expect(added.data?.form?.message?.text).toBe('Support › Frontline is now a column.');
		const unconfirmed = await post('removeColumn', admin, { teamId: frontline });
		expect(unconfirmed.data.button?.confirm).toBe(true);
		expect((await columns()).map((c) => c.teamId)).toContain(frontline);
		const removed = await post('removeColumn', admin, { teamId: frontline, confirmed: 'yes' });
		expect(removed.data?.button?.message.text).toBe('Support › Frontline is no longer a column.');
		expect((await columns()).map((c) => c.teamId)).not.toContain(frontline);
	});
});
