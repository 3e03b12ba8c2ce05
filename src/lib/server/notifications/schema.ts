import { sql } from 'drizzle-orm';
import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { person } from '../org/schema';

/** The stored inbox: one row per recipient of each notification, kept after it is read. */
export const notification = pgTable(
	'notification',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		/** e.g. 'bug.accepted' (see NOTIFICATION_GROUPS): what preferences are chosen by. */
		kind: text().notNull(),
		text: text().notNull(),
		/** Where the notification leads inside Tandem; always a path. */
		href: text(),
		/** Who caused it; null for Tandem itself (badges) or a person since removed. */
		actorId: integer().references(() => person.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		readAt: timestamp({ withTimezone: true })
	},
	(t) => [
		index('notification_person_created_idx').on(t.personId, t.createdAt.desc(), t.id.desc()),
		// The tray's unread count on every page load reads only this small index.
		index('notification_unread_idx')
			.on(t.personId)
			.where(sql`${t.readAt} is null`)
	]
);

export const notificationChannel = pgEnum('notification_channel', ['app', 'email', 'off']);

/** A person's choice for one kind; no row means the default ('app'). */
export const notificationPreference = pgTable(
	'notification_preference',
	{
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		kind: text().notNull(),
		channel: notificationChannel().notNull()
	},
	(t) => [primaryKey({ columns: [t.personId, t.kind] })]
);
