// The kudos wall's one room: every change the kudos pages show is an event here, so its
// latest seq names the state of the wall (see position.ts).
import type { RoomPolicy } from '../realtime';

export const KUDOS_ROOM = 'kudos';

/** Everyone signed in watches the wall. */
export const kudosRooms: Record<string, RoomPolicy> = {
	[KUDOS_ROOM]: { canJoin: (_person, id) => id === null }
};
