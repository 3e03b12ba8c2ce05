import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PresenceSnapshot, PresenceUpdate, WireEvent } from '../../src/lib/realtime/contract';
import { applyPresence, NOBODY } from '../../src/lib/realtime/presence';
import { signUp, createInvitation } from '../../src/lib/server/auth';
import { invalidateSession } from '../../src/lib/server/auth';
import { roomEvent } from '../../src/lib/server/realtime/schema';
import { registerCommand } from '../../src/lib/server/realtime/commands';
import {
	eventsAfter,
	latestSeq,
	latestSeqs,
	pruneEvents,
	withEvents
} from '../../src/lib/server/realtime';
import { deactivatePerson } from '../../src/lib/server/org';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import {
	ask,
	client,
	connected,
	sessionCookie,
	startTestServer,
	until,
	type TestServer,
	untyped
} from '../helpers/realtime';

let testDb: TestDatabase;
let server: TestServer;
let adaId: number;
let bobId: number;

beforeAll(async () => {
	testDb = await createTestDatabase();
	adaId = (
		await signUp({ name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' })
	).id;
	const invite = await createInvitation(adaId, {});
	bobId = (
		await signUp({
			name: 'Bob Member',
			email: 'bob@example.com',
			password: 'river stone 77',
			inviteToken: invite
		})
	).id;
	server = await startTestServer();
});

afterAll(async () => {
	await server?.close();
	await testDb?.destroy();
});

/** Publishes `count` events to `room` through the real service, one transaction each. */
async function publishEvents(room: string, count: number, from = 0) {
	for (let i = 0; i < count; i++) {
		await withEvents((_tx, record) => untyped(record)(room, 'test.tick', { n: from + i }));
	}
}

async function signedInClient(personId: number, reconnection = false) {
	const { cookie, sessionId } = await sessionCookie(personId);
	const socket = client(server.url, { cookie }, reconnection);
	await connected(socket);
	return { socket, sessionId, cookie };
}

describe('handshake', () => {
	it('refuses a connection without a session', async () => {
		const socket = client(server.url);
		await expect(connected(socket)).rejects.toThrow('unauthenticated');
		socket.close();
	});

	it('refuses a connection with a forged session token', async () => {
		const socket = client(server.url, { cookie: 'tandem_session=abc.def' });
		await expect(connected(socket)).rejects.toThrow('unauthenticated');
		socket.close();
	});

	it('refuses a foreign Origin even with a valid session', async () => {
		const { cookie } = await sessionCookie(adaId);
		const socket = client(server.url, { cookie, origin: 'http://evil.example' });
		await expect(connected(socket)).rejects.toThrow();
		socket.close();
	});

	it('accepts its own origin with a valid session', async () => {
		const { cookie } = await sessionCookie(adaId);
		const socket = client(server.url, { cookie, origin: `http://127.0.0.1:${server.port}` });
		await connected(socket);
		socket.close();
	});
});

describe('rooms', () => {
	it('refuses rooms the person may not join, and bad payloads, with typed errors', async () => {
		const { socket } = await signedInClient(bobId);
		expect(await ask(socket, 'room:join', { room: `user:${adaId}` })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		expect(await ask(socket, 'room:join', { room: 'secret:1' })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		expect(await ask(socket, 'room:join', { room: 42 })).toMatchObject({
			ok: false,
			code: 'invalid'
		});
		expect(await ask(socket, 'room:resync', { room: 'leaderboard', after: 0 })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		expect(await ask(socket, 'room:join', { room: `user:${bobId}` })).toMatchObject({ ok: true });
		socket.close();
	});

	it('delivers committed events live to the room, in order', async () => {
		const { socket } = await signedInClient(adaId);
		const seen: WireEvent[] = [];
		socket.on('room:event', (e: WireEvent) => seen.push(e));
		const joined = await ask<{ ok: true; latestSeq: number }>(socket, 'room:join', {
			room: 'leaderboard'
		});
		await publishEvents('leaderboard', 5);
		await until(() => seen.length === 5, 5_000, 'five events');
		expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5].map((n) => joined.latestSeq + n));
		socket.close();
	});

	it('a rolled-back change is neither stored nor broadcast', async () => {
		const { socket } = await signedInClient(adaId);
		const seen: WireEvent[] = [];
		socket.on('room:event', (e: WireEvent) => seen.push(e));
		await ask(socket, 'room:join', { room: 'leaderboard' });
		await expect(
			withEvents(async (_tx, record) => {
				await untyped(record)('leaderboard', 'test.doomed', {});
				throw new Error('rolled back');
			})
		).rejects.toThrow('rolled back');
		await publishEvents('leaderboard', 1, 999);
		await until(() => seen.length === 1, 5_000, 'the committed event');
		expect(seen[0].payload).toEqual({ n: 999 });
		const doomed = await testDb.db
			.select()
			.from(roomEvent)
			.where(eq(roomEvent.type, 'test.doomed'));
		expect(doomed).toHaveLength(0);
		socket.close();
	});
});

describe('log positions', () => {
	it('reads several rooms at once, in the order asked, 0 for a room without events', async () => {
		await publishEvents('test:positions-a', 3);
		await publishEvents('test:positions-b', 1);
		const rooms = ['test:positions-b', 'test:never-used', 'test:positions-a'];
		expect(await latestSeqs(rooms as never)).toEqual([1, 0, 3]);
		expect(await latestSeq('test:positions-a' as never)).toBe(3);
	});
});

describe('no event is lost', () => {
	it('a client that was away while 50 events were published gets exactly those 50, in order', async () => {
		const { socket, cookie } = await signedInClient(bobId);
		const joined = await ask<{ latestSeq: number }>(socket, 'room:join', { room: 'leaderboard' });
		const lastApplied = joined.latestSeq;
		socket.close();

		await publishEvents('leaderboard', 50);

		const again = client(server.url, { cookie });
		await connected(again);
		const live: WireEvent[] = [];
		again.on('room:event', (e: WireEvent) => live.push(e));
		const answer = await ask<{ ok: true; complete: boolean; events: WireEvent[] }>(
			again,
			'room:join',
			{
				room: 'leaderboard',
				after: lastApplied
			}
		);
		expect(answer.complete).toBe(true);
		expect(answer.events.map((e) => e.seq)).toEqual(
			Array.from({ length: 50 }, (_, i) => lastApplied + 1 + i)
		);
		expect(answer.events.map((e) => (e.payload as { n: number }).n)).toEqual(
			Array.from({ length: 50 }, (_, i) => i)
		);
		expect(live).toHaveLength(0);
		again.close();
	});

	it('the same holds across a server restart', async () => {
		const { socket } = await signedInClient(adaId, true);
		const joined = await ask<{ latestSeq: number }>(socket, 'room:join', { room: 'leaderboard' });
		let disconnected = false;
		socket.on('disconnect', () => (disconnected = true));

		const port = server.port;
		await server.close();
		await until(() => disconnected, 5_000, 'disconnect');
		await publishEvents('leaderboard', 50, 100);
		server = await startTestServer(port);

		await until(() => socket.connected, 10_000, 'reconnection');
		const answer = await ask<{ complete: boolean; events: WireEvent[] }>(socket, 'room:join', {
			room: 'leaderboard',
			after: joined.latestSeq
		});
		expect(answer.complete).toBe(true);
		expect(answer.events).toHaveLength(50);
		expect(answer.events.map((e) => (e.payload as { n: number }).n)).toEqual(
			Array.from({ length: 50 }, (_, i) => 100 + i)
		);
		socket.close();
	});

	it('tells a client to reload when the log no longer reaches back', async () => {
		const { socket } = await signedInClient(adaId);
		await publishEvents('leaderboard', 3);
		const [oldest] = await testDb.db
			.select()
			.from(roomEvent)
			.where(eq(roomEvent.room, 'leaderboard'))
			.limit(1);
		await testDb.db
			.delete(roomEvent)
			.where(and(eq(roomEvent.room, 'leaderboard'), eq(roomEvent.seq, oldest.seq + 1)));
		const answer = await ask<{ complete: boolean }>(socket, 'room:join', {
			room: 'leaderboard',
			after: oldest.seq
		});
		expect(answer.complete).toBe(false);
		socket.close();
	});
});

describe('pruning', () => {
	it('keeps the newest events of a room and then tells late clients to reload', async () => {
		await publishEvents('online', 30);
		const before = await eventsAfter('online', 0);
		expect(before.complete).toBe(true);
		await pruneEvents(30, 10);
		const kept = await testDb.db.select().from(roomEvent).where(eq(roomEvent.room, 'online'));
		expect(kept).toHaveLength(10);
		expect((await eventsAfter('online', before.latestSeq - 10)).complete).toBe(true);
		expect((await eventsAfter('online', 0)).complete).toBe(false);
	});
});

describe('sessions', () => {
	it('a revoked session loses its socket within 5 seconds', async () => {
		const { socket, sessionId } = await signedInClient(bobId);
		let ended = false;
		let gone = false;
		socket.on('session:ended', () => (ended = true));
		socket.on('disconnect', () => (gone = true));
		const revokedAt = Date.now();
		await invalidateSession(sessionId);
		await until(() => gone, 5_000, 'the disconnect');
		expect(Date.now() - revokedAt).toBeLessThan(5_000);
		expect(ended).toBe(true);
		// And it cannot come back with the same cookie.
		socket.close();
	});

	it('a deactivated person loses every socket', async () => {
		const carol = (
			await signUp({
				name: 'Carol',
				email: 'carol@example.com',
				password: 'sunny meadow 42',
				inviteToken: await createInvitation(adaId, {})
			})
		).id;
		const tabs = [await signedInClient(carol), await signedInClient(carol)];
		const gone = tabs.map(() => false);
		tabs.forEach((t, i) => t.socket.on('disconnect', () => (gone[i] = true)));
		await deactivatePerson(adaId, carol);
		await until(() => gone.every(Boolean), 5_000, 'both disconnects');
		const retry = client(server.url, { cookie: tabs[0].cookie });
		await expect(connected(retry)).rejects.toThrow('unauthenticated');
		retry.close();
	});
});

describe('commands', () => {
	registerCommand('test.note', {
		schema: z.object({ text: z.string().min(1, 'Write something.').max(100) }),
		handle: async ({ record, person, payload }) => {
			const event = await untyped(record)(
				'leaderboard',
				'test.note',
				{ text: payload.text },
				person.id
			);
			return { seq: event.seq };
		}
	});

	it('a retried command is applied once and gets the original answer', async () => {
		const { socket } = await signedInClient(adaId);
		const id = crypto.randomUUID();
		const command = { id, type: 'test.note', payload: { text: 'hello' } };
		const answers = await Promise.all([
			ask(socket, 'command', command),
			ask(socket, 'command', command)
		]);
		const again = await ask(socket, 'command', command);
		const first = answers.find((a) => a.replayed === false);
		expect(first).toBeTruthy();
		for (const answer of [...answers, again])
			expect(answer).toMatchObject({ ok: true, result: first!.result });
		const notes = await testDb.db.select().from(roomEvent).where(eq(roomEvent.type, 'test.note'));
		expect(notes).toHaveLength(1);
		socket.close();
	});

	it('answers bad input and unknown commands with typed errors and changes nothing', async () => {
		const { socket } = await signedInClient(adaId);
		expect(
			await ask(socket, 'command', {
				id: crypto.randomUUID(),
				type: 'test.note',
				payload: { text: '' }
			})
		).toEqual({
			ok: false,
			code: 'invalid',
			message: 'Some fields need attention.',
			fields: { text: 'Write something.' }
		});
		expect(
			await ask(socket, 'command', { id: 'short', type: 'test.note', payload: {} })
		).toMatchObject({ code: 'invalid' });
		expect(
			await ask(socket, 'command', { id: crypto.randomUUID(), type: 'nope', payload: {} })
		).toMatchObject({
			code: 'not_found'
		});
		const notes = await testDb.db.select().from(roomEvent).where(eq(roomEvent.type, 'test.note'));
		expect(notes).toHaveLength(1);
		socket.close();
	});

	it('a flooding client is throttled while others in the room are answered', async () => {
		const flooder = await signedInClient(bobId);
		const other = await signedInClient(adaId);
		await ask(other.socket, 'room:join', { room: 'online' });
		const flood = Array.from({ length: 120 }, () =>
			ask(flooder.socket, 'room:presence', { room: 'online' }).catch(() => ({ code: 'timeout' }))
		);
		const otherAnswer = await ask(other.socket, 'room:presence', { room: 'online' });
		const answers = await Promise.all(flood);
		expect(
			answers.filter((a) => (a as { code?: string }).code === 'rate_limited').length
		).toBeGreaterThan(50);
		expect(otherAnswer).toMatchObject({ ok: true });
		flooder.socket.close();
		other.socket.close();
	});
});

describe('presence', () => {
	/** What a page shows: the answer to `room:presence`, then every update pushed since. */
	function watchPresence(socket: ReturnType<typeof client>, room: string) {
		let view: PresenceSnapshot = NOBODY;
		const updates: PresenceUpdate[] = [];
		socket.on('room:presence', (u: PresenceUpdate) => {
			if (u.room !== room) return;
			updates.push(u);
			view = applyPresence(view, u);
		});
		return {
			updates,
			async ask() {
				view = await ask<PresenceSnapshot>(socket, 'room:presence', { room });
				return view;
			},
			names: () => view.members.map((m) => m.name).join(),
			count: () => view.count
		};
	}

	it('shows who is in a room and drops people who leave', async () => {
		const ada = await signedInClient(adaId);
		const bob = await signedInClient(bobId);
		const seen = watchPresence(ada.socket, 'online');
		await ask(ada.socket, 'room:join', { room: 'online' });
		await ask(bob.socket, 'room:join', { room: 'online' });
		const both = await seen.ask();
		expect(both.members.map((m) => m.name)).toEqual(['Ada Admin', 'Bob Member']);
		expect(both.count).toBe(2);
		bob.socket.close();
		await until(() => seen.names() === 'Ada Admin', 5_000, 'the presence update');
		expect(seen.count()).toBe(1);
		// A delta names who left, not the whole list again.
		expect(seen.updates.at(-1)?.left).toEqual([bobId]);
		expect(seen.updates.at(-1)?.members).toBeUndefined();
		ada.socket.close();
	});

	it('announces an arrival once and keeps a person with another tab open', async () => {
		const ada = await signedInClient(adaId);
		const seen = watchPresence(ada.socket, 'online');
		await ask(ada.socket, 'room:join', { room: 'online' });
		await seen.ask();
		const tabs = [await signedInClient(bobId), await signedInClient(bobId)];
		for (const tab of tabs) await ask(tab.socket, 'room:join', { room: 'online' });
		await until(() => seen.names() === 'Ada Admin,Bob Member', 5_000, 'Bob arriving');
		const arrivals = seen.updates.flatMap((u) => u.joined ?? []).map((m) => m.name);
		expect(arrivals.filter((name) => name === 'Bob Member')).toHaveLength(1);
		// One of Bob's tabs closes: he is still here.
		tabs[0].socket.close();
		await new Promise((r) => setTimeout(r, 800));
		expect(seen.names()).toBe('Ada Admin,Bob Member');
		expect((await seen.ask()).count).toBe(2);
		tabs[1].socket.close();
		await until(() => seen.names() === 'Ada Admin', 5_000, 'Bob leaving');
		ada.socket.close();
	});
});

describe.runIf(process.env.REDIS_URL)('several nodes on one Redis', () => {
	it('presence: a person with tabs on two nodes stays until their last tab goes', async () => {
		const prefix = `tandem-presence-${process.pid}`;
		const options = { redisUrl: process.env.REDIS_URL, redisPrefix: prefix };
		const nodeA = await startTestServer(0, options);
		const nodeB = await startTestServer(0, options);
		try {
			const ada = client(nodeA.url, { cookie: (await sessionCookie(adaId)).cookie });
			const bobOnA = client(nodeA.url, { cookie: (await sessionCookie(bobId)).cookie });
			const bobOnB = client(nodeB.url, { cookie: (await sessionCookie(bobId)).cookie });
			await Promise.all([connected(ada), connected(bobOnA), connected(bobOnB)]);
			let view: PresenceSnapshot = NOBODY;
			ada.on('room:presence', (u: PresenceUpdate) => (view = applyPresence(view, u)));
			for (const socket of [ada, bobOnA, bobOnB])
				await ask(socket, 'room:join', { room: 'online' });
			view = await ask<PresenceSnapshot>(ada, 'room:presence', { room: 'online' });
			expect(view).toMatchObject({ count: 2 });
			// Bob's tab on node A closes; his tab on node B keeps him here.
			bobOnA.close();
			await new Promise((r) => setTimeout(r, 1_000));
			expect(view.members.map((m) => m.name)).toEqual(['Ada Admin', 'Bob Member']);
			bobOnB.close();
			await until(() => view.count === 1, 5_000, 'Bob gone from node B');
			expect(view.members.map((m) => m.name)).toEqual(['Ada Admin']);
			ada.close();
		} finally {
			await nodeA.close();
			await nodeB.close();
		}
	});

	it('a broadcast from one node reaches clients on both', async () => {
		const prefix = `tandem-test-${process.pid}`;
		const nodeA = await startTestServer(0, {
			redisUrl: process.env.REDIS_URL,
			redisPrefix: prefix
		});
		const nodeB = await startTestServer(0, {
			redisUrl: process.env.REDIS_URL,
			redisPrefix: prefix
		});
		try {
			const onA = client(nodeA.url, { cookie: (await sessionCookie(adaId)).cookie });
			const onB = client(nodeB.url, { cookie: (await sessionCookie(bobId)).cookie });
			await Promise.all([connected(onA), connected(onB)]);
			const got = { a: [] as WireEvent[], b: [] as WireEvent[] };
			onA.on('room:event', (e: WireEvent) => got.a.push(e));
			onB.on('room:event', (e: WireEvent) => got.b.push(e));
			await ask(onA, 'room:join', { room: 'leaderboard' });
			await ask(onB, 'room:join', { room: 'leaderboard' });
			// Presence sees both nodes' members.
			const members = await ask<{ members: { name: string }[] }>(onA, 'room:presence', {
				room: 'leaderboard'
			});
			expect(members.members.map((m) => m.name)).toEqual(['Ada Admin', 'Bob Member']);

			await publishEvents('leaderboard', 3, 500);
			await until(() => got.a.length === 3 && got.b.length === 3, 5_000, 'events on both nodes');
			expect(got.a.map((e) => e.seq)).toEqual(got.b.map((e) => e.seq));

			// Node B goes away: its people drop out of presence as seen from node A.
			await nodeB.close();
			const after = await ask<{ members: { name: string }[] }>(onA, 'room:presence', {
				room: 'leaderboard'
			});
			expect(after.members.map((m) => m.name)).toEqual(['Ada Admin']);
			onA.close();
			onB.close();
		} finally {
			await nodeA.close();
			await nodeB.close().catch(() => {});
		}
	});
});
