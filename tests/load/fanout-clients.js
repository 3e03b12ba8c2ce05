// Client side of the fan-out benchmark, in its own process so the clients do not share
// the server's event loop. Connects N socket.io clients, joins them to one room, then
// records when each event reaches each client (ms since the epoch, sub-ms precision).
//   node tests/load/fanout-clients.js <url> <cookie[,cookie…]> <count> <room>
// Socket i signs in with cookie i mod the number of cookies (one person or many).
// Prints READY when all have joined; on "DONE" on stdin prints the receipts as JSON:
// `<phase or type>:<seq>` → receipt times, plus per socket (one number each, in socket
// order) `socket:received`, `socket:repeated` and `socket:outOfOrder` events, so a
// benchmark can prove every client saw every event once and in seq order.
import { createInterface } from 'node:readline';
import { openTab } from './tab.js';

const [url, cookieArg, countArg, room] = process.argv.slice(2);
const cookies = cookieArg.split(',');
const count = Number(countArg);
const now = () => performance.timeOrigin + performance.now();
/** key (`<phase or type>:<seq>`) → receipt times */
const receipts = new Map();
/** @typedef {{ received: number, repeated: number, outOfOrder: number, last: number, seen: Set<number> }} Tally */
/** @type {Tally[]} per socket, in connection order: its receipt tally */
const tallies = [];

/** @param {number} index which socket this is (it picks the cookie) */
async function connectOne(index) {
	const socket = await openTab(url, cookies[index % cookies.length]);
	const tally = { received: 0, repeated: 0, outOfOrder: 0, last: 0, seen: new Set() };
	tallies[index] = tally;
	socket.on('room:event', (event) => {
		const at = now();
		const key = `${event.payload?.phase ?? event.type}:${event.seq}`;
		let list = receipts.get(key);
		if (!list) receipts.set(key, (list = []));
		list.push(at);
		countReceipt(tally, event.seq);
	});
	// Joins are throttled per socket, not per person: each socket joins once.
	const answer = await socket.timeout(30_000).emitWithAck('room:join', { room });
	if (!answer.ok) throw new Error(`join refused: ${answer.message}`);
	return socket;
}

/**
 * A repeat or a seq below the last one is what a client would have to repair.
 * @param {Tally} tally
 * @param {number} seq
 */
function countReceipt(tally, seq) {
	tally.received++;
	if (tally.seen.has(seq)) tally.repeated++;
	else if (seq < tally.last) tally.outOfOrder++;
	tally.seen.add(seq);
	tally.last = Math.max(tally.last, seq);
}

const sockets = [];
// Connect in batches so the handshake burst stays bounded.
for (let i = 0; i < count; i += 100) {
	const batch = await Promise.all(
		Array.from({ length: Math.min(100, count - i) }, (_, j) => connectOne(i + j))
	);
	sockets.push(...batch);
}
console.log('READY');

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
	if (line.trim() !== 'DONE') continue;
	// Let the last frames arrive.
	await new Promise((r) => setTimeout(r, 1_000));
	for (const socket of sockets) socket.close();
	for (const field of /** @type {const} */ (['received', 'repeated', 'outOfOrder'])) {
		receipts.set(
			`socket:${field}`,
			tallies.map((t) => t[field])
		);
	}
	// Exit only once the (large) answer is flushed to the pipe.
	process.stdout.write(`${JSON.stringify(Object.fromEntries(receipts))}\n`, () => process.exit(0));
}
