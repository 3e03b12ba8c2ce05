// Kudos administration against the real database: company values added, renamed,
// deactivated and reactivated (never deleted, kudos keep theirs), names unique ignoring
// case (also when two admins race), admins only, and the kudos rules read back by the
// wall's own `settingsOf`, with this month's allowances following a change.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kudosSchema } from '../../src/lib/kudos/schemas';
import { companyValue, kudos } from '../../src/lib/server/kudos/schema';
import { person } from '../../src/lib/server/org/schema';
import {
	addValue,
	kudosCountByValue,
	listValues,
	updateKudosSettings,
	updateValue
} from '../../src/lib/server/kudos';
import { allowanceOf, giveKudos, settingsOf } from '../../src/lib/server/kudos';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, eventsIn } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let admin: number;
let member: number;
let colleague: number;

const DEFAULT_RULES = { monthlyAllowance: 100, maxPointsPerKudos: 50, crossDepartmentBonus: 0 };

beforeAll(async () => {
	testDb = await createTestDatabase();
	const support = await addTeam(testDb, 'Tier 1', 'support');
	admin = await addPerson(testDb, 'Ada Admin', support.id);
	member = await addPerson(testDb, 'Mia Member', support.id);
	colleague = await addPerson(testDb, 'Cy Colleague', support.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
});
afterAll(async () => {
	await testDb?.destroy();
});

async function valueNamed(name: string) {
	const [row] = await testDb.db.select().from(companyValue).where(eq(companyValue.name, name));
	return row;
}

function kudosFor(valueId: number, points = 0) {
	return kudosSchema.parse({
		clientKey: crypto.randomUUID(),
		recipientIds: [colleague],
		message: 'Thanks for covering the queue!',
		valueId,
		points
	});
}

async function valueEvents() {
	return (await eventsIn(testDb, 'kudos')).filter((e) => e.type === 'kudos.values');
}

describe('company values', () => {
	it('lists the values in their order, and adds new ones at the end', async () => {
		const seeded = (await listValues()).map((v) => v.name);
		expect(seeded).toEqual(['Customer first', 'Better together', 'Own it']);

		const before = (await valueEvents()).length;
		const added = await addValue(admin, { name: '  Ship it  ', description: ' Done is better. ' });
		expect(added).toMatchObject({ name: 'Ship it', description: 'Done is better.', active: true });
		expect((await listValues()).map((v) => v.name)).toEqual([...seeded, 'Ship it']);
		const events = await valueEvents();
		expect(events).toHaveLength(before + 1);
		expect(events.at(-1)).toMatchObject({ payload: { valueId: added.id }, actorId: admin });
	});

	it('renames and re-describes a value; kudos given for it show the new name', async () => {
		const value = await addValue(admin, { name: 'Be curius' });
		const given = await giveKudos(member, kudosFor(value.id));
		const renamed = await updateValue(admin, value.id, {
			name: 'Be curious',
			description: 'Ask why, then ask again.'
		});
		expect(renamed).toMatchObject({ name: 'Be curious', description: 'Ask why, then ask again.' });
		const [row] = await testDb.db.select().from(kudos).where(eq(kudos.id, given.kudosId));
		expect(row.valueId).toBe(value.id);
		expect((await kudosCountByValue())[value.id]).toBe(1);

		// Changing only the case of its own name is not a clash with itself.
		const recased = await updateValue(admin, value.id, { name: 'Be Curious' });
		expect(recased).toMatchObject({ name: 'Be Curious', description: 'Ask why, then ask again.' });
	});

	it('deactivates a value: no longer offered, old kudos intact; reactivates it', async () => {
		const value = await addValue(admin, { name: 'Default to open' });
		const given = await giveKudos(member, kudosFor(value.id));

		const off = await updateValue(admin, value.id, { active: false });
		expect(off).toMatchObject({ name: 'Default to open', active: false });
		expect((await listValues()).map((v) => v.id)).not.toContain(value.id);
		expect((await listValues({ includeInactive: true })).map((v) => v.id)).toContain(value.id);
		const refused = await refusal(giveKudos(member, kudosFor(value.id)));
		expect(refused).toMatchObject({ field: 'valueId' });
		const [kept] = await testDb.db.select().from(kudos).where(eq(kudos.id, given.kudosId));
		expect(kept).toMatchObject({ valueId: value.id, hiddenAt: null });

		await updateValue(admin, value.id, { active: true });
		expect((await listValues()).map((v) => v.id)).toContain(value.id);
		expect((await giveKudos(member, kudosFor(value.id))).created).toBe(true);
	});

	it('refuses a name already taken, in any case, on adding and renaming', async () => {
		const taken = await refusal(addValue(admin, { name: 'CUSTOMER FIRST' }));
		expect(taken).toMatchObject({
			field: 'name',
			message: 'There is already a value called “Customer first”.'
		});
		const own = await valueNamed('Own it');
		const renamed = await refusal(updateValue(admin, own.id, { name: 'better Together' }));
		expect(renamed).toMatchObject({
			field: 'name',
			message: 'There is already a value called “Better together”.'
		});
		expect((await valueNamed('Own it')).name).toBe('Own it');

		const retired = await addValue(admin, { name: 'Move fast' });
		await updateValue(admin, retired.id, { active: false });
		expect((await refusal(addValue(admin, { name: 'move fast' }))).message).toBe(
			'There is already a value called “Move fast”. It is inactive: reactivate it instead.'
		);
	});

	it('refuses the same new name from two admins at once: exactly one gets it', async () => {
		const results = await Promise.allSettled([
			addValue(admin, { name: 'Raise the bar' }),
			addValue(admin, { name: 'raise the BAR' })
		]);
		const added = results.filter((r) => r.status === 'fulfilled');
		const refused = results.filter((r) => r.status === 'rejected');
		expect(added).toHaveLength(1);
		expect(refused).toHaveLength(1);
		expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
			name: 'ServiceError',
			field: 'name'
		});
		const all = await listValues({ includeInactive: true });
		expect(all.filter((v) => v.name.toLowerCase() === 'raise the bar')).toHaveLength(1);
	});

	it('keeps at least one value active', async () => {
		const values = await listValues();
		for (const v of values.slice(1)) await updateValue(admin, v.id, { active: false });
		const last = await refusal(updateValue(admin, values[0].id, { active: false }));
		expect(last.message).toBe('Keep at least one value active: every kudos is given for one.');
		expect((await listValues()).map((v) => v.id)).toEqual([values[0].id]);
		for (const v of values.slice(1)) await updateValue(admin, v.id, { active: true });
		expect(await listValues()).toHaveLength(values.length);
	});

	it('refuses bad names and descriptions next to the field, changing nothing', async () => {
		const count = (await listValues({ includeInactive: true })).length;
		expect(await refusal(addValue(admin, { name: ' x ' }))).toMatchObject({
			field: 'name',
			message: 'Name the value (at least 2 characters).'
		});
		expect(await refusal(addValue(admin, { name: 'y'.repeat(61) }))).toMatchObject({
			field: 'name',
			message: 'Keep the name under 60 characters.'
		});
		const own = await valueNamed('Own it');
		expect(
			await refusal(updateValue(admin, own.id, { name: 'Own it', description: 'z'.repeat(301) }))
		).toMatchObject({ field: 'description' });
		expect((await refusal(updateValue(admin, own.id, { name: '   ' }))).field).toBe('name');
		expect(await refusal(updateValue(admin, 999_999, { active: false }))).toMatchObject({
			message: 'That value does not exist.'
		});
		expect((await listValues({ includeInactive: true })).length).toBe(count);
		expect(await valueNamed('Own it')).toMatchObject({ description: own.description });
	});

	it('refuses members, and admins who were deactivated', async () => {
		const own = await valueNamed('Own it');
		expect((await refusal(addValue(member, { name: 'Members rule' }))).message).toBe(
			'Only admins can add company values.'
		);
		expect((await refusal(updateValue(member, own.id, { active: false }))).message).toBe(
			'Only admins can change company values.'
		);
		const former = await addPerson(testDb, 'Fred Former');
		await testDb.db
			.update(person)
			.set({ role: 'admin', active: false })
			.where(eq(person.id, former));
		expect((await refusal(updateValue(former, own.id, { name: 'Owned' }))).message).toBe(
			'Only admins can change company values.'
		);
		expect(await valueNamed('Members rule')).toBeUndefined();
		expect(await valueNamed('Own it')).toMatchObject({ active: true });
	});
});

