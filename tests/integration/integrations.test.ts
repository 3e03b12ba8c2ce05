// Inbound integrations over real HTTP against a real database: each source with a correctly
// signed, a wrongly signed, a replayed or duplicate, a malformed and an oversized delivery;
// the linked ticket's or issue's facts; the escalation's SLO clocks re-evaluated by them;
// and who may manage integrations.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationFormSchema } from '../../src/lib/integrations/schemas';
import { policyFormSchema } from '../../src/lib/slo/schemas';
import { openEscalation } from '../../src/lib/server/escalations';
import {
	createIntegration,
	deleteIntegration,
	linkItem,
	listDeliveries,
	rotateSecret,
	setIntegrationEnabled,
	MAX_BODY_BYTES
} from '../../src/lib/server/integrations';
import { linkedItem } from '../../src/lib/server/integrations/schema';
import { registerModules } from '../../src/lib/server/modules';
import { person } from '../../src/lib/server/org/schema';
import { savePolicy, setSloNow, sloOfEscalation } from '../../src/lib/server/slo';
import { load as loadAdminPage } from '../../src/routes/(app)/admin/integrations/+page.server';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';
import { escalationReport } from '../helpers/reports';
import {
	asanaHeaders,
	jiraHeaders,
	startWebhookEndpoint,
	zendeskHeaders
} from '../helpers/webhooks';

let testDb: TestDatabase;
let endpoint: Awaited<ReturnType<typeof startWebhookEndpoint>>;
let agent: number;
let admin: number;

async function item(integrationId: number, externalKey: string) {
	const rows = await testDb.db
		.select()
		.from(linkedItem)
		.where(eq(linkedItem.integrationId, integrationId));
	return rows.find((row) => row.externalKey === externalKey) ?? null;
}

async function log(integrationId: number) {
	const rows = await listDeliveries({ integrationId, limit: 50, offset: 0 });
	return rows.map((row) => `${row.outcome}: ${row.reason}`);
}

async function clockKinds(escalationId: number) {
	return ((await sloOfEscalation(escalationId))?.clocks ?? []).map((c) => c.target).sort();
}

const form = (values: Record<string, unknown>) => integrationFormSchema.parse(values);

