// Client side of the presence benchmark, in its own process so the clients do not share
// the server's event loop. Each socket is a different person's tab doing what the browser
// does: join the online room and the person's own room in one request, ask who is online,
// then ask again on a timer (the page's refresh), while counting every member entry the
// server pushes.
//   node tests/load/presence-clients.js <url> <cookie file> <refresh ms> <rooms polled>
// <cookie file> holds one `cookie<TAB>personId` per line. <rooms polled>: `online` (a tab
// asks for the online room only) or `both` (every feed asks, as before issue 18).
// Prints READY <join ms> when all have joined; on "MARK" and on "DONE" prints JSON (the
// presence answer times in ms, member entries and updates pushed) and starts counting anew.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { openTab } from './tab.js';

const [url, cookieFile, refreshArg, polled] = process.argv.slice(2);
const tabs = readFileSync(cookieFile, 'utf8')
	.trim()
	.split('\n')
	.map((line) => {
		const [cookie, personId] = line.split('\t');
		return { cookie, personId: Number(personId) };
	});
const refreshMs = Number(refreshArg);
/** @type {number[]} presence answer times, ms */
let answers = [];
let entries = 0;
let updates = 0;
let failures = 0;
/** Tabs the server dropped (an overloaded server stops answering their pings). */
let dropped = 0;
/** @type {ReturnType<typeof setTimeout>[]} */
const timers = [];

/**
 * Asks who is in `room` and times the answer.
 * @param {import('socket.io-client').Socket} socket @param {string} room
 */
async function askPresence(socket, room) {
	const t0 = performance.now();
	try {
		const answer = await socket.timeout(30_000).emitWithAck('room:presence', { room });
		if (answer.ok) answers.push(performance.now() - t0);
		else failures++;
	} catch {
		failures++;
	}
}

/** @param {{ cookie: string, personId: number }} tab */
async function connectOne(tab) {
	const socket = await openTab(url, tab.cookie);
	socket.on('disconnect', (reason) => {
		if (reason !== 'io client disconnect') dropped++;
	});
	socket.on('room:presence', (update) => {
		updates++;
		entries +=
			(update.members?.length ?? 0) + (update.joined?.length ?? 0) + (update.left?.length ?? 0);
	});
	const rooms = ['online', `user:${tab.personId}`];
	const joined = await socket
		.timeout(60_000)
		.emitWithAck('room:join-many', { rooms: rooms.map((room) => ({ room })) })
		.catch(() => ({ ok: false }));
	if (!joined.ok) failures++;
	const asked = polled === 'both' ? rooms : ['online'];
	for (const room of asked) {
		void askPresence(socket, room);
		const every = () => refreshMs * (polled === 'both' ? 1 : 0.75 + Math.random() / 2);
		const tick = () => {
			void askPresence(socket, room);
			timers.push(setTimeout(tick, every()));
		};
		timers.push(setTimeout(tick, every()));
	}
	return socket;
}

/** @type {import('socket.io-client').Socket[]} */
const sockets = [];
const started = performance.now();
for (let i = 0; i < tabs.length; i += 100) {
	const batch = await Promise.all(
		tabs.slice(i, i + 100).map((tab) =>
			connectOne(tab).catch(() => {
				failures++;
				return null;
			})
		)
	);
	for (const socket of batch) if (socket) sockets.push(socket);
}
console.log(`READY ${Math.round(performance.now() - started)}`);

for await (const line of createInterface({ input: process.stdin })) {
	if (line.trim() === 'MARK') {
		console.log(JSON.stringify({ answers, entries, updates, failures, dropped }));
		answers = [];
		entries = 0;
		updates = 0;
		failures = 0;
	}
	if (line.trim() !== 'DONE') continue;
	for (const timer of timers) clearTimeout(timer);
	const result = { answers, entries, updates, failures, dropped };
	for (const socket of sockets) socket.close();
	process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}
