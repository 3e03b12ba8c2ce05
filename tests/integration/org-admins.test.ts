import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createSession,
	generateSessionToken,
	validateSessionToken
} from '../../src/lib/server/auth';
import { person } from '../../src/lib/server/org/schema';
import { deactivatePerson, setRole } from '../../src/lib/server/org';
import { refusal } from '../helpers/refusal';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

// This file counts admins exactly, so it has its own database and inserts people directly
// (the admin guards do not look at passwords).
let testDb: TestDatabase;
beforeAll(async () => {
	testDb = await createTestDatabase();
});
afterAll(async () => {
	await testDb?.destroy();
});

async function addPerson(
	name: string,
	email: string,
	extra: { role?: 'admin' | 'member' } = {}
): Promise<number> {
	const [row] = await testDb.db
		.insert(person)
		.values({ name, email, passwordHash: 'x', ...extra })
		.returning({ id: person.id });
	return row.id;
}

async function personRow(id: number) {
	const [row] = await testDb.db.select().from(person).where(eq(person.id, id));
	return row;
}

async function byEmail(email: string) {
	const [row] = await testDb.db.select().from(person).where(eq(person.email, email));
	return row;
}

async function signIn(personId: number): Promise<string> {
	const token = generateSessionToken();
	await createSession(token, personId);
	return token;
}

async function activeAdmins() {
	const rows = await testDb.db.select().from(person);
	return rows.filter((r) => r.role === 'admin' && r.active);
}

/** Leaves `keep` as the only admins, so a test starts from a known count. */
async function onlyAdmins(...keep: number[]) {
	for (const r of await activeAdmins()) {
		if (!keep.includes(r.id)) {
			await testDb.db.update(person).set({ role: 'member' }).where(eq(person.id, r.id));
		}
	}
}

describe('admin guards', () => {
	// The service checks the actor itself: a member cannot remove the last admin (or anyone).
	it('refuses a member who tries to deactivate the last active admin', async () => {
		const only = await addPerson('Olga Only', 'olga@example.com', { role: 'admin' });
		const member = await addPerson('Max Member', 'max@example.com');
		const token = await signIn(only);
		const err = await refusal(deactivatePerson(member, only));
		expect(err.message).toBe('Only admins can deactivate people.');
		expect((await personRow(only)).active).toBe(true);
		expect(await validateSessionToken(token)).not.toBeNull();
	});

	it('refuses a member who tries to demote the last active admin', async () => {
		const olga = await byEmail('olga@example.com');
		const max = await byEmail('max@example.com');
		const err = await refusal(setRole(max.id, olga.id, 'member'));
		expect(err.message).toBe('Only admins can change roles.');
		expect((await personRow(olga.id)).role).toBe('admin');
	});

	it('refuses to demote yourself', async () => {
		const olga = await byEmail('olga@example.com');
		const err = await refusal(setRole(olga.id, olga.id, 'member'));
		expect(err.message).toBe('Ask another admin to remove your admin role.');
		expect((await personRow(olga.id)).role).toBe('admin');
	});

	it('with a second admin, one admin can demote or deactivate the other', async () => {
		const olga = await byEmail('olga@example.com');
		const max = await byEmail('max@example.com');
		await setRole(olga.id, max.id, 'admin');
		expect((await personRow(max.id)).role).toBe('admin');
		const maxToken = await signIn(max.id);
		expect((await validateSessionToken(maxToken))!.person.role).toBe('admin');

		await setRole(olga.id, max.id, 'member');
		expect((await personRow(max.id)).role).toBe('member');
		// The role is read fresh on every request.
		expect((await validateSessionToken(maxToken))!.person.role).toBe('member');

		await setRole(olga.id, max.id, 'admin');
		await deactivatePerson(max.id, olga.id);
		expect((await personRow(olga.id)).active).toBe(false);
		// Olga is inactive, so Max is now the last active admin, and she may change nothing.
		expect((await refusal(deactivatePerson(olga.id, max.id))).message).toBe(
			'Only admins can deactivate people.'
		);
		expect((await refusal(setRole(olga.id, max.id, 'member'))).message).toBe(
			'Only admins can change roles.'
		);
		expect((await personRow(max.id)).role).toBe('admin');
	});

	it('an inactive admin can be deactivated again without counting as the last admin', async () => {
		const olga = await byEmail('olga@example.com');
		const max = await byEmail('max@example.com');
		await deactivatePerson(max.id, olga.id);
		expect((await personRow(olga.id)).active).toBe(false);
	});

	// Demoting a deactivated admin leaves the number of active admins as it is.
	it('an admin can demote a deactivated admin', async () => {
		const olga = await byEmail('olga@example.com');
		const max = await byEmail('max@example.com');
		expect((await personRow(olga.id)).active).toBe(false);
		await setRole(max.id, olga.id, 'member');
		expect((await personRow(olga.id)).role).toBe('member');
	});
});

describe('admin guards under concurrency', () => {
	// Both see two admins unless the check and the change are serialised.
	it('two admins deactivating each other at once leave one active admin', async () => {
		const a = await addPerson('Ava Admin', 'ava@example.com', { role: 'admin' });
		const b = await addPerson('Ben Admin', 'ben@example.com', { role: 'admin' });
		await onlyAdmins(a, b);
		await Promise.allSettled([deactivatePerson(a, b), deactivatePerson(b, a)]);
		expect(await activeAdmins()).toHaveLength(1);
	});

	it('two admins demoting each other at once leave one admin', async () => {
		const a = await addPerson('Cleo Admin', 'cleo@example.com', { role: 'admin' });
		const b = await addPerson('Dirk Admin', 'dirk@example.com', { role: 'admin' });
		await onlyAdmins(a, b);
		await Promise.allSettled([setRole(a, b, 'member'), setRole(b, a, 'member')]);
		expect(await activeAdmins()).toHaveLength(1);
	});
});
