// SLO clocks re-checked when something outside the escalation changes, against a real
// database with a controlled "now": a customer's edit or CSV import makes a higher policy
// apply (its due time with it), a renewal coming within a policy's window is picked up by
// the renewal re-check, and a change to the working calendar moves the due time of running
// business-hours clocks while calendar-time and paused clocks keep theirs.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSchema } from '../../src/lib/customers/schemas';
import { policyFormSchema, type PolicyForm } from '../../src/lib/slo/schemas';
import { importCustomers, saveCustomer } from '../../src/lib/server/customers';
import { changeStatus, openEscalation } from '../../src/lib/server/escalations';
import { registerModules } from '../../src/lib/server/modules';
import { person } from '../../src/lib/server/org/schema';
import { withEvents } from '../../src/lib/server/realtime';
import {
	movePolicy,
	recheckRenewalsIn,
	savePolicy,
	setPolicyEnabled,
	setSloNow,
	sloOfEscalation
} from '../../src/lib/server/slo';
import { sloClock, sloClockHistory, sloPolicy } from '../../src/lib/server/slo/schema';
import { customer } from '../../src/lib/server/customers/schema';
import {
	addHoliday,
	removeHoliday,
	saveBusinessHours,
	saveWorkspaceSettings
} from '../../src/lib/server/workspace';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';
import { escalationReport } from '../helpers/reports';

let testDb: TestDatabase;
let agent: number;
let admin: number;
// Tuesday 1 December 2026, 10:00 UTC: inside the default business hours (Mon–Fri 9–17).
let now = new Date('2026-12-01T10:00:00Z');
const T0 = now.getTime();
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const DAY = 24 * 60;

async function clocksOf(escalationId: number) {
	return testDb.db
		.select()
		.from(sloClock)
		.where(eq(sloClock.escalationId, escalationId))
		.orderBy(sloClock.id);
}
const clockOf = async (escalationId: number, target: string) =>
	(await clocksOf(escalationId)).find((c) => c.target === target)!;

const policy = (fields: Partial<PolicyForm>) =>
	policyFormSchema.parse({ warnAt: '', notifyAssignee: false, ...fields });

async function openFor(customerName: string, title: string) {
	const { escalationId } = await openEscalation(agent, escalationReport(title, { customerName }));
	return escalationId;
}

/** Turns every other policy off, so each describe block works with its own. */
async function onlyPolicies(...ids: number[]) {
	for (const p of await testDb.db.select({ id: sloPolicy.id }).from(sloPolicy)) {
		await setPolicyEnabled(admin, p.id, ids.includes(p.id));
	}
}

async function customerNamed(name: string) {
	const [row] = await testDb.db.select().from(customer).where(eq(customer.name, name));
	return row;
}

