// The public sign-up (requestSignUp): a known email gets the very answer a new one gets and
// its owner is told through the outbox; attempts are throttled per IP and overall; argon2
// work waits at a gate that serves sign-ins before sign-ups and refuses beyond its queue.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	argon2Gate,
	BUSY_MESSAGE,
	createInvitation,
	openSignupDomain,
	requestSignUp,
	signUp,
	TryLaterError,
	type HashLane
} from '../../src/lib/server/auth';
import { hashPassword, verifyPassword } from '../../src/lib/server/auth/password';
import { signupThrottle } from '../../src/lib/server/auth/schema';
import {
	forgetSignUpRefusals,
	SIGNUP_WINDOW_MINUTES,
	SIGNUPS_PER_IP,
	SIGNUPS_PER_WINDOW
} from '../../src/lib/server/auth/signup';
import { sha256Hex } from '../../src/lib/server/auth/tokens';
import { outboxMessage } from '../../src/lib/server/outbox';
import { person } from '../../src/lib/server/org/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { refusal } from '../helpers/refusal';

const PASSWORD = 'lantern orchard 48';
let testDb: TestDatabase;
let adminId: number;
let ipCounter = 0;
/** A fresh IP for each sign-up, so the per-IP limit only applies where a test wants it. */
const nextIp = () => `192.0.2.${++ipCounter}`;

beforeAll(async () => {
	testDb = await createTestDatabase();
});
afterAll(async () => {
	await testDb?.destroy();
});

async function peopleCount() {
	return (await testDb.db.select().from(person)).length;
}
async function mailTo(address: string) {
	return testDb.db.select().from(outboxMessage).where(eq(outboxMessage.recipient, address));
}
/** What the sign-up answered: its result, or the refusal's message. */
async function answerOf(promise: Promise<unknown>) {
	try {
		return { result: await promise };
	} catch (err) {
		return { refused: (err as Error).message };
	}
}

describe('the first account', () => {
	it('becomes admin and is signed in straight away (nothing exists to reveal)', async () => {
		const answer = await requestSignUp(
			{ name: 'Ada Admin', email: 'Ada@Example.com', password: PASSWORD },
			nextIp()
		);
		expect(answer.signInAs).toEqual(expect.any(Number));
		const [ada] = await testDb.db.select().from(person);
		expect(ada).toMatchObject({ id: answer.signInAs, role: 'admin', email: 'ada@example.com' });
		adminId = ada.id;
	});
});

describe('a known email gets the same answer as a new one', () => {
	beforeAll(async () => {
		await openSignupDomain(adminId, 'open.test');
		await signUp({ name: 'Carol Known', email: 'carol@open.test', password: 'first secret 11' });
	});

	it('answers alike, creates only the new account and keeps the known one as it was', async () => {
		const [carolBefore] = await testDb.db
			.select()
			.from(person)
			.where(eq(person.email, 'carol@open.test'));
		const before = await peopleCount();
		const known = await answerOf(
			requestSignUp({ name: 'Someone', email: 'CAROL@open.test', password: PASSWORD }, nextIp())
		);
		const unknown = await answerOf(
			requestSignUp({ name: 'Someone', email: 'dave@open.test', password: PASSWORD }, nextIp())
		);
		expect(known).toEqual({ result: { signInAs: null } });
		expect(unknown).toEqual(known);

		expect(await peopleCount()).toBe(before + 1);
		const [carolAfter] = await testDb.db
			.select()
			.from(person)
			.where(eq(person.email, 'carol@open.test'));
		expect(carolAfter).toEqual(carolBefore);
		expect(await verifyPassword(carolAfter.passwordHash, PASSWORD)).toBe(false);
	});

	it("queues a note to the known email's owner, and a welcome to the new account", async () => {
		const [note] = await mailTo('carol@open.test');
		expect(note.subject).toBe('Someone tried to create a Tandem account with your email');
		expect(note.body).toContain('Hello Carol Known');
		expect(note.body).toContain('You already have an account, so nothing was changed.');
		expect(note.body).toMatch(/sign in at http:\/\/[^ ]+\/login with your existing password/);

		const [welcome] = await mailTo('dave@open.test');
		expect(welcome.subject).toBe('Your Tandem account is ready');
		expect(welcome.body).toContain('An account for dave@open.test was just created on Tandem.');
	});

	it('tells the owner at most once an hour, however often someone tries', async () => {
		for (let i = 0; i < 3; i++) {
			await requestSignUp(
				{ name: 'Again', email: 'carol@open.test', password: PASSWORD },
				nextIp()
			);
		}
		expect(await mailTo('carol@open.test')).toHaveLength(1);
	});

	it('refuses alike where the rules refuse: closed domain, bad invitation, locked invitation', async () => {
		await signUp({
			name: 'Known Elsewhere',
			email: 'erin@closed.test',
			password: 'river stone 77',
			inviteToken: await createInvitation(adminId, { email: 'erin@closed.test' })
		});
		const locked = await createInvitation(adminId, { email: 'frank@closed.test' });
		const pairs: [string, string | undefined][] = [
			['closed domain', undefined],
			['unknown invitation', 'no-such-token'],
			['invitation for someone else', locked]
		];
		for (const [, inviteToken] of pairs) {
			const ask = (email: string) =>
				answerOf(requestSignUp({ name: 'Eve', email, password: PASSWORD, inviteToken }, nextIp()));
			const known = await ask('erin@closed.test');
			const unknown = await ask('nobody@closed.test');
			expect(known.refused).toBeTruthy();
			expect(known).toEqual(unknown);
		}
		expect(await mailTo('erin@closed.test')).toHaveLength(0);
	});

	it('a known email with a good invitation leaves the invitation for its person', async () => {
		const token = await createInvitation(adminId, {});
		const known = await requestSignUp(
			{ name: 'Carol', email: 'carol@open.test', password: PASSWORD, inviteToken: token },
			nextIp()
		);
		expect(known).toEqual({ signInAs: null });
		const grace = await signUp({
			name: 'Grace',
			email: 'grace@elsewhere.test',
			password: PASSWORD,
			inviteToken: token
		});
		expect(grace.role).toBe('member');
	});
});

