import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerEntry } from '../../src/lib/server/ledger/schema';
import { person } from '../../src/lib/server/org/schema';
import { reward, rewardRedemption } from '../../src/lib/server/rewards/schema';
import {
	createReward,
	decideRedemption,
	listRewards,
	myRedemptions,
	redeemReward,
	redemptionQueue,
	rewardById,
	updateReward,
	type RewardFields
} from '../../src/lib/server/rewards';
import { awardPoints, balanceOf, verifyLedgerTotals } from '../../src/lib/server/ledger';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, eventsIn } from '../helpers/ledger';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let teamId: number;
let adminId: number;

beforeAll(async () => {
	testDb = await createTestDatabase();
	teamId = (await addTeam(testDb, 'Rewards crew', 'support')).id;
	adminId = await addPerson(testDb, 'Alex Admin', teamId);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, adminId));
});
afterAll(async () => {
	await testDb?.destroy();
});

let grants = 0;

/** A member holding `points` received points. */
async function memberWith(name: string, points: number): Promise<number> {
	const id = await addPerson(testDb, name, teamId);
	if (points > 0) {
		grants++;
		await awardPoints({ personId: id, amount: points, sourceKind: 'test', sourceId: grants });
	}
	return id;
}

function fields(overrides: Partial<RewardFields> = {}): RewardFields {
	return {
		title: 'Team lunch on us',
		description: 'Lunch for you and two colleagues.',
		cost: 150,
		stock: null,
		active: true,
		...overrides
	};
}

async function stockOf(rewardId: number) {
	return (await rewardById(rewardId))!.stock;
}

async function spendsOf(personId: number) {
	return testDb.db
		.select()
		.from(ledgerEntry)
		.where(and(eq(ledgerEntry.personId, personId), eq(ledgerEntry.kind, 'spend')));
}

async function noticesOf(personId: number) {
	return (await eventsIn(testDb, `user:${personId}`))
		.filter((e) => e.type === 'notice')
		.map((e) => e.payload as { text: string; href: string })
		.map(({ text, href }) => ({ text, href }));
}

describe('the catalogue', () => {
	it('lets an admin add and change rewards, and lists only active ones to people', async () => {
		const hoodie = await createReward(adminId, fields({ title: 'Tandem hoodie', cost: 80 }));
		expect(hoodie).toMatchObject({ title: 'Tandem hoodie', cost: 80, stock: null, active: true });
		const changed = await updateReward(adminId, hoodie.id, fields({ cost: 90, stock: 20 }));
		expect(changed).toMatchObject({ title: 'Team lunch on us', cost: 90, stock: 20 });
		const retired = await createReward(adminId, fields({ title: 'Old mug', active: false }));

		expect((await listRewards()).map((r) => r.id)).toContain(hoodie.id);
		expect((await listRewards()).map((r) => r.id)).not.toContain(retired.id);
		expect((await listRewards({ includeInactive: true })).map((r) => r.id)).toContain(retired.id);
		const types = (await eventsIn(testDb, 'rewards')).map((e) => e.type);
		expect(types).toEqual(expect.arrayContaining(['reward.created', 'reward.updated']));
	});

	it('refuses a member who tries to add or change rewards', async () => {
		const member = await memberWith('Mia Member', 0);
		const existing = await createReward(adminId, fields({ title: 'Desk plant' }));
		expect((await refusal(createReward(member, fields()))).message).toBe(
			'Only admins can add rewards.'
		);
		expect((await refusal(updateReward(member, existing.id, fields({ cost: 1 })))).message).toBe(
			'Only admins can change rewards.'
		);
		expect((await rewardById(existing.id))!.cost).toBe(150);
	});

	it('refuses a bad cost or stock next to the field', async () => {
		const free = await refusal(createReward(adminId, fields({ cost: 0 })));
		expect(free).toMatchObject({ field: 'cost', message: 'A reward costs at least 1 point.' });
		const negative = await refusal(createReward(adminId, fields({ stock: -1 })));
		expect(negative).toMatchObject({ field: 'stock', message: 'Stock cannot be below zero.' });
		const blank = await refusal(createReward(adminId, fields({ title: '   ' })));
		expect(blank.field).toBe('title');
	});
});

