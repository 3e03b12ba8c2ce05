import type { Server } from 'socket.io';

// The Socket.IO server is created next to the http server (the Vite plugin in dev and
// preview, src/cli/start.js in production), outside SvelteKit's module graph, and shared
// with the app's code through this globalThis key.
const IO_KEY = Symbol.for('tandem.io');
const shared = globalThis as unknown as Record<symbol, Server | undefined>;

/** The running Socket.IO server, or undefined where none is attached (unit tests, seed). */
export function getIo(): Server | undefined {
	return shared[IO_KEY];
}
