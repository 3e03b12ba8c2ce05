import { z } from 'zod';
import {
	invalidInput,
	ROOMS_PER_BATCH,
	type Ack,
	type JoinManyResult,
	type JoinResult,
	type PresenceSnapshot,
	type SocketError
} from '$lib/realtime/contract';
import { sessionIsLive } from '../auth';
import { onShutdown } from '../lifecycle';
import { failureAck } from '../resilience';
import { authenticateSocket } from './auth';
import { pruneCommandReceipts, runCommand } from './commands';
import { eventsAfter, pruneEvents } from './events';
import { getIo, type LiveServer, type LiveSocket } from './io';
import {
	cancelPresenceAnnouncements,
	personRoom,
	presenceJoined,
	presenceLeft,
	pushPresenceIn,
	roomPresence
} from './presence';
import { guardUnsentBuffer, liveLimits } from './limits';
import { endSession, sweepRevokedSockets } from './revocation';
import { canJoinRoom, pushesPresence } from './rooms';
import { TokenBucket } from './throttle';
import { logFor } from '../log';
import { metrics, provideGauges } from '../metrics';

const log = logFor('realtime');

const APP_KEY = Symbol.for('tandem.realtimeApp');
const shared = globalThis as unknown as Record<symbol, unknown>;

const roomSchema = z
	.string()
	.min(1)
	.max(100)
	.regex(/^[a-z][a-z0-9_-]*(:[A-Za-z0-9_-]+)?$/, 'Not a room name.');
const joinSchema = z.object({ room: roomSchema, after: z.number().int().min(0).optional() });
const joinManySchema = z.object({
	rooms: z
		.array(joinSchema)
		.min(1, 'Name at least one room.')
		.max(ROOMS_PER_BATCH, `At most ${ROOMS_PER_BATCH} rooms at once.`)
});
const roomOnlySchema = z.object({ room: roomSchema });
const commandSchema = z.object({
	id: z.string().min(8).max(64),
	type: z.string().min(1).max(64),
	payload: z.unknown()
});

type Reply<T> = (answer: Ack<T>) => void;

const SESSION_ENDED: SocketError = {
	ok: false,
	code: 'unauthenticated',
	message: 'Your session has ended: sign in again.'
};

/**
 * Wraps a handler: validates its payload, answers bad input and crashes with typed errors.
 * With `signedIn`, the socket's session is checked first; a socket whose session ended
 * (signed out, password changed, person deactivated) is refused and disconnected.
 */
function handle<S extends z.ZodType, T>(
	schema: S,
	run: (input: z.infer<S>) => Promise<Ack<T>>,
	signedIn?: LiveSocket
): (input: unknown, reply?: unknown) => Promise<void> {
	return async (input, reply) => {
		const answer = typeof reply === 'function' ? (reply as Reply<T>) : () => {};
		const parsed = schema.safeParse(input);
		if (!parsed.success)
			return answer(invalidInput(parsed.error.issues, 'The request is not valid.'));
		try {
			if (signedIn && !(await sessionIsLive(signedIn.data.sessionId))) {
				answer(SESSION_ENDED);
				return endSession(signedIn);
			}
			answer(await run(parsed.data));
		} catch (err) {
			answer(failureAck(err, 'socket handler'));
		}
	};
}

/** Tokens a request takes: reading the log costs more than a small command. */
function costOf(event: unknown, input: unknown): number {
	if (event === 'room:join' || event === 'room:resync') return liveLimits.joinCost;
	if (event === 'room:join-many') {
		const rooms = (input as { rooms?: unknown } | null)?.rooms;
		const count = Array.isArray(rooms) ? rooms.length : 1;
		return liveLimits.joinCost * Math.min(Math.max(count, 1), ROOMS_PER_BATCH);
	}
	return 1;
}

