import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	checkSessionToken,
	createSession,
	generateSessionToken,
	invalidateAllSessions,
	invalidatePersonSession,
	invalidateSession,
	listSessions,
	SESSION_ABSOLUTE_MS,
	SESSION_IDLE_MS,
	validateSessionToken
} from '../../src/lib/server/auth';
import { department, person, team } from '../../src/lib/server/org/schema';
import { session } from '../../src/lib/server/auth/schema';
import { deactivatePerson } from '../../src/lib/server/org';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let testDb: TestDatabase;
let adminId: number;
let aliceId: number;
let bobId: number;
let platformId: number;

beforeAll(async () => {
	testDb = await createTestDatabase();
	const db = testDb.db;
	const [engineering] = await db
		.select()
		.from(department)
		.where(eq(department.kind, 'engineering'));
	[{ id: platformId }] = await db
		.insert(team)
		.values({ name: 'Platform', departmentId: engineering!.id })
		.returning({ id: team.id });
	// Sessions do not look at the password, so a placeholder hash keeps these tests fast.
	const rows = await db
		.insert(person)
		.values([
			{ name: 'Ada Admin', email: 'ada@example.com', passwordHash: 'x', role: 'admin' },
			{ name: 'Alice Adams', email: 'alice@example.com', passwordHash: 'x', teamId: platformId },
			{ name: 'Bob Brown', email: 'bob@example.com', passwordHash: 'x' }
		])
		.returning({ id: person.id });
	[adminId, aliceId, bobId] = rows.map((r) => r.id);
});
afterAll(async () => {
	await testDb?.destroy();
});

async function newSession(personId: number, meta?: Parameters<typeof createSession>[2]) {
	const token = generateSessionToken();
	const created = await createSession(token, personId, meta);
	return { token, ...created };
}

async function sessionRow(id: string) {
	const [row] = await testDb.db.select().from(session).where(eq(session.id, id));
	return row;
}

describe('createSession', () => {
	it('stores the id, a SHA-256 of the secret and the expiry, never the secret', async () => {
		const before = Date.now();
		const { token, id, expiresAt } = await newSession(aliceId, {
			userAgent: 'Firefox/140',
			ipAddress: '192.0.2.7'
		});
		const [tokenId, secret] = token.split('.');
		expect(id).toBe(tokenId);
		const row = await sessionRow(id);
		expect(row.personId).toBe(aliceId);
		expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
		expect(row.secretHash).not.toContain(secret);
		expect(JSON.stringify(row)).not.toContain(secret);
		expect(row.userAgent).toBe('Firefox/140');
		expect(row.ipAddress).toBe('192.0.2.7');
		expect(row.expiresAt.getTime()).toBe(expiresAt.getTime());
		expect(expiresAt.getTime() - before).toBeGreaterThanOrEqual(SESSION_IDLE_MS);
		expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(SESSION_IDLE_MS);
		expect(row.absoluteExpiresAt.getTime() - row.createdAt.getTime()).toBe(SESSION_ABSOLUTE_MS);
		expect(SESSION_IDLE_MS).toBe(14 * DAY);
		expect(SESSION_ABSOLUTE_MS).toBe(90 * DAY);
	});

	it('truncates a very long user agent', async () => {
		const { id } = await newSession(aliceId, { userAgent: 'A'.repeat(1000) });
		expect((await sessionRow(id)).userAgent).toHaveLength(300);
	});
});

