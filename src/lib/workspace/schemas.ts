// The workspace settings forms (admins, /admin/workspace): shared by the page and the actions.
import { z } from 'zod';
import { signupDomainSchema } from '$lib/org/schemas';
import { parseDay, WEEKDAYS } from './hours';

export const workspaceSchema = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'Give the workspace a name.')
		.max(60, 'Keep the name under 60 characters.'),
	timeZone: z
		.string()
		.trim()
		.min(1, 'Choose a time zone.')
		.max(64, 'Choose a time zone from the list.')
});

const dayLine = (weekday: number) =>
	z
		.string()
		.max(200, 'Keep it to a few spans, like 09:00–12:00, 13:00–17:00.')
		.default('')
		.superRefine((text, ctx) => {
			const parsed = parseDay(weekday, text);
			if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
		});

/** One line per weekday: "09:00–17:00", several spans with commas, empty when closed. */
export const businessHoursSchema = z.object(
	Object.fromEntries(WEEKDAYS.map(({ key, weekday }) => [key, dayLine(weekday)])) as Record<
		(typeof WEEKDAYS)[number]['key'],
		ReturnType<typeof dayLine>
	>
);

export const holidaySchema = z.object({
	day: z.iso.date({ error: 'Choose the date.' }),
	label: z
		.string()
		.trim()
		.min(1, 'Say what the holiday is.')
		.max(80, 'Keep the label under 80 characters.')
});

const cap = (what: string) =>
	z
		.number({ error: `Enter the ${what} in points.` })
		.int('Whole points only.')
		.min(0, 'No negative points.')
		.max(100, 'At most 100 points.');

/** How much a member's bug bash may pay without an admin's approval. */
export const bashCapsSchema = z.object({
	bashPointsCap: cap('most points per bug'),
	bashFirstBonusCap: cap('largest first-find bonus')
});

/** Opening sign-up to a domain; a public mail provider needs the admin to say they mean it. */
export const workspaceDomainSchema = signupDomainSchema.extend({
	acceptPublic: z.boolean().default(false)
});

/** Domains anyone can get an address at: opening sign-up to one opens it to the world. */
export const PUBLIC_EMAIL_DOMAINS = new Set([
	'gmail.com',
	'googlemail.com',
	'outlook.com',
	'hotmail.com',
	'hotmail.co.uk',
	'live.com',
	'msn.com',
	'yahoo.com',
	'yahoo.co.uk',
	'ymail.com',
	'icloud.com',
	'me.com',
	'mac.com',
	'aol.com',
	'proton.me',
	'protonmail.com',
	'pm.me',
	'gmx.com',
	'gmx.de',
	'gmx.net',
	'web.de',
	'mail.com',
	'yandex.com',
	'yandex.ru',
	'zoho.com',
	'fastmail.com',
	'hey.com',
	'qq.com',
	'163.com',
	'126.com',
	'naver.com',
	'mail.ru',
	'tutanota.com',
	'tuta.io'
]);

export function isPublicEmailDomain(domain: string): boolean {
	return PUBLIC_EMAIL_DOMAINS.has(domain.trim().toLowerCase().replace(/^@/, ''));
}
