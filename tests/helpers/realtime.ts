// A real Socket.IO server on 127.0.0.1 with the app's handlers, and real socket.io-client
// connections signed in with real session cookies.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { attachSocketServer } from '../../src/cli/socket-server.js';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../src/lib/server/auth';
import type { WireEvent } from '../../src/lib/realtime/contract';
import { registerModules } from '../../src/lib/server/modules';
import type { RecordEvent } from '../../src/lib/server/realtime';
import { startRealtime } from '../../src/lib/server/realtime/server';

export interface TestServer {
	http: HttpServer;
	io: Server;
	port: number;
	url: string;
	close(): Promise<void>;
}

/** Starts http + Socket.IO on `port` (0 = any free one). Redis only when asked. */
export async function startTestServer(
	port = 0,
	options: { redisUrl?: string; redisPrefix?: string } = {}
): Promise<TestServer> {
	registerModules();
	startRealtime();
	const http = createServer((_req, res) => {
		res.statusCode = 404;
		res.end();
	});
	const io = await attachSocketServer(http, {
		redisUrl: options.redisUrl ?? '',
		redisPrefix: options.redisPrefix
	});
	await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
	const actual = (http.address() as AddressInfo).port;
	return {
		http,
		io,
		port: actual,
		url: `http://127.0.0.1:${actual}`,
		close: async () => {
			// Like a process going away: clients see the transport close and reconnect.
			await new Promise<void>((resolve) => io.close(() => resolve()));
			await (io as unknown as { closeRedis?: () => Promise<void> }).closeRedis?.();
		}
	};
}

/** A session cookie for `personId`, as a browser would send it. */
export async function sessionCookie(
	personId: number
): Promise<{ cookie: string; sessionId: string }> {
	const token = generateSessionToken();
	const session = await createSession(token, personId);
	return { cookie: `${SESSION_COOKIE}=${token}`, sessionId: session.id };
}

export function client(
	url: string,
	headers: Record<string, string> = {},
	reconnection = false
): Socket {
	return connect(url, {
		path: '/socket.io',
		transports: ['websocket'],
		extraHeaders: headers,
		reconnection,
		reconnectionDelay: 100,
		reconnectionDelayMax: 300,
		forceNew: true
	});
}

/** Resolves when connected, rejects with the server's refusal. */
export function connected(socket: Socket): Promise<void> {
	return new Promise((resolve, reject) => {
		if (socket.connected) return resolve();
		socket.once('connect', () => resolve());
		socket.once('connect_error', (err) => reject(err));
	});
}

export function ask<T = Record<string, unknown>>(
	socket: Socket,
	event: string,
	payload: unknown
): Promise<T> {
	return socket.timeout(5_000).emitWithAck(event, payload);
}

/** Waits until `predicate` holds, polling; fails after `ms`. */
export async function until(
	predicate: () => boolean,
	ms = 5_000,
	what = 'condition'
): Promise<void> {
	const started = Date.now();
	while (!predicate()) {
		if (Date.now() - started > ms) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** A recorder of any event: synthetic `test.*` events that no room of the app declares. */
export type AnyEventRecorder = (
	room: string,
	type: string,
	payload: object,
	actorId?: number | null
) => Promise<WireEvent>;

/**
 * The transport's own tests (ordering, catch-up, limits) record synthetic events the
 * typed contract rightly refuses; this lets them, and only them, step around it.
 */
export function untyped(record: RecordEvent): AnyEventRecorder {
	return record as unknown as AnyEventRecorder;
}
