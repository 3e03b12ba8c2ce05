import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	authenticate,
	createInvitation,
	openSignupDomain,
	signUp
} from '../../src/lib/server/auth';
import { person } from '../../src/lib/server/org/schema';
import { ServiceError } from '../../src/lib/server/errors';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let testDb: TestDatabase;
beforeAll(async () => {
	testDb = await createTestDatabase();
});
afterAll(async () => {
	await testDb?.destroy();
});

describe('sign-up', () => {
	it('makes the first account admin and then requires an invitation', async () => {
		const first = await signUp({
			name: 'Ada Admin',
			email: 'Ada@Example.com',
			password: 'correct horse battery'
		});
		expect(first.role).toBe('admin');
		const [stored] = await testDb.db.select().from(person).where(eq(person.id, first.id));
		expect(stored.email).toBe('ada@example.com');
		expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

		await expect(
			signUp({ name: 'Eve', email: 'eve@example.com', password: 'another long secret' })
		).rejects.toThrow(/invitation/);
		expect(await testDb.db.select().from(person)).toHaveLength(1);
	});

	it('accepts an invitation link once', async () => {
		const token = await createInvitation(1, { email: 'bob@example.com' });
		const bob = await signUp({
			name: 'Bob',
			email: 'bob@example.com',
			password: 'river stone 77',
			inviteToken: token
		});
		expect(bob.role).toBe('member');
		await expect(
			signUp({
				name: 'Mallory',
				email: 'mallory@example.com',
				password: 'quiet harbour 9',
				inviteToken: token
			})
		).rejects.toThrow(/already been used/);
	});

	it('lets an open email domain sign up without invitation', async () => {
		await openSignupDomain(1, 'acme.test');
		const carol = await signUp({
			name: 'Carol',
			email: 'carol@acme.test',
			password: 'sunny meadow 42'
		});
		expect(carol.role).toBe('member');
	});

	it('refuses common and too-short passwords with a field message', async () => {
		const err = await signUp({ name: 'X', email: 'x@acme.test', password: 'password123' }).catch(
			(e) => e
		);
		expect(err).toBeInstanceOf(ServiceError);
		expect(err.field).toBe('password');
		expect(err.message).toMatch(/too common/);
	});

	it('signs in with the right password only', async () => {
		expect(
			await authenticate('ADA@example.com', 'correct horse battery', '10.0.0.1')
		).toBeGreaterThan(0);
		await expect(authenticate('ada@example.com', 'wrong password', '10.0.0.1')).rejects.toThrow(
			'Email or password is incorrect.'
		);
		await expect(authenticate('nobody@example.com', 'wrong password', '10.0.0.1')).rejects.toThrow(
			'Email or password is incorrect.'
		);
	});
});
