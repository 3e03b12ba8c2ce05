import { liveSessionIds } from '../auth';
import { reportFailure } from '../resilience';
import type { SocketData } from './auth';
import type { LiveServer, LiveSocket } from './io';

/** Tells a socket its session has ended (the tab shows "signed out") and disconnects it. */
export function endSession(socket: LiveSocket): void {
	socket.emit('session:ended');
	socket.disconnect(true);
}

/**
 * Disconnects this node's sockets whose session was signed out, expired or whose person
 * was deactivated. Runs every 2 s, so a revoked session loses its sockets within 5 s.
 */
export async function sweepRevokedSockets(io: LiveServer): Promise<number> {
	const sockets = [...io.of('/').sockets.values()];
	const ids = [
		...new Set(sockets.map((s) => (s.data as SocketData | undefined)?.sessionId).filter(Boolean))
	] as string[];
	if (ids.length === 0) return 0;
	let live: Set<string>;
	try {
		live = await liveSessionIds(ids);
	} catch (err) {
		reportFailure(err, 'session sweep');
		return 0;
	}
	let ended = 0;
	for (const socket of sockets) {
		const data: SocketData | undefined = socket.data;
		if (data?.sessionId && !live.has(data.sessionId)) {
			endSession(socket);
			ended++;
		}
	}
	return ended;
}
