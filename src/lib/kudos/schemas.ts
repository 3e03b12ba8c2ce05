import { z } from 'zod';
import '$lib/validation';
import { idField, MAX_ID, postedId } from '$lib/ids';
import { REACTION_KINDS, type ReactionKind } from '$lib/reactions/kinds';

/** The reactions a kudos takes: the platform's set. */
export const EMOJIS = REACTION_KINDS;
export type Emoji = ReactionKind;

const id = z.coerce.number().int().positive().max(MAX_ID);

/** Names or emails typed into Recipients, split on commas, semicolons or new lines. */
export function typedNames(text: string): string[] {
	return [
		...new Set(
			text
				.split(/[,;\n]/)
				.map((name) => name.trim())
				.filter(Boolean)
		)
	];
}

/** The most people one kudos names (a whole team may be more). */
export const MAX_RECIPIENTS = 50;

/**
 * The "Give kudos" form. Recipients are people picked from the list, people typed by name
 * or email (separated by commas; how the form works without JavaScript), and/or one team.
 */
export const kudosSchema = z
	.object({
		/** Generated with the form: a resubmit gives the kudos once. */
		clientKey: z.string().min(8).max(64),
		recipientIds: z
			.array(id)
			.max(MAX_RECIPIENTS, `At most ${MAX_RECIPIENTS} people at once.`)
			.default([]),
		recipientNames: z
			.string()
			.trim()
			.max(2000, 'Keep the names under 2,000 characters.')
			.default(''),
		/** A whole team, or 0 for none (a plain number, so the form posts without JavaScript). */
		teamId: z.coerce.number().int().min(0).max(MAX_ID).default(0),
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
	.refine((k) => k.recipientIds.length > 0 || k.recipientNames !== '' || k.teamId > 0, {
		message: 'Choose who you are recognising.',
		path: ['recipientIds']
	});

/** The largest allowance or cap an admin may set, and the largest company bonus. */
export const MAX_KUDOS_POINTS_SETTING = 100_000;
export const MAX_CROSS_DEPARTMENT_BONUS = 1000;

/** A kudos rule in points: a whole number from 0 (none) up to `max`. */
function pointsSetting(max: number) {
	return z
		.number({ error: 'Enter a whole number of points (0 for none).' })
		.int('Whole points only.')
		.min(0, 'Points cannot be below zero.')
		.max(max, `At most ${max.toLocaleString('en-US')} points.`);
}

/** The workspace's kudos rules, as an admin sets them. */
export const kudosSettingsSchema = z.object({
	monthlyAllowance: pointsSetting(MAX_KUDOS_POINTS_SETTING),
	maxPointsPerKudos: pointsSetting(MAX_KUDOS_POINTS_SETTING),
	crossDepartmentBonus: pointsSetting(MAX_CROSS_DEPARTMENT_BONUS)
});

export type KudosSettingsInput = z.output<typeof kudosSettingsSchema>;

/** A rule's field in the form: emptied, it posts null and is refused, never read as 0. */
function pointsField(max: number) {
	return pointsSetting(max)
		.nullable()
		.refine((v) => v !== null, 'Enter a whole number of points (0 for none).');
}

/** The admin's rules form; once valid, it is a `kudosSettingsSchema` input. */
export const kudosRulesFormSchema = z.object({
	monthlyAllowance: pointsField(MAX_KUDOS_POINTS_SETTING),
	maxPointsPerKudos: pointsField(MAX_KUDOS_POINTS_SETTING),
	crossDepartmentBonus: pointsField(MAX_CROSS_DEPARTMENT_BONUS)
});

export type KudosRulesForm = z.output<typeof kudosRulesFormSchema>;

/** A company value as an admin adds it. */
export const companyValueSchema = z.object({
	name: z
		.string()
		.trim()
		.min(2, 'Name the value (at least 2 characters).')
		.max(60, 'Keep the name under 60 characters.'),
	description: z.string().trim().max(300, 'Keep the description under 300 characters.').default('')
});

export type CompanyValueInput = z.input<typeof companyValueSchema>;

/** A value renamed or redescribed from its row in the list. */
export const valueRowSchema = companyValueSchema.extend({
	valueId: idField('That value does not exist.')
});

const kudosId = postedId('Choose a kudos.');

/** A reaction button on a card: which kudos, which emoji. */
export const reactionSchema = z.object({
	kudosId,
	emoji: z.enum(EMOJIS, { error: 'Choose one of the reactions.' })
});

/** "+1" on a card, with points from your own allowance (none is fine). */
export const plusOneSchema = z.object({
	kudosId,
	points: z.coerce
		.number({ error: 'Points are a whole number.' })
		.int('Points are a whole number.')
		.min(0, 'Points cannot be negative.')
		.max(MAX_KUDOS_POINTS_SETTING, 'That is more points than anyone can give.')
		.default(0)
});

/** An admin hides a kudos from the wall, saying why. */
export const hideKudosSchema = z.object({
	kudosId,
	reason: z
		.string()
		.trim()
		.min(1, 'Say why it is hidden.')
		.max(300, 'Keep the reason under 300 characters.')
});
