// Client side of the demo benchmark, in its own process so the viewers' work is not
// counted as the server's. Connects N socket.io viewers to one demo room and, for every
// comment a frame carries, records how long after it was sent each viewer had it (the
// comment's body carries its send time: `… @<epoch ms>`), and how many frames each viewer
// received.
//   node tests/load/demo-viewers.js <url> <cookie[,cookie…]> <count> <room> [first]
// Viewer i (from `first`, so several processes can share an audience) signs in with
// cookie i mod the number of cookies. Prints READY when all have joined; on
// "DONE <comments>" on stdin waits (at most 60 s) until every viewer has that many
// comments, then prints JSON: { latencies: number[], frames: number[] (per viewer),
// comments: number[] (per viewer), repeated: number, disconnects: { reason → count } }.
import { createInterface } from 'node:readline';
import { openTab } from './tab.js';

const [url, cookieArg, countArg, room, firstArg = '0'] = process.argv.slice(2);
const first = Number(firstArg);
const cookies = cookieArg.split(',');
const count = Number(countArg);
const now = () => performance.timeOrigin + performance.now();
/** @type {number[]} */
const latencies = [];
const frames = Array(count).fill(0);
const comments = Array(count).fill(0);
let repeated = 0;
/** @type {Record<string, number>} why viewers lost their connection before the end */
const disconnects = {};
let closing = false;

/** @param {number} index which viewer this is (it picks the cookie) */
async function connectOne(index) {
	const socket = await openTab(url, cookies[(first + index) % cookies.length]);
	socket.on('disconnect', (reason) => {
		if (!closing) disconnects[reason] = (disconnects[reason] ?? 0) + 1;
	});
	const seen = new Set();
	socket.on('room:frame', (frame) => {
		const at = now();
		frames[index]++;
		for (const event of frame.events) {
			if (event.type !== 'demo.comment') continue;
			const id = event.payload.comment.id;
			if (seen.has(id)) repeated++;
			seen.add(id);
			comments[index]++;
			const sent = Number(/@(\d+(?:\.\d+)?)$/.exec(event.payload.comment.body)?.[1]);
			if (sent) latencies.push(Math.round((at - sent) * 10) / 10);
		}
	});
	const answer = await socket.timeout(60_000).emitWithAck('room:join', { room });
	if (!answer.ok) throw new Error(`join refused: ${answer.message}`);
	return socket;
}

/** @type {import('socket.io-client').Socket[]} */
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
	const [word, expected] = line.trim().split(' ');
	if (word !== 'DONE') continue;
	// Let the last frames arrive: every connected viewer has every comment, or 60 s passed.
	const until = Date.now() + 60_000;
	while (
		Date.now() < until &&
		comments.some((n, i) => sockets[i].connected && n < Number(expected ?? 0))
	) {
		await new Promise((r) => setTimeout(r, 200));
	}
	closing = true;
	for (const socket of sockets) socket.close();
	const answer = JSON.stringify({ latencies, frames, comments, repeated, disconnects });
	process.stdout.write(`${answer}\n`, () => process.exit(0));
}
