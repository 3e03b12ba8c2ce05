import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { department, person } from '../org/schema';

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

/** A letter in a cell: a department's part in an activity (a cell may hold A and R). */
export const raciAssignment = pgTable(
	'raci_assignment',
	{
		activityId: integer()
			.notNull()
			.references(() => raciActivity.id, { onDelete: 'cascade' }),
		departmentId: integer()
			.notNull()
			.references(() => department.id, { onDelete: 'cascade' }),
		role: raciRole().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.activityId, t.departmentId, t.role] }),
		index('raci_assignment_department_idx').on(t.departmentId)
	]
);

/** Every edit of a row, with who and when, as the history shows it. */
export const raciChange = pgTable(
	'raci_change',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		activityId: integer()
			.notNull()
			.references(() => raciActivity.id, { onDelete: 'cascade' }),
		actorId: integer().references(() => person.id, { onDelete: 'set null' }),
		/** The row before and after, as a sentence ("Support: R → R, A"). */
		summary: text().notNull(),
		changedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('raci_change_activity_idx').on(t.activityId, t.changedAt)]
);
