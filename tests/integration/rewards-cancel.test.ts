// A requester withdraws a pending reward request: points and stock come back through the
// ledger, once, however often the cancel is sent.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../src/lib/server/org/schema';
import {
	cancelRedemption,
	createReward,
	decideRedemption,
	redeemReward,
	rewardById
} from '../../src/lib/server/rewards';
import { awardPoints, balanceOf, verifyLedgerTotals } from '../../src/lib/server/ledger';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let teamId: number;
let adminId: number;
let grants = 0;

beforeAll(async () => {
	testDb = await createTestDatabase();
	teamId = (await addTeam(testDb, 'Cancel crew', 'support')).id;
	adminId = await addPerson(testDb, 'Alex Admin', teamId);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, adminId));
});
afterAll(async () => {
	await testDb?.destroy();
});

async function memberWith(name: string, points: number): Promise<number> {
	const id = await addPerson(testDb, name, teamId);
	if (points === 0) return id;
	grants++;
	await awardPoints({ personId: id, amount: points, sourceKind: 'test', sourceId: grants });
	return id;
}

async function limitedReward(title: string, stock: number) {
	return createReward(adminId, { title, description: '', cost: 60, stock, active: true });
}

describe('cancelling a pending request', () => {
	it('gives the points and the stock unit back once, and refuses a second cancel', async () => {
		const member = await memberWith('Cass Canceller', 100);
		const mug = await limitedReward('Mug', 3);
		const { redemption } = await redeemReward(member, mug.id, crypto.randomUUID());
		expect(await balanceOf(member)).toBe(40);
		expect((await rewardById(mug.id))!.stock).toBe(2);

		const cancelled = await cancelRedemption(member, redemption.id);
		expect(cancelled.status).toBe('cancelled');
		expect(await balanceOf(member)).toBe(100);
		expect((await rewardById(mug.id))!.stock).toBe(3);

		const again = await refusal(cancelRedemption(member, redemption.id));
		expect(again.message).toBe('This request was already cancelled.');
		const twice = await Promise.allSettled([
			cancelRedemption(member, redemption.id),
			cancelRedemption(member, redemption.id)
		]);
		expect(twice.every((r) => r.status === 'rejected')).toBe(true);
		expect(await balanceOf(member)).toBe(100);
		expect((await rewardById(mug.id))!.stock).toBe(3);
		expect(await verifyLedgerTotals()).toMatchObject({ ok: true });
	});

	it('lets two racing cancels of a pending request refund once', async () => {
		const member = await memberWith('Rae Racer', 100);
		const mug = await limitedReward('Racing mug', 1);
		const { redemption } = await redeemReward(member, mug.id, crypto.randomUUID());
		const results = await Promise.allSettled([
			cancelRedemption(member, redemption.id),
			cancelRedemption(member, redemption.id)
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(await balanceOf(member)).toBe(100);
		expect((await rewardById(mug.id))!.stock).toBe(1);
	});

	it('refuses someone else’s request and a decided one', async () => {
		const member = await memberWith('Dee Decided', 200);
		const other = await memberWith('Otto Other', 0);
		const mug = await limitedReward('Decided mug', 5);
		const first = await redeemReward(member, mug.id, crypto.randomUUID());
		expect((await refusal(cancelRedemption(other, first.redemption.id))).message).toBe(
			'Only the person who asked for a reward can cancel the request.'
		);
		await decideRedemption(adminId, first.redemption.id, 'approved');
		expect((await refusal(cancelRedemption(member, first.redemption.id))).message).toBe(
			'This request was already approved.'
		);
		expect(await balanceOf(member)).toBe(140);
	});
});
