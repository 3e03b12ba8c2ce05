import { sql } from 'drizzle-orm';
import {
	bigint,
	check,
	index,
	integer,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique
} from 'drizzle-orm/pg-core';
import { department, person, team } from '../org/schema';

export const ledgerKind = pgEnum('ledger_kind', ['award', 'spend', 'reversal']);

/**
 * The append-only points ledger. Every row names its source (sourceKind + sourceId) and
 * person, and that triple is unique per kind, so the same award can never be granted
 * twice. Corrections are compensating `reversal` rows pointing at what they reverse.
 * Team and department are the person's at the time, so leaderboards stay stable when
 * people move. A reversal's own source is the entry it reverses (`ledger_entry`, its id).
 */
export const ledgerEntry = pgTable(
	'ledger_entry',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		kind: ledgerKind().notNull(),
		amount: integer().notNull(),
		sourceKind: text().notNull(),
		sourceId: text().notNull(),
		reason: text(),
		teamId: integer().references(() => team.id, { onDelete: 'set null' }),
		departmentId: integer().references(() => department.id, { onDelete: 'set null' }),
		/** Extra leaderboards this award counts on, e.g. `bugbash:42`. */
		scopes: text()
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		reversesId: bigint({ mode: 'number' }),
		/**
		 * The workspace time zone the row's leaderboard periods were counted in, so a
		 * reversal and the totals check find the same weeks after the zone is changed.
		 */
		timeZone: text().notNull().default('UTC'),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('ledger_entry_source_unique').on(t.personId, t.kind, t.sourceKind, t.sourceId),
		unique('ledger_entry_reverses_unique').on(t.reversesId),
		check('ledger_entry_amount_nonzero', sql`${t.amount} <> 0`),
		check(
			'ledger_entry_amount_sign',
			sql`(${t.kind} = 'award' and ${t.amount} > 0) or (${t.kind} = 'spend' and ${t.amount} < 0) or ${t.kind} = 'reversal'`
		),
		check(
			'ledger_entry_reversal_target',
			sql`(${t.kind} = 'reversal') = (${t.reversesId} is not null)`
		),
		index('ledger_entry_person_idx').on(t.personId, t.createdAt)
	]
);

/** A person's spendable points, kept in step with the ledger; never below zero. */
export const balance = pgTable(
	'balance',
	{
		personId: integer()
			.primaryKey()
			.references(() => person.id, { onDelete: 'restrict' }),
		points: integer().notNull().default(0),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('balance_never_negative', sql`${t.points} >= 0`)]
);

/**
 * Leaderboard totals, maintained with every award and reversal: per scope (`global` or a
 * module's own, like `bugbash:42`), board (person, team, department), period (week,
 * month, season, all) and period key in the organisation's time zone. `reachedAt` is when
 * the total last rose: the earlier to reach a score ranks first.
 */
export const leaderboardTotal = pgTable(
	'leaderboard_total',
	{
		scope: text().notNull(),
		board: text({ enum: ['person', 'team', 'department'] }).notNull(),
		period: text({ enum: ['week', 'month', 'season', 'all'] }).notNull(),
		periodKey: text().notNull(),
		subjectId: integer().notNull(),
		points: integer().notNull(),
		reachedAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.scope, t.board, t.period, t.periodKey, t.subjectId] }),
		index('leaderboard_rank_idx').on(
			t.scope,
			t.board,
			t.period,
			t.periodKey,
			t.points.desc(),
			t.reachedAt,
			t.subjectId
		)
	]
);

/** Badges a person has earned; each at most once. */
export const badgeAward = pgTable(
	'badge_award',
	{
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		badge: text().notNull(),
		awardedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.personId, t.badge] })]
);
