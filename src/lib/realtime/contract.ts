// The live layer's contract, shared by the browser client and the server.

/** Every change a room's members see: ordered by `seq` within its room. */
export interface RoomEvent<P = unknown> {
	room: string;
	seq: number;
	type: string;
	payload: P;
	/** ISO timestamp of the commit. */
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
export interface JoinResult {
	events: RoomEvent[];
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
