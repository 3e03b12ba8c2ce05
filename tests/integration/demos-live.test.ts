// The live log over real sockets: a burst of comments reaches a viewer in a few frames
// (counted as the messages its socket receives), each comment once and each frame in seq
// order; a person commenting too fast gets a typed "rate_limited" answer and nothing is
// written; a bad payload is refused as invalid.
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	commentLimits,
	goLive,
	postComment,
	resetCommentBudgets,
	scheduleDemo
} from '../../src/lib/server/demos';
import { demoComment } from '../../src/lib/server/demos/schema';
import type { RoomEvent } from '../../src/lib/realtime/contract';
import { publishFramed } from '../../src/lib/server/realtime/frames';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { demoCast, demoInput } from '../helpers/demos';
import {
	ask,
	client,
	connected,
	sessionCookie,
	startTestServer,
	until,
	type TestServer
} from '../helpers/realtime';

let testDb: TestDatabase;
let server: TestServer;
let cast: Awaited<ReturnType<typeof demoCast>>;
let demoId: number;
const sockets: Socket[] = [];

async function socketOf(personId: number): Promise<Socket> {
	const { cookie } = await sessionCookie(personId);
	const socket = client(server.url, { cookie, origin: `http://127.0.0.1:${server.port}` });
	sockets.push(socket);
	await connected(socket);
	return socket;
}

beforeAll(async () => {
	testDb = await createTestDatabase();
	server = await startTestServer();
	cast = await demoCast(testDb, 10);
	demoId = await scheduleDemo(cast.presenter, demoInput([cast.presenter]));
	await goLive(cast.presenter, demoId);
}, 60_000);

afterAll(async () => {
	for (const socket of sockets) socket.disconnect();
	await server?.close();
	await testDb?.destroy();
});

async function commentsOf(authorId: number) {
	return testDb.db.select().from(demoComment).where(eq(demoComment.authorId, authorId));
}

describe('comments in frames', () => {
	it('a burst of 40 comments arrives in far fewer messages, every comment once, each frame in order', async () => {
		resetCommentBudgets();
		const viewer = await socketOf(cast.viewers[0]);
		expect(await ask(viewer, 'room:join', { room: `demo:${demoId}` })).toMatchObject({ ok: true });
		const frames: { events: { seq: number; type: string }[] }[] = [];
		const single: unknown[] = [];
		viewer.on('room:frame', (frame) => frames.push(frame));
		viewer.on('room:event', (event) => single.push(event));

		// Ten people, four comments each, all at once.
		const burst = cast.viewers.flatMap((person) =>
			[1, 2, 3, 4].map((n) =>
				postComment(person, demoId, { body: `Comment ${n}`, kind: 'comment' })
			)
		);
		await Promise.all(burst);
		const received = () => frames.flatMap((f) => f.events);
		await until(() => received().length >= 40, 10_000, 'forty comments');
		await new Promise((r) => setTimeout(r, 600));

		const events = received();
		expect(events).toHaveLength(40);
		expect(events.every((e) => e.type === 'demo.comment')).toBe(true);
		const seqs = events.map((e) => e.seq);
		expect(new Set(seqs).size).toBe(40);
		// Each frame is in seq order. Across frames a later seq may go first (its commit
		// callback ran before its neighbour's): the client holds it until the gap fills.
		for (const frame of frames) {
			const inFrame = frame.events.map((e) => e.seq);
			expect(inFrame).toEqual([...inFrame].sort((a, b) => a - b));
		}
		const sorted = [...seqs].sort((a, b) => a - b);
		expect(sorted[39] - sorted[0]).toBe(39);
		// Sent as frames: never one message per comment.
		expect(single).toHaveLength(0);
		expect(frames.length).toBeLessThan(40);
		expect(frames.some((f) => f.events.length > 1)).toBe(true);
	});
});

describe('frame order', () => {
	it('sends a frame in seq order whatever order its events were committed in', async () => {
		const viewer = await socketOf(cast.viewers[1]);
		const room = `demo:${demoId}`;
		expect(await ask(viewer, 'room:join', { room })).toMatchObject({ ok: true });
		const frames: { events: { seq: number }[] }[] = [];
		viewer.on('room:frame', (frame) => frames.push(frame));
		// Three commits whose callbacks ran last-first, as two connections can finish them.
		const at = new Date().toISOString();
		const event = (seq: number) =>
			({ room, seq, type: 'demo.comment', payload: {}, at, actorId: null }) as RoomEvent;
		publishFramed([event(90_003)]);
		publishFramed([event(90_002), event(90_001)]);
		await until(() => frames.length > 0, 5_000, 'a frame');
		expect(frames[0].events.map((e) => e.seq)).toEqual([90_001, 90_002, 90_003]);
	});
});

describe('rate limits and bad input over the socket', () => {
	it('answers rate_limited once the burst is spent, and writes nothing for it', async () => {
		resetCommentBudgets();
		const person = cast.admin;
		const socket = await socketOf(person);
		const answers: { ok: boolean; code?: string; message?: string }[] = [];
		for (let i = 0; i < commentLimits.burst + 1; i++) {
			answers.push(
				await ask(socket, 'command', {
					id: `c-${i}-${Math.random()}`,
					type: 'demo.comment',
					payload: { demoId, body: `Quick ${i}`, kind: 'comment' }
				})
			);
		}
		expect(answers.slice(0, commentLimits.burst).every((a) => a.ok)).toBe(true);
		expect(answers[commentLimits.burst]).toMatchObject({ ok: false, code: 'rate_limited' });
		expect(answers[commentLimits.burst].message).toMatch(/commenting very fast/);
		expect(await commentsOf(person)).toHaveLength(commentLimits.burst);
	});

	it('refuses a hostile payload as invalid input, changing nothing', async () => {
		const person = cast.cohost;
		const socket = await socketOf(person);
		const bad = [
			{ demoId: '1e3', body: 'x', kind: 'comment' },
			{ demoId, body: '', kind: 'comment' },
			{ demoId, body: 'x'.repeat(1001), kind: 'comment' },
			{ demoId, body: 'hi', kind: 'shout' },
			{ demoId: 99999999999, body: 'hi', kind: 'comment' }
		];
		for (const payload of bad) {
			const answer = await ask(socket, 'command', {
				id: `bad-${Math.random()}`,
				type: 'demo.comment',
				payload
			});
			expect(answer).toMatchObject({ ok: false, code: 'invalid' });
		}
		const missing = await ask(socket, 'command', {
			id: `gone-${Math.random()}`,
			type: 'demo.comment',
			payload: { demoId: 2_000_000_000, body: 'hi', kind: 'comment' }
		});
		expect(missing).toMatchObject({
			ok: false,
			code: 'refused',
			message: 'That demo does not exist.'
		});
		expect(await commentsOf(person)).toHaveLength(0);
	});
});
