import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { postedId, routeId } from '$lib/ids';
import { liveDependency } from '$lib/realtime/contract';
import { requirePerson } from '$lib/server/auth';
import { buttonAction } from '$lib/server/forms';
import { searchPeople } from '$lib/server/org';
import { latestSeq } from '$lib/server/realtime';
import {
	addActionItem,
	addAttendee,
	agendaDetail,
	agendaRoom,
	generateAgenda,
	markActionItem,
	publishAgenda,
	removeActionItem,
	removeAttendee,
	saveNote,
	setMeeting
} from '$lib/server/sync';
import { getWorkspace } from '$lib/server/workspace';
import { toZonedInput } from '$lib/zoned-time';
import type { Actions, PageServerLoad } from './$types';

// What each button posts; the service checks the rest (who may, drafts only, the fields).
const NOTE = z.object({ section: z.string().max(40), body: z.string().max(20_000) });
const ITEM = z.object({
	title: z.string().max(2_000),
	ownerId: postedId('Choose who owns it.'),
	dueOn: z.string().max(40)
});
const ITEM_ID = z.object({ itemId: postedId('That action item does not exist.') });
const MARK = ITEM_ID.extend({ done: z.enum(['yes', 'no']) });
const PERSON = z.object({ personId: postedId('Choose a person.') });
const MEETING = z.object({ meetingAt: z.string().max(40) });
const PUBLISH = z.object({
	chatChannel: z.string().max(10).default(''),
	chatWebhookUrl: z.string().max(600).default('')
});
const NOTHING = z.object({});

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const id = routeId(event.params.id);
	event.depends(liveDependency(agendaRoom(id)));
	const after = await latestSeq(agendaRoom(id));
	const agenda = await agendaDetail(id, person.id);
	if (!agenda) error(404, 'No such agenda.');
	const { timeZone } = await getWorkspace();
	const editable = agenda.mayOrganise && agenda.status === 'draft';
	const people = editable ? await searchPeople({}, 500) : [];
	return {
		agenda,
		after,
		editable,
		timeZone,
		meetingInput: toZonedInput(new Date(agenda.meetingAt), timeZone),
		people: people.map((p) => ({ id: p.id, name: p.name }))
	};
};

export const actions: Actions = {
	regenerate: async (event) => {
		const person = requirePerson(event);
		const id = routeId(event.params.id);
		return buttonAction(event, { action: 'regenerate', schema: NOTHING }, async () => {
			const agenda = await agendaDetail(id, person.id);
			if (!agenda) return 'That agenda does not exist.';
			await generateAgenda(person.id, agenda.month);
			return 'Figures generated again; notes, attendees and action items are kept.';
		});
	},
	note: async (event) => {
		const person = requirePerson(event);
		const id = routeId(event.params.id);
		return buttonAction(event, { action: 'note', schema: NOTE }, async (input) => {
			await saveNote(person.id, id, input);
			return input.body.trim() ? 'Note saved.' : 'Note removed.';
		});
	},
	meeting: async (event) => {
		const person = requirePerson(event);
		const id = routeId(event.params.id);
		return buttonAction(event, { action: 'meeting', schema: MEETING }, async (input) => {
			await setMeeting(person.id, id, input.meetingAt);
			return 'Meeting moved.';
		});
	},
	addAttendee: async (event) => {
		const person = requirePerson(event);
		const id = routeId(event.params.id);
		return buttonAction(event, { action: 'addAttendee', schema: PERSON }, async (input) => {
			await addAttendee(person.id, id, input.personId);
			return 'Added to the meeting.';
		});
	},
	removeAttendee: async (event) => {
		const person = requirePerson(event);
		const id = routeId(event.params.id);
		return buttonAction(
			event,
			{ action: 'removeAttendee', schema: PERSON, row: 'personId' },
			async (input) => {
				await removeAttendee(person.id, id, input.personId);
				return 'Taken off the meeting.';
			}
		);
	},
	addItem: async (event) => {
		const person = requirePerson(event);
		const id = routeId(event.params.id);
		return buttonAction(event, { action: 'addItem', schema: ITEM }, async (input) => {
			await addActionItem(person.id, id, input);
			return 'Action item added; its owner has been told.';
		});
	},
	removeItem: async (event) => {
		const person = requirePerson(event);
		return buttonAction(
			event,
			{ action: 'removeItem', schema: ITEM_ID, row: 'itemId' },
			async (input) => {
				await removeActionItem(person.id, input.itemId);
				return 'Action item removed.';
			}
		);
	},
	markItem: async (event) => {
		const person = requirePerson(event);
		return buttonAction(
			event,
			{ action: 'markItem', schema: MARK, row: 'itemId' },
			async (input) => {
				await markActionItem(person.id, input.itemId, input.done === 'yes');
				return input.done === 'yes' ? 'Marked done.' : 'Opened again.';
			}
		);
	},
	publish: async (event) => {
		const person = requirePerson(event);
		const id = routeId(event.params.id);
		return buttonAction(event, { action: 'publish', schema: PUBLISH }, async (input) => {
			await publishAgenda(person.id, id, input);
			return 'Published: everyone can read it, and the summary is on its way.';
		});
	}
};
