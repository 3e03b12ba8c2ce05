// The monthly sync's rooms: `sync` (the list of agendas) and `sync:<id>` (one agenda,
// which organisers editing a draft and everyone reading it follow).
import { parseId } from '$lib/ids';
import type { RoomPolicy } from '../realtime';

export const SYNC_ROOM = 'sync';
export type AgendaRoom = `sync:${number}`;
export const agendaRoom = (id: number): AgendaRoom => `sync:${id}`;

/** What changed on an agenda: the page reloads its data on any of them. */
export type AgendaChange =
	'generated' | 'meeting' | 'note' | 'attendees' | 'action' | 'action_done' | 'published';

/** Every monthly sync event by name, with its payload. */
export interface SyncEvents {
	'sync.changed': { agendaId: number; change: AgendaChange; section?: string };
}

export interface SyncRooms {
	[SYNC_ROOM]: SyncEvents;
	[room: AgendaRoom]: SyncEvents;
}

/** Every member reads agendas, drafts included; only organisers change them (the service checks). */
export const syncRooms: Record<string, RoomPolicy> = {
	[SYNC_ROOM]: { canJoin: (_person, id) => id === null || parseId(id) !== null }
};
