// The kudos wall's one room: every change the kudos pages show is an event here, so its
// latest seq names the state of the wall (see position.ts).
import type { ReactedPayload } from '$lib/reactions/kinds';
import type { Emoji, KudosSettingsInput } from '$lib/kudos/schemas';
import type { RoomPolicy } from '../realtime';

export const KUDOS_ROOM = 'kudos';

/** Everyone signed in watches the wall. */
export const kudosRooms: Record<string, RoomPolicy> = {
	[KUDOS_ROOM]: { canJoin: (_person, id) => id === null }
};

/** A new kudos as a wall card, sent whole so open walls need not ask for it. */
export interface KudosCardPayload {
	id: number;
	message: string;
	points: number;
	crossDepartment: boolean;
	/** ISO timestamp. */
	createdAt: string;
	hiddenAt: null;
	hiddenReason: null;
	giverId: number;
	giverName: string;
	giverDepartment: string | null;
	valueId: number;
	valueName: string;
	teamName: string | null;
	recipients: { id: number; name: string; departmentId: number | null; teamId: number | null }[];
	reactions: { emoji: Emoji; count: number; mine: boolean }[];
	plusOnes: { personId: number; name: string; points: number }[];
}

/** Every kudos event by name, with its payload. */
export interface KudosEvents {
	'kudos.given': { kudosId: number; card: KudosCardPayload };
	'kudos.reacted': { kudosId: number } & ReactedPayload;
	'kudos.plus_one': { kudosId: number };
	'kudos.hidden': { kudosId: number };
	'kudos.values': { valueId: number };
	'kudos.settings': KudosSettingsInput;
}

/** What a hidden kudos leaves of its events in the log (`redactEvents`): its id only. */
export interface KudosRedactedEvents {
	'kudos.given': { kudosId: number; redacted: true };
	'kudos.reacted': { kudosId: number; redacted: true };
	'kudos.plus_one': { kudosId: number; redacted: true };
}

/** The kudos room carries every kudos event. */
export interface KudosRooms {
	[KUDOS_ROOM]: KudosEvents;
}
