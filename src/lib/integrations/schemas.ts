// Inbound integrations as the browser and the server both read them: the sources, the
// facts a linked support ticket or engineering issue carries, and the admin forms.
import { z } from 'zod';
import { idField } from '$lib/ids';

export const INTEGRATION_SOURCES = ['zendesk', 'freshdesk', 'jira', 'asana'] as const;
export type IntegrationSource = (typeof INTEGRATION_SOURCES)[number];
export const SOURCE_LABELS: Record<IntegrationSource, string> = {
	zendesk: 'Zendesk',
	freshdesk: 'Freshdesk',
	jira: 'Jira Cloud',
	asana: 'Asana'
};
/** Support tools send tickets; engineering trackers send issues. */
export const SOURCE_KIND: Record<IntegrationSource, 'ticket' | 'issue'> = {
	zendesk: 'ticket',
	freshdesk: 'ticket',
	jira: 'issue',
	asana: 'issue'
};

/** A support ticket's status, the same words for Zendesk and Freshdesk. */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
	new: 'New',
	open: 'Open',
	pending: 'Pending',
	hold: 'On hold',
	solved: 'Solved',
	closed: 'Closed'
};

/** A support ticket's priority (Freshdesk's Medium is Zendesk's Normal). */
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const TICKET_PRIORITY_LABELS: Record<TicketPriority, string> = {
	low: 'Low',
	normal: 'Normal / medium',
	high: 'High',
	urgent: 'Urgent'
};

/** What a delivery came to: applied, turned away (with why), or already seen. */
export const DELIVERY_OUTCOMES = ['accepted', 'refused', 'duplicate'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** The facts of a linked support ticket that SLO conditions read. */
export interface TicketFacts {
	status: TicketStatus | null;
	priority: TicketPriority | null;
	type: string | null;
	tags: string[];
}

/** The facts of a linked engineering issue that SLO conditions read (lower case). */
export interface IssueFacts {
	status: string | null;
	priority: string | null;
	type: string | null;
	severity: string | null;
	labels: string[];
}

const name = z
	.string()
	.trim()
	.min(1, 'Name the integration.')
	.max(80, 'Keep the name under 80 characters.');
const secret = z
	.string()
	.trim()
	.max(200, 'Keep the secret under 200 characters.')
	.regex(/^[\x21-\x7e]*$/, 'Paste the secret without spaces.')
	.refine((s) => s === '' || s.length >= 16, 'A secret needs at least 16 characters.')
	.default('');
const severityField = z
	.string()
	.trim()
	.max(60, 'Keep the field name under 60 characters.')
	.regex(/^[\w .-]*$/, 'Use the field’s id, like customfield_10042.')
	.default('');

/** A new integration: its source and name, optionally the tool's own signing secret. */
export const integrationFormSchema = z.object({
	source: z.enum(INTEGRATION_SOURCES, { error: 'Choose where the webhooks come from.' }),
	name,
	secret,
	severityField
});
export type IntegrationForm = z.output<typeof integrationFormSchema>;

/** An admin links a ticket or issue to an escalation by its key in the tool. */
export const linkFormSchema = z.object({
	integrationId: idField('Choose the integration.'),
	externalKey: z
		.string()
		.trim()
		.min(1, 'Enter the ticket number or issue key.')
		.max(60, 'Keep the key under 60 characters.')
		.regex(/^[\w-]+$/, 'Enter the key as the tool shows it, like 4312 or ENG-42.'),
	escalationId: idField('Enter the escalation’s number.')
});
export type LinkForm = z.output<typeof linkFormSchema>;
