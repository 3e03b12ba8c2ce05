// Triage over the socket: the same rules as the forms, with real socket.io clients. A
// participant's hand-made triage command is refused and changes nothing.
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashSchema, bugSchema } from '../../src/lib/bugbash/schemas';
import { createBash, logBug, startBash } from '../../src/lib/server/bugbash';
import { bug } from '../../src/lib/server/bugbash/schema';
import { balanceOf } from '../../src/lib/server/ledger';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson } from '../helpers/ledger';
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
let organiser: number;
let participant: number;
let bashId: number;
const sockets: Socket[] = [];

async function socketOf(personId: number): Promise<Socket> {
	const { cookie } = await sessionCookie(personId);
	const socket = client(server.url, { cookie, origin: `http://127.0.0.1:${server.port}` });
	sockets.push(socket);
	await connected(socket);
	return socket;
}

async function statusOf(bugId: number) {
	const [row] = await testDb.db.select().from(bug).where(eq(bug.id, bugId));
	return row.status;
}

beforeAll(async () => {
	testDb = await createTestDatabase();
	server = await startTestServer();
	organiser = await addPerson(testDb, 'Olive Organiser');
	participant = await addPerson(testDb, 'Pat Participant');
	bashId = await createBash(
		organiser,
		bashSchema.parse({
			title: 'Socket bash',
			feature: 'Live triage',
			startsAt: new Date(),
			endsAt: new Date(Date.now() + 3_600_000)
		})
	);
	await startBash(organiser, bashId);
});
afterAll(async () => {
	sockets.forEach((s) => s.disconnect());
	await server?.close();
	await testDb?.destroy();
});

describe('triage commands', () => {
	it('refuses a participant, and accepts for an organiser with the board told live', async () => {
		const { bugId } = await logBug(
			participant,
			bashId,
			bugSchema.parse({
				clientKey: crypto.randomUUID(),
				title: 'Search results flicker',
				area: 'Search',
				severity: 'high',
				steps: 'Type quickly in the search box',
				expected: 'Stable results',
				actual: 'They flicker'
			})
		);
		const pat = await socketOf(participant);
		const olive = await socketOf(organiser);
		const triage = { bugId, triage: { kind: 'accepted' } };

		const refused = await ask(pat, 'command', {
			id: crypto.randomUUID(),
			type: 'bugbash.triage',
			payload: triage
		});
		expect(refused).toMatchObject({
			ok: false,
			code: 'refused',
			message: 'Only the organisers of this bash can do that.'
		});
		expect(await statusOf(bugId)).toBe('new');

		const seen: string[] = [];
		pat.on('room:event', (event: { type: string }) => seen.push(event.type));
		expect(await ask(pat, 'room:join', { room: `bugbash:${bashId}` })).toMatchObject({ ok: true });
		const accepted = await ask(olive, 'command', {
			id: crypto.randomUUID(),
			type: 'bugbash.triage',
			payload: triage
		});
		expect(accepted).toMatchObject({ ok: true, result: { bugId, status: 'accepted' } });
		expect(await statusOf(bugId)).toBe('accepted');
		expect(await balanceOf(participant)).toBe(5 + 2);
		await until(() => seen.includes('bug.triaged'), 5_000, 'the live triage event');

		const undo = await ask(pat, 'command', {
			id: crypto.randomUUID(),
			type: 'bugbash.undo',
			payload: { bugId }
		});
		expect(undo).toMatchObject({ ok: false, code: 'refused' });
		expect(await balanceOf(participant)).toBe(7);
	});

	it('answers bad input with a typed error', async () => {
		const olive = await socketOf(organiser);
		const answer = await ask(olive, 'command', {
			id: crypto.randomUUID(),
			type: 'bugbash.triage',
			payload: { bugId: 'x', triage: { kind: 'maybe' } }
		});
		expect(answer).toMatchObject({ ok: false, code: 'invalid' });
	});
});
