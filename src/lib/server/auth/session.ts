import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { and, desc, eq, gt, ne, sql } from 'drizzle-orm';
import { useDb, type Executor } from '../db/client';
import { preparedPerDatabase } from '../db/prepared';
import { batchedLookup } from '../db/batched';
import { randomToken, sha256Hex } from './tokens';
import { department, person, team } from '../org';
import { session } from './schema';
import type { SessionEnd } from '$lib/auth/session-end';

export const SESSION_COOKIE = 'tandem_session';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Signed out after this long without use. */
export const SESSION_IDLE_MS = 14 * DAY;
/** Signed out after this long no matter what. */
export const SESSION_ABSOLUTE_MS = 90 * DAY;
/** Sliding renewal writes at most this often per session. */
const RENEW_AFTER_MS = 10 * MINUTE;

/** The signed-in person as every page and guard sees them. */
export interface SessionPerson {
	id: number;
	name: string;
	email: string;
	role: 'admin' | 'member';
	teamId: number | null;
	teamName: string | null;
	departmentId: number | null;
	departmentName: string | null;
	departmentKind: 'support' | 'product' | 'engineering' | 'other' | null;
}

export interface ValidSession {
	id: string;
	personId: number;
	expiresAt: Date;
	/** True when this validation pushed the expiry forward: the cookie must be re-sent. */
	renewed: boolean;
}

/**
 * A new random token `<id>.<secret>`, 120 random bits in each half (the Lucia guide's
 * minimum); only the cookie ever holds it whole.
 */
export function generateSessionToken(): string {
	return `${randomToken(15)}.${randomToken(15)}`;
}

export async function createSession(
	token: string,
	personId: number,
	meta: { userAgent?: string | null; ipAddress?: string | null } = {}
): Promise<{ id: string; expiresAt: Date }> {
	const [id, secret] = token.split('.');
	const now = Date.now();
	const expiresAt = new Date(now + SESSION_IDLE_MS);
	await useDb()
		.insert(session)
		.values({
			id,
			secretHash: sha256Hex(secret),
			personId,
			createdAt: new Date(now),
			lastUsedAt: new Date(now),
			expiresAt,
			absoluteExpiresAt: new Date(now + SESSION_ABSOLUTE_MS),
			userAgent: meta.userAgent?.slice(0, 300) ?? null,
			ipAddress: meta.ipAddress ?? null
		});
	return { id, expiresAt };
}

/** Every request and socket handshake asks this, for every session named in one batch. */
const sessionsByIds = preparedPerDatabase((db) =>
	db
		.select({
			id: session.id,
			secretHash: session.secretHash,
			expiresAt: session.expiresAt,
			absoluteExpiresAt: session.absoluteExpiresAt,
			lastUsedAt: session.lastUsedAt,
			active: person.active,
			person: {
				id: person.id,
				name: person.name,
				email: person.email,
				role: person.role,
				teamId: person.teamId,
				teamName: team.name,
				departmentId: department.id,
				departmentName: department.name,
				departmentKind: department.kind
			}
		})
		.from(session)
		.innerJoin(person, eq(person.id, session.personId))
		.leftJoin(team, eq(team.id, person.teamId))
		.leftJoin(department, eq(department.id, team.departmentId))
		.where(sql`${session.id} = any(${sql.placeholder('ids')}::text[])`)
		.prepare('sessions_by_ids')
);

type SessionRow = Awaited<ReturnType<ReturnType<typeof sessionsByIds>['execute']>>[number];

/** The row of session `id`, read fresh from the database (in a batch: see batchedLookup). */
const lookUpSession = batchedLookup<string, SessionRow>(
	async (ids) => {
		const rows = await sessionsByIds().execute({ ids });
		return new Map(rows.map((row) => [row.id, row]));
	},
	// Each caller gets its own copy: one may keep or change the person it was given.
	(row) => ({ ...row, person: { ...row.person } })
);

/**
 * The session and person behind a cookie token, or null when the token is malformed,
 * unknown, expired, revoked or its person deactivated. Renews idle expiry as it goes.
 */
export async function validateSessionToken(
	token: string
): Promise<{ session: ValidSession; person: SessionPerson } | null> {
	const checked = await checkSessionToken(token);
	return 'session' in checked ? checked : null;
}

/**
 * `validateSessionToken` with the reason a session no longer signs anyone in, so the
 * sign-in page can say what happened ('signed_out': ended from elsewhere, by a password
 * change or an admin; null: not a session token at all).
 */