describe('redeeming', () => {
	it('refuses without enough points and changes nothing', async () => {
		const bea = await memberWith('Bea Short', 100);
		const lunch = await createReward(adminId, fields({ cost: 150, stock: 4 }));
		const err = await refusal(redeemReward(bea, lunch.id, crypto.randomUUID()));
		expect(err.message).toBe('Not enough points: this needs 150 and the balance is 100.');
		expect(await balanceOf(bea)).toBe(100);
		expect(await stockOf(lunch.id)).toBe(4);
		expect(await myRedemptions(bea)).toEqual([]);
		expect(await spendsOf(bea)).toEqual([]);
	});

	it('spends the points and holds a unit; a double submit redeems once', async () => {
		const ben = await memberWith('Ben Double', 400);
		const dayOff = await createReward(
			adminId,
			fields({ title: 'Extra day off', cost: 120, stock: 5 })
		);
		const key = crypto.randomUUID();
		const [first, second] = await Promise.all([
			redeemReward(ben, dayOff.id, key),
			redeemReward(ben, dayOff.id, key)
		]);
		const again = await redeemReward(ben, dayOff.id, key);

		expect(first.redemption.id).toBe(second.redemption.id);
		expect(again).toMatchObject({ created: false, redemption: { id: first.redemption.id } });
		expect([first.created, second.created].sort()).toEqual([false, true]);
		expect(first.redemption).toMatchObject({ status: 'pending', cost: 120, personId: ben });
		expect(await balanceOf(ben)).toBe(280);
		expect(await stockOf(dayOff.id)).toBe(4);
		expect(await spendsOf(ben)).toHaveLength(1);
		expect(await myRedemptions(ben)).toMatchObject([{ title: 'Extra day off', status: 'pending' }]);
		const requested = (await eventsIn(testDb, 'rewards')).filter(
			(e) => e.type === 'redemption.requested'
		);
		// The room is everyone's: it is not told who asked.
		expect(requested.every((e) => e.actorId === null)).toBe(true);
		expect(requested.map((e) => e.payload)).toContainEqual({
			redemptionId: first.redemption.id,
			rewardId: dayOff.id,
			stock: 4
		});
	});

	it('gives the last 3 units to exactly 3 of 10 people asking at once', async () => {
		const tickets = await createReward(
			adminId,
			fields({ title: 'Conference ticket', cost: 50, stock: 3 })
		);
		const people = await Promise.all(
			Array.from({ length: 10 }, (_, i) => memberWith(`Rush ${i}`, 60))
		);
		const results = await Promise.allSettled(
			people.map((id) => redeemReward(id, tickets.id, crypto.randomUUID()))
		);

		const redeemed = results.filter((r) => r.status === 'fulfilled');
		const refused = results.filter((r) => r.status === 'rejected');
		expect(redeemed).toHaveLength(3);
		expect(refused.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(
			Array(7).fill('Out of stock: “Conference ticket” has none left.')
		);
		expect(await stockOf(tickets.id)).toBe(0);
		const pending = await testDb.db
			.select()
			.from(rewardRedemption)
			.where(eq(rewardRedemption.rewardId, tickets.id));
		expect(pending.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
		const balances = (await Promise.all(people.map((id) => balanceOf(id)))).sort();
		expect(balances).toEqual([10, 10, 10, 60, 60, 60, 60, 60, 60, 60]);
	});

	it('refuses a reward that is no longer offered', async () => {
		const cat = await memberWith('Cat Late', 500);
		const gone = await createReward(adminId, fields({ title: 'Retired swag', active: false }));
		const err = await refusal(redeemReward(cat, gone.id, crypto.randomUUID()));
		expect(err.message).toBe('This reward is no longer offered.');
		expect(await balanceOf(cat)).toBe(500);
	});
});

describe('deciding', () => {
	async function pendingRequest(name: string, stock: number | null = 2) {
		const member = await memberWith(name, 300);
		const item = await createReward(
			adminId,
			fields({ title: `Gift for ${name}`, cost: 120, stock })
		);
		const { redemption } = await redeemReward(member, item.id, crypto.randomUUID());
		return { member, item, redemption };
	}

	it('a decline refunds the points and the unit, and tells the person', async () => {
		const { member, item, redemption } = await pendingRequest('Dan Declined');
		expect(await balanceOf(member)).toBe(180);
		expect(await stockOf(item.id)).toBe(1);

		const decided = await decideRedemption(adminId, redemption.id, 'declined', 'Sold out.');
		expect(decided).toMatchObject({
			status: 'declined',
			decidedById: adminId,
			declineReason: 'Sold out.'
		});
		expect(await balanceOf(member)).toBe(300);
		expect(await stockOf(item.id)).toBe(2);
		const [spend] = await spendsOf(member);
		const [reversal] = await testDb.db
			.select()
			.from(ledgerEntry)
			.where(eq(ledgerEntry.reversesId, spend.id));
		expect(reversal).toMatchObject({ kind: 'reversal', amount: 120, personId: member });
		expect(await noticesOf(member)).toContainEqual({
			text: `Your reward “Gift for Dan Declined” was declined: Sold out. 120 points are back in your balance.`,
			href: '/rewards'
		});
		expect(await myRedemptions(member)).toMatchObject([
			{ status: 'declined', declineReason: 'Sold out.' }
		]);
	});

	it('a decline of unlimited stock keeps it unlimited; a decline needs a reason', async () => {
		const { member, item, redemption } = await pendingRequest('Eve Unlimited', null);
		const err = await refusal(decideRedemption(adminId, redemption.id, 'declined', '  '));
		expect(err).toMatchObject({ field: 'reason', message: 'Say why the request is declined.' });
		expect(await balanceOf(member)).toBe(180);

		await decideRedemption(adminId, redemption.id, 'declined', 'Budget frozen this quarter');
		expect(await stockOf(item.id)).toBeNull();
		expect(await balanceOf(member)).toBe(300);
	});

	it('an approval keeps the points spent and tells the person; a second decision is refused', async () => {
		const { member, item, redemption } = await pendingRequest('Fay Approved');
		await decideRedemption(adminId, redemption.id, 'approved');
		expect(await balanceOf(member)).toBe(180);
		expect(await stockOf(item.id)).toBe(1);
		expect(await noticesOf(member)).toContainEqual({
			text: 'Your reward “Gift for Fay Approved” was approved.',
			href: '/rewards'
		});

		const twice = await refusal(decideRedemption(adminId, redemption.id, 'declined', 'Oops, no'));
		expect(twice.message).toBe('This request was already approved.');
		expect(await balanceOf(member)).toBe(180);
		expect(await stockOf(item.id)).toBe(1);
	});

	it('two admins deciding at once: one wins, the other is refused', async () => {
		const otherAdmin = await addPerson(testDb, 'Olga Admin', teamId);
		await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, otherAdmin));
		const { member, redemption } = await pendingRequest('Gus Contested');
		const results = await Promise.allSettled([
			decideRedemption(adminId, redemption.id, 'approved'),
			decideRedemption(otherAdmin, redemption.id, 'declined', 'Not this month')
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const [row] = await testDb.db
			.select()
			.from(rewardRedemption)
			.where(eq(rewardRedemption.id, redemption.id));
		expect(await balanceOf(member)).toBe(row.status === 'approved' ? 180 : 300);
	});

	it('refuses a member who tries to decide', async () => {
		const { member, redemption } = await pendingRequest('Hal Hopeful');
		const err = await refusal(decideRedemption(member, redemption.id, 'approved'));
		expect(err.message).toBe('Only admins can approve or decline reward requests.');
		const [row] = await testDb.db
			.select()
			.from(rewardRedemption)
			.where(eq(rewardRedemption.id, redemption.id));
		expect(row.status).toBe('pending');
	});

	it('shows admins the pending queue first, then the recent decisions, with names', async () => {
		const { redemption } = await pendingRequest('Ivy Queued');
		const queue = await redemptionQueue();
		expect(queue.pending.every((r) => r.status === 'pending')).toBe(true);
		expect(queue.pending).toContainEqual(
			expect.objectContaining({ id: redemption.id, personName: 'Ivy Queued', cost: 120 })
		);
		expect(queue.decided.length).toBeGreaterThan(0);
		expect(queue.decided.every((r) => r.status !== 'pending' && r.decidedByName)).toBe(true);
	});
});

describe('the ledger afterwards', () => {
	it('still matches its totals', async () => {
		const check = await verifyLedgerTotals();
		expect(check.problems).toEqual([]);
		expect(check.ok).toBe(true);
		const stocks = (await testDb.db.select().from(reward)).map((r) => r.stock ?? 0);
		expect(Math.min(...stocks)).toBeGreaterThanOrEqual(0);
	});
});