describe('validateSessionToken', () => {
	it('returns the person with their team and department', async () => {
		const { token, id } = await newSession(aliceId);
		const result = await validateSessionToken(token);
		expect(result).not.toBeNull();
		expect(result!.session).toMatchObject({ id, personId: aliceId, renewed: false });
		expect(result!.person).toEqual({
			id: aliceId,
			name: 'Alice Adams',
			email: 'alice@example.com',
			role: 'member',
			teamId: platformId,
			teamName: 'Platform',
			departmentId: expect.any(Number),
			departmentName: 'Engineering',
			departmentKind: 'engineering'
		});
	});

	it('returns nulls for team and department when the person has no team', async () => {
		const { token } = await newSession(bobId);
		const result = await validateSessionToken(token);
		expect(result!.person).toMatchObject({
			id: bobId,
			teamId: null,
			teamName: null,
			departmentId: null,
			departmentName: null,
			departmentKind: null
		});
	});

	it('refuses malformed tokens', async () => {
		const { token, id } = await newSession(aliceId);
		const [, secret] = token.split('.');
		for (const bad of [
			'',
			'.',
			'abc',
			id,
			`${id}.`,
			`.${secret}`,
			`${token}.x`,
			`${id}..${secret}`
		]) {
			expect(await validateSessionToken(bad), JSON.stringify(bad)).toBeNull();
		}
		expect(await validateSessionToken(token)).not.toBeNull();
	});

	it('refuses a wrong secret without ending the real session', async () => {
		const { token, id } = await newSession(aliceId);
		const other = generateSessionToken().split('.')[1];
		expect(await validateSessionToken(`${id}.${other}`)).toBeNull();
		// Someone guessing secrets cannot sign the owner out.
		expect(await sessionRow(id)).toBeDefined();
		expect(await validateSessionToken(token)).not.toBeNull();
	});

	it('refuses an unknown id', async () => {
		expect(await validateSessionToken(generateSessionToken())).toBeNull();
	});

	it('the sessions table holds no usable token', async () => {
		const { token, id } = await newSession(aliceId);
		const row = await sessionRow(id);
		expect(row).toBeDefined();
		const [, secret] = token.split('.');
		expect(row.secretHash).not.toBe(secret);

		// Everything a copy of the table reveals fails to sign in…
		expect(await validateSessionToken(row.id)).toBeNull();
		expect(await validateSessionToken(row.secretHash)).toBeNull();
		expect(await validateSessionToken(`${row.id}.${row.secretHash}`)).toBeNull();
		expect(await validateSessionToken(`${row.secretHash}.${row.id}`)).toBeNull();
		// …while the cookie's token does.
		const valid = await validateSessionToken(token);
		expect(valid?.person.id).toBe(aliceId);
		expect(await sessionRow(id)).toBeDefined();
	});
	it('answers each of many tokens checked at once for itself', async () => {
		// After a restart every tab checks at once: the checks share one read of the table.
		const alice = await newSession(aliceId);
		const bob = await newSession(bobId);
		const ended = await newSession(bobId);
		await invalidateSession(ended.id);
		const guessed = `${alice.id}.${generateSessionToken().split('.')[1]}`;
		const results = await Promise.all(
			[alice.token, bob.token, ended.token, guessed, alice.token].map(validateSessionToken)
		);
		expect(results.map((r) => r?.person.id ?? null)).toEqual([aliceId, bobId, null, null, aliceId]);
		// Two tabs of one sign-in get a person each: one changing theirs leaves the other's.
		expect(results[0]!.person).not.toBe(results[4]!.person);
	});
});

