import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	pgEnum,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import { team } from './org';

export const personRole = pgEnum('person_role', ['admin', 'member']);

/** Everyone who can sign in. Email is stored lower-cased so it is unique case-insensitively. */
export const person = pgTable(
	'person',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		email: text().notNull().unique(),
		name: text().notNull(),
		passwordHash: text().notNull(),
		role: personRole().notNull().default('member'),
		teamId: integer().references(() => team.id, { onDelete: 'set null' }),
		active: boolean().notNull().default(true),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		deactivatedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		check('person_email_lower', sql`${t.email} = lower(${t.email})`),
		check('person_name_not_blank', sql`length(trim(${t.name})) > 0`),
		index('person_team_idx').on(t.teamId)
	]
);
