// The rewards room: everyone's rewards page and the admins' queue listen here.
import type { RoomPolicy } from '../realtime';

export const REWARDS_ROOM = 'rewards';

export const rewardsRooms: Record<string, RoomPolicy> = {
	[REWARDS_ROOM]: { canJoin: (_person, id) => id === null }
};

/**
 * A request was approved, or declined by an admin or cancelled by its requester with its
 * unit back in stock (null: unlimited).
 */
export type RedemptionDecided = { redemptionId: number; rewardId: number } & (
	{ status: 'approved' } | { status: 'declined' | 'cancelled'; stock: number | null }
);

/** Every rewards event by name, with its payload. Who asked for what is not in them. */
export interface RewardsEvents {
	'reward.created': { rewardId: number };
	'reward.updated': { rewardId: number };
	/** A unit was taken: `stock` is what is left (null: unlimited). */
	'redemption.requested': { redemptionId: number; rewardId: number; stock: number | null };
	'redemption.decided': RedemptionDecided;
}

/** The rewards room carries every rewards event. */
export interface RewardsRooms {
	[REWARDS_ROOM]: RewardsEvents;
}
