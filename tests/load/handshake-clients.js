// Client side of the handshake benchmark, in its own process so its CPU is not counted as
// the server's. Opens tabs the way a browser does after a restart (WebSocket first, the
// session cookie in the handshake), `batch` handshakes in flight at a time.
//   node tests/load/handshake-clients.js <url> <cookie file> <count> <batch>
// <cookie file> holds one cookie per line; tab i signs in with cookie i mod their number.
// On "OPEN" it connects every tab and prints JSON {ms, refused}; on "CLOSE" it closes
// them and prints CLOSED; on "DONE" it exits.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { connected, tabSocket } from './tab.js';

const [url, cookieFile, countArg, batchArg] = process.argv.slice(2);
const cookies = readFileSync(cookieFile, 'utf8').trim().split('\n');
const count = Number(countArg);
const batch = Number(batchArg);

/** @type {import('socket.io-client').Socket[]} */
let sockets = [];

/** @param {number} index */
function connectOne(index) {
	const socket = tabSocket(url, cookies[index % cookies.length]);
	sockets.push(socket);
	return connected(socket).then(
		() => true,
		() => false
	);
}

async function open() {
	const started = performance.now();
	let refused = 0;
	for (let i = 0; i < count; i += batch) {
		const some = [];
		for (let j = i; j < Math.min(count, i + batch); j++) some.push(connectOne(j));
		for (const ok of await Promise.all(some)) if (!ok) refused++;
	}
	return { ms: performance.now() - started, refused };
}

for await (const line of createInterface({ input: process.stdin })) {
	const command = line.trim();
	if (command === 'OPEN') console.log(JSON.stringify(await open()));
	if (command === 'CLOSE') {
		for (const socket of sockets) socket.close();
		sockets = [];
		console.log('CLOSED');
	}
	if (command === 'DONE') process.exit(0);
}
