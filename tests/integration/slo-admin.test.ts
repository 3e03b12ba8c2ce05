// The SLO policies page's actions and load as SvelteKit calls them, against the real
// database: admins only (others get 403 and nothing changes), bad input answered next to
// its field, reordering and turning policies off re-evaluates open escalations' clocks,
// "try before saving" answers without storing anything, and a delete asks first.
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSchema } from '../../src/lib/customers/schemas';
import type { SessionPerson } from '../../src/lib/server/auth';
import { saveCustomer } from '../../src/lib/server/customers';
import { openEscalation } from '../../src/lib/server/escalations';
import { registerModules } from '../../src/lib/server/modules';
import { person } from '../../src/lib/server/org/schema';
import { fireDueTriggers, setSloNow, sloOfEscalation } from '../../src/lib/server/slo';
import { sloClock, sloPolicy } from '../../src/lib/server/slo/schema';
import { actions, load } from '../../src/routes/(app)/admin/slo/+page.server';
import { load as loadList } from '../../src/routes/(app)/escalations/+page.server';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { escalationReport } from '../helpers/reports';

let testDb: TestDatabase;
let admin: SessionPerson;
let agent: SessionPerson;
let engineeringId: number;
let escalationId: number;
let now = new Date('2026-12-01T10:00:00Z');
const T0 = now.getTime();

function sessionOf(id: number, name: string, role: 'admin' | 'member'): SessionPerson {
	return {
		id,
		name,
		email: `${id}@example.com`,
		role,
		teamId: null,
		teamName: null,
		departmentId: null,
		departmentName: null,
		departmentKind: null
	};
}

type Fields = Record<string, string | number | (string | number)[]>;
type ActionName = keyof typeof actions;

/** Posts a plain form (as a browser without JavaScript does) to one of the page's actions. */
async function post(who: SessionPerson, action: ActionName, fields: Fields) {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) {
		for (const one of Array.isArray(value) ? value : [value]) body.append(name, String(one));
	}
	const request = new Request(`http://tandem.test/admin/slo?/${action}`, { method: 'POST', body });
	const event = { locals: { person: who }, url: new URL(request.url), request };
	try {
		return { answer: (await actions[action]!(event as never)) as Record<string, unknown> };
	} catch (thrown) {
		if (isRedirect(thrown)) return { redirect: thrown.location };
		if (isHttpError(thrown)) return { status: thrown.status };
		throw thrown;
	}
}

async function visit(who: SessionPerson, search = '') {
	const event = {
		locals: { person: who },
		url: new URL(`http://tandem.test/admin/slo${search}`),
		depends: () => {}
	};
	try {
		return {
			page: (await load(event as never)) as Exclude<Awaited<ReturnType<typeof load>>, void>
		};
	} catch (thrown) {
		if (isHttpError(thrown)) return { status: thrown.status };
		throw thrown;
	}
}

const policies = () =>
	testDb.db.select().from(sloPolicy).orderBy(asc(sloPolicy.position), asc(sloPolicy.id));
const clocksOf = (id: number) =>
	testDb.db.select().from(sloClock).where(eq(sloClock.escalationId, id));

/** The fields of an at-risk policy, as the page posts them (checkboxes only when ticked). */
const atRisk: Fields = {
	name: 'At-risk customers',
	match: 'all',
	sentiments: 'at_risk',
	firstResponseMinutes: 60,
	warnAt: '50, 75',
	notifyAssignee: 'on',
	chatPing: 'on',
	label: 'slo-breached'
};

beforeAll(async () => {
	registerModules();
	setSloNow(() => now);
	testDb = await createTestDatabase();
	const support = await addTeam(testDb, 'Frontline', 'support');
	const platform = await addTeam(testDb, 'Platform', 'engineering');
	engineeringId = platform.departmentId;
	const agentId = await addPerson(testDb, 'Sam Support', support.id);
	const adminId = await addPerson(testDb, 'Alex Admin', platform.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, adminId));
	admin = sessionOf(adminId, 'Alex Admin', 'admin');
	agent = sessionOf(agentId, 'Sam Support', 'member');
	await saveCustomer(
		agentId,
		customerSchema.parse({ name: 'Globex', arr: 500_000, tier: 'enterprise', sentiment: 'at_risk' })
	);
	({ escalationId } = await openEscalation(
		agentId,
		escalationReport('Exports time out', { customerName: 'Globex' })
	));
});
afterAll(async () => {
	setSloNow(null);
	await testDb?.destroy();
});

describe('who may', () => {
	it('refuses members the page and every action with 403, changing nothing', async () => {
		expect(await visit(agent)).toEqual({ status: 403 });
		expect(await post(agent, 'save', atRisk)).toEqual({ status: 403 });
		expect(await post(agent, 'try', atRisk)).toEqual({ status: 403 });
		expect(await post(agent, 'move', { policyId: 1, direction: 'up' })).toEqual({ status: 403 });
		expect(await post(agent, 'toggle', { policyId: 1, enabled: 'no' })).toEqual({ status: 403 });
		expect(await post(agent, 'delete', { policyId: 1, confirmed: 'yes' })).toEqual({
			status: 403
		});
		expect(await policies()).toEqual([]);
	});
});

