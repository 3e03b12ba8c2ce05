// SLO clocks through policy changes, against a real database with a controlled "now": an
// edit keeps what a clock counted and the triggers it reached (never restarts it from
// now), and a label an action adds makes a policy with a label condition take over.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSchema } from '../../src/lib/customers/schemas';
import { policyFormSchema, type PolicyForm } from '../../src/lib/slo/schemas';
import { saveCustomer } from '../../src/lib/server/customers';
import { openEscalation } from '../../src/lib/server/escalations';
import { registerModules } from '../../src/lib/server/modules';
import { person } from '../../src/lib/server/org/schema';
import {
	fireDueTriggers,
	movePolicy,
	savePolicy,
	setSloNow,
	sloOfEscalation
} from '../../src/lib/server/slo';
import { sloClock, sloClockHistory } from '../../src/lib/server/slo/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { escalationReport } from '../helpers/reports';

let testDb: TestDatabase;
let agent: number;
let admin: number;
let policyId: number;
let now = new Date('2026-12-01T10:00:00Z');
const T0 = now.getTime();
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
async function fireAt(minutes: number) {
	now = at(minutes);
	return fireDueTriggers(now);
}

async function firstResponseClock(escalationId: number) {
	const [row] = await testDb.db
		.select()
		.from(sloClock)
		.where(eq(sloClock.escalationId, escalationId));
	return row;
}

async function historyOf(clockId: number) {
	const rows = await testDb.db
		.select()
		.from(sloClockHistory)
		.where(eq(sloClockHistory.clockId, clockId))
		.orderBy(sloClockHistory.id);
	return rows.map((row) => `${row.change}@${(row.at.getTime() - T0) / 60_000}`);
}

const atRisk = (fields: Partial<PolicyForm> = {}) =>
	policyFormSchema.parse({
		name: 'At-risk customers',
		sentiments: ['at_risk'],
		firstResponseMinutes: 60,
		warnAt: '75',
		notifyAssignee: true,
		...fields
	});

beforeAll(async () => {
	registerModules();
	setSloNow(() => now);
	testDb = await createTestDatabase();
	const support = await addTeam(testDb, 'Frontline', 'support');
	agent = await addPerson(testDb, 'Sam Support', support.id);
	admin = await addPerson(testDb, 'Alex Admin', support.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
	await saveCustomer(agent, customerSchema.parse({ name: 'Globex', sentiment: 'at_risk' }));
	policyId = await savePolicy(admin, atRisk());
}, 300_000);

afterAll(async () => {
	setSloNow(null);
	await testDb?.destroy();
});

describe('a policy edit', () => {
	it('keeps the time counted and the warning fired; a shorter target breaches at once', async () => {
		now = at(0);
		const { escalationId } = await openEscalation(
			agent,
			escalationReport('Exports time out', { customerName: 'Globex' })
		);
		expect(await fireAt(45)).toBe(1);
		const warned = await firstResponseClock(escalationId);
		expect(warned.level).toBe('warned');

		// At minute 50 the target shrinks to 40 minutes: already past, so it breaches now.
		now = at(50);
		await savePolicy(admin, atRisk({ id: policyId, firstResponseMinutes: 40 }));
		const edited = await firstResponseClock(escalationId);
		expect(edited).toMatchObject({ id: warned.id, level: 'warned', targetMinutes: 40 });
		expect(edited.cycleStart).toEqual(at(0));
		expect(edited.dueAt).toEqual(at(40));
		expect(await fireAt(50)).toBe(1);
		expect((await firstResponseClock(escalationId)).level).toBe('breached');

		// Back to 60 minutes: still breached, and the breach does not fire again.
		now = at(55);
		await savePolicy(admin, atRisk({ id: policyId, firstResponseMinutes: 60 }));
		const back = await firstResponseClock(escalationId);
		expect(back).toMatchObject({ level: 'breached', status: 'running', nextFireAt: null });
		expect(back.dueAt).toEqual(at(60));
		expect(await fireAt(61)).toBe(0);
		expect(await historyOf(warned.id)).toEqual(['started@0', 'warned@45', 'breached@50']);
	});
});

describe('the label action', () => {
	it('re-evaluates: a policy on the label takes the clock over, keeping what fired', async () => {
		now = at(100);
		await savePolicy(admin, atRisk({ id: policyId, label: 'needs-lead' }));
		const followUp = await savePolicy(
			admin,
			policyFormSchema.parse({
				name: 'Lead follows up',
				labels: 'needs-lead',
				firstResponseMinutes: 90,
				warnAt: '75',
				repeatEveryMinutes: 15,
				repeatTimes: 1,
				notifyAssignee: true
			})
		);
		await movePolicy(admin, followUp, 'up');
		const { escalationId } = await openEscalation(
			agent,
			escalationReport('Invoices missing', { customerName: 'Globex' })
		);
		expect((await sloOfEscalation(escalationId))?.policy?.name).toBe('At-risk customers');
		// Minute 145: the warning; 160: the breach adds the label, and the follow-up applies.
		expect(await fireAt(145)).toBe(1);
		expect(await fireAt(160)).toBe(1);
		const slo = await sloOfEscalation(escalationId);
		expect(slo?.labels).toEqual(['needs-lead']);
		expect(slo?.policy).toMatchObject({ name: 'Lead follows up', why: 'labelled needs-lead' });
		const carried = await firstResponseClock(escalationId);
		expect(carried).toMatchObject({ policyId: followUp, level: 'breached', targetMinutes: 90 });
		expect(carried.cycleStart).toEqual(at(100));
		// Its warning (67) and breach (90) count as fired; its reminder is due at 100 + 105.
		expect(carried.nextFireAt).toEqual(at(205));
		expect(await fireAt(204)).toBe(0);
		expect(await fireAt(205)).toBe(1);
		expect(await historyOf(carried.id)).toEqual([
			'started@100',
			'warned@145',
			'breached@160',
			'policy@160',
			'repeated@205'
		]);
	});
});
