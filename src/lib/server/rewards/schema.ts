import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	pgEnum,
	pgTable,
	text,
	timestamp,
	unique
} from 'drizzle-orm/pg-core';
import { person } from '../org/schema';

/** What received points can buy; `stock` null means unlimited. */
export const reward = pgTable(
	'reward',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		title: text().notNull(),
		description: text().notNull().default(''),
		cost: integer().notNull(),
		stock: integer(),
		active: boolean().notNull().default(true),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('reward_cost_positive', sql`${t.cost} > 0`),
		check('reward_stock_not_negative', sql`${t.stock} is null or ${t.stock} >= 0`),
		check('reward_title_not_blank', sql`length(trim(${t.title})) > 0`)
	]
);

export const redemptionStatus = pgEnum('redemption_status', [
	'pending',
	'approved',
	'declined',
	/** Withdrawn by the requester while pending: points and stock came back. */
	'cancelled'
]);

/**
 * A request to turn points into a reward. The points are spent (and a stock unit held)
 * when it is made; a decline refunds both.
 */
export const rewardRedemption = pgTable(
	'reward_redemption',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		rewardId: integer()
			.notNull()
			.references(() => reward.id, { onDelete: 'restrict' }),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'restrict' }),
		clientKey: text().notNull(),
		cost: integer().notNull(),
		status: redemptionStatus().notNull().default('pending'),
		decidedById: integer().references(() => person.id, { onDelete: 'set null' }),
		decidedAt: timestamp({ withTimezone: true }),
		declineReason: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('reward_redemption_client_key').on(t.personId, t.clientKey),
		index('reward_redemption_status_idx').on(t.status, t.createdAt),
		index('reward_redemption_person_idx').on(t.personId, t.createdAt)
	]
);
