// Kudos figures (npm run bench), issue 5, on PGlite or on DATABASE_URL's server, with
// 100,000 kudos in the database:
//  - live: giving kudos through the real giveKudos (its transaction, ledger rows and room
//    event) at a steady rate while 500 walls are open, each a person with their own
//    session and socket; time from just before the call to the event at every wall;
//  - page: GET /kudos server-rendered by the built app (start.js, as `npm start` runs it)
//    as fast as a fixed number of users can go, then at 100 requests a second; and the
//    requests 500 open walls make at once when a kudos arrives (its card, the figures).
// The walls' sockets and the HTTP load run outside the server's process, so the server's
// CPU and memory are its own.
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { kudosSchema } from '../../src/lib/kudos/schemas';
import { rowsOf } from '../../src/lib/server/db/client';
import { giveKudos, KUDOS_ROOM } from '../../src/lib/server/kudos';
import { eventsIn } from '../helpers/ledger';
import { sessionCookie, startTestServer } from '../helpers/realtime';
import { openBenchDatabase, type BenchDatabase } from './bench-database';
import { startBuiltApp, stopBuiltApps } from './built-app';
import { startFanoutClients, stopFanoutClients, type Receipts } from './fanout';
import { burst, closedLoop, get, openLoop, type LoadRun, type PageTarget } from './http-load';
import { BENCH_WALL, fillWall } from './kudos-wall';
import { figureOf, onSchedule, printTable } from './measure';
import {
	databaseBackends,
	printResources,
	processTree,
	waitUntilIdle,
	watchResources,
	type Resources
} from './resources';

const PEOPLE = BENCH_WALL.people;
const WALLS = 500;
const GIVERS = 25;
const GIFTS_PER_SECOND = 5;
const GIFT_SECONDS = 10;
const GIFTS = GIFTS_PER_SECOND * GIFT_SECONDS;

/** Users of the closed loop: enough to keep the app and its database busy on two cores. */
const USERS = 16;
const WARMUP_MS = 3_000;
const RUN_MS = 10_000;
const STEADY_PER_SECOND = 100;
/** How long 500 walls may wait for what a kudos arriving makes them fetch. */
const HERD_DEADLINE_MS = 45_000;

/** Epoch ms with sub-ms precision: the walls' process stamps receipts on the same clock. */
const now = () => performance.timeOrigin + performance.now();

let bench: BenchDatabase;
/** The first bench person's id; person `first + k` is the k-th. */
let first: number;
let filled: Awaited<ReturnType<typeof fillWall>>['counts'];
let fillSeconds: number;
const wallCookies: string[] = [];

beforeAll(async () => {
	bench = await openBenchDatabase();
	const started = performance.now();
	({ first, counts: filled } = await fillWall(bench.db));
	fillSeconds = (performance.now() - started) / 1000;
	// The first WALLS people keep the wall open, each with their own session and socket.
	for (let i = 0; i < WALLS; i++) wallCookies.push((await sessionCookie(first + i)).cookie);
	console.log(
		`\nKudos bench on ${bench.driver}: ${filled.kudos.toLocaleString('en')} kudos ` +
			`(${filled.thisMonth.toLocaleString('en')} this month), ${filled.recipients.toLocaleString('en')} recipients, ` +
			`${filled.reactions.toLocaleString('en')} reactions, ${filled.plusOnes.toLocaleString('en')} +1s, ` +
			`${PEOPLE.toLocaleString('en')} people in ${4 * BENCH_WALL.teamsPerDepartment} teams; ` +
			`written in ${fillSeconds.toFixed(1)} s. Machine: ${cpus().length} cores, ` +
			`load average ${loadavg()[0].toFixed(2)} before the runs.`
	);
}, 180_000);

afterAll(async () => {
	stopFanoutClients();
	await stopBuiltApps();
	await bench?.destroy();
});

interface Gift {
	kudosId: number;
	created: boolean;
	/** Epoch ms just before giveKudos was called. */
	givenAt: number;
	callMs: number;
}

