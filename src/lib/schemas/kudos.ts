import { z } from 'zod';

export const EMOJIS = ['heart', 'clap', 'tada', 'rocket', 'star'] as const;
export type Emoji = (typeof EMOJIS)[number];

const id = z.coerce.number().int().positive();

/** The "Give kudos" form. Recipients are people and/or one whole team. */
export const kudosSchema = z
	.object({
		/** Generated with the form: a resubmit gives the kudos once. */
		clientKey: z.string().min(8).max(64),
		recipientIds: z.array(id).max(50, 'At most 50 people at once.').default([]),
		teamId: z.union([z.literal(''), id]).default(''),
		message: z
			.string()
			.trim()
			.min(1, 'Say what they did.')
			.max(2000, 'Keep it under 2,000 characters.'),
		valueId: id.refine((v) => v > 0, 'Choose a value.'),
		points: z.coerce
			.number({ error: 'Points are a whole number.' })
			.int('Points are a whole number.')
			.min(0, 'Points cannot be negative.')
			.default(0)
	})
	.refine((k) => k.recipientIds.length > 0 || k.teamId !== '', {
		message: 'Choose who you are recognising.',
		path: ['recipientIds']
	});

export const kudosSettingsSchema = z.object({
	monthlyAllowance: z.coerce.number().int().min(0).max(100_000),
	maxPointsPerKudos: z.coerce.number().int().min(0).max(100_000),
	crossDepartmentBonus: z.coerce.number().int().min(0).max(1000)
});

export const companyValueSchema = z.object({
	name: z.string().trim().min(2, 'Name the value.').max(60),
	description: z.string().trim().max(300).default('')
});
