// Editing a draft agenda: a note per section, the attendees, and action items with an
// owner and a due date (the owner is told, and sees them on their home page until done).
import { and, eq } from 'drizzle-orm';
import { actionItemSchema, monthLabel, noteSchema } from '$lib/sync/agenda';
import { parseOrRefuse, ServiceError } from '../errors';
import { notify } from '../notifications';
import { person } from '../org';
import { withEvents } from '../realtime';
import { isOrganiserIn, lockAgenda, lockDraft, requireOrganiser } from './access';
import { syncNow } from './now';
import { recordChange } from './service';
import { syncActionItem, syncAttendee, syncNote } from './schema';

/** Saves the note of one section; an empty note removes it. */
export async function saveNote(
	actorId: number,
	agendaId: number,
	input: { section: string; body: string }
) {
	const { section, body } = parseOrRefuse(noteSchema, input);
	return withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId);
		await lockDraft(tx, agendaId);
		const where = and(eq(syncNote.agendaId, agendaId), eq(syncNote.section, section));
		if (body === '') {
			await tx.delete(syncNote).where(where);
		} else {
			await tx
				.insert(syncNote)
				.values({ agendaId, section, body, updatedById: actorId, updatedAt: syncNow() })
				.onConflictDoUpdate({
					target: [syncNote.agendaId, syncNote.section],
					set: { body, updatedById: actorId, updatedAt: syncNow() }
				});
		}
		await recordChange(record, agendaId, 'note', actorId, section);
	});
}

async function activePerson(tx: Parameters<Parameters<typeof withEvents>[0]>[0], id: number) {
	const [row] = await tx
		.select({ id: person.id, name: person.name })
		.from(person)
		.where(and(eq(person.id, id), eq(person.active, true)));
	return row ?? null;
}

/** Adds someone to the meeting. */
export async function addAttendee(actorId: number, agendaId: number, personId: number) {
	return withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId);
		await lockDraft(tx, agendaId);
		if (!(await activePerson(tx, personId))) {
			throw new ServiceError('Choose someone who can sign in.', 'personId');
		}
		const added = await tx
			.insert(syncAttendee)
			.values({ agendaId, personId, reason: 'Added by an organiser' })
			.onConflictDoNothing()
			.returning({ personId: syncAttendee.personId });
		if (added.length === 0) throw new ServiceError('They are already invited.', 'personId');
		await recordChange(record, agendaId, 'attendees', actorId);
	});
}

/** Takes someone off the meeting. */
export async function removeAttendee(actorId: number, agendaId: number, personId: number) {
	return withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId);
		await lockDraft(tx, agendaId);
		await tx
			.delete(syncAttendee)
			.where(and(eq(syncAttendee.agendaId, agendaId), eq(syncAttendee.personId, personId)));
		await recordChange(record, agendaId, 'attendees', actorId);
	});
}

/** Adds an action item; its owner hears of it in their inbox. Answers the item's id. */
export async function addActionItem(
	actorId: number,
	agendaId: number,
	input: { title: string; ownerId: number; dueOn: string }
): Promise<number> {
	const item = parseOrRefuse(actionItemSchema, input);
	return withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId);
		const agenda = await lockDraft(tx, agendaId);
		const owner = await activePerson(tx, item.ownerId);
		if (!owner) throw new ServiceError('Choose someone who can sign in.', 'ownerId');
		const [made] = await tx
			.insert(syncActionItem)
			.values({ agendaId, ...item, createdById: actorId })
			.returning({ id: syncActionItem.id });
		await recordChange(record, agendaId, 'action', actorId);
		await notify(
			tx,
			record,
			[owner.id],
			{
				kind: 'sync.action',
				text: `An action item from the ${monthLabel(agenda.month)} sync is yours: “${item.title}”, due ${item.dueOn}.`,
				href: `/sync/${agendaId}`
			},
			actorId
		);
		return made.id;
	});
}

/** Removes an action item from a draft. */
export async function removeActionItem(actorId: number, itemId: number) {
	return withEvents(async (tx, record) => {
		await requireOrganiser(tx, actorId);
		const [item] = await tx
			.select({ agendaId: syncActionItem.agendaId })
			.from(syncActionItem)
			.where(eq(syncActionItem.id, itemId));
		if (!item) throw new ServiceError('That action item does not exist.');
		await lockDraft(tx, item.agendaId);
		await tx.delete(syncActionItem).where(eq(syncActionItem.id, itemId));
		await recordChange(record, item.agendaId, 'action', actorId);
	});
}

/**
 * Marks an action item done (or open again). Its owner and organisers may, also after the
 * agenda is published: the published copy keeps the state it had; next month's shows this.
 */
export async function markActionItem(actorId: number, itemId: number, done: boolean) {
	return withEvents(async (tx, record) => {
		const [item] = await tx
			.select()
			.from(syncActionItem)
			.where(eq(syncActionItem.id, itemId))
			.for('update');
		if (!item) throw new ServiceError('That action item does not exist.');
		if (item.ownerId !== actorId && !(await isOrganiserIn(tx, actorId))) {
			throw new ServiceError('Only its owner or an organiser can mark an action item done.');
		}
		await lockAgenda(tx, item.agendaId);
		if (done === (item.doneAt !== null)) return false;
		await tx
			.update(syncActionItem)
			.set(done ? { doneAt: syncNow(), doneById: actorId } : { doneAt: null, doneById: null })
			.where(eq(syncActionItem.id, itemId));
		await recordChange(record, item.agendaId, 'action_done', actorId);
		return true;
	});
}
