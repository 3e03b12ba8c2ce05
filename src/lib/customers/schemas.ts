// Customers as the browser sees them: sentiments, labels and the form's schema.
import { z } from 'zod';
import { idField } from '$lib/ids';
import { CUSTOMER_TIERS, TIER_LABELS, type CustomerTier } from '$lib/escalations/schemas';

export { CUSTOMER_TIERS, TIER_LABELS, type CustomerTier };

export const SENTIMENTS = ['positive', 'neutral', 'at_risk'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];
export const SENTIMENT_LABELS: Record<Sentiment, string> = {
	positive: 'Positive',
	neutral: 'Neutral',
	at_risk: 'At risk'
};

/** ARR is kept in whole currency units; a billion is past any real customer. */
export const MAX_ARR = 1_000_000_000;

/** A local date typed as YYYY-MM-DD that really exists. */
export const localDate = z
	.string()
	.trim()
	.refine((value) => {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
		const date = new Date(`${value}T00:00:00Z`);
		return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
	}, 'Enter the date as YYYY-MM-DD.');

/** One customer, as the form and each CSV row give it. */
export const customerSchema = z.object({
	id: z.number().int().positive().optional(),
	name: z
		.string()
		.trim()
		.min(1, 'Enter the customer’s name.')
		.max(200, 'Keep the name under 200 characters.'),
	crmUrl: z
		.union([
			z.literal(''),
			z.url({ protocol: /^https?$/, error: 'Enter the full link, starting with https://.' })
		])
		.default(''),
	arr: z
		.number({ error: 'Enter the ARR as a whole number.' })
		.int('Enter the ARR as a whole number.')
		.min(0, 'ARR cannot be negative.')
		.max(MAX_ARR, 'That ARR is larger than any customer’s.')
		.default(0),
	tier: z.enum(CUSTOMER_TIERS, { error: 'Choose one of the tiers.' }).default('pro'),
	renewalOn: z.union([z.literal(''), localDate]).default(''),
	sentiment: z
		.enum(SENTIMENTS, { error: 'Choose positive, neutral or at risk.' })
		.default('neutral'),
	ownerId: idField('Choose a person as the owner.').nullable().default(null)
});
export type CustomerInput = z.output<typeof customerSchema>;

/** The CSV import form: one file. */
export const customerImportSchema = z.object({
	file: z
		.instanceof(File, { message: 'Choose a CSV file.' })
		.refine((file) => file.size > 0, 'The file is empty.')
		.refine((file) => file.size <= 1_000_000, 'Keep the file under 1 MB (about 10,000 customers).')
});

/** The columns of an export, and what an import reads (header names, any order). */
export const CSV_COLUMNS = [
	'name',
	'crm_url',
	'arr',
	'tier',
	'renewal_date',
	'sentiment',
	'owner_email'
] as const;
