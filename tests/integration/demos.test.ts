// Demos against the real database: scheduling and who may run one, offsets stamped by
// the server, question votes once per person, reminders on the job runner exactly once
// (and moved with the demo), the calendar files parsed back, search, and a comment
// turned into an escalation that links back to its moment.
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSchema } from '../../src/lib/demos/schemas';
import {
	addChapter,
	calendar,
	chapterFromComment,
	endDemo,
	escalateComment,
	goLive,
	logOf,
	markQuestion,
	postComment,
	reminderJobKey,
	resetCommentBudgets,
	scheduleDemo,
	searchDemos,
	updateDemo,
	voteQuestion
} from '../../src/lib/server/demos';
import { rowsOf } from '../../src/lib/server/db/client';
import { demo, demoComment } from '../../src/lib/server/demos/schema';
import { escalation } from '../../src/lib/server/escalations/schema';
import { createJobRunner, job } from '../../src/lib/server/jobs';
import { balanceOf } from '../../src/lib/server/ledger';
import { registerModules } from '../../src/lib/server/modules';
import { notification } from '../../src/lib/server/notifications/schema';
import { outboxMessage } from '../../src/lib/server/outbox/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { demoCast, demoInput } from '../helpers/demos';
import { refusal } from '../helpers/refusal';

const refused = async (p: Promise<unknown>) => (await refusal(p)).message;

let testDb: TestDatabase;
let cast: Awaited<ReturnType<typeof demoCast>>;

beforeAll(async () => {
	registerModules();
	testDb = await createTestDatabase();
	cast = await demoCast(testDb);
}, 60_000);

afterAll(async () => {
	await testDb?.destroy();
});

const minute = 60_000;

async function liveDemo(title = 'Routing rules, live') {
	const id = await scheduleDemo(cast.presenter, demoInput([cast.presenter], 3_600_000, { title }));
	await goLive(cast.presenter, id);
	return id;
}

