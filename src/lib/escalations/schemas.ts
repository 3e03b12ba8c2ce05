import { z } from 'zod';
import '$lib/validation';
import { idField } from '$lib/ids';
import { reportFields } from '$lib/report';

export const ESCALATION_STATUSES = [
	'open',
	'in_progress',
	'waiting_on_support',
	'resolved',
	'closed'
] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

export const CUSTOMER_TIERS = ['free', 'pro', 'business', 'enterprise'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/** How a status reads in a sentence ("Escalation #12 is now in progress"). */
export const STATUS_LABELS: Record<EscalationStatus, string> = {
	open: 'open',
	in_progress: 'in progress',
	waiting_on_support: 'waiting on support',
	resolved: 'resolved',
	closed: 'closed'
};

export const TIER_LABELS: Record<CustomerTier, string> = {
	free: 'Free',
	pro: 'Pro',
	business: 'Business',
	enterprise: 'Enterprise'
};

/** An optional link: the form sends '' for an empty field, which means "none". */
function optionalLink(what: string) {
	return z
		.union([
			z.literal(''),
			z.url({ protocol: /^https?$/, error: `Enter the full ${what}, starting with https://.` })
		])
		.optional();
}

/** The standard format support hands to engineering. */
export const escalationSchema = z.object({
	/** Generated with the form: a resubmit of the same form opens the escalation once. */
	clientKey: z.string().min(8).max(64),
	...reportFields('the problem', 'the customer'),
	description: z
		.string()
		.trim()
		.max(10_000, 'Keep the description under 10,000 characters.')
		.default(''),
	customerName: z
		.string()
		.trim()
		.max(200, 'Keep the customer name under 200 characters.')
		.optional(),
	customerTier: z.enum(CUSTOMER_TIERS, { error: 'Choose one of the customer tiers.' }).optional(),
	customerUrl: optionalLink('link to the customer'),
	ticketUrl: optionalLink('link to the support ticket'),
	engineeringIssueUrl: optionalLink('link to the engineering issue')
});

/** The new-escalation form: the escalation plus its screenshots and logs. */
export const escalationFormSchema = escalationSchema.extend({
	attachments: z.array(z.instanceof(File)).default([])
});

/** A comment on an escalation: the comments platform's form. */
export { commentSchema as escalationCommentSchema } from '$lib/comments/schemas';

export const escalationStatusSchema = z.object({
	status: z.enum(ESCALATION_STATUSES, { error: 'Choose a status.' }),
	/** Required to resolve or close (the service says so next to this field). */
	note: z.string().trim().max(2000, 'Keep the resolution note under 2,000 characters.').default('')
});

/** null takes the escalation off everyone's plate. */
export const escalationAssigneeSchema = z.object({
	assigneeId: idField('Choose a person.').nullable()
});
