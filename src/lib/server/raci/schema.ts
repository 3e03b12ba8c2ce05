import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	pgEnum,
	pgTable,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { department, person, team } from '../org/schema';

export const raciRole = pgEnum('raci_role', ['R', 'A', 'C', 'I']);

/** One row of the matrix: something the organisation does, named by a stable key. */
export const raciActivity = pgTable(
	'raci_activity',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		/** What code asks about (`release_notes`): never changes once made. */
		key: text().notNull(),
		name: text().notNull(),
		position: integer().notNull().default(0),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('raci_activity_key_unique').on(t.key),
		uniqueIndex('raci_activity_name_unique').on(sql`lower(${t.name})`),
		check('raci_activity_name_not_blank', sql`length(trim(${t.name})) > 0`)
	]
);

/**
 * A team shown as its own column beside the departments (every department is a column
 * without being listed). Removing it takes its letters with it (the cascade below).
 */
export const raciTeamColumn = pgTable('raci_team_column', {
	teamId: integer()
		.primaryKey()
		.references(() => team.id, { onDelete: 'cascade' }),
	addedById: integer().references(() => person.id, { onDelete: 'set null' }),
	addedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/**
 * A letter in a cell: a department's or a team column's part in an activity (a cell may
 * hold A and R). Exactly one of the two is named; a team's letters need its column.
 */
export const raciAssignment = pgTable(
	'raci_assignment',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		activityId: integer()
			.notNull()
			.references(() => raciActivity.id, { onDelete: 'cascade' }),
		departmentId: integer().references(() => department.id, { onDelete: 'cascade' }),
		teamId: integer().references(() => raciTeamColumn.teamId, { onDelete: 'cascade' }),
		role: raciRole().notNull()
	},
	(t) => [
		check('raci_assignment_one_column', sql`(${t.departmentId} is null) <> (${t.teamId} is null)`),
		uniqueIndex('raci_assignment_department_unique')
			.on(t.activityId, t.departmentId, t.role)
			.where(sql`${t.departmentId} is not null`),
		uniqueIndex('raci_assignment_team_unique')
			.on(t.activityId, t.teamId, t.role)
			.where(sql`${t.teamId} is not null`),
		index('raci_assignment_department_idx').on(t.departmentId),
		index('raci_assignment_team_idx').on(t.teamId)
	]
);

/** Every edit of a row or of the columns (no activity), with who and when, as the history shows it. */
export const raciChange = pgTable(
	'raci_change',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		activityId: integer().references(() => raciActivity.id, { onDelete: 'cascade' }),
		actorId: integer().references(() => person.id, { onDelete: 'set null' }),
		/** The row before and after, as a sentence ("Support: R → R, A"). */
		summary: text().notNull(),
		changedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('raci_change_activity_idx').on(t.activityId, t.changedAt)]
);
