import { sql } from 'drizzle-orm';
import { check, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const outboxChannel = pgEnum('outbox_channel', ['email', 'slack', 'teams']);
/** kept: an email held because no SMTP server is configured; failed: gave up retrying. */
export const outboxState = pgEnum('outbox_state', ['pending', 'sent', 'kept', 'failed']);

/**
 * Every email and chat message Tandem sends, written in the transaction that caused it and
 * delivered by a job. `key` makes sending idempotent: the same key is one message.
 */
export const outboxMessage = pgTable(
	'outbox_message',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		channel: outboxChannel().notNull(),
		/** An email address, or the chat webhook's URL. */
		recipient: text().notNull(),
		subject: text().notNull().default(''),
		body: text().notNull(),
		key: text().notNull().unique('outbox_message_key_unique'),
		state: outboxState().notNull().default('pending'),
		attempts: integer().notNull().default(0),
		lastError: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp({ withTimezone: true })
	},
	(t) => [check('outbox_message_key_not_blank', sql`length(${t.key}) > 0`)]
);
