// The stored inbox: notifications are written with their cause (and rolled back with it),
// never to the actor, only to the people who want them, and read only by their owner.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logBug, triageBug } from '../../src/lib/server/bugbash';
import { bug } from '../../src/lib/server/bugbash/schema';
import { notification } from '../../src/lib/server/notifications/schema';
import { outboxMessage } from '../../src/lib/server/outbox/schema';
import { person } from '../../src/lib/server/org/schema';
import { commentOnEscalation, openEscalation } from '../../src/lib/server/escalations';
import { awardPoints } from '../../src/lib/server/ledger';
import {
	inboxSummary,
	markAllRead,
	markRead,
	notificationsPage,
	notify,
	preferencesOf,
	setPreferences,
	unreadCount
} from '../../src/lib/server/notifications';
import { withEvents } from '../../src/lib/server/realtime/events';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addPerson, eventsIn } from '../helpers/ledger';
import { bugReport, escalationReport, liveCheckoutBash } from '../helpers/reports';
import { refusal } from '../helpers/refusal';

let testDb: TestDatabase;
let organiser: number;
let agent: number;
let engineer: number;
let bashId: number;

/** What the database holds for one person, oldest first. */
async function storedFor(personId: number) {
	return testDb.db
		.select()
		.from(notification)
		.where(eq(notification.personId, personId))
		.orderBy(notification.id);
}

/** The outbox messages addressed to a person's email. */
async function outboxFor(personId: number) {
	const [{ email }] = await testDb.db
		.select({ email: person.email })
		.from(person)
		.where(eq(person.id, personId));
	return testDb.db.select().from(outboxMessage).where(eq(outboxMessage.recipient, email));
}

async function noticesFor(personId: number) {
	return (await eventsIn(testDb, `user:${personId}`)).filter((e) => e.type === 'notice');
}

/** A notification told inside its own transaction, as a service would. */
function tell(personIds: number[], text: string, actorId: number | null = null) {
	return withEvents((tx, record) =>
		notify(
			tx,
			record,
			personIds,
			{ kind: 'escalation.comment', text, href: '/escalations' },
			actorId
		)
	);
}

beforeAll(async () => {
	testDb = await createTestDatabase();
	({ organiser, agent, engineer, bashId } = await liveCheckoutBash(testDb));
});
afterAll(async () => {
	await testDb?.destroy();
});

describe('storing', () => {
	it('stores the notification with its cause, and the live notice carries it', async () => {
		const logged = await logBug(agent, bashId, bugReport('Pay button does nothing'));
		await triageBug(organiser, logged.bugId, { kind: 'accepted', severity: 'high' });

		const [accepted] = await testDb.db.select().from(bug).where(eq(bug.id, logged.bugId));
		expect(accepted.status).toBe('accepted');
		const stored = await storedFor(agent);
		expect(stored.map((n) => [n.kind, n.text, n.href, n.actorId, n.readAt])).toEqual([
			['badge.earned', 'New badge: First points', '/profile', null, null],
			[
				'bug.accepted',
				'Your bug “Pay button does nothing” was accepted (+7 points, the first of the bash).',
				`/bugbash/${bashId}/bugs/${logged.bugId}`,
				organiser,
				null
			]
		]);
		const live = (await noticesFor(agent)).map((e) => e.payload);
		expect(live.at(-1)).toEqual({
			id: stored[1].id,
			kind: 'bug.accepted',
			text: stored[1].text,
			href: stored[1].href,
			unread: 2
		});
		// The organiser acted: told nothing.
		expect(await storedFor(organiser)).toEqual([]);
	});

	it('rolls the notification back with a cause that fails', async () => {
		const before = { stored: await storedFor(engineer), live: await noticesFor(engineer) };
		// Someone who chose Email: a rolled-back cause must not queue their email either.
		const mailed = await addPerson(testDb, 'Mo Mailed');
		await setPreferences(mailed, { 'escalation.updated': 'email' });
		const failed = withEvents(async (tx, record) => {
			await tx.update(person).set({ name: 'Erin Renamed' }).where(eq(person.id, engineer));
			await notify(
				tx,
				record,
				[engineer, mailed],
				{ kind: 'escalation.updated', text: 'Never happened', href: '/escalations' },
				agent
			);
			throw new Error('the cause failed after notifying');
		});
		await expect(failed).rejects.toThrow('the cause failed after notifying');
		expect(await storedFor(engineer)).toEqual(before.stored);
		expect(await noticesFor(engineer)).toEqual(before.live);
		const [erin] = await testDb.db.select().from(person).where(eq(person.id, engineer));
		expect(erin.name).toBe('Erin Engineer');
		expect(await storedFor(mailed)).toEqual([]);
		expect(await outboxFor(mailed)).toEqual([]);
	});

	it('never tells the actor, and tells each other person once', async () => {
		const { escalationId } = await openEscalation(agent, escalationReport('Emails arrive late'));
		const agentBefore = (await storedFor(agent)).length;
		const engineerBefore = (await storedFor(engineer)).length;
		await tell([agent, engineer, engineer, organiser], 'Someone commented', organiser);
		await commentOnEscalation(agent, escalationId, 'Still happening today.');

		// The agent acted on the comment, and the organiser on the direct notification.
		expect((await storedFor(agent)).slice(agentBefore).map((n) => n.text)).toEqual([
			'Someone commented'
		]);
		expect((await storedFor(engineer)).slice(engineerBefore).map((n) => n.text)).toEqual([
			'Someone commented'
		]);
		expect(await storedFor(organiser)).toEqual([]);
	});

	it('stores badges for the person who earned them', async () => {
		const newcomer = await addPerson(testDb, 'Nina Newcomer');
		await awardPoints({ personId: newcomer, amount: 5, sourceKind: 'kudos', sourceId: 9001 });
		expect((await storedFor(newcomer)).map((n) => [n.kind, n.text])).toEqual([
			['badge.earned', 'New badge: First points']
		]);
	});
});

