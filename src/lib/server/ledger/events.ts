// The leaderboard room: every open leaderboard listens here for totals that moved.
import type { RoomPolicy } from '../realtime';

export const LEADERBOARD_ROOM = 'leaderboard';

export const ledgerRooms: Record<string, RoomPolicy> = {
	[LEADERBOARD_ROOM]: { canJoin: (_person, id) => id === null }
};
