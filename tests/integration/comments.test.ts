// The comments capability on its two owners (bugs and escalations): adding, editing and
// deleting within the 15-minute window, admins' deletes, the text gone from the table and
// from the room log, @mentions in the inbox, paging, safe formatting, bad input refused,
// and a comment arriving live on a real socket.
import { and, eq, sql } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMessage } from '../../src/lib/richtext';
import { COMMENT_PAGE_SIZE } from '../../src/lib/comments/types';
import {
	bugDetail,
	commentOnBug,
	deleteBugComment,
	editBugComment,
	logBug
} from '../../src/lib/server/bugbash';
import { comment } from '../../src/lib/server/comments/schema';
import {
	commentOnEscalation,
	conversationOf,
	deleteEscalationComment,
	editEscalationComment,
	escalationDetail,
	openEscalation
} from '../../src/lib/server/escalations';
import { notification } from '../../src/lib/server/notifications/schema';
import { setPreferences } from '../../src/lib/server/notifications';
import { person } from '../../src/lib/server/org/schema';
import { roomEvent } from '../../src/lib/server/realtime/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, addTeam, eventsIn } from '../helpers/ledger';
import {
	ask,
	client,
	connected,
	sessionCookie,
	startTestServer,
	until,
	type TestServer
} from '../helpers/realtime';
import { refusal } from '../helpers/refusal';
import { bugReport, escalationReport, liveCheckoutBash } from '../helpers/reports';

let testDb: TestDatabase;
let server: TestServer;
let organiser: number;
let agent: number;
let engineer: number;
let admin: number;
let bashId: number;
const sockets: Socket[] = [];

/** Moves a comment's posting time back, as if it was written `minutes` ago. */
async function age(commentId: number, minutes: number) {
	await testDb.db
		.update(comment)
		.set({ createdAt: sql`now() - make_interval(mins => ${minutes})` })
		.where(eq(comment.id, commentId));
}

async function stored(commentId: number) {
	const [row] = await testDb.db.select().from(comment).where(eq(comment.id, commentId));
	return row;
}

async function inbox(personId: number, kind: string) {
	return testDb.db
		.select({ text: notification.text, href: notification.href })
		.from(notification)
		.where(and(eq(notification.personId, personId), eq(notification.kind, kind)))
		.orderBy(notification.id);
}

async function emailNameOf(personId: number): Promise<string> {
	const [row] = await testDb.db
		.select({ email: person.email })
		.from(person)
		.where(eq(person.id, personId));
	return row.email.split('@')[0];
}

async function newBug(title: string) {
	return (await logBug(agent, bashId, bugReport(title))).bugId;
}

beforeAll(async () => {
	testDb = await createTestDatabase();
	server = await startTestServer();
	({ organiser, agent, engineer, bashId } = await liveCheckoutBash(testDb));
	const ops = await addTeam(testDb, 'Operations', 'other');
	admin = await addPerson(testDb, 'Ada Admin', ops.id);
	await testDb.db.update(person).set({ role: 'admin' }).where(eq(person.id, admin));
});
afterAll(async () => {
	sockets.forEach((s) => s.disconnect());
	await server?.close();
	await testDb?.destroy();
});