/** Gift i: from one of GIVERS people (not a wall), to 1–3 others, half with points. */
function gift(i: number, valueIds: number[]) {
	const giver = WALLS + (i % GIVERS);
	const recipients = Array.from(
		{ length: 1 + (i % 3) },
		(_, r) => first + ((giver + 1 + i * 13 + r * 101) % PEOPLE)
	);
	return {
		giverId: first + giver,
		input: kudosSchema.parse({
			clientKey: `bench-live-${i}`,
			recipientIds: recipients,
			message: `Thanks for jumping on escalation ${i} with us.`,
			valueId: valueIds[i % valueIds.length],
			// Each giver gives twice, at most 3 × 5 points each: well inside the allowance.
			points: i % 2 === 0 ? 5 : 0
		})
	};
}

/** Gives the kudos on a fixed tick through the real service, whatever its speed. */
async function giveOnSchedule(valueIds: number[]) {
	const gifts: Gift[] = [];
	const schedule = await onSchedule(GIFTS, GIFTS_PER_SECOND, async (i) => {
		const { giverId, input } = gift(i, valueIds);
		const givenAt = now();
		const given = await giveKudos(giverId, input);
		gifts.push({ ...given, givenAt, callMs: now() - givenAt });
	});
	return { gifts, ...schedule };
}

/** Give → receipt for every (kudos, wall) pair; per kudos, until the last wall had it. */
async function deliveries(gifts: Gift[], receipts: Receipts) {
	const seqOf = new Map<number, number>();
	for (const e of await eventsIn(bench, KUDOS_ROOM))
		if (e.type === 'kudos.given') seqOf.set((e.payload as { kudosId: number }).kudosId, e.seq);
	const latencies: number[] = [];
	const lastWall: number[] = [];
	let lost = 0;
	let extra = 0;
	for (const g of gifts) {
		const got = receipts[`kudos.given:${seqOf.get(g.kudosId)}`] ?? [];
		lost += Math.max(0, WALLS - got.length);
		extra += Math.max(0, got.length - WALLS);
		for (const at of got) latencies.push(at - g.givenAt);
		if (got.length > 0) lastWall.push(Math.max(...got) - g.givenAt);
	}
	const expected = new Set(gifts.map((g) => `kudos.given:${seqOf.get(g.kudosId)}`));
	const unexpected = Object.keys(receipts).filter(
		(key) => !key.startsWith('socket:') && !expected.has(key)
	).length;
	return { seqOf, latencies, lastWall, lost, extra, unexpected };
}

const sum = (values: number[] = []) => values.reduce((a, b) => a + b, 0);
const answered = (run: LoadRun) => `${run.times.length} of ${WALLS}`;
const verdict = (met: boolean) => (met ? 'meets' : 'MISSES');

test('live: giveKudos → 500 open walls', async () => {
	const values = await rowsOf<{ id: number }>(
		bench.db,
		sql`select id from company_value where active order by position`
	);
	const server = await startTestServer();
	let run: Awaited<ReturnType<typeof giveOnSchedule>>;
	let resources: Resources;
	let receipts: Receipts;
	try {
		const walls = await startFanoutClients(server.url, wallCookies, WALLS, KUDOS_ROOM);
		// Let the join burst settle before the clock starts.
		await sleep(1_000);
		const stopWatching = await watchResources({
			serverPid: process.pid,
			clientsPid: walls.pid,
			database: bench
		});
		run = await giveOnSchedule(values.map((v) => v.id));
		resources = await stopWatching();
		receipts = await walls.finish();
	} finally {
		await server.close();
	}
	const got = await deliveries(run.gifts, receipts);

	const everyPair = figureOf(
		'give → receipt, every (kudos, wall) pair',
		got.latencies,
		run.settledMs
	);
	printTable(
		`Live kudos on ${bench.driver}: ${WALLS} open walls (one person, session and socket each) ` +
			`in room ${KUDOS_ROOM}, ${GIFTS} kudos from ${GIVERS} givers at ${GIFTS_PER_SECOND}/s for ${GIFT_SECONDS} s`,
		[
			everyPair,
			figureOf('give → receipt at the last of the walls, per kudos', got.lastWall, run.settledMs),
			figureOf(
				'giveKudos call (transaction, ledger, events)',
				run.gifts.map((g) => g.callMs),
				run.issuedMs
			),
			figureOf('tick → call (the schedule’s own lag)', run.lags, run.issuedMs)
		]
	);
	printResources(resources, 'this process');
	console.log(
		`Achieved ${((GIFTS / run.issuedMs) * 1000).toFixed(2)} kudos/s (target ${GIFTS_PER_SECOND}). ` +
			`Receipts ${got.latencies.length} of ${GIFTS * WALLS}: lost ${got.lost}, ` +
			`repeated ${sum(receipts['socket:repeated'])}, out of seq order ${sum(receipts['socket:outOfOrder'])}, ` +
			`unexpected ${got.unexpected}. Target p99 ≤ 150 ms: ${everyPair.p99.toFixed(1)} ms ${verdict(everyPair.p99 <= 150)}.`
	);

	expect(run.gifts.filter((g) => g.created)).toHaveLength(GIFTS);
	expect(run.gifts.every((g) => got.seqOf.has(g.kudosId))).toBe(true);
	expect({ lost: got.lost, extra: got.extra, unexpected: got.unexpected }).toEqual({
		lost: 0,
		extra: 0,
		unexpected: 0
	});
	expect(receipts['socket:received']).toEqual(Array(WALLS).fill(GIFTS));
	expect(sum(receipts['socket:repeated']), 'kudos a wall received twice').toBe(0);
}, 180_000);

