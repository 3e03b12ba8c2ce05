// Handshake figures (issue 18, item 6): the server CPU one socket costs to get in, what a
// restart costs times every open tab. N tabs (4 per person, one sign-in each, under the
// caps) connect in concurrent batches from their own process; the server's CPU
// (process.cpuUsage of this process, PGlite included when it is the database) is read
// from the first handshake until the last socket is connected. Bare Socket.IO on the same
// Node, without middleware, is the floor; Tandem's live layer (session check against the
// database, socket caps, its connection wiring, logging at info) is measured against it,
// and again with the caps counted in Redis when REDIS_URL is set. Target: ≤ 1.5× bare.
//   TANDEM_BENCH=1 CI=true npx vitest run tests/load/handshake.load.ts
// HANDSHAKE_TABS (2000), HANDSHAKE_BATCH (100 handshakes in flight), HANDSHAKE_ROUNDS (5).
// TANDEM_BENCH_PROFILE=<folder> writes a CPU profile of Tandem's last round there.
import './info-log';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Session } from 'node:inspector/promises';
import { Server } from 'socket.io';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { upkeepDatabase } from '../../src/lib/server/db/maintenance';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sessionCookie, startTestServer, until } from '../helpers/realtime';
import { percentile } from './measure';

const TABS = Number(process.env.HANDSHAKE_TABS ?? 2000);
const BATCH = Number(process.env.HANDSHAKE_BATCH ?? 100);
const ROUNDS = Number(process.env.HANDSHAKE_ROUNDS ?? 5);
/** A person's open tabs: several, well under the caps per sign-in and per person. */
const TABS_PER_PERSON = 4;
const PROFILE = process.env.TANDEM_BENCH_PROFILE;

let testDb: TestDatabase;
const folder = mkdtempSync(join(tmpdir(), 'tandem-handshake-'));
const cookieFile = join(folder, 'cookies.txt');

beforeAll(async () => {
	testDb = await createTestDatabase();
	const people = await rowsOf<{ id: number }>(
		testDb.db,
		sql`insert into person (email, name, password_hash)
			select 'p' || g || '@handshake.bench', 'Person ' || g, 'x'
			from generate_series(1, ${Math.ceil(TABS / TABS_PER_PERSON)}::int) g returning id`
	);
	const cookies: string[] = [];
	for (const { id } of people) cookies.push((await sessionCookie(Number(id))).cookie);
	// Tab i signs in with cookie i mod the number of people: 4 tabs per sign-in.
	writeFileSync(cookieFile, cookies.join('\n'));
	// Statistics, as autovacuum (PostgreSQL) or the app's upkeep (PGlite) keep them.
	await upkeepDatabase(testDb.db);
}, 300_000);

afterAll(async () => {
	await testDb?.destroy();
	rmSync(folder, { recursive: true, force: true });
});

