import { describe, expect, it } from 'vitest';
import {
	hashPassword,
	passwordProblem,
	PASSWORD_MAX,
	PASSWORD_MIN,
	verifyAgainstDummy,
	verifyPassword
} from '../../src/lib/server/auth/password';

describe('passwordProblem', () => {
	it('accepts a long, uncommon password', () => {
		expect(passwordProblem('violet harbour 73')).toBeNull();
		expect(passwordProblem('violet harbour 73', 'ada@example.com')).toBeNull();
	});

	it('enforces the length limits at their exact boundaries', () => {
		expect(PASSWORD_MIN).toBe(8);
		expect(PASSWORD_MAX).toBe(128);
		expect(passwordProblem('gx7#kq2')).toBe('Use at least 8 characters.');
		expect(passwordProblem('gx7#kq2w')).toBeNull();
		expect(passwordProblem('')).toBe('Use at least 8 characters.');
		const longest = 'kq7#'.repeat(32);
		expect(longest).toHaveLength(128);
		expect(passwordProblem(longest)).toBeNull();
		expect(passwordProblem(`${longest}z`)).toBe('Use at most 128 characters.');
	});

	it('refuses common passwords whatever their case', () => {
		const tooCommon = 'This password is too common. Choose one that is harder to guess.';
		for (const common of ['password123', 'PASSWORD123', 'Qwertyuiop', 'iloveyou', 'tandem123']) {
			expect(passwordProblem(common), common).toBe(tooCommon);
		}
	});

	it('refuses a single character repeated', () => {
		const tooCommon = 'This password is too common. Choose one that is harder to guess.';
		expect(passwordProblem('zzzzzzzz')).toBe(tooCommon);
		expect(passwordProblem('!!!!!!!!!!!!')).toBe(tooCommon);
		expect(passwordProblem('zzzzzzzy')).toBeNull();
	});

	it("refuses a password containing the email's local part (4+ characters)", () => {
		const message = 'The password must not contain your email address.';
		expect(passwordProblem('my-dave-secret-9', 'dave@example.com')).toBe(message);
		expect(passwordProblem('MY-DAVE-SECRET-9', 'Dave@Example.com')).toBe(message);
		expect(passwordProblem('x.daviddoe.x99', 'daviddoe@example.com')).toBe(message);
		// Short local parts are too likely to match by chance and are not checked.
		expect(passwordProblem('bob-likes-rivers', 'bob@example.com')).toBeNull();
		// The domain alone is not a problem.
		expect(passwordProblem('example-river-41', 'dave@example.com')).toBeNull();
	});

	it('checks length before anything else', () => {
		expect(passwordProblem('dave', 'dave@example.com')).toBe('Use at least 8 characters.');
	});
});

describe('hashPassword / verifyPassword', () => {
	it('hashes with argon2id at m=19456, t=2, p=1', async () => {
		const hash = await hashPassword('violet harbour 73');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
		expect(hash).not.toContain('violet harbour 73');
	});

	it('salts every hash', async () => {
		const [a, b] = await Promise.all([
			hashPassword('violet harbour 73'),
			hashPassword('violet harbour 73')
		]);
		expect(a).not.toBe(b);
		expect(await verifyPassword(a, 'violet harbour 73')).toBe(true);
		expect(await verifyPassword(b, 'violet harbour 73')).toBe(true);
	});

	it('verifies only the right password', async () => {
		const hash = await hashPassword('violet harbour 73');
		expect(await verifyPassword(hash, 'violet harbour 73')).toBe(true);
		expect(await verifyPassword(hash, 'violet harbour 74')).toBe(false);
		expect(await verifyPassword(hash, 'Violet harbour 73')).toBe(false);
		expect(await verifyPassword(hash, '')).toBe(false);
	});

	it('handles non-ASCII passwords', async () => {
		const hash = await hashPassword('Grüße aus Köln ☕ 2026');
		expect(await verifyPassword(hash, 'Grüße aus Köln ☕ 2026')).toBe(true);
		expect(await verifyPassword(hash, 'Grusse aus Koln ☕ 2026')).toBe(false);
	});

	it('answers false, not an exception, for a malformed stored hash', async () => {
		expect(await verifyPassword('not-a-hash', 'violet harbour 73')).toBe(false);
		expect(await verifyPassword('', 'violet harbour 73')).toBe(false);
		expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$broken', 'x')).toBe(false);
	});

	it('the dummy check always fails', async () => {
		expect(await verifyAgainstDummy('tandem-dummy-password-for-timing')).toBe(false);
		expect(await verifyAgainstDummy('violet harbour 73')).toBe(false);
	});
});
