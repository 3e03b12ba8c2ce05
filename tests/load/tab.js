// One browser tab's live connection, as the load benchmarks' client processes open it: a
// WebSocket straight away, the session cookie in the handshake, no retries of its own (the
// benchmarks count a refused or dropped tab instead), never sharing a connection.
import { io } from 'socket.io-client';

/**
 * A tab's socket, connecting.
 * @param {string} url
 * @param {string} cookie
 */
export function tabSocket(url, cookie) {
	return io(url, {
		path: '/socket.io',
		transports: ['websocket'],
		extraHeaders: { cookie },
		reconnection: false,
		forceNew: true
	});
}

/**
 * Resolves once the socket is in; rejects with the server's refusal.
 * @param {import('socket.io-client').Socket} socket
 * @returns {Promise<void>}
 */
export function connected(socket) {
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
}

/**
 * Opens a tab and waits until it is in.
 * @param {string} url
 * @param {string} cookie
 */
export async function openTab(url, cookie) {
	const socket = tabSocket(url, cookie);
	await connected(socket);
	return socket;
}
