// Reads of the stored inbox: always one person's own notifications.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import {
	DEFAULT_CHANNEL,
	NOTIFICATION_KINDS,
	TRAY_SIZE,
	type Channel,
	type NotificationEntry,
	type NotificationKind
} from '$lib/notifications/kinds';
import { useDb } from '../db/client';
import { preparedPerDatabase } from '../db/prepared';
import { person } from '../org';
import { latestSeqSql, userRoom } from '../realtime';
import { notification, notificationPreference } from './schema';

/** Entries per page of /notifications. */
const PAGE_SIZE = 20;

type EntryRow = {
	id: number;
	kind: string;
	text: string;
	href: string | null;
	createdAt: Date | string;
	readAt: Date | string | null;
};

function toEntry(row: EntryRow): NotificationEntry {
	return {
		id: row.id,
		kind: row.kind,
		text: row.text,
		href: row.href,
		createdAt: new Date(row.createdAt).toISOString(),
		read: row.readAt !== null
	};
}

/** The person's unread count. */
export async function unreadCount(personId: number): Promise<number> {
	const [row] = await useDb()
		.select({ unread: sql<number>`count(*)::int` })
		.from(notification)
		.where(and(eq(notification.personId, personId), isNull(notification.readAt)));
	return Number(row?.unread ?? 0);
}

/**
 * What the header tray needs on every page load, in one statement (so one snapshot): the
 * unread count, the latest entries, and the `user:<id>` room's seq they reflect, from
 * which the live feed continues. `alsoRoom`: another room whose position the page needs
 * (the workspace's), read in the same statement instead of a statement of its own; without
 * one, `alsoSeq` is 0.
 */
export async function inboxSummary(
	personId: number,
	alsoRoom = ''
): Promise<{ unread: number; latest: NotificationEntry[]; seq: number; alsoSeq: number }> {
	const [row] = await inboxRead().execute({ personId, room: userRoom(personId), alsoRoom });
	return {
		unread: Number(row?.unread ?? 0),
		latest: (row?.latest ?? []).map(toEntry),
		seq: Number(row?.seq ?? 0),
		alsoSeq: Number(row?.alsoSeq ?? 0)
	};
}

// Column names are written out: drizzle renders `${table.column}` unqualified inside
// subqueries, where `id` would bind to the inner table.
const inboxRead = preparedPerDatabase((db) =>
	db
		.select({
			seq: latestSeqSql(sql.placeholder('room')),
			alsoSeq: latestSeqSql(sql.placeholder('alsoRoom')),
			unread: sql<number>`(select count(*)::int from ${notification} n
				where n.person_id = ${sql.placeholder('personId')} and n.read_at is null)`,
			latest: sql<EntryRow[]>`(select coalesce(json_agg(x), '[]'::json) from (
				select n.id, n.kind, n.text, n.href, n.created_at as "createdAt", n.read_at as "readAt"
				from ${notification} n where n.person_id = ${sql.placeholder('personId')}
				order by n.created_at desc, n.id desc limit ${sql.raw(String(TRAY_SIZE))}) x)`
		})
		.from(person)
		.where(eq(person.id, sql.placeholder('personId')))
		.prepare('notification_inbox')
);

/**
 * A page of the person's notifications, newest first. `before` is the id of the last
 * entry of the previous page; `next` is the cursor for the page after this one.
 */
export async function notificationsPage(
	personId: number,
	options: { before?: number; limit?: number } = {}
): Promise<{ entries: NotificationEntry[]; next: number | null }> {
	const limit = options.limit ?? PAGE_SIZE;
	const after = options.before
		? sql`(${notification.createdAt}, ${notification.id}) < (select c.created_at, c.id
				from ${notification} c where c.id = ${options.before} and c.person_id = ${personId})`
		: undefined;
	const rows = await useDb()
		.select()
		.from(notification)
		.where(and(eq(notification.personId, personId), after))
		.orderBy(desc(notification.createdAt), desc(notification.id))
		.limit(limit + 1);
	const entries = rows.slice(0, limit).map(toEntry);
	return { entries, next: rows.length > limit ? entries[entries.length - 1].id : null };
}

/** The person's channel for every kind, the default where they have not chosen. */
export async function preferencesOf(personId: number): Promise<Record<NotificationKind, Channel>> {
	const rows = await useDb()
		.select({ kind: notificationPreference.kind, channel: notificationPreference.channel })
		.from(notificationPreference)
		.where(eq(notificationPreference.personId, personId));
	const chosen = new Map(rows.map((row) => [row.kind, row.channel]));
	return Object.fromEntries(
		NOTIFICATION_KINDS.map((kind) => [kind, chosen.get(kind) ?? DEFAULT_CHANNEL])
	) as Record<NotificationKind, Channel>;
}