describe('writing a thread', () => {
	it('adds a comment to a bug and shows it with its author, department and the right to change it', async () => {
		const bugId = await newBug('Receipt shows the wrong tax');
		const id = await commentOnBug(engineer, bugId, '  Happens with **EU** addresses  ');
		const mine = (await bugDetail(bashId, bugId, { id: engineer, role: 'member' }))!;
		expect(mine.thread.total).toBe(1);
		expect(mine.comments).toMatchObject([
			{
				id,
				authorName: 'Erin Engineer',
				departmentKind: 'engineering',
				body: 'Happens with **EU** addresses',
				editedAt: null,
				deleted: false,
				mayEdit: true,
				mayDelete: true
			}
		]);
		const theirs = (await bugDetail(bashId, bugId, { id: agent, role: 'member' }))!;
		expect(theirs.comments[0]).toMatchObject({ mayEdit: false, mayDelete: false });
		const asAdmin = (await bugDetail(bashId, bugId, { id: admin, role: 'admin' }))!;
		expect(asAdmin.comments[0]).toMatchObject({ mayEdit: false, mayDelete: true });
		const [added] = (await eventsIn(testDb, `bugbash:${bashId}`)).filter(
			(e) => e.type === 'comment.added'
		);
		expect(added.payload).toMatchObject({
			subjectKind: 'bug',
			subjectId: bugId,
			bugId,
			commentId: id,
			authorName: 'Erin Engineer',
			body: 'Happens with **EU** addresses'
		});
	});

	it('lets the author edit within 15 minutes, shown as edited, and refuses later and for others', async () => {
		const bugId = await newBug('Totals jump when scrolling');
		const id = await commentOnBug(engineer, bugId, 'Seen on Safari');
		await editBugComment(engineer, bugId, id, 'Seen on Safari and Firefox');
		const edited = await stored(id);
		expect(edited.body).toBe('Seen on Safari and Firefox');
		expect(edited.editedAt).toBeInstanceOf(Date);
		const event = (await eventsIn(testDb, `bugbash:${bashId}`)).at(-1)!;
		expect(event).toMatchObject({
			type: 'comment.edited',
			payload: { commentId: id, body: 'Seen on Safari and Firefox' }
		});

		const other = await refusal(editBugComment(agent, bugId, id, 'Not mine to change'));
		expect(other.message).toBe('You can only edit your own comments.');
		const otherAdmin = await refusal(editBugComment(admin, bugId, id, 'Admins do not edit'));
		expect(otherAdmin.message).toBe('You can only edit your own comments.');

		await age(id, 16);
		const late = await refusal(editBugComment(engineer, bugId, id, 'Too late now'));
		expect(late.message).toBe('Comments can be edited for 15 minutes after posting.');
		const lateDelete = await refusal(deleteBugComment(engineer, bugId, id));
		expect(lateDelete.message).toBe('Comments can be deleted for 15 minutes after posting.');
		expect((await stored(id)).body).toBe('Seen on Safari and Firefox');
		expect((await stored(id)).deletedAt).toBeNull();
	});

	it('refuses a comment id from another thread, changing nothing', async () => {
		const bugId = await newBug('Coupon box overlaps');
		const elsewhere = await newBug('Coupon box too small');
		const id = await commentOnBug(engineer, bugId, 'Only at 125% zoom');
		const wrong = await refusal(editBugComment(engineer, elsewhere, id, 'Moved?'));
		expect(wrong.message).toBe('That comment does not exist.');
		expect((await refusal(deleteBugComment(engineer, elsewhere, id))).message).toBe(
			'That comment does not exist.'
		);
		expect((await stored(id)).body).toBe('Only at 125% zoom');
	});

	it('deletes: the text is gone from the table and from the room log, the thread shows it deleted', async () => {
		const bugId = await newBug('Card number visible in logs');
		const secret = 'the test card is 4111 1111 1111 1111';
		const id = await commentOnBug(engineer, bugId, secret);
		await editBugComment(engineer, bugId, id, `${secret} (expires 12/30)`);
		await deleteBugComment(engineer, bugId, id);

		const row = await stored(id);
		expect(row.body).toBe('');
		expect(row.deletedAt).toBeInstanceOf(Date);
		const log = await testDb.db
			.select()
			.from(roomEvent)
			.where(sql`${roomEvent.payload}::text like ${'%4111%'}`);
		expect(log).toEqual([]);
		const about = (await eventsIn(testDb, `bugbash:${bashId}`)).filter(
			(e) => (e.payload as { commentId?: number }).commentId === id
		);
		const thread = { subjectKind: 'bug', subjectId: bugId, bugId, commentId: id };
		expect(about.map((e) => [e.type, e.payload])).toEqual([
			['comment.added', { ...thread, redacted: true }],
			['comment.edited', { ...thread, redacted: true }],
			['comment.deleted', thread]
		]);
		const detail = (await bugDetail(bashId, bugId, { id: engineer, role: 'member' }))!;
		expect(detail.comments).toMatchObject([
			{ id, deleted: true, body: '', mayEdit: false, mayDelete: false }
		]);
		// Deleted comments keep their place in the thread but are not counted on the board.
		expect(detail.thread.total).toBe(1);
		expect((await refusal(deleteBugComment(engineer, bugId, id))).message).toBe(
			'That comment does not exist.'
		);
	});

	it('lets admins delete anyone’s comment at any time, and nobody else', async () => {
		const { escalationId } = await openEscalation(agent, escalationReport('Export times out'));
		const id = await commentOnEscalation(agent, escalationId, 'Customer sent a HAR file.');
		expect((await refusal(deleteEscalationComment(engineer, escalationId, id))).message).toBe(
			'You can only delete your own comments.'
		);
		await age(id, 60 * 24);
		await deleteEscalationComment(admin, escalationId, id);
		const thread = await conversationOf(escalationId, { id: agent, role: 'member' });
		expect(thread.comments).toMatchObject([{ id, deleted: true, body: '' }]);
		const events = await eventsIn(testDb, `escalation:${escalationId}`);
		expect(events.at(-1)).toMatchObject({
			type: 'comment.deleted',
			actorId: admin,
			payload: { escalationId, commentId: id }
		});
		expect(JSON.stringify(events)).not.toContain('HAR file');
	});

	it('keeps the SLO timestamps driven by comments from engineering', async () => {
		const { escalationId } = await openEscalation(agent, escalationReport('Slow search'));
		await commentOnEscalation(agent, escalationId, 'Any news?');
		expect((await escalationDetail(escalationId))!.firstResponseAt).toBeNull();
		await commentOnEscalation(engineer, escalationId, 'Looking at the query plan.');
		const answered = (await escalationDetail(escalationId))!;
		expect(answered.firstResponseAt).toBeInstanceOf(Date);
		expect(answered.lastEngineeringUpdateAt).toEqual(answered.firstResponseAt);
	});
});