/** Wires one connected, authenticated socket. */
function onConnection(io: LiveServer, socket: LiveSocket): void {
	const { person } = socket.data;
	log.info({ personId: person.id, socketId: socket.id }, 'socket connected');
	socket.on('disconnect', (reason) =>
		log.info({ personId: person.id, socketId: socket.id, reason }, 'socket disconnected')
	);
	// Every tab of a person, on any node: asked when one of them leaves a room.
	void socket.join(personRoom(person.id));
	const bucket = new TokenBucket(liveLimits.requestsPerSecond, liveLimits.requestBurst);
	guardUnsentBuffer(socket);

	// One flooding client is refused on its own socket; the room carries on.
	socket.use((packet, next) => {
		if (bucket.take(costOf(packet[0], packet[1]))) return next();
		const reply = packet[packet.length - 1];
		if (typeof reply === 'function') {
			reply({ ok: false, code: 'rate_limited', message: 'Too many requests: slow down.' });
		}
	});

	/** Joins one room and answers the first page of what the client missed. */
	async function joinRoom(room: string, after: number | undefined): Promise<Ack<JoinResult>> {
		if (!(await canJoinRoom(person, room))) {
			return { ok: false, code: 'forbidden', message: 'You cannot join this room.' };
		}
		if (!socket.rooms.has(room)) {
			await socket.join(room);
			presenceJoined(io, socket, room);
		}
		metrics.catchUps.inc({ kind: 'join' });
		// A client without data yet only needs the position to start from: no events.
		return { ok: true, ...(await eventsAfter(room, after ?? Number.MAX_SAFE_INTEGER)) };
	}

	socket.on(
		'room:join',
		handle(joinSchema, ({ room, after }) => joinRoom(room, after), socket)
	);

	// A page's rooms in one request: what every tab sends when it reconnects.
	socket.on(
		'room:join-many',
		handle(
			joinManySchema,
			async ({ rooms }): Promise<Ack<JoinManyResult>> => {
				const answers: JoinManyResult['rooms'] = [];
				for (const { room, after } of rooms)
					answers.push({ room, ...(await joinRoom(room, after)) });
				return { ok: true, rooms: answers };
			},
			socket
		)
	);

	socket.on(
		'room:resync',
		handle(
			joinSchema,
			async ({ room, after }): Promise<Ack<JoinResult>> => {
				if (!socket.rooms.has(room))
					return { ok: false, code: 'forbidden', message: 'Join the room first.' };
				metrics.catchUps.inc({ kind: 'resync' });
				return { ok: true, ...(await eventsAfter(room, after ?? 0)) };
			},
			socket
		)
	);

	socket.on(
		'room:leave',
		handle(roomOnlySchema, async ({ room }): Promise<Ack<object>> => {
			if (socket.rooms.has(room)) {
				await socket.leave(room);
				presenceLeft(io, socket, room);
			}
			return { ok: true };
		})
	);

	socket.on(
		'room:presence',
		handle(roomOnlySchema, async ({ room }): Promise<Ack<PresenceSnapshot>> => {
			if (!socket.rooms.has(room))
				return { ok: false, code: 'forbidden', message: 'Join the room first.' };
			return { ok: true, ...(await roomPresence(io, room)) };
		})
	);

	socket.on(
		'command',
		handle(commandSchema, ({ id, type, payload }) => runCommand(person, id, type, payload), socket)
	);

	socket.on('disconnecting', () => {
		for (const room of socket.rooms) if (room !== socket.id) presenceLeft(io, socket, room);
	});
}

let sweeper: ReturnType<typeof setInterval> | undefined;
let pruner: ReturnType<typeof setInterval> | undefined;

/**
 * Plugs the app's authentication and handlers into the Socket.IO server (now or when it
 * is attached) and starts the sweep that disconnects revoked sessions.
 */
export function startRealtime(): void {
	provideSocketGauges();
	pushPresenceIn(pushesPresence);
	shared[APP_KEY] = {
		authenticate: authenticateSocket,
		// The socket's own server: the one it connected to, whichever is current.
		onConnection: (socket: LiveSocket) => onConnection(socket.nsp.server, socket)
	};
	if (sweeper) clearInterval(sweeper);
	sweeper = setInterval(() => {
		const io = getIo();
		if (io) void sweepRevokedSockets(io);
	}, 2_000);
	sweeper.unref();
	if (pruner) clearInterval(pruner);
	// Housekeeping; harmless when several nodes do it at once (plain deletes).
	pruner = setInterval(() => void pruneLogs(), 60 * 60_000);
	pruner.unref();
	onShutdown('realtime-timers', () => {
		clearInterval(sweeper);
		clearInterval(pruner);
		cancelPresenceAnnouncements();
	});
}

/** Socket figures for /metrics, read from whichever server is current when scraped. */
function provideSocketGauges(): void {
	provideGauges({
		sockets: () => {
			const io = getIo();
			return {
				connections: io?.engine.clientsCount ?? 0,
				rooms: io?.sockets.adapter.rooms.size ?? 0
			};
		}
	});
}

async function pruneLogs(): Promise<void> {
	try {
		await pruneEvents();
		await pruneCommandReceipts();
	} catch (err) {
		log.error({ err }, 'pruning the event log failed');
	}
}
