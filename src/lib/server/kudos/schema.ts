import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { department, person, team } from '../org/schema';

/** Admin-managed company values a kudos is tied to ("Customer first", "Own it"). */
export const companyValue = pgTable(
	'company_value',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		name: text().notNull(),
		description: text().notNull().default(''),
		active: boolean().notNull().default(true),
		position: integer().notNull().default(0),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('company_value_name_ci').on(sql`lower(${t.name})`),
		check('company_value_name_not_blank', sql`length(trim(${t.name})) > 0`)
	]
);

/** The workspace's kudos rules (one row): allowance, cap per kudos, cross-department bonus. */
export const kudosSettings = pgTable(
	'kudos_settings',
	{
		id: integer().primaryKey().default(1),
		monthlyAllowance: integer().notNull().default(100),
		maxPointsPerKudos: integer().notNull().default(50),
		crossDepartmentBonus: integer().notNull().default(0),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('kudos_settings_single_row', sql`${t.id} = 1`),
		check(
			'kudos_settings_not_negative',
			sql`${t.monthlyAllowance} >= 0 and ${t.maxPointsPerKudos} >= 0 and ${t.crossDepartmentBonus} >= 0`
		)
	]
);

/**
 * Recognition from one person to others. `points` is what each recipient receives, paid
 * from the giver's monthly allowance. Departments are kept as they were when given, so
 * the relationship figures do not change when someone moves team.
 */
export const kudos = pgTable(
	'kudos',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		giverId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		giverDepartmentId: integer().references(() => department.id, { onDelete: 'set null' }),
		giverTeamId: integer().references(() => team.id, { onDelete: 'set null' }),
		/** Given to a whole team: which one (the recipients are its members at the time). */
		teamId: integer().references(() => team.id, { onDelete: 'set null' }),
		clientKey: text().notNull(),
		message: text().notNull(),
		valueId: integer()
			.notNull()
			.references(() => companyValue.id, { onDelete: 'restrict' }),
		points: integer().notNull().default(0),
		/** At least one recipient is in another department than the giver. */
		crossDepartment: boolean().notNull().default(false),
		hiddenAt: timestamp({ withTimezone: true }),
		hiddenById: integer().references(() => person.id, { onDelete: 'set null' }),
		hiddenReason: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('kudos_giver_client_key').on(t.giverId, t.clientKey),
		index('kudos_wall_idx').on(t.createdAt.desc(), t.id.desc()),
		index('kudos_giver_idx').on(t.giverId, t.createdAt),
		index('kudos_value_idx').on(t.valueId, t.createdAt),
		check('kudos_message_length', sql`length(${t.message}) between 1 and 2000`),
		check('kudos_points_not_negative', sql`${t.points} >= 0`),
		check('kudos_hidden_has_reason', sql`(${t.hiddenAt} is null) = (${t.hiddenReason} is null)`)
	]
);

export const kudosRecipient = pgTable(
	'kudos_recipient',
	{
		kudosId: integer()
			.notNull()
			.references(() => kudos.id, { onDelete: 'cascade' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		departmentId: integer().references(() => department.id, { onDelete: 'set null' }),
		teamId: integer().references(() => team.id, { onDelete: 'set null' }),
		crossDepartment: boolean().notNull().default(false)
	},
	(t) => [
		primaryKey({ columns: [t.kudosId, t.personId] }),
		index('kudos_recipient_person_idx').on(t.personId, t.kudosId)
	]
);

/** "+1": someone joins a kudos, optionally adding points of their own to each recipient. */
export const kudosPlusOne = pgTable(
	'kudos_plus_one',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		kudosId: integer()
			.notNull()
			.references(() => kudos.id, { onDelete: 'cascade' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		points: integer().notNull().default(0),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('kudos_plus_one_once').on(t.kudosId, t.personId),
		check('kudos_plus_one_points_not_negative', sql`${t.points} >= 0`)
	]
);

/**
 * A person's giving allowance for one month (`YYYY-MM` in the workspace zone). A new
 * month is a new row, so nothing rolls over; `spent` can never pass `granted`.
 */
export const kudosAllowance = pgTable(
	'kudos_allowance',
	{
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		month: text().notNull(),
		granted: integer().notNull(),
		spent: integer().notNull().default(0),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.personId, t.month] }),
		check('kudos_allowance_within', sql`${t.spent} >= 0 and ${t.spent} <= ${t.granted}`)
	]
);
