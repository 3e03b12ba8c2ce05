import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { eq, sql } from 'drizzle-orm';
import { useDb } from '../db/client';
import { loginThrottle } from '../db/schema';

/** Failures allowed per (email, IP) within the window before sign-in is blocked. */
export const MAX_LOGIN_FAILURES = 10;
export const LOGIN_BLOCK_MINUTES = 15;

/** Hashed so the table holds neither addresses nor IPs in clear. */
export function throttleKey(email: string, ip: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(`${email.toLowerCase()}|${ip}`)));
}

/** Minutes left on a block, or 0 when sign-in may be attempted. */
export async function minutesBlocked(key: string): Promise<number> {
	const [row] = await useDb()
		.select({ blockedUntil: loginThrottle.blockedUntil })
		.from(loginThrottle)
		.where(eq(loginThrottle.key, key));
	const left = (row?.blockedUntil?.getTime() ?? 0) - Date.now();
	return left > 0 ? Math.ceil(left / 60_000) : 0;
}

/** Counts one failure atomically (several nodes may count at once); blocks at the limit. */
export async function recordLoginFailure(key: string): Promise<void> {
	const windowOpen = sql`${loginThrottle.windowStartedAt} > now() - make_interval(mins => ${LOGIN_BLOCK_MINUTES})`;
	const failures = sql`case when ${windowOpen} then ${loginThrottle.failures} + 1 else 1 end`;
	await useDb()
		.insert(loginThrottle)
		.values({ key, failures: 1 })
		.onConflictDoUpdate({
			target: loginThrottle.key,
			set: {
				failures,
				windowStartedAt: sql`case when ${windowOpen} then ${loginThrottle.windowStartedAt} else now() end`,
				blockedUntil: sql`case when ${failures} >= ${MAX_LOGIN_FAILURES}
					then now() + make_interval(mins => ${LOGIN_BLOCK_MINUTES}) else null end`
			}
		});
}

export async function clearLoginFailures(key: string): Promise<void> {
	await useDb().delete(loginThrottle).where(eq(loginThrottle.key, key));
}
