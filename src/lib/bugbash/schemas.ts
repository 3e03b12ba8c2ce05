import { z } from 'zod';
import '$lib/validation';
import { escalationSchema } from '$lib/escalations/schemas';
import { postedId } from '$lib/ids';
import { reportFields, SEVERITIES } from '$lib/report';

export { SEVERITIES, type Severity } from '$lib/report';

const points = z
	.number()
	.int('Whole points only.')
	.min(0, 'No negative points.')
	.max(100, 'At most 100 points.');

/** A bash is an event, not a season: long ones would make countdowns and charts useless. */
export const MAX_BASH_DAYS = 14;

export const bashSchema = z
	.object({
		title: z.string().trim().min(3, 'Give the bash a title.').max(120),
		feature: z.string().trim().min(1, 'Say which feature or release is under test.').max(120),
		charter: z.string().trim().max(4000).default(''),
		areas: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
		environmentUrl: z
			.union([
				z.literal(''),
				z.url({
					protocol: /^https?$/,
					error: 'Enter a full URL, like https://staging.example.com.'
				})
			])
			.default(''),
		startsAt: z.date({ error: 'Choose when the bash starts.' }),
		endsAt: z.date({ error: 'Choose when the bash ends.' }),
		scoring: z
			.object({
				critical: points.default(10),
				high: points.default(5),
				medium: points.default(3),
				low: points.default(1),
				duplicate: points.default(1),
				firstBonus: points.default(2)
			})
			.default({ critical: 10, high: 5, medium: 3, low: 1, duplicate: 1, firstBonus: 2 })
	})
	.refine((b) => b.endsAt > b.startsAt, {
		message: 'The bash must end after it starts.',
		path: ['endsAt']
	})
	.refine((b) => b.endsAt.getTime() - b.startsAt.getTime() <= MAX_BASH_DAYS * 86_400_000, {
		message: `A bash lasts at most ${MAX_BASH_DAYS} days.`,
		path: ['endsAt']
	});

export const bugSchema = z.object({
	/** Generated with the form: a resubmit of the same form logs the bug once. */
	clientKey: z.string().min(8).max(64),
	...reportFields('the bug', 'you'),
	area: z.string().trim().min(1, 'Choose the area.').max(60)
});

/** A comment on a bug: the comments platform's form. */
export { commentSchema } from '$lib/comments/schemas';

/** An organiser's triage form: which decision, with what it needs. */
export const triageSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('accepted'), severity: z.enum(SEVERITIES).optional() }),
	z.object({
		kind: z.literal('duplicate'),
		duplicateOfId: postedId('Choose the original bug.')
	}),
	z.object({
		kind: z.literal('not_a_bug'),
		reason: z.string().trim().min(3, 'Say why this is not a bug.').max(1000)
	})
]);

/** An organiser's "Escalate to engineering" form on an accepted bug. */
export const escalateBugSchema = escalationSchema.pick({
	clientKey: true,
	customerName: true,
	customerTier: true,
	customerUrl: true
});

const whenField = (message: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, message);

/**
 * The "New bug bash" form as typed: times are wall-clock values in the workspace zone and
 * areas one per line; the action turns it into `bashSchema`'s shape.
 */
export const bashFormSchema = z.object({
	title: z.string().trim().min(3, 'Give the bash a title.').max(120),
	feature: z.string().trim().min(1, 'Say which feature or release is under test.').max(120),
	charter: z.string().trim().max(4000).default(''),
	areas: z
		.string()
		.max(2000)
		.default('')
		.refine((text) => splitAreas(text).length <= 30, 'List at most 30 areas.'),
	environmentUrl: z
		.union([
			z.literal(''),
			z.url({
				protocol: /^https?$/,
				error: 'Enter a full URL, like https://staging.example.com.'
			})
		])
		.default(''),
	startsAt: whenField('Choose when the bash starts.'),
	endsAt: whenField('Choose when the bash ends.'),
	critical: points.default(10),
	high: points.default(5),
	medium: points.default(3),
	low: points.default(1),
	duplicate: points.default(1),
	firstBonus: points.default(2)
});

/** "Checkout\nPayments, Search" → ["Checkout", "Payments", "Search"], without repeats. */
export function splitAreas(text: string): string[] {
	const areas = text
		.split(/[\n,]/)
		.map((a) => a.trim().slice(0, 60))
		.filter(Boolean);
	return [...new Set(areas)];
}

/** The "Log a bug" form: the standard format plus screenshots and logs. */
export const bugFormSchema = bugSchema.extend({
	attachments: z.array(z.instanceof(File)).default([])
});

/** The reporter's corrections to their bug before triage: the report, files to add or drop. */
export const bugEditSchema = bugSchema.omit({ clientKey: true }).extend({
	removeAttachments: z.array(z.number().int().positive().max(2_147_483_647)).max(50).default([])
});
export type BugEdit = z.output<typeof bugEditSchema>;
export const bugEditFormSchema = bugEditSchema.extend({
	attachments: z.array(z.instanceof(File)).default([])
});
