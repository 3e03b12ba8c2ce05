// Feature requests as the browser sees them: statuses, labels, sort orders and the forms'
// schemas (the service parses with the same ones).
import { z } from 'zod';
import { CUSTOMER_TIERS } from '$lib/customers/schemas';
import { idField } from '$lib/ids';

export const REQUEST_STATUSES = [
	'new',
	'under_consideration',
	'planned',
	'in_progress',
	'shipped',
	'wont_do'
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
	new: 'New',
	under_consideration: 'Under consideration',
	planned: 'Planned',
	in_progress: 'In progress',
	shipped: 'Shipped',
	wont_do: 'Won’t do'
};

export const SOURCE_KINDS = ['escalation', 'demo_comment', 'ticket', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const SOURCE_LABELS: Record<SourceKind, string> = {
	escalation: 'Escalation',
	demo_comment: 'Demo comment',
	ticket: 'Support ticket',
	other: 'Conversation'
};

/** What the ranked list can be ordered by, each largest first. */
export const REQUEST_SORTS = [
	'arr',
	'renewing',
	'customers',
	'reports',
	'at_risk',
	'newest'
] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];
export const SORT_LABELS: Record<RequestSort, string> = {
	arr: 'ARR',
	renewing: 'ARR renewing in 90 days',
	customers: 'Distinct customers',
	reports: 'Times reported',
	at_risk: 'Customers at risk',
	newest: 'Newest'
};

/** The window "renewing soon" looks ahead. */
export const RENEWAL_WINDOW_DAYS = 90;

const link = z
	.union([
		z.literal(''),
		z.url({ protocol: /^https?$/, error: 'Enter the full link, starting with https://.' })
	])
	.default('');

export const requestSchema = z.object({
	title: z
		.string()
		.trim()
		.min(4, 'Say in a few words what customers ask for.')
		.max(160, 'Keep the title under 160 characters.'),
	problem: z
		.string()
		.trim()
		.min(1, 'Describe the problem customers have.')
		.max(4000, 'Keep the problem under 4,000 characters.'),
	area: z
		.string()
		.trim()
		.min(1, 'Name the product area.')
		.max(60, 'Keep the area under 60 characters.')
});
export type RequestInput = z.output<typeof requestSchema>;

/** What product says back: the status, the public note and the roadmap link. */
export const requestStatusSchema = z.object({
	status: z.enum(REQUEST_STATUSES, { error: 'Choose one of the statuses.' }),
	publicNote: z.string().trim().max(2000, 'Keep the note under 2,000 characters.').default(''),
	roadmapUrl: link
});
export type RequestStatusInput = z.output<typeof requestStatusSchema>;

/** A customer asking for it: an existing customer by name, or a new one made inline. */
export const reportSchema = z
	.object({
		customerName: z
			.string()
			.trim()
			.min(1, 'Name the customer who asked.')
			.max(200, 'Keep the name under 200 characters.'),
		newCustomerTier: z.enum(CUSTOMER_TIERS, { error: 'Choose one of the tiers.' }).default('pro'),
		quote: z.string().trim().max(2000, 'Keep the quote under 2,000 characters.').default(''),
		link,
		sourceKind: z.enum(SOURCE_KINDS, { error: 'Choose where you heard it.' }).default('other'),
		sourceId: idField('Enter the number of the escalation, comment or ticket.')
			.nullable()
			.default(null)
	})
	.refine((r) => r.quote || r.link, {
		message: 'Give the customer’s words or a link to where they said it.',
		path: ['quote']
	})
	.refine((r) => r.sourceKind !== 'escalation' || r.sourceId !== null, {
		message: 'Enter the escalation’s number.',
		path: ['sourceId']
	});
export type ReportInput = z.output<typeof reportSchema>;

export const mergeSchema = z.object({
	intoId: idField('Enter the number of the request to merge into.')
});
