// Demo figures (npm run bench): 1,000 viewers in one live demo (100 people, ten tabs
// each: the per-session socket cap) while comments arrive at 20 a second for 30 s
// through the real postComment (its transaction, room event and frame). Reports comment →
// every viewer, frames per viewer per second (the frames batch comments every 250 ms), and
// the CPU and memory of this process, which is the server here: Socket.IO, the services
// and, with PGlite, the database. The viewers run in a child process (demo-viewers.js).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
	demoRoom,
	goLive,
	postComment,
	resetCommentBudgets,
	scheduleDemo
} from '../../src/lib/server/demos';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { demoInput } from '../helpers/demos';
import { addPerson, addTeam } from '../helpers/ledger';
import { sessionCookie, startTestServer, type TestServer } from '../helpers/realtime';
import { figureOf, onSchedule, printTable } from './measure';
import { printResources, watchResources } from './resources';

const PEOPLE = 100;
const TABS = 10;
const VIEWERS = PEOPLE * TABS;
const PER_SECOND = 20;
const SECONDS = 30;
const COMMENTS = PER_SECOND * SECONDS;
const now = () => performance.timeOrigin + performance.now();

let testDb: TestDatabase;
let server: TestServer;
let demoId: number;
const people: number[] = [];
const cookies: string[] = [];
let viewers: ReturnType<typeof spawn> | undefined;

beforeAll(async () => {
	testDb = await createTestDatabase();
	const team = await addTeam(testDb, 'Everyone', 'support');
	for (let i = 0; i < PEOPLE; i++) {
		const id = await addPerson(testDb, `Viewer ${i}`, team.id);
		people.push(id);
		cookies.push((await sessionCookie(id)).cookie);
	}
	demoId = await scheduleDemo(people[0], demoInput([people[0]]));
	await goLive(people[0], demoId);
	resetCommentBudgets();
	server = await startTestServer();
}, 180_000);

afterAll(async () => {
	if (viewers?.exitCode === null) viewers.kill();
	await server?.close();
	await testDb?.destroy();
});

interface Receipts {
	latencies: number[];
	frames: number[];
	comments: number[];
	repeated: number;
}

async function startViewers() {
	const args = [
		'tests/load/demo-viewers.js',
		server.url,
		cookies.join(','),
		String(VIEWERS),
		demoRoom(demoId)
	];
	viewers = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
	const lines = createInterface({ input: viewers.stdout! })[Symbol.asyncIterator]();
	const first = await lines.next();
	if (first.value !== 'READY') throw new Error(`viewers failed: ${first.value}`);
	const child = viewers;
	return {
		pid: child.pid!,
		async finish(): Promise<Receipts> {
			child.stdin!.write(`DONE ${COMMENTS}\n`);
			return JSON.parse((await lines.next()).value ?? '{}');
		}
	};
}

test('demo figures', async () => {
	const audience = await startViewers();
	await sleep(1_000);
	const stopWatching = await watchResources({
		serverPid: process.pid,
		clientsPid: audience.pid,
		database: testDb
	});
	const calls: number[] = [];
	const started = performance.now();
	const run = await onSchedule(COMMENTS, PER_SECOND, async (i) => {
		const sentAt = now();
		await postComment(people[i % PEOPLE], demoId, {
			body: `Bench comment ${i} @${sentAt}`,
			kind: 'comment'
		});
		calls.push(now() - sentAt);
	});
	const resources = await stopWatching();
	const got = await audience.finish();
	// Until the last frame arrived: frames per viewer per second over the whole delivery.
	const windowMs = performance.now() - started;

	const perViewerPerSecond = got.frames.map((f) => f / (windowMs / 1000));
	printTable(
		`Demo on ${testDb.driver}: ${VIEWERS} viewers (${PEOPLE} people × ${TABS} tabs), ` +
			`${COMMENTS} comments at ${PER_SECOND}/s for ${SECONDS} s`,
		[
			figureOf('comment → viewer, every (comment, viewer) pair', got.latencies, run.settledMs),
			figureOf('postComment call (transaction + event)', calls, run.issuedMs),
			figureOf('tick → call (the schedule’s own lag)', run.lags, run.issuedMs)
		]
	);
	const frames = [...perViewerPerSecond].sort((a, b) => a - b);
	console.log(
		`Frames per viewer per second: mean ${(frames.reduce((a, b) => a + b, 0) / frames.length).toFixed(2)}, ` +
			`max ${frames[frames.length - 1].toFixed(2)} (target ≤ 4). Receipts ${got.latencies.length} of ` +
			`${COMMENTS * VIEWERS}, repeated ${got.repeated}.`
	);
	printResources(resources, 'this process');
	expect(got.comments).toEqual(Array(VIEWERS).fill(COMMENTS));
	expect(got.repeated).toBe(0);
}, 600_000);