describe('saving', () => {
	it('answers bad input next to its field and stores nothing', async () => {
		const cases: [Fields, string][] = [
			[{ ...atRisk, name: '  ' }, 'name'],
			[{ ...atRisk, firstResponseMinutes: 'soon' }, 'firstResponseMinutes'],
			[{ ...atRisk, warnAt: '150' }, 'warnAt'],
			[{ ...atRisk, chatWebhookUrl: 'file:///etc/passwd' }, 'chatWebhookUrl'],
			[{ ...atRisk, emailAddresses: 'not an address' }, 'emailAddresses'],
			[{ ...atRisk, label: '<script>' }, 'label'],
			[{ ...atRisk, firstResponseMinutes: '' }, 'firstResponseMinutes'],
			[{ ...atRisk, departmentIds: 9999 }, 'departmentIds'],
			[{ ...atRisk, emailPeople: 9999 }, 'emailPeople']
		];
		for (const [fields, field] of cases) {
			const { answer } = await post(admin, 'save', fields);
			const form = (answer as { status: number; data: { form: { errors: object } } }).data.form;
			expect((answer as { status: number }).status, field).toBe(400);
			expect(Object.keys(form.errors), field).toContain(field);
		}
		expect(await policies()).toEqual([]);
	});

	it('saves a policy built in the form and starts its clocks on the open escalation', async () => {
		const { redirect } = await post(admin, 'save', {
			...atRisk,
			departmentIds: [],
			emailPeople: [admin.id],
			emailAddresses: 'oncall@example.com, lead@example.com'
		});
		const [saved] = await policies();
		expect(redirect).toBe(`/admin/slo?saved=${saved.id}`);
		expect(saved).toMatchObject({ name: 'At-risk customers', enabled: true });
		expect(saved.conditions).toMatchObject({ match: 'all', sentiments: ['at_risk'] });
		expect(saved.targets).toHaveLength(1);
		expect(saved.targets[0]).toMatchObject({
			kind: 'first_response',
			minutes: 60,
			businessHours: false,
			warnAt: [50, 75],
			warningActions: null,
			actions: {
				emailPeople: [admin.id],
				emailAddresses: ['oncall@example.com', 'lead@example.com'],
				label: 'slo-breached',
				escalateUp: 'off'
			}
		});
		const [clock] = await clocksOf(escalationId);
		expect(clock).toMatchObject({ target: 'first_response', status: 'running' });
		expect(clock.dueAt).toEqual(new Date(now.getTime() + 60 * 60_000));
		const { page } = await visit(admin, `?saved=${saved.id}`);
		expect(page!.form.message).toEqual({ type: 'success', text: 'Saved “At-risk customers”.' });
	});

	it('edits a policy: the form comes filled in, and saving re-evaluates the clocks', async () => {
		const [saved] = await policies();
		const { page } = await visit(admin, `?edit=${saved.id}`);
		expect(page!.form.data).toMatchObject({
			id: saved.id,
			name: 'At-risk customers',
			sentiments: ['at_risk'],
			firstResponseMinutes: 60,
			warnAt: '50, 75',
			emailPeople: [admin.id]
		});
		expect(await visit(admin, '?edit=9999')).toEqual({ status: 404 });
		expect(await visit(admin, '?edit=abc')).toEqual({ status: 404 });
		await post(admin, 'save', { ...atRisk, id: saved.id, firstResponseMinutes: 30 });
		const [clock] = await clocksOf(escalationId);
		expect(clock.dueAt).toEqual(new Date(now.getTime() + 30 * 60_000));
		expect(await post(admin, 'save', { ...atRisk, id: 9999 })).toEqual({ status: 404 });
	});
});

describe('order and switches', () => {
	it('moves a policy up: the escalation changes policy at once', async () => {
		await post(admin, 'save', {
			name: 'Engineering escalations',
			departmentIds: engineeringId,
			tiers: 'enterprise',
			match: 'any',
			updateMinutes: 240
		});
		const [first, second] = await policies();
		expect((await sloOfEscalation(escalationId))?.policy?.name).toBe(first.name);
		const { answer } = await post(admin, 'move', { policyId: second.id, direction: 'up' });
		expect(answer).toMatchObject({ button: { message: { type: 'success' } } });
		expect((await policies()).map((p) => p.id)).toEqual([second.id, first.id]);
		const slo = await sloOfEscalation(escalationId);
		expect(slo?.policy).toMatchObject({ name: 'Engineering escalations', why: 'tier Enterprise' });
		expect((await clocksOf(escalationId)).map((c) => c.target)).toEqual(['update']);
		expect(await post(admin, 'move', { policyId: 9999, direction: 'up' })).toEqual({
			status: 404
		});
		const sideways = await post(admin, 'move', { policyId: second.id, direction: 'sideways' });
		expect(sideways.answer).toMatchObject({ status: 400 });
	});

	it('turns a policy off (the next one takes over) and on again', async () => {
		const [top] = await policies();
		await post(admin, 'toggle', { policyId: top.id, enabled: 'no' });
		expect((await policies())[0].enabled).toBe(false);
		expect((await sloOfEscalation(escalationId))?.policy?.name).toBe('At-risk customers');
		expect((await clocksOf(escalationId)).map((c) => c.target)).toEqual(['first_response']);
		await post(admin, 'toggle', { policyId: top.id, enabled: 'yes' });
		expect((await sloOfEscalation(escalationId))?.policy?.name).toBe('Engineering escalations');
	});
});

