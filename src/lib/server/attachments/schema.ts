import { sql } from 'drizzle-orm';
import { check, customType, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { person } from '../org/schema';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/**
 * A screenshot or log. Stored in the database so every node serves it without shared
 * disks; the size and type limits keep that reasonable. What it belongs to is the owning
 * module's business: a bug or an escalation links it in its own table (a bug promoted to
 * an escalation shares its files by linking them there too).
 */
export const attachment = pgTable(
	'attachment',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		uploaderId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		fileName: text().notNull(),
		contentType: text().notNull(),
		size: integer().notNull(),
		data: bytea().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('attachment_size_matches', sql`${t.size} = octet_length(${t.data})`)]
);