describe('expiry', () => {
	it('refuses and deletes a session past its idle expiry', async () => {
		const { token, id } = await newSession(aliceId);
		await testDb.db
			.update(session)
			.set({ expiresAt: new Date(Date.now() - 1000), lastUsedAt: new Date(Date.now() - 15 * DAY) })
			.where(eq(session.id, id));
		expect(await validateSessionToken(token)).toBeNull();
		expect(await sessionRow(id)).toBeUndefined();
		expect(await validateSessionToken(token)).toBeNull();
	});

	it('refuses and deletes a session past its absolute expiry even when recently used', async () => {
		const { token, id } = await newSession(aliceId);
		await testDb.db
			.update(session)
			.set({
				createdAt: new Date(Date.now() - 91 * DAY),
				absoluteExpiresAt: new Date(Date.now() - 1000),
				lastUsedAt: new Date(),
				expiresAt: new Date(Date.now() + 13 * DAY)
			})
			.where(eq(session.id, id));
		expect(await validateSessionToken(token)).toBeNull();
		expect(await sessionRow(id)).toBeUndefined();
	});

	it('does not renew a session used within the last ten minutes', async () => {
		const { token, id } = await newSession(aliceId);
		const lastUsedAt = new Date(Date.now() - 5 * MINUTE);
		const expiresAt = new Date(Date.now() + 3 * DAY);
		await testDb.db.update(session).set({ lastUsedAt, expiresAt }).where(eq(session.id, id));
		const result = await validateSessionToken(token);
		expect(result!.session.renewed).toBe(false);
		expect(result!.session.expiresAt.getTime()).toBe(expiresAt.getTime());
		const row = await sessionRow(id);
		expect(row.lastUsedAt.getTime()).toBe(lastUsedAt.getTime());
		expect(row.expiresAt.getTime()).toBe(expiresAt.getTime());
	});

	it('slides the idle expiry forward when used after ten minutes', async () => {
		const { token, id } = await newSession(aliceId);
		await testDb.db
			.update(session)
			.set({
				lastUsedAt: new Date(Date.now() - 11 * MINUTE),
				expiresAt: new Date(Date.now() + DAY)
			})
			.where(eq(session.id, id));
		const before = Date.now();
		const result = await validateSessionToken(token);
		expect(result!.session.renewed).toBe(true);
		const newExpiry = result!.session.expiresAt.getTime();
		expect(newExpiry).toBeGreaterThanOrEqual(before + SESSION_IDLE_MS);
		expect(newExpiry).toBeLessThanOrEqual(Date.now() + SESSION_IDLE_MS);
		const row = await sessionRow(id);
		expect(row.expiresAt.getTime()).toBe(newExpiry);
		expect(row.lastUsedAt.getTime()).toBeGreaterThanOrEqual(before);

		// Used again straight away: nothing to write, nothing to re-send.
		const again = await validateSessionToken(token);
		expect(again!.session.renewed).toBe(false);
		expect(again!.session.expiresAt.getTime()).toBe(newExpiry);
	});

	it('never renews past the absolute expiry', async () => {
		const { token, id } = await newSession(aliceId);
		const absoluteExpiresAt = new Date(Date.now() + 2 * DAY);
		await testDb.db
			.update(session)
			.set({
				lastUsedAt: new Date(Date.now() - 30 * MINUTE),
				expiresAt: new Date(Date.now() + DAY),
				absoluteExpiresAt
			})
			.where(eq(session.id, id));
		const result = await validateSessionToken(token);
		expect(result!.session.renewed).toBe(true);
		expect(result!.session.expiresAt.getTime()).toBe(absoluteExpiresAt.getTime());
		expect((await sessionRow(id)).expiresAt.getTime()).toBe(absoluteExpiresAt.getTime());
	});
});

describe('revocation', () => {
	it('a stolen-then-revoked session token no longer works (sign out)', async () => {
		const { token, id } = await newSession(aliceId);
		expect(await validateSessionToken(token)).not.toBeNull();
		await invalidateSession(id);
		expect(await validateSessionToken(token)).toBeNull();
		expect(await sessionRow(id)).toBeUndefined();
	});

	it('a stolen-then-revoked session token no longer works (sign out everywhere)', async () => {
		const a = await newSession(bobId);
		const b = await newSession(bobId);
		const alice = await newSession(aliceId);
		expect(await validateSessionToken(a.token)).not.toBeNull();
		expect(await validateSessionToken(b.token)).not.toBeNull();
		await invalidateAllSessions(bobId);
		expect(await validateSessionToken(a.token)).toBeNull();
		expect(await validateSessionToken(b.token)).toBeNull();
		expect(await testDb.db.select().from(session).where(eq(session.personId, bobId))).toHaveLength(
			0
		);
		// Other people stay signed in.
		expect(await validateSessionToken(alice.token)).not.toBeNull();
	});

	it('signing out everywhere can keep the current browser', async () => {
		const current = await newSession(bobId);
		const stolen = await newSession(bobId);
		await invalidateAllSessions(bobId, current.id);
		expect(await validateSessionToken(stolen.token)).toBeNull();
		expect(await validateSessionToken(current.token)).not.toBeNull();
		const left = await testDb.db.select().from(session).where(eq(session.personId, bobId));
		expect(left.map((s) => s.id)).toEqual([current.id]);
	});

	it('a stolen-then-revoked session token no longer works (person deactivated)', async () => {
		const [{ id: carolId }] = await testDb.db
			.insert(person)
			.values({ name: 'Carol Chen', email: 'carol@example.com', passwordHash: 'x' })
			.returning({ id: person.id });
		const first = await newSession(carolId);
		const second = await newSession(carolId);
		expect(await validateSessionToken(first.token)).not.toBeNull();
		await deactivatePerson(adminId, carolId);
		expect(await validateSessionToken(first.token)).toBeNull();
		expect(await validateSessionToken(second.token)).toBeNull();
		expect(
			await testDb.db.select().from(session).where(eq(session.personId, carolId))
		).toHaveLength(0);
	});

	it('a session of a person deactivated behind its back is refused and deleted', async () => {
		const [{ id: danId }] = await testDb.db
			.insert(person)
			.values({ name: 'Dan Dorsey', email: 'dan@example.com', passwordHash: 'x' })
			.returning({ id: person.id });
		const { token, id } = await newSession(danId);
		await testDb.db.update(person).set({ active: false }).where(eq(person.id, danId));
		expect(await validateSessionToken(token)).toBeNull();
		expect(await sessionRow(id)).toBeUndefined();
	});

	it("ends one of a person's own sessions but not someone else's", async () => {
		const mine = await newSession(aliceId);
		const theirs = await newSession(bobId);
		expect(await invalidatePersonSession(aliceId, theirs.id)).toBe(false);
		expect(await validateSessionToken(theirs.token)).not.toBeNull();
		expect(await invalidatePersonSession(aliceId, mine.id)).toBe(true);
		expect(await validateSessionToken(mine.token)).toBeNull();
		expect(await invalidatePersonSession(aliceId, mine.id)).toBe(false);
	});
});

