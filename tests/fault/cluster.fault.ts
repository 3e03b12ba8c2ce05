// Two worker processes with Redis carrying broadcasts between them: Redis goes away
// (briefly, then for longer than node-redis's 5 s command timeout) and PostgreSQL
// restarts while a worker dies.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exitsIn, seedDatabase, startApp, workersOf, type RunningApp } from './app';
import { ADMIN, checkNothingLost, kudosFixture, storedKudos } from './fixtures';
import {
	missingTools,
	sleep,
	startPostgres,
	startRedis,
	type PostgresServer,
	type RedisServer
} from './services';
import {
	giveKudos,
	openPage,
	signIn,
	startTraffic,
	watchKudosWall,
	within,
	type KudosFixture,
	type Outcome,
	type Watcher
} from './traffic';

const missing = missingTools();
const METRICS_TOKEN = 'fault-suite-scrape-token';

async function scrape(base: string): Promise<string> {
	const response = await fetch(`${base}/metrics`, {
		headers: { authorization: `Bearer ${METRICS_TOKEN}` }
	});
	expect(response.status).toBe(200);
	return response.text();
}

/** The value of an unlabelled gauge in a scrape. */
function gaugeValue(text: string, name: string): number {
	const line = text.split('\n').find((l) => l.startsWith(`${name} `));
	return Number(line?.split(' ')[1] ?? NaN);
}

/** How many GET requests of a route the whole cluster answered 200. */
async function requestCount(base: string, route: string): Promise<number> {
	const text = await scrape(base);
	const line = text
		.split('\n')
		.find(
			(l) =>
				l.startsWith('tandem_http_request_duration_seconds_count{') &&
				l.includes(`route="${route}"`) &&
				l.includes('method="GET"') &&
				l.includes('status="200"')
		);
	return line ? Number(line.split(' ').pop()) : 0;
}

