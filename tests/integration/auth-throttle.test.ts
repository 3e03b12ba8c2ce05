import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authenticate, DEACTIVATED_ACCOUNT, signUp } from '../../src/lib/server/auth';
import {
	LOGIN_BLOCK_MINUTES,
	MAX_LOGIN_FAILURES,
	throttleKey
} from '../../src/lib/server/auth/throttle';
import { loginAccountThrottle, loginThrottle } from '../../src/lib/server/auth/schema';
import { person } from '../../src/lib/server/org/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const EMAIL = 'ada@example.com';
const PASSWORD = 'correct horse battery';
const WRONG = 'wrong horse battery';
const INCORRECT = 'Email or password is incorrect.';
const BLOCKED = 'Too many failed sign-ins. Try again in 15 minutes.';

let testDb: TestDatabase;
let adaId: number;

beforeAll(async () => {
	testDb = await createTestDatabase();
	({ id: adaId } = await signUp({ name: 'Ada Admin', email: EMAIL, password: PASSWORD }));
});
afterAll(async () => {
	await testDb?.destroy();
});
// These tests are about the per-(email, IP) rule; the per-account delay, which the same
// account builds up across tests and IPs here, has its own tests (auth-account-throttle).
beforeEach(async () => {
	await testDb.db.delete(loginAccountThrottle);
});

/** The message a sign-in attempt shows, or the person id when it succeeds. */
async function attempt(email: string, password: string, ip: string): Promise<number | string> {
	try {
		return await authenticate(email, password, ip);
	} catch (err) {
		return (err as Error).message;
	}
}

async function failTimes(n: number, email: string, ip: string): Promise<(number | string)[]> {
	const messages: (number | string)[] = [];
	for (let i = 0; i < n; i++) messages.push(await attempt(email, WRONG, ip));
	return messages;
}

async function throttleRow(email: string, ip: string) {
	const [row] = await testDb.db
		.select()
		.from(loginThrottle)
		.where(eq(loginThrottle.key, throttleKey(email, ip)));
	return row;
}

