// Demo figures (npm run bench): 1,000 viewers in one live demo (100 people, ten tabs
// each: the per-session socket cap) while comments arrive at 20 a second for 30 s
// through the real postComment (its transaction, room event and frame). The viewers run
// in CLIENT_PROCESSES child processes (demo-viewers.js), so neither their work nor one
// generator's event loop is counted as the server's. Reports, per (comment, viewer) pair,
// comment → viewer; per comment, comment → the server emitting the frame that carries it
// (read at the Socket.IO adapter, so the server's own share is known apart from the
// clients'); frames per viewer per second; and the CPU and memory of this process, which
// is the server here: Socket.IO, the services and, with PGlite, the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { LogComment } from '../../src/lib/demos/schemas';
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
const CLIENT_PROCESSES = 4;
const PER_SECOND = 20;
const SECONDS = 30;
const COMMENTS = PER_SECOND * SECONDS;
const now = () => performance.timeOrigin + performance.now();

let testDb: TestDatabase;
let server: TestServer;
let demoId: number;
const people: number[] = [];
const cookies: string[] = [];
const children: ChildProcess[] = [];

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
	for (const child of children) if (child.exitCode === null) child.kill();
	await server?.close();
	await testDb?.destroy();
});

interface Receipts {
	latencies: number[];
	frames: number[];
	comments: number[];
	repeated: number;
	disconnects: Record<string, number>;
}

/** One child process with `count` viewers, viewer indexes from `first`. */
async function startViewers(first: number, count: number) {
	const args = [
		'tests/load/demo-viewers.js',
		server.url,
		cookies.join(','),
		String(count),
		demoRoom(demoId),
		String(first)
	];
	const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
	children.push(child);
	const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
	const ready = await lines.next();
	if (ready.value !== 'READY') throw new Error(`viewers failed: ${ready.value}`);
	return {
		pid: child.pid!,
		async finish(): Promise<Receipts> {
			child.stdin!.write(`DONE ${COMMENTS}\n`);
			return JSON.parse((await lines.next()).value ?? '{}');
		}
	};
}

/**
 * When the server handed each comment's frame to Socket.IO (epoch ms, by comment id), read
 * where every broadcast passes: the adapter, which writes one encoded packet to each socket.
 */
function watchFrameEmission() {
	const adapter = server.io.of('/').adapter as unknown as {
		broadcast: (packet: { data: unknown[] }, opts: unknown) => void;
	};
	const original = adapter.broadcast.bind(adapter);
	const emittedAt = new Map<number, number>();
	let frames = 0;
	adapter.broadcast = (packet, opts) => {
		const [name, frame] = packet.data as [string, { events: { payload: unknown }[] }];
		if (name === 'room:frame') {
			frames++;
			const at = now();
			for (const event of frame.events) {
				const comment = (event.payload as { comment?: LogComment }).comment;
				if (comment) emittedAt.set(comment.id, at);
			}
		}
		original(packet, opts);
	};
	return () => {
		adapter.broadcast = original;
		return { emittedAt, frames };
	};
}

test('demo figures', async () => {
	const share = VIEWERS / CLIENT_PROCESSES;
	const audiences = [];
	for (let p = 0; p < CLIENT_PROCESSES; p++) audiences.push(await startViewers(p * share, share));
	await sleep(1_000);
	const load = loadavg()[0];
	const stopWatching = await watchResources({
		serverPid: process.pid,
		clientsPid: audiences[0].pid,
		database: testDb
	});
	const stopEmission = watchFrameEmission();
	const posted = new Map<number, number>();
	const calls: number[] = [];
	const started = performance.now();
	const run = await onSchedule(COMMENTS, PER_SECOND, async (i) => {
		const sentAt = now();
		const comment = await postComment(people[i % PEOPLE], demoId, {
			body: `Bench comment ${i} @${sentAt}`,
			kind: 'comment'
		});
		posted.set(comment.id, sentAt);
		calls.push(now() - sentAt);
	});
	const resources = await stopWatching();
	const parts = await Promise.all(audiences.map((a) => a.finish()));
	const emission = stopEmission();
	// Until the last frame arrived: frames per viewer per second over the whole delivery.
	const windowMs = performance.now() - started;
	const got: Receipts = {
		latencies: parts.flatMap((p) => p.latencies),
		frames: parts.flatMap((p) => p.frames),
		comments: parts.flatMap((p) => p.comments),
		repeated: parts.reduce((n, p) => n + p.repeated, 0),
		disconnects: {}
	};
	for (const p of parts)
		for (const [reason, n] of Object.entries(p.disconnects))
			got.disconnects[reason] = (got.disconnects[reason] ?? 0) + n;
	const toEmit = [...posted].map(
		([id, sentAt]) => (emission.emittedAt.get(id) ?? Infinity) - sentAt
	);

	printTable(
		`Demo on ${testDb.driver}: ${VIEWERS} viewers (${PEOPLE} people × ${TABS} tabs, in ` +
			`${CLIENT_PROCESSES} client processes), ${COMMENTS} comments at ${PER_SECOND}/s for ` +
			`${SECONDS} s; load average ${load.toFixed(2)} before`,
		[
			figureOf('comment → viewer, every (comment, viewer) pair', got.latencies, run.settledMs),
			figureOf('comment → server emits its frame (once per room)', toEmit, run.settledMs),
			figureOf('postComment call (transaction + event)', calls, run.issuedMs),
			figureOf('tick → call (the schedule’s own lag)', run.lags, run.issuedMs)
		]
	);
	const perViewerPerSecond = got.frames.map((f) => f / (windowMs / 1000)).sort((a, b) => a - b);
	console.log(
		`Frames emitted by the server: ${emission.frames} (${((emission.frames / windowMs) * 1000).toFixed(2)}/s). ` +
			`Frames per viewer per second: mean ${(perViewerPerSecond.reduce((a, b) => a + b, 0) / perViewerPerSecond.length).toFixed(2)}, ` +
			`max ${perViewerPerSecond[perViewerPerSecond.length - 1].toFixed(2)} (target ≤ 4). ` +
			`Receipts ${got.latencies.length} of ${COMMENTS * VIEWERS}, repeated ${got.repeated}, ` +
			`viewers disconnected early ${JSON.stringify(got.disconnects)}. Load average after ${loadavg()[0].toFixed(2)}.`
	);
	printResources(resources, 'this process; load generator = the first of the client processes');
	expect(got.disconnects).toEqual({});
	expect(got.comments).toEqual(Array(VIEWERS).fill(COMMENTS));
	expect(got.repeated).toBe(0);
}, 600_000);
