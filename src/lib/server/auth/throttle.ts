import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { useDb, type Executor, type Transaction } from '../db/client';
import { loginAccountThrottle, loginThrottle } from './schema';
import { sha256Hex } from './tokens';

/** Sign-in attempts allowed per (email, IP) within the window before sign-in is blocked. */
export const MAX_LOGIN_FAILURES = 10;
export const LOGIN_BLOCK_MINUTES = 15;
/**
 * Per account, from any number of IPs: this many failures are free, then every further
 * failure makes the next attempt wait, 1 s doubling up to 15 minutes. One IP alone never
 * reaches it (its own block comes first), so it slows only guesses spread over addresses,
 * and the cap means nobody can keep the real person out for longer than that at a time.
 */
export const ACCOUNT_FREE_FAILURES = 10;
export const ACCOUNT_FIRST_DELAY_MS = 1_000;
export const ACCOUNT_MAX_DELAY_MS = 15 * 60_000;
/** A day without failures and an account's count starts afresh. */
export const ACCOUNT_MEMORY_MS = 24 * 60 * 60_000;
const MINUTE = 60_000;

/** Hashed so the table holds neither addresses nor IPs in clear. */
export function throttleKey(email: string, ip: string): string {
	return sha256Hex(`${email.toLowerCase()}|${ip}`);
}

/** The account's row key: the typed email alone (hashed), whether or not it has an account. */
export function accountThrottleKey(email: string): string {
	return sha256Hex(`account|${email.toLowerCase()}`);
}

/** How long an account waits after its `failures`-th failure (0 while still free). */
export function accountDelayMs(failures: number): number {
	const beyond = failures - ACCOUNT_FREE_FAILURES;
	if (beyond <= 0) return 0;
	return Math.min(ACCOUNT_FIRST_DELAY_MS * 2 ** (beyond - 1), ACCOUNT_MAX_DELAY_MS);
}

export type AttemptVerdict =
	| { allowed: true; lastBeforeBlock: boolean; accountDelayMs: number }
	| { allowed: false; message: string };

/**
 * Counts a sign-in attempt before its password is checked, under row locks, so parallel
 * guesses cannot all slip in while the slow hash runs. Per (email, IP): the 10th attempt
 * in a window starts a 15-minute block. Per account: failures beyond the free ones start
 * a growing delay. Attempts while blocked are refused and not counted, so hammering does
 * not extend a block. A successful sign-in clears both (clearLoginFailures).
 */
export async function beginLoginAttempt(email: string, ip: string): Promise<AttemptVerdict> {
	return useDb().transaction(async (tx) => {
		const ipRow = await lockIpRow(tx, throttleKey(email, ip));
		// Read the clock once the row is ours: a parallel attempt that held the lock may have
		// just started a block, and "15 minutes" must not read as 16.
		const now = Date.now();
		const ipBlockLeft = (ipRow.blockedUntil?.getTime() ?? 0) - now;
		if (ipBlockLeft > 0) return { allowed: false, message: tooManyAttempts(ipBlockLeft) };
		const accountRow = await lockAccountRow(tx, accountThrottleKey(email));
		const accountWait = (accountRow.blockedUntil?.getTime() ?? 0) - now;
		if (accountWait > 0) return { allowed: false, message: tooManyForAccount(accountWait) };

		const lastBeforeBlock = await countIpAttempt(tx, ipRow, now);
		const delay = await countAccountAttempt(tx, accountRow, now);
		return { allowed: true, lastBeforeBlock, accountDelayMs: delay };
	});
}

async function lockIpRow(tx: Transaction, key: string) {
	await tx.insert(loginThrottle).values({ key, failures: 0 }).onConflictDoNothing();
	const [row] = await tx
		.select()
		.from(loginThrottle)
		.where(eq(loginThrottle.key, key))
		.for('update');
	return row;
}

