import type { Socket } from 'socket.io';
import { logFor } from '../log';

const log = logFor('realtime');

/**
 * What one client may cost the live layer. One object so the tests (and an operator's
 * start script) can lower a limit to see it bite.
 */
export const liveLimits = {
	/** Events in one catch-up answer; the client asks for the next page while `more`. */
	pageSize: 200,
	/** Bytes queued for a socket that it has not read yet; past this it is disconnected. */
	maxUnsentBytes: 4 * 1024 * 1024,
	/** Open sockets of one sign-in (a browser's tabs), on every node together. */
	socketsPerSession: 10,
	/** Open sockets of one person, all their sign-ins and nodes together. */
	socketsPerPerson: 20,
	/** Requests a second a socket may make, and its burst (token bucket). */
	requestsPerSecond: 20,
	requestBurst: 40,
	/** Tokens a join or resync takes per room: it reads the log, a small command takes 1. */
	joinCost: 5
};

/** The parts of engine.io's connection the buffer guard reads (not in its public types). */
interface EngineConnection {
	on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
	on(event: 'flush', listener: () => void): void;
	transport?: { name?: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
	close(discard?: boolean): void;
}

function sizeOf(data: unknown): number {
	if (typeof data === 'string') return data.length;
	if (data instanceof Uint8Array || data instanceof ArrayBuffer) return data.byteLength;
	return 0;
}

/**
 * Disconnects a socket that does not read what it is sent: what waits in engine.io's
 * write buffer plus what the WebSocket still holds (`bufferedAmount`) may not pass
 * `maxUnsentBytes`. Without it, one client that stops reading makes the server hold
 * every broadcast and catch-up answer for it in memory.
 */
export function guardUnsentBuffer(socket: Socket): void {
	const conn = socket.conn as unknown as EngineConnection;
	let queued = 0;
	let cut = false;
	conn.on('flush', () => (queued = 0));
	conn.on('packetCreate', (packet) => {
		queued += sizeOf(packet.data);
		if (cut || unsentBytes(conn, queued) <= liveLimits.maxUnsentBytes) return;
		cut = true;
		log.warn(
			{ personId: socket.data?.person?.id, unreadBytes: queued },
			'slow socket disconnected: too much unread'
		);
		// Dropped at once: a polite close would wait for the very buffer that is full.
		const ws = conn.transport?.socket;
		if (conn.transport?.name === 'websocket' && ws?.terminate) ws.terminate();
		else conn.close(true);
	});
}

function unsentBytes(conn: EngineConnection, queued: number): number {
	return queued + (conn.transport?.socket?.bufferedAmount ?? 0);
}
