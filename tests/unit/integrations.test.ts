// The pure parts of inbound integrations: each source's signature check (real HMAC), the
// body shapes read into ticket and issue facts, and SLO conditions over those facts.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { conditionsSchema, policyFormSchema, policyFromForm } from '../../src/lib/slo/schemas';
import { escalationLinksIn, parseDelivery } from '../../src/lib/server/integrations/parse';
import { verifierFor, verifyDelivery } from '../../src/lib/server/integrations/verify';
import { matchConditions, type MatchFacts } from '../../src/lib/server/slo/rules';

const KEY = 'k'.repeat(32);
const body = Buffer.from('{"a":1}');
const headers = (values: Record<string, string>) => new Headers(values);
const NOW = Date.parse('2026-11-30T12:00:00Z');

describe('verifyDelivery', () => {
	it('checks Zendesk’s base64 signature over timestamp + body, inside 5 minutes', () => {
		const timestamp = '2026-11-30T11:58:00Z';
		const signature = createHmac('sha256', KEY).update(timestamp).update(body).digest('base64');
		const signed = headers({
			'x-zendesk-webhook-signature': signature,
			'x-zendesk-webhook-signature-timestamp': timestamp
		});
		expect(verifyDelivery('zendesk', KEY, signed, body, NOW)).toEqual({
			ok: true,
			deliveryKey: `sig:${signature}`
		});
		expect(verifyDelivery('zendesk', KEY, signed, body, NOW + 4 * 60_000).ok).toBe(false);
		expect(verifyDelivery('zendesk', 'other'.repeat(8), signed, body, NOW).ok).toBe(false);
		expect(verifyDelivery('zendesk', KEY, signed, Buffer.from('{"a":2}'), NOW).ok).toBe(false);
	});

	it('checks Jira’s sha256= hex signature and names the delivery by its identifier', () => {
		const hex = createHmac('sha256', KEY).update(body).digest('hex');
		const signed = headers({
			'x-hub-signature': `sha256=${hex}`,
			'x-atlassian-webhook-identifier': '42'
		});
		expect(verifyDelivery('jira', KEY, signed, body, NOW)).toEqual({
			ok: true,
			deliveryKey: 'jira:42'
		});
		const wrongAlgorithm = headers({ 'x-hub-signature': `sha1=${hex}` });
		expect(verifyDelivery('jira', KEY, wrongAlgorithm, body, NOW).ok).toBe(false);
		expect(
			verifyDelivery('jira', KEY, headers({ 'x-hub-signature': 'sha256=zz' }), body, NOW).ok
		).toBe(false);
	});

	it('checks Asana’s hex signature and Freshdesk’s token against its stored hash', () => {
		const hex = createHmac('sha256', KEY).update(body).digest('hex');
		expect(verifyDelivery('asana', KEY, headers({ 'x-hook-signature': hex }), body, NOW).ok).toBe(
			true
		);
		expect(verifyDelivery('asana', KEY, headers({}), body, NOW).ok).toBe(false);
		const verifier = verifierFor('freshdesk', KEY);
		expect(verifier).not.toContain(KEY);
		expect(
			verifyDelivery('freshdesk', verifier, headers({ 'x-tandem-secret': KEY }), body, NOW).ok
		).toBe(true);
		const basic = `Basic ${Buffer.from(`any:${KEY}`).toString('base64')}`;
		expect(
			verifyDelivery('freshdesk', verifier, headers({ authorization: basic }), body, NOW).ok
		).toBe(true);
		expect(
			verifyDelivery('freshdesk', verifier, headers({ 'x-tandem-secret': 'x' }), body, NOW).ok
		).toBe(false);
	});
});

describe('parseDelivery', () => {
	it('reads Freshdesk’s numbers and names into Tandem’s words', () => {
		const parsed = parseDelivery(
			'freshdesk',
			'{"ticket":{"id":12,"status":4,"priority":"Medium","ticket_type":"Incident","tags":"a, b"}}',
			''
		);
		expect(parsed).toMatchObject({
			ok: true,
			items: [
				{
					externalKey: '12',
					status: 'solved',
					priority: 'normal',
					type: 'incident',
					tags: ['a', 'b']
				}
			]
		});
	});

	it('ignores events that are not about tickets or issues, and refuses keys it cannot use', () => {
		expect(parseDelivery('zendesk', '{"type":"zen:event-type:user.created"}', '')).toMatchObject({
			ok: true,
			items: []
		});
		expect(parseDelivery('jira', '{"webhookEvent":"comment_created"}', '')).toMatchObject({
			items: []
		});
		const badKey = '{"webhookEvent":"jira:issue_created","issue":{"key":"a b","fields":{}}}';
		expect(parseDelivery('jira', badKey, '')).toMatchObject({
			ok: false,
			reason: 'The issue has no key.'
		});
	});

	it('finds links to escalation pages, escaped or not, and strips NUL from text', () => {
		expect(
			escalationLinksIn('see https://t.example/escalations/42 and \\/escalations\\/7x')
		).toEqual([42, 7]);
		const parsed = parseDelivery('zendesk', '{"ticket":{"id":"1","subject":"a\\u0000b"}}', '');
		expect(parsed).toMatchObject({ items: [{ title: 'ab' }] });
	});
});

describe('ticket and issue conditions', () => {
	const facts = (extra: Partial<MatchFacts>): MatchFacts => ({
		severity: 'high',
		customer: null,
		today: '2026-11-30',
		department: null,
		labels: [],
		...extra
	});
	const conditions = (form: Record<string, unknown>) =>
		policyFromForm(policyFormSchema.parse({ name: 'P', firstResponseMinutes: 10, ...form }))
			.conditions;

	it('matches the linked ticket’s priority, tags and status, and says why', () => {
		const c = conditions({ ticketPriorities: ['urgent'], ticketTags: 'VIP, outage', match: 'all' });
		const ticket = {
			status: 'open' as const,
			priority: 'urgent' as const,
			type: null,
			tags: ['vip']
		};
		expect(matchConditions(c, facts({ ticket }))).toEqual({
			matches: true,
			why: 'ticket priority urgent, ticket tagged vip or outage'
		});
		expect(matchConditions(c, facts({ ticket: { ...ticket, tags: [] } })).matches).toBe(false);
		expect(matchConditions(c, facts({ ticket: null })).matches).toBe(false);
	});

	it('matches the linked issue’s type and severity in any case', () => {
		const c = conditions({ issueTypes: 'Bug', issueSeverities: 'S1', match: 'all' });
		const issue = { status: 'open', priority: null, type: 'bug', severity: 's1', labels: [] };
		expect(matchConditions(c, facts({ issue })).matches).toBe(true);
		expect(matchConditions(c, facts({ issue: { ...issue, severity: 's2' } })).matches).toBe(false);
	});

	it('reads policies saved before these conditions existed', () => {
		const old = conditionsSchema.parse({ severities: ['high'] });
		// What a policy saved before holds: the older keys only.
		const stored = Object.fromEntries(
			Object.entries(old).filter(([key]) => !/^(ticket|issue)/.test(key))
		) as typeof old;
		expect(Object.keys(stored)).not.toContain('ticketTags');
		expect(matchConditions(stored, facts({})).matches).toBe(true);
	});

	it('refuses a word list the form cannot read', () => {
		const parsed = policyFormSchema.safeParse({ name: 'P', ticketTags: 'vip; <script>' });
		expect(parsed.success).toBe(false);
	});
});
