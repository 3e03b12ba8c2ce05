// Escalation rooms: the list (`escalations`) and one per escalation (`escalation:<id>`).
import { eq } from 'drizzle-orm';
import { parseId } from '$lib/ids';
import { useDb } from '../db/client';
import type { RoomPolicy } from '../realtime';
import { escalation } from './schema';

/** The list room: every open list of escalations listens here. */
export const ESCALATIONS_ROOM = 'escalations';

export function escalationRoom(escalationId: number): string {
	return `escalation:${escalationId}`;
}

export function escalationHref(escalationId: number): string {
	return `/escalations/${escalationId}`;
}

/** Escalations are visible to everyone signed in: the list, and any escalation that exists. */
export const escalationRooms: Record<string, RoomPolicy> = {
	[ESCALATIONS_ROOM]: { canJoin: (_person, id) => id === null },
	escalation: {
		canJoin: async (_person, id) => {
			const escalationId = parseId(id);
			if (!escalationId) return false;
			const [row] = await useDb()
				.select({ id: escalation.id })
				.from(escalation)
				.where(eq(escalation.id, escalationId));
			return Boolean(row);
		}
	}
};
