import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/lib/server/auth';
import { verifyPassword } from '../../src/lib/server/auth/password';
import {
	createSession,
	generateSessionToken,
	validateSessionToken
} from '../../src/lib/server/auth';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, seedDemoWorkspace } from '../../src/lib/server/seed';
import { department, person, team } from '../../src/lib/server/org/schema';
import { workspace } from '../../src/lib/server/workspace/schema';
import { getWorkspace } from '../../src/lib/server/workspace';
import {
	listDeliveries,
	listIntegrations,
	listLinkedItems
} from '../../src/lib/server/integrations';
import { hackathonReveal } from '../../src/lib/server/hackathons/schema';
import { syncAgenda } from '../../src/lib/server/sync/schema';
import { raciMatrix } from '../../src/lib/server/raci';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let testDb: TestDatabase;
beforeAll(async () => {
	testDb = await createTestDatabase();
	await seedDemoWorkspace();
});
afterAll(async () => {
	await testDb?.destroy();
});

describe('seedDemoWorkspace', () => {
	it('labels the workspace as a demo', async () => {
		const [row] = await testDb.db.select().from(workspace);
		expect(row).toMatchObject({ id: 1, name: 'Tandem demo workspace', isDemo: true });
		expect(await getWorkspace()).toMatchObject({ name: 'Tandem demo workspace', isDemo: true });
	});

	it('gives the past hackathon revealed winners in every prize category', async () => {
		const [reveal] = await testDb.db.select().from(hackathonReveal);
		expect(reveal.steps.map((s) => [s.category, s.project])).toEqual([
			['Faster answers', 'Answer Autopilot'],
			['Fewer escalations', 'Renewal Radar'],
			['Overall', 'Answer Autopilot']
		]);
	});

	it('creates teams in every department', async () => {
		const departments = await testDb.db.select().from(department);
		const teams = await testDb.db.select().from(team);
		expect(departments).toHaveLength(4);
		for (const d of departments) {
			expect(
				teams.filter((t) => t.departmentId === d.id).length,
				`teams in ${d.name}`
			).toBeGreaterThan(0);
		}
		expect(new Set(teams.map((t) => t.name)).size).toBe(teams.length);
	});

	it('creates people with unique lower-case emails, each in a team, one admin', async () => {
		const people = await testDb.db.select().from(person);
		expect(people.length).toBeGreaterThanOrEqual(8);
		expect(new Set(people.map((p) => p.email)).size).toBe(people.length);
		for (const p of people) {
			expect(p.email).toMatch(/^[a-z.]+@demo\.tandem\.test$/);
			expect(p.teamId, p.name).not.toBeNull();
			expect(p.active).toBe(true);
			expect(p.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		}
		const admins = people.filter((p) => p.role === 'admin');
		expect(admins.map((p) => p.email)).toEqual([DEMO_ADMIN_EMAIL]);
		// Accents are dropped from the address, not the name.
		expect(people.find((p) => p.name === 'Tomás García')?.email).toBe(
			'tomas.garcia@demo.tandem.test'
		);
	});

	it('puts people in every department that has a team', async () => {
		const rows = await testDb.db
			.select({ kind: department.kind })
			.from(person)
			.innerJoin(team, eq(team.id, person.teamId))
			.innerJoin(department, eq(department.id, team.departmentId));
		expect(new Set(rows.map((r) => r.kind))).toEqual(
			new Set(['support', 'product', 'engineering', 'other'])
		);
	});

	it('lets the demo admin sign in with the demo password', async () => {
		const id = await authenticate(DEMO_ADMIN_EMAIL, DEMO_PASSWORD, '192.0.2.80');
		const token = generateSessionToken();
		await createSession(token, id);
		const signedIn = await validateSessionToken(token);
		expect(signedIn!.person).toMatchObject({
			email: DEMO_ADMIN_EMAIL,
			role: 'admin',
			name: 'Alex Admin'
		});
		await expect(
			authenticate(DEMO_ADMIN_EMAIL, 'not the demo password', '192.0.2.80')
		).rejects.toThrow('Email or password is incorrect.');
	});

	it('gives every demo member the demo password', async () => {
		const people = await testDb.db.select().from(person);
		for (const p of people) {
			expect(await verifyPassword(p.passwordHash, DEMO_PASSWORD), p.email).toBe(true);
		}
		const member = people.find((p) => p.role === 'member')!;
		expect(await authenticate(member.email, DEMO_PASSWORD, '192.0.2.81')).toBe(member.id);
	});

	it('connects a Zendesk and a Jira integration whose deliveries reached demo escalations', async () => {
		const hooks = await listIntegrations();
		expect(hooks.map((h) => h.source).sort()).toEqual(['jira', 'zendesk']);
		const log = await listDeliveries({ limit: 20, offset: 0 });
		expect(log.filter((d) => d.outcome === 'refused')).toHaveLength(1);
		expect(log.filter((d) => d.outcome === 'accepted').length).toBeGreaterThanOrEqual(3);
		const items = await listLinkedItems();
		expect(items.map((i) => i.externalKey).sort()).toEqual(['48213', 'ENG-1042']);
		for (const item of items) expect(item.escalationId, item.externalKey).not.toBeNull();
		expect(items.find((i) => i.externalKey === '48213')).toMatchObject({
			status: 'pending',
			priority: 'urgent'
		});
	});

	it('starts the RACI matrix with Customer Success as its own column, doing customer updates', async () => {
		const { columns, activities } = await raciMatrix();
		const success = columns.find((c) => c.name === 'Support › Customer Success')!;
		const support = columns.find((c) => c.name === 'Support')!;
		expect(success.kind).toBe('team');
		const updates = activities.find((a) => a.key === 'customer_updates')!;
		expect([updates.cells[support.key], updates.cells[success.key]]).toEqual(['A', 'R']);
		// Every row still has exactly one A and at least one R across all columns.
		for (const activity of activities) {
			const cells = Object.values(activity.cells);
			expect(cells.filter((c) => c.includes('A'))).toHaveLength(1);
			expect(cells.some((c) => c.includes('R'))).toBe(true);
		}
	});

	it('holds last month’s sync meeting in last month and this month’s draft ahead', async () => {
		const agendas = await testDb.db
			.select({
				month: syncAgenda.month,
				status: syncAgenda.status,
				meetingAt: syncAgenda.meetingAt
			})
			.from(syncAgenda)
			.orderBy(syncAgenda.month);
		expect(agendas.map((a) => a.status)).toEqual(['published', 'draft']);
		const [published] = agendas;
		expect(published.meetingAt.getTime()).toBeLessThan(Date.now());
		// The meeting falls in the month the agenda is named for (a day's slack for the zone).
		const monthStart = Date.parse(`${published.month}-01T00:00:00Z`);
		expect(published.meetingAt.getTime()).toBeGreaterThan(monthStart);
		expect(published.meetingAt.getTime()).toBeLessThan(monthStart + 31 * 86_400_000);
	});

	it('refuses to seed twice and leaves the data as it was', async () => {
		const before = {
			people: (await testDb.db.select().from(person)).length,
			teams: (await testDb.db.select().from(team)).length
		};
		await expect(seedDemoWorkspace()).rejects.toThrow();
		expect((await testDb.db.select().from(person)).length).toBe(before.people);
		expect((await testDb.db.select().from(team)).length).toBe(before.teams);
	});
});
