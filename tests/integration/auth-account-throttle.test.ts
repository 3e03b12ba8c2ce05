// Sign-in throttling per account (guesses spread over many IPs) and the job that prunes
// throttle rows nobody needs any more.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	authenticate,
	pruneLoginThrottles,
	signUp,
	startAuthHousekeeping
} from '../../src/lib/server/auth';
import {
	loginAccountThrottle,
	loginThrottle,
	signupThrottle
} from '../../src/lib/server/auth/schema';
import {
	ACCOUNT_FREE_FAILURES,
	ACCOUNT_MAX_DELAY_MS,
	accountDelayMs,
	accountThrottleKey,
	throttleKey
} from '../../src/lib/server/auth/throttle';
import { createJobRunner, job } from '../../src/lib/server/jobs';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

const EMAIL = 'ada@example.com';
const PASSWORD = 'correct horse battery';
const WRONG = 'wrong horse battery';
const INCORRECT = 'Email or password is incorrect.';

let testDb: TestDatabase;
let adaId: number;
let ipCounter = 0;
/** Every guess from a new address: the per-(email, IP) block never comes into play. */
const newIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

beforeAll(async () => {
	testDb = await createTestDatabase();
	({ id: adaId } = await signUp({ name: 'Ada', email: EMAIL, password: PASSWORD }));
});
afterAll(async () => {
	await testDb?.destroy();
});
beforeEach(async () => {
	await testDb.db.delete(loginAccountThrottle);
	await testDb.db.delete(loginThrottle);
});

async function attempt(email: string, password: string, ip = newIp()): Promise<number | string> {
	try {
		return await authenticate(email, password, ip);
	} catch (err) {
		return (err as Error).message;
	}
}

async function accountRow(email: string) {
	const [row] = await testDb.db
		.select()
		.from(loginAccountThrottle)
		.where(eq(loginAccountThrottle.key, accountThrottleKey(email)));
	return row;
}

/** Lets the current delay run out without waiting for it. */
async function endDelay(email: string) {
	await testDb.db
		.update(loginAccountThrottle)
		.set({ blockedUntil: new Date(Date.now() - 1) })
		.where(eq(loginAccountThrottle.key, accountThrottleKey(email)));
}

async function failFromManyIps(n: number, email = EMAIL) {
	const messages: (number | string)[] = [];
	for (let i = 0; i < n; i++) messages.push(await attempt(email, `${WRONG} ${i}`));
	return messages;
}

describe('per-account sign-in limit', () => {
	it('doubles from 1 s after the free failures and stops at 15 minutes', () => {
		expect(ACCOUNT_FREE_FAILURES).toBe(10);
		const delays = Array.from({ length: 25 }, (_, i) => accountDelayMs(i + 1));
		expect(delays.slice(0, 10)).toEqual(Array(10).fill(0));
		expect(delays.slice(10, 14)).toEqual([1_000, 2_000, 4_000, 8_000]);
		expect(delays[19]).toBe(512_000);
		expect(delays.slice(20)).toEqual(Array(5).fill(ACCOUNT_MAX_DELAY_MS));
		expect(ACCOUNT_MAX_DELAY_MS).toBe(15 * 60_000);
	});

	it('slows guesses spread over many IPs, even the right password, and says how long', async () => {
		expect(await failFromManyIps(ACCOUNT_FREE_FAILURES)).toEqual(
			Array(ACCOUNT_FREE_FAILURES).fill(INCORRECT)
		);
		expect(await attempt(EMAIL, WRONG)).toBe(
			'Too many failed sign-ins for this email. Try again in 1 second.'
		);
		// Refused without being checked, from yet another IP, right password or not.
		expect(await attempt(EMAIL, PASSWORD)).toBe(
			'Too many failed sign-ins for this email. Try again in 1 second.'
		);
		const row = await accountRow(EMAIL);
		expect(row.failures).toBe(ACCOUNT_FREE_FAILURES + 1);
		expect(row.blockedUntil!.getTime() - Date.now()).toBeLessThanOrEqual(1_000);
	});

	it('grows exponentially with each further failure and is capped at 15 minutes', async () => {
		await failFromManyIps(ACCOUNT_FREE_FAILURES);
		const waits: number[] = [];
		const messages: (number | string)[] = [];
		for (let i = 0; i < 14; i++) {
			await endDelay(EMAIL);
			const before = Date.now();
			messages.push(await attempt(EMAIL, WRONG));
			waits.push((await accountRow(EMAIL)).blockedUntil!.getTime() - before);
		}
		const expected = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900];
		waits.forEach((wait, i) => {
			expect(wait).toBeGreaterThanOrEqual(expected[i] * 1000 - 50);
			expect(wait).toBeLessThanOrEqual(expected[i] * 1000 + 2_000);
		});
		expect(messages[0]).toBe('Too many failed sign-ins for this email. Try again in 1 second.');
		expect(messages[4]).toBe('Too many failed sign-ins for this email. Try again in 16 seconds.');
		expect(messages[7]).toBe('Too many failed sign-ins for this email. Try again in 3 minutes.');
		expect(messages.at(-1)).toBe(
			'Too many failed sign-ins for this email. Try again in 15 minutes.'
		);
		// While the delay runs, attempts are refused and not counted: it cannot be extended.
		const counted = (await accountRow(EMAIL)).failures;
		expect(await attempt(EMAIL, WRONG)).toBe(
			'Too many failed sign-ins for this email. Try again in 15 minutes.'
		);
		expect((await accountRow(EMAIL)).failures).toBe(counted);
	});

	it('a successful sign-in once the delay is over starts the account afresh', async () => {
		await failFromManyIps(ACCOUNT_FREE_FAILURES + 3);
		await endDelay(EMAIL);
		expect(await attempt(EMAIL, PASSWORD)).toBe(adaId);
		expect(await accountRow(EMAIL)).toBeUndefined();
		expect(await failFromManyIps(ACCOUNT_FREE_FAILURES)).toEqual(
			Array(ACCOUNT_FREE_FAILURES).fill(INCORRECT)
		);
	});

	it('treats an unknown email exactly like a real account', async () => {
		const known = [...(await failFromManyIps(12, EMAIL))];
		const unknown = [...(await failFromManyIps(12, 'nobody@example.com'))];
		expect(unknown).toEqual(known);
		expect((await accountRow('nobody@example.com')).failures).toBe(11);
	});

	it('forgets failures a day old', async () => {
		await failFromManyIps(ACCOUNT_FREE_FAILURES);
		await testDb.db
			.update(loginAccountThrottle)
			.set({ lastFailureAt: new Date(Date.now() - 25 * 60 * 60_000) })
			.where(eq(loginAccountThrottle.key, accountThrottleKey(EMAIL)));
		expect(await attempt(EMAIL, WRONG)).toBe(INCORRECT);
		expect((await accountRow(EMAIL)).failures).toBe(1);
	});

	it('keeps the per-(email, IP) block: ten from one IP block that IP for 15 minutes', async () => {
		const ip = '203.0.113.50';
		for (let i = 0; i < 9; i++) expect(await attempt(EMAIL, WRONG, ip)).toBe(INCORRECT);
		expect(await attempt(EMAIL, WRONG, ip)).toBe(
			'Too many failed sign-ins. Try again in 15 minutes.'
		);
		expect(await attempt(EMAIL, PASSWORD, newIp())).toBe(adaId);
	});
});

