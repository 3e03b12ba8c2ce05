import { sql } from 'drizzle-orm';
import {
	bigint,
	check,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp
} from 'drizzle-orm/pg-core';
import { person } from '../org/schema';

/** The last sequence number handed out per room; bumped in the writing transaction. */
export const roomSeq = pgTable('room_seq', {
	room: text().primaryKey(),
	seq: bigint({ mode: 'number' }).notNull()
});

/**
 * The durable room event log: every change a room's members must see, in order. Clients
 * catch up from it after a reconnect; old rows are pruned by age and count.
 */
export const roomEvent = pgTable(
	'room_event',
	{
		room: text().notNull(),
		seq: bigint({ mode: 'number' }).notNull(),
		type: text().notNull(),
		payload: jsonb().notNull(),
		actorId: integer().references(() => person.id, { onDelete: 'set null' }),
		at: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.room, t.seq] }),
		index('room_event_at_idx').on(t.at),
		check('room_event_seq_positive', sql`${t.seq} > 0`)
	]
);

/**
 * The answer to a client command, keyed by the id the client generated, written in the
 * command's own transaction: a retried command finds it and gets the same answer.
 */
export const commandReceipt = pgTable(
	'command_receipt',
	{
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		commandId: text().notNull(),
		result: jsonb().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.personId, t.commandId] }),
		index('command_receipt_created_idx').on(t.createdAt)
	]
);