describe('try before saving', () => {
	it('answers which open escalations the draft takes and when it fires, storing nothing', async () => {
		const before = { policies: await policies(), clocks: await clocksOf(escalationId) };
		const { answer } = await post(admin, 'try', {
			name: 'Draft',
			sentiments: 'at_risk',
			firstResponseMinutes: 20,
			warnAt: '50'
		});
		// New drafts go last: the two saved policies come first and take Globex.
		const tried = (answer as { tried: { title: string; takenBy: string | null }[] }).tried;
		expect(tried).toEqual([
			expect.objectContaining({ title: 'Exports time out', takenBy: 'Engineering escalations' })
		]);
		// Edited in place at the top, the draft applies; its triggers from now.
		const [top] = await policies();
		const edited = await post(admin, 'try', {
			id: top.id,
			name: 'Draft',
			sentiments: 'at_risk',
			firstResponseMinutes: 20,
			warnAt: '50'
		});
		const [item] = (
			edited.answer as { tried: { takenBy: null; clocks: { fires: { at: Date }[] }[] }[] }
		).tried;
		expect(item.takenBy).toBeNull();
		expect(item.clocks[0].fires.map((f) => f.at)).toEqual([
			new Date(now.getTime() + 10 * 60_000),
			new Date(now.getTime() + 20 * 60_000)
		]);
		const bad = await post(admin, 'try', { name: '', firstResponseMinutes: 20 });
		expect(bad.answer).toMatchObject({ status: 400 });
		expect(await policies()).toEqual(before.policies);
		expect(await clocksOf(escalationId)).toEqual(before.clocks);
	});
});

describe('deleting', () => {
	it('asks first, then deletes and the next policy takes over', async () => {
		const [top] = await policies();
		const asked = await post(admin, 'delete', { policyId: top.id });
		expect(asked.answer).toMatchObject({ button: { confirm: true } });
		expect(await policies()).toHaveLength(2);
		await post(admin, 'delete', { policyId: top.id, confirmed: 'yes' });
		expect((await policies()).map((p) => p.name)).toEqual(['At-risk customers']);
		expect((await sloOfEscalation(escalationId))?.policy?.name).toBe('At-risk customers');
		expect(await post(admin, 'delete', { policyId: top.id, confirmed: 'yes' })).toEqual({
			status: 404
		});
	});
});

describe('the escalation list', () => {
	async function list(search: string) {
		const event = {
			locals: { person: agent },
			url: new URL(`http://tandem.test/escalations${search}`),
			depends: () => {}
		};
		const page = (await loadList(event as never)) as {
			escalations: { id: number }[];
			filters: Record<string, string>;
			standing: Record<number, { labels: string[]; dueAt: Date | null; breached: boolean }>;
		};
		return { ...page, ids: page.escalations.map((e) => e.id) };
	}

	it('filters breached and breaching soon, by label, and sorts by time left', async () => {
		// The at-risk policy (30 minutes to a first response) now applies to the first one.
		now = new Date(T0 + 50 * 60_000);
		const { escalationId: later } = await openEscalation(
			agent.id,
			escalationReport('Invoices vanish', { customerName: 'Globex' })
		);
		now = new Date(T0 + 61 * 60_000);
		expect(await fireDueTriggers(now)).toBeGreaterThan(0);

		expect((await list('?slo=breached')).ids).toEqual([escalationId]);
		expect((await list('?slo=soon')).ids).toEqual([later]);
		expect((await list('?label=slo-breached')).ids).toEqual([escalationId]);
		// Newest first by default; least time left (the overdue one) first when asked.
		expect((await list('')).ids).toEqual([later, escalationId]);
		const sorted = await list('?sort=time_left');
		expect(sorted.ids).toEqual([escalationId, later]);
		expect(sorted.filters).toMatchObject({ sort: 'time_left', slo: '', label: '' });
		expect(sorted.standing[escalationId]).toMatchObject({
			labels: ['slo-breached'],
			breached: true
		});
		expect(sorted.standing[later]).toEqual({
			labels: [],
			breached: false,
			dueAt: new Date(T0 + 80 * 60_000)
		});
		// Unknown values are ignored, not errors.
		const odd = await list('?slo=whenever&label=nope&sort=sideways');
		expect(odd.ids).toEqual([later, escalationId]);
		expect(odd.filters).toMatchObject({ slo: '', label: '', sort: '' });
	});
});
