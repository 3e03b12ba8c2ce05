// Rewards: an admin-managed catalogue that people buy with the points they received.
// Redeeming holds a stock unit and spends the points at once (one transaction), so stock
// never goes below zero and nobody spends points they do not have; an admin then
// approves the request, or declines it, which refunds the points and the unit.
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { declineSchema, rewardSchema, type RewardInput } from '$lib/rewards/schemas';
import { type Executor, type Transaction } from '../db/client';
import { person } from '../org';
import { reward, rewardRedemption } from './schema';
import { parseOrRefuse, ServiceError } from '../errors';
import { requireActiveAdmin } from '../org';
import { entryFor, reverseEntryIn, spendPointsIn, writeLedger } from '../ledger';
import { notify } from '../notifications';
import type { RecordEvent } from '../realtime';
import { REWARDS_ROOM, type RedemptionDecided } from './events';

/** The ledger source of a redemption's spend; the source id is the redemption's id. */
const REWARD_SOURCE = 'reward';

export type Reward = typeof reward.$inferSelect;
export type Redemption = typeof rewardRedemption.$inferSelect;
export type RedemptionDecision = 'approved' | 'declined';

/** What an admin sets on a reward. */
export type RewardFields = Omit<RewardInput, 'rewardId'>;

// ---- who may do what -------------------------------------------------------------------

/** The person acting, read fresh: a role change or deactivation applies at once. */
async function actorOf(tx: Executor, personId: number) {
	const [row] = await tx
		.select({ id: person.id, role: person.role, active: person.active })
		.from(person)
		.where(eq(person.id, personId));
	if (!row?.active) throw new ServiceError('Your account cannot do that.');
	return row;
}

/** The catalogue's fields, checked again here: the service is the authority for every caller. */
const rewardFields = rewardSchema.omit({ rewardId: true });

// ---- the catalogue -----------------------------------------------------------------------

/** Adds a reward to the catalogue. */
export async function createReward(adminId: number, input: RewardFields): Promise<Reward> {
	return writeLedger(async (tx, record) => {
		await requireActiveAdmin(tx, adminId, 'add rewards');
		const [created] = await tx
			.insert(reward)
			.values(parseOrRefuse(rewardFields, input))
			.returning();
		await record(REWARDS_ROOM, 'reward.created', { rewardId: created.id }, adminId);
		return created;
	});
}

/** Changes a reward; `stock` is what is left now (pending requests already hold theirs). */
export async function updateReward(
	adminId: number,
	rewardId: number,
	input: RewardFields
): Promise<Reward> {
	return writeLedger(async (tx, record) => {
		await requireActiveAdmin(tx, adminId, 'change rewards');
		const [updated] = await tx
			.update(reward)
			.set(parseOrRefuse(rewardFields, input))
			.where(eq(reward.id, rewardId))
			.returning();
		if (!updated) throw new ServiceError('That reward does not exist.');
		await record(REWARDS_ROOM, 'reward.updated', { rewardId }, adminId);
		return updated;
	});
}

// ---- redeeming ---------------------------------------------------------------------------

async function redemptionByKey(
	tx: Executor,
	personId: number,
	clientKey: string
): Promise<Redemption | null> {
	const [row] = await tx
		.select()
		.from(rewardRedemption)
		.where(and(eq(rewardRedemption.personId, personId), eq(rewardRedemption.clientKey, clientKey)));
	return row ?? null;
}

/**
 * Takes one unit of an active reward with a single conditional UPDATE: concurrent
 * requests queue on the row and each sees the stock the previous one left, so the last
 * unit goes to exactly one of them. Unlimited rewards (null stock) stay null.
 */
