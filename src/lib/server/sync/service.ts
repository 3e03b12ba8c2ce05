// Writing agendas: generating (by the monthly job or an organiser), generating again until
// the meeting, moving the meeting, and publishing a frozen copy with its summary sent
// through the outbox. Each write is one transaction that records its room events.
import { eq, sql } from 'drizzle-orm';
import { publishSchema, type AgendaFigures, type AgendaSnapshot } from '$lib/sync/agenda';
import { fromZonedInput } from '$lib/zoned-time';
import { useDb, type Executor, type Transaction } from '../db/client';
import { parseOrRefuse, ServiceError } from '../errors';
import { enqueueChat, enqueueEmail } from '../outbox';
import { activeMembersOf, person, teamRepresentativesOf } from '../org';
import { columnsWithRoleIn } from '../raci';
import { withEvents, type RecordEvent } from '../realtime';
import { getBusinessCalendar } from '../workspace';
import { lockAgenda, lockDraft, requireOrganiser } from './access';
import { agendaRoom, SYNC_ROOM, type AgendaChange } from './events';
import { agendaFigures } from './figures';
import { agendaMarkdown, agendaSummary } from './markdown';
import { syncNow } from './now';
import { actionItemsOf, agendaOfMonth, attendeesOf, notesOf, previousItemsOf } from './queries';
import {
	agendaDue,
	defaultMeetingAt,
	isMonth,
	monthOf,
	SYNC_ACTIVITY,
	whyNotRegenerate
} from './rules';
import { syncAgenda, syncAttendee } from './schema';

/** Records a change on the agenda's room and on the list's. */
export async function recordChange(
	record: RecordEvent,
	agendaId: number,
	change: AgendaChange,
	actorId: number | null,
	section?: string
) {
	const payload = section ? { agendaId, change, section } : { agendaId, change };
	await record(agendaRoom(agendaId), 'sync.changed', payload, actorId);
	if (change === 'generated' || change === 'published' || change === 'meeting') {
		await record(SYNC_ROOM, 'sync.changed', payload, actorId);
	}
}

/**
 * The attendees RACI suggests for the sync's accountable and consulted columns: for a
 * department, one person from each of its teams (its lead, or the longest-standing member
 * of a team without one); for a team column, that team's members. The first reason found
 * (accountable before consulted) is kept.
 */
async function suggestAttendees(tx: Executor, agendaId: number) {
	const [accountable, consulted] = await Promise.all([
		columnsWithRoleIn(tx, SYNC_ACTIVITY, 'A'),
		columnsWithRoleIn(tx, SYNC_ACTIVITY, 'C')
	]);
	const holders = [
		...accountable.map((c) => ({ ...c, why: `${c.name} (accountable)` })),
		...consulted.map((c) => ({ ...c, why: `${c.name} (consulted)` }))
	];
	const departmentIds = holders.flatMap((c) => (c.departmentId ? [c.departmentId] : []));
	const teamIds = holders.flatMap((c) => (c.teamId ? [c.teamId] : []));
	const [representatives, members] = await Promise.all([
		teamRepresentativesOf(departmentIds, tx),
		activeMembersOf(teamIds, tx)
	]);
	const reasons = new Map<number, string>();
	const suggest = (personId: number, reason: string) => {
		if (!reasons.has(personId)) reasons.set(personId, reason);
	};
	for (const holder of holders) {
		// A team column already names the team; a department's person says which team.
		if (holder.teamId) {
			for (const m of members) if (m.teamId === holder.teamId) suggest(m.personId, holder.why);
			continue;
		}
		for (const r of representatives) {
			if (r.departmentId !== holder.departmentId) continue;
			suggest(r.personId, `${r.teamName}${r.isLead ? ' lead' : ''} · ${holder.why}`);
		}
	}
	if (reasons.size === 0) return;
	await tx
		.insert(syncAttendee)
		.values([...reasons].map(([personId, reason]) => ({ agendaId, personId, reason })))
		.onConflictDoNothing();
}