/** A run's times as a figure; an open loop's rate counts over its schedule. */
function pageFigure(name: string, run: LoadRun & { issuedMs?: number }) {
	// Unanswered requests count as never answered (∞): an overloaded server's percentiles
	// must not read better for the requests it dropped.
	const times = [...run.times, ...Array<number>(run.unanswered).fill(Infinity)];
	return figureOf(name, times.length ? times : [NaN], run.issuedMs ?? run.elapsedMs);
}

/** Worker processes for the multi-process page run (WORKERS): one per core here. */
const WORKER_PROCESSES = 2;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether Redis answers: worker processes need it to share live updates. */
function redisAnswers(): Promise<boolean> {
	return new Promise((resolve) => {
		const { hostname, port } = new URL(redisUrl);
		const socket = connect({ host: hostname, port: Number(port || 6379) });
		socket.setTimeout(1_000);
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
		socket.once('timeout', () => {
			socket.destroy();
			resolve(false);
		});
	});
}

/** The newest visible kudos: the card every open wall fetches when a kudos arrives. */
async function newestCard() {
	const [newest] = await rowsOf<{ id: number }>(
		bench.db,
		sql`select max(id)::int as id from kudos where hidden_at is null`
	);
	return newest.id;
}

/**
 * GET /kudos from a built app started with `extraEnv`: flat out, at 100/s, and the
 * requests 500 walls make at once when a kudos arrives. Prints the figures.
 */
