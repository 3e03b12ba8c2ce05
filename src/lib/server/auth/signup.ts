// Sign-up from the public page. An anonymous visitor must not learn whether an email has
// an account: a known email gets exactly the answer a new one gets (after the same rules,
// the same hash and the same kind of writes), and its owner is told by email instead.
// Attempts are throttled per IP and for everybody together before any hashing, and the
// hash waits behind sign-ins at the argon2 gate.
import { eq, lt } from 'drizzle-orm';
import { useDb, type Executor, type Transaction } from '../db/client';
import { enqueueEmail } from '../outbox';
import { placeAccount, checkedSignUp, lockSignUps, type SignUpInput } from './accounts';
import { BUSY_MESSAGE, signUpDoor, TryLaterError } from './gate';
import { hashPassword } from './password';
import { signupThrottle } from './schema';
import { sha256Hex } from './tokens';
import { waitingTime } from './throttle';

/** Sign-ups counted per IP and for everybody within one window. */
export const SIGNUP_WINDOW_MINUTES = 15;
export const SIGNUPS_PER_IP = 20;
export const SIGNUPS_PER_WINDOW = 200;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** What the sign-up page does next: sign the very first account in, or say "sign in". */
export interface SignUpAnswer {
	signInAs: number | null;
}

/** The one confirmation every successful-looking sign-up shows, whoever owned the email. */
export const SIGN_UP_DONE =
	'Thanks! Your sign-up is complete: sign in with your email and password. We have also sent a note to that address.';

/**
 * The public sign-up. Refusals that depend only on what was typed (name, password rules,
 * invitation, domain) are the same for known and unknown emails; past them, a known email
 * changes nothing but queues a note to its owner, and the answer is the same.
 */
export async function requestSignUp(input: SignUpInput, ip: string): Promise<SignUpAnswer> {
	const { email, name } = checkedSignUp(input);
	refuseWhileRemembered(ip);
	return signUpDoor().run('sign-up', () => signUpThroughDoor(input, { email, name }, ip));
}

async function signUpThroughDoor(
	input: SignUpInput,
	{ email, name }: { email: string; name: string },
	ip: string
): Promise<SignUpAnswer> {
	await countSignUpAttempt(ip);
	const passwordHash = await hashPassword(input.password, 'sign-up');
	return useDb().transaction(async (tx) => {
		await lockSignUps(tx);
		const placed = await placeAccount(
			tx,
			{ email, name, passwordHash, inviteToken: input.inviteToken },
			{
				revealExisting: false
			}
		);
		if (placed.kind === 'known') {
			await tellOwnerOfAttempt(tx, placed.id, placed.name, email);
			return { signInAs: null };
		}
		// Nobody had an account, so nothing can be revealed: the first admin goes straight in.
		if (placed.first) return { signInAs: placed.id };
		await welcome(tx, placed.id, name, email);
		return { signInAs: null };
	});
}

/** The address people use, for links in emails. */
function signInLink(): string {
	const origin =
		process.env.ORIGIN?.split(',')[0]?.trim() || `http://localhost:${process.env.PORT || 3000}`;
	return `${origin}/login`;
}

async function welcome(tx: Transaction, personId: number, name: string, email: string) {
	await enqueueEmail(tx, {
		key: `auth.welcome:${personId}`,
		to: email,
		subject: 'Your Tandem account is ready',
		text:
			`Hello ${name},\n\nAn account for ${email} was just created on Tandem. ` +
			`Sign in at ${signInLink()}.\n\n` +
			'If you did not create it, tell an admin of your workspace.'
	});
}

/** At most one note an hour per account, however often someone tries. */
async function tellOwnerOfAttempt(tx: Transaction, personId: number, name: string, email: string) {
	const hour = Math.floor(Date.now() / HOUR);
	await enqueueEmail(tx, {
		key: `auth.signup-attempt:${personId}:${hour}`,
		to: email,
		subject: 'Someone tried to create a Tandem account with your email',
		text:
			`Hello ${name},\n\nSomeone tried to create a new Tandem account with ${email} at ` +
			`${new Date().toISOString()}. You already have an account, so nothing was changed.\n\n` +
			`If it was you, sign in at ${signInLink()} with your existing password. ` +
			'If it was not, you can ignore this message: your account is as it was.'
	});
}

const fromYourNetwork = (ms: number) =>
	`Too many sign-ups from your network. Try again in ${waitingTime(ms)}.`;
