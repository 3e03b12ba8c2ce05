// PostgreSQL restarts and locks under light load, against one app process (the shape in
// which postgres.js's stray write used to end the process).
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exitsIn, seedDatabase, startApp, type RunningApp } from './app';
import {
	ADMIN,
	checkNothingLost,
	kudosFixture,
	storedKudos,
	UNAVAILABLE_SENTENCE
} from './fixtures';
import { missingTools, sleep, startPostgres, type PostgresServer } from './services';
import {
	giveKudos,
	openPage,
	signIn,
	startTraffic,
	within,
	type KudosFixture,
	type Outcome
} from './traffic';

const missing = missingTools();
if (missing) console.warn(`[fault] skipped: needs ${missing}`);

describe.skipIf(missing)('one app process through PostgreSQL faults', () => {
	let pg: PostgresServer;
	let sql: postgres.Sql;
	let app: RunningApp;
	let cookie: string;
	let fixture: KudosFixture;

	beforeAll(async () => {
		pg = await startPostgres();
		seedDatabase(pg.url);
		sql = postgres(pg.url, { max: 2, onnotice: () => {} });
		fixture = await kudosFixture(sql);
		app = await startApp({
			DATABASE_URL: pg.url,
			// Short, so the lock test is quick; the defaults are 5 s and 10 s.
			DATABASE_LOCK_TIMEOUT_MS: '1500',
			DATABASE_STATEMENT_TIMEOUT_MS: '3000'
		});
		cookie = await signIn(app.url, ADMIN.email, ADMIN.password);
	});

	afterAll(async () => {
		await app?.stop();
		await sql?.end({ timeout: 1 });
		pg?.destroy();
	});

	test('a restart (5 s down): 503s meanwhile, serving again within 5 s, nothing acknowledged lost', async () => {
		const traffic = startTraffic(app.url, cookie, fixture);
		await sleep(1_500);
		// The outage is from the moment the server has stopped until it is started again.
		pg.stop();
		const downAt = Date.now();
		await sleep(5_000);
		const upAt = Date.now();
		pg.start();
		const backIn = await within(5_000, async () => {
			const [page, kudos] = [
				await openPage(app.url, cookie, '/kudos'),
				await giveKudos(app.url, cookie, fixture, `fault-suite probe ${Date.now()}`)
			];
			return page.status === 200 && kudos.acknowledged === true;
		});
		const servingAt = Date.now();
		await sleep(2_000);
		const outcomes = await traffic.stop();

		expect(app.alive()).toBe(true);
		expect(exitsIn(app.lines)).toEqual([]);
		expect(backIn).toBeLessThan(5_000);

		const during = outcomes.filter((o) => o.startedAt > downAt && o.startedAt + o.ms < upAt);
		expect(during.length).toBeGreaterThan(5);
		// Not hung, not a 500: a 503 that says what is going on.
		expect(during.filter((o) => o.status !== 503)).toEqual([]);
		for (const o of during) expect(o.said).toMatch(UNAVAILABLE_SENTENCE);
		expect(Math.max(...during.map((o) => o.ms))).toBeLessThan(3_000);

		// Once back, no stale connection keeps failing requests.
		const after = outcomes.filter((o) => o.startedAt > servingAt);
		expect(after.length).toBeGreaterThan(5);
		expect(after.filter((o: Outcome) => o.status !== 200)).toEqual([]);
		expect(outcomes.filter((o) => o.status === 500 || o.status === 0)).toEqual([]);

		const check = checkNothingLost(outcomes, await storedKudos(sql));
		expect(check.acknowledged).toBeGreaterThan(5);
		expect(check.missing).toEqual([]);
		expect(check.duplicated).toEqual([]);
	});

	test('a table locked for 6 s: requests fail fast with a 503, the probes answer within a second', async () => {
		const locked = sql.begin(async (tx) => {
			await tx`lock table kudos in access exclusive mode`;
			await sleep(6_000);
		});
		await sleep(300);

		const kudos = await giveKudos(app.url, cookie, fixture, `fault-suite locked ${Date.now()}`);
		expect(kudos.status).toBe(503);
		expect(kudos.said).toMatch(UNAVAILABLE_SENTENCE);
		expect(kudos.ms).toBeLessThan(4_000);

		const page = await openPage(app.url, cookie, '/kudos');
		expect(page.status).toBe(503);
		expect(page.said).toMatch(UNAVAILABLE_SENTENCE);
		expect(page.ms).toBeLessThan(4_000);

		for (const path of ['/healthz', '/api/health', '/readyz']) {
			const started = Date.now();
			const response = await fetch(`${app.url}${path}`, { signal: AbortSignal.timeout(5_000) });
			expect(Date.now() - started, path).toBeLessThan(1_000);
			expect(response.status, path).toBe(200);
		}

		await locked;
		const unlocked = await giveKudos(
			app.url,
			cookie,
			fixture,
			`fault-suite unlocked ${Date.now()}`
		);
		expect(unlocked.acknowledged).toBe(true);
		expect(app.alive()).toBe(true);
	});

	test('the database down: /healthz stays 200, /api/health and /readyz answer 503 naming it within a second', async () => {
		pg.stop();
		try {
			const live = await fetch(`${app.url}/healthz`);
			expect(live.status).toBe(200);
			for (const path of ['/api/health', '/readyz']) {
				const started = Date.now();
				const response = await fetch(`${app.url}${path}`, { signal: AbortSignal.timeout(5_000) });
				expect(Date.now() - started, path).toBeLessThan(1_000);
				expect(response.status, path).toBe(503);
				const body = await response.json();
				expect(body.status).toBe('unavailable');
				expect(body.checks.database.status).toBe('unavailable');
				expect(body.checks.redis.status).toBe('not_configured');
			}
		} finally {
			pg.start();
		}
		await within(5_000, async () => (await fetch(`${app.url}/readyz`)).status === 200);
		expect(app.alive()).toBe(true);
	});
});
