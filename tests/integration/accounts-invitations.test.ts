import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	authenticate,
	changePassword,
	closeSignupDomain,
	createInvitation,
	inspectInvitation,
	isFirstSignUp,
	listPendingInvitations,
	listSignupDomains,
	openSignupDomain,
	renamePerson,
	revokeInvitation,
	signUp
} from '../../src/lib/server/auth';
import { verifyPassword } from '../../src/lib/server/auth/password';
import {
	createSession,
	generateSessionToken,
	validateSessionToken
} from '../../src/lib/server/auth';
import { department, person, team } from '../../src/lib/server/org/schema';
import { invitation, signupDomain } from '../../src/lib/server/auth/schema';
import { refusal } from '../helpers/refusal';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const IP = '198.51.100.10';

let testDb: TestDatabase;
let adminId: number;

beforeAll(async () => {
	testDb = await createTestDatabase();
});
afterAll(async () => {
	await testDb?.destroy();
});

async function people() {
	return testDb.db.select().from(person).orderBy(person.id);
}

async function invitationRow(token: string) {
	const rows = await testDb.db.select().from(invitation);
	// Only the hash is stored, so find the row by elimination: the newest one.
	expect(JSON.stringify(rows)).not.toContain(token);
	return rows.sort((a, b) => b.id - a.id)[0];
}

describe('the first account', () => {
	it('two simultaneous first sign-ups make exactly one admin', async () => {
		expect(await isFirstSignUp()).toBe(true);
		const results = await Promise.allSettled([
			signUp({ name: 'Ada Admin', email: 'ada@example.com', password: 'violet harbour 73' }),
			signUp({ name: 'Zed Zero', email: 'zed@example.com', password: 'amber canyon 19' })
		]);
		const created = results.filter((r) => r.status === 'fulfilled');
		const refused = results.filter((r) => r.status === 'rejected');
		expect(created).toHaveLength(1);
		expect(refused).toHaveLength(1);
		expect((refused[0] as PromiseRejectedResult).reason.message).toBe(
			'Sign-up is by invitation. Ask an admin of your workspace for an invitation link.'
		);
		const rows = await people();
		expect(rows).toHaveLength(1);
		expect(rows[0].role).toBe('admin');
		adminId = rows[0].id;
		expect(await isFirstSignUp()).toBe(false);
	});

	it('refuses a second account with the same email in any case', async () => {
		const email = (await people())[0].email;
		const err = await refusal(
			signUp({ name: 'Copy', email: email.toUpperCase(), password: 'granite lantern 5' })
		);
		expect(err.message).toBe('An account with this email already exists. Sign in instead.');
		expect(err.field).toBe('email');
		expect(await people()).toHaveLength(1);
	});

	it('refuses a password containing the email local part, before creating anything', async () => {
		await openSignupDomain(adminId, 'weak.test');
		const err = await refusal(
			signUp({ name: 'Quentin', email: 'quentin@weak.test', password: 'Quentin-2026!' })
		);
		expect(err.field).toBe('password');
		expect(err.message).toBe('The password must not contain your email address.');
		expect(await people()).toHaveLength(1);
	});
});

