// Demo integrations: a Zendesk one whose ticket 48213 belongs to the invoice escalation (its
// ticket link ends with that number) and a Jira one with issue ENG-1042 linked by an admin.
// The deliveries go through the real path, signed, and one arrives with a wrong signature.
import { integrationFormSchema } from '$lib/integrations/schemas';
import { listEscalations } from '../escalations';
import { receiveWebhook } from './receive';
import { createIntegration, linkItem } from './service';
import { hmac } from './verify';

const DEMO_ORIGIN = 'http://localhost';

function post(id: number, body: string, headers: Record<string, string>) {
	return receiveWebhook(
		id,
		new Request(`${DEMO_ORIGIN}/api/integrations/${id}/webhook`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body
		})
	);
}

function zendeskEvent(id: string, status: string, priority: string, tags: string[]) {
	return JSON.stringify({
		id,
		type: 'zen:event-type:ticket.status_changed',
		subject: 'zen:ticket:48213',
		time: new Date().toISOString(),
		detail: {
			id: '48213',
			subject: 'Invoices show our old address',
			status,
			priority,
			type: 'INCIDENT',
			tags
		}
	});
}

async function seedZendesk(admin: number) {
	const { id, secret } = await createIntegration(
		admin,
		integrationFormSchema.parse({ source: 'zendesk', name: 'Support desk (Zendesk)' })
	);
	const sign = (body: string, key = secret!) => {
		const timestamp = new Date().toISOString();
		return {
			'x-zendesk-webhook-signature': hmac(key, timestamp, body).toString('base64'),
			'x-zendesk-webhook-signature-timestamp': timestamp
		};
	};
	const first = zendeskEvent('demo-1', 'OPEN', 'HIGH', ['billing', 'enterprise']);
	await post(id, first, sign(first));
	const second = zendeskEvent('demo-2', 'PENDING', 'URGENT', ['billing', 'enterprise', 'audit']);
	await post(id, second, sign(second));
	// Someone replays a delivery with a guessed key: logged as refused, nothing changes.
	const forged = zendeskEvent('demo-3', 'SOLVED', 'LOW', []);
	await post(id, forged, sign(forged, 'not-the-secret-at-all-0000'));
}

async function seedJira(admin: number) {
	const { id, secret } = await createIntegration(
		admin,
		integrationFormSchema.parse({
			source: 'jira',
			name: 'Engineering (Jira)',
			severityField: 'customfield_10042'
		})
	);
	const [escalation] = await listEscalations({ limit: 1 });
	if (escalation) {
		await linkItem(admin, {
			integrationId: id,
			externalKey: 'ENG-1042',
			escalationId: escalation.id
		});
	}
	const body = JSON.stringify({
		timestamp: Date.now(),
		webhookEvent: 'jira:issue_updated',
		issue: {
			id: '21042',
			key: 'ENG-1042',
			self: 'https://example.atlassian.net/rest/api/2/issue/21042',
			fields: {
				summary: 'Checkout total ignores the discount code',
				status: { name: 'In Progress' },
				priority: { name: 'High' },
				issuetype: { name: 'Bug' },
				labels: ['checkout', 'regression'],
				customfield_10042: { value: 'S2' }
			}
		}
	});
	await post(id, body, {
		'x-hub-signature': `sha256=${hmac(secret!, body).toString('hex')}`,
		'x-atlassian-webhook-identifier': 'demo-jira-1'
	});
}

export async function seedDemoIntegrations(people: Map<string, number>): Promise<void> {
	const admin = people.get('Alex Admin');
	if (!admin) return;
	await seedZendesk(admin);
	await seedJira(admin);
}
