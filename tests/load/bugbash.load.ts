// Bug bash figures (npm run bench): 300 participants watch one live bash while bugs are
// logged at 20 a second through the real logBug (its transaction and room event), on
// PGlite or on DATABASE_URL's server. Reports submit → receipt at every board, the logBug
// call itself, and the CPU and memory of this process, which is the server here: Socket.IO,
// the services and, with PGlite, the database. The clients run in a child process
// (fanout-clients.js) so their work is not counted as the server's.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bashSchema, bugSchema, SEVERITIES } from '../../src/lib/schemas/bugbash';
import { bashRoom, createBash, logBug, startBash } from '../../src/lib/server/bugbash/service';
import { rowsOf } from '../../src/lib/server/db/client';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, eventsIn } from '../helpers/ledger';
import { sessionCookie, startTestServer, type TestServer } from '../helpers/realtime';
import { figureOf, printTable } from './measure';

const PARTICIPANTS = 300;
const REPORTERS = 30;
const BUGS_PER_SECOND = 20;
const SECONDS = 15;
const BUGS = BUGS_PER_SECOND * SECONDS;
const AREAS = ['Checkout', 'Payments', 'Search', 'Profile', 'Notifications'];
const DEPARTMENTS = ['support', 'product', 'engineering', 'other'] as const;
/** Epoch ms with sub-ms precision: the child process stamps receipts on the same clock. */
const now = () => performance.timeOrigin + performance.now();

let testDb: TestDatabase;
let server: TestServer;
let bashId: number;
let clients: ChildProcess | undefined;
const people: number[] = [];
const cookies: string[] = [];

beforeAll(async () => {
	testDb = await createTestDatabase();
	const teams = [];
	for (const kind of DEPARTMENTS) teams.push(await addTeam(testDb, `Bench ${kind}`, kind));
	// Sessions are one insert each, so every participant is a person with their own
	// session and socket, as in a real bash (no shared cookies).
	for (let i = 0; i < PARTICIPANTS; i++) {
		const id = await addPerson(testDb, `Participant ${i}`, teams[i % teams.length].id);
		people.push(id);
		cookies.push((await sessionCookie(id)).cookie);
	}
	bashId = await createBash(
		people[0],
		bashSchema.parse({
			title: 'Release bug bash',
			feature: 'Release 7',
			areas: AREAS,
			startsAt: new Date(),
			endsAt: new Date(Date.now() + 3_600_000)
		})
	);
	await startBash(people[0], bashId);
	server = await startTestServer();
}, 120_000);

afterAll(async () => {
	// Only when a failure left the child running (it exits by itself after DONE).
	if (clients && clients.exitCode === null) clients.kill();
	await server?.close();
	await testDb?.destroy();
});

/** `bug.logged:<seq>` → receipt times, and `socket:<tally>` → one count per socket. */
type Receipts = Record<string, number[]>;

/** Connects every participant's socket in a child process; resolves once all joined. */
async function startClients(room: string) {
	const args = [
		'tests/load/fanout-clients.js',
		server.url,
		cookies.join(','),
		String(PARTICIPANTS)
	];
	const child = spawn(process.execPath, [...args, room], { stdio: ['pipe', 'pipe', 'inherit'] });
	clients = child;
	const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
	const first = await lines.next();
	if (first.value !== 'READY') throw new Error(`clients failed: ${first.value}`);
	return {
		pid: child.pid!,
		async finish(): Promise<Receipts> {
			child.stdin!.write('DONE\n');
			return JSON.parse((await lines.next()).value ?? '{}');
		}
	};
}

/** Bug i, different per tick so the trigram index and the board get varied rows. */
function bugReport(i: number) {
	const area = AREAS[i % AREAS.length];
	return bugSchema.parse({
		clientKey: `bench-bug-${i}`,
		title: `${area} misbehaves in case ${i}`,
		area,
		severity: SEVERITIES[i % SEVERITIES.length],
		steps: `1. Open ${area}\n2. Try case ${i}`,
		expected: 'It works',
		actual: `Case ${i} fails`
	});
}

interface Submit {
	bugId: number;
	created: boolean;
	/** Epoch ms just before logBug was called. */
	submittedAt: number;
	callMs: number;
}

/**
 * Logs the bugs on a fixed tick whatever the answers' speed (an open loop, like people
 * pressing Submit): a slow call never delays the next, and `lags` shows how late each
 * tick fired, so a rate the loop could not keep shows instead of shrinking silently.
 */