describe('sign-up throttling', () => {
	beforeEach(async () => {
		await testDb.db.delete(signupThrottle);
		forgetSignUpRefusals();
	});

	it(`allows ${SIGNUPS_PER_IP} sign-ups per IP in ${SIGNUP_WINDOW_MINUTES} minutes, then refuses with the wait`, async () => {
		const ip = '198.51.100.1';
		for (let i = 0; i < SIGNUPS_PER_IP; i++) {
			await requestSignUp({ name: 'Many', email: 'carol@open.test', password: PASSWORD }, ip);
		}
		const before = await peopleCount();
		const err = await refusal(
			requestSignUp({ name: 'One more', email: 'new1@open.test', password: PASSWORD }, ip)
		);
		expect(err).toBeInstanceOf(TryLaterError);
		expect((err as TryLaterError).status).toBe(429);
		expect(err.message).toBe('Too many sign-ups from your network. Try again in 15 minutes.');
		expect(await peopleCount()).toBe(before);

		// Another IP is not held back by this one.
		await requestSignUp({ name: 'Other', email: 'new2@open.test', password: PASSWORD }, nextIp());
		expect(await peopleCount()).toBe(before + 1);
	});

	it('counts afresh once the window has passed', async () => {
		const ip = '198.51.100.2';
		const [row] = await testDb.db
			.insert(signupThrottle)
			.values({ key: sha256Hex(`signup|${ip}`), attempts: SIGNUPS_PER_IP })
			.returning();
		await refusal(requestSignUp({ name: 'X', email: 'x1@open.test', password: PASSWORD }, ip));
		await testDb.db
			.update(signupThrottle)
			.set({ windowStartedAt: new Date(Date.now() - (SIGNUP_WINDOW_MINUTES + 1) * 60_000) })
			.where(eq(signupThrottle.key, row.key));
		// This process remembers a refusal for up to a minute; a minute on, it asks again.
		forgetSignUpRefusals();
		expect(
			await requestSignUp({ name: 'X', email: 'x1@open.test', password: PASSWORD }, ip)
		).toEqual({ signInAs: null });
		const [after] = await testDb.db
			.select()
			.from(signupThrottle)
			.where(eq(signupThrottle.key, row.key));
		expect(after.attempts).toBe(1);
	});

	it(`refuses everybody once ${SIGNUPS_PER_WINDOW} sign-ups came in one window`, async () => {
		await testDb.db
			.insert(signupThrottle)
			.values({ key: 'signup|everyone', attempts: SIGNUPS_PER_WINDOW - 1 });
		await requestSignUp({ name: 'Last', email: 'last@open.test', password: PASSWORD }, nextIp());
		const err = await refusal(
			requestSignUp({ name: 'Late', email: 'late@open.test', password: PASSWORD }, nextIp())
		);
		expect(err.message).toMatch(/^Too many sign-ups right now\. Try again in 1[45] minutes\.$/);
		expect(await testDb.db.select().from(person).where(eq(person.email, 'late@open.test'))).toEqual(
			[]
		);
	});

	it('turns a refused address away again without asking the database', async () => {
		const ip = '198.51.100.3';
		await testDb.db
			.insert(signupThrottle)
			.values({ key: sha256Hex(`signup|${ip}`), attempts: SIGNUPS_PER_IP });
		const first = await refusal(
			requestSignUp({ name: 'X', email: 'x2@open.test', password: PASSWORD }, ip)
		);
		await testDb.db.delete(signupThrottle);
		const again = await refusal(
			requestSignUp({ name: 'X', email: 'x2@open.test', password: PASSWORD }, ip)
		);
		expect(again.message).toBe(first.message);
		// Nothing was counted for the second try: no transaction ran.
		expect(await testDb.db.select().from(signupThrottle)).toEqual([]);
	});

	it('keeps no IP in clear', async () => {
		await requestSignUp({ name: 'Y', email: 'y@open.test', password: PASSWORD }, '203.0.113.77');
		expect(JSON.stringify(await testDb.db.select().from(signupThrottle))).not.toContain(
			'203.0.113'
		);
	});
});

