// Restart figures (npm run bench, needs DATABASE_URL): 400 live clients are connected to
// the production server (`node src/cli/start.js`) when it gets SIGTERM; events are recorded
// while it is down; a new process starts on the same port. Reports how long after the new
// process listens every client is back in its room (target: all within 15 s), how page
// loads fare in that window (target: none times out), and whether any client applied an
// event twice while catching up (target: none).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { latestSeq, withEvents } from '../../src/lib/server/realtime';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam } from '../helpers/ledger';
import { sessionCookie } from '../helpers/realtime';
import { startBuiltApp, stopBuiltApps, type BuiltApp } from './built-app';
import { percentile } from './measure';

// RESTART_CLIENTS=10000 for a company-sized restart (issue 18, item 6).
const CLIENTS = Number(process.env.RESTART_CLIENTS ?? 400);
/** Ten sockets per sign-in and per person stay under the live layer's caps. */
const PEOPLE = Math.ceil(CLIENTS / 10);
const ROOM = 'bugbashes';
const MISSED_EVENTS = 20;
const PAGE_TIMEOUT_MS = 10_000;
/** How long the clients have to come back: longer for a larger crowd. */
const WATCH_MS = Math.max(30_000, CLIENTS * 6);
const now = () => performance.timeOrigin + performance.now();

let testDb: TestDatabase;
let app: BuiltApp | undefined;
const cookies: string[] = [];

beforeAll(async () => {
	if (!process.env.DATABASE_URL) return;
	testDb = await createTestDatabase();
	const team = await addTeam(testDb, 'Bench support', 'support');
	for (let i = 0; i < PEOPLE; i++) {
		const id = await addPerson(testDb, `Watcher ${i}`, team.id);
		cookies.push((await sessionCookie(id)).cookie);
	}
}, 300_000);

afterAll(async () => {
	await stopBuiltApps();
	await testDb?.destroy();
});

function startClients(url: string) {
	const child = spawn(
		process.execPath,
		['tests/load/restart-clients.js', url, cookies.join(','), String(CLIENTS), ROOM],
		{ stdio: ['pipe', 'pipe', 'inherit'] }
	);
	const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
	const next = async () => (await lines.next()).value as string;
	return {
		ready: next,
		mark: () => child.stdin!.write('MARK\n'),
		async report(): Promise<{
			rejoinedAt: (number | null)[];
			repeated: number;
			lastSeqs: number[];
		}> {
			child.stdin!.write('REPORT\n');
			return JSON.parse(await next());
		},
		stop: () => child.stdin!.write('DONE\n')
	};
}

/** Loads a signed-in page every 250 ms until `until`: each load's time, or why it failed. */
async function watchPages(url: string, until: number) {
	const times: number[] = [];
	const failures: string[] = [];
	let turn = 0;
	while (now() < until) {
		const started = now();
		try {
			const response = await fetch(`${url}/bugbash`, {
				headers: { cookie: cookies[turn++ % cookies.length] },
				signal: AbortSignal.timeout(PAGE_TIMEOUT_MS)
			});
			await response.text();
			if (response.ok) times.push(now() - started);
			else failures.push(`HTTP ${response.status}`);
		} catch (err) {
			failures.push((err as Error).name);
		}
		await sleep(250);
	}
	return { times: times.sort((a, b) => a - b), failures };
}

test.skipIf(!process.env.DATABASE_URL)(
	'every client is back soon after a restart',
	async () => {
		const env = { DATABASE_URL: testDb.url! };
		app = await startBuiltApp(env);
		const before = await latestSeq(ROOM);
		const port = Number(new URL(app.url).port);
		const clients = startClients(app.url);
		expect(await clients.ready()).toBe('READY');

		clients.mark();
		await app.stop();
		// What happens while the server is away: each client must catch up on these once.
		for (let i = 0; i < MISSED_EVENTS; i++) {
			await withEvents((_tx, record) =>
				record(ROOM, 'bash.created', { bashId: -1 - i, title: 'Missed while away' })
			);
		}
		app = await startBuiltApp(env, port);
		const listening = now();
		const pages = watchPages(app.url, listening + WATCH_MS);

		let report = await clients.report();
		while (report.rejoinedAt.some((at) => at === null) && now() < listening + WATCH_MS) {
			await sleep(500);
			report = await clients.report();
		}
		const { times, failures } = await pages;
		clients.stop();

		const back = report.rejoinedAt
			.map((at) => (at === null ? Infinity : Math.max(0, at - listening)))
			.sort((a, b) => a - b);
		const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'never');
		console.log(
			`\nRestart with ${CLIENTS} clients (${testDb.driver}), from the new process listening:`
		);
		console.table({
			'clients back: p50': s(percentile(back, 0.5)),
			'clients back: p90': s(percentile(back, 0.9)),
			'clients back: last': s(back[back.length - 1]),
			'clients not back': back.filter((ms) => !Number.isFinite(ms)).length,
			'events applied twice': report.repeated,
			'clients that missed an event': report.lastSeqs.filter((seq) => seq < before + MISSED_EVENTS)
				.length,
			'page loads': times.length,
			'page load p50': `${percentile(times, 0.5)?.toFixed(0)} ms`,
			'page load p99': `${percentile(times, 0.99)?.toFixed(0)} ms`,
			'page load max': `${times[times.length - 1]?.toFixed(0)} ms`,
			'page loads failed': failures.length ? failures.join(', ') : 0
		});
		console.log(
			'Targets: every client back within 15 s; no page load times out; nothing applied twice.'
		);
		expect(report.repeated).toBe(0);
		expect(report.lastSeqs.every((seq) => seq >= before + MISSED_EVENTS)).toBe(true);
	},
	600_000
);
