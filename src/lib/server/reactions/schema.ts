import { pgEnum, pgTable, primaryKey, index, integer, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { check } from 'drizzle-orm/pg-core';
import { REACTION_KINDS } from '../../reactions/kinds';
import { person } from '../org/schema';

export const reactionKind = pgEnum('reaction_kind', REACTION_KINDS);

/**
 * A small reaction on something (a kudos today), named by its subject like comments are:
 * one of each kind per person per subject, so a double click or two tabs count once.
 */
export const reaction = pgTable(
	'reaction',
	{
		subjectKind: text().notNull(),
		subjectId: integer().notNull(),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		kind: reactionKind().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.subjectKind, t.subjectId, t.personId, t.kind] }),
		index('reaction_person_idx').on(t.personId),
		check('reaction_subject_kind_format', sql`${t.subjectKind} ~ '^[a-z][a-z_]{0,39}$'`)
	]
);
