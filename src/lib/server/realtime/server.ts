import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import {
	invalidInput,
	type Ack,
	type JoinResult,
	type PresenceMember
} from '$lib/realtime/contract';
import { onShutdown } from '../lifecycle';
import { outageAck } from '../resilience';
import { authenticateSocket, type SocketData } from './auth';
import { pruneCommandReceipts, runCommand } from './commands';
import { eventsAfter, pruneEvents } from './events';
import { getIo } from './io';
import { announcePresence, cancelPresenceAnnouncements, roomMembers } from './presence';
import { sweepRevokedSockets } from './revocation';
import { canJoinRoom } from './rooms';
import { TokenBucket } from './throttle';

const APP_KEY = Symbol.for('tandem.realtimeApp');
const shared = globalThis as unknown as Record<symbol, unknown>;

const roomSchema = z
	.string()
	.min(1)
	.max(100)
	.regex(/^[a-z][a-z0-9_-]*(:[A-Za-z0-9_-]+)?$/, 'Not a room name.');
const joinSchema = z.object({ room: roomSchema, after: z.number().int().min(0).optional() });
const roomOnlySchema = z.object({ room: roomSchema });
const commandSchema = z.object({
	id: z.string().min(8).max(64),
	type: z.string().min(1).max(64),
	payload: z.unknown()
});

type Reply<T> = (answer: Ack<T>) => void;

/** Wraps a handler: validates its payload, answers bad input and crashes with typed errors. */
function handle<S extends z.ZodType, T>(
	schema: S,
	run: (input: z.infer<S>) => Promise<Ack<T>>
): (input: unknown, reply?: unknown) => Promise<void> {
	return async (input, reply) => {
		const answer = typeof reply === 'function' ? (reply as Reply<T>) : () => {};
		const parsed = schema.safeParse(input);
		if (!parsed.success)
			return answer(invalidInput(parsed.error.issues, 'The request is not valid.'));
		try {
			answer(await run(parsed.data));
		} catch (err) {
			const outage = outageAck(err, 'socket handler');
			if (outage) return answer(outage);
			console.error('[realtime] handler failed:', err);
			answer({ ok: false, code: 'failed', message: 'Something went wrong on our side.' });
		}
	};
}

/** Wires one connected, authenticated socket. */
function onConnection(io: Server, socket: Socket): void {
	const { person } = socket.data as SocketData;
	const bucket = new TokenBucket(20, 40);

	// One flooding client is refused on its own socket; the room carries on.
	socket.use((packet, next) => {
		if (bucket.take()) return next();
		const reply = packet[packet.length - 1];
		if (typeof reply === 'function') {
			reply({ ok: false, code: 'rate_limited', message: 'Too many requests: slow down.' });
		}
	});

	socket.on(
		'room:join',
		handle(joinSchema, async ({ room, after }): Promise<Ack<JoinResult>> => {
			if (!(await canJoinRoom(person, room))) {
				return { ok: false, code: 'forbidden', message: 'You cannot join this room.' };
			}
			await socket.join(room);
			announcePresence(io, room);
			const backlog = await eventsAfter(room, after ?? Number.MAX_SAFE_INTEGER);
			return { ok: true, ...backlog };
		})
	);

	socket.on(
		'room:resync',
		handle(joinSchema, async ({ room, after }): Promise<Ack<JoinResult>> => {
			if (!socket.rooms.has(room))
				return { ok: false, code: 'forbidden', message: 'Join the room first.' };
			return { ok: true, ...(await eventsAfter(room, after ?? 0)) };
		})
	);

	socket.on(
		'room:leave',
		handle(roomOnlySchema, async ({ room }): Promise<Ack<object>> => {
			await socket.leave(room);
			announcePresence(io, room);
			return { ok: true };
		})
	);

	socket.on(
		'room:presence',
		handle(roomOnlySchema, async ({ room }): Promise<Ack<{ members: PresenceMember[] }>> => {
			if (!socket.rooms.has(room))
				return { ok: false, code: 'forbidden', message: 'Join the room first.' };
			return { ok: true, members: await roomMembers(io, room) };
		})
	);

	socket.on(
		'command',
		handle(commandSchema, ({ id, type, payload }) => runCommand(person, id, type, payload))
	);

	socket.on('disconnecting', () => {
		for (const room of socket.rooms) if (room !== socket.id) announcePresence(io, room);
	});
}

let sweeper: ReturnType<typeof setInterval> | undefined;
let pruner: ReturnType<typeof setInterval> | undefined;

/**
 * Plugs the app's authentication and handlers into the Socket.IO server (now or when it
 * is attached) and starts the sweep that disconnects revoked sessions.
 */
export function startRealtime(): void {
	shared[APP_KEY] = {
		authenticate: authenticateSocket,
		// The socket's own server: the one it connected to, whichever is current.
		onConnection: (socket: Socket) => onConnection(socket.nsp.server, socket)
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

async function pruneLogs(): Promise<void> {
	try {
		await pruneEvents();
		await pruneCommandReceipts();
	} catch (err) {
		console.error('[realtime] pruning failed:', err);
	}
}
