// The leaderboard room (every open leaderboard listens here for totals that moved) and
// the ledger's events in a person's own room (their balance and badges).
import type { RoomPolicy } from '../realtime';

export const LEADERBOARD_ROOM = 'leaderboard';

export const ledgerRooms: Record<string, RoomPolicy> = {
	[LEADERBOARD_ROOM]: { canJoin: (_person, id) => id === null }
};

/** Every ledger event by name, with its payload. */
export interface LedgerEvents {
	/** Points moved (an award, or its reversal with a negative amount) on these scopes. */
	points: { personId: number; amount: number; scopes: string[] };
	/** The person's balance after a change. */
	balance: { points: number };
	/** A badge the person just earned. */
	badge: { badge: string; label: string };
}

/** Which ledger events each room carries: totals for everyone, balances for oneself. */
export interface LedgerRooms {
	[LEADERBOARD_ROOM]: Pick<LedgerEvents, 'points'>;
	[room: `user:${number}`]: Pick<LedgerEvents, 'balance' | 'badge'>;
}
