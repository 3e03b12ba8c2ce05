import { sql } from 'drizzle-orm';
import {
	check,
	date,
	index,
	integer,
	pgEnum,
	pgTable,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { person } from '../org/schema';

export const customerTier = pgEnum('customer_tier', ['free', 'pro', 'business', 'enterprise']);
export const customerSentiment = pgEnum('customer_sentiment', ['positive', 'neutral', 'at_risk']);

/**
 * A customer of the company: what support knows of them and what SLO policies match on
 * (ARR, tier, renewal, sentiment). Names are unique whatever their case, so "Acme" typed on
 * an escalation finds the Acme already here.
 */
export const customer = pgTable(
	'customer',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		name: text().notNull(),
		/** The record in the CRM or support tool. */
		crmUrl: text(),
		/** Annual recurring revenue in whole currency units. */
		arr: integer().notNull().default(0),
		tier: customerTier().notNull().default('pro'),
		renewalOn: date({ mode: 'string' }),
		sentiment: customerSentiment().notNull().default('neutral'),
		ownerId: integer().references(() => person.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('customer_name_key').on(sql`lower(${t.name})`),
		index('customer_renewal_idx').on(t.renewalOn),
		check('customer_name_not_blank', sql`length(trim(${t.name})) > 0`),
		check('customer_arr_not_negative', sql`${t.arr} >= 0`)
	]
);
