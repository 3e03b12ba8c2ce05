// Migrations that move data keep it: a workspace created before the module kit (a bug
// escalated, files on the bug and on the escalation) reads the same after migrating.
import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';
import { attachmentsOfBug, commentsOf, deleteBugComment } from '../../src/lib/server/bugbash';
import {
	attachmentsOfEscalation,
	commentsOf as escalationComments
} from '../../src/lib/server/escalations';
import { reactionCounts } from '../../src/lib/server/reactions';
import type { TestDatabase } from '../helpers/db';
import { testDatabaseAt } from '../helpers/migrations';

/** The last migration released before the module kit. */
const BEFORE_MODULE_KIT = '0007_kudos_and_rewards';

let testDb: TestDatabase;
let oldFolder: string;
const ids = {
	person: 0,
	other: 0,
	bug: 0,
	escalation: 0,
	ownFile: 0,
	bugFile: 0,
	bugComments: [] as number[],
	escalationComment: 0,
	kudos: 0
};

beforeAll(async () => {
	({ testDb, folder: oldFolder } = await testDatabaseAt(BEFORE_MODULE_KIT));
	const run = <T>(query: ReturnType<typeof sql>) => rowsOf<T>(testDb.db, query);
	const [{ id: personId }] = await run<{ id: number }>(
		sql`insert into person (email, name, password_hash, role) values ('erin@x.test', 'Erin', 'x', 'admin') returning id`
	);
	const [{ id: otherId }] = await run<{ id: number }>(
		sql`insert into person (email, name, password_hash) values ('sam@x.test', 'Sam', 'x') returning id`
	);
	ids.person = personId;
	ids.other = otherId;
	const [{ id: bashId }] = await run<{ id: number }>(
		sql`insert into bug_bash (title, feature, starts_at, ends_at, scoring, created_by_id)
			values ('Old bash', 'Billing', now(), now() + interval '1 hour', '{}'::jsonb, ${personId})
			returning id`
	);
	[{ id: ids.bug }] = await run<{ id: number }>(
		sql`insert into bug (bash_id, reporter_id, client_key, title, area, severity, steps, expected, actual)
			values (${bashId}, ${personId}, 'k-bug-1', 'Refund missing', 'Billing', 'high', 'Open it', 'A button', 'None')
			returning id`
	);
	[{ id: ids.escalation }] = await run<{ id: number }>(
		sql`insert into escalation (client_key, title, steps, expected, actual, severity, reporter_id, bug_id)
			values ('k-esc-1', 'Refund missing', 'Open it', 'A button', 'None', 'high', ${personId}, ${ids.bug})
			returning id`
	);
	// A file logged with the bug and shared with the escalation, and one of the escalation's own.
	[{ id: ids.bugFile }] = await run<{ id: number }>(
		sql`insert into attachment (bug_id, escalation_id, uploader_id, file_name, content_type, size, data)
			values (${ids.bug}, ${ids.escalation}, ${personId}, 'cart.log', 'text/plain', 3, 'abc'::bytea)
			returning id`
	);
	[{ id: ids.ownFile }] = await run<{ id: number }>(
		sql`insert into attachment (escalation_id, uploader_id, file_name, content_type, size, data)
			values (${ids.escalation}, ${personId}, 'ticket.txt', 'text/plain', 2, 'hi'::bytea)
			returning id`
	);
	// Comments on both, interleaved in time, with the room events and history naming them.
	const bugComment = (author: number, body: string, minutesAgo: number) =>
		run<{ id: number }>(
			sql`insert into bug_comment (bug_id, author_id, body, created_at)
				values (${ids.bug}, ${author}, ${body}, now() - make_interval(mins => ${minutesAgo}))
				returning id`
		);
	ids.bugComments.push((await bugComment(otherId, 'First on the bug', 30))[0].id);
	[{ id: ids.escalationComment }] = await run<{ id: number }>(
		sql`insert into escalation_comment (escalation_id, author_id, body, created_at)
			values (${ids.escalation}, ${personId}, 'Looking into it', now() - interval '20 minutes')
			returning id`
	);
	ids.bugComments.push((await bugComment(personId, 'Second on the bug, secret 4111', 10))[0].id);
	await run(sql`insert into escalation_history (escalation_id, actor_id, change, to_value)
		values (${ids.escalation}, ${personId}, 'comment', ${String(ids.escalationComment)})`);
	await run(
		sql`insert into room_seq (room, seq) values ('bugbash:1', 1), (${`escalation:${ids.escalation}`}, 1)`
	);
	await run(sql`insert into room_event (room, seq, type, payload, actor_id) values
		('bugbash:1', 1, 'bug.commented', ${JSON.stringify({ bugId: ids.bug, commentId: ids.bugComments[1], authorId: personId, body: 'Second on the bug, secret 4111' })}::jsonb, ${personId}),
		(${`escalation:${ids.escalation}`}, 1, 'escalation.commented', ${JSON.stringify({ id: ids.escalationComment, escalationId: ids.escalation, body: 'Looking into it' })}::jsonb, ${personId})`);
	// A kudos with two reactions.
	[{ id: ids.kudos }] = await run<{ id: number }>(
		sql`insert into kudos (giver_id, client_key, message, value_id)
			values (${personId}, 'k-kudos-1', 'Thanks!', (select min(id) from company_value))
			returning id`
	);
	await run(sql`insert into kudos_reaction (kudos_id, person_id, emoji) values
		(${ids.kudos}, ${personId}, 'clap'), (${ids.kudos}, ${otherId}, 'clap'), (${ids.kudos}, ${otherId}, 'heart')`);
	await migrateDatabase(testDb);
});

