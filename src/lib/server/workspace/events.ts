// The workspace room: every signed-in page follows it, so a new name or zone shows at once.
import type { RoomPolicy } from '../realtime';

/** Every signed-in person's layout listens here. */
export const WORKSPACE_ROOM = 'workspace';

/** What changed in the workspace's settings (each event carries what pages show of it). */
export interface WorkspaceEvents {
	'workspace.settings': { name: string; timeZone: string };
	'workspace.hours': { spans: number };
	'workspace.holidays': { day: string; added: boolean };
	'workspace.caps': { bashPointsCap: number; bashFirstBonusCap: number };
	'workspace.domains': { domain: string; open: boolean };
	'workspace.checklist': { dismissed: boolean };
}

export interface WorkspaceRooms {
	[WORKSPACE_ROOM]: WorkspaceEvents;
}

export const workspaceRooms: Record<string, RoomPolicy> = {
	[WORKSPACE_ROOM]: { canJoin: (_person, id) => id === null }
};