async function lockAccountRow(tx: Transaction, key: string) {
	await tx.insert(loginAccountThrottle).values({ key, failures: 0 }).onConflictDoNothing();
	const [row] = await tx
		.select()
		.from(loginAccountThrottle)
		.where(eq(loginAccountThrottle.key, key))
		.for('update');
	return row;
}

async function countIpAttempt(
	tx: Transaction,
	row: typeof loginThrottle.$inferSelect,
	now: number
): Promise<boolean> {
	const windowOpen = row.windowStartedAt.getTime() > now - LOGIN_BLOCK_MINUTES * MINUTE;
	const attempts = windowOpen ? row.failures + 1 : 1;
	const lastBeforeBlock = attempts >= MAX_LOGIN_FAILURES;
	await tx
		.update(loginThrottle)
		.set({
			failures: attempts,
			windowStartedAt: windowOpen ? row.windowStartedAt : new Date(now),
			blockedUntil: lastBeforeBlock ? new Date(now + LOGIN_BLOCK_MINUTES * MINUTE) : null
		})
		.where(eq(loginThrottle.key, row.key));
	return lastBeforeBlock;
}

async function countAccountAttempt(
	tx: Transaction,
	row: typeof loginAccountThrottle.$inferSelect,
	now: number
): Promise<number> {
	const remembered = row.lastFailureAt.getTime() > now - ACCOUNT_MEMORY_MS;
	const failures = remembered ? row.failures + 1 : 1;
	const delay = accountDelayMs(failures);
	await tx
		.update(loginAccountThrottle)
		.set({
			failures,
			lastFailureAt: new Date(now),
			blockedUntil: delay ? new Date(now + delay) : null
		})
		.where(eq(loginAccountThrottle.key, row.key));
	return delay;
}

/** A successful sign-in: this IP's count and the account's delay start afresh. */
export async function clearLoginFailures(email: string, ip: string): Promise<void> {
	await useDb().transaction(async (tx) => {
		await tx.delete(loginThrottle).where(eq(loginThrottle.key, throttleKey(email, ip)));
		await tx
			.delete(loginAccountThrottle)
			.where(eq(loginAccountThrottle.key, accountThrottleKey(email)));
	});
}

/**
 * Deletes throttle rows that no longer hold anything back: ended windows and blocks, and
 * accounts with no failure for a day. Rows for emails nobody owns would otherwise pile up.
 */
export async function pruneLoginThrottles(executor: Executor, now = new Date()) {
	const windowStart = new Date(now.getTime() - LOGIN_BLOCK_MINUTES * MINUTE);
	const ended = await executor
		.delete(loginThrottle)
		.where(
			and(
				lt(loginThrottle.windowStartedAt, windowStart),
				or(isNull(loginThrottle.blockedUntil), lt(loginThrottle.blockedUntil, now))
			)
		)
		.returning({ key: loginThrottle.key });
	const forgotten = await executor
		.delete(loginAccountThrottle)
		.where(
			and(
				lt(loginAccountThrottle.lastFailureAt, new Date(now.getTime() - ACCOUNT_MEMORY_MS)),
				or(isNull(loginAccountThrottle.blockedUntil), lt(loginAccountThrottle.blockedUntil, now))
			)
		)
		.returning({ key: loginAccountThrottle.key });
	return { ipRows: ended.length, accountRows: forgotten.length };
}

/** "1 second", "40 seconds", "3 minutes": how long to wait, rounded up. */
export function waitingTime(ms: number): string {
	if (ms < MINUTE) {
		const seconds = Math.max(1, Math.ceil(ms / 1000));
		return `${seconds} second${seconds === 1 ? '' : 's'}`;
	}
	const minutes = Math.ceil(ms / MINUTE);
	return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function tooManyAttempts(ms: number): string {
	const minutes = Math.max(1, Math.ceil(ms / MINUTE));
	return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

export function tooManyForAccount(ms: number): string {
	return `Too many failed sign-ins for this email. Try again in ${waitingTime(ms)}.`;
}
