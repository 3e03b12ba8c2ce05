// Live-layer figures (npm run bench): fan-out from commit to every client in one room
// (N = 500 and 2,000) through the real service, against a bare Socket.IO broadcast of the
// same payload as the floor; and how fast a client that missed 1,000 events catches up
// (page by page, as the browser's client does).
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { WireEvent } from '../../src/lib/realtime/contract';
import { signUp } from '../../src/lib/server/auth';
import { withEvents } from '../../src/lib/server/realtime';
import { liveLimits } from '../../src/lib/server/realtime/limits';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson } from '../helpers/ledger';
import {
	ask,
	client,
	connected,
	sessionCookie,
	startTestServer,
	type TestServer,
	untyped
} from '../helpers/realtime';
import { startFanoutClients, stopFanoutClients } from './fanout';
import { percentile } from './measure';

const ROOM = 'leaderboard';
const EVENTS = 40;
const SPACING_MS = 150;
const MAX_CLIENTS = 2000;
const now = () => performance.timeOrigin + performance.now();

let testDb: TestDatabase;
let server: TestServer;
let cookie: string;
/** One sign-in per ten clients: the live layer caps the sockets of one sign-in at ten. */
const cookies: string[] = [];

beforeAll(async () => {
	testDb = await createTestDatabase();
	const { id } = await signUp({
		name: 'Bench Person',
		email: 'bench@example.com',
		password: 'quiet harbour 9'
	});
	({ cookie } = await sessionCookie(id));
	for (let i = 0; i < MAX_CLIENTS / liveLimits.socketsPerSession; i++) {
		const watcher = await addPerson(testDb, `Watcher ${i}`);
		cookies.push((await sessionCookie(watcher)).cookie);
	}
	server = await startTestServer();
}, 120_000);

afterAll(async () => {
	stopFanoutClients();
	await server?.close();
	await testDb?.destroy();
});

async function fanOut(count: number) {
	const clients = await startFanoutClients(server.url, cookies, count, ROOM);
	const sent = new Map<string, number>();
	for (let i = 0; i < EVENTS; i++) {
		await withEvents(
			(_tx, record) => untyped(record)(ROOM, 'bench.tick', { phase: 'service', i }),
			{
				afterCommit: (events) => events.forEach((e) => sent.set(`service:${e.seq}`, now()))
			}
		);
		await new Promise((r) => setTimeout(r, SPACING_MS));
	}
	for (let i = 0; i < EVENTS; i++) {
		const event: WireEvent = {
			room: ROOM,
			seq: i + 1,
			type: 'bench.tick',
			payload: { phase: 'bare', i },
			at: new Date().toISOString(),
			actorId: null
		};
		sent.set(`bare:${event.seq}`, now());
		server.io.to(ROOM).emit('room:event', event);
		await new Promise((r) => setTimeout(r, SPACING_MS));
	}
	const receipts = await clients.finish();
	const latencies = { service: [] as number[], bare: [] as number[] };
	let missing = 0;
	for (const [key, sentAt] of sent) {
		const got = receipts[key] ?? [];
		missing += count - got.length;
		const phase = key.startsWith('service') ? 'service' : 'bare';
		for (const at of got) latencies[phase].push(at - sentAt);
	}
	const row = (phase: 'service' | 'bare') => {
		const sorted = latencies[phase].sort((a, b) => a - b);
		return {
			p50: percentile(sorted, 0.5),
			p99: percentile(sorted, 0.99),
			max: sorted[sorted.length - 1]
		};
	};
	return { count, service: row('service'), bare: row('bare'), missing };
}

test('fan-out and resync figures', async () => {
	const results = [];
	for (const count of [500, MAX_CLIENTS]) results.push(await fanOut(count));
	const ms = (v: number) => `${v.toFixed(1)} ms`;
	console.log(
		`\nFan-out on ${testDb.driver}: ${EVENTS} events per phase, commit → receipt at every client`
	);
	console.table(
		results.map((r) => ({
			clients: r.count,
			'service p50': ms(r.service.p50),
			'service p99': ms(r.service.p99),
			'bare p50 (floor)': ms(r.bare.p50),
			'bare p99 (floor)': ms(r.bare.p99),
			'p50 ÷ floor': (r.service.p50 / r.bare.p50).toFixed(2),
			'lost receipts': r.missing
		}))
	);
	console.log(
		'Targets: N=500 p50 ≤ 25 ms, p99 ≤ 100 ms; N=2,000 p99 ≤ 300 ms; p50 within 1.5× of the floor.'
	);

	// Resync: a client that missed 1,000 events catches up with one join.
	const socket = client(server.url, { cookie });
	await connected(socket);
	const joined = await ask<{ latestSeq: number }>(socket, 'room:join', { room: ROOM });
	socket.close();
	for (let i = 0; i < 1000; i++)
		await withEvents((_tx, record) => untyped(record)(ROOM, 'bench.missed', { i }));
	const again = client(server.url, { cookie });
	await connected(again);
	// The log answers in pages: the client asks again from the last event while there are more.
	const started = now();
	const missed: WireEvent[] = [];
	let page = await ask<{ events: WireEvent[]; complete: boolean; more: boolean }>(
		again,
		'room:join',
		{ room: ROOM, after: joined.latestSeq }
	);
	missed.push(...page.events);
	while (page.more) {
		page = await ask(again, 'room:resync', { room: ROOM, after: missed.at(-1)!.seq });
		missed.push(...page.events);
	}
	const resyncMs = now() - started;
	again.close();
	console.log(
		`Resync: ${missed.length} missed events caught up in ${resyncMs.toFixed(1)} ms (target ≤ 1 s), complete=${page.complete}`
	);

	expect(results.every((r) => r.service.p50 > 0)).toBe(true);
	expect(missed).toHaveLength(1000);
}, 600_000);
