// SLO clocks against a real database with a controlled "now": triggers fire at the right
// minutes, waiting on support pauses engineering's clock and runs support's, two runners
// fire each trigger once, and alerts reach a real SMTP server and a chat receiver.
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { customerSchema } from '../../src/lib/customers/schemas';
import { policyFormSchema } from '../../src/lib/slo/schemas';
import { saveCustomer } from '../../src/lib/server/customers';
import {
	changeStatus,
	commentOnEscalation,
	openEscalation
} from '../../src/lib/server/escalations';
import { createJobRunner } from '../../src/lib/server/jobs';
import { registerModules } from '../../src/lib/server/modules';
import { notification } from '../../src/lib/server/notifications/schema';
import { person } from '../../src/lib/server/org/schema';
import { outboxMessage } from '../../src/lib/server/outbox/schema';
import {
	escalationIdsBySlo,
	fireDueTriggers,
	savePolicy,
	setSloNow,
	sloOfEscalation,
	tryPolicy
} from '../../src/lib/server/slo';
import { sloClock, sloClockHistory } from '../../src/lib/server/slo/schema';
import { startSloTriggers } from '../../src/lib/server/slo/triggers';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';
import { startSmtp, startWebhooks } from '../helpers/receivers';
import { escalationReport } from '../helpers/reports';

let testDb: TestDatabase;
let agent: number;
let engineer: number;
let admin: number;
let policyId: number;
let hooks: Awaited<ReturnType<typeof startWebhooks>>;
let now = new Date('2026-12-01T10:00:00Z');
const T0 = now.getTime();
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
/** Moves the controlled clock and fires what is due then. */
async function fireAt(minutes: number) {
	now = at(minutes);
	return fireDueTriggers(now);
}

async function clock(escalationId: number, target: string) {
	const rows = await testDb.db
		.select()
		.from(sloClock)
		.where(eq(sloClock.escalationId, escalationId));
	return rows.find((row) => row.target === target)!;
}

async function historyOf(clockId: number) {
	const rows = await testDb.db
		.select()
		.from(sloClockHistory)
		.where(eq(sloClockHistory.clockId, clockId))
		.orderBy(sloClockHistory.id);
	return rows.map((row) => `${row.change}@${(row.at.getTime() - T0) / 60_000}`);
}

