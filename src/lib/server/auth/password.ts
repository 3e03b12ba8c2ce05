import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords';
import { argon2Gate, type HashLane } from './gate';

import { PASSWORD_MAX, PASSWORD_MIN } from '$lib/auth/schemas';

export { PASSWORD_MAX, PASSWORD_MIN };

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. (Algorithm.Argon2id is the
// library's default; its const enum cannot be imported under isolatedModules.)
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** Hashes through the argon2 gate; anonymous sign-ups pass `'sign-up'` and wait their turn. */
export function hashPassword(password: string, lane: HashLane = 'sign-in'): Promise<string> {
	return argon2Gate().run(lane, () => hash(password, ARGON2));
}

export async function verifyPassword(
	passwordHash: string,
	password: string,
	lane: HashLane = 'sign-in'
): Promise<boolean> {
	return argon2Gate().run(lane, async () => {
		try {
			return await verify(passwordHash, password);
		} catch {
			return false;
		}
	});
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real check, so a missing account is not revealed by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
	// Made once per process (through the gate); a refused first try is made again next time.
	dummyHash ??= hashPassword('tandem-dummy-password-for-timing').catch((err) => {
		dummyHash = undefined;
		throw err;
	});
	await verifyPassword(await dummyHash, password);
	return false;
}

/**
 * Why a new password is refused, or null when it is acceptable. Length limits keep
 * hashing bounded; common and self-describing passwords fall to the first guesses.
 */
export function passwordProblem(password: string, email?: string): string | null {
	if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
	if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
	const lower = password.toLowerCase();
	if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password)) {
		return 'This password is too common. Choose one that is harder to guess.';
	}
	const localPart = email?.split('@')[0]?.toLowerCase();
	if (localPart && localPart.length >= 4 && lower.includes(localPart)) {
		return 'The password must not contain your email address.';
	}
	return null;
}
