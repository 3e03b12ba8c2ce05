// Outbox delivery in lease mode: the job is claimed and committed, the message sent with
// no transaction open, the result recorded in a second one. Checked with a webhook receiver
// that is slow to answer: the database keeps serving the app meanwhile (on PGlite's single
// connection an open transaction would hold everything), and a node that stalls mid-send
// loses the job to another once its lease runs out.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { createJobRunner, job } from '../../src/lib/server/jobs';
import { enqueueChat, enqueueEmail, outboxMessage } from '../../src/lib/server/outbox';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { startWebhooks } from '../helpers/receivers';

let testDb: TestDatabase;

beforeAll(async () => {
	testDb = await createTestDatabase();
});

afterAll(async () => {
	await testDb?.destroy();
});

async function messageByKey(key: string) {
	const [row] = await testDb.db.select().from(outboxMessage).where(eq(outboxMessage.key, key));
	return row;
}

/** Resolves to what `promise` gives, or to 'still waiting' after `ms`. */
function within<T>(ms: number, promise: Promise<T>): Promise<T | 'still waiting'> {
	return Promise.race([
		promise,
		new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms))
	]);
}

async function waitForHits(hooks: { hits: unknown[] }, count: number) {
	for (let i = 0; i < 200 && hooks.hits.length < count; i++) {
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	expect(hooks.hits).toHaveLength(count);
}

describe('sending with no transaction open', () => {
	it('lets the app read and write while a webhook is slow to answer', async () => {
		const hooks = await startWebhooks(0, { holdFirst: 1 });
		try {
			await enqueueChat(testDb.db, {
				key: 'slow-hook',
				channel: 'slack',
				webhookUrl: `${hooks.base}/slow`,
				text: 'Take your time'
			});
			const delivering = createJobRunner().runDue();
			await waitForHits(hooks, 1);
			// The receiver has the message and has not answered: the claim is already committed
			// (the job leased a minute ahead) and the database answers other work at once.
			const leased = within(
				2_000,
				rowsOf(
					testDb.db,
					sql`select due_at > now() + interval '30 seconds' as leased, state from job
					where key = 'outbox:slow-hook'`
				)
			);
			expect(await leased).toEqual([{ leased: true, state: 'pending' }]);
			const write = within(
				2_000,
				enqueueEmail(testDb.db, {
					key: 'while-slow',
					to: 'a@example.com',
					subject: 'Queued meanwhile',
					text: 'The app kept working'
				})
			);
			expect(await write).toEqual({ queued: true });
			hooks.release();
			await delivering;
			expect(await messageByKey('slow-hook')).toMatchObject({ state: 'sent', attempts: 1 });
			const [row] = await testDb.db.select().from(job).where(eq(job.key, 'outbox:slow-hook'));
			expect(row.state).toBe('done');
			// The same run then took the email queued meanwhile (kept: no SMTP_URL here).
			expect(await messageByKey('while-slow')).toMatchObject({ state: 'kept' });
		} finally {
			await hooks.close();
		}
	});

	it('lets another node deliver once a crashed node’s lease runs out, with the same key', async () => {
		const hooks = await startWebhooks(0, { holdFirst: 1 });
		const other = createJobRunner({ name: 'other node' });
		try {
			await enqueueChat(testDb.db, {
				key: 'lease-expiry',
				channel: 'teams',
				webhookUrl: `${hooks.base}/teams`,
				text: 'Delivered by whoever holds the lease'
			});
			const stalled = createJobRunner({ name: 'stalled node' });
			const stalledRun = stalled.runDue();
			await waitForHits(hooks, 1);
			// The stalled node's lease runs out (as if it had died mid-send)...
			await testDb.db.execute(
				sql`update job set due_at = now() - interval '1 second' where key = 'outbox:lease-expiry'`
			);
			// ...so the other node claims the job, sends it again and records it.
			expect(await other.runDue()).toBe(1);
			expect(await messageByKey('lease-expiry')).toMatchObject({ state: 'sent', attempts: 1 });
			// The stalled node gets its answer late: it no longer holds the job and records nothing.
			hooks.release();
			await stalledRun;
			expect(stalled.stats()).toEqual({ ran: 0, failed: 0 });
			expect(other.stats()).toEqual({ ran: 1, failed: 0 });
			expect(await messageByKey('lease-expiry')).toMatchObject({ state: 'sent', attempts: 1 });
			// The receiver saw the message twice under one key, so it can keep it once.
			expect(hooks.hits.map((h) => h.headers['idempotency-key'])).toEqual([
				'lease-expiry',
				'lease-expiry'
			]);
		} finally {
			await hooks.close();
		}
	});
});
