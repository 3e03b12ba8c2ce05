// Live-layer figures (npm run bench): fan-out from commit to every client in one room
// (N = 500 and 2,000) through the real service, against a bare Socket.IO broadcast of the
// same payload as the floor; and how fast a client that missed 1,000 events catches up.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { WireEvent } from '../../src/lib/realtime/contract';
import { signUp } from '../../src/lib/server/auth';
import { withEvents } from '../../src/lib/server/realtime';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import {
	ask,
	client,
	connected,
	sessionCookie,
	startTestServer,
	type TestServer,
	untyped
} from '../helpers/realtime';

const ROOM = 'leaderboard';
const EVENTS = 40;
const SPACING_MS = 150;
const now = () => performance.timeOrigin + performance.now();

let testDb: TestDatabase;
let server: TestServer;
let cookie: string;

beforeAll(async () => {
	testDb = await createTestDatabase();
	const { id } = await signUp({
		name: 'Bench Person',
		email: 'bench@example.com',
		password: 'quiet harbour 9'
	});
	({ cookie } = await sessionCookie(id));
	server = await startTestServer();
}, 60_000);

afterAll(async () => {
	await server?.close();
	await testDb?.destroy();
});

function percentile(sorted: number[], q: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Starts N clients in a child process and resolves once they have all joined. */
async function startClients(count: number) {
	const child = spawn(
		process.execPath,
		['tests/load/fanout-clients.js', server.url, cookie, String(count), ROOM],
		{
			stdio: ['pipe', 'pipe', 'inherit']
		}
	);
	const lines = createInterface({ input: child.stdout! });
	const iterator = lines[Symbol.asyncIterator]();
	const first = await iterator.next();
	if (first.value !== 'READY') throw new Error(`clients failed: ${first.value}`);
	return {
		async finish(): Promise<Record<string, number[]>> {
			child.stdin!.write('DONE\n');
			const result = await iterator.next();
			return JSON.parse(result.value ?? '{}');
		}
	};
}

async function fanOut(count: number) {
	const clients = await startClients(count);
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
	for (const count of [500, 2000]) results.push(await fanOut(count));
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
	const started = now();
	const answer = await ask<{ events: WireEvent[]; complete: boolean }>(again, 'room:join', {
		room: ROOM,
		after: joined.latestSeq
	});
	const resyncMs = now() - started;
	again.close();
	console.log(
		`Resync: ${answer.events.length} missed events caught up in ${resyncMs.toFixed(1)} ms (target ≤ 1 s), complete=${answer.complete}`
	);

	expect(results.every((r) => r.service.p50 > 0)).toBe(true);
	expect(answer.events).toHaveLength(1000);
}, 600_000);
