// The live layer's contract, shared by the browser client and the server: the events
// (typed per room, see ./events) and the Socket.IO messages both ends exchange.
import type { AnyRoomEvent } from './events';

export type {
	AnyRoomEvent,
	BashRoom,
	EscalationRoom,
	UserRoom,
	EventType,
	EventTypeIn,
	ReceivedPayload,
	RoomEventIn,
	RoomEventOf,
	RoomName,
	Rooms
} from './events';
export { liveDependency } from './events';

/** Every change a room's members see: ordered by `seq` within its room. */
export type RoomEvent = AnyRoomEvent;

/**
 * An event as the transport sees it, whatever its type: what the log stores and the feed
 * orders. Pages never see this shape, only `RoomEvent`s.
 */
export interface WireEvent {
	room: string;
	seq: number;
	type: string;
	payload: unknown;
	at: string;
	actorId: number | null;
}

/** Rooms are `<module>:<id>` (`bugbash:42`, `user:7`) or a bare module name (`kudos`). */
export function parseRoom(room: string): { module: string; id: string | null } {
	const colon = room.indexOf(':');
	return colon < 0
		? { module: room, id: null }
		: { module: room.slice(0, colon), id: room.slice(colon + 1) };
}

/** Typed refusal in a socket acknowledgement. */
export interface SocketError {
	ok: false;
	code:
		| 'invalid'
		| 'forbidden'
		| 'refused'
		| 'not_found'
		| 'rate_limited'
		| 'unauthenticated'
		| 'unavailable'
		| 'failed';
	message: string;
	/** Field-level messages for invalid payloads. */
	fields?: Record<string, string>;
}

export type Ack<T> = ({ ok: true } & T) | SocketError;

/** A refusal for bad input, with the first message of each field (zod issues). */
export function invalidInput(
	issues: readonly { path: readonly PropertyKey[]; message: string }[],
	message: string
): SocketError {
	const fields: Record<string, string> = {};
	for (const issue of issues) fields[issue.path.map(String).join('.') || '_'] ??= issue.message;
	return { ok: false, code: 'invalid', message, fields };
}

/**
 * Answer to `room:join` / `room:resync`: one page of the events after the client's last
 * seq (at most a few hundred); while `more` is true the client asks for the next page.
 */
export interface JoinResult<E = RoomEvent> {
	events: E[];
	/** False when the log no longer reaches back to `after`: the client reloads its data. */
	complete: boolean;
	/** More events follow this page: resync from the last one to get them. */
	more: boolean;
	/** The room's latest seq, so a client with no data yet can start from it. */
	latestSeq: number;
}

/** Rooms one `room:join-many` may name (a page's rooms, rejoined after a reconnect). */
export const ROOMS_PER_BATCH = 10;

/** Answer to `room:join-many`: one answer per room asked, in the same order. */
export interface JoinManyResult {
	rooms: ({ room: string } & Ack<JoinResult>)[];
}

/**
 * Why a handshake was refused, as the client's `connect_error` message: the session ended,
 * the server is not ready, or this sign-in or person already has too many live tabs (the
 * error's `data.message` says so in words).
 */
export type HandshakeRefusal = 'unauthenticated' | 'unavailable' | 'too_many_sockets';

/** Who is in a room right now. */
export interface PresenceMember {
	personId: number;
	name: string;
	departmentKind: string | null;
}

export const SOCKET_PATH = '/socket.io';

/** Which room to join, and the seq the client's data already reflects. */
export interface JoinRequest {
	room: string;
	after?: number;
}

/** A client command: its id makes a retry harmless (see the server's runCommand). */
export interface CommandRequest {
	id: string;
	type: string;
	payload: unknown;
}

/** The answer to a command: its result, and whether it is a retry's stored answer. */
export interface CommandResult<R extends object = object> {
	result: R;
	replayed: boolean;
}

/** Rooms with more people than this list only the first ones by name, and their count. */
export const PRESENCE_LIST_LIMIT = 50;

/** Who is in a room: the first `PRESENCE_LIST_LIMIT` people by name, and how many in all. */
export interface PresenceSnapshot {
	members: PresenceMember[];
	count: number;
}

/**
 * What changed in a room's presence, sent to its members shortly after people join or
 * leave: the whole list (`members`), who arrived and who left (`joined`, `left`: a small
 * room), or only the `count` (a room too large to list).
 */
export interface PresenceUpdate {
	room: string;
	count: number;
	members?: PresenceMember[];
	joined?: PresenceMember[];
	left?: number[];
}

type Reply<T> = (answer: Ack<T>) => void;

/** What a browser may ask the server, each with the acknowledgement it gets back. */
export interface ClientToServerEvents {
	'room:join': (request: JoinRequest, reply: Reply<JoinResult>) => void;
	/** A page's rooms in one request: what every tab sends when it reconnects. */
	'room:join-many': (request: { rooms: JoinRequest[] }, reply: Reply<JoinManyResult>) => void;
	/** The events after `after` in a joined room (a gap, or the next catch-up page). */
	'room:resync': (request: JoinRequest, reply: Reply<JoinResult>) => void;
	'room:leave': (request: { room: string }, reply?: Reply<object>) => void;
	'room:presence': (request: { room: string }, reply: Reply<PresenceSnapshot>) => void;
	command: (request: CommandRequest, reply: Reply<CommandResult>) => void;
}

/** What the server sends a browser unasked. */
export interface ServerToClientEvents {
	'room:event': (event: RoomEvent) => void;
	/** Several events of one busy room at once (a live demo's comments, every 250 ms). */
	'room:frame': (frame: { room: string; events: RoomEvent[] }) => void;
	'room:presence': (update: PresenceUpdate) => void;
	/** The session was signed out, expired or its person deactivated. */
	'session:ended': () => void;
}

/** A client request's name, and the answer its acknowledgement carries. */
export type RequestName = keyof ClientToServerEvents;
export type RequestOf<E extends RequestName> = Parameters<ClientToServerEvents[E]>[0];
export type AnswerOf<E extends RequestName> =
	NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends Reply<infer T> ? Ack<T> : never;
