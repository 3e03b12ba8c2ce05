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
	unique,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { DELIVERY_OUTCOMES, INTEGRATION_SOURCES } from '$lib/integrations/schemas';
import { person } from '../org/schema';

// The foreign keys to escalation(id) (on delete set null) are written in this module's
// first migration and kept out of this file, as the SLO module does: a module's schema
// imports platform tables only, so the module graph stays one-way.

export const integrationSource = pgEnum('integration_source', INTEGRATION_SOURCES);
export const deliveryOutcome = pgEnum('integration_delivery_outcome', DELIVERY_OUTCOMES);

/**
 * A tool that sends Tandem signed webhooks. `verifier` is what a delivery is checked
 * against: the HMAC key (Zendesk, Jira, Asana) or the SHA-256 of the shared token
 * (Freshdesk); null while an Asana integration waits for its handshake.
 */
export const integration = pgTable(
	'integration',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		source: integrationSource().notNull(),
		name: text().notNull(),
		verifier: text(),
		/** The secret's last characters, so admins can tell which one is set. */
		secretHint: text().notNull().default(''),
		/** Jira: the custom field holding the severity (customfield_10042). */
		severityField: text().notNull().default(''),
		enabled: boolean().notNull().default(true),
		createdBy: integer().references(() => person.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastDeliveryAt: timestamp({ withTimezone: true })
	},
	(t) => [check('integration_name_not_blank', sql`length(trim(${t.name})) > 0`)]
);

/**
 * Every delivery an integration's address received, accepted or not, with why. An accepted
 * delivery key is unique per integration: the same delivery twice is applied once.
 */
export const integrationDelivery = pgTable(
	'integration_delivery',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		integrationId: integer()
			.notNull()
			.references(() => integration.id, { onDelete: 'cascade' }),
		receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** The tool's delivery id (or the signature, or the body's hash) used to spot repeats. */
		deliveryKey: text(),
		event: text().notNull().default(''),
		outcome: deliveryOutcome().notNull(),
		reason: text().notNull().default(''),
		/** The ticket number or issue key the delivery was about. */
		externalKey: text(),
		// References escalation(id), on delete set null (in the migration, see above).
		escalationId: integer()
	},
	(t) => [
		index('integration_delivery_log_idx').on(t.integrationId, t.id),
		uniqueIndex('integration_delivery_once')
			.on(t.integrationId, t.deliveryKey)
			.where(sql`${t.outcome} = 'accepted'`)
	]
);

/**
 * A support ticket or engineering issue an integration told Tandem about, with its latest
 * facts, and the escalation it is linked to (by an admin, or found by the mapping).
 */
export const linkedItem = pgTable(
	'integration_item',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		integrationId: integer()
			.notNull()
			.references(() => integration.id, { onDelete: 'cascade' }),
		kind: text().$type<'ticket' | 'issue'>().notNull(),
		externalKey: text().notNull(),
		// References escalation(id), on delete set null (in the migration, see above).
		escalationId: integer(),
		title: text().notNull().default(''),
		url: text(),
		status: text(),
		priority: text(),
		type: text(),
		severity: text(),
		tags: text()
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** The last applied body's SHA-256: Freshdesk sends no delivery id, so a repeat is this. */
		lastBodyHash: text(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('integration_item_key').on(t.integrationId, t.externalKey),
		index('integration_item_escalation_idx').on(t.escalationId, t.updatedAt)
	]
);