/** The floor: Socket.IO with the app's options and nothing of the app. */
async function startBareServer() {
	const http: HttpServer = createServer();
	const io = new Server(http, {
		path: '/socket.io',
		serveClient: false,
		pingInterval: 10_000,
		pingTimeout: 5_000
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const port = (http.address() as AddressInfo).port;
	return {
		io,
		url: `http://127.0.0.1:${port}`,
		close: () => new Promise<void>((resolve) => io.close(() => resolve()))
	};
}

function startClients(url: string) {
	const child = spawn(
		process.execPath,
		['tests/load/handshake-clients.js', url, cookieFile, String(TABS), String(BATCH)],
		{ stdio: ['pipe', 'pipe', 'inherit'] }
	);
	const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
	const ask = async (command: string) => {
		child.stdin!.write(`${command}\n`);
		return (await lines.next()).value as string;
	};
	return {
		open: async () => JSON.parse(await ask('OPEN')) as { ms: number; refused: number },
		close: () => ask('CLOSE'),
		done: () => child.stdin!.write('DONE\n')
	};
}

const cpuMs = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
};

interface Measured {
	name: string;
	io: Server;
	clients: ReturnType<typeof startClients>;
	perSocket: number[];
	walls: number[];
	refused: number;
}

function measured(name: string, server: { io: Server; url: string }): Measured {
	const clients = startClients(server.url);
	return { name, io: server.io, clients, perSocket: [], walls: [], refused: 0 };
}

/** One round on one server: every tab connects (measured), then every tab closes. */
async function round(server: Measured, counted: boolean): Promise<void> {
	const connectedCount = () => server.io.of('/').sockets.size;
	const cpu0 = cpuMs();
	const t0 = performance.now();
	const opened = await server.clients.open();
	await until(() => connectedCount() + opened.refused >= TABS, 30_000, 'every socket in');
	const cpu = cpuMs() - cpu0;
	if (counted) {
		server.perSocket.push(cpu / (TABS - opened.refused));
		server.walls.push(performance.now() - t0);
		server.refused += opened.refused;
	}
	await server.clients.close();
	await until(() => connectedCount() === 0, 30_000, 'every socket gone');
	// The disconnects' after-effects (presence, slot releases) settle outside the window.
	await new Promise((r) => setTimeout(r, 500));
}

/** A CPU profile of this process while `work` runs, written to TANDEM_BENCH_PROFILE. */
async function profiled(name: string, work: () => Promise<void>): Promise<void> {
	if (!PROFILE) return work();
	const inspector = new Session();
	inspector.connect();
	await inspector.post('Profiler.enable');
	await inspector.post('Profiler.start');
	await work();
	const { profile } = await inspector.post('Profiler.stop');
	const file = join(PROFILE, `handshake-${name.replace(/\W+/g, '-')}.cpuprofile`);
	writeFileSync(file, JSON.stringify(profile));
	console.log(`CPU profile: ${file}`);
	inspector.disconnect();
}

test('server CPU per socket handshake, Tandem against bare Socket.IO', async () => {
	const redisUrl = process.env.REDIS_URL;
	console.log(
		`\nHandshakes on ${testDb.driver}: ${TABS} tabs (${TABS_PER_PERSON} per person), ` +
			`${BATCH} in flight, ${ROUNDS} rounds after a warm-up; load average ${loadavg()
				.map((l) => l.toFixed(2))
				.join(' ')}`
	);
	const bare = await startBareServer();
	const tandem = await startTestServer();
	const servers = [measured('bare Socket.IO', bare), measured('Tandem', tandem)];
	const shared = redisUrl
		? await startTestServer(0, { redisUrl, redisPrefix: `handshake-bench-${process.pid}` })
		: null;
	if (shared) servers.push(measured('Tandem, caps in Redis', shared));
	// Rounds take turns across the servers, so a neighbour's load on the machine falls on
	// all of them alike; the first round of each warms up.
	for (const server of servers) await round(server, false);
	for (let i = 0; i < ROUNDS; i++) {
		for (const server of servers) {
			// Only the last round is profiled: the profiler's own cost inflates that round.
			if (i < ROUNDS - 1 || server === servers[0]) await round(server, true);
			else await profiled(server.name, () => round(server, true));
		}
	}
	for (const server of servers) server.clients.done();
	await Promise.all([bare.close(), tandem.close(), shared?.close()]);

	const median = (values: number[]) =>
		percentile(
			[...values].sort((a, b) => a - b),
			0.5
		);
	const results = servers.map((s) => ({ ...s, perSocket: median(s.perSocket) }));
	const best = (s: Measured) => Math.min(...s.perSocket);
	const floor = results[0].perSocket;
	console.table(
		results.map((r, i) => ({
			server: r.name,
			'CPU ms per socket (median)': r.perSocket.toFixed(3),
			'best round': best(servers[i]).toFixed(3),
			rounds: servers[i].perSocket.map((v) => v.toFixed(3)).join(' '),
			'× bare': (r.perSocket / floor).toFixed(2),
			'all in, s (median)': (median(r.walls) / 1000).toFixed(2),
			refused: r.refused
		}))
	);
	console.log('Target: Tandem ≤ 1.5× bare Socket.IO per handshake.');
	// The figures are the point; a server that let no one in, or refused some, is broken.
	expect(results.every((r) => r.refused === 0 && r.perSocket > 0)).toBe(true);
}, 1_800_000);
