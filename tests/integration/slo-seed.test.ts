// The demo workspace's SLOs: two policies, and escalations whose clocks show every state a
// newcomer should see (running, paused and why, met, warned, breached) with the label.
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerModules } from '../../src/lib/server/modules';
import { listTeams } from '../../src/lib/server/org';
import { seedDemoWorkspace } from '../../src/lib/server/seed';
import { sloClock, sloLabel, sloPolicy } from '../../src/lib/server/slo/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let testDb: TestDatabase;
beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	await seedDemoWorkspace();
}, 180_000);
afterAll(async () => {
	await testDb?.destroy();
});

it('seeds two policies and running, paused, met, warned and breached clocks', async () => {
	const policies = await testDb.db.select().from(sloPolicy).orderBy(asc(sloPolicy.position));
	expect(policies.map((p) => p.name)).toEqual([
		'At-risk and enterprise customers',
		'Everyone else, in business hours'
	]);
	const clocks = await testDb.db.select().from(sloClock);
	const states = new Set(clocks.map((c) => c.status));
	for (const status of ['running', 'paused', 'met'] as const) expect(states).toContain(status);
	expect(clocks.some((c) => c.status === 'running' && c.level === 'warned')).toBe(true);
	expect(clocks.some((c) => c.level === 'breached')).toBe(true);
	expect(clocks.some((c) => c.pausedReason === 'Waiting on support')).toBe(true);
	const labels = await testDb.db.select().from(sloLabel);
	expect(labels.map((l) => l.label)).toContain('slo-breached');
});

it('gives some teams a lead, and the first policy escalates up to them', async () => {
	const teams = await listTeams();
	const led = teams.filter((t) => t.leadName).map((t) => `${t.name}: ${t.leadName}`);
	expect(led).toEqual([
		'Frontline Support: Sam Rivera',
		'Platform: Fatima Zahra',
		'Web App: Lukas Becker'
	]);
	expect(teams.some((t) => !t.leadId)).toBe(true);
	const [first, second] = await testDb.db.select().from(sloPolicy).orderBy(asc(sloPolicy.position));
	expect(first.targets.every((t) => t.actions.escalateUp === 'lead')).toBe(true);
	// The second counts business hours in every target, as its name says.
	expect(second.targets.every((t) => t.businessHours)).toBe(true);
});
