// The org room: renames, team moves and deactivations, heard by every page that shows
// people's places (the people directory, leaderboards' team names, the admin pages).
import type { RoomPolicy } from '../realtime';

/** Every signed-in person may follow the organisation's changes. */
export const ORG_ROOM = 'org';

/** What changed in the organisation; names are carried so a page can show them at once. */
export interface OrgEvents {
	'org.team_created': { teamId: number; name: string; departmentId: number };
	'org.team_changed': { teamId: number; name: string; departmentId: number };
	'org.team_deleted': { teamId: number };
	/** A team's lead was set, or cleared (null) by an admin, a move or a deactivation. */
	'org.team_lead': { teamId: number; leadId: number | null };
	'org.person_moved': { personId: number; teamId: number | null };
	'org.person_role': { personId: number; role: 'admin' | 'member' };
	'org.person_active': { personId: number; active: boolean };
}

export interface OrgRooms {
	[ORG_ROOM]: OrgEvents;
}

export const orgRooms: Record<string, RoomPolicy> = {
	[ORG_ROOM]: { canJoin: (_person, id) => id === null }
};
