import { sql } from 'drizzle-orm';
import { check, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		// Team names are unique across the organisation, ignoring case, so a name alone
		// identifies a team.
		uniqueIndex('team_name_lower_unique').on(sql`lower(${t.name})`),
		check('team_name_not_blank', sql`length(trim(${t.name})) > 0`)
	]
);
