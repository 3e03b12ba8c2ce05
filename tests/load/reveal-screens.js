// Client side of the hackathon reveal benchmark, in its own process so the screens' work
// is not counted as the server's. Connects N socket.io screens to one hackathon room and
// records when each one received the `results.revealed` event (alone or inside a frame).
//   node tests/load/reveal-screens.js <url> <cookie[,cookie…]> <count> <room>
// Prints READY when all have joined; on "DONE" on stdin waits (at most 60 s) until every
// screen has the reveal, then prints JSON: { arrivals: number[] } (epoch ms, one per screen
// that got it).
import { createInterface } from 'node:readline';
import { openTab } from './tab.js';

const [url, cookieArg, countArg, room] = process.argv.slice(2);
const cookies = cookieArg.split(',');
const count = Number(countArg);
const now = () => performance.timeOrigin + performance.now();
/** @type {(number | null)[]} */
const arrivals = Array(count).fill(null);

/** @param {number} index which screen this is (it picks the cookie) */
async function connectOne(index) {
	const socket = await openTab(url, cookies[index % cookies.length]);
	/** @param {{ type: string }} event */
	const seen = (event) => {
		if (event.type === 'results.revealed' && arrivals[index] === null) arrivals[index] = now();
	};
	socket.on('room:event', seen);
	socket.on('room:frame', (frame) => frame.events.forEach(seen));
	const answer = await socket.timeout(60_000).emitWithAck('room:join', { room });
	if (!answer.ok) throw new Error(`join refused: ${answer.message}`);
	return socket;
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
	const until = Date.now() + 60_000;
	while (Date.now() < until && arrivals.some((a) => a === null)) {
		await new Promise((r) => setTimeout(r, 100));
	}
	for (const socket of sockets) socket.close();
	const answer = JSON.stringify({ arrivals: arrivals.filter((a) => a !== null) });
	process.stdout.write(`${answer}\n`, () => process.exit(0));
}
