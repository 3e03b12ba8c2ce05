// Hostile input over the socket, with real socket.io clients and a real database: text
// with a NUL character (PostgreSQL refuses it in text) and ids beyond an `integer` are
// refused as bad input, like a form's body, and nothing is stored.
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashSchema, bugSchema } from '../../src/lib/bugbash/schemas';
import { createBash, logBug, startBash } from '../../src/lib/server/bugbash';
import { bug, bugDecision } from '../../src/lib/server/bugbash/schema';
import { NUL_REFUSED } from '../../src/lib/server/form-input';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson } from '../helpers/ledger';
import {
	ask,
	client,
	connected,
	sessionCookie,
	startTestServer,
	type TestServer
} from '../helpers/realtime';

let testDb: TestDatabase;
let server: TestServer;
let organiser: number;
let bugId: number;
let olive: Socket;

async function stored() {
	const [row] = await testDb.db.select().from(bug).where(eq(bug.id, bugId));
	const decisions = await testDb.db.select().from(bugDecision).where(eq(bugDecision.bugId, bugId));
	return { status: row.status, decisions: decisions.length };
}

function triage(triage: Record<string, unknown>, id: string = crypto.randomUUID()) {
	return ask(olive, 'command', { id, type: 'bugbash.triage', payload: { bugId, triage } });
}

beforeAll(async () => {
	testDb = await createTestDatabase();
	server = await startTestServer();
	organiser = await addPerson(testDb, 'Olive Organiser');
	const reporter = await addPerson(testDb, 'Pat Participant');
	const bashId = await createBash(
		organiser,
		bashSchema.parse({
			title: 'Hostile bash',
			feature: 'Input checks',
			startsAt: new Date(),
			endsAt: new Date(Date.now() + 3_600_000)
		})
	);
	await startBash(organiser, bashId);
	({ bugId } = await logBug(
		reporter,
		bashId,
		bugSchema.parse({
			clientKey: crypto.randomUUID(),
			title: 'Export button does nothing',
			area: 'Reports',
			severity: 'low',
			steps: 'Open reports, press Export',
			expected: 'A CSV',
			actual: 'Nothing'
		})
	));
	const { cookie } = await sessionCookie(organiser);
	olive = client(server.url, { cookie, origin: `http://127.0.0.1:${server.port}` });
	await connected(olive);
});

afterAll(async () => {
	olive?.disconnect();
	await server?.close();
	await testDb?.destroy();
});

describe('socket commands', () => {
	it('refuse text with a NUL as bad input and store nothing', async () => {
		const answer = await triage({ kind: 'not_a_bug', reason: 'Works as\u0000 designed' });
		expect(answer).toEqual({ ok: false, code: 'invalid', message: NUL_REFUSED });
		const inKey = await triage({ kind: 'not_a_bug', reason: 'fine' }, 'retry-key\u0000x');
		expect(inKey).toMatchObject({ ok: false, code: 'invalid', message: NUL_REFUSED });
		expect(await stored()).toEqual({ status: 'new', decisions: 0 });
	});

	it('refuse a duplicate of an id beyond an integer column as bad input', async () => {
		for (const duplicateOfId of ['99999999999', 99_999_999_999, '1.5', 'abc']) {
			const answer = await triage({ kind: 'duplicate', duplicateOfId });
			expect(answer).toMatchObject({
				ok: false,
				code: 'invalid',
				fields: { 'triage.duplicateOfId': 'Choose the original bug.' }
			});
		}
		expect(await stored()).toEqual({ status: 'new', decisions: 0 });
	});

	it('take the same decision once the text is clean', async () => {
		const answer = await triage({ kind: 'not_a_bug', reason: 'Works as designed' });
		expect(answer).toMatchObject({ ok: true });
		expect(await stored()).toEqual({ status: 'not_a_bug', decisions: 1 });
	});
});