describe('listSessions', () => {
	it("lists a person's live sessions, most recently used first, without secrets", async () => {
		const [{ id: erinId }] = await testDb.db
			.insert(person)
			.values({ name: 'Erin Evans', email: 'erin@example.com', passwordHash: 'x' })
			.returning({ id: person.id });
		const older = await newSession(erinId, { userAgent: 'Safari', ipAddress: '198.51.100.1' });
		const newer = await newSession(erinId, { userAgent: 'Chrome', ipAddress: '198.51.100.2' });
		const expired = await newSession(erinId, { userAgent: 'Old' });
		await newSession(aliceId);
		await testDb.db
			.update(session)
			.set({ lastUsedAt: new Date(Date.now() - 2 * DAY) })
			.where(eq(session.id, older.id));
		await testDb.db
			.update(session)
			.set({ expiresAt: new Date(Date.now() - MINUTE) })
			.where(eq(session.id, expired.id));

		const list = await listSessions(erinId);
		expect(list.map((s) => s.id)).toEqual([newer.id, older.id]);
		expect(list[0]).toMatchObject({ userAgent: 'Chrome', ipAddress: '198.51.100.2' });
		expect(list[1]).toMatchObject({ userAgent: 'Safari', ipAddress: '198.51.100.1' });
		for (const entry of list) {
			expect(Object.keys(entry).sort()).toEqual(
				['createdAt', 'expiresAt', 'id', 'ipAddress', 'lastUsedAt', 'userAgent'].sort()
			);
		}
		expect(await listSessions(999_999)).toEqual([]);
	});
});

describe('why a session no longer signs in', () => {
	it('says expired, signed out from elsewhere, or deactivated, and nothing for junk', async () => {
		const [{ id: eveId }] = await testDb.db
			.insert(person)
			.values({ name: 'Eve Ended', email: 'eve@example.com', passwordHash: 'x' })
			.returning({ id: person.id });
		const idle = await newSession(eveId);
		await testDb.db
			.update(session)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(session.id, idle.id));
		expect(await checkSessionToken(idle.token)).toEqual({ ended: 'expired' });
		// Looked at again, the expired session is gone like any other ended one.
		expect(await checkSessionToken(idle.token)).toEqual({ ended: 'signed_out' });

		const here = await newSession(eveId);
		const there = await newSession(eveId);
		await invalidateAllSessions(eveId, there.id);
		expect(await checkSessionToken(here.token)).toEqual({ ended: 'signed_out' });
		expect(await checkSessionToken(there.token)).toHaveProperty('session');

		await testDb.db.update(person).set({ active: false }).where(eq(person.id, eveId));
		expect(await checkSessionToken(there.token)).toEqual({ ended: 'deactivated' });
		expect(await checkSessionToken('not-a-token')).toEqual({ ended: null });
	});
});