describe('scheduling', () => {
	it('schedules with presenters and a series; bad input is refused and writes nothing', async () => {
		const id = await scheduleDemo(
			cast.viewers[0],
			demoInput([cast.presenter, cast.cohost], 3_600_000, { series: 'Fortnightly demo' })
		);
		const [row] = await testDb.db.select().from(demo).where(eq(demo.id, id));
		expect(row).toMatchObject({ state: 'scheduled', meetingUrl: 'https://meet.example.com/abc' });
		expect(row.seriesId).not.toBeNull();

		const before = await testDb.db.select({ n: sql<number>`count(*)::int` }).from(demo);
		const hostile = demoSchema.safeParse({
			...demoInput([cast.presenter]),
			meetingUrl: 'javascript:alert(1)'
		});
		expect(hostile.success).toBe(false);
		await expect(
			scheduleDemo(cast.presenter, {
				...demoInput([cast.presenter]),
				meetingUrl: 'file:///etc/passwd'
			})
		).rejects.toThrow(/https:\/\//);
		await expect(
			scheduleDemo(cast.presenter, demoInput([cast.presenter], -minute))
		).rejects.toThrow('Choose a start in the future.');
		const after = await testDb.db.select({ n: sql<number>`count(*)::int` }).from(demo);
		expect(after[0].n).toBe(before[0].n);
	});

	it('only presenters and admins go live, end or add chapters', async () => {
		const id = await scheduleDemo(cast.presenter, demoInput([cast.presenter]));
		expect(await refused(goLive(cast.viewers[0], id))).toBe(
			'Only the presenters of this demo (or an admin) can do that.'
		);
		await goLive(cast.admin, id);
		expect(await refused(goLive(cast.presenter, id))).toBe('The demo is already live.');
		expect(await refused(addChapter(cast.viewers[1], id, { title: 'Mine', at: 3 }))).toMatch(
			/Only the presenters/
		);
		await endDemo(cast.presenter, id);
		expect(await refused(endDemo(cast.presenter, id))).toBe('Only a live demo can be ended.');
	});

	it('presenting earns points and the badge once', async () => {
		const before = await balanceOf(cast.cohost);
		const id = await scheduleDemo(cast.cohost, demoInput([cast.cohost]));
		await goLive(cast.cohost, id);
		await endDemo(cast.cohost, id);
		expect(await balanceOf(cast.cohost)).toBe(before + 50);
		const badges = await rowsOf(
			testDb.db,
			sql`select badge from badge_award where person_id = ${cast.cohost} and badge = 'demo-presenter'`
		);
		expect(badges).toHaveLength(1);
	});
});

describe('the log', () => {
	it('stamps each comment with its offset from the session start, by the database clock', async () => {
		const id = await liveDemo();
		expect(await refused(postComment(cast.viewers[0], id, { body: '   ', kind: 'comment' }))).toBe(
			'Enter a comment.'
		);
		await new Promise((r) => setTimeout(r, 1_100));
		const comment = await postComment(cast.viewers[0], id, {
			body: 'Looks great',
			kind: 'comment'
		});
		expect(comment.offsetMs).toBeGreaterThanOrEqual(1_000);
		const [stored] = await testDb.db
			.select({
				offsetMs: demoComment.offsetMs,
				sinceStart: sql<number>`floor(extract(epoch from (${demoComment.createdAt} - ${demo.wentLiveAt})) * 1000)::int`
			})
			.from(demoComment)
			.innerJoin(demo, eq(demo.id, demoComment.demoId))
			.where(eq(demoComment.id, comment.id));
		expect(stored.offsetMs).toBe(Number(stored.sinceStart));
		expect(comment.live).toBe(true);
	});

	it('after the session, a comment is stamped at the playhead and marked as later', async () => {
		const id = await liveDemo();
		await endDemo(cast.presenter, id);
		expect(
			await refused(postComment(cast.viewers[1], id, { body: 'Hi', kind: 'comment' }))
		).toMatch(/comment from the replay/);
		const later = await postComment(cast.viewers[1], id, {
			body: 'Rewatched this',
			kind: 'comment',
			at: 125
		});
		expect(later).toMatchObject({ offsetMs: 125_000, live: false });
		expect((await logOf(id)).map((c) => c.body)).toEqual(['Rewatched this']);
	});

	it('counts one upvote per person, even when the same person votes twice at once', async () => {
		resetCommentBudgets();
		const id = await liveDemo();
		const question = await postComment(cast.viewers[0], id, {
			body: 'Does it scale?',
			kind: 'question'
		});
		const twice = await Promise.allSettled([
			voteQuestion(cast.viewers[1], question.id),
			voteQuestion(cast.viewers[1], question.id)
		]);
		expect(twice.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(await refused(voteQuestion(cast.viewers[1], question.id))).toBe(
			'You already upvoted this question.'
		);
		expect(await refused(voteQuestion(cast.viewers[0], question.id))).toBe(
			'You cannot upvote your own question.'
		);
		await voteQuestion(cast.viewers[2], question.id);
		const [row] = await testDb.db.select().from(demoComment).where(eq(demoComment.id, question.id));
		expect(row.votes).toBe(2);
	});

	it('a question marked helpful earns its author points once', async () => {
		resetCommentBudgets();
		const id = await liveDemo();
		const question = await postComment(cast.viewers[2], id, {
			body: 'What about SSO?',
			kind: 'question'
		});
		const before = await balanceOf(cast.viewers[2]);
		expect(await refused(markQuestion(cast.viewers[0], question.id, 'helpful', true))).toMatch(
			/Only the presenters/
		);
		await markQuestion(cast.presenter, question.id, 'helpful', true);
		await markQuestion(cast.presenter, question.id, 'helpful', false);
		await markQuestion(cast.presenter, question.id, 'helpful', true);
		await markQuestion(cast.presenter, question.id, 'answered', true);
		expect(await balanceOf(cast.viewers[2])).toBe(before + 10);
		const [row] = await testDb.db.select().from(demoComment).where(eq(demoComment.id, question.id));
		expect(row).toMatchObject({ helpful: true });
		expect(row.answeredAt).not.toBeNull();
	});
});

describe('reminders', () => {
	async function remindersOf(personId: number, title: string) {
		return testDb.db
			.select()
			.from(notification)
			.where(
				and(
					eq(notification.personId, personId),
					eq(notification.kind, 'demo.reminder'),
					like(notification.text, `%${title}%`)
				)
			);
	}

	it('go out once, before the start, even with two runners racing; moving the demo moves them', async () => {
		const title = `Reminder check ${Math.random().toString(36).slice(2, 7)}`;
		const startsAt = new Date(Date.now() + 3 * 3_600_000);
		const id = await scheduleDemo(
			cast.presenter,
			demoInput([cast.presenter], 3 * 3_600_000, { title })
		);
		const runners = [createJobRunner({ name: 'a' }), createJobRunner({ name: 'b' })];
		await Promise.all(runners.map((r) => r.runDue()));
		expect(await remindersOf(cast.viewers[0], title)).toHaveLength(0);

		// Moved to ten minutes from now: the reminder is due at once, the old one is gone.
		const soon = new Date(Date.now() + 10 * minute);
		await updateDemo(
			cast.presenter,
			id,
			demoInput([cast.presenter], 10 * minute, { title, startsAt: soon })
		);
		const pending = await testDb.db
			.select()
			.from(job)
			.where(like(job.key, `demo.reminder:${id}:%`));
		expect(pending.map((j) => j.key)).toEqual([reminderJobKey(id, soon)]);
		expect(pending.map((j) => j.key)).not.toContain(reminderJobKey(id, startsAt));

		await Promise.all(runners.map((r) => r.runDue()));
		await Promise.all(runners.map((r) => r.runDue()));
		expect(await remindersOf(cast.viewers[0], title)).toHaveLength(1);
		expect(await remindersOf(cast.admin, title)).toHaveLength(1);
		const mails = await testDb.db
			.select()
			.from(outboxMessage)
			.where(like(outboxMessage.subject, `%${title}%`));
		expect(mails).toHaveLength(1);
	});
});

/** A minimal RFC 5545 reader: checks line endings and folding, unfolds and unescapes. */
function parseCalendar(text: string) {
	expect(text.endsWith('\r\n')).toBe(true);
	const physical = text.slice(0, -2).split('\r\n');
	for (const line of physical) {
		expect(line).not.toMatch(/[\r\n]/);
		expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
	}
	const lines: string[] = [];
	for (const line of physical) {
		if (line.startsWith(' ')) lines[lines.length - 1] += line.slice(1);
		else lines.push(line);
	}
	const events: Record<string, string>[] = [];
	let current: Record<string, string> | null = null;
	for (const line of lines) {
		if (line === 'BEGIN:VEVENT') current = {};
		else if (line === 'END:VEVENT') {
			events.push(current!);
			current = null;
		} else if (current) {
			const colon = line.indexOf(':');
			current[line.slice(0, colon)] = line
				.slice(colon + 1)
				.replace(/\\n/g, '\n')
				.replace(/\\([,;\\])/g, '$1');
		}
	}
	return { lines, events };
}

describe('calendar files', () => {
	it('escape, fold and stamp times in UTC so a calendar reads them back exactly', () => {
		const summary = 'Routing, rules; and \\ backslashes — ünïcödé '.repeat(4);
		const description = 'Line one\nLine two, with a comma; and a semicolon';
		const start = new Date('2026-12-03T15:00:00.000Z');
		const text = calendar('Product demo, every other Thursday', [
			{
				uid: 'demo-7@tandem',
				start,
				end: new Date(start.getTime() + 30 * minute),
				summary,
				description,
				url: 'https://tandem.example/demos/7',
				location: 'https://meet.example.com/abc',
				stamp: new Date('2026-11-30T10:00:00.000Z')
			}
		]);
		const { lines, events } = parseCalendar(text);
		expect(lines[0]).toBe('BEGIN:VCALENDAR');
		expect(lines).toContain('VERSION:2.0');
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			UID: 'demo-7@tandem',
			DTSTART: '20261203T150000Z',
			DTEND: '20261203T153000Z',
			DTSTAMP: '20261130T100000Z',
			SUMMARY: summary,
			DESCRIPTION: description,
			LOCATION: 'https://meet.example.com/abc'
		});
	});
});

