import type { PresenceMember } from '$lib/realtime/contract';
import type { SocketData } from './auth';
import type { LiveServer } from './io';
import { logFor } from '../log';

const log = logFor('realtime');

/**
 * Who is in a room now, across every node (the adapter asks the live ones; a dead node's
 * sockets drop out with it). One entry per person however many tabs they have open.
 */
export async function roomMembers(io: LiveServer, room: string): Promise<PresenceMember[]> {
	const sockets = await io.in(room).fetchSockets();
	const members = new Map<number, PresenceMember>();
	for (const socket of sockets) {
		const data: SocketData | undefined = socket.data;
		if (!data?.person || members.has(data.person.id)) continue;
		members.set(data.person.id, {
			personId: data.person.id,
			name: data.person.name,
			departmentKind: data.person.departmentKind
		});
	}
	return [...members.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const pending = new Map<string, ReturnType<typeof setTimeout>>();
/** Coalesces changes so a busy room gets at most a few presence updates a second. */
const PRESENCE_DELAY_MS = 300;

/** Tells a room's members who is there, shortly after someone joined or left. */
export function announcePresence(io: LiveServer, room: string): void {
	if (pending.has(room)) return;
	pending.set(
		room,
		setTimeout(async () => {
			pending.delete(room);
			try {
				io.to(room).emit('room:presence', { room, members: await roomMembers(io, room) });
			} catch (err) {
				log.error({ err, room }, 'presence announcement failed');
			}
		}, PRESENCE_DELAY_MS)
	);
}

/** Drops announcements not yet sent (on shutdown, before the adapter's clients close). */
export function cancelPresenceAnnouncements(): void {
	for (const timer of pending.values()) clearTimeout(timer);
	pending.clear();
}
