import { error } from '@sveltejs/kit';
import { fail } from 'sveltekit-superforms';
import { routeId } from '$lib/ids';
import {
	escalationAssigneeSchema,
	escalationStatusSchema,
	STATUS_LABELS
} from '$lib/escalations/schemas';
import { requirePerson } from '$lib/server/auth';
import { bugBehindEscalation } from '$lib/server/bugbash';
import {
	assignablePeople,
	assignEscalation,
	attachmentsOfEscalation,
	changeStatus,
	commentOnEscalation,
	conversationOf,
	deleteEscalationComment,
	editEscalationComment,
	escalationDetail,
	escalationRoom,
	historyOf,
	mayAssign,
	movesFor,
	recordingsOfEscalation
} from '$lib/server/escalations';
import { commentActions, shownFrom } from '$lib/server/comments';
import { confirm, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeqs } from '$lib/server/realtime';
import { itemsOfEscalation } from '$lib/server/integrations';
import { sloOfEscalation, sloRoom } from '$lib/server/slo';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function escalationIdOf(event: Pick<RequestEvent, 'params'>): number {
	return routeId(event.params.id);
}

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const id = escalationIdOf(event);
	event.depends(liveDependency(escalationRoom(id)), liveDependency(sloRoom(id)));
	// The log positions first: anything committed after them arrives as a live event.
	const [after, sloAfter] = await latestSeqs([escalationRoom(id), sloRoom(id)]);
	const detail = await escalationDetail(id);
	if (!detail) error(404, 'No such escalation.');
	const canAssign = mayAssign(person);
	const shown = shownFrom(event.url.searchParams.get('comments'));
	const [thread, history, fromBug, attachments, people, recordings] = await Promise.all([
		conversationOf(id, person, shown),
		historyOf(id),
		bugBehindEscalation(id),
		attachmentsOfEscalation(id),
		canAssign ? assignablePeople() : Promise.resolve([]),
		recordingsOfEscalation(id)
	]);
	const slo = await sloOfEscalation(id);
	const linked = await itemsOfEscalation(id);
	const escalation = { ...detail, fromBug };
	return {
		escalation,
		thread,
		history,
		attachments,
		recordings,
		people: people.map((p) => ({ id: p.id, name: p.name, teamName: p.teamName })),
		// Every move out of the status, each allowed for this viewer or with the reason not.
		moves: movesFor(person, escalation),
		canAssign,
		after,
		slo,
		linked,
		sloAfter,
		statusForm: await emptyForm(escalationStatusSchema, { id: 'status', errors: false }),
		assignForm: await emptyForm(escalationAssigneeSchema, {
			id: 'assign',
			data: { assigneeId: escalation.assigneeId }
		})
	};
};

export const actions: Actions = {
	status: async (event) => {
		const person = requirePerson(event);
		const id = escalationIdOf(event);
		const form = await validateForm(event, escalationStatusSchema, { id: 'status' });
		if (!form.valid) return fail(400, { form });
		try {
			await changeStatus(person.id, id, form.data.status, form.data.note);
		} catch (err) {
			return refuse(form, err);
		}
		const text = `Escalation #${id} is now ${STATUS_LABELS[form.data.status]}.`;
		return confirm(form, text);
	},

	assign: async (event) => {
		const person = requirePerson(event);
		const id = escalationIdOf(event);
		const form = await validateForm(event, escalationAssigneeSchema, {
			id: 'assign'
		});
		if (!form.valid) return fail(400, { form });
		try {
			await assignEscalation(person.id, id, form.data.assigneeId);
		} catch (err) {
			return refuse(form, err);
		}
		const text = form.data.assigneeId ? 'Assignee saved.' : 'Nobody is assigned now.';
		return confirm(form, text);
	},

	...commentActions((event: RequestEvent) => {
		const id = escalationIdOf(event);
		return {
			add: (actorId, body) => commentOnEscalation(actorId, id, body),
			edit: (actorId, commentId, body) => editEscalationComment(actorId, id, commentId, body),
			remove: (actorId, commentId) => deleteEscalationComment(actorId, id, commentId)
		};
	})
};
