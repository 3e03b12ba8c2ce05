// Reading rewards: the catalogue, a person's own requests and the admins' queue.
import { asc, desc, eq, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { useDb } from '../db/client';
import { person } from '../org';
import { reward, rewardRedemption } from './schema';
import type { Reward } from './service';

/** The catalogue, cheapest first; inactive rewards only for admins managing it. */
export async function listRewards(options: { includeInactive?: boolean } = {}): Promise<Reward[]> {
	return useDb()
		.select()
		.from(reward)
		.where(options.includeInactive ? undefined : eq(reward.active, true))
		.orderBy(desc(reward.active), asc(reward.cost), asc(reward.title), asc(reward.id));
}

export async function rewardById(rewardId: number): Promise<Reward | null> {
	const [row] = await useDb().select().from(reward).where(eq(reward.id, rewardId));
	return row ?? null;
}

/** A person's own requests, newest first. */
export async function myRedemptions(personId: number, limit = 50) {
	return useDb()
		.select({
			id: rewardRedemption.id,
			rewardId: rewardRedemption.rewardId,
			title: reward.title,
			cost: rewardRedemption.cost,
			status: rewardRedemption.status,
			declineReason: rewardRedemption.declineReason,
			createdAt: rewardRedemption.createdAt,
			decidedAt: rewardRedemption.decidedAt
		})
		.from(rewardRedemption)
		.innerJoin(reward, eq(reward.id, rewardRedemption.rewardId))
		.where(eq(rewardRedemption.personId, personId))
		.orderBy(desc(rewardRedemption.createdAt), desc(rewardRedemption.id))
		.limit(limit);
}

const decider = alias(person, 'decider');

function queueColumns() {
	return {
		id: rewardRedemption.id,
		rewardId: rewardRedemption.rewardId,
		title: reward.title,
		personId: rewardRedemption.personId,
		personName: person.name,
		cost: rewardRedemption.cost,
		status: rewardRedemption.status,
		declineReason: rewardRedemption.declineReason,
		createdAt: rewardRedemption.createdAt,
		decidedAt: rewardRedemption.decidedAt,
		decidedByName: decider.name
	};
}

function queueQuery() {
	return useDb()
		.select(queueColumns())
		.from(rewardRedemption)
		.innerJoin(reward, eq(reward.id, rewardRedemption.rewardId))
		.innerJoin(person, eq(person.id, rewardRedemption.personId))
		.leftJoin(decider, eq(decider.id, rewardRedemption.decidedById));
}

export type QueueItem = Awaited<ReturnType<typeof redemptionQueue>>['pending'][number];

/** The admins' queue: every pending request, oldest first, then the latest decisions. */
export async function redemptionQueue(recent = 20) {
	const [pending, decided] = await Promise.all([
		queueQuery()
			.where(eq(rewardRedemption.status, 'pending'))
			.orderBy(asc(rewardRedemption.createdAt), asc(rewardRedemption.id))
			.limit(500),
		queueQuery()
			.where(ne(rewardRedemption.status, 'pending'))
			.orderBy(desc(rewardRedemption.decidedAt), desc(rewardRedemption.id))
			.limit(recent)
	]);
	return { pending, decided };
}