describe('invitations', () => {
	it('stores only a hash of the link token', async () => {
		const token = await createInvitation(adminId, { email: 'hash@example.com' });
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const row = await invitationRow(token);
		expect(row.email).toBe('hash@example.com');
		expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
		expect(row.tokenHash).not.toBe(token);
		expect(row.createdById).toBe(adminId);
		expect(row.expiresAt).toBeNull();
	});

	it('places the new member in the invitation team and records the use', async () => {
		const [engineering] = await testDb.db
			.select()
			.from(department)
			.where(eq(department.name, 'Engineering'));
		const [{ id: teamId }] = await testDb.db
			.insert(team)
			.values({ name: 'Web App', departmentId: engineering!.id })
			.returning({ id: team.id });
		const token = await createInvitation(adminId, { email: 'Wendy@Example.com', teamId });
		expect(await inspectInvitation(token)).toEqual({ ok: true, email: 'wendy@example.com' });

		const wendy = await signUp({
			name: '  Wendy Web  ',
			email: 'WENDY@example.com',
			password: 'copper kettle 88',
			inviteToken: token
		});
		expect(wendy.role).toBe('member');
		const [stored] = await testDb.db.select().from(person).where(eq(person.id, wendy.id));
		expect(stored).toMatchObject({ name: 'Wendy Web', email: 'wendy@example.com', teamId });
		const row = await invitationRow(token);
		expect(row.usedById).toBe(wendy.id);
		expect(row.usedAt).toBeInstanceOf(Date);
		expect(await inspectInvitation(token)).toEqual({
			ok: false,
			message: 'This invitation link has already been used.'
		});
	});

	it('an email-locked invitation refuses another address and stays usable', async () => {
		const token = await createInvitation(adminId, { email: 'locked@example.com' });
		const err = await refusal(
			signUp({
				name: 'Mallory',
				email: 'mallory@example.com',
				password: 'quiet harbour 9',
				inviteToken: token
			})
		);
		expect(err.message).toBe('This invitation is for locked@example.com.');
		expect(err.field).toBe('email');
		expect(
			await testDb.db.select().from(person).where(eq(person.email, 'mallory@example.com'))
		).toHaveLength(0);
		expect((await invitationRow(token)).usedAt).toBeNull();

		const rightful = await signUp({
			name: 'Lou Locked',
			email: 'locked@example.com',
			password: 'quiet harbour 9',
			inviteToken: token
		});
		expect(rightful.role).toBe('member');
	});

	it('an invitation without email can be used by any address, once', async () => {
		const token = await createInvitation(adminId, {});
		expect(await inspectInvitation(token)).toEqual({ ok: true, email: null });
		const any = await signUp({
			name: 'Any One',
			email: 'anyone@elsewhere.test',
			password: 'marble falcon 31',
			inviteToken: token
		});
		expect(any.role).toBe('member');
		const err = await refusal(
			signUp({
				name: 'Two',
				email: 'second@elsewhere.test',
				password: 'marble falcon 31',
				inviteToken: token
			})
		);
		expect(err.message).toBe('This invitation link has already been used.');
	});

	it('refuses an expired invitation', async () => {
		const token = await createInvitation(adminId, { email: 'late@example.com', expiresInDays: 7 });
		const row = await invitationRow(token);
		const week = row.expiresAt!.getTime() - row.createdAt.getTime();
		expect(Math.abs(week - 7 * 86_400_000)).toBeLessThan(5_000);

		await testDb.db
			.update(invitation)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(invitation.id, row.id));
		const message = 'This invitation link has expired. Ask an admin for a new one.';
		expect(await inspectInvitation(token)).toEqual({ ok: false, message });
		const err = await refusal(
			signUp({
				name: 'Late',
				email: 'late@example.com',
				password: 'tardy turtle 12',
				inviteToken: token
			})
		);
		expect(err.message).toBe(message);
		expect(
			await testDb.db.select().from(person).where(eq(person.email, 'late@example.com'))
		).toHaveLength(0);
	});

	it('refuses a revoked invitation and no longer lists it', async () => {
		const token = await createInvitation(adminId, { email: 'revoked@example.com' });
		const row = await invitationRow(token);
		expect((await listPendingInvitations()).map((i) => i.id)).toContain(row.id);
		await revokeInvitation(row.id);
		expect((await listPendingInvitations()).map((i) => i.id)).not.toContain(row.id);
		const message = 'This invitation link is not valid.';
		expect(await inspectInvitation(token)).toEqual({ ok: false, message });
		const err = await refusal(
			signUp({
				name: 'Revoked',
				email: 'revoked@example.com',
				password: 'pebble comet 64',
				inviteToken: token
			})
		);
		expect(err.message).toBe(message);
	});

	it('refuses an unknown invitation token', async () => {
		expect(await inspectInvitation('nosuchtoken')).toEqual({
			ok: false,
			message: 'This invitation link is not valid.'
		});
		const err = await refusal(
			signUp({
				name: 'Guess',
				email: 'guess@example.com',
				password: 'pebble comet 64',
				inviteToken: 'nosuchtoken'
			})
		);
		expect(err.message).toBe('This invitation link is not valid.');
	});

	it('revoking a used invitation leaves its record alone', async () => {
		const token = await createInvitation(adminId, { email: 'kept@example.com' });
		await signUp({
			name: 'Kept',
			email: 'kept@example.com',
			password: 'silver birch 27',
			inviteToken: token
		});
		const row = await invitationRow(token);
		await revokeInvitation(row.id);
		const [after] = await testDb.db.select().from(invitation).where(eq(invitation.id, row.id));
		expect(after.revokedAt).toBeNull();
		expect(after.usedAt).not.toBeNull();
	});

	it('refuses to invite an email that already has an account', async () => {
		const before = await testDb.db.select().from(invitation);
		const err = await refusal(createInvitation(adminId, { email: ' WENDY@example.com ' }));
		expect(err.message).toBe('Someone with this email already has an account.');
		expect(err.field).toBe('email');
		expect(await testDb.db.select().from(invitation)).toHaveLength(before.length);
	});
});

