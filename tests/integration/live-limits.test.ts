// The live layer under attack and fault: catch-up stays consistent while others write and
// comes in pages, a socket that does not read is cut, sockets are capped per sign-in and
// per person, joins cost more than small requests, every join and command checks the
// session, and a hidden kudos cannot be read back from the log. Real Socket.IO server,
// real socket.io-client connections, real database.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JoinResult, WireEvent } from '../../src/lib/realtime/contract';
import { FeedOrder } from '../../src/lib/realtime/feed-order';
import { kudosSchema } from '../../src/lib/kudos/schemas';
import { changePassword, createInvitation, signUp } from '../../src/lib/server/auth/accounts';
import { invalidateAllSessions } from '../../src/lib/server/auth/session';
import { companyValue } from '../../src/lib/server/kudos/schema';
import { roomEvent } from '../../src/lib/server/realtime/schema';
import { giveKudos, hideKudos, KUDOS_ROOM } from '../../src/lib/server/kudos';
import { deactivatePerson } from '../../src/lib/server/org/people';
import { registerCommand } from '../../src/lib/server/realtime/commands';
import { eventsAfter, latestSeq, withEvents } from '../../src/lib/server/realtime/events';
import { liveLimits } from '../../src/lib/server/realtime/limits';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson } from '../helpers/ledger';
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
let adminId: number;
let memberId: number;
const defaults = { ...liveLimits };

