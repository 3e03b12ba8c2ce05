// The bug bash's rooms: one per bash (`bugbash:<id>`, the board and its bug pages) and
// the list of bashes (`bugbashes`).
import { eq } from 'drizzle-orm';
import { parseId } from '$lib/ids';
import { useDb } from '../db/client';
import type { RoomPolicy } from '../realtime';
import { bugBash } from './schema';

/** The room of one bash: its board, bug pages, TV mode and summary listen here. */
export function bashRoom(bashId: number): string {
	return `bugbash:${bashId}`;
}

/** The list of bashes listens here. */
export const BUGBASHES_ROOM = 'bugbashes';

/** Anyone signed in may watch a bash that exists; the list room is open to everyone. */
export const bugbashRooms: Record<string, RoomPolicy> = {
	bugbash: {
		canJoin: async (_person, id) => {
			const bashId = parseId(id);
			if (!bashId) return false;
			const [row] = await useDb()
				.select({ id: bugBash.id })
				.from(bugBash)
				.where(eq(bugBash.id, bashId));
			return Boolean(row);
		}
	},
	[BUGBASHES_ROOM]: { canJoin: (_person, id) => id === null }
};
