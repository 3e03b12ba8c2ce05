import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { person } from '../org/schema';

/**
 * A comment in a thread. A thread is named by its subject — the owner module's kind and
 * id, e.g. ('bug', 12) or ('escalation', 4) — so any module can have threads without a
 * table of its own; the owner decides who may read and write it. A deleted comment keeps
 * its row (and its place in the thread) but not its text.
 */
export const comment = pgTable(
	'comment',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		subjectKind: text().notNull(),
		subjectId: integer().notNull(),
		authorId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		body: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		editedAt: timestamp({ withTimezone: true }),
		deletedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		index('comment_subject_idx').on(t.subjectKind, t.subjectId, t.createdAt, t.id),
		index('comment_author_idx').on(t.authorId),
		check('comment_subject_kind_format', sql`${t.subjectKind} ~ '^[a-z][a-z_]{0,39}$'`),
		// Written while it stands; emptied when deleted, so its text is gone for good.
		check(
			'comment_body_while_standing',
			sql`case when ${t.deletedAt} is null then length(trim(${t.body})) > 0 else ${t.body} = '' end`
		)
	]
);
