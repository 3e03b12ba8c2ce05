import {
	boolean,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	date
} from 'drizzle-orm/pg-core';

export const insightPeriodKind = pgEnum('insight_period_kind', ['month', 'week']);
export const insightLevel = pgEnum('insight_level', ['org', 'department', 'team', 'person']);

/**
 * A period whose rollups exist: when they were built and whether they are frozen (a period
 * that had already ended when it was built is never rebuilt by the refresh job).
 */
export const insightPeriod = pgTable(
	'insight_period',
	{
		kind: insightPeriodKind().notNull(),
		start: date({ mode: 'string' }).notNull(),
		builtAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		frozen: boolean().notNull().default(false)
	},
	(t) => [primaryKey({ columns: [t.kind, t.start] })]
);

/**
 * One figure of one subject (the organisation, a department, team or person; subject 0 is
 * the organisation) in one period. `key` splits a metric (an SLO policy, a department pair
 * of the kudos matrix, a request); `label` names it as it was when built. Distribution
 * metrics keep `value` = how many, `p50`/`p90`, and `dist`, the sorted values themselves,
 * so any other cut (open longer than N days) is answered from the rollup.
 */
export const insightRollup = pgTable(
	'insight_rollup',
	{
		kind: insightPeriodKind().notNull(),
		start: date({ mode: 'string' }).notNull(),
		level: insightLevel().notNull(),
		subjectId: integer().notNull(),
		metric: text().notNull(),
		key: text().notNull().default(''),
		label: text(),
		value: doublePrecision().notNull(),
		p50: doublePrecision(),
		p90: doublePrecision(),
		dist: jsonb().$type<number[]>()
	},
	(t) => [
		primaryKey({ columns: [t.kind, t.level, t.subjectId, t.start, t.metric, t.key] }),
		index('insight_rollup_period_idx').on(t.kind, t.start, t.level)
	]
);