describe('kudos rules', () => {
	it('saves the rules, read back by the wall, and announces them', async () => {
		const rules = { monthlyAllowance: 250, maxPointsPerKudos: 40, crossDepartmentBonus: 5 };
		const saved = await updateKudosSettings(admin, rules);
		expect(saved).toMatchObject(rules);
		expect(await settingsOf()).toMatchObject(rules);
		const events = (await eventsIn(testDb, 'kudos')).filter((e) => e.type === 'kudos.settings');
		expect(events.at(-1)).toMatchObject({ payload: rules, actorId: admin });
		// And giving follows them at once.
		const own = await valueNamed('Own it');
		const fresh = await addPerson(testDb, 'Fenna Fresh');
		expect(await refusal(giveKudos(fresh, kudosFor(own.id, 41)))).toMatchObject({
			field: 'points',
			message: 'At most 40 points per kudos.'
		});
		expect(await allowanceOf(fresh)).toMatchObject({ granted: 250, spent: 0 });
		await updateKudosSettings(admin, DEFAULT_RULES);
	});

	it('applies a new allowance to this month, never below what was already given', async () => {
		const own = await valueNamed('Own it');
		const giver = await addPerson(testDb, 'Gia Giver');
		await giveKudos(giver, kudosFor(own.id, 30));
		expect(await allowanceOf(giver)).toMatchObject({ granted: 100, spent: 30, remaining: 70 });

		await updateKudosSettings(admin, { ...DEFAULT_RULES, monthlyAllowance: 150 });
		expect(await allowanceOf(giver)).toMatchObject({ granted: 150, spent: 30, remaining: 120 });
		await updateKudosSettings(admin, { ...DEFAULT_RULES, monthlyAllowance: 20 });
		expect(await allowanceOf(giver)).toMatchObject({ granted: 30, spent: 30, remaining: 0 });
		// Someone who has not given this month yet simply starts from the new amount.
		expect(await allowanceOf(member)).toMatchObject({ granted: 20, remaining: 20 });
		await updateKudosSettings(admin, DEFAULT_RULES);
	});

	it('refuses bad numbers next to the field, changing nothing', async () => {
		const bad = [
			[{ monthlyAllowance: -1 }, 'monthlyAllowance', 'Points cannot be below zero.'],
			[{ maxPointsPerKudos: 2.5 }, 'maxPointsPerKudos', 'Whole points only.'],
			[{ crossDepartmentBonus: 1001 }, 'crossDepartmentBonus', 'At most 1,000 points.'],
			[{ monthlyAllowance: Number.NaN }, 'monthlyAllowance', undefined]
		] as const;
		for (const [change, field, message] of bad) {
			const err = await refusal(updateKudosSettings(admin, { ...DEFAULT_RULES, ...change }));
			expect(err.field).toBe(field);
			if (message) expect(err.message).toBe(message);
		}
		expect(await settingsOf()).toMatchObject(DEFAULT_RULES);
	});

	it('refuses a member', async () => {
		const rules = { monthlyAllowance: 9999, maxPointsPerKudos: 9999, crossDepartmentBonus: 99 };
		expect((await refusal(updateKudosSettings(member, rules))).message).toBe(
			'Only admins can change the kudos rules.'
		);
		expect(await settingsOf()).toMatchObject(DEFAULT_RULES);
	});
});
