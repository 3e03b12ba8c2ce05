import { eq } from 'drizzle-orm';
import { useDb } from '../db/client';
import { loginThrottle } from './schema';
import { sha256Hex } from './tokens';

/** Sign-in attempts allowed per (email, IP) within the window before sign-in is blocked. */
export const MAX_LOGIN_FAILURES = 10;
export const LOGIN_BLOCK_MINUTES = 15;
const MINUTE = 60_000;

/** Hashed so the table holds neither addresses nor IPs in clear. */
export function throttleKey(email: string, ip: string): string {
	return sha256Hex(`${email.toLowerCase()}|${ip}`);
}

export type AttemptVerdict =
	{ allowed: true; lastBeforeBlock: boolean } | { allowed: false; minutesLeft: number };

/**
 * Counts a sign-in attempt before its password is checked, under a row lock, so parallel
 * guesses cannot all slip in while the slow hash runs. The 10th attempt in a window
 * starts the block; attempts while blocked are refused and not counted. A successful
 * sign-in clears the count (clearLoginFailures).
 */
export async function beginLoginAttempt(key: string): Promise<AttemptVerdict> {
	return useDb().transaction(async (tx) => {
		await tx.insert(loginThrottle).values({ key, failures: 0 }).onConflictDoNothing();
		const [row] = await tx
			.select()
			.from(loginThrottle)
			.where(eq(loginThrottle.key, key))
			.for('update');
		const now = Date.now();
		const blockLeft = (row.blockedUntil?.getTime() ?? 0) - now;
		if (blockLeft > 0) return { allowed: false, minutesLeft: Math.ceil(blockLeft / MINUTE) };

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
			.where(eq(loginThrottle.key, key));
		return { allowed: true, lastBeforeBlock };
	});
}

export async function clearLoginFailures(key: string): Promise<void> {
	await useDb().delete(loginThrottle).where(eq(loginThrottle.key, key));
}
