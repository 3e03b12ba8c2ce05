// Escalation rooms: the list (`escalations`) and one per escalation (`escalation:<id>`),
// and the events each carries.
import { eq } from 'drizzle-orm';
import type { EscalationStatus } from '$lib/escalations/schemas';
import { parseId } from '$lib/ids';
import type { Severity } from '$lib/report';
import { useDb } from '../db/client';
import type { CommentEvents } from '../comments';
import type { RoomPolicy } from '../realtime';
import { escalation } from './schema';

/** The list room: every open list of escalations listens here. */
export const ESCALATIONS_ROOM = 'escalations';

export function escalationRoom(escalationId: number): EscalationRoom {
	return `escalation:${escalationId}`;
}
export type EscalationRoom = `escalation:${number}`;

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

/** An escalation as the list shows it: sent when one is opened or changes. */
export interface EscalationSummary {
	escalationId: number;
	title: string;
	severity: Severity;
	status: EscalationStatus;
	customerName: string | null;
}

/** The SLO timestamps after a change (ISO strings; null until they happen). */
export interface SloTimestamps {
	updatedAt: string;
	firstResponseAt: string | null;
	lastEngineeringUpdateAt: string | null;
	resolvedAt: string | null;
	closedAt: string | null;
}

/** Every escalation event by name, with its payload. */
export interface EscalationEvents {
	'escalation.opened': EscalationSummary;
	'escalation.changed': EscalationSummary;
	'escalation.status': { from: EscalationStatus; status: EscalationStatus } & SloTimestamps;
	'escalation.assigned': { assigneeId: number | null; assigneeName: string | null } & SloTimestamps;
	/** A screen recording finished uploading and is attached. */
	'escalation.recording': { mediaId: number };
}

/** Which events each escalation room carries. */
export interface EscalationRooms {
	[ESCALATIONS_ROOM]: Pick<EscalationEvents, 'escalation.opened' | 'escalation.changed'>;
	[room: EscalationRoom]: Omit<EscalationEvents, 'escalation.changed'> & CommentEvents;
}