afterAll(async () => {
	await testDb?.destroy();
	rmSync(oldFolder, { recursive: true, force: true });
});

describe('migrating a workspace from before the module kit', () => {
	it('keeps the link from an escalation to the bug it was promoted from, on the bug', async () => {
		const [row] = await rowsOf<{ escalation_id: number }>(
			testDb.db,
			sql`select escalation_id from bug where id = ${ids.bug}`
		);
		expect(row.escalation_id).toBe(ids.escalation);
	});

	it('keeps every file with what it belonged to', async () => {
		expect((await attachmentsOfBug(ids.bug)).map((a) => a.fileName)).toEqual(['cart.log']);
		expect((await attachmentsOfEscalation(ids.escalation)).map((a) => a.id)).toEqual([
			ids.bugFile,
			ids.ownFile
		]);
	});

	it('keeps the foreign key from a bug to its escalation (now declared in SQL only)', async () => {
		await expect(
			rowsOf(testDb.db, sql`update bug set escalation_id = 999999 where id = ${ids.bug}`)
		).rejects.toThrow();
	});

	it('moves bug and escalation comments into the one thread table, in order, with their authors', async () => {
		const bugThread = await commentsOf(ids.bug);
		expect(bugThread.map((c) => [c.authorName, c.body])).toEqual([
			['Sam', 'First on the bug'],
			['Erin', 'Second on the bug, secret 4111']
		]);
		const [escalationComment] = await escalationComments(ids.escalation);
		expect(escalationComment).toMatchObject({ authorName: 'Erin', body: 'Looking into it' });
		// New ids follow the order the comments were written in, across both owners.
		expect(bugThread[0].id).toBeLessThan(escalationComment.id);
		expect(escalationComment.id).toBeLessThan(bugThread[1].id);
		expect(bugThread[0].createdAt.getTime()).toBeLessThan(escalationComment.createdAt.getTime());
		// The history and the room logs name the new ids.
		const [history] = await rowsOf<{ to_value: string }>(
			testDb.db,
			sql`select to_value from escalation_history where escalation_id = ${ids.escalation} and change = 'comment'`
		);
		expect(history.to_value).toBe(String(escalationComment.id));
		const events = await rowsOf<{ payload: Record<string, unknown> }>(
			testDb.db,
			sql`select payload from room_event order by room`
		);
		expect(events.map((e) => e.payload.commentId).sort()).toEqual(
			[bugThread[1].id, escalationComment.id].sort()
		);
	});

	it('erases a migrated comment’s text from its old room event when it is deleted', async () => {
		const second = (await commentsOf(ids.bug))[1];
		await deleteBugComment(ids.person, ids.bug, second.id);
		const leaked = await rowsOf(
			testDb.db,
			sql`select 1 from room_event where payload::text like '%4111%'`
		);
		expect(leaked).toEqual([]);
	});

	it('moves kudos reactions into the one reaction table and drops the old tables', async () => {
		expect(await reactionCounts({ kind: 'kudos', id: ids.kudos })).toEqual({ clap: 2, heart: 1 });
		const [gone] = await rowsOf<Record<string, string | null>>(
			testDb.db,
			sql`select to_regclass('bug_comment')::text as bug, to_regclass('escalation_comment')::text as escalation,
				to_regclass('kudos_reaction')::text as kudos`
		);
		expect(gone).toEqual({ bug: null, escalation: null, kudos: null });
	});
});
