import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The one row of organisation-wide settings. */
export const workspace = pgTable(
	'workspace',
	{
		id: integer().primaryKey().default(1),
		name: text().notNull().default('Tandem'),
		/** IANA zone that weeks and months (leaderboards, allowances) are counted in. */
		timeZone: text().notNull().default('UTC'),
		/** True when the demo seed created this workspace; the login page then shows the demo sign-in. */
		isDemo: boolean().notNull().default(false),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('workspace_single_row', sql`${t.id} = 1`)]
);
