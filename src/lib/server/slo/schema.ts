import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique
} from 'drizzle-orm/pg-core';
import type { Conditions, SloTarget } from '$lib/slo/schemas';
import { person } from '../org/schema';

// The SLO tables' foreign keys to escalation(id) (on delete cascade) are written in
// migration 0017 and kept out of this file: a module's schema may import platform tables
// (org, attachments, customers) but no other module's, so the module graph stays one-way.

/**
 * An internal SLO policy. Policies are tried in `position` order and the first whose
 * conditions match an escalation applies to it.
 */
export const sloPolicy = pgTable(
	'slo_policy',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		name: text().notNull(),
		position: integer().notNull(),
		/** A disabled policy keeps its place in the order but matches nothing. */
		enabled: boolean().notNull().default(true),
		conditions: jsonb().$type<Conditions>().notNull(),
		targets: jsonb().$type<SloTarget[]>().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('slo_policy_position_idx').on(t.position),
		check('slo_policy_name_not_blank', sql`length(trim(${t.name})) > 0`)
	]
);

export const sloClockStatus = pgEnum('slo_clock_status', ['running', 'paused', 'met', 'stopped']);
export const sloClockLevel = pgEnum('slo_clock_level', ['ok', 'warned', 'breached']);

/**
 * One target's clock on one escalation. While running, the time counted so far is
 * `countedMinutes` plus what passed since `runningSince` (calendar or business minutes);
 * `nextFireAt` is when its next trigger (warning, breach, repeat) is due, `fired` how many
 * of its triggers have fired in the current cycle.
 */
export const sloClock = pgTable(
	'slo_clock',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		// References escalation(id), on delete cascade (in migration 0017, see above).
		escalationId: integer().notNull(),
		policyId: integer()
			.notNull()
			.references(() => sloPolicy.id, { onDelete: 'cascade' }),
		target: text().$type<SloTarget['kind']>().notNull(),
		status: sloClockStatus().notNull(),
		level: sloClockLevel().notNull().default('ok'),
		businessHours: boolean().notNull(),
		targetMinutes: integer().notNull(),
		countedMinutes: integer().notNull().default(0),
		runningSince: timestamp({ withTimezone: true }),
		/** When the cycle being measured started (an update restarts the update clock). */
		cycleStart: timestamp({ withTimezone: true }).notNull(),
		/** What started the cycle (the last engineering update it measures from): a new mark restarts it. */
		cycleMark: text().notNull().default(''),
		dueAt: timestamp({ withTimezone: true }),
		nextFireAt: timestamp({ withTimezone: true }),
		fired: integer().notNull().default(0),
		pausedReason: text(),
		metAt: timestamp({ withTimezone: true }),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('slo_clock_escalation_target').on(t.escalationId, t.target),
		index('slo_clock_next_fire_idx')
			.on(t.nextFireAt)
			.where(sql`${t.nextFireAt} is not null`),
		check('slo_clock_counted_not_negative', sql`${t.countedMinutes} >= 0`)
	]
);

/** A clock's history: started, paused, resumed, warned, breached, met, … */
export const sloClockHistory = pgTable(
	'slo_clock_history',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		clockId: integer()
			.notNull()
			.references(() => sloClock.id, { onDelete: 'cascade' }),
		change: text().notNull(),
		detail: text().notNull().default(''),
		at: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [index('slo_clock_history_clock_idx').on(t.clockId, t.at)]
);

/** Labels SLO actions put on escalations; the list filters on them. */
export const sloLabel = pgTable(
	'slo_label',
	{
		// References escalation(id), on delete cascade (in migration 0017, see above).
		escalationId: integer().notNull(),
		label: text().notNull(),
		addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		addedBy: integer().references(() => person.id, { onDelete: 'set null' })
	},
	(t) => [primaryKey({ columns: [t.escalationId, t.label] }), index('slo_label_idx').on(t.label)]
);
