// SLO rooms: one per escalation's clocks (`slo:<escalationId>`), and the policies room the
// admin page follows.
import { parseId } from '$lib/ids';
import type { RoomPolicy } from '../realtime';

export type SloRoom = `slo:${number}`;
export const SLO_POLICIES_ROOM = 'slo-policies';

export function sloRoom(escalationId: number): SloRoom {
	return `slo:${escalationId}`;
}

/** Every SLO event by name, with its payload. */
export interface SloEvents {
	/** An escalation's clocks changed (started, paused, resumed, met, restarted). */
	'slo.clocks': { escalationId: number };
	/** A trigger fired: a warning, the breach or a repeat. */
	'slo.fired': {
		escalationId: number;
		clockId: number;
		trigger: 'warning' | 'breach' | 'repeat';
	};
	'slo.policies': { policyId: number | null };
}

export interface SloRooms {
	[room: SloRoom]: Pick<SloEvents, 'slo.clocks' | 'slo.fired'>;
	[SLO_POLICIES_ROOM]: Pick<SloEvents, 'slo.policies'>;
}

/** Escalations are visible to everyone signed in, and so are their clocks. */
export const sloRooms: Record<string, RoomPolicy> = {
	slo: { canJoin: async (_person, id) => Boolean(parseId(id)) },
	[SLO_POLICIES_ROOM]: { canJoin: (person, id) => id === null && person.role === 'admin' }
};
