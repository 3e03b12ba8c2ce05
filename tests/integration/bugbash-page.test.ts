// The live board page's prepared reads (issue 18, item 2) answer exactly what the
// statements they replace answered, on the demo workspace (bashes with bugs, comments,
// confirmations, organisers, participants and standings), and follow later changes: the
// board read at one log position is shared, and read again once the room moves on.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	bashPageBody,
	bashPageHead,
	bashRoom,
	bashWithOrganisers,
	boardOf,
	isParticipant,
	joinBash,
	logBug,
	standingsOf
} from '../../src/lib/server/bugbash';
import { rowsOf } from '../../src/lib/server/db/client';
import { latestSeq } from '../../src/lib/server/realtime';
import { seedDemoWorkspace } from '../../src/lib/server/seed';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { bugReport } from '../helpers/reports';

let testDb: TestDatabase;
let bashes: number[];
let people: number[];

beforeAll(async () => {
	testDb = await createTestDatabase();
	await seedDemoWorkspace();
	bashes = (await rowsOf<{ id: number }>(testDb.db, sql`select id from bug_bash order by id`)).map(
		(r) => Number(r.id)
	);
	people = (
		await rowsOf<{ id: number }>(testDb.db, sql`select id from person order by id limit 12`)
	).map((r) => Number(r.id));
}, 300_000);

afterAll(async () => {
	await testDb?.destroy();
});

describe('the live board page in prepared statements', () => {
	it('answers what the separate reads answer, for every demo bash', async () => {
		expect(bashes.length).toBeGreaterThan(1);
		let bugsSeen = 0;
		let commented = 0;
		for (const bashId of bashes) {
			const after = await latestSeq(bashRoom(bashId));
			const { bugs: board, standings } = await bashPageBody(bashId, after);
			expect(board).toEqual(await boardOf(bashId));
			bugsSeen += board.length;
			commented += board.filter((b) => b.comments > 0).length;
			expect(standings).toEqual(await standingsOf(bashId));
			for (const personId of people) {
				const head = await bashPageHead(bashId, personId);
				expect(head?.bash).toEqual(await bashWithOrganisers(bashId));
				expect(head?.joined).toBe(await isParticipant(personId, bashId));
				expect(head?.after).toBe(await latestSeq(bashRoom(bashId)));
			}
		}
		// The comparison meant something: bugs, comments and participants were there.
		expect(bugsSeen).toBeGreaterThan(5);
		expect(commented).toBeGreaterThan(0);
	});

	it('answers null for a bash that does not exist', async () => {
		expect(await bashPageHead(999_999, people[0])).toBeNull();
		expect((await bashPageBody(999_999, 0)).bugs).toEqual([]);
	});

	it('follows a change made after the statement was first prepared', async () => {
		const live = (
			await rowsOf<{ id: number }>(testDb.db, sql`select id from bug_bash where state = 'live'`)
		).map((r) => Number(r.id));
		expect(live.length).toBeGreaterThan(0);
		const bashId = live[0];
		const newcomer = (
			await rowsOf<{ id: number }>(
				testDb.db,
				sql`select p.id from person p where not exists (select 1 from bug_bash_participant bp
					where bp.bash_id = ${bashId} and bp.person_id = p.id) order by p.id limit 1`
			)
		).map((r) => Number(r.id))[0];
		expect(newcomer).toBeDefined();
		expect((await bashPageHead(bashId, newcomer))?.joined).toBe(false);
		await joinBash(newcomer, bashId);
		expect((await bashPageHead(bashId, newcomer))?.joined).toBe(true);
	});

	it('shares one read of the board at a log position, and reads again after an event', async () => {
		const [bashId] = (
			await rowsOf<{ id: number }>(testDb.db, sql`select id from bug_bash where state = 'live'`)
		).map((r) => Number(r.id));
		const reporter = people[1];
		await joinBash(reporter, bashId);
		const before = (await bashPageHead(bashId, reporter))!.after;
		// The same position: the same read, however many viewers load the page.
		const first = await bashPageBody(bashId, before);
		expect(await bashPageBody(bashId, before)).toBe(first);

		const { areas } = (await bashPageHead(bashId, reporter))!.bash;
		const report = bugReport('Export button does nothing', areas.length ? { area: areas[0] } : {});
		const { bugId } = await logBug(reporter, bashId, report);
		const after = (await bashPageHead(bashId, reporter))!.after;
		expect(after).toBeGreaterThan(before);
		const next = await bashPageBody(bashId, after);
		expect(next.bugs.map((b) => b.id)).toContain(bugId);
		expect(next.bugs).toEqual(await boardOf(bashId));
	});
});