async function holdStockUnit(tx: Transaction, rewardId: number): Promise<Reward> {
	const [held] = await tx
		.update(reward)
		.set({ stock: sql`${reward.stock} - 1` })
		.where(
			and(
				eq(reward.id, rewardId),
				eq(reward.active, true),
				or(isNull(reward.stock), gt(reward.stock, 0))
			)
		)
		.returning();
	if (held) return held;
	const [found] = await tx.select().from(reward).where(eq(reward.id, rewardId));
	if (!found) throw new ServiceError('That reward does not exist.');
	if (!found.active) throw new ServiceError('This reward is no longer offered.');
	throw new ServiceError(`Out of stock: “${found.title}” has none left.`);
}

/** Puts a held unit back (a declined or repeated request); unlimited stock stays null. */
async function returnStockUnit(tx: Transaction, rewardId: number): Promise<number | null> {
	const [row] = await tx
		.update(reward)
		.set({ stock: sql`${reward.stock} + 1` })
		.where(eq(reward.id, rewardId))
		.returning({ stock: reward.stock });
	return row?.stock ?? null;
}

/**
 * Requests a reward, paid with the person's received points. The form's `clientKey`
 * makes a repeat (double click, retried post) answer the request already made, changing
 * nothing. Refused when out of stock or the balance is too low; then nothing changes.
 */
export async function redeemReward(
	personId: number,
	rewardId: number,
	clientKey: string
): Promise<{ redemption: Redemption; created: boolean }> {
	const key = clientKey.trim();
	if (key.length < 8 || key.length > 64) throw new ServiceError('Reload the page and try again.');
	return writeLedger(async (tx, record) => {
		await actorOf(tx, personId);
		const existing = await redemptionByKey(tx, personId, key);
		if (existing) return { redemption: existing, created: false };
		const held = await holdStockUnit(tx, rewardId);
		const [created] = await tx
			.insert(rewardRedemption)
			.values({ rewardId, personId, clientKey: key, cost: held.cost })
			.onConflictDoNothing()
			.returning();
		if (!created) {
			// The same request committed while this one waited for the stock: undo the hold.
			await returnStockUnit(tx, rewardId);
			return { redemption: (await redemptionByKey(tx, personId, key))!, created: false };
		}
		await spendPointsIn(tx, record, {
			personId,
			amount: held.cost,
			sourceKind: REWARD_SOURCE,
			sourceId: created.id,
			reason: `Reward: ${held.title}`,
			actorId: personId
		});
		const payload = { redemptionId: created.id, rewardId, stock: held.stock };
		// No actor: the room is everyone's, and who asked for what is theirs and the admins'.
		await record(REWARDS_ROOM, 'redemption.requested', payload, null);
		return { redemption: created, created: true };
	});
}

// ---- deciding ----------------------------------------------------------------------------

/** The redemption with its reward's title, locked so two admins cannot both decide it. */
async function lockRedemption(tx: Transaction, redemptionId: number) {
	const [row] = await tx
		.select({ redemption: rewardRedemption, title: reward.title })
		.from(rewardRedemption)
		.innerJoin(reward, eq(reward.id, rewardRedemption.rewardId))
		.where(eq(rewardRedemption.id, redemptionId))
		.for('update', { of: rewardRedemption });
	if (!row) throw new ServiceError('That request does not exist.');
	return row;
}

/** The ledger row that paid for a redemption. */
async function spendOf(tx: Executor, redemption: Redemption): Promise<number> {
	const id = await entryFor(tx, {
		personId: redemption.personId,
		kind: 'spend',
		sourceKind: REWARD_SOURCE,
		sourceId: redemption.id
	});
	// Every redemption is written together with its spend; a missing one is a bug.
	if (id === null) throw new Error(`Redemption ${redemption.id} has no spend in the ledger.`);
	return id;
}

/**
 * Approves or declines a pending request (admins only). A decline needs a reason and
 * refunds: the spend is reversed and the stock unit put back. The person is told live.
 */