describe('pruning throttle rows', () => {
	const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
	const minutesAhead = (m: number) => new Date(Date.now() + m * 60_000);

	it('a recurring job deletes ended windows, ended blocks and day-old accounts only', async () => {
		await testDb.db.delete(signupThrottle);
		await testDb.db.insert(loginThrottle).values([
			{ key: 'ip-old', failures: 3, windowStartedAt: minutesAgo(20) },
			{
				key: 'ip-old-block-over',
				failures: 10,
				windowStartedAt: minutesAgo(40),
				blockedUntil: minutesAgo(25)
			},
			{ key: 'ip-current', failures: 3, windowStartedAt: minutesAgo(5) },
			{
				key: 'ip-blocked',
				failures: 10,
				windowStartedAt: minutesAgo(20),
				blockedUntil: minutesAhead(1)
			}
		]);
		await testDb.db.insert(loginAccountThrottle).values([
			{ key: 'account-old', failures: 4, lastFailureAt: minutesAgo(25 * 60) },
			{ key: 'account-recent', failures: 4, lastFailureAt: minutesAgo(60) },
			{
				key: 'account-delayed',
				failures: 30,
				lastFailureAt: minutesAgo(1),
				blockedUntil: minutesAhead(14)
			}
		]);
		await testDb.db.insert(signupThrottle).values([
			{ key: 'signup-old', attempts: 5, windowStartedAt: minutesAgo(16) },
			{ key: 'signup-current', attempts: 5, windowStartedAt: minutesAgo(3) }
		]);

		await startAuthHousekeeping();
		await startAuthHousekeeping(); // at every start-up: still one job
		const jobs = await testDb.db.select().from(job).where(eq(job.kind, 'auth.prune-throttles'));
		expect(jobs).toHaveLength(1);
		await createJobRunner().runDue();

		const keys = async (rows: Promise<{ key: string }[]>) => (await rows).map((r) => r.key).sort();
		expect(await keys(testDb.db.select().from(loginThrottle))).toEqual([
			'ip-blocked',
			'ip-current'
		]);
		expect(await keys(testDb.db.select().from(loginAccountThrottle))).toEqual([
			'account-delayed',
			'account-recent'
		]);
		expect(await keys(testDb.db.select().from(signupThrottle))).toEqual(['signup-current']);
		const [ran] = await testDb.db.select().from(job).where(eq(job.kind, 'auth.prune-throttles'));
		expect(ran.state).toBe('pending');
		expect(ran.dueAt.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
	});

	it('rows left by real attempts for unknown emails go once they are old', async () => {
		await attempt('ghost@example.com', WRONG, '203.0.113.60');
		await testDb.db
			.update(loginThrottle)
			.set({ windowStartedAt: minutesAgo(16) })
			.where(eq(loginThrottle.key, throttleKey('ghost@example.com', '203.0.113.60')));
		await testDb.db
			.update(loginAccountThrottle)
			.set({ lastFailureAt: minutesAgo(24 * 60 + 1) })
			.where(eq(loginAccountThrottle.key, accountThrottleKey('ghost@example.com')));
		expect(await pruneLoginThrottles(testDb.db)).toEqual({ ipRows: 1, accountRows: 1 });
		expect(await accountRow('ghost@example.com')).toBeUndefined();
	});
});
