import { sql } from 'drizzle-orm';
import {
	bigint,
	check,
	index,
	integer,
	pgEnum,
	pgTable,
	primaryKey,
	text,
	timestamp,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { customer } from '../customers/schema';
import { person } from '../org/schema';

export const featureRequestStatus = pgEnum('feature_request_status', [
	'new',
	'under_consideration',
	'planned',
	'in_progress',
	'shipped',
	'wont_do'
]);

export const requestSourceKind = pgEnum('request_source_kind', [
	'escalation',
	'demo_comment',
	'ticket',
	'other'
]);

/**
 * A feature request: one problem customers have, with its figures kept current by every
 * report, merge and customer change (never counted on a read).
 */
export const featureRequest = pgTable(
	'feature_request',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		title: text().notNull(),
		problem: text().notNull(),
		area: text().notNull(),
		status: featureRequestStatus().notNull().default('new'),
		/** What support may tell customers about it. */
		publicNote: text().notNull().default(''),
		roadmapUrl: text(),
		createdById: integer().references(() => person.id, { onDelete: 'set null' }),
		/** Set when merged into another request: its reports moved there. */
		mergedIntoId: integer().references((): AnyPgColumn => featureRequest.id, {
			onDelete: 'set null'
		}),
		reportCount: integer().notNull().default(0),
		customerCount: integer().notNull().default(0),
		/** The sum of its distinct customers' ARR (a sum of many can pass 2^31). */
		arr: bigint({ mode: 'number' }).notNull().default(0),
		atRiskCount: integer().notNull().default(0),
		shippedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('feature_request_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
		index('feature_request_arr_idx').on(t.arr.desc(), t.id),
		index('feature_request_status_idx').on(t.status),
		check('feature_request_title_not_blank', sql`length(trim(${t.title})) > 0`),
		check(
			'feature_request_counts_not_negative',
			sql`${t.reportCount} >= 0 and ${t.customerCount} >= 0 and ${t.arr} >= 0 and ${t.atRiskCount} >= 0`
		),
		check('feature_request_not_merged_into_itself', sql`${t.mergedIntoId} <> ${t.id}`)
	]
);

/** One customer asking for it once: who heard it, where, in the customer's words. */
export const requestReport = pgTable(
	'request_report',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		requestId: integer()
			.notNull()
			.references(() => featureRequest.id, { onDelete: 'cascade' }),
		customerId: integer()
			.notNull()
			.references(() => customer.id, { onDelete: 'restrict' }),
		reporterId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		quote: text().notNull().default(''),
		link: text(),
		sourceKind: requestSourceKind().notNull().default('other'),
		/** The escalation's or demo comment's id; a ticket's number in the support tool. */
		sourceId: integer(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('request_report_request_idx').on(t.requestId, t.createdAt),
		index('request_report_reporter_idx').on(t.reporterId),
		index('request_report_source_idx').on(t.sourceKind, t.sourceId)
	]
);

/** How many reports each distinct customer made of a request: what the counters rest on. */
export const requestCustomer = pgTable(
	'request_customer',
	{
		requestId: integer()
			.notNull()
			.references(() => featureRequest.id, { onDelete: 'cascade' }),
		customerId: integer()
			.notNull()
			.references(() => customer.id, { onDelete: 'restrict' }),
		reports: integer().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.requestId, t.customerId] }),
		index('request_customer_customer_idx').on(t.customerId),
		check('request_customer_reports_positive', sql`${t.reports} > 0`)
	]
);