describe('search and escalation', () => {
	it('finds demos by title, chapter and comment, each linking to its moment', async () => {
		resetCommentBudgets();
		const id = await liveDemo('Quarterly billing overhaul');
		const comment = await postComment(cast.viewers[0], id, {
			body: 'Invoices are rendered twice on Safari',
			kind: 'comment'
		});
		await addChapter(cast.presenter, id, { title: 'Proration explained', at: 42 });
		expect((await searchDemos('billing')).some((h) => h.kind === 'demo' && h.demoId === id)).toBe(
			true
		);
		const chapter = (await searchDemos('proration')).find((h) => h.kind === 'chapter');
		expect(chapter).toMatchObject({ demoId: id, offsetMs: 42_000 });
		const found = (await searchDemos('invoice')).find((h) => h.kind === 'comment');
		expect(found).toMatchObject({ demoId: id, offsetMs: comment.offsetMs });
		expect(await searchDemos('   ')).toEqual([]);
		expect(await searchDemos('"unbalanced & | ! (')).toEqual([]);
	});

	it('turns a comment into an escalation linking back to the moment, once', async () => {
		resetCommentBudgets();
		const id = await liveDemo();
		const comment = await postComment(cast.viewers[1], id, {
			body: 'Export to CSV drops the last row',
			kind: 'comment'
		});
		const escalationId = await escalateComment(cast.viewers[2], comment.id, 'demo-key-12345');
		const [row] = await testDb.db.select().from(escalation).where(eq(escalation.id, escalationId));
		const seconds = Math.floor(comment.offsetMs / 1000);
		expect(row.description).toContain(`/demos/${id}?t=${seconds}`);
		expect(row.actual).toBe('Export to CSV drops the last row');
		expect(await refused(escalateComment(cast.viewers[2], comment.id, 'demo-key-67890'))).toBe(
			`That comment is already escalation #${escalationId}.`
		);
		await chapterFromComment(cast.presenter, comment.id);
		expect(await refused(chapterFromComment(cast.presenter, comment.id))).toBe(
			'That comment is already a chapter.'
		);
	});
});
