// Signed webhook deliveries (npm run bench): 200 Jira deliveries a second for ~10 s
// (BENCH_WEBHOOK_RATE / BENCH_WEBHOOK_SECONDS), over real HTTP into the route's handler,
// against 20 escalations with an SLO policy on the linked issue's severity. Reports the
// verify + apply time per delivery (p50/p95/p99) and how late the open loop started them,
// and checks every delivery was accepted once. Issue target: report p99.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { integrationFormSchema } from '../../src/lib/integrations/schemas';
import { policyFormSchema } from '../../src/lib/slo/schemas';
import { rowsOf } from '../../src/lib/server/db/client';
import { openEscalation } from '../../src/lib/server/escalations';
import { createIntegration, linkItem } from '../../src/lib/server/integrations';
import { registerModules } from '../../src/lib/server/modules';
import { person } from '../../src/lib/server/org/schema';
import { savePolicy } from '../../src/lib/server/slo';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { escalationReport } from '../helpers/reports';
import { jiraHeaders, startWebhookEndpoint } from '../helpers/webhooks';
import { figureOf, onSchedule, printTable } from './measure';

const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 10);
const ISSUES = 20;
/** Deliveries in flight at once: a tool waits for answers too, and the run stays bounded. */
const IN_FLIGHT = Number(process.env.BENCH_WEBHOOK_IN_FLIGHT ?? 32);
let testDb: TestDatabase;
let endpoint: Awaited<ReturnType<typeof startWebhookEndpoint>>;
let hook: { id: number; secret: string | null };

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	endpoint = await startWebhookEndpoint();
	const ops = await addTeam(testDb, 'Ops', 'other');
	const admin = await addPerson(testDb, 'Bench Admin', ops.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
	await savePolicy(
		admin,
		policyFormSchema.parse({ name: 'S1', issueSeverities: 's1', updateMinutes: 60 })
	);
	hook = await createIntegration(
		admin,
		integrationFormSchema.parse({ source: 'jira', name: 'Bench', severityField: 'customfield_1' })
	);
	for (let i = 0; i < ISSUES; i++) {
		const { escalationId } = await openEscalation(admin, escalationReport(`Bench ${i}`));
		await linkItem(admin, { integrationId: hook.id, externalKey: `B-${i}`, escalationId });
	}
}, 120_000);

afterAll(async () => {
	await endpoint?.close();
	await testDb?.destroy();
});

test(`${RATE} signed deliveries a second for ${SECONDS} s: verify + apply`, async () => {
	const total = RATE * SECONDS;
	const times: number[] = [];
	const outcomes = new Map<string, number>();
	const started = performance.now();
	let running = 0;
	const waiting: (() => void)[] = [];
	const slot = async () => {
		if (running >= IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
		running++;
	};
	const release = () => {
		running--;
		waiting.shift()?.();
	};
	const { lags } = await onSchedule(total, RATE, async (i) => {
		const body = JSON.stringify({
			timestamp: Date.now(),
			webhookEvent: 'jira:issue_updated',
			issue: {
				key: `B-${i % ISSUES}`,
				fields: {
					summary: 'Bench issue',
					status: { name: 'In Progress' },
					issuetype: { name: 'Bug' },
					// Alternating severity moves the facts, so each delivery re-evaluates clocks.
					customfield_1: { value: i % 2 ? 'S1' : 'S2' }
				}
			}
		});
		await slot();
		const t0 = performance.now();
		const answer = await endpoint
			.post(hook.id, body, jiraHeaders(hook.secret!, body, `b-${i}`))
			.finally(release);
		times.push(performance.now() - t0);
		const key = answer.outcome ?? String(answer.status);
		outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
	});
	const figure = figureOf('verify + apply (HTTP round trip)', times, performance.now() - started);
	printTable(`Webhooks: ${total} signed Jira deliveries at ${RATE}/s`, [
		figure,
		figureOf('start lateness (open loop)', lags, performance.now() - started)
	]);
	console.log('outcomes', Object.fromEntries(outcomes));
	const [{ n }] = await rowsOf<{ n: number }>(
		testDb.db,
		sql`select count(*)::int as n from integration_delivery where outcome = 'accepted'`
	);
	expect(outcomes.get('accepted')).toBe(total);
	expect(Number(n)).toBe(total);
}, 300_000);