describe('unread count and marking read', () => {
	it('counts unread, marks one read, and refuses another person’s notification', async () => {
		const reader = await addPerson(testDb, 'Rita Reader');
		const other = await addPerson(testDb, 'Otto Other');
		await tell([reader, other], 'First');
		await tell([reader, other], 'Second');
		await tell([reader], 'Third');
		expect(await unreadCount(reader)).toBe(3);
		expect(await unreadCount(other)).toBe(2);

		const [first, second] = await storedFor(reader);
		expect(await markRead(reader, first.id)).toEqual({ href: '/escalations' });
		expect(await unreadCount(reader)).toBe(2);
		// Marking it again changes nothing and still leads there.
		expect(await markRead(reader, first.id)).toEqual({ href: '/escalations' });
		expect(await unreadCount(reader)).toBe(2);

		const othersFirst = (await storedFor(other))[0];
		const err = await refusal(markRead(reader, othersFirst.id));
		expect(err.message).toBe('That notification does not exist.');
		expect((await storedFor(other)).map((n) => n.readAt)).toEqual([null, null]);
		expect((await refusal(markRead(reader, 2_000_000_000))).message).toBe(
			'That notification does not exist.'
		);
		for (const posted of [null, '', 'abc', '-1', '1e3', '99999999999']) {
			expect((await refusal(markRead(reader, posted))).message).toBe(
				'That notification does not exist.'
			);
		}

		const summary = await inboxSummary(reader);
		expect(summary.unread).toBe(2);
		expect(summary.latest.map((e) => [e.text, e.read])).toEqual([
			['Third', false],
			['Second', false],
			['First', true]
		]);
		const events = await eventsIn(testDb, `user:${reader}`);
		expect(summary.seq).toBe(events.at(-1)?.seq);
		expect(events.at(-1)).toMatchObject({
			type: 'notifications.read',
			payload: { ids: [first.id], unread: 2 }
		});
		expect(second.readAt).toBeNull();
	});

	it('marks all of one’s own read, and nobody else’s', async () => {
		const reader = await addPerson(testDb, 'Mark Allread');
		const other = await addPerson(testDb, 'Nora Notme');
		await tell([reader, other], 'One');
		await tell([reader, other], 'Two');
		expect(await markAllRead(reader)).toBe(2);
		expect(await unreadCount(reader)).toBe(0);
		expect((await storedFor(reader)).every((n) => n.readAt !== null)).toBe(true);
		expect(await unreadCount(other)).toBe(2);
		expect((await storedFor(other)).map((n) => n.readAt)).toEqual([null, null]);
		// Nothing left: nothing marked, no event.
		const eventsBefore = (await eventsIn(testDb, `user:${reader}`)).length;
		expect(await markAllRead(reader)).toBe(0);
		expect(await eventsIn(testDb, `user:${reader}`)).toHaveLength(eventsBefore);
	});
});

