// The RACI room: the matrix page follows it.
import type { RoomPolicy } from '../realtime';

export const RACI_ROOM = 'raci';

/** Every RACI event by name, with its payload. */
export interface RaciEvents {
	/** A row changed, or (no activity) a team column was added or removed. */
	'raci.changed': { activityId: number | null };
}

export interface RaciRooms {
	[RACI_ROOM]: RaciEvents;
}

/** Everyone signed in reads the matrix. */
export const raciRooms: Record<string, RoomPolicy> = {
	[RACI_ROOM]: { canJoin: (_person, id) => id === null }
};
