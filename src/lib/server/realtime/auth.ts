import type { Socket } from 'socket.io';
import type { HandshakeRefusal } from '$lib/realtime/contract';
import { SESSION_COOKIE, validateSessionToken, type SessionPerson } from '../auth';
import { claimSocketSlot } from './socket-slots';
import { reportFailure } from '../resilience';

/** What a connected socket carries: who it is and which session lets it in. */
export interface SocketData {
	person: SessionPerson;
	sessionId: string;
}

export function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) {
			return decodeURIComponent(part.slice(eq + 1).trim());
		}
	}
	return null;
}

/** A refused handshake: the client reads `code` as the error's message, `sentence` in its data. */
function refused(code: HandshakeRefusal, sentence?: string): Error {
	return Object.assign(new Error(code), sentence ? { data: { message: sentence } } : {});
}

/**
 * Lets a socket in only with a valid session cookie, the same one pages use, and within
 * the caps on sockets per sign-in and per person. Runs on every handshake, reconnections
 * included.
 */
export async function authenticateSocket(
	socket: Socket,
	next: (err?: Error) => void
): Promise<void> {
	try {
		const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
		const result = token ? await validateSessionToken(token) : null;
		if (!result) return next(refused('unauthenticated'));
		const refusal = await claimSocketSlot(socket, result.session.id, result.person.id);
		if (refusal) return next(refused('too_many_sockets', refusal));
		const data: SocketData = { person: result.person, sessionId: result.session.id };
		socket.data = data;
		next();
	} catch (err) {
		// The client tries again: the browser's live client retries "unavailable".
		reportFailure(err, 'socket handshake');
		next(refused('unavailable'));
	}
}