describe('the argon2 gate', () => {
	beforeAll(async () => {
		await testDb.db.delete(signupThrottle);
		forgetSignUpRefusals();
	});
	it('handles a few sign-ups at once and tells the rest "busy" before any database work', async () => {
		const before = await peopleCount();
		const answers = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				requestSignUp(
					{ name: `Rush ${i}`, email: `rush${i}@open.test`, password: PASSWORD },
					nextIp()
				).then(
					() => 'signed up',
					(err: TryLaterError) => `${err.status} ${err.message}`
				)
			)
		);
		// Two handled at once and eight waiting: the door of the public sign-up.
		expect(answers.filter((a) => a === 'signed up')).toHaveLength(10);
		expect(answers.filter((a) => a === `503 ${BUSY_MESSAGE}`)).toHaveLength(10);
		expect(await peopleCount()).toBe(before + 10);
		const [everyone] = await testDb.db
			.select()
			.from(signupThrottle)
			.where(eq(signupThrottle.key, 'signup|everyone'));
		expect(everyone.attempts).toBe(10);
	});

	it('sign-ups hash in the sign-up lane', async () => {
		const before = argon2Gate().stats().started['sign-up'];
		await requestSignUp({ name: 'Z', email: 'z@open.test', password: PASSWORD }, nextIp());
		expect(argon2Gate().stats().started['sign-up']).toBe(before + 1);
	});

	it('serves a sign-in before the sign-ups that were waiting ahead of it', async () => {
		const gate = argon2Gate();
		const { concurrency } = gate.limits;
		const stored = await hashPassword(PASSWORD);
		const order: HashLane[] = [];
		const stop = gate.watch((lane) => order.push(lane));
		const signUps = Array.from({ length: 8 }, (_, i) => hashPassword(`sign-up ${i}`, 'sign-up'));
		expect(gate.stats().waiting['sign-up']).toBe(8 - concurrency);
		const signIn = verifyPassword(stored, PASSWORD);
		expect(await signIn).toBe(true);
		await Promise.all(signUps);
		stop();
		// The slots busy when it arrived finish first; then the sign-in, then the queue.
		expect(order.indexOf('sign-in')).toBe(concurrency);
		expect(order.filter((lane) => lane === 'sign-up')).toHaveLength(8);
	});

	it('refuses sign-ups beyond its queue with a clear "busy", and still serves sign-ins', async () => {
		const gate = argon2Gate();
		const room = gate.limits.concurrency + gate.limits.queueLimit['sign-up'];
		const attempts = Array.from({ length: room + 5 }, (_, i) =>
			hashPassword(`flood ${i}`, 'sign-up').then(
				() => 'hashed',
				(err: TryLaterError) => `${err.status} ${err.message}`
			)
		);
		const signIn = hashPassword('a person signing in');
		const outcomes = await Promise.all(attempts);
		expect(outcomes.filter((o) => o === 'hashed')).toHaveLength(room);
		expect(outcomes.filter((o) => o === `503 ${BUSY_MESSAGE}`)).toHaveLength(5);
		expect(await signIn).toMatch(/^\$argon2id\$/);
		expect(gate.stats()).toMatchObject({ running: 0, waiting: { 'sign-in': 0, 'sign-up': 0 } });
	});
});
