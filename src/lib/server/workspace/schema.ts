import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	date,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp
} from 'drizzle-orm/pg-core';

/** One span of opening hours on an ISO weekday (1 = Monday … 7 = Sunday), in local minutes. */
export interface BusinessSpan {
	weekday: number;
	startMinute: number;
	endMinute: number;
}

/** Monday to Friday, 09:00–17:00: what a new workspace starts with. */
export const DEFAULT_BUSINESS_HOURS: BusinessSpan[] = [1, 2, 3, 4, 5].map((weekday) => ({
	weekday,
	startMinute: 9 * 60,
	endMinute: 17 * 60
}));

/** The one row of organisation-wide settings. */
export const workspace = pgTable(
	'workspace',
	{
		id: integer().primaryKey().default(1),
		name: text().notNull().default('Tandem'),
		/** IANA zone that weeks and months (leaderboards, allowances) are counted in. */
		timeZone: text().notNull().default('UTC'),
		/** When an admin last saved the name and zone (the first-run checklist ticks on it). */
		settingsSavedAt: timestamp({ withTimezone: true }),
		/** Opening hours the SLO engine counts business minutes in; a missing weekday is closed. */
		businessHours: jsonb()
			.$type<BusinessSpan[]>()
			.notNull()
			.default(
				sql`'[{"weekday":1,"startMinute":540,"endMinute":1020},{"weekday":2,"startMinute":540,"endMinute":1020},{"weekday":3,"startMinute":540,"endMinute":1020},{"weekday":4,"startMinute":540,"endMinute":1020},{"weekday":5,"startMinute":540,"endMinute":1020}]'::jsonb`
			),
		/** Points a member's bash may pay per bug without an admin's approval. */
		bashPointsCap: integer().notNull().default(10),
		/** First-find bonus a member's bash may pay without an admin's approval. */
		bashFirstBonusCap: integer().notNull().default(5),
		/** An admin put the first-run checklist away. */
		checklistDismissedAt: timestamp({ withTimezone: true }),
		/** True when the demo seed created this workspace; the login page then shows the demo sign-in. */
		isDemo: boolean().notNull().default(false),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('workspace_single_row', sql`${t.id} = 1`),
		check(
			'workspace_bash_caps',
			sql`${t.bashPointsCap} between 0 and 100 and ${t.bashFirstBonusCap} between 0 and 100`
		)
	]
);

/** A day the business is closed (a local date in the workspace's zone), with what it is. */
export const holiday = pgTable(
	'holiday',
	{
		day: date({ mode: 'string' }).primaryKey(),
		label: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('holiday_label_not_blank', sql`length(trim(${t.label})) > 0`)]
);
