import { parseRoom } from '$lib/realtime/contract';
import type { SessionPerson } from '../auth';

/** How a module decides who may be in one of its rooms. */
export interface RoomPolicy {
	/** `id` is the part after `<module>:` (null for a bare module room like `kudos`). */
	canJoin(person: SessionPerson, id: string | null): boolean | Promise<boolean>;
	/**
	 * Whether the room's members are told who joins and leaves (a page shows who is here).
	 * Other rooms still answer `room:presence` when asked.
	 */
	presence?: boolean;
}

const policies = new Map<string, RoomPolicy>();

/** Registers (or, after a hot reload, replaces) the policy for a module's rooms. */
export function registerRoomPolicy(module: string, policy: RoomPolicy): void {
	policies.set(module, policy);
}

/** Whether `person` may join `room` now; unknown modules are closed. Asked on every join. */
export async function canJoinRoom(person: SessionPerson, room: string): Promise<boolean> {
	const { module, id } = parseRoom(room);
	const policy = policies.get(module);
	if (!policy) return false;
	return policy.canJoin(person, id);
}

/** Whether `room`'s members hear presence updates (its module's policy says so). */
export function pushesPresence(room: string): boolean {
	return policies.get(parseRoom(room).module)?.presence === true;
}

/** A person's own room: their notifications, balance and badges (see `Rooms`). */
export function userRoom(personId: number): `user:${number}` {
	return `user:${personId}`;
}

/** Everyone signed in with a tab open: the home page's "online now" (presence only). */
export const ONLINE_ROOM = 'online';

// The platform's own rooms.
registerRoomPolicy('user', { canJoin: (person, id) => id === String(person.id) });
registerRoomPolicy(ONLINE_ROOM, { canJoin: (_person, id) => id === null, presence: true });