describe('preferences', () => {
	it('defaults to App; Off stores nothing and sends nothing live', async () => {
		const quiet = await addPerson(testDb, 'Quentin Quiet');
		const prefs = await preferencesOf(quiet);
		expect(prefs['escalation.comment']).toBe('app');
		expect(Object.values(prefs).every((c) => c === 'app')).toBe(true);

		await setPreferences(quiet, { 'escalation.comment': 'off' });
		expect((await preferencesOf(quiet))['escalation.comment']).toBe('off');
		await tell([quiet], 'You will never see this');
		expect(await storedFor(quiet)).toEqual([]);
		expect(await noticesFor(quiet)).toEqual([]);

		// Other kinds still arrive; back to App, this one does too.
		await withEvents((tx, record) =>
			notify(tx, record, [quiet], { kind: 'kudos.received', text: 'Kudos!' }, null)
		);
		await setPreferences(quiet, { 'escalation.comment': 'app' });
		await tell([quiet], 'Now you see me');
		expect((await storedFor(quiet)).map((n) => n.text)).toEqual(['Kudos!', 'Now you see me']);
	});

	it('Email stores the notification and reports the email to send', async () => {
		const mailed = await addPerson(testDb, 'Emma Email');
		const inApp = await addPerson(testDb, 'Andy App');
		const departed = await addPerson(testDb, 'Dora Departed');
		await setPreferences(mailed, { 'escalation.comment': 'email' });
		await setPreferences(departed, { 'escalation.comment': 'email' });
		await testDb.db.update(person).set({ active: false }).where(eq(person.id, departed));
		const emails = await tell([mailed, inApp, departed], 'Erin commented on escalation #4');
		const [stored] = await storedFor(mailed);
		const [address] = await testDb.db
			.select({ email: person.email })
			.from(person)
			.where(eq(person.id, mailed));
		expect(emails).toEqual([
			{
				key: `notification:${stored.id}`,
				to: address.email,
				subject: 'Erin commented on escalation #4',
				text: expect.stringContaining('Erin commented on escalation #4')
			}
		]);
		expect(emails[0].text).toMatch(/Open it in Tandem: http:\/\/[^/]+\/escalations/);
		expect(await storedFor(inApp)).toHaveLength(1);
		// The email waits in the outbox, queued with the notification (kept: no SMTP here).
		const [queued] = await outboxFor(mailed);
		expect(queued).toMatchObject({
			channel: 'email',
			key: emails[0].key,
			subject: emails[0].subject,
			body: emails[0].text,
			state: 'pending'
		});
		// A deactivated person keeps the notification in their inbox, but is sent no email.
		expect((await storedFor(departed)).map((n) => n.text)).toEqual([
			'Erin commented on escalation #4'
		]);
		expect(await outboxFor(departed)).toEqual([]);
		expect(await outboxFor(inApp)).toEqual([]);
	});

	it('refuses an unknown kind or channel and changes nothing', async () => {
		const picky = await addPerson(testDb, 'Pia Picky');
		await setPreferences(picky, { 'kudos.received': 'email' });
		const badChannel = await refusal(setPreferences(picky, { 'kudos.received': 'pigeon' }));
		expect(badChannel).toMatchObject({
			message: 'Choose App, Email or Off for “Kudos for me”.',
			field: 'kudos.received'
		});
		const badKind = await refusal(setPreferences(picky, { 'bug.exploded': 'off' }));
		expect(badKind.message).toBe('That is not a kind of notification.');
		expect((await preferencesOf(picky))['kudos.received']).toBe('email');
		// One bad choice among good ones: none of them is saved.
		const mixed = await refusal(
			setPreferences(picky, { 'kudos.received': 'off', 'kudos.plus_one': 'pigeon' })
		);
		expect(mixed.field).toBe('kudos.plus_one');
		const after = await preferencesOf(picky);
		expect([after['kudos.received'], after['kudos.plus_one']]).toEqual(['email', 'app']);
	});
});

describe('paging', () => {
	it('pages newest first by cursor, without gaps or repeats, only one’s own', async () => {
		const busy = await addPerson(testDb, 'Bea Busy');
		const other = await addPerson(testDb, 'Olaf Other');
		for (let i = 1; i <= 25; i++) await tell([busy], `Update ${i}`);
		await tell([other], 'Not for Bea');

		const first = await notificationsPage(busy);
		expect(first.entries).toHaveLength(20);
		expect(first.entries[0].text).toBe('Update 25');
		expect(first.next).toBe(first.entries[19].id);
		const second = await notificationsPage(busy, { before: first.next! });
		expect(second.entries.map((e) => e.text)).toEqual([
			'Update 5',
			'Update 4',
			'Update 3',
			'Update 2',
			'Update 1'
		]);
		expect(second.next).toBeNull();

		// Another person's id as a cursor shows nothing of theirs.
		const [othersRow] = await testDb.db
			.select()
			.from(notification)
			.where(and(eq(notification.personId, other)));
		const foreign = await notificationsPage(busy, { before: othersRow.id });
		expect(foreign.entries.some((e) => e.text === 'Not for Bea')).toBe(false);
		expect(foreign).toEqual({ entries: [], next: null });
		expect(await notificationsPage(other)).toMatchObject({
			entries: [{ text: 'Not for Bea', read: false }],
			next: null
		});
	});
});