beforeAll(async () => {
	registerModules();
	setSloNow(null);
	testDb = await createTestDatabase();
	endpoint = await startWebhookEndpoint();
	const support = await addTeam(testDb, 'Frontline', 'support');
	const ops = await addTeam(testDb, 'People Ops', 'other');
	agent = await addPerson(testDb, 'Sam Support', support.id);
	admin = await addPerson(testDb, 'Alex Admin', ops.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
	// Policies that only linked tickets and issues can match.
	await savePolicy(
		admin,
		policyFormSchema.parse({
			name: 'Urgent tickets',
			ticketPriorities: ['urgent'],
			firstResponseMinutes: 30
		})
	);
	await savePolicy(
		admin,
		policyFormSchema.parse({
			name: 'S1 bugs',
			match: 'all',
			issueTypes: 'Bug',
			issueSeverities: 'S1',
			updateMinutes: 60
		})
	);
});
afterAll(async () => {
	await endpoint?.close();
	await testDb?.destroy();
});

function zendeskEvent(id: string, detail: Record<string, unknown>) {
	return JSON.stringify({
		id,
		type: 'zen:event-type:ticket.priority_changed',
		subject: `zen:ticket:${detail.id}`,
		time: new Date().toISOString(),
		detail
	});
}

describe('Zendesk', () => {
	let hook: { id: number; secret: string | null };
	let escalationId: number;

	beforeAll(async () => {
		hook = await createIntegration(admin, form({ source: 'zendesk', name: 'Support desk' }));
		({ escalationId } = await openEscalation(
			agent,
			escalationReport('Invoices fail', {
				customerName: 'Initech',
				ticketUrl: 'https://acme.zendesk.com/agent/tickets/4312'
			})
		));
	});

	it('applies a correctly signed ticket event and re-evaluates the escalation’s clocks', async () => {
		expect(await clockKinds(escalationId)).toEqual([]);
		const body = zendeskEvent('evt-1', {
			id: '4312',
			subject: 'Invoice download fails',
			status: 'OPEN',
			priority: 'URGENT',
			type: 'INCIDENT',
			tags: ['billing', 'VIP']
		});
		const answer = await endpoint.post(hook.id, body, zendeskHeaders(hook.secret!, body));
		expect(answer).toMatchObject({ status: 200, outcome: 'accepted' });
		expect(await item(hook.id, '4312')).toMatchObject({
			escalationId,
			kind: 'ticket',
			status: 'open',
			priority: 'urgent',
			type: 'incident',
			tags: ['billing', 'vip']
		});
		// The "Urgent tickets" policy now applies through the linked ticket.
		expect(await clockKinds(escalationId)).toEqual(['first_response']);
		const slo = await sloOfEscalation(escalationId);
		expect(slo?.policy).toMatchObject({ name: 'Urgent tickets', why: 'ticket priority urgent' });
	});

	it('treats the same delivery twice as a duplicate that changes nothing', async () => {
		const body = zendeskEvent('evt-2', { id: '4312', status: 'PENDING', priority: 'LOW' });
		const headers = zendeskHeaders(hook.secret!, body);
		expect(await endpoint.post(hook.id, body, headers)).toMatchObject({ outcome: 'accepted' });
		expect(await item(hook.id, '4312')).toMatchObject({ priority: 'low', status: 'pending' });
		expect(await clockKinds(escalationId)).toEqual([]);
		const again = await endpoint.post(hook.id, body, headers);
		expect(again).toMatchObject({ status: 200, outcome: 'duplicate' });
		expect((await log(hook.id))[0]).toBe('duplicate: Already received: nothing changed.');
	});

	it('refuses a wrong signature, an old timestamp and a missing signature, changing nothing', async () => {
		const body = zendeskEvent('evt-3', { id: '4312', status: 'SOLVED', priority: 'URGENT' });
		const forged = await endpoint.post(hook.id, body, zendeskHeaders('x'.repeat(32), body));
		expect(forged).toMatchObject({ status: 401, outcome: 'refused' });
		expect(forged.message).toBe('The Zendesk signature does not match.');
		const old = new Date(Date.now() - 6 * 60_000);
		const replayed = await endpoint.post(hook.id, body, zendeskHeaders(hook.secret!, body, old));
		expect(replayed).toMatchObject({ status: 401, outcome: 'refused' });
		expect(replayed.message).toContain('5-minute window');
		const unsigned = await endpoint.post(hook.id, body);
		expect(unsigned).toMatchObject({ status: 401, message: 'Unsigned: no Zendesk signature.' });
		// A signature over a changed body does not match either.
		const headers = zendeskHeaders(hook.secret!, body);
		const tampered = await endpoint.post(hook.id, body.replace('SOLVED', 'CLOSED'), headers);
		expect(tampered.status).toBe(401);
		expect(await item(hook.id, '4312')).toMatchObject({ status: 'pending', priority: 'low' });
		expect((await log(hook.id)).slice(0, 4)).toEqual([
			'refused: The Zendesk signature does not match.',
			'refused: Unsigned: no Zendesk signature.',
			'refused: The signature’s timestamp is outside the 5-minute window.',
			'refused: The Zendesk signature does not match.'
		]);
	});

	it('refuses malformed and oversized bodies with a short reason', async () => {
		const broken = '{"type": "zen:event-type:ticket.status_changed", ';
		const malformed = await endpoint.post(hook.id, broken, zendeskHeaders(hook.secret!, broken));
		expect(malformed).toMatchObject({ status: 400, message: 'The body is not JSON.' });
		const noId = zendeskEvent('evt-4', { status: 'OPEN' });
		expect(await endpoint.post(hook.id, noId, zendeskHeaders(hook.secret!, noId))).toMatchObject({
			status: 400,
			message: 'The ticket has no id.'
		});
		const huge = JSON.stringify({ detail: { id: '1' }, pad: 'x'.repeat(MAX_BODY_BYTES) });
		const oversized = await endpoint.post(hook.id, huge, zendeskHeaders(hook.secret!, huge));
		expect(oversized).toMatchObject({ status: 413, outcome: 'refused' });
		expect(oversized.message).toBe('The body is larger than 256 KiB.');
	});

	it('reads a trigger-built body, and a link to the escalation in it maps a new ticket', async () => {
		const other = await openEscalation(agent, escalationReport('Exports are empty'));
		const body = JSON.stringify({
			ticket: {
				id: '5000',
				status: 'open',
				priority: 'urgent',
				ticket_type: 'problem',
				tags: 'exports enterprise',
				description: `Escalated: https://tandem.example.com/escalations/${other.escalationId}`
			}
		});
		expect(await endpoint.post(hook.id, body, zendeskHeaders(hook.secret!, body))).toMatchObject({
			outcome: 'accepted'
		});
		expect(await item(hook.id, '5000')).toMatchObject({
			escalationId: other.escalationId,
			type: 'problem',
			tags: ['exports', 'enterprise']
		});
		expect(await clockKinds(other.escalationId)).toEqual(['first_response']);
	});
});

describe('Freshdesk', () => {
	let hook: { id: number; secret: string | null };
	const template = (status: number, priority: number) =>
		JSON.stringify({
			ticket: { id: '77', status, priority, ticket_type: 'Incident', tags: 'vip' }
		});

	beforeAll(async () => {
		hook = await createIntegration(admin, form({ source: 'freshdesk', name: 'Freshdesk' }));
	});

	it('accepts the secret header or basic auth, and refuses a wrong or missing one', async () => {
		const body = template(2, 4);
		const ok = await endpoint.post(hook.id, body, { 'x-tandem-secret': hook.secret! });
		expect(ok).toMatchObject({ status: 200, outcome: 'accepted' });
		expect(await item(hook.id, '77')).toMatchObject({ status: 'open', priority: 'urgent' });
		const basic = `Basic ${Buffer.from(`freshdesk:${hook.secret}`).toString('base64')}`;
		const viaBasic = template(3, 2);
		expect(await endpoint.post(hook.id, viaBasic, { authorization: basic })).toMatchObject({
			outcome: 'accepted'
		});
		expect(await item(hook.id, '77')).toMatchObject({ status: 'pending', priority: 'normal' });
		const wrong = await endpoint.post(hook.id, template(5, 1), {
			'x-tandem-secret': 'nope'.repeat(5)
		});
		expect(wrong).toMatchObject({ status: 401, message: 'The secret does not match.' });
		expect(await endpoint.post(hook.id, template(5, 1))).toMatchObject({ status: 401 });
		expect(await item(hook.id, '77')).toMatchObject({ status: 'pending', priority: 'normal' });
	});

	it('treats the same body again as a duplicate, but a change back as a change', async () => {
		const same = template(3, 2);
		const again = await endpoint.post(hook.id, same, { 'x-tandem-secret': hook.secret! });
		expect(again).toMatchObject({ outcome: 'duplicate' });
		const back = template(2, 4);
		expect(await endpoint.post(hook.id, back, { 'x-tandem-secret': hook.secret! })).toMatchObject({
			outcome: 'accepted'
		});
		expect(await item(hook.id, '77')).toMatchObject({ status: 'open', priority: 'urgent' });
	});

	it('refuses malformed and oversized bodies', async () => {
		const headers = { 'x-tandem-secret': hook.secret! };
		expect(await endpoint.post(hook.id, '[1,2]', headers)).toMatchObject({
			status: 400,
			message: 'The body is not a JSON object.'
		});
		const huge = 'x'.repeat(MAX_BODY_BYTES + 1);
		expect(await endpoint.post(hook.id, huge, headers)).toMatchObject({ status: 413 });
	});
});

describe('Jira Cloud', () => {
	let hook: { id: number; secret: string | null };
	let escalationId: number;
	const issue = (severity: string, extra: Record<string, unknown> = {}) =>
		JSON.stringify({
			timestamp: Date.now(),
			webhookEvent: 'jira:issue_updated',
			issue: {
				id: '10042',
				key: 'ENG-42',
				self: 'https://acme.atlassian.net/rest/api/2/issue/10042',
				fields: {
					summary: 'Exports time out',
					status: { name: 'In Progress' },
					priority: { name: 'Highest' },
					issuetype: { name: 'Bug' },
					labels: ['exports'],
					customfield_10042: { value: severity },
					...extra
				}
			}
		});

	beforeAll(async () => {
		hook = await createIntegration(
			admin,
			form({ source: 'jira', name: 'Jira', severityField: 'customfield_10042' })
		);
		({ escalationId } = await openEscalation(agent, escalationReport('Exports time out')));
	});

	it('maps an issue linked by an admin, reads the severity field and starts the clocks', async () => {
		const message = await linkItem(admin, {
			integrationId: hook.id,
			externalKey: 'ENG-42',
			escalationId
		});
		expect(message).toBe(`Jira Cloud issue ENG-42 is linked to escalation #${escalationId}.`);
		const body = issue('S1');
		const answer = await endpoint.post(hook.id, body, jiraHeaders(hook.secret!, body, 'd-1'));
		expect(answer).toMatchObject({ status: 200, outcome: 'accepted' });
		expect(await item(hook.id, 'ENG-42')).toMatchObject({
			escalationId,
			kind: 'issue',
			url: 'https://acme.atlassian.net/browse/ENG-42',
			status: 'in progress',
			priority: 'highest',
			type: 'bug',
			severity: 's1',
			tags: ['exports']
		});
		expect(await clockKinds(escalationId)).toEqual(['update']);
	});

	it('dedupes by the webhook identifier, refuses a wrong signature and a malformed issue', async () => {
		const lower = issue('S3');
		const first = await endpoint.post(hook.id, lower, jiraHeaders(hook.secret!, lower, 'd-2'));
		expect(first.outcome).toBe('accepted');
		expect(await clockKinds(escalationId)).toEqual([]);
		// Jira retries with the same identifier: nothing applies twice, even a different body.
		const retry = issue('S1');
		const again = await endpoint.post(hook.id, retry, jiraHeaders(hook.secret!, retry, 'd-2'));
		expect(again.outcome).toBe('duplicate');
		expect((await item(hook.id, 'ENG-42'))?.severity).toBe('s3');
		const forged = await endpoint.post(hook.id, retry, jiraHeaders('y'.repeat(32), retry, 'd-3'));
		expect(forged).toMatchObject({ status: 401, message: 'The Jira signature does not match.' });
		const noFields = JSON.stringify({
			webhookEvent: 'jira:issue_created',
			issue: { key: 'ENG-9' }
		});
		expect(
			await endpoint.post(hook.id, noFields, jiraHeaders(hook.secret!, noFields, 'd-4'))
		).toMatchObject({ status: 400, message: 'No issue in the event.' });
		const huge = JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) });
		expect(
			await endpoint.post(hook.id, huge, jiraHeaders(hook.secret!, huge, 'd-5'))
		).toMatchObject({ status: 413 });
		expect((await item(hook.id, 'ENG-42'))?.severity).toBe('s3');
	});

	it('refuses every delivery once disabled, and forgets the facts once deleted', async () => {
		const body = issue('S1');
		await setIntegrationEnabled(admin, hook.id, false);
		const answer = await endpoint.post(hook.id, body, jiraHeaders(hook.secret!, body, 'd-6'));
		expect(answer).toMatchObject({ status: 403, message: 'The integration is disabled.' });
		await setIntegrationEnabled(admin, hook.id, true);
		expect(
			(await endpoint.post(hook.id, body, jiraHeaders(hook.secret!, body, 'd-7'))).outcome
		).toBe('accepted');
		expect(await clockKinds(escalationId)).toEqual(['update']);
		await deleteIntegration(admin, hook.id);
		expect(await clockKinds(escalationId)).toEqual([]);
		expect((await endpoint.post(hook.id, body, {})).status).toBe(404);
	});
});