/** What a new agenda starts from: its month and figures, read before the writing transaction. */
export interface PreparedAgenda {
	month: string;
	figures: AgendaFigures;
}

/**
 * Creates the agenda of `month` with its figures and suggested attendees. Answers its id,
 * or null when the month already has one (two nodes, or the job and a person, at once).
 */
async function createAgendaIn(
	tx: Transaction,
	record: RecordEvent,
	prepared: PreparedAgenda,
	actorId: number | null,
	now: Date
): Promise<number | null> {
	const calendar = await getBusinessCalendar(tx);
	const [made] = await tx
		.insert(syncAgenda)
		.values({
			month: prepared.month,
			meetingAt: defaultMeetingAt(prepared.month, calendar, now),
			figures: prepared.figures,
			generatedAt: now,
			generatedById: actorId
		})
		.onConflictDoNothing()
		.returning({ id: syncAgenda.id });
	if (!made) return null;
	await suggestAttendees(tx, made.id);
	await recordChange(record, made.id, 'generated', actorId);
	return made.id;
}

// Figures are read outside the writing transaction: they are many reads through other
// modules (each on its own connection), and a transaction holding the embedded database's
// only connection would wait on them forever.

/** The month whose agenda is due at `now` and not made yet, with its figures; or null. */
export async function prepareDueAgenda(now: Date): Promise<PreparedAgenda | null> {
	const calendar = await getBusinessCalendar();
	const month = agendaDue(now, calendar);
	if (!month || (await agendaOfMonth(month))) return null;
	return { month, figures: await agendaFigures(month, calendar, now) };
}

/** Writes what `prepareDueAgenda` found (the monthly job's second half); null if it exists now. */
export async function createDueAgendaIn(
	tx: Transaction,
	record: RecordEvent,
	prepared: PreparedAgenda,
	now: Date
): Promise<number | null> {
	return createAgendaIn(tx, record, prepared, null, now);
}

/** The monthly job's work (tests and tools): the month's agenda once its first working day came. */
export async function generateDueAgenda(now: Date = syncNow()): Promise<number | null> {
	const prepared = await prepareDueAgenda(now);
	if (!prepared) return null;
	return withEvents((tx, record) => createDueAgendaIn(tx, record, prepared, now));
}

/**
 * An organiser generates the agenda of `month` (this month by default), or generates it
 * again: new figures, while notes, attendees and action items stay. Refused once the
 * agenda is published or its meeting has started. Answers the agenda's id.
 */
export async function generateAgenda(actorId: number, month?: string): Promise<number> {
	const db = useDb();
	await requireOrganiser(db, actorId);
	const now = syncNow();
	const calendar = await getBusinessCalendar();
	const target = month ?? monthOf(now, calendar.timeZone);
	if (!isMonth(target)) throw new ServiceError('Choose a month.', 'month');
	const known = await agendaOfMonth(target);
	if (known) {
		const [row] = await db.select().from(syncAgenda).where(eq(syncAgenda.id, known.id));
		const refusal = whyNotRegenerate(row, now);
		if (refusal) throw new ServiceError(refusal);
	}
	const figures = await agendaFigures(target, calendar, now);
	return withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId);
		if (!known) {
			const id = await createAgendaIn(tx, record, { month: target, figures }, actorId, now);
			if (id !== null) return id;
		}
		const agenda = await lockAgenda(tx, known?.id ?? (await idOfMonth(tx, target)));
		const refusal = whyNotRegenerate(agenda, now);
		if (refusal) throw new ServiceError(refusal);
		await tx
			.update(syncAgenda)
			.set({
				figures,
				generatedAt: now,
				generatedById: actorId,
				generations: sql`${syncAgenda.generations} + 1`,
				updatedAt: now
			})
			.where(eq(syncAgenda.id, agenda.id));
		await recordChange(record, agenda.id, 'generated', actorId);
		return agenda.id;
	});
}