export async function checkSessionToken(
	token: string
): Promise<{ session: ValidSession; person: SessionPerson } | { ended: SessionEnd | null }> {
	const parts = token.split('.');
	if (parts.length !== 2 || !parts[0] || !parts[1]) return { ended: null };
	const [id, secret] = parts;
	const row = await lookUpSession(id);
	if (!row) return { ended: 'signed_out' };

	const given = new TextEncoder().encode(sha256Hex(secret));
	const stored = new TextEncoder().encode(row.secretHash);
	if (given.length !== stored.length || !constantTimeEqual(given, stored)) return { ended: null };

	const now = Date.now();
	if (!row.active || now >= row.expiresAt.getTime() || now >= row.absoluteExpiresAt.getTime()) {
		await useDb().delete(session).where(eq(session.id, id));
		return { ended: row.active ? 'expired' : 'deactivated' };
	}

	let expiresAt = row.expiresAt;
	let renewed = false;
	if (now - row.lastUsedAt.getTime() >= RENEW_AFTER_MS) {
		expiresAt = new Date(Math.min(now + SESSION_IDLE_MS, row.absoluteExpiresAt.getTime()));
		await useDb()
			.update(session)
			.set({ lastUsedAt: new Date(now), expiresAt })
			.where(eq(session.id, id));
		renewed = true;
	}
	return { session: { id, personId: row.person.id, expiresAt, renewed }, person: row.person };
}

export async function invalidateSession(sessionId: string): Promise<void> {
	await useDb().delete(session).where(eq(session.id, sessionId));
}

/** Ends one of a person's own sessions; someone else's id does nothing. */
export async function invalidatePersonSession(
	personId: number,
	sessionId: string
): Promise<boolean> {
	const deleted = await useDb()
		.delete(session)
		.where(and(eq(session.id, sessionId), eq(session.personId, personId)))
		.returning({ id: session.id });
	return deleted.length > 0;
}

/** Signs a person out everywhere, optionally keeping the session they are using. */
export async function invalidateAllSessions(
	personId: number,
	exceptSessionId?: string,
	db: Executor = useDb()
): Promise<void> {
	const where = exceptSessionId
		? and(eq(session.personId, personId), ne(session.id, exceptSessionId))
		: eq(session.personId, personId);
	await db.delete(session).where(where);
}

export async function listSessions(personId: number) {
	return useDb()
		.select({
			id: session.id,
			createdAt: session.createdAt,
			lastUsedAt: session.lastUsedAt,
			expiresAt: session.expiresAt,
			userAgent: session.userAgent,
			ipAddress: session.ipAddress
		})
		.from(session)
		.where(and(eq(session.personId, personId), gt(session.expiresAt, new Date())))
		.orderBy(desc(session.lastUsedAt));
}

/** Which of `sessionIds` still sign someone in (not signed out, not expired, person active). */
export async function liveSessionIds(sessionIds: string[]): Promise<Set<string>> {
	if (sessionIds.length === 0) return new Set();
	const rows = await liveSessionsAmong().execute({ ids: sessionIds });
	return new Set(rows.map((r) => r.id));
}

/**
 * The sweep asks about every socket's session every 2 s, and joins and commands about
 * theirs in batches: the ids go as one array, so 10,000 open tabs cost one parameter, not
 * 10,000 for the query to be built with.
 */
const liveSessionsAmong = preparedPerDatabase((db) =>
	db
		.select({ id: session.id })
		.from(session)
		.innerJoin(person, eq(person.id, session.personId))
		.where(
			and(
				sql`${session.id} = any(${sql.placeholder('ids')}::text[])`,
				eq(person.active, true),
				gt(session.expiresAt, sql`now()`),
				gt(session.absoluteExpiresAt, sql`now()`)
			)
		)
		.prepare('live_sessions_among')
);

/**
 * Whether the session behind a socket still lets it act: not signed out (here or
 * everywhere, or by a password change), not expired, its person still active. Asked at
 * every join and command, so nothing is accepted between a revocation and the sweep.
 */
export async function sessionIsLive(sessionId: string): Promise<boolean> {
	return (await checkLive(sessionId)) === true;
}

/** Live checks asked together are one statement: a reconnecting crowd joins its rooms at once. */
const checkLive = batchedLookup<string, true>(async (ids) => {
	const rows = await liveSessionsAmong().execute({ ids });
	return new Map(rows.map((row) => [row.id, true as const]));
});