describe('open sign-up domains', () => {
	it('lets anyone at an opened domain sign up, and nobody once closed', async () => {
		await openSignupDomain(adminId, ' @Open.TEST ');
		await openSignupDomain(adminId, 'open.test');
		const domains = await listSignupDomains();
		expect(domains.filter((d) => d.domain === 'open.test')).toHaveLength(1);

		const olive = await signUp({
			name: 'Olive',
			email: 'olive@OPEN.test',
			password: 'meadow lark 55'
		});
		expect(olive.role).toBe('member');
		const [stored] = await testDb.db.select().from(person).where(eq(person.id, olive.id));
		expect(stored.teamId).toBeNull();

		// A look-alike domain is not open.
		const err = await refusal(
			signUp({ name: 'Sub', email: 'sub@evil.open.test', password: 'meadow lark 55' })
		);
		expect(err.message).toBe(
			'Sign-up is by invitation. Ask an admin of your workspace for an invitation link.'
		);

		await closeSignupDomain('OPEN.test');
		expect(
			await testDb.db.select().from(signupDomain).where(eq(signupDomain.domain, 'open.test'))
		).toHaveLength(0);
		const closed = await refusal(
			signUp({ name: 'Oscar', email: 'oscar@open.test', password: 'meadow lark 55' })
		);
		expect(closed.field).toBe('email');
		expect(
			await testDb.db.select().from(person).where(eq(person.email, 'oscar@open.test'))
		).toHaveLength(0);
	});
});

describe('changePassword', () => {
	it('signs out other sessions, keeps this one and swaps the password', async () => {
		const { id } = await signUp({
			name: 'Pat',
			email: 'pat@weak.test',
			password: 'first secret 11'
		});
		const here = generateSessionToken();
		const elsewhere = generateSessionToken();
		const { id: hereId } = await createSession(here, id);
		await createSession(elsewhere, id);

		await changePassword(id, 'first secret 11', 'second secret 22', hereId);
		expect(await validateSessionToken(here)).not.toBeNull();
		expect(await validateSessionToken(elsewhere)).toBeNull();

		const [row] = await testDb.db.select().from(person).where(eq(person.id, id));
		expect(await verifyPassword(row.passwordHash, 'second secret 22')).toBe(true);
		expect(await authenticate('pat@weak.test', 'second secret 22', IP)).toBe(id);
		await expect(authenticate('pat@weak.test', 'first secret 11', IP)).rejects.toThrow(
			'Email or password is incorrect.'
		);
	});

	it('refuses a wrong current password or a weak new one and changes nothing', async () => {
		const [pat] = await testDb.db.select().from(person).where(eq(person.email, 'pat@weak.test'));
		const token = generateSessionToken();
		const other = generateSessionToken();
		const { id: sessionId } = await createSession(token, pat.id);
		await createSession(other, pat.id);

		const wrong = await refusal(
			changePassword(pat.id, 'not my password', 'third secret 33', sessionId)
		);
		expect(wrong.field).toBe('currentPassword');
		expect(wrong.message).toBe('The current password is not correct.');

		const weak = await refusal(
			changePassword(pat.id, 'second secret 22', 'password123', sessionId)
		);
		expect(weak.field).toBe('newPassword');
		expect(weak.message).toMatch(/too common/);

		const short = await refusal(changePassword(pat.id, 'second secret 22', 'short', sessionId));
		expect(short.message).toBe('Use at least 8 characters.');

		const [after] = await testDb.db.select().from(person).where(eq(person.id, pat.id));
		expect(after.passwordHash).toBe(pat.passwordHash);
		// Nobody was signed out by a refused change.
		expect(await validateSessionToken(other)).not.toBeNull();
	});

	it('refuses a new password containing the email local part', async () => {
		const [olive] = await testDb.db
			.select()
			.from(person)
			.where(eq(person.email, 'olive@open.test'));
		const { id: sessionId } = await createSession(generateSessionToken(), olive.id);
		const err = await refusal(
			changePassword(olive.id, 'meadow lark 55', 'OLIVE-rules-2026', sessionId)
		);
		expect(err.field).toBe('newPassword');
		expect(err.message).toBe('The password must not contain your email address.');
		const [after] = await testDb.db.select().from(person).where(eq(person.id, olive.id));
		expect(after.passwordHash).toBe(olive.passwordHash);
	});
});

describe('renamePerson', () => {
	it('stores the trimmed name', async () => {
		const [ada] = await people();
		await renamePerson(ada.id, '  Ada Lovelace  ');
		const [row] = await testDb.db.select().from(person).where(eq(person.id, ada.id));
		expect(row.name).toBe('Ada Lovelace');
	});
});
