// Page figures side by side (issue 18): the demo workspace served by the built app
// (start.js, as `npm start` runs it), each page as fast as USERS keep-alive users can go,
// in rounds; a page's req/s is given as a ratio to /login measured in the same round,
// so a loaded, shared machine still compares like with like.
//   TANDEM_BENCH=1 npx vitest run tests/load/pages.load.ts            (PGlite files)
//   TANDEM_BENCH=1 DATABASE_URL=postgres://… npx vitest run tests/load/pages.load.ts
// PAGES_BASE=<another checkout, built> alternates rounds between this app and that one
// (A/B, same database); PAGES=/login,/,/kudos picks the pages; PAGES_ROUNDS, PAGES_MS.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { installDatabase, openDatabase } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';
import { DEMO_ADMIN_EMAIL, person } from '../../src/lib/server/org';
import { seedDemoWorkspace } from '../../src/lib/server/seed';
import { createTestDatabase } from '../helpers/db';
import { sessionCookie } from '../helpers/realtime';
import { startBuiltApp, stopBuiltApps } from './built-app';
import { closedLoop, get, type PageTarget } from './http-load';
import { Agent } from 'node:http';
import { cpuMsOf } from './resources';

const PAGES = (process.env.PAGES ?? '/login,/,/kudos,/bugbash/1').split(',');
const ROUNDS = Number(process.env.PAGES_ROUNDS ?? 2);
const RUN_MS = Number(process.env.PAGES_MS ?? 8_000);
const WARMUP_MS = 2_000;
const USERS = 10;
const BASE = process.env.PAGES_BASE;

let appEnv: Record<string, string>;
let cookie: string;
let cleanUp: () => Promise<void>;

beforeAll(async () => {
	if (process.env.DATABASE_URL) {
		const testDb = await createTestDatabase();
		appEnv = { DATABASE_URL: testDb.url! };
		await seedDemoWorkspace();
		cookie = await adminCookie(testDb.db);
		cleanUp = testDb.destroy;
		return;
	}
	const dataDir = mkdtempSync(join(tmpdir(), 'tandem-pages-bench-'));
	const handle = await openDatabase({ dataDir, poolSize: 1 });
	await migrateDatabase(handle);
	installDatabase(handle);
	await seedDemoWorkspace();
	cookie = await adminCookie(handle.db);
	// PGlite's files serve one process at a time: the app opens them next.
	await handle.close();
	appEnv = { DATA_DIR: dataDir };
	cleanUp = async () => rmSync(dataDir, { recursive: true, force: true });
}, 300_000);

afterAll(async () => {
	await stopBuiltApps();
	await cleanUp?.();
});

async function adminCookie(db: Awaited<ReturnType<typeof createTestDatabase>>['db']) {
	const [admin] = await db
		.select({ id: person.id })
		.from(person)
		.where(eq(person.email, DEMO_ADMIN_EMAIL));
	return (await sessionCookie(admin.id)).cookie;
}

function target(url: string, path: string): PageTarget {
	return {
		url: url + path,
		headers: path === '/login' ? {} : { cookie },
		accept: (status, body) => status === 200 && body.length > 1000
	};
}

/** One round of every page on `url`: req/s, CPU ms per request, bytes. */
async function round(url: string, pid: number) {
	const figures: Record<string, { rps: number; cpu: number; bytes: number }> = {};
	for (const path of PAGES) {
		await closedLoop(target(url, path), USERS, WARMUP_MS);
		const cpu0 = cpuMsOf(pid);
		const run = await closedLoop(target(url, path), USERS, RUN_MS);
		if (run.failures > 0) throw new Error(`${path}: ${run.failure}`);
		const cpu = cpuMsOf(pid) - cpu0;
		figures[path] = {
			rps: (run.times.length / run.elapsedMs) * 1000,
			cpu: cpu / run.times.length,
			bytes: run.bytes / run.times.length
		};
	}
	return figures;
}

/** What the home page sends: its size plain and as sent with gzip asked for. */
async function homeSize(url: string) {
	const agent = new Agent();
	const plain = await get(url + '/', { cookie }, agent);
	const zipped = await new Promise<{ encoding: string; bytes: number }>((resolve, reject) => {
		import('node:http').then(({ request }) => {
			const req = request(
				url + '/',
				{ headers: { cookie, 'accept-encoding': 'gzip, br' } },
				(res) => {
					let bytes = 0;
					res.on('data', (c: Buffer) => (bytes += c.length));
					res.on('end', () =>
						resolve({ encoding: String(res.headers['content-encoding'] ?? 'none'), bytes })
					);
				}
			);
			req.on('error', reject);
			req.end();
		});
	});
	agent.destroy();
	return { plain: plain.body.length, gzipOf: gzipSync(plain.body).length, ...zipped };
}

test('pages side by side', async () => {
	const sides = BASE
		? [
				{ name: 'base', cwd: BASE },
				{ name: 'this', cwd: undefined }
			]
		: [{ name: 'this', cwd: undefined }];
	const rows: Record<string, string | number>[] = [];
	console.log(
		`\nPages on ${appEnv.DATABASE_URL ? 'PostgreSQL, 1 process' : 'PGlite (embedded)'}: ${USERS} users, ${RUN_MS / 1000} s a page, ${ROUNDS} rounds${BASE ? `, A/B against ${BASE}` : ''}; load average ${loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`
	);
	for (let r = 0; r < ROUNDS; r++) {
		for (const side of r % 2 ? [...sides].reverse() : sides) {
			const app = await startBuiltApp(appEnv, undefined, side.cwd);
			try {
				if (r === 0) console.log(`home page (${side.name}):`, await homeSize(app.url));
				const figures = await round(app.url, app.pid);
				const floor = figures['/login']?.rps ?? NaN;
				for (const [path, f] of Object.entries(figures))
					rows.push({
						round: r + 1,
						app: side.name,
						page: path,
						'req/s': Math.round(f.rps),
						'÷ /login': (f.rps / floor).toFixed(2),
						'CPU ms/req': f.cpu.toFixed(2),
						'KB/req': (f.bytes / 1024).toFixed(1),
						load: loadavg()[0].toFixed(1)
					});
				console.table(rows.filter((row) => row.round === r + 1 && row.app === side.name));
			} finally {
				await app.stop();
			}
		}
	}
	console.table(rows);
	expect(rows.length).toBe(ROUNDS * sides.length * PAGES.length);
}, 3_600_000);
