import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { person, team } from '../org/schema';

/**
 * A signed-in browser. The cookie carries `<id>.<secret>`; only the SHA-256 of the
 * secret is stored, so a copy of this table cannot be used to sign in.
 */
export const session = pgTable(
	'session',
	{
		id: text().primaryKey(),
		secretHash: text().notNull(),
		personId: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastUsedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** Sliding inactivity expiry, pushed forward as the session is used. */
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		/** Hard cap no matter how active the session is. */
		absoluteExpiresAt: timestamp({ withTimezone: true }).notNull(),
		userAgent: text(),
		ipAddress: text()
	},
	(t) => [index('session_person_idx').on(t.personId)]
);

/** An admin-made sign-up link; optional email lock and expiry; single use. */
export const invitation = pgTable(
	'invitation',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		tokenHash: text().notNull().unique(),
		email: text(),
		teamId: integer().references(() => team.id, { onDelete: 'set null' }),
		createdById: integer()
			.notNull()
			.references(() => person.id, { onDelete: 'cascade' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp({ withTimezone: true }),
		usedAt: timestamp({ withTimezone: true }),
		usedById: integer().references(() => person.id, { onDelete: 'set null' }),
		revokedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		check('invitation_email_lower', sql`${t.email} is null or ${t.email} = lower(${t.email})`)
	]
);

/** Email domains whose owners may sign up without an invitation. */
export const signupDomain = pgTable(
	'signup_domain',
	{
		domain: text().primaryKey(),
		createdById: integer().references(() => person.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('signup_domain_lower', sql`${t.domain} = lower(${t.domain})`)]
);

/**
 * Failed sign-ins per (email, IP). Kept in the database so every app node sees the same
 * count; keyed by the typed email whether or not such an account exists.
 */
export const loginThrottle = pgTable(
	'login_throttle',
	{
		key: text().primaryKey(),
		failures: integer().notNull().default(0),
		windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		blockedUntil: timestamp({ withTimezone: true })
	},
	(t) => [index('login_throttle_window_idx').on(t.windowStartedAt)]
);

/**
 * Failed sign-ins per account (the typed email, whatever IP they come from), so guesses
 * spread over many addresses still slow down. Keyed by a hash like login_throttle, and
 * kept for unknown emails alike so the delay reveals nothing.
 */
export const loginAccountThrottle = pgTable(
	'login_account_throttle',
	{
		key: text().primaryKey(),
		failures: integer().notNull().default(0),
		lastFailureAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		blockedUntil: timestamp({ withTimezone: true })
	},
	(t) => [index('login_account_throttle_last_failure_idx').on(t.lastFailureAt)]
);

/** Sign-up attempts per window: one row per (hashed) IP and one for everybody together. */
export const signupThrottle = pgTable(
	'signup_throttle',
	{
		key: text().primaryKey(),
		attempts: integer().notNull().default(0),
		windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('signup_throttle_window_idx').on(t.windowStartedAt)]
);