describe('Asana', () => {
	let hook: { id: number; secret: string | null };
	const secret = 'asana-handshake-secret-0123456789';
	const events = (completed: boolean) =>
		JSON.stringify({
			events: [
				{
					action: 'changed',
					created_at: new Date().toISOString(),
					resource: { gid: '1200001', resource_type: 'task' },
					change: { field: 'completed', action: 'changed', new_value: completed }
				}
			]
		});

	beforeAll(async () => {
		hook = await createIntegration(admin, form({ source: 'asana', name: 'Asana' }));
		expect(hook.secret).toBeNull();
	});

	it('refuses events before the handshake, then echoes and stores the handshake secret', async () => {
		const early = await endpoint.post(hook.id, events(false), asanaHeaders(secret, events(false)));
		expect(early).toMatchObject({ status: 401, message: 'Waiting for Asana’s handshake.' });
		const shake = await endpoint.post(hook.id, '', { 'x-hook-secret': secret });
		expect(shake.status).toBe(200);
		expect(shake.headers.get('x-hook-secret')).toBe(secret);
		// A second handshake cannot replace the secret.
		const again = await endpoint.post(hook.id, '', { 'x-hook-secret': 'z'.repeat(40) });
		expect(again.status).toBe(401);
	});

	it('applies signed task events once and refuses wrong, malformed and oversized ones', async () => {
		const done = events(true);
		expect(await endpoint.post(hook.id, done, asanaHeaders(secret, done))).toMatchObject({
			outcome: 'accepted'
		});
		expect(await item(hook.id, '1200001')).toMatchObject({ status: 'completed', type: 'task' });
		expect((await endpoint.post(hook.id, done, asanaHeaders(secret, done))).outcome).toBe(
			'duplicate'
		);
		const reopened = events(false);
		const forged = await endpoint.post(hook.id, reopened, asanaHeaders('w'.repeat(32), reopened));
		expect(forged).toMatchObject({ status: 401, message: 'The Asana signature does not match.' });
		const bad = '{"events": 3}';
		expect(await endpoint.post(hook.id, bad, asanaHeaders(secret, bad))).toMatchObject({
			status: 400,
			message: 'No events list.'
		});
		const huge = JSON.stringify({ events: [], pad: 'x'.repeat(MAX_BODY_BYTES) });
		expect((await endpoint.post(hook.id, huge, asanaHeaders(secret, huge))).status).toBe(413);
		expect((await item(hook.id, '1200001'))?.status).toBe('completed');
	});

	it('allows a new handshake after the secret is rotated', async () => {
		expect(await rotateSecret(admin, hook.id)).toBeNull();
		const shake = await endpoint.post(hook.id, '', { 'x-hook-secret': 'n'.repeat(32) });
		expect(shake.status).toBe(200);
	});
});

