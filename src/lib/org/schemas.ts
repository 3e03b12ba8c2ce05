import { z } from 'zod';
import '$lib/validation';
import { idField, MAX_ID } from '$lib/ids';
import { email } from '$lib/auth/schemas';

export const teamSchema = z.object({
	/** Set when renaming or moving a team from its row; absent for a new team. */
	id: idField('That team does not exist.').optional(),
	name: z
		.string()
		.trim()
		.min(1, 'Give the team a name.')
		.max(60, 'Keep the name under 60 characters.'),
	departmentId: idField('Choose a department.'),
	/** The team's lead from its row (0: none); absent: left as it is (a new team has none). */
	leadId: z
		.number({ error: 'Choose the lead from the team’s members.' })
		.int()
		.min(0)
		.max(MAX_ID)
		.optional()
});

export const invitationSchema = z.object({
	email: z.union([z.literal(''), email]).optional(),
	/** The team to join, or 0 to choose later (a plain number, so it posts without JavaScript). */
	teamId: z.number().int().min(0).max(MAX_ID).default(0),
	expiresInDays: z
		.number({ error: 'Enter a number of days.' })
		.int('Enter a whole number of days.')
		.min(1, 'At least 1 day.')
		.max(365, 'At most 365 days.')
		.optional()
});

export const signupDomainSchema = z.object({
	domain: z
		.string()
		.trim()
		.toLowerCase()
		.transform((d) => d.replace(/^@/, ''))
		.pipe(
			z
				.string()
				.min(1, 'Enter a domain, like example.com.')
				.regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'Enter a domain, like example.com.')
		)
});
