import { sql } from 'drizzle-orm';
import {
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
import { attachment } from '../attachments/schema';
import { customer, customerTier } from '../customers/schema';
import { mediaFile } from '../media/schema';
import { severity } from '../report/schema';
import { person } from '../org/schema';

export const escalationStatus = pgEnum('escalation_status', [
	'open',
	'in_progress',
	'waiting_on_support',
	'resolved',
	'closed'
]);
export { customerTier };

/**
 * A problem handed from support (or a bug bash) to engineering, in the standard format.
 * The timestamps are what internal SLOs are measured on: opened, first response from
 * engineering/product, last engineering update, resolved.
 */
export const escalation = pgTable(
	'escalation',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		/** Generated with the form, so a resubmit opens the escalation once. */
		clientKey: text().notNull(),
		title: text().notNull(),
		description: text().notNull().default(''),
		steps: text().notNull(),
		expected: text().notNull(),
		actual: text().notNull(),
		environment: text().notNull().default(''),
		severity: severity().notNull(),
		status: escalationStatus().notNull().default('open'),
		customerName: text(),
		/** The customer record; the name and tier above stay as the escalation was opened. */
		customerId: integer().references(() => customer.id, { onDelete: 'set null' }),
		customerTier: customerTier(),
		customerUrl: text(),
		ticketUrl: text(),
		engineeringIssueUrl: text(),
		reporterId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		assigneeId: integer().references(() => person.id, { onDelete: 'set null' }),
		openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		firstResponseAt: timestamp({ withTimezone: true }),
		lastEngineeringUpdateAt: timestamp({ withTimezone: true }),
		resolvedAt: timestamp({ withTimezone: true }),
		closedAt: timestamp({ withTimezone: true }),
		/** What was done about it: required to resolve or close, shown on the page. */
		resolutionNote: text(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('escalation_reporter_client_key').on(t.reporterId, t.clientKey),
		index('escalation_status_idx').on(t.status, t.openedAt),
		index('escalation_assignee_idx').on(t.assigneeId),
		index('escalation_customer_idx').on(t.customerId),
		index('escalation_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
		check('escalation_title_not_blank', sql`length(trim(${t.title})) > 0`)
	]
);

/** Every change to an escalation, in order: what changed, from what, to what, by whom. */
export const escalationHistory = pgTable(
	'escalation_history',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		escalationId: integer()
			.notNull()
			.references(() => escalation.id, { onDelete: 'cascade' }),
		actorId: integer().references(() => person.id, { onDelete: 'set null' }),
		/** 'opened', 'status', 'assignee', 'severity', 'comment', … */
		change: text().notNull(),
		fromValue: text(),
		toValue: text(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('escalation_history_escalation_idx').on(t.escalationId, t.at)]
);

/** The files of an escalation: its own, and those of the bug it was promoted from. */
export const escalationAttachment = pgTable(
	'escalation_attachment',
	{
		escalationId: integer()
			.notNull()
			.references(() => escalation.id, { onDelete: 'cascade' }),
		attachmentId: integer()
			.notNull()
			.references(() => attachment.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.escalationId, t.attachmentId] })]
);

/** Screen recordings attached to an escalation: what the customer sees, shown to engineering. */
export const escalationRecording = pgTable(
	'escalation_recording',
	{
		escalationId: integer()
			.notNull()
			.references(() => escalation.id, { onDelete: 'cascade' }),
		mediaId: integer()
			.notNull()
			.references(() => mediaFile.id, { onDelete: 'cascade' }),
		addedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.escalationId, t.mediaId] })]
);
