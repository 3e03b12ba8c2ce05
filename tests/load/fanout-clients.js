// Client side of the fan-out benchmark, in its own process so the clients do not share
// the server's event loop. Connects N socket.io clients, joins them to one room, then
// records when each event reaches each client (ms since the epoch, sub-ms precision).
//   node tests/load/fanout-clients.js <url> <cookie> <count> <room>
// Prints READY when all have joined; on "DONE" on stdin prints the receipts as JSON.
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';

const [url, cookie, countArg, room] = process.argv.slice(2);
const count = Number(countArg);
const now = () => performance.timeOrigin + performance.now();
/** key (`phase:seq`) → receipt times */
const receipts = new Map();

async function connectOne() {
	const socket = io(url, {
		path: '/socket.io',
		transports: ['websocket'],
		extraHeaders: { cookie },
		reconnection: false,
		forceNew: true
	});
	await new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(undefined));
		socket.once('connect_error', reject);
	});
	socket.on('room:event', (event) => {
		const key = `${event.payload?.phase}:${event.seq}`;
		let list = receipts.get(key);
		if (!list) receipts.set(key, (list = []));
		list.push(now());
	});
	// Joins are throttled per socket, not per person: each socket joins once.
	const answer = await socket.timeout(30_000).emitWithAck('room:join', { room });
	if (!answer.ok) throw new Error(`join refused: ${answer.message}`);
	return socket;
}

const sockets = [];
// Connect in batches so the handshake burst stays bounded.
for (let i = 0; i < count; i += 100) {
	const batch = await Promise.all(Array.from({ length: Math.min(100, count - i) }, connectOne));
	sockets.push(...batch);
}
console.log('READY');

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
	if (line.trim() !== 'DONE') continue;
	// Let the last frames arrive.
	await new Promise((r) => setTimeout(r, 1_000));
	for (const socket of sockets) socket.close();
	// Exit only once the (large) answer is flushed to the pipe.
	process.stdout.write(`${JSON.stringify(Object.fromEntries(receipts))}\n`, () => process.exit(0));
}