const rightNow = (ms: number) => `Too many sign-ups right now. Try again in ${waitingTime(ms)}.`;

function ipKey(ip: string): string {
	return sha256Hex(`signup|${ip}`);
}
const EVERYONE = 'signup|everyone';

/**
 * Counts a sign-up attempt for its IP and for everybody, refusing (uncounted) once either
 * has had its share of the window: a flood of sign-ups is turned away before any hashing.
 */
export async function countSignUpAttempt(ip: string): Promise<void> {
	const refusal = await useDb().transaction(async (tx) => {
		const now = Date.now();
		// Always the IP row first, then everybody's: one lock order, no deadlock.
		const mine = await lockWindow(tx, ipKey(ip), now);
		const all = await lockWindow(tx, EVERYONE, now);
		if (mine.attempts >= SIGNUPS_PER_IP)
			return { key: mine.key, left: mine.left, say: fromYourNetwork };
		if (all.attempts >= SIGNUPS_PER_WINDOW) return { key: all.key, left: all.left, say: rightNow };
		for (const row of [mine, all]) {
			await tx
				.update(signupThrottle)
				.set({ attempts: row.attempts + 1, windowStartedAt: new Date(row.startedAt) })
				.where(eq(signupThrottle.key, row.key));
		}
		return null;
	});
	if (refusal) {
		const now = Date.now();
		remember(refusal.key, {
			until: now + Math.min(refusal.left, REMEMBER_MS),
			windowEnds: now + refusal.left,
			say: refusal.say
		});
		throw new TryLaterError(refusal.say(refusal.left), 429);
	}
}

/**
 * Refusals the database gave, remembered in this process for up to a minute, so a flood
 * from one address (or a full window) is turned away without a transaction each time.
 * The database stays the authority: a forgotten entry only costs one more transaction.
 */
interface Remembered {
	/** Until when this process refuses without asking the database. */
	until: number;
	windowEnds: number;
	say: (ms: number) => string;
}
const remembered = new Map<string, Remembered>();
const REMEMBER_AT_MOST = 10_000;
const REMEMBER_MS = 60_000;

function remember(key: string, refusal: Remembered) {
	if (remembered.size >= REMEMBER_AT_MOST) {
		for (const [k, v] of remembered) if (v.until <= Date.now()) remembered.delete(k);
		if (remembered.size >= REMEMBER_AT_MOST) remembered.clear();
	}
	remembered.set(key, refusal);
}

function refuseWhileRemembered(ip: string) {
	for (const key of [ipKey(ip), EVERYONE]) {
		const entry = remembered.get(key);
		if (!entry) continue;
		const now = Date.now();
		if (entry.until > now) throw new TryLaterError(entry.say(entry.windowEnds - now), 429);
		remembered.delete(key);
	}
}

/**
 * Why a sign-up from `ip` would be refused right now without any work (a remembered
 * refusal, or a full door), for turning a flood away before the page is even rendered.
 */
export function signUpRefusalNow(ip: string): TryLaterError | null {
	try {
		refuseWhileRemembered(ip);
	} catch (err) {
		return err as TryLaterError;
	}
	return signUpDoor().isFull('sign-up') ? new TryLaterError(BUSY_MESSAGE, 503) : null;
}

/** Forgets the remembered refusals (tests that move throttle windows; a restart does it too). */
export function forgetSignUpRefusals(): void {
	remembered.clear();
}

/** The window's count so far (0 in a new window) and how long it has left. */
async function lockWindow(tx: Transaction, key: string, now: number) {
	await tx.insert(signupThrottle).values({ key, attempts: 0 }).onConflictDoNothing();
	const [row] = await tx
		.select()
		.from(signupThrottle)
		.where(eq(signupThrottle.key, key))
		.for('update');
	const windowMs = SIGNUP_WINDOW_MINUTES * MINUTE;
	const open = row.windowStartedAt.getTime() > now - windowMs;
	const startedAt = open ? row.windowStartedAt.getTime() : now;
	return { key, attempts: open ? row.attempts : 0, startedAt, left: startedAt + windowMs - now };
}

/** Deletes sign-up windows that have ended. */
export async function pruneSignUpThrottles(executor: Executor, now = new Date()) {
	const ended = await executor
		.delete(signupThrottle)
		.where(
			lt(signupThrottle.windowStartedAt, new Date(now.getTime() - SIGNUP_WINDOW_MINUTES * MINUTE))
		)
		.returning({ key: signupThrottle.key });
	return ended.length;
}