beforeAll(async () => {
	registerModules();
	setSloNow(() => now);
	testDb = await createTestDatabase();
	const support = await addTeam(testDb, 'Frontline', 'support');
	agent = await addPerson(testDb, 'Sam Support', support.id);
	admin = await addPerson(testDb, 'Alex Admin', support.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
}, 300_000);

afterAll(async () => {
	setSloNow(null);
	await testDb?.destroy();
});

describe('customer facts', () => {
	let big: number;
	let everyone: number;

	beforeAll(async () => {
		now = at(0);
		everyone = await savePolicy(admin, policy({ name: 'Everyone', resolutionMinutes: DAY }));
		big = await savePolicy(
			admin,
			policy({ name: 'Big accounts', arrAtLeast: 100_000, resolutionMinutes: 240 })
		);
		await movePolicy(admin, big, 'up');
		await saveCustomer(agent, customerSchema.parse({ name: 'Acme', arr: 5_000 }));
		await saveCustomer(agent, customerSchema.parse({ name: 'Beta', arr: 1_000 }));
	});

	it('an ARR edit makes the higher policy apply at once, and the due time moves', async () => {
		now = at(0);
		const id = await openFor('Acme', 'Reports are blank');
		const before = await clockOf(id, 'resolution');
		expect(before).toMatchObject({ policyId: everyone, targetMinutes: DAY });
		expect(before.dueAt).toEqual(at(DAY));

		now = at(60);
		const acme = await customerNamed('Acme');
		await saveCustomer(agent, customerSchema.parse({ id: acme.id, name: 'Acme', arr: 250_000 }));
		const after = await clockOf(id, 'resolution');
		expect(after).toMatchObject({ id: before.id, policyId: big, targetMinutes: 240 });
		// The hour already counted stays: due 240 minutes after it opened, not after the edit.
		expect(after.dueAt).toEqual(at(240));
		const slo = await sloOfEscalation(id);
		expect(slo?.policy).toMatchObject({ name: 'Big accounts', why: 'ARR at least 100,000' });
		const history = await testDb.db
			.select()
			.from(sloClockHistory)
			.where(eq(sloClockHistory.clockId, before.id));
		expect(history.map((h) => h.change)).toContain('policy');

		// Back below the line: the lower policy again.
		now = at(90);
		await saveCustomer(agent, customerSchema.parse({ id: acme.id, name: 'Acme', arr: 10 }));
		expect((await clockOf(id, 'resolution')).dueAt).toEqual(at(DAY));
	});

	it('a CSV import does the same; a refused file changes no clock', async () => {
		now = at(100);
		const id = await openFor('Beta', 'Invoices doubled');
		expect((await clockOf(id, 'resolution')).dueAt).toEqual(at(100 + DAY));

		now = at(130);
		await refusal(importCustomers(agent, 'name,arr\nBeta,900000\nGamma,lots\n'));
		expect(await clockOf(id, 'resolution')).toMatchObject({ policyId: everyone });

		await importCustomers(agent, 'name,arr,tier\nbeta,900000,enterprise\n');
		const after = await clockOf(id, 'resolution');
		expect(after).toMatchObject({ policyId: big, targetMinutes: 240 });
		expect(after.dueAt).toEqual(at(100 + 240));
	});

	it('leaves finished escalations alone', async () => {
		now = at(200);
		const id = await openFor('Beta', 'Logins fail');
		await changeStatus(admin, id, 'resolved', 'Fixed by a restart.');
		const before = await clocksOf(id);
		const beta = await customerNamed('Beta');
		await saveCustomer(agent, customerSchema.parse({ id: beta.id, name: 'Beta', arr: 5 }));
		expect(await clocksOf(id)).toEqual(before);
	});

	afterAll(async () => onlyPolicies());
});

describe('renewal within N days', () => {
	it('the renewal re-check moves an escalation under the renewal policy when the day comes', async () => {
		now = at(0);
		const fallback = await savePolicy(
			admin,
			policy({ name: 'Fallback', resolutionMinutes: 30 * DAY })
		);
		const renewing = await savePolicy(
			admin,
			policy({ name: 'Renewing soon', renewalWithinDays: 30, resolutionMinutes: 14 * DAY })
		);
		await movePolicy(admin, renewing, 'up');
		await onlyPolicies(fallback, renewing);
		// Renews on 10 January 2027: 40 days away on 1 December.
		await saveCustomer(agent, customerSchema.parse({ name: 'Initech', renewalOn: '2027-01-10' }));
		const id = await openFor('Initech', 'Sync is slow');
		expect(await clockOf(id, 'resolution')).toMatchObject({ policyId: fallback });

		// Nine days on (31 days away) the re-check finds nothing new.
		now = at(9 * DAY);
		await withEvents((tx, record) => recheckRenewalsIn(tx, record, now));
		expect(await clockOf(id, 'resolution')).toMatchObject({ policyId: fallback });

		// Ten days on it is 30 days away: the renewal policy applies, keeping the time counted.
		now = at(10 * DAY + 5);
		const looked = await withEvents((tx, record) => recheckRenewalsIn(tx, record, now));
		expect(looked).toBeGreaterThanOrEqual(1);
		const after = await clockOf(id, 'resolution');
		expect(after).toMatchObject({ policyId: renewing, targetMinutes: 14 * DAY });
		expect(after.dueAt).toEqual(at(14 * DAY));
		expect((await sloOfEscalation(id))?.policy?.why).toBe('renewal within 30 days');
		await onlyPolicies();
	});
});

describe('the working calendar', () => {
	let running: number;
	let paused: number;

	beforeAll(async () => {
		now = at(0);
		const hours = await savePolicy(
			admin,
			policy({
				name: 'Hours',
				firstResponseMinutes: DAY,
				resolutionMinutes: 600,
				resolutionBusinessHours: true
			})
		);
		await onlyPolicies(hours);
		running = await openFor('Hooli', 'Search is down');
		paused = await openFor('Hooli', 'Export is wrong');
		now = at(30);
		await changeStatus(admin, paused, 'waiting_on_support');
	});

	it('counts each target in its own kind of time', async () => {
		// 600 business minutes from Tuesday 10:00: 7 hours on Tuesday, 3 on Wednesday.
		expect((await clockOf(running, 'resolution')).dueAt).toEqual(new Date('2026-12-02T12:00:00Z'));
		expect((await clockOf(running, 'first_response')).dueAt).toEqual(at(DAY));
		expect(await clockOf(running, 'resolution')).toMatchObject({ businessHours: true });
		expect(await clockOf(running, 'first_response')).toMatchObject({ businessHours: false });
	});

	it('a holiday added moves a running business-hours clock, and only that one', async () => {
		now = at(120);
		const pausedBefore = await clockOf(paused, 'resolution');
		expect(pausedBefore).toMatchObject({ status: 'paused', countedMinutes: 30 });
		await addHoliday(admin, '2026-12-02', 'Founders’ day');
		// Two hours counted; eight left: Tuesday 12–17, then Thursday 9–12.
		const moved = await clockOf(running, 'resolution');
		expect(moved).toMatchObject({ status: 'running', countedMinutes: 120 });
		expect(moved.dueAt).toEqual(new Date('2026-12-03T12:00:00Z'));
		expect((await clockOf(running, 'first_response')).dueAt).toEqual(at(DAY));
		expect(await clockOf(paused, 'resolution')).toMatchObject({
			status: 'paused',
			countedMinutes: 30,
			dueAt: null
		});
		const history = await testDb.db
			.select()
			.from(sloClockHistory)
			.where(eq(sloClockHistory.clockId, moved.id));
		expect(history.map((h) => h.change)).toContain('recalendared');
	});

	it('removing it, new hours and a new time zone move it again', async () => {
		now = at(180);
		await removeHoliday(admin, '2026-12-02');
		// Three hours counted; seven left: Tuesday 13–17, Wednesday 9–12.
		expect((await clockOf(running, 'resolution')).dueAt).toEqual(new Date('2026-12-02T12:00:00Z'));

		now = at(240);
		// Open 8–18 from now on: four hours counted, six left, 14:00–18:00 and Wednesday 8–10.
		const week = [1, 2, 3, 4, 5].map((weekday) => ({
			weekday,
			startMinute: 8 * 60,
			endMinute: 18 * 60
		}));
		await saveBusinessHours(admin, week);
		expect((await clockOf(running, 'resolution')).dueAt).toEqual(new Date('2026-12-02T10:00:00Z'));

		now = at(300);
		// 15:00 UTC is 10:00 in New York: five hours counted, five left, done at 15:00 there.
		await saveWorkspaceSettings(admin, { name: 'Tandem', timeZone: 'America/New_York' });
		const zoned = await clockOf(running, 'resolution');
		expect(zoned.countedMinutes).toBe(300);
		expect(zoned.dueAt).toEqual(new Date('2026-12-01T20:00:00Z'));
		expect((await clockOf(running, 'first_response')).dueAt).toEqual(at(DAY));
		expect((await clockOf(paused, 'resolution')).countedMinutes).toBe(30);
	});

	it('a refused calendar change moves nothing', async () => {
		now = at(320);
		const before = await clockOf(running, 'resolution');
		await refusal(addHoliday(agent, '2026-12-01', 'Not an admin'));
		await refusal(addHoliday(admin, '2026-13-45', 'No such day'));
		expect(await clockOf(running, 'resolution')).toEqual(before);
	});
});
