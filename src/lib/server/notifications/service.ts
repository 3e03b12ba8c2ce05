// Writes of the stored inbox: notifying people inside their cause's transaction, marking
// read, and the per-kind preferences.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
	CHANNELS,
	DEFAULT_CHANNEL,
	isNotificationKind,
	kindLabel,
	type Channel,
	type NoticePayload,
	type NotificationKind,
	type ReadPayload
} from '$lib/notifications/kinds';
import { parseId } from '$lib/ids';
import { useDb, type Transaction } from '../db/client';
import { person } from '../org';
import { ServiceError } from '../errors';
import { recordAll, userRoom, withEvents, type EventToRecord, type RecordEvent } from '../realtime';
import { notification, notificationPreference } from './schema';
import { enqueueEmail } from '../outbox';
import { isStored, publicOrigin, wantsEmail, type Delivery, type NotificationEmail } from './rules';

/** What someone is told, e.g. kind 'bug.accepted', "Your bug … was accepted (+5)". */
export interface Notice {
	kind: NotificationKind;
	text: string;
	/** A path inside Tandem the notification leads to. */
	href?: string;
}

/**
 * Tells people about something inside the writing transaction: one stored notification
 * per recipient (unless they turned the kind off) and a live `notice` in their `user:<id>`
 * room, so a rolled-back change tells nobody. The actor is never told about their own
 * action. Returns the emails the recipients asked for (see wantsEmail).
 */
export async function notify(
	tx: Transaction,
	record: RecordEvent,
	personIds: Iterable<number>,
	notice: Notice,
	actorId: number | null
): Promise<NotificationEmail[]> {
	return notifyAll(tx, record, [{ personIds, notice }], actorId);
}

/**
 * The same for many notices at once (a sweep of SLO triggers), in a fixed number of
 * statements whatever their number: the recipients' choices, the stored rows and the live
 * events are each written in one go.
 */
export async function notifyAll(
	tx: Transaction,
	record: RecordEvent,
	batch: { personIds: Iterable<number>; notice: Notice }[],
	actorId: number | null
): Promise<NotificationEmail[]> {
	const wanted = batch.flatMap(({ personIds, notice }) =>
		[...new Set(personIds)].filter((id) => id !== actorId).map((personId) => ({ personId, notice }))
	);
	if (wanted.length === 0) return [];
	const choices = new Map<string, Awaited<ReturnType<typeof choicesFor>>[number]>();
	for (const kind of new Set(wanted.map((w) => w.notice.kind))) {
		const ids = [...new Set(wanted.filter((w) => w.notice.kind === kind).map((w) => w.personId))];
		for (const choice of await choicesFor(tx, ids, kind)) {
			choices.set(`${kind}:${choice.personId}`, choice);
		}
	}
	const chosen = wanted.flatMap((w) => {
		const choice = choices.get(`${w.notice.kind}:${w.personId}`);
		return choice && isStored(choice.channel) ? [{ ...w, choice }] : [];
	});
	if (chosen.length === 0) return [];
	// Rows come back in the order given (one multi-row insert).
	const stored = await tx
		.insert(notification)
		.values(
			chosen.map(({ personId, notice }) => ({
				personId,
				kind: notice.kind,
				text: notice.text,
				href: notice.href ?? null,
				actorId
			}))
		)
		.returning({ id: notification.id, personId: notification.personId });
	const unread = await unreadCounts(tx, [...new Set(stored.map((s) => s.personId))]);
	// Several notices to one person in the batch: each says the count as it was after it.
	const later = new Map<number, number>();
	for (const { personId } of stored) later.set(personId, (later.get(personId) ?? 0) + 1);
	const deliveries: Delivery[] = [];
	const events: EventToRecord[] = [];
	stored.forEach(({ id, personId }, i) => {
		const { notice, choice } = chosen[i];
		const left = later.get(personId)! - 1;
		later.set(personId, left);
		const href = notice.href ?? null;
		const payload: NoticePayload = {
			id,
			kind: notice.kind,
			text: notice.text,
			href,
			unread: Math.max(1, (unread.get(personId) ?? 1) - left)
		};
		events.push({ room: userRoom(personId), type: 'notice', payload, actorId });
		deliveries.push({ ...choice, notificationId: id, kind: notice.kind, text: notice.text, href });
	});
	await recordAll(record, events);
	// Queued in this same transaction: a rolled-back cause sends no email.
	const emails = wantsEmail(deliveries, publicOrigin());
	for (const email of emails) await enqueueEmail(tx, email);
	return emails;
}