async function idOfMonth(tx: Executor, month: string): Promise<number> {
	const [row] = await tx
		.select({ id: syncAgenda.id })
		.from(syncAgenda)
		.where(eq(syncAgenda.month, month));
	if (!row) throw new ServiceError('That agenda does not exist.');
	return row.id;
}

/** Moves the meeting (a datetime-local value in the workspace zone). */
export async function setMeeting(actorId: number, agendaId: number, meetingAt: string) {
	return withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId);
		await lockDraft(tx, agendaId);
		const { timeZone } = await getBusinessCalendar(tx);
		const at = fromZonedInput(meetingAt, timeZone);
		if (!at) throw new ServiceError('Give the meeting’s date and time.', 'meetingAt');
		await tx
			.update(syncAgenda)
			.set({ meetingAt: at, updatedAt: syncNow() })
			.where(eq(syncAgenda.id, agendaId));
		await recordChange(record, agendaId, 'meeting', actorId);
	});
}

/**
 * Publishes the agenda: a frozen copy of its figures, notes, attendees and action items
 * that later changes never alter, and a summary emailed to the attendees (and posted to a
 * chat webhook when one is given), both through the outbox.
 */
export async function publishAgenda(
	actorId: number,
	agendaId: number,
	input: { chatChannel?: string; chatWebhookUrl?: string } = {}
): Promise<void> {
	const chat = parseOrRefuse(publishSchema, input);
	if (chat.chatWebhookUrl && !chat.chatChannel) {
		throw new ServiceError('Choose Slack or Teams for the webhook.', 'chatChannel');
	}
	if (chat.chatChannel && !chat.chatWebhookUrl) {
		throw new ServiceError('Give the webhook’s https:// address.', 'chatWebhookUrl');
	}
	await withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId);
		const agenda = await lockDraft(tx, agendaId);
		const now = syncNow();
		const [publisher] = await tx
			.select({ name: person.name })
			.from(person)
			.where(eq(person.id, actorId));
		const [notes, attendees, actionItems, previousItems] = await Promise.all([
			notesOf(tx, agendaId),
			attendeesOf(tx, agendaId),
			actionItemsOf(tx, agendaId),
			previousItemsOf(tx, agenda.month)
		]);
		const snapshot: AgendaSnapshot = {
			figures: agenda.figures,
			notes,
			attendees,
			actionItems,
			previousItems,
			meetingAt: agenda.meetingAt.toISOString(),
			publishedAt: now.toISOString(),
			publishedByName: publisher?.name ?? null
		};
		await tx
			.update(syncAgenda)
			.set({
				status: 'published',
				snapshot,
				publishedAt: now,
				publishedById: actorId,
				updatedAt: now
			})
			.where(eq(syncAgenda.id, agendaId));
		const summary = agendaSummary(agenda.id, agenda.month, snapshot);
		const emails = attendees.length
			? await tx
					.select({ id: person.id, email: person.email })
					.from(person)
					.where(
						sql`${person.id} in (${sql.join(
							attendees.map((a) => sql`${a.personId}`),
							sql`, `
						)}) and ${person.active}`
					)
			: [];
		for (const to of emails) {
			await enqueueEmail(tx, {
				key: `sync:${agendaId}:published:${to.id}`,
				to: to.email,
				subject: summary.subject,
				text: `${summary.text}\n\n---\n${agendaMarkdown(agenda.month, snapshot)}`.slice(0, 90_000)
			});
		}
		if (chat.chatChannel && chat.chatWebhookUrl) {
			await enqueueChat(tx, {
				key: `sync:${agendaId}:published:chat`,
				channel: chat.chatChannel,
				webhookUrl: chat.chatWebhookUrl,
				text: summary.text
			});
		}
		await recordChange(record, agendaId, 'published', actorId);
	});
}