beforeAll(async () => {
	testDb = await createTestDatabase();
	adminId = (
		await signUp({ name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' })
	).id;
	memberId = await addPerson(testDb, 'Max Member');
	server = await startTestServer();
});

afterAll(async () => {
	Object.assign(liveLimits, defaults);
	await server?.close();
	await testDb?.destroy();
});

async function signedIn(personId: number, cookie?: string) {
	const session = cookie ? { cookie } : await sessionCookie(personId);
	const socket = client(server.url, { cookie: session.cookie });
	await connected(socket);
	return { socket, cookie: session.cookie };
}

async function record(room: string, count: number, payload: (n: number) => object) {
	await withEvents(async (_tx, rec) => {
		for (let n = 0; n < count; n++) await untyped(rec)(room, 'test.tick', payload(n));
	});
}

/** A catch-up answer must be whole: contiguous from `after`, ending at the latest seq. */
function expectConsistent(answer: JoinResult<WireEvent>, after: number) {
	expect(answer.complete).toBe(true);
	answer.events.forEach((e, i) => expect(e.seq).toBe(after + 1 + i));
	const last = answer.events.at(-1)?.seq;
	if (last === undefined) expect(after).toBeGreaterThanOrEqual(answer.latestSeq);
	else expect(last).toBeLessThanOrEqual(answer.latestSeq);
	if (!answer.more && last !== undefined) expect(last).toBe(answer.latestSeq);
}

describe('consistent catch-up', () => {
	it('answers whole pages while three writers commit, and a client applies each event once', async () => {
		const room = 'leaderboard';
		const { socket } = await signedIn(memberId);
		const start = await ask<JoinResult<WireEvent>>(socket, 'room:join', { room, after: 0 });
		const order = new FeedOrder<WireEvent>(start.latestSeq);
		const applied = new Map<number, number>();
		const apply = (events: WireEvent[]) =>
			events.forEach((e) => applied.set(e.seq, (applied.get(e.seq) ?? 0) + 1));
		socket.on('room:event', (e: WireEvent) => apply(order.receive(e)));

		let writing = true;
		const writers = Promise.all(
			[0, 1, 2].map(async (w) => {
				for (let i = 0; i < 40; i++)
					await withEvents((_tx, rec) => untyped(rec)(room, 'test.tick', { w, i }));
			})
		).finally(() => (writing = false));

		// The server's answer, asked as fast as it goes while the writers commit.
		let checked = 0;
		const reader = (async () => {
			while (writing) {
				const after = Math.max(0, start.latestSeq + (checked % 60));
				expectConsistent(await eventsAfter(room, after), after);
				checked++;
			}
		})();
		// And a real client pulling pages over its socket, as the browser's feed does.
		const puller = (async () => {
			while (writing) {
				const after = order.lastSeq!;
				const answer = await ask<JoinResult & { ok: boolean }>(socket, 'room:resync', {
					room,
					after
				});
				expect(answer.ok).toBe(true);
				expectConsistent(answer, after);
				apply(order.catchUp(answer).apply);
				await new Promise((r) => setTimeout(r, 250));
			}
		})();
		await Promise.all([writers, reader, puller]);
		const final = start.latestSeq + 120;
		const last = await ask<JoinResult<WireEvent>>(socket, 'room:resync', {
			room,
			after: order.lastSeq
		});
		apply(order.catchUp(last).apply);
		await until(() => order.lastSeq === final, 5_000, 'every event');
		expect(checked).toBeGreaterThan(0);
		expect([...applied.keys()].sort((a, b) => a - b)).toEqual(
			Array.from({ length: 120 }, (_, i) => start.latestSeq + 1 + i)
		);
		expect([...applied.values()].every((times) => times === 1)).toBe(true);
		socket.close();
	});
});

describe('bounded catch-up', () => {
	it('answers a long absence in pages of 200 that the client asks for in turn', async () => {
		const room = `user:${memberId}`;
		await record(room, 450, (n) => ({ n }));
		const { socket } = await signedIn(memberId);
		const first = await ask<JoinResult<WireEvent>>(socket, 'room:join', { room, after: 0 });
		expect(first).toMatchObject({ complete: true, more: true, latestSeq: 450 });
		expect(first.events.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
		const second = await ask<JoinResult<WireEvent>>(socket, 'room:resync', { room, after: 200 });
		expect(second.events).toHaveLength(200);
		expect(second.more).toBe(true);
		const third = await ask<JoinResult<WireEvent>>(socket, 'room:resync', { room, after: 400 });
		expect(third.events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 401));
		expect(third.more).toBe(false);
		socket.close();
	});

	it('disconnects a socket that stops reading, and the room carries on', async () => {
		const room = `user:${adminId}`;
		await record(room, 300, (n) => ({ n, filler: 'x'.repeat(8_000) }));
		liveLimits.maxUnsentBytes = 256 * 1024;
		try {
			const reader = await signedIn(adminId);
			const stalled = await signedIn(adminId);
			await ask(reader.socket, 'room:join', { room });
			await ask(stalled.socket, 'room:join', { room });
			// The client stops reading its TCP socket; its requests still go out.
			const transport = stalled.socket.io.engine.transport as unknown as {
				ws: { _socket: { pause(): void } };
			};
			transport.ws._socket.pause();
			const onServer = () => server.io.of('/').sockets.has(stalled.socket.id!);
			expect(onServer()).toBe(true);
			const started = Date.now();
			while (onServer() && Date.now() - started < 20_000) {
				stalled.socket.emit('room:resync', { room, after: 0 }, () => {});
				await new Promise((r) => setTimeout(r, 260));
			}
			expect(onServer()).toBe(false);
			// Everyone else is still served, live.
			const live: WireEvent[] = [];
			reader.socket.on('room:event', (e: WireEvent) => live.push(e));
			await record(room, 1, () => ({ n: 'after' }));
			await until(() => live.length === 1, 5_000, 'the live event');
			reader.socket.close();
			stalled.socket.close();
		} finally {
			liveLimits.maxUnsentBytes = defaults.maxUnsentBytes;
		}
	});

	it('refuses the 11th socket of one sign-in and the 21st of one person, with a clear error', async () => {
		const first = await sessionCookie(memberId);
		const tabs = await Promise.all(
			Array.from({ length: 10 }, () => signedIn(memberId, first.cookie))
		);
		const extra = client(server.url, { cookie: first.cookie });
		const refused = await connected(extra).catch((err) => err);
		expect(refused.message).toBe('too_many_sockets');
		expect(refused.data.message).toBe(
			'At most 10 live tabs per sign-in: close some tabs and reload.'
		);
		extra.close();

		const second = await sessionCookie(memberId);
		tabs.push(
			...(await Promise.all(Array.from({ length: 10 }, () => signedIn(memberId, second.cookie))))
		);
		const third = client(server.url, { cookie: (await sessionCookie(memberId)).cookie });
		const overPerson = await connected(third).catch((err) => err);
		expect(overPerson.data.message).toBe(
			'At most 20 live tabs per person: close some tabs and reload.'
		);
		third.close();

		// A closed tab gives its place back.
		tabs.pop()!.socket.close();
		await until(() => server.io.of('/').sockets.size <= 19, 5_000, 'the close');
		const again = await signedIn(memberId, second.cookie);
		again.socket.close();
		for (const tab of tabs) tab.socket.close();
	});

	it('a join costs five small requests: the ninth join of a burst is refused', async () => {
		const joiner = await signedIn(adminId);
		const answers = [];
		for (let i = 0; i < 9; i++)
			answers.push(await ask(joiner.socket, 'room:join', { room: 'online' }));
		expect(answers.slice(0, 8).every((a) => a.ok === true)).toBe(true);
		expect(answers[8]).toMatchObject({ ok: false, code: 'rate_limited' });
		// A batch is costed per room it names.
		const batcher = await signedIn(adminId);
		const batch = { rooms: Array.from({ length: 9 }, () => ({ room: 'online' })) };
		expect(await ask(batcher.socket, 'room:join-many', batch)).toMatchObject({
			code: 'rate_limited'
		});
		// Small requests keep the whole burst.
		const chatty = await signedIn(adminId);
		await ask(chatty.socket, 'room:join', { room: 'online' });
		const small = await Promise.all(
			Array.from({ length: 35 }, () => ask(chatty.socket, 'room:presence', { room: 'online' }))
		);
		expect(small.every((a) => a.ok === true)).toBe(true);
		for (const s of [joiner, batcher, chatty]) s.socket.close();
	});

	it('rejoins several rooms in one request, each from its own position', async () => {
		const { socket } = await signedIn(memberId);
		const answer = await ask<{ ok: true; rooms: (JoinResult & { room: string; ok: boolean })[] }>(
			socket,
			'room:join-many',
			{
				rooms: [
					{ room: `user:${memberId}`, after: 440 },
					{ room: 'online' },
					{ room: `user:${adminId}` }
				]
			}
		);
		expect(answer.rooms.map((r) => [r.room, r.ok])).toEqual([
			[`user:${memberId}`, true],
			['online', true],
			[`user:${adminId}`, false]
		]);
		expect(answer.rooms[0].events.map((e) => e.seq)).toEqual(
			Array.from({ length: 10 }, (_, i) => 441 + i)
		);
		// A room asked without a position answers where to start from, and nothing to apply.
		const fresh = await ask<{ rooms: JoinResult[] }>(socket, 'room:join-many', {
			rooms: [{ room: `user:${memberId}` }]
		});
		expect(fresh.rooms[0]).toMatchObject({ events: [], complete: true, more: false });
		expect(fresh.rooms[0].latestSeq).toBe(await latestSeq(`user:${memberId}`));
		expect(fresh.rooms[0].latestSeq).toBeGreaterThanOrEqual(450);
		socket.close();
	});
});

describe.runIf(process.env.REDIS_URL)('socket caps across nodes sharing Redis', () => {
	it('counts one sign-in’s tabs on both nodes together, and gives a closed tab’s place back', async () => {
		const prefix = `tandem-caps-${process.pid}-${Date.now()}`;
		const options = { redisUrl: process.env.REDIS_URL, redisPrefix: prefix };
		const [nodeA, nodeB] = [await startTestServer(0, options), await startTestServer(0, options)];
		const open = async (url: string, cookie: string) => {
			const socket = client(url, { cookie });
			await connected(socket);
			return socket;
		};
		try {
			const { cookie } = await sessionCookie(memberId);
			const onA = await Promise.all(Array.from({ length: 6 }, () => open(nodeA.url, cookie)));
			const onB = await Promise.all(Array.from({ length: 4 }, () => open(nodeB.url, cookie)));
			// Each node holds fewer than ten, but the sign-in holds ten: the 11th is refused on either.
			for (const url of [nodeA.url, nodeB.url]) {
				const extra = client(url, { cookie });
				const refused = await connected(extra).catch((err) => err);
				expect(refused.data.message).toBe(
					'At most 10 live tabs per sign-in: close some tabs and reload.'
				);
				extra.close();
			}
			onA.pop()!.close();
			const started = Date.now();
			let again: Awaited<ReturnType<typeof open>> | null = null;
			while (!again && Date.now() - started < 5_000) {
				again = await open(nodeB.url, cookie).catch(() => null);
				if (!again) await new Promise((r) => setTimeout(r, 100));
			}
			expect(again?.connected).toBe(true);
			for (const socket of [...onA, ...onB, again!]) socket.close();
		} finally {
			await nodeA.close();
			await nodeB.close();
		}
	});
});

describe('the session is checked at every join and command', () => {
	registerCommand('test.live-note', {
		schema: z.object({ text: z.string() }),
		handle: async ({ record: rec, person, payload }) => {
			await untyped(rec)('leaderboard', 'test.live-note', { text: payload.text }, person.id);
			return {};
		}
	});

	async function newcomer(name: string) {
		const inviteToken = await createInvitation(adminId, {});
		const email = `${name.toLowerCase()}@example.com`;
		const password = 'long enough pass 12';
		const id = (await signUp({ name, email, password, inviteToken })).id;
		return { id, password };
	}

	/** Revokes, then at once sends a command and a join: both refused, nothing written. */
	async function expectRefusedRightAfter(
		personId: number,
		revoke: (sessionId: string) => Promise<void>
	) {
		const { cookie, sessionId } = await sessionCookie(personId);
		const commander = await signedIn(personId, cookie);
		const joiner = await signedIn(personId, cookie);
		const text = `after revocation ${personId}`;
		await revoke(sessionId);
		const [command, join] = await Promise.all([
			ask(commander.socket, 'command', {
				id: crypto.randomUUID(),
				type: 'test.live-note',
				payload: { text }
			}),
			ask(joiner.socket, 'room:join', { room: 'online' })
		]);
		for (const answer of [command, join])
			expect(answer).toMatchObject({ ok: false, code: 'unauthenticated' });
		await until(
			() => !commander.socket.connected && !joiner.socket.connected,
			2_000,
			'the disconnects'
		);
		const notes = await testDb.db
			.select()
			.from(roomEvent)
			.where(eq(roomEvent.type, 'test.live-note'));
		expect(notes.filter((n) => (n.payload as { text: string }).text === text)).toEqual([]);
		commander.socket.close();
		joiner.socket.close();
	}

	it('a command works while the session lives', async () => {
		const { socket } = await signedIn(memberId);
		const answer = await ask(socket, 'command', {
			id: crypto.randomUUID(),
			type: 'test.live-note',
			payload: { text: 'still here' }
		});
		expect(answer).toMatchObject({ ok: true });
		// It was written, so the refusals below, which find nothing written, mean something.
		const notes = await testDb.db
			.select({ payload: roomEvent.payload, actorId: roomEvent.actorId })
			.from(roomEvent)
			.where(eq(roomEvent.type, 'test.live-note'));
		expect(notes).toContainEqual({ payload: { text: 'still here' }, actorId: memberId });
		socket.close();
	});

	it('after signing out everywhere', async () => {
		const { id } = await newcomer('Sigrid');
		await expectRefusedRightAfter(id, () => invalidateAllSessions(id));
	});

	it('after the person is deactivated', async () => {
		const { id } = await newcomer('Dora');
		await expectRefusedRightAfter(id, () => deactivatePerson(adminId, id));
	});

	it('after a password change made in another browser', async () => {
		const { id, password } = await newcomer('Pavel');
		const otherBrowser = await sessionCookie(id);
		await expectRefusedRightAfter(id, () =>
			changePassword(id, password, 'a brand new secret 99', otherBrowser.sessionId)
		);
	});
});

describe('hidden data in the log', () => {
	it('a hidden kudos cannot be read by joining the wall from seq 0', async () => {
		const [{ id: valueId }] = await testDb.db.select({ id: companyValue.id }).from(companyValue);
		const kudosFor = (message: string) =>
			kudosSchema.parse({
				clientKey: crypto.randomUUID(),
				recipientIds: [memberId],
				message,
				valueId,
				points: 5
			});
		const hidden = await giveKudos(adminId, kudosFor('Secret: the Globex outage was my fault'));
		await giveKudos(adminId, kudosFor('Thanks for the calm release night'));
		await hideKudos(adminId, hidden.kudosId, 'Not for the wall');

		const { socket } = await signedIn(memberId);
		const joined = await ask<JoinResult<WireEvent>>(socket, 'room:join', {
			room: KUDOS_ROOM,
			after: 0
		});
		expect(joined.complete).toBe(true);
		const log = JSON.stringify(joined.events);
		expect(log).not.toContain('Globex');
		expect(log).toContain('calm release night');
		// The hidden kudos's events keep their place in the log (no gap, no reload), empty.
		const about = joined.events.filter(
			(e) => (e.payload as { kudosId?: number }).kudosId === hidden.kudosId
		);
		expect(about.map((e) => e.type)).toEqual(['kudos.given', 'kudos.hidden']);
		expect(about[0].payload).toEqual({ kudosId: hidden.kudosId, redacted: true });
		expect(about[0].actorId).toBeNull();
		socket.close();
	});
});
