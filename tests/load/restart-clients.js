// Client side of the restart benchmark, in its own process. Connects N socket.io clients
// that reconnect the way the browser client does (random delays from 1 s growing to 8 s)
// and, on every connect, rejoin their room from the last seq they applied with one
// `room:join-many`, as a tab does after a restart.
//   node tests/load/restart-clients.js <url> <cookie[,cookie…]> <count> <room>
// Prints READY once all have joined. On "MARK" on stdin it forgets earlier rejoins; on
// "REPORT" it prints one JSON line: the epoch ms at which each client had rejoined since
// the mark (null for one that has not), how many events any client applied twice, and
// the last seq each client applied.
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';

const [url, cookieArg, countArg, room] = process.argv.slice(2);
const cookies = cookieArg.split(',');
const count = Number(countArg);
const now = () => performance.timeOrigin + performance.now();

/** @type {{ rejoinedAt: number | null, last: number, repeated: number }[]} */
const clients = [];

/** @param {number} index */
function connectOne(index) {
	const state = { rejoinedAt: /** @type {number | null} */ (null), last: -1, repeated: 0 };
	clients[index] = state;
	const socket = io(url, {
		path: '/socket.io',
		transports: ['websocket'],
		extraHeaders: { cookie: cookies[index % cookies.length] },
		reconnectionDelay: 1_000,
		reconnectionDelayMax: 8_000,
		randomizationFactor: 0.5,
		forceNew: true
	});
	let firstJoin = /** @type {(() => void) | null} */ (null);
	const joined = new Promise((resolve) => (firstJoin = () => resolve(undefined)));
	socket.on('connect', async () => {
		try {
			const answer = await socket.timeout(30_000).emitWithAck('room:join-many', {
				// The first join only asks where the room stands; later ones catch up.
				rooms: [state.last < 0 ? { room } : { room, after: state.last }]
			});
			const result = answer.rooms?.[0];
			if (!answer.ok || !result?.ok) return;
			if (state.last < 0) state.last = result.latestSeq;
			for (const event of result.events) apply(state, event.seq);
			state.rejoinedAt = now();
			firstJoin?.();
			firstJoin = null;
		} catch {
			// Timed out: the next connect tries again.
		}
	});
	socket.on('room:event', (event) => apply(state, event.seq));
	return joined;
}

/**
 * @param {{ last: number, repeated: number }} state
 * @param {number} seq
 */
function apply(state, seq) {
	if (seq <= state.last) state.repeated++;
	else state.last = seq;
}

// Connect in small batches: the first join of hundreds of sockets at once is not what
// this benchmark measures.
for (let i = 0; i < count; i += 25) {
	await Promise.all(Array.from({ length: Math.min(25, count - i) }, (_, j) => connectOne(i + j)));
}
console.log('READY');

for await (const line of createInterface({ input: process.stdin })) {
	if (line === 'MARK') for (const client of clients) client.rejoinedAt = null;
	if (line === 'REPORT') {
		console.log(
			JSON.stringify({
				rejoinedAt: clients.map((c) => c.rejoinedAt),
				repeated: clients.reduce((sum, c) => sum + c.repeated, 0),
				lastSeqs: clients.map((c) => c.last)
			})
		);
	}
	if (line === 'DONE') process.exit(0);
}