describe('mentions', () => {
	it('tells each mentioned person through the inbox, and nobody for unknown names', async () => {
		const bugId = await newBug('Apple Pay sheet flickers');
		const handle = await emailNameOf(organiser);
		const before = (await inbox(organiser, 'mentioned')).length;
		await commentOnBug(
			engineer,
			bugId,
			`@${handle} and @Sam, can you check? @nobody.here and @Erin (that is me)`
		);
		expect((await inbox(organiser, 'mentioned')).slice(before)).toEqual([
			{
				text: 'Erin Engineer mentioned you in a comment on “Apple Pay sheet flickers”.',
				href: `/bugbash/${bashId}/bugs/${bugId}`
			}
		]);
		// Sam reported the bug, so would hear of the comment anyway: once, as a mention.
		const toSam = await testDb.db
			.select({ kind: notification.kind })
			.from(notification)
			.where(
				and(
					eq(notification.personId, agent),
					sql`${notification.href} = ${`/bugbash/${bashId}/bugs/${bugId}`}`
				)
			);
		expect(toSam.map((n) => n.kind)).toEqual(['mentioned']);
		expect(await inbox(engineer, 'mentioned')).toEqual([]);
		const mentionedNobody = await testDb.db
			.select()
			.from(notification)
			.where(eq(notification.kind, 'mentioned'));
		expect(mentionedNobody.every((n) => [organiser, agent].includes(n.personId))).toBe(true);
	});

	it('tells people newly mentioned by an edit, and respects the Off preference', async () => {
		const { escalationId } = await openEscalation(agent, escalationReport('Missing invoices'));
		const id = await commentOnEscalation(engineer, escalationId, 'Checking the billing job.');
		const before = (await inbox(organiser, 'mentioned')).length;
		await editEscalationComment(
			engineer,
			escalationId,
			id,
			'Checking the billing job. @Olive any idea?'
		);
		expect((await inbox(organiser, 'mentioned')).slice(before)).toEqual([
			{
				text: `Erin Engineer mentioned you in a comment on escalation #${escalationId}.`,
				href: `/escalations/${escalationId}`
			}
		]);
		await setPreferences(organiser, { mentioned: 'off' });
		await commentOnEscalation(engineer, escalationId, '@Olive ping');
		expect(await inbox(organiser, 'mentioned')).toHaveLength(before + 1);
	});
});

