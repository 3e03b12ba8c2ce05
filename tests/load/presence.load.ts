// Presence figures (issue 18, item 1): N different people each open a tab (join the
// online room and their own room, ask who is online, ask again on the page's timer).
// Measured on the server (this process; the tabs run in their own): CPU while they join,
// CPU while they sit idle, the time a presence answer takes at the tab, and how many
// member entries the server pushed to the tabs while they joined and while idle.
//   TANDEM_BENCH=1 PRESENCE_PEOPLE=2000,10000 npx vitest run tests/load/presence.load.ts
// PRESENCE_CLIENT=before makes the tabs behave as before issue 18 (every feed asks every
// 15 s), to run this same file against the previous code for a side-by-side figure.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { sessionCookie, startTestServer, type TestServer } from '../helpers/realtime';
import { percentile } from './measure';

const PEOPLE = (process.env.PRESENCE_PEOPLE ?? '2000').split(',').map(Number);
const IDLE_MS = Number(process.env.PRESENCE_IDLE_MS ?? 60_000);
const BEFORE = process.env.PRESENCE_CLIENT === 'before';
const REFRESH_MS = BEFORE ? 15_000 : 60_000;

let testDb: TestDatabase;
let server: TestServer;
const folder = mkdtempSync(join(tmpdir(), 'tandem-presence-'));

beforeAll(async () => {
	testDb = await createTestDatabase();
	server = await startTestServer();
}, 120_000);

afterAll(async () => {
	await server?.close();
	await testDb?.destroy();
	rmSync(folder, { recursive: true, force: true });
});

/** `count` people with a session each: `cookie<TAB>personId` lines. */
async function people(count: number, batch: number): Promise<string> {
	const ids = await rowsOf<{ id: number }>(
		testDb.db,
		sql`insert into person (email, name, password_hash)
			select 'p' || ${batch}::int || '-' || g || '@presence.bench', 'Person ' || ${batch}::int || '-' || g, 'x'
			from generate_series(1, ${count}::int) g returning id`
	);
	const lines: string[] = [];
	for (let i = 0; i < ids.length; i += 50) {
		const some = await Promise.all(ids.slice(i, i + 50).map((r) => sessionCookie(Number(r.id))));
		some.forEach((s, j) => lines.push(`${s.cookie}\t${ids[i + j].id}`));
	}
	const file = join(folder, `cookies-${batch}.txt`);
	writeFileSync(file, lines.join('\n'));
	return file;
}

const cpuMs = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
};

async function run(count: number, batch: number) {
	const file = await people(count, batch);
	const polled = BEFORE ? 'both' : 'online';
	const child = spawn(
		process.execPath,
		['tests/load/presence-clients.js', server.url, file, String(REFRESH_MS), polled],
		{ stdio: ['pipe', 'pipe', 'inherit'] }
	);
	const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
	const cpu0 = cpuMs();
	const ready = (await lines.next()).value ?? '';
	const joinCpu = cpuMs() - cpu0;
	const [word, joinMs] = ready.split(' ');
	if (word !== 'READY') throw new Error(`clients failed: ${ready}`);
	// Let the last announcements go out, then count only the idle room.
	await new Promise((r) => setTimeout(r, 3_000));
	child.stdin!.write('MARK\n');
	const joining = JSON.parse((await lines.next()).value ?? '{}');
	const joinAnswers = (joining.answers as number[]).sort((a, b) => a - b);
	const cpu1 = cpuMs();
	const t1 = performance.now();
	await new Promise((r) => setTimeout(r, IDLE_MS));
	const idleCpu = cpuMs() - cpu1;
	const idleWall = performance.now() - t1;
	child.stdin!.write('DONE\n');
	const idle = JSON.parse((await lines.next()).value ?? '{}');
	const sorted = (idle.answers as number[]).sort((a, b) => a - b);
	return {
		people: count,
		'join s': (Number(joinMs) / 1000).toFixed(1),
		'join CPU s': (joinCpu / 1000).toFixed(1),
		'entries pushed (join)': Number(joining.entries).toLocaleString('en'),
		'updates (join)': Number(joining.updates).toLocaleString('en'),
		'answer p50 ms (join)': percentile(joinAnswers, 0.5)?.toFixed(1),
		'answer p99 ms (join)': percentile(joinAnswers, 0.99)?.toFixed(1),
		'idle CPU %': ((100 * idleCpu) / idleWall).toFixed(1),
		'answers (idle)': sorted.length,
		'answer p50 ms': percentile(sorted, 0.5)?.toFixed(1),
		'answer p99 ms': percentile(sorted, 0.99)?.toFixed(1),
		'entries pushed (idle)': idle.entries,
		failures: idle.failures + joining.failures,
		'tabs dropped': joining.dropped + idle.dropped,
		rss: `${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`
	};
}

test('presence with N people online', async () => {
	console.log(
		`\nPresence on ${testDb.driver} (${BEFORE ? 'tabs as before: every feed asks every 15 s' : 'tabs ask for the online room every ~60 s'}), ` +
			`idle window ${IDLE_MS / 1000} s; load average ${loadavg()
				.map((l) => l.toFixed(2))
				.join(' ')}`
	);
	const rows = [];
	let batch = 0;
	for (const count of PEOPLE) {
		rows.push(await run(count, ++batch));
		console.table([rows.at(-1)]);
		// The previous crowd has gone before the next one comes.
		await new Promise((r) => setTimeout(r, 3_000));
	}
	console.log(
		`load average after: ${loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`
	);
	console.table(rows);
	// The figures are the point; a run that answered nothing at all is broken.
	expect(rows.every((r) => r['answers (idle)'] > 0)).toBe(true);
}, 3_600_000);
