import { sql } from 'drizzle-orm';
import {
	check,
	date,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import type { AgendaFigures, AgendaSnapshot } from '$lib/sync/agenda';
import { person } from '../org/schema';

export const syncAgendaStatus = pgEnum('sync_agenda_status', ['draft', 'published']);

/**
 * One month's product–support sync (`month` is the meeting's month; it reviews the month
 * before). `figures` is what the last generation found; `snapshot` the frozen copy made when
 * it was published, which later changes to the data never touch.
 */
export const syncAgenda = pgTable(
	'sync_agenda',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		month: text().notNull(),
		status: syncAgendaStatus().notNull().default('draft'),
		meetingAt: timestamp({ withTimezone: true }).notNull(),
		figures: jsonb().$type<AgendaFigures>().notNull(),
		generatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** Who generated it last; null when the monthly job did. */
		generatedById: integer().references(() => person.id, { onDelete: 'set null' }),
		generations: integer().notNull().default(1),
		snapshot: jsonb().$type<AgendaSnapshot>(),
		publishedAt: timestamp({ withTimezone: true }),
		publishedById: integer().references(() => person.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('sync_agenda_month_unique').on(t.month),
		check('sync_agenda_month_format', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
		check(
			'sync_agenda_published_frozen',
			sql`(${t.status} = 'published') = (${t.snapshot} is not null and ${t.publishedAt} is not null)`
		)
	]
);

/** Who is asked to the meeting, and why they were suggested (or that someone added them). */
export const syncAttendee = pgTable(
	'sync_attendee',
	{
		agendaId: integer()
			.notNull()
			.references(() => syncAgenda.id, { onDelete: 'cascade' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		reason: text().notNull()
	},
	(t) => [primaryKey({ columns: [t.agendaId, t.personId] })]
);

/** The organisers' note on one section of an agenda. */
export const syncNote = pgTable(
	'sync_note',
	{
		agendaId: integer()
			.notNull()
			.references(() => syncAgenda.id, { onDelete: 'cascade' }),
		section: text().notNull(),
		body: text().notNull(),
		updatedById: integer().references(() => person.id, { onDelete: 'set null' }),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.agendaId, t.section] }),
		check('sync_note_length', sql`length(${t.body}) <= 8000`)
	]
);

/** Something the meeting agreed someone will do by a date; its owner marks it done. */
export const syncActionItem = pgTable(
	'sync_action_item',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		agendaId: integer()
			.notNull()
			.references(() => syncAgenda.id, { onDelete: 'cascade' }),
		title: text().notNull(),
		ownerId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		dueOn: date({ mode: 'string' }).notNull(),
		doneAt: timestamp({ withTimezone: true }),
		doneById: integer().references(() => person.id, { onDelete: 'set null' }),
		createdById: integer().references(() => person.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('sync_action_item_agenda_idx').on(t.agendaId, t.id),
		index('sync_action_item_owner_idx').on(t.ownerId, t.doneAt),
		check('sync_action_item_title', sql`length(trim(${t.title})) between 1 and 300`)
	]
);
