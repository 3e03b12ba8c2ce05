import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { routeId } from '$lib/ids';
import { escalateBugSchema, triageSchema } from '$lib/bugbash/schemas';
import { requirePerson } from '$lib/server/auth';
import { boardOf, bugDetail } from '$lib/server/bugbash';
import { bashRoom, commentOnBug, confirmSameBug } from '$lib/server/bugbash';
import { deleteBugComment, editBugComment } from '$lib/server/bugbash';
import { commentActions, shownFrom } from '$lib/server/comments';
import { promoteToEscalation } from '$lib/server/bugbash';
import { triageBug, undoDecision } from '$lib/server/bugbash';
import { buttonAction, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { liveDependency } from '$lib/realtime/contract';
import { latestSeq } from '$lib/server/realtime';
import { bashFromParams } from '../../bash.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const bash = await bashFromParams(event.params);
	event.depends(liveDependency(bashRoom(bash.id)));
	const after = await latestSeq(bashRoom(bash.id));
	const bugId = routeId(event.params.bugId);
	const detail = await bugDetail(
		bash.id,
		bugId,
		person,
		shownFrom(event.url.searchParams.get('comments'))
	);
	if (!detail) error(404, 'No such bug in this bash.');
	const isOrganiser = bash.organisers.some((o) => o.id === person.id);
	// Originals an organiser can point a duplicate at: the bash's other open bugs.
	const originals = isOrganiser
		? (await boardOf(bash.id))
				.filter((b) => b.id !== bugId && !['duplicate', 'not_a_bug'].includes(b.status))
				.map((b) => ({ id: b.id, title: b.title }))
		: [];
	// A fresh key per page view: a double click on Escalate opens one escalation.
	const escalateForm = await emptyForm(escalateBugSchema, {
		id: 'escalate',
		data: { clientKey: crypto.randomUUID() }
	});
	return { bash, ...detail, after, isOrganiser, originals, viewerId: person.id, escalateForm };
};

const NOTHING = z.object({});

export const actions: Actions = {
	triage: async (event) => {
		const person = requirePerson(event);
		const bugId = routeId(event.params.bugId);
		return buttonAction(event, { action: 'triage', schema: triageSchema }, async (decision) => {
			await triageBug(person.id, bugId, decision);
			return 'Decision saved.';
		});
	},

	undo: async (event) => {
		const person = requirePerson(event);
		const bugId = routeId(event.params.bugId);
		return buttonAction(event, { action: 'undo', schema: NOTHING }, async () => {
			await undoDecision(person.id, bugId);
			return 'Decision undone.';
		});
	},

	...commentActions((event: RequestEvent) => {
		const bugId = routeId(event.params.bugId);
		return {
			add: (actorId, body) => commentOnBug(actorId, bugId, body),
			edit: (actorId, commentId, body) => editBugComment(actorId, bugId, commentId, body),
			remove: (actorId, commentId) => deleteBugComment(actorId, bugId, commentId)
		};
	}),

	escalate: async (event) => {
		const person = requirePerson(event);
		const bugId = routeId(event.params.bugId);
		const form = await validateForm(event, escalateBugSchema, { id: 'escalate' });
		if (!form.valid) return fail(400, { escalateForm: form });
		let escalationId: number;
		try {
			({ escalationId } = await promoteToEscalation(person.id, bugId, form.data));
		} catch (err) {
			return refuse(form, err);
		}
		redirect(303, `/escalations/${escalationId}`);
	},

	same: async (event) => {
		const person = requirePerson(event);
		const bugId = routeId(event.params.bugId);
		return buttonAction(event, { action: 'same', schema: NOTHING }, async () => {
			const landed = await confirmSameBug(person.id, bugId);
			if (landed.bugId !== bugId) {
				return `This bug is a duplicate: you are recorded as having hit the original, #${landed.bugId}.`;
			}
			return 'You are recorded as having hit this bug too.';
		});
	}
};
