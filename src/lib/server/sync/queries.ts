// Reading the monthly sync: the list of agendas, one agenda as its page shows it (a draft
// live, a published one from its frozen copy), and the action items a person owns.
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { ActionItemView, AgendaSnapshot, AttendeeView, Section } from '$lib/sync/agenda';
import { useDb, type Executor } from '../db/client';
import { person } from '../org';
import { isOrganiserIn } from './access';
import { addMonths } from './rules';
import { syncActionItem, syncAgenda, syncAttendee, syncNote } from './schema';

/** Every agenda, the latest month first. */
export async function listAgendas() {
	return useDb()
		.select({
			id: syncAgenda.id,
			month: syncAgenda.month,
			status: syncAgenda.status,
			meetingAt: syncAgenda.meetingAt,
			generatedAt: syncAgenda.generatedAt,
			publishedAt: syncAgenda.publishedAt
		})
		.from(syncAgenda)
		.orderBy(desc(syncAgenda.month));
}

export async function notesOf(db: Executor, agendaId: number) {
	const rows = await db
		.select({ section: syncNote.section, body: syncNote.body })
		.from(syncNote)
		.where(eq(syncNote.agendaId, agendaId));
	return Object.fromEntries(rows.map((r) => [r.section, r.body])) as Partial<
		Record<Section, string>
	>;
}

export async function attendeesOf(db: Executor, agendaId: number): Promise<AttendeeView[]> {
	return db
		.select({ personId: syncAttendee.personId, name: person.name, reason: syncAttendee.reason })
		.from(syncAttendee)
		.innerJoin(person, eq(person.id, syncAttendee.personId))
		.where(eq(syncAttendee.agendaId, agendaId))
		.orderBy(asc(person.name));
}

export async function actionItemsOf(db: Executor, agendaId: number): Promise<ActionItemView[]> {
	const rows = await db
		.select({
			id: syncActionItem.id,
			title: syncActionItem.title,
			ownerId: syncActionItem.ownerId,
			ownerName: person.name,
			dueOn: syncActionItem.dueOn,
			doneAt: syncActionItem.doneAt
		})
		.from(syncActionItem)
		.innerJoin(person, eq(person.id, syncActionItem.ownerId))
		.where(eq(syncActionItem.agendaId, agendaId))
		.orderBy(asc(syncActionItem.id));
	return rows.map((r) => ({ ...r, doneAt: r.doneAt ? r.doneAt.toISOString() : null }));
}

/** The action items of the month before's agenda, in their current state. */
export async function previousItemsOf(db: Executor, month: string): Promise<ActionItemView[]> {
	const [before] = await db
		.select({ id: syncAgenda.id })
		.from(syncAgenda)
		.where(eq(syncAgenda.month, addMonths(month, -1)));
	return before ? actionItemsOf(db, before.id) : [];
}

/** One agenda as its page shows it: a draft with its live parts, a published one frozen. */
export async function agendaDetail(agendaId: number, viewerId: number) {
	const db = useDb();
	const [agenda] = await db.select().from(syncAgenda).where(eq(syncAgenda.id, agendaId));
	if (!agenda) return null;
	const mayOrganise = await isOrganiserIn(db, viewerId);
	const header = {
		id: agenda.id,
		month: agenda.month,
		status: agenda.status,
		meetingAt: agenda.meetingAt.toISOString(),
		generatedAt: agenda.generatedAt.toISOString(),
		generations: agenda.generations,
		publishedAt: agenda.publishedAt?.toISOString() ?? null
	};
	if (agenda.status === 'published' && agenda.snapshot) {
		return { ...header, mayOrganise, ...agenda.snapshot };
	}
	const [notes, attendees, actionItems, previousItems] = await Promise.all([
		notesOf(db, agendaId),
		attendeesOf(db, agendaId),
		actionItemsOf(db, agendaId),
		previousItemsOf(db, agenda.month)
	]);
	const snapshot: Omit<AgendaSnapshot, 'publishedAt' | 'publishedByName' | 'meetingAt'> = {
		figures: agenda.figures,
		notes,
		attendees,
		actionItems,
		previousItems
	};
	return { ...header, mayOrganise, ...snapshot, publishedByName: null };
}
export type AgendaDetail = NonNullable<Awaited<ReturnType<typeof agendaDetail>>>;

/** The person's open action items from every agenda, soonest due first (their home page). */
export async function openActionItemsOf(personId: number, limit = 10) {
	const rows = await useDb()
		.select({
			id: syncActionItem.id,
			title: syncActionItem.title,
			dueOn: syncActionItem.dueOn,
			agendaId: syncActionItem.agendaId,
			month: syncAgenda.month
		})
		.from(syncActionItem)
		.innerJoin(syncAgenda, eq(syncAgenda.id, syncActionItem.agendaId))
		.where(and(eq(syncActionItem.ownerId, personId), isNull(syncActionItem.doneAt)))
		.orderBy(asc(syncActionItem.dueOn), asc(syncActionItem.id))
		.limit(limit);
	return rows;
}

/** Whether the person may generate, edit and publish agendas (for the pages). */
export async function mayOrganiseSync(personId: number): Promise<boolean> {
	return isOrganiserIn(useDb(), personId);
}

/** The agenda of a month, if there is one. */
export async function agendaOfMonth(month: string) {
	const [row] = await useDb()
		.select({ id: syncAgenda.id, status: syncAgenda.status })
		.from(syncAgenda)
		.where(eq(syncAgenda.month, month));
	return row ?? null;
}