async function measurePage(
	label: string,
	target: { newest: number; cookie: string },
	extraEnv: Record<string, string> = {}
) {
	const { newest, cookie } = target;
	const app = await startBuiltApp({ ...bench.appEnv, ...extraEnv });
	const headers = { cookie };
	const page: PageTarget = {
		url: `${app.url}/kudos`,
		headers,
		// Signed in and rendered: a redirect to sign-in or an error page would not say this.
		accept: (status, body) => status === 200 && body.includes('The wall')
	};
	const card: PageTarget = {
		url: `${app.url}/kudos/cards/${newest}`,
		headers,
		accept: (status, body) => status === 200 && body.includes(`"id":${newest}`)
	};
	const figures: PageTarget = {
		url: `${app.url}/kudos/figures`,
		headers,
		accept: (status, body) => status === 200 && body.includes('"byValue"')
	};

	const answer = await get(page.url, headers, new Agent());
	expect(answer.status).toBe(200);
	expect(answer.body.includes('The wall')).toBe(true);
	const html = answer.body.toString();
	const cardsOnPage = html.match(/id="kudos-\d+"/g)?.length ?? 0;
	// The pickers list the whole directory: most of the page's weight, so it is reported.
	const options = html.match(/<option/g)?.length ?? 0;

	await closedLoop(page, USERS, WARMUP_MS);
	const watched = { serverPid: app.pid, clientsPid: process.pid, database: bench };
	let stopWatching = await watchResources(watched);
	const busiest = await closedLoop(page, USERS, RUN_MS);
	const atBusiest = await stopWatching();
	stopWatching = await watchResources(watched);
	const steady = await openLoop(page, STEADY_PER_SECOND, RUN_MS);
	const atSteady = await stopWatching();
	// An overloaded app (and its PostgreSQL) is still working on pages nobody waits for:
	// let it finish first.
	const appAndDatabase = [...processTree(app.pid), ...(await databaseBackends(bench))];
	const backlogMs = await waitUntilIdle(appAndDatabase);
	// What a kudos arriving at 500 open walls makes their browsers ask for at once.
	const cardHerd = await burst(card, WALLS, HERD_DEADLINE_MS);
	await waitUntilIdle(appAndDatabase);
	const figuresHerd = await burst(figures, WALLS, HERD_DEADLINE_MS);
	await app.stop();

	const runs = { busiest, steady, cardHerd, figuresHerd };
	for (const [name, run] of Object.entries(runs)) {
		if (run.failures > 0) console.log(`${name}: ${run.failures} failed, first: ${run.failure}`);
		if (run.unanswered > 0) console.log(`${name}: ${run.unanswered} unanswered by the deadline`);
	}

	const throughput = pageFigure(`GET /kudos, ${USERS} users flat out (closed loop)`, busiest);
	const atRate = pageFigure(`GET /kudos at ${STEADY_PER_SECOND}/s (open loop)`, steady);
	printTable(
		`The /kudos page on ${bench.driver}, ${label} (${app.built ? 'built first: sources were newer' : 'existing build'}), ` +
			`${(answer.body.length / 1024).toFixed(0)} KB of HTML with ${cardsOnPage} cards and ${options} <option>s`,
		[
			throughput,
			atRate,
			figureOf('tick → request (the schedule’s own lag)', steady.lags, steady.issuedMs),
			pageFigure(`${WALLS} walls fetch the new card at once`, cardHerd),
			pageFigure(`${WALLS} walls fetch the month figures at once`, figuresHerd)
		]
	);
	const where = `${label}, pid ${app.pid}`;
	console.log(`At ${USERS} users flat out:`);
	printResources(atBusiest, where);
	console.log(`At ${STEADY_PER_SECOND}/s:`);
	printResources(atSteady, where);
	// CPU per page is steadier than a rate on a machine the load generator shares.
	const cpuPerPage = (atBusiest.cpu.server * 10) / throughput.perSecond;
	console.log(
		`${label}: throughput ${throughput.perSecond.toFixed(0)} req/s (target ≥ 300: ${verdict(throughput.perSecond >= 300)}), ` +
			`${cpuPerPage.toFixed(2)} ms of server CPU per page; ` +
			`p95 at ${STEADY_PER_SECOND}/s ${atRate.p95.toFixed(1)} ms (target ≤ 100 ms: ${verdict(atRate.p95 <= 100)}), ` +
			`${steady.times.length} of ${steady.times.length + steady.unanswered + steady.failures} answered ` +
			`(${((steady.times.length / steady.elapsedMs) * 1000).toFixed(1)}/s over ${(steady.elapsedMs / 1000).toFixed(1)} s), then ${(backlogMs / 1000).toFixed(1)} s ` +
			`until the app and its database were idle. ${answered(cardHerd)} walls had the new card after ` +
			`${cardHerd.elapsedMs.toFixed(0)} ms, ${answered(figuresHerd)} the figures after ${figuresHerd.elapsedMs.toFixed(0)} ms.`
	);

	// Slow is a figure; a wrong answer (an error page, a sign-in redirect) is a failure.
	for (const [name, run] of Object.entries(runs))
		expect(run.failures, `${name}: ${run.failure}`).toBe(0);
}

test('page: GET /kudos from the built app', async () => {
	// Read before the app takes over the database (PGlite serves one process).
	const target = { newest: await newestCard(), cookie: (await sessionCookie(first)).cookie };
	await bench.handOver();
	await measurePage('one process', target);
	// What a deployment does with more cores: worker processes sharing the port
	// (WORKERS), which needs PostgreSQL and Redis, as separate hosts would.
	if (bench.driver !== 'postgres') return;
	if (!(await redisAnswers())) {
		console.log(`No Redis at ${redisUrl}: the run with ${WORKER_PROCESSES} workers is skipped.`);
		return;
	}
	await measurePage(`${WORKER_PROCESSES} worker processes`, target, {
		WORKERS: String(WORKER_PROCESSES),
		REDIS_URL: redisUrl,
		// Its own channels: a developer's app on the same Redis hears nothing of it.
		REDIS_PREFIX: `tandem-bench-${process.pid}`
	});
}, 600_000);
