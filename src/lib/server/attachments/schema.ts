import { sql } from 'drizzle-orm';
import { check, customType, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bug } from '../bugbash/schema';
import { escalation } from '../escalations/schema';
import { person } from '../org/schema';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/**
 * A screenshot or log attached to a bug or an escalation. Stored in the database so every
 * node serves it without shared disks; the size and type limits keep that reasonable. A
 * bug promoted to an escalation shares its attachments (both ids set).
 */
export const attachment = pgTable(
	'attachment',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		bugId: integer().references(() => bug.id, { onDelete: 'cascade' }),
		escalationId: integer().references(() => escalation.id, { onDelete: 'cascade' }),
		uploaderId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		fileName: text().notNull(),
		contentType: text().notNull(),
		size: integer().notNull(),
		data: bytea().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('attachment_bug_idx').on(t.bugId),
		index('attachment_escalation_idx').on(t.escalationId),
		check('attachment_has_owner', sql`${t.bugId} is not null or ${t.escalationId} is not null`),
		check('attachment_size_matches', sql`${t.size} = octet_length(${t.data})`)
	]
);