async function logBugsOnSchedule() {
	const gap = 1000 / BUGS_PER_SECOND;
	const submits: Submit[] = [];
	const lags: number[] = [];
	const calls: Promise<void>[] = [];
	const started = performance.now();
	for (let i = 0; i < BUGS; i++) {
		const due = started + i * gap;
		if (due - performance.now() > 1) await sleep(due - performance.now());
		lags.push(Math.max(0, performance.now() - due));
		const input = bugReport(i);
		const submittedAt = now();
		calls.push(
			logBug(people[i % REPORTERS], bashId, input).then((logged) => {
				submits.push({ ...logged, submittedAt, callMs: now() - submittedAt });
			})
		);
	}
	// The last tick's own slot counts, so a perfect schedule reads exactly the target rate.
	const issuedMs = performance.now() - started + gap;
	await Promise.all(calls);
	return { submits, lags, issuedMs, settledMs: performance.now() - started };
}

/** CPU ms a local PostgreSQL backend (or any process) has used, from /proc (100 ticks/s). */
function cpuMsOf(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return 0; // gone since
	}
}

/** Our database's backends when PostgreSQL runs on this machine (PGlite: none, in-process). */
async function databaseBackends(): Promise<number[]> {
	if (testDb.driver !== 'postgres') return [];
	const rows = await rowsOf<{ pid: number }>(
		testDb.db,
		sql`select pid from pg_stat_activity where datname = current_database()`
	);
	const local = (pid: number) => {
		try {
			return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres');
		} catch {
			return false; // the server is elsewhere: its pids are not ours to read
		}
	};
	return rows.map((r) => Number(r.pid)).filter(local);
}

/** CPU ms used since the watch began by processes that may appear meanwhile (from 0). */
function cpuOfProcesses(pids: number[]) {
	const before = new Map(pids.map((pid) => [pid, cpuMsOf(pid)]));
	return (later: number[]) =>
		[...new Set([...pids, ...later])].reduce(
			(sum, pid) => sum + cpuMsOf(pid) - (before.get(pid) ?? 0),
			0
		);
}

const LOOP_TICK_MS = 10;
/** Node's histogram holds whole tick intervals: the delay is what exceeds the tick (ns → ms). */
const lateBy = (ns: number) => Math.max(0, ns / 1e6 - LOOP_TICK_MS);

/** How late this process's event loop ran: what every socket and query here waits behind. */
function watchEventLoop() {
	const loop = monitorEventLoopDelay({ resolution: LOOP_TICK_MS });
	loop.enable();
	return () => {
		loop.disable();
		return {
			p50: lateBy(loop.percentile(50)),
			p99: lateBy(loop.percentile(99)),
			max: lateBy(loop.max)
		};
	};
}

/** RSS and heap before and after, and their peaks sampled every 100 ms in between. */
function watchMemory() {
	const before = process.memoryUsage();
	const peak = { rss: before.rss, heapUsed: before.heapUsed };
	const sampler = setInterval(() => {
		const m = process.memoryUsage();
		peak.rss = Math.max(peak.rss, m.rss);
		peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
	}, 100);
	return () => {
		clearInterval(sampler);
		return { before, after: process.memoryUsage(), peak };
	};
}

/** CPU as % of one core: this process, the clients' and the database's (PostgreSQL only). */
async function watchCpu(clientsPid: number) {
	const backends = cpuOfProcesses(await databaseBackends());
	const child = cpuOfProcesses([clientsPid]);
	const before = process.cpuUsage();
	const started = performance.now();
	return async () => {
		const own = process.cpuUsage(before);
		const share = (ms: number) => (ms / (performance.now() - started)) * 100;
		const server = share((own.user + own.system) / 1000);
		const clients = share(child([]));
		const database =
			testDb.driver === 'postgres' ? share(backends(await databaseBackends())) : null;
		return { server, clients, database };
	};
}

/** Starts every watch; the returned function stops them and answers the figures. */
async function watchResources(clientsPid: number) {
	const loop = watchEventLoop();
	const memory = watchMemory();
	const cpu = await watchCpu(clientsPid);
	return async () => ({ cpu: await cpu(), memory: memory(), loop: loop() });
}

/** Bug id → seq, from the room's durable log: what a client replaying it would apply. */
async function loggedSeqs(): Promise<Map<number, number>> {
	const events = await eventsIn(testDb, bashRoom(bashId));
	const seqs = new Map<number, number>();
	for (const e of events)
		if (e.type === 'bug.logged') seqs.set((e.payload as { id: number }).id, e.seq);
	return seqs;
}

/** Submit → receipt for every (bug, client) pair; per bug, until the last board had it. */
function deliveries(submits: Submit[], seqOf: Map<number, number>, receipts: Receipts) {
	const latencies: number[] = [];
	const lastBoard: number[] = [];
	let lost = 0;
	let extra = 0;
	for (const s of submits) {
		const got = receipts[`bug.logged:${seqOf.get(s.bugId)}`] ?? [];
		lost += Math.max(0, PARTICIPANTS - got.length);
		extra += Math.max(0, got.length - PARTICIPANTS);
		for (const at of got) latencies.push(at - s.submittedAt);
		if (got.length > 0) lastBoard.push(Math.max(...got) - s.submittedAt);
	}
	const expected = new Set(submits.map((s) => `bug.logged:${seqOf.get(s.bugId)}`));
	const unexpected = Object.keys(receipts).filter(
		(key) => !key.startsWith('socket:') && !expected.has(key)
	).length;
	return { latencies, lastBoard, lost, extra, unexpected };
}