describe('login throttling', () => {
	it('allows ten failures per email and IP, then blocks for 15 minutes', () => {
		expect(MAX_LOGIN_FAILURES).toBe(10);
		expect(LOGIN_BLOCK_MINUTES).toBe(15);
	});

	it('blocks after 10 failures even with the correct password afterwards', async () => {
		const ip = '203.0.113.1';
		const messages = await failTimes(10, EMAIL, ip);
		expect(messages.slice(0, 9)).toEqual(Array(9).fill(INCORRECT));
		expect(messages[9]).toBe(BLOCKED);

		expect(await attempt(EMAIL, PASSWORD, ip)).toBe(BLOCKED);
		expect(await attempt(EMAIL.toUpperCase(), PASSWORD, ip)).toBe(BLOCKED);
		expect(await attempt(` ${EMAIL} `, PASSWORD, ip)).toBe(BLOCKED);

		const row = await throttleRow(EMAIL, ip);
		expect(row.failures).toBe(10);
		const left = row.blockedUntil!.getTime() - Date.now();
		expect(left).toBeGreaterThan(14 * 60_000);
		expect(left).toBeLessThanOrEqual(15 * 60_000 + 5_000);
	});

	it('does not count attempts made while blocked', async () => {
		const ip = '203.0.113.1';
		const before = await throttleRow(EMAIL, ip);
		expect(await attempt(EMAIL, WRONG, ip)).toBe(BLOCKED);
		const after = await throttleRow(EMAIL, ip);
		expect(after.failures).toBe(before.failures);
		expect(after.blockedUntil!.getTime()).toBe(before.blockedUntil!.getTime());
	});

	it('leaves other IPs and other emails unaffected', async () => {
		expect(await attempt(EMAIL, PASSWORD, '203.0.113.2')).toBe(adaId);
		expect(await attempt('someone@example.com', WRONG, '203.0.113.1')).toBe(INCORRECT);
	});

	it('shows the same messages for an unknown email as for a real account', async () => {
		const ip = '203.0.113.3';
		const known = await failTimes(11, EMAIL, ip);
		const unknown = await failTimes(11, 'nobody@example.com', ip);
		expect(unknown).toEqual(known);
		expect(unknown.slice(0, 9)).toEqual(Array(9).fill(INCORRECT));
		expect(unknown.slice(9)).toEqual([BLOCKED, BLOCKED]);
		expect((await throttleRow('nobody@example.com', ip)).failures).toBe(10);
	});

	it('counts a deactivated account alike, telling only its right password why', async () => {
		const ip = '203.0.113.4';
		// Same password hash as Ada's, so the password given is the account's real one.
		const [ada] = await testDb.db.select().from(person).where(eq(person.id, adaId));
		await testDb.db.insert(person).values({
			name: 'Gone Person',
			email: 'gone@example.com',
			passwordHash: ada.passwordHash,
			active: false
		});
		const messages: (number | string)[] = [];
		for (let i = 0; i < 5; i++) messages.push(await attempt('gone@example.com', PASSWORD, ip));
		for (let i = 0; i < 5; i++) messages.push(await attempt('gone@example.com', 'wrong', ip));
		expect(messages.slice(0, 5)).toEqual(Array(5).fill(DEACTIVATED_ACCOUNT));
		expect(messages.slice(5, 9)).toEqual(Array(4).fill(INCORRECT));
		expect(messages[9]).toBe(BLOCKED);
	});

	it('clears the count on success', async () => {
		const ip = '203.0.113.5';
		expect(await failTimes(9, EMAIL, ip)).toEqual(Array(9).fill(INCORRECT));
		expect((await throttleRow(EMAIL, ip)).failures).toBe(9);
		expect(await attempt(EMAIL, PASSWORD, ip)).toBe(adaId);
		expect(await throttleRow(EMAIL, ip)).toBeUndefined();
		// A fresh allowance of ten.
		expect(await failTimes(9, EMAIL, ip)).toEqual(Array(9).fill(INCORRECT));
		expect(await attempt(EMAIL, WRONG, ip)).toBe(BLOCKED);
	});

	it('lets the person in once the block is over', async () => {
		const ip = '203.0.113.6';
		await failTimes(10, EMAIL, ip);
		expect(await attempt(EMAIL, PASSWORD, ip)).toBe(BLOCKED);
		await testDb.db
			.update(loginThrottle)
			.set({
				windowStartedAt: new Date(Date.now() - 31 * 60_000),
				blockedUntil: new Date(Date.now() - 1_000)
			})
			.where(eq(loginThrottle.key, throttleKey(EMAIL, ip)));
		expect(await attempt(EMAIL, PASSWORD, ip)).toBe(adaId);
		expect(await throttleRow(EMAIL, ip)).toBeUndefined();
	});

	it('starts counting afresh after a failure window of 15 minutes', async () => {
		const ip = '203.0.113.7';
		await failTimes(9, EMAIL, ip);
		await testDb.db
			.update(loginThrottle)
			.set({ windowStartedAt: new Date(Date.now() - 16 * 60_000) })
			.where(eq(loginThrottle.key, throttleKey(EMAIL, ip)));
		expect(await attempt(EMAIL, WRONG, ip)).toBe(INCORRECT);
		const row = await throttleRow(EMAIL, ip);
		expect(row.failures).toBe(1);
		expect(row.blockedUntil).toBeNull();
		expect(Date.now() - row.windowStartedAt.getTime()).toBeLessThan(60_000);
	});

	it('tells how many minutes are left on a block', async () => {
		const ip = '203.0.113.8';
		await failTimes(10, EMAIL, ip);
		const key = throttleKey(EMAIL, ip);
		await testDb.db
			.update(loginThrottle)
			.set({ blockedUntil: new Date(Date.now() + 30_000) })
			.where(eq(loginThrottle.key, key));
		expect(await attempt(EMAIL, PASSWORD, ip)).toBe(
			'Too many failed sign-ins. Try again in 1 minute.'
		);
		await testDb.db
			.update(loginThrottle)
			.set({ blockedUntil: new Date(Date.now() + 4 * 60_000 + 30_000) })
			.where(eq(loginThrottle.key, key));
		expect(await attempt(EMAIL, PASSWORD, ip)).toBe(
			'Too many failed sign-ins. Try again in 5 minutes.'
		);
	});

	it('counts failures made at the same moment', async () => {
		const ip = '203.0.113.9';
		const messages = await Promise.all(Array.from({ length: 12 }, () => attempt(EMAIL, WRONG, ip)));
		expect(messages.every((m) => m === INCORRECT || m === BLOCKED)).toBe(true);
		// Ten were tried (nine "incorrect", the tenth starts the block); two were refused uncounted.
		expect(messages.filter((m) => m === INCORRECT)).toHaveLength(9);
		expect((await throttleRow(EMAIL, ip)).failures).toBe(10);
		expect(await attempt(EMAIL, PASSWORD, ip)).toBe(BLOCKED);
	});

	// Attempts are counted before the slow password check, so parallel guesses cannot all
	// slip in while it runs.
	it('parallel guesses cannot get more than ten tries', async () => {
		const ip = '203.0.113.10';
		const guesses = Array.from({ length: 30 }, (_, i) => (i === 29 ? PASSWORD : `${WRONG} ${i}`));
		const results = await Promise.all(guesses.map((g) => attempt(EMAIL, g, ip)));
		// The right password came after 29 wrong ones: it must not have been tried.
		expect(results[29]).toBe(BLOCKED);
	});

	it('keeps neither emails nor IPs in clear in the throttle table', async () => {
		const rows = await testDb.db.select().from(loginThrottle);
		expect(rows.length).toBeGreaterThan(0);
		const dump = JSON.stringify(rows);
		expect(dump).not.toContain('example.com');
		expect(dump).not.toContain('203.0.113');
	});
});