beforeAll(async () => {
	registerModules();
	setSloNow(() => now);
	testDb = await createTestDatabase();
	hooks = await startWebhooks();
	const support = await addTeam(testDb, 'Frontline', 'support');
	const platform = await addTeam(testDb, 'Platform', 'engineering');
	const ops = await addTeam(testDb, 'People Ops', 'other');
	agent = await addPerson(testDb, 'Sam Support', support.id);
	engineer = await addPerson(testDb, 'Erin Engineer', platform.id);
	admin = await addPerson(testDb, 'Alex Admin', ops.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
	await saveCustomer(
		agent,
		customerSchema.parse({ name: 'Globex', arr: 500_000, tier: 'enterprise', sentiment: 'at_risk' })
	);
	await saveCustomer(agent, customerSchema.parse({ name: 'Hooli', sentiment: 'positive' }));
	policyId = await savePolicy(
		admin,
		policyFormSchema.parse({
			name: 'At-risk customers',
			sentiments: ['at_risk'],
			firstResponseMinutes: 60,
			updateMinutes: 120,
			supportAnswerMinutes: 30,
			warnAt: '75',
			repeatEveryMinutes: 15,
			repeatTimes: 2,
			notifyAssignee: true,
			escalateUp: 'admins',
			emailAddresses: 'oncall@example.com',
			chatWebhookUrl: `${hooks.base}/services/T1/B1/slo`,
			label: 'slo-breached'
		})
	);
});
afterEach(() => {
	delete process.env.SMTP_URL;
});
afterAll(async () => {
	setSloNow(null);
	await hooks?.close();
	await testDb?.destroy();
});

describe('triggers at the right minutes', () => {
	let escalationId: number;

	it('starts the policy’s clocks when an at-risk customer’s escalation opens, and says why', async () => {
		({ escalationId } = await openEscalation(
			agent,
			escalationReport('Exports time out', { customerName: 'globex' })
		));
		const first = await clock(escalationId, 'first_response');
		expect(first).toMatchObject({ status: 'running', level: 'ok' });
		expect(first.dueAt).toEqual(at(60));
		expect(first.nextFireAt).toEqual(at(45));
		expect(await clock(escalationId, 'support_answer')).toMatchObject({ status: 'paused' });
		const slo = await sloOfEscalation(escalationId);
		expect(slo?.policy).toMatchObject({ name: 'At-risk customers', why: 'sentiment at risk' });
		// Hooli is not at risk: no policy applies, no clocks.
		const other = await openEscalation(agent, escalationReport('Other', { customerName: 'Hooli' }));
		expect((await sloOfEscalation(other.escalationId))?.clocks).toEqual([]);
	});

	it('warns at 75 %, breaches at 100 % and repeats every 15 minutes, twice', async () => {
		expect(await fireAt(44)).toBe(0);
		expect(await fireAt(45)).toBe(1);
		expect((await clock(escalationId, 'first_response')).level).toBe('warned');
		expect(await fireAt(59)).toBe(0);
		expect(await fireAt(60)).toBe(1);
		expect(await escalationIdsBySlo({ standing: 'breached' })).toContain(escalationId);
		expect(await escalationIdsBySlo({ label: 'slo-breached' })).toEqual([escalationId]);
		expect(await fireAt(75)).toBe(1);
		// The second reminder and the update clock's warning (75 % of 120) are both due at 90.
		expect(await fireAt(90)).toBe(2);
		// The update clock's breach (120) and its two reminders (135, 150), caught up at once.
		expect(await fireAt(200)).toBe(3);
		expect(await fireAt(6000)).toBe(0);
		const first = await clock(escalationId, 'first_response');
		expect(await historyOf(first.id)).toEqual([
			'started@0',
			'warned@45',
			'breached@60',
			'repeated@75',
			'repeated@90'
		]);
	});

	it('tells the reporter (no assignee yet) and the admins in the inbox, and labels once', async () => {
		const notices = await testDb.db
			.select({ personId: notification.personId, text: notification.text })
			.from(notification)
			.where(eq(notification.kind, 'slo.alert'));
		const toAgent = notices.filter((n) => n.personId === agent).map((n) => n.text);
		expect(toAgent[0]).toMatch(/^SLO warning on escalation #\d+ \(Globex\): 75% of first response/);
		expect(toAgent).toContain(
			`SLO breached on escalation #${escalationId} (Globex): first response from engineering or product`
		);
		// Admins hear of breaches and reminders, not warnings.
		const toAdmin = notices.filter((n) => n.personId === admin);
		expect(toAdmin.every((n) => !n.text.startsWith('SLO warning'))).toBe(true);
		expect(toAdmin.length).toBeGreaterThan(0);
		expect((await sloOfEscalation(escalationId))?.labels).toEqual(['slo-breached']);
	});
});

describe('waiting on support', () => {
	it('pauses engineering’s clocks and runs support’s, and back', async () => {
		now = at(10_000);
		const { escalationId } = await openEscalation(
			agent,
			escalationReport('Sync stalls', { customerName: 'Globex' })
		);
		now = at(10_010);
		// Asking support is engineering's or an admin's move; an admin outside engineering
		// asks here, so engineering's first response is still owed.
		await changeStatus(admin, escalationId, 'waiting_on_support');
		const paused = await clock(escalationId, 'first_response');
		expect(paused).toMatchObject({
			status: 'paused',
			countedMinutes: 10,
			dueAt: null,
			pausedReason: 'Waiting on support'
		});
		const support = await clock(escalationId, 'support_answer');
		expect(support).toMatchObject({ status: 'running' });
		expect(support.dueAt).toEqual(at(10_040));
		// Nothing of engineering's fires while paused; support's warning and breach do.
		expect(await fireAt(10_100)).toBe(4); // support: warning 22, breach 30, repeats at 45 and 60
		expect((await clock(escalationId, 'first_response')).fired).toBe(0);
		now = at(10_110);
		await changeStatus(agent, escalationId, 'in_progress');
		expect(await clock(escalationId, 'support_answer')).toMatchObject({ status: 'met' });
		const resumed = await clock(escalationId, 'first_response');
		expect(resumed.status).toBe('running');
		// 10 minutes were used before the pause: 50 are left from the resume.
		expect(resumed.dueAt).toEqual(at(10_160));
		// Engineering's first comment meets the first-response clock; its warning never fires.
		now = at(10_120);
		await commentOnEscalation(engineer, escalationId, 'Looking at it now.');
		expect(await clock(escalationId, 'first_response')).toMatchObject({ status: 'met' });
		expect(await fireAt(10_150)).toBe(0);
		const first = await clock(escalationId, 'first_response');
		expect(await historyOf(first.id)).toEqual([
			'started@10000',
			'paused@10010',
			'resumed@10110',
			'met@10120'
		]);
	});
});

describe('exactly once', () => {
	it('two runners and two direct sweeps at once fire each trigger once', async () => {
		await fireAt(20_000); // what earlier tests left due
		const { escalationId } = await openEscalation(
			agent,
			escalationReport('Double fire', { customerName: 'Globex' })
		);
		now = at(20_061);
		await startSloTriggers(10);
		const runners = [createJobRunner({ name: 'a' }), createJobRunner({ name: 'b' })];
		const fired = await Promise.all([
			fireDueTriggers(now),
			fireDueTriggers(now),
			...runners.map((r) => r.runDue())
		]);
		await Promise.all(runners.map((r) => r.runDue()));
		expect(fired[0] + fired[1]).toBeLessThanOrEqual(2);
		const first = await clock(escalationId, 'first_response');
		expect(first.fired).toBe(2);
		expect(await historyOf(first.id)).toEqual(['started@20000', 'warned@20061', 'breached@20061']);
		const chats = await testDb.db
			.select({ key: outboxMessage.key })
			.from(outboxMessage)
			.where(eq(outboxMessage.channel, 'slack'));
		const mine = chats.filter((c) => c.key.startsWith(`slo:${first.id}:`));
		expect(mine).toHaveLength(2);
	});
});

describe('alerts leave the building', () => {
	it('an email reaches a real SMTP server and a chat ping reaches the webhook receiver', async () => {
		const smtp = await startSmtp();
		process.env.SMTP_URL = smtp.url;
		const runner = createJobRunner({ name: 'mail', backoffBaseMs: 100 });
		try {
			await fireAt(30_000);
			const { escalationId } = await openEscalation(
				agent,
				escalationReport('Mail me', { customerName: 'Globex' })
			);
			hooks.hits.length = 0;
			expect(await fireAt(30_045)).toBe(1);
			for (let i = 0; i < 50 && (smtp.received.length === 0 || hooks.hits.length === 0); i++) {
				await runner.runDue();
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			const mail = smtp.received.find((m) => m.subject?.includes(`#${escalationId}`));
			expect(mail?.subject).toMatch(/^SLO warning on escalation #\d+ \(Globex\)/);
			expect(mail?.text).toContain(`/escalations/${escalationId}`);
			const ping = hooks.hits.find((h) => JSON.stringify(h.body).includes(`#${escalationId}`));
			expect(ping?.path).toBe('/services/T1/B1/slo');
			expect(JSON.stringify(ping?.body)).toContain('Mail me');
		} finally {
			await runner.stop();
			await smtp.close();
		}
	});
});

describe('policies', () => {
	it('try it: lists the open escalations a policy would match and when each trigger would fire', async () => {
		now = at(40_000);
		const tried = await tryPolicy(
			policyFormSchema.parse({
				name: 'Trial',
				tiers: ['enterprise'],
				firstResponseMinutes: 30,
				warnAt: '50'
			})
		);
		expect(tried.length).toBeGreaterThan(0);
		const open = tried.find((t) => t.title === 'Mail me')!;
		expect(open.why).toBe('tier Enterprise');
		// Globex is at risk: the saved policy before the draft takes it.
		expect(open.takenBy).toBe('At-risk customers');
		expect(open.clocks).toEqual([]);
		// Put first (editing a policy that sits at the top), the draft applies.
		const first = await tryPolicy(
			policyFormSchema.parse({
				id: policyId,
				name: 'Trial',
				tiers: ['enterprise'],
				firstResponseMinutes: 30,
				warnAt: '50'
			})
		);
		const applied = first.find((t) => t.title === 'Mail me')!;
		expect(applied.takenBy).toBeNull();
		expect(applied.clocks[0].fires.map((f) => f.at)).toEqual([at(40_015), at(40_030)]);
	});

	it('refuses members and hostile input, changing nothing', async () => {
		await refusal(
			savePolicy(agent, policyFormSchema.parse({ name: 'Mine', firstResponseMinutes: 5 }))
		);
		await refusal(savePolicy(admin, policyFormSchema.parse({ name: 'No targets' })));
		for (const hostile of [
			{ name: '' },
			{ name: 'x', firstResponseMinutes: -5 },
			{ name: 'x', firstResponseMinutes: 5, warnAt: '150' },
			{ name: 'x', firstResponseMinutes: 5, chatWebhookUrl: 'file:///etc/passwd' },
			{ name: 'x', firstResponseMinutes: 5, emailAddresses: 'not an address' },
			{ name: 'x', firstResponseMinutes: 5, label: '<script>' }
		]) {
			expect(policyFormSchema.safeParse(hostile).success).toBe(false);
			await refusal(savePolicy(admin, hostile as never));
		}
	});
});