const sum = (values: number[] = []) => values.reduce((a, b) => a + b, 0);
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
const percent = (value: number | null) =>
	value === null ? '— (in this process)' : `${value.toFixed(1)} %`;

type Resources = Awaited<ReturnType<Awaited<ReturnType<typeof watchResources>>>>;
type Run = Awaited<ReturnType<typeof logBugsOnSchedule>>;
type Delivered = ReturnType<typeof deliveries>;

function printLatencies(room: string, run: Run, got: Delivered): void {
	printTable(
		`Bug bash on ${testDb.driver}: ${PARTICIPANTS} participants (one person, session and socket each) in ${room}, ` +
			`${BUGS} bugs from ${REPORTERS} reporters at ${BUGS_PER_SECOND}/s for ${SECONDS} s`,
		[
			figureOf('submit → receipt, every (bug, board) pair', got.latencies, run.settledMs),
			figureOf('submit → receipt at the last of the boards, per bug', got.lastBoard, run.settledMs),
			figureOf(
				'logBug call (transaction + event)',
				run.submits.map((s) => s.callMs),
				run.issuedMs
			),
			figureOf('tick → call (the schedule’s own lag)', run.lags, run.issuedMs)
		]
	);
}

function printResources({ cpu, memory, loop }: Resources): void {
	const ms = (v: number) => `${v.toFixed(1)} ms`;
	const span = (key: 'rss' | 'heapUsed') =>
		`${mb(memory.before[key])} → ${mb(memory.after[key])} (${mb(memory.peak[key])})`;
	console.table([
		{ figure: 'server CPU (this process), % of one core', value: percent(cpu.server) },
		{ figure: 'clients CPU (child process, not counted)', value: percent(cpu.clients) },
		{ figure: 'PostgreSQL backends CPU (not counted)', value: percent(cpu.database) },
		{ figure: 'server RSS before → after (peak)', value: span('rss') },
		{ figure: 'server heap used before → after (peak)', value: span('heapUsed') },
		{
			figure: 'server event-loop delay p50 / p99 / max',
			value: `${ms(loop.p50)} / ${ms(loop.p99)} / ${ms(loop.max)}`
		}
	]);
}

function printCorrectness(run: Run, got: Delivered, receipts: Receipts, logged: number): void {
	console.log(
		`Achieved rate ${((BUGS / run.issuedMs) * 1000).toFixed(2)} bugs/s (target ${BUGS_PER_SECOND}). ` +
			`Receipts ${got.latencies.length} of ${BUGS * PARTICIPANTS}: lost ${got.lost}, ` +
			`repeated ${sum(receipts['socket:repeated'])}, out of seq order ${sum(receipts['socket:outOfOrder'])}, ` +
			`unexpected events ${got.unexpected}; the room log holds ${logged} bug.logged events.`
	);
}

/** Every bug logged once and in the log; every board got each of them once, in seq order. */
function expectEveryBoardGotEveryBug(
	run: Run,
	got: Delivered,
	receipts: Receipts,
	seqOf: Map<number, number>
) {
	expect(run.submits.filter((s) => s.created)).toHaveLength(BUGS);
	expect(seqOf.size).toBe(BUGS);
	expect(run.submits.every((s) => seqOf.has(s.bugId))).toBe(true);
	expect({ lost: got.lost, extra: got.extra, unexpected: got.unexpected }).toEqual({
		lost: 0,
		extra: 0,
		unexpected: 0
	});
	expect(receipts['socket:received']).toEqual(Array(PARTICIPANTS).fill(BUGS));
	expect(sum(receipts['socket:repeated']), 'events a board received twice').toBe(0);
	// Out-of-order arrivals are reported above, not failed: commits can be confirmed in a
	// different order than their seqs (and two nodes publish independently), and the
	// browser's RoomFeed buffers an early event until the one before it arrives.
}

test('bug bash figures', async () => {
	const room = bashRoom(bashId);
	const participants = await startClients(room);
	// Let the join burst and its presence announcement pass before the clock starts.
	await sleep(1_000);
	const stopWatching = await watchResources(participants.pid);
	const run = await logBugsOnSchedule();
	const resources = await stopWatching();
	const receipts = await participants.finish();
	const seqOf = await loggedSeqs();
	const got = deliveries(run.submits, seqOf, receipts);

	printLatencies(room, run, got);
	printResources(resources);
	printCorrectness(run, got, receipts, seqOf.size);
	expectEveryBoardGotEveryBug(run, got, receipts, seqOf);
}, 180_000);