describe.skipIf(missing)('two workers through Redis and PostgreSQL faults', () => {
	let pg: PostgresServer;
	let redis: RedisServer;
	let sql: postgres.Sql;
	let app: RunningApp;
	let cookie: string;
	let fixture: KudosFixture;
	let watchers: Watcher[] = [];
	const outcomes: Outcome[] = [];
	let n = 0;

	beforeAll(async () => {
		[pg, redis] = await Promise.all([startPostgres(), startRedis()]);
		seedDatabase(pg.url);
		sql = postgres(pg.url, { max: 2, onnotice: () => {} });
		fixture = await kudosFixture(sql);
		app = await startApp({
			DATABASE_URL: pg.url,
			REDIS_URL: redis.url,
			WORKERS: '2',
			METRICS_TOKEN,
			LOG_FORMAT: 'json'
		});
		cookie = await signIn(app.url, ADMIN.email, ADMIN.password);
		// The primary hands connections to the workers in turn: these watch from both.
		watchers = await Promise.all(Array.from({ length: 6 }, () => watchKudosWall(app.url, cookie)));
	});

	afterAll(async () => {
		for (const w of watchers) w.close();
		await app?.stop();
		await sql?.end({ timeout: 1 });
		await redis?.stop();
		pg?.destroy();
	});

	/** Gives a kudos and says whether every watcher saw it live within `ms`. */
	async function seenByAll(ms = 1_000): Promise<boolean> {
		const message = `fault-suite cluster ${n++}`;
		const given = await giveKudos(app.url, cookie, fixture, message);
		outcomes.push(given);
		if (!given.acknowledged) return false;
		const until = Date.now() + ms;
		while (Date.now() < until) {
			if (watchers.every((w) => w.seen.has(message))) return true;
			await sleep(50);
		}
		return false;
	}

	/** Time from `since` to the start of the first kudos every watcher saw live. */
	async function broadcastsResume(since: number, limitMs: number): Promise<number> {
		while (Date.now() - since < limitMs) {
			const startedAt = Date.now();
			if (await seenByAll(500)) return startedAt - since;
		}
		throw new Error(`broadcasts did not resume within ${limitMs} ms`);
	}

	async function redisOutage(downMs: number) {
		expect(await seenByAll()).toBe(true);
		const before = watchers.map((w) => w.lastSeq());
		await redis.stop();
		const traffic = startTraffic(app.url, cookie, fixture, 2, 200);
		await sleep(downMs);
		const during = await traffic.stop();
		await redis.start();
		const resumedIn = await broadcastsResume(Date.now(), 5_000);
		outcomes.push(...during);

		// Pages were served and kudos given while Redis was away.
		expect(during.filter((o) => o.status !== 200)).toEqual([]);
		const given = during.filter((o) => o.acknowledged).map((o) => o.message!);
		expect(given.length).toBeGreaterThan(3);
		expect(resumedIn).toBeLessThan(2_000);
		// What a watcher on the other worker missed comes back from the room event log.
		for (const [i, w] of watchers.entries()) {
			const caughtUp = await w.catchUp(before[i]);
			expect(given.filter((m) => !caughtUp.includes(m))).toEqual([]);
		}
		expect(app.alive()).toBe(true);
		expect(exitsIn(app.lines)).toEqual([]);
	}

	test('/metrics answers only with the token, and adds up both workers', async () => {
		expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
		const wrong = await fetch(`${app.url}/metrics`, {
			headers: { authorization: `Bearer ${METRICS_TOKEN}x` }
		});
		expect(wrong.status).toBe(404);
		const before = await requestCount(app.url, '/(auth)/login');
		// Each request on its own connection: the primary hands them to the workers in turn.
		for (let i = 0; i < 20; i++) {
			const page = await fetch(`${app.url}/login`, { headers: { connection: 'close' } });
			expect(page.status).toBe(200);
		}
		expect((await requestCount(app.url, '/(auth)/login')) - before).toBe(20);
		const text = await scrape(app.url);
		for (const name of [
			'tandem_socket_connections',
			'tandem_room_events_recorded_total',
			'tandem_jobs_due',
			'tandem_outbox_backlog',
			'tandem_database_transactions_in_flight',
			'tandem_process_resident_memory_bytes'
		])
			expect(text).toContain(name);
		// The six watchers hold sockets on both workers; the sum counts them all.
		expect(gaugeValue(text, 'tandem_socket_connections')).toBeGreaterThanOrEqual(6);
	});

	test('the log is JSON lines, one per request, with no password or session token in it', async () => {
		const lines = app.lines.filter((line) => line.startsWith('{'));
		expect(lines.length).toBeGreaterThan(10);
		const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
		const signIn = entries.find((e) => e.msg === 'request' && e.route === '/(auth)/login');
		expect(signIn).toMatchObject({ method: expect.any(String), status: expect.any(Number) });
		expect(signIn?.requestId).toMatch(/^[\w-]{8,}$/);
		expect(entries.some((e) => e.msg === 'socket connected')).toBe(true);
		const everything = app.lines.join('\n');
		expect(everything).not.toContain(ADMIN.password);
		expect(everything).not.toContain(cookie.split('=')[1]);
	});

	test('Redis away for 3 s: pages keep serving, broadcasts resume within 2 s of its return', async () => {
		await redisOutage(3_000);
	});

	test('Redis away for 6 s (past the 5 s command timeout): no node exits', async () => {
		await redisOutage(6_000);
	});

	test('PostgreSQL restarts and a worker dies meanwhile: it is replaced, nothing acknowledged is lost', async () => {
		const traffic = startTraffic(app.url, cookie, fixture, 3);
		await sleep(1_000);
		const [victim] = workersOf(app.pid);
		pg.stop();
		await sleep(1_000);
		process.kill(victim, 'SIGKILL');
		const killedAt = Date.now();
		await sleep(4_000);
		pg.start();
		const backIn = await within(5_000, async () => {
			const page = await openPage(app.url, cookie, '/kudos');
			return page.status === 200;
		});
		// The replacement comes up once the database is back (its back-off is at most 5 s).
		await within(
			10_000,
			() => workersOf(app.pid).length === 2 && !workersOf(app.pid).includes(victim)
		);
		await within(3_000, () => seenByAll(500));
		outcomes.push(...(await traffic.stop()));

		expect(backIn).toBeLessThan(5_000);
		expect(app.alive()).toBe(true);
		// The only exits: the worker killed here and replacements that could not start while
		// the database was down.
		const exits = exitsIn(app.lines);
		expect(exits.filter((l) => l.includes(`worker ${victim} exited (SIGKILL)`))).toHaveLength(1);
		expect(
			exits.filter(
				(l) => !l.includes(`worker ${victim} exited`) && !/exited \(1\)|failed to start/.test(l)
			)
		).toEqual([]);
		// Requests on the killed worker's connections at that moment are cut, as they would be
		// for a browser; every other one got an answer. A client may still send on a kept-alive
		// connection to the dead worker until it reads the reset: on a busy machine that takes
		// a moment, so a request started up to a second after the kill counts as cut by it.
		const cutByKill = (o: Outcome) =>
			o.status === 0 && o.startedAt <= killedAt + 1_000 && o.startedAt + o.ms >= killedAt - 50;
		expect(outcomes.filter((o) => o.status === 500 || (o.status === 0 && !cutByKill(o)))).toEqual(
			[]
		);

		const check = checkNothingLost(outcomes, await storedKudos(sql));
		expect(check.missing).toEqual([]);
		expect(check.duplicated).toEqual([]);
	});
});
