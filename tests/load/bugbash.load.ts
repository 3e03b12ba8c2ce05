// Bug bash figures (npm run bench): 300 participants watch one live bash while bugs are
// logged at 20 a second through the real logBug (its transaction and room event), on
// PGlite or on DATABASE_URL's server. Reports submit → receipt at every board, the logBug
// call itself, and the CPU and memory of this process, which is the server here: Socket.IO,
// the services and, with PGlite, the database. The clients run in a child process
// (fanout-clients.js) so their work is not counted as the server's.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bashSchema, bugSchema, SEVERITIES } from '../../src/lib/bugbash/schemas';
import { bashRoom, createBash, logBug, startBash } from '../../src/lib/server/bugbash';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, eventsIn } from '../helpers/ledger';
import { sessionCookie, startTestServer, type TestServer } from '../helpers/realtime';
import { startFanoutClients, stopFanoutClients, type Receipts } from './fanout';
import { figureOf, onSchedule, printTable } from './measure';
import { printResources, watchResources } from './resources';

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
	stopFanoutClients();
	await server?.close();
	await testDb?.destroy();
});

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

/** Logs the bugs on a fixed tick whatever the answers' speed (an open loop, like people pressing Submit). */
async function logBugsOnSchedule() {
	const submits: Submit[] = [];
	const schedule = await onSchedule(BUGS, BUGS_PER_SECOND, async (i) => {
		const input = bugReport(i);
		const submittedAt = now();
		const logged = await logBug(people[i % REPORTERS], bashId, input);
		submits.push({ ...logged, submittedAt, callMs: now() - submittedAt });
	});
	return { submits, ...schedule };
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
	const participants = await startFanoutClients(server.url, cookies, PARTICIPANTS, room);
	// Let the join burst and its presence announcement pass before the clock starts.
	await sleep(1_000);
	const stopWatching = await watchResources({
		serverPid: process.pid,
		clientsPid: participants.pid,
		database: testDb
	});
	const run = await logBugsOnSchedule();
	const resources = await stopWatching();
	const receipts = await participants.finish();
	const seqOf = await loggedSeqs();
	const got = deliveries(run.submits, seqOf, receipts);

	printLatencies(room, run, got);
	printResources(resources, 'this process');
	printCorrectness(run, got, receipts, seqOf.size);
	expectEveryBoardGotEveryBug(run, got, receipts, seqOf);
}, 180_000);