export async function decideRedemption(
	adminId: number,
	redemptionId: number,
	decision: RedemptionDecision,
	reason?: string
): Promise<Redemption> {
	return writeLedger(async (tx, record) => {
		await requireActiveAdmin(tx, adminId, 'approve or decline reward requests');
		const { redemption, title } = await lockRedemption(tx, redemptionId);
		if (redemption.status !== 'pending') {
			throw new ServiceError(`This request was already ${redemption.status}.`);
		}
		const declineReason =
			decision === 'declined'
				? parseOrRefuse(declineSchema, { reason: reason ?? '' }, 'reason').reason
				: null;
		const [decided] = await tx
			.update(rewardRedemption)
			.set({ status: decision, decidedById: adminId, decidedAt: new Date(), declineReason })
			.where(eq(rewardRedemption.id, redemptionId))
			.returning();
		// Stock before balance: the same lock order as redeeming, so the two never deadlock.
		const stock = declineReason ? await refund(tx, record, adminId, decided, declineReason) : null;
		await announceDecision(tx, record, adminId, decided, title, stock);
		return decided;
	});
}

/**
 * The requester withdraws a request still pending: the stock unit goes back and the
 * spend is reversed through the ledger, once (a second cancel is refused: the request is
 * no longer pending, and the ledger refuses a second reversal of the same spend).
 */
export async function cancelRedemption(
	personId: number,
	redemptionId: number
): Promise<Redemption> {
	return writeLedger(async (tx, record) => {
		const { redemption, title } = await lockRedemption(tx, redemptionId);
		if (redemption.personId !== personId) {
			throw new ServiceError('Only the person who asked for a reward can cancel the request.');
		}
		if (redemption.status !== 'pending') {
			throw new ServiceError(`This request was already ${redemption.status}.`);
		}
		const [cancelled] = await tx
			.update(rewardRedemption)
			.set({ status: 'cancelled', decidedById: personId, decidedAt: new Date() })
			.where(eq(rewardRedemption.id, redemptionId))
			.returning();
		const stock = await returnStockUnit(tx, redemption.rewardId);
		await reverseEntryIn(tx, record, {
			entryId: await spendOf(tx, redemption),
			reason: `Reward request cancelled: ${title}`,
			actorId: personId
		});
		const payload: RedemptionDecided = {
			redemptionId,
			rewardId: redemption.rewardId,
			status: 'cancelled',
			stock
		};
		await record(REWARDS_ROOM, 'redemption.decided', payload, null);
		return cancelled;
	});
}

/** Puts the unit back and reverses the spend; answers the stock left afterwards. */
async function refund(
	tx: Transaction,
	record: RecordEvent,
	adminId: number,
	redemption: Redemption,
	reason: string
): Promise<number | null> {
	const stock = await returnStockUnit(tx, redemption.rewardId);
	await reverseEntryIn(tx, record, {
		entryId: await spendOf(tx, redemption),
		reason: `Reward request declined: ${reason}`,
		actorId: adminId
	});
	return stock;
}

async function announceDecision(
	tx: Transaction,
	record: RecordEvent,
	adminId: number,
	redemption: Redemption,
	title: string,
	stock: number | null
): Promise<void> {
	const text =
		redemption.status === 'approved'
			? `Your reward “${title}” was approved.`
			: `Your reward “${title}” was declined: ${withoutFinalStop(redemption.declineReason ?? '')}. ` +
				`${redemption.cost} points are back in your balance.`;
	await notify(
		tx,
		record,
		[redemption.personId],
		{ kind: 'redemption.decided', text, href: '/rewards' },
		adminId
	);
	const about = { redemptionId: redemption.id, rewardId: redemption.rewardId };
	const payload: RedemptionDecided =
		redemption.status === 'declined'
			? { ...about, status: 'declined', stock }
			: { ...about, status: 'approved' };
	await record(REWARDS_ROOM, 'redemption.decided', payload, adminId);
}

/** "Sold out." inside a sentence reads "Sold out. 120 points…", not "Sold out.. 120". */
function withoutFinalStop(text: string): string {
	return text.replace(/[.!\s]+$/, '');
}
