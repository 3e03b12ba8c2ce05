// The rewards room: everyone's rewards page and the admins' queue listen here.
import type { RoomPolicy } from '../realtime';

export const REWARDS_ROOM = 'rewards';

export const rewardsRooms: Record<string, RoomPolicy> = {
	[REWARDS_ROOM]: { canJoin: (_person, id) => id === null }
};