describe('permissions', () => {
	it('lets only admins create, rotate, link and read integrations', async () => {
		const err = await refusal(createIntegration(agent, form({ source: 'jira', name: 'Mine' })));
		expect(err.message).toBe('Only admins can manage integrations.');
		const { id } = await createIntegration(admin, form({ source: 'jira', name: 'Second' }));
		expect((await refusal(rotateSecret(agent, id))).message).toBe(
			'Only admins can manage integrations.'
		);
		const link = { integrationId: id, externalKey: 'ENG-1', escalationId: 1 };
		expect((await refusal(linkItem(agent, link))).message).toBe(
			'Only admins can link tickets and issues.'
		);
		expect((await refusal(linkItem(admin, { ...link, escalationId: 99_999 }))).field).toBe(
			'escalationId'
		);
		const event = (role: 'admin' | 'member') => ({
			locals: { person: { id: role === 'admin' ? admin : agent, role } },
			depends: () => {},
			url: new URL('http://tandem.test/admin/integrations')
		});
		type Event = Parameters<typeof loadAdminPage>[0];
		await expect(loadAdminPage(event('member') as unknown as Event)).rejects.toMatchObject({
			status: 403
		});
		const page = (await loadAdminPage(event('admin') as unknown as Event)) as {
			integrations: { name: string; secretHint: string }[];
		};
		const second = page.integrations.find((row) => row.name === 'Second');
		expect(second?.secretHint).toMatch(/^….{4}$/);
		expect(JSON.stringify(page)).not.toContain('verifier');
	});
});