describe('reading and safety', () => {
	it('pages: the newest comments first, "show earlier" asks for more', async () => {
		const bugId = await newBug('Many opinions');
		const written = COMMENT_PAGE_SIZE + 5;
		for (let n = 1; n <= written; n++) await commentOnBug(agent, bugId, `Note ${n}`);
		const first = (await bugDetail(bashId, bugId))!;
		expect(first.thread).toMatchObject({ total: written, shown: COMMENT_PAGE_SIZE });
		expect(first.comments.map((c) => c.body)).toEqual(
			Array.from({ length: COMMENT_PAGE_SIZE }, (_, i) => `Note ${i + 6}`)
		);
		const more = (await bugDetail(bashId, bugId, undefined, COMMENT_PAGE_SIZE + 1))!;
		expect(more.thread.shown).toBe(COMMENT_PAGE_SIZE * 2);
		expect(more.comments.map((c) => c.body)).toEqual(
			Array.from({ length: written }, (_, i) => `Note ${i + 1}`)
		);
	});

	it('stores markup as text and renders it inert: no tags, no script links', async () => {
		const bugId = await newBug('Rendering check');
		const payload =
			'<img src=x onerror=alert(1)> [x](javascript:alert(2)) **ok** <script>alert(3)</script>';
		const id = await commentOnBug(engineer, bugId, payload);
		expect((await stored(id)).body).toBe(payload);
		const segments = formatMessage(payload);
		expect(segments.filter((s) => s.kind === 'link')).toEqual([]);
		expect(segments).toContainEqual({ kind: 'bold', text: 'ok' });
		expect(segments).toContainEqual({
			kind: 'text',
			text: '<img src=x onerror=alert(1)> [x](javascript:alert(2)) '
		});
	});

	it('refuses empty, NUL and oversize comments with a clear message, storing nothing', async () => {
		const bugId = await newBug('Validation check');
		const cases: [string, string][] = [
			['   ', 'Write a comment first.'],
			['bad\u0000byte', 'Comments cannot contain NUL characters.'],
			['x'.repeat(4001), 'Keep comments under 4,000 characters.']
		];
		for (const [body, message] of cases) {
			expect(await refusal(commentOnBug(engineer, bugId, body))).toMatchObject({
				message,
				field: 'body'
			});
		}
		const id = await commentOnBug(engineer, bugId, 'A real one');
		expect((await refusal(editBugComment(engineer, bugId, id, 'nul\u0000'))).message).toBe(
			'Comments cannot contain NUL characters.'
		);
		const rows = await testDb.db
			.select()
			.from(comment)
			.where(and(eq(comment.subjectKind, 'bug'), eq(comment.subjectId, bugId)));
		expect(rows.map((r) => r.body)).toEqual(['A real one']);
	});
});

describe('live', () => {
	it('delivers a new comment to someone watching the bash on a real socket', async () => {
		const bugId = await newBug('Live thread');
		const { cookie } = await sessionCookie(organiser);
		const socket = client(server.url, { cookie, origin: `http://127.0.0.1:${server.port}` });
		sockets.push(socket);
		await connected(socket);
		const seen: { type: string; payload: Record<string, unknown> }[] = [];
		socket.on('room:event', (event) => seen.push(event));
		expect(await ask(socket, 'room:join', { room: `bugbash:${bashId}` })).toMatchObject({
			ok: true
		});
		const id = await commentOnBug(engineer, bugId, 'Watch this arrive');
		await until(() => seen.some((e) => e.type === 'comment.added'), 5_000, 'the comment');
		expect(seen.find((e) => e.type === 'comment.added')!.payload).toMatchObject({
			bugId,
			commentId: id,
			body: 'Watch this arrive'
		});
		await deleteBugComment(engineer, bugId, id);
		await until(() => seen.some((e) => e.type === 'comment.deleted'), 5_000, 'the delete');
	});
});
