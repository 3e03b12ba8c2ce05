import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	pgEnum,
	pgTable,
	text,
	type AnyPgColumn,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';

/** The four kinds of department; relationship metrics compare them. */
export const departmentKind = pgEnum('department_kind', [
	'support',
	'product',
	'engineering',
	'other'
]);

export const department = pgTable(
	'department',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		name: text().notNull().unique(),
		kind: departmentKind().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('department_name_not_blank', sql`length(trim(${t.name})) > 0`)]
);

export const team = pgTable(
	'team',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		name: text().notNull(),
		departmentId: integer()
			.notNull()
			.references(() => department.id, { onDelete: 'restrict' }),
		/**
		 * The team's lead: an active member of the team (who SLO alerts escalate up to). Moving
		 * them to another team or deactivating them clears it (org/people.ts).
		 */
		leadId: integer().references((): AnyPgColumn => person.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		// Team names are unique across the organisation, ignoring case, so a name alone
		// identifies a team.
		uniqueIndex('team_name_lower_unique').on(sql`lower(${t.name})`),
		check('team_name_not_blank', sql`length(trim(${t.name})) > 0`)
	]
);

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
