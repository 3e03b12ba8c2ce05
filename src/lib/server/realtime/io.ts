import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '$lib/realtime/contract';
import type { SocketData } from './auth';

/** The Socket.IO server, typed by the contract both ends share. */
export type LiveServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	Record<never, never>,
	SocketData
>;
/** One connected browser tab. */
export type LiveSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	Record<never, never>,
	SocketData
>;

// The Socket.IO server is created next to the http server (the Vite plugin in dev and
// preview, src/cli/start.js in production), outside SvelteKit's module graph, and shared
// with the app's code through this globalThis key.
const IO_KEY = Symbol.for('tandem.io');
const shared = globalThis as unknown as Record<symbol, LiveServer | undefined>;

/** The running Socket.IO server, or undefined where none is attached (unit tests, seed). */
export function getIo(): LiveServer | undefined {
	return shared[IO_KEY];
}