/** Each recipient's address and channel for `kind` (the default when they never chose). */
async function choicesFor(tx: Transaction, personIds: number[], kind: string) {
	const rows = await tx
		.select({
			personId: person.id,
			email: person.email,
			active: person.active,
			channel: notificationPreference.channel
		})
		.from(person)
		.leftJoin(
			notificationPreference,
			and(eq(notificationPreference.personId, person.id), eq(notificationPreference.kind, kind))
		)
		.where(inArray(person.id, personIds));
	return rows.map((row) => ({ ...row, channel: row.channel ?? DEFAULT_CHANNEL }));
}

async function unreadCounts(tx: Transaction, personIds: number[]): Promise<Map<number, number>> {
	const rows = await tx
		.select({ personId: notification.personId, unread: sql<number>`count(*)::int` })
		.from(notification)
		.where(and(inArray(notification.personId, personIds), isNull(notification.readAt)))
		.groupBy(notification.personId);
	return new Map(rows.map((row) => [row.personId, Number(row.unread)]));
}

/**
 * Marks one of the person's own notifications read and returns where it leads. Another
 * person's notification, one that does not exist or a posted id that is not one is
 * refused and nothing changes.
 */
export async function markRead(
	personId: number,
	posted: unknown
): Promise<{ href: string | null }> {
	const notificationId = parseId(posted);
	if (notificationId === null) throw new ServiceError('That notification does not exist.');
	return withEvents(async (tx, record) => {
		const [own] = await tx
			.select({ href: notification.href, readAt: notification.readAt })
			.from(notification)
			.where(and(eq(notification.id, notificationId), eq(notification.personId, personId)))
			.for('update');
		if (!own) throw new ServiceError('That notification does not exist.');
		if (own.readAt) return { href: own.href };
		await tx
			.update(notification)
			.set({ readAt: new Date() })
			.where(eq(notification.id, notificationId));
		await announceRead(tx, record, personId, [notificationId]);
		return { href: own.href };
	});
}

/** Marks all of the person's unread notifications read; returns how many were unread. */
export async function markAllRead(personId: number): Promise<number> {
	return withEvents(async (tx, record) => {
		const marked = await tx
			.update(notification)
			.set({ readAt: new Date() })
			.where(and(eq(notification.personId, personId), isNull(notification.readAt)))
			.returning({ id: notification.id });
		if (marked.length > 0) await announceRead(tx, record, personId, 'all');
		return marked.length;
	});
}

/** Tells the person's other open tabs, so every tray shows the same count. */
async function announceRead(
	tx: Transaction,
	record: RecordEvent,
	personId: number,
	ids: ReadPayload['ids']
): Promise<void> {
	const unread = (await unreadCounts(tx, [personId])).get(personId) ?? 0;
	const payload: ReadPayload = { ids, unread };
	await record(userRoom(personId), 'notifications.read', payload, personId);
}

/**
 * Saves the person's channel for each kind given (kinds left out keep their choice). App is
 * the default, so choosing it removes the row.
 */
export async function setPreferences(
	personId: number,
	/** kind → 'app' | 'email' | 'off', as a form posted them: checked here. */
	choices: Readonly<Record<string, unknown>>
): Promise<void> {
	const entries = checkedChoices(choices);
	await useDb().transaction(async (tx) => {
		const defaults = entries.filter(([, channel]) => channel === 'app').map(([kind]) => kind);
		if (defaults.length > 0)
			await tx
				.delete(notificationPreference)
				.where(
					and(
						eq(notificationPreference.personId, personId),
						inArray(notificationPreference.kind, defaults)
					)
				);
		const chosen = entries.filter(([, channel]) => channel !== 'app');
		if (chosen.length > 0)
			await tx
				.insert(notificationPreference)
				.values(chosen.map(([kind, channel]) => ({ personId, kind, channel })))
				.onConflictDoUpdate({
					target: [notificationPreference.personId, notificationPreference.kind],
					set: { channel: sql`excluded.channel` }
				});
	});
}

/** The choices as [kind, channel] pairs; anything Tandem does not know is refused. */
function checkedChoices(choices: Readonly<Record<string, unknown>>): [NotificationKind, Channel][] {
	return Object.entries(choices).map(([kind, channel]) => {
		if (!isNotificationKind(kind)) throw new ServiceError('That is not a kind of notification.');
		if (!CHANNELS.includes(channel as Channel)) {
			throw new ServiceError(`Choose App, Email or Off for “${kindLabel(kind)}”.`, kind);
		}
		return [kind, channel as Channel];
	});
}
