import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { postedId } from '$lib/ids';
import { fail, setError } from 'sveltekit-superforms';
import { bugFormSchema } from '$lib/bugbash/schemas';
import { requirePerson } from '$lib/server/auth';
import { checkAttachments, ACCEPTED_ATTACHMENTS } from '$lib/server/attachments';
import { confirmSameBug, logBug } from '$lib/server/bugbash';
import { ServiceError } from '$lib/server/errors';
import { buttonAction, emptyForm, refuse, validateForm } from '$lib/server/forms';
import { bashFromParams } from '../bash.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const bash = await bashFromParams(event.params);
	const form = await emptyForm(bugFormSchema);
	form.data.clientKey = crypto.randomUUID();
	form.data.severity = 'medium';
	if (bash.areas.length === 1) form.data.area = bash.areas[0];
	return { bash, form, accept: ACCEPTED_ATTACHMENTS, viewerId: person.id };
};

const SAME_BUG = z.object({ bugId: postedId('Choose the bug you hit.') });

export const actions: Actions = {
	log: async (event) => {
		const person = requirePerson(event);
		const { id: bashId } = await bashFromParams(event.params);
		const form = await validateForm(event, bugFormSchema);
		if (!form.valid) return fail(400, { form });
		const { attachments, ...report } = form.data;
		let bugId: number;
		try {
			const files = await checkAttachments(attachments);
			({ bugId } = await logBug(person.id, bashId, report, files));
		} catch (err) {
			if (err instanceof ServiceError && err.field === 'attachments') {
				return setError(form, 'attachments._errors', err.message);
			}
			return refuse(form, err);
		}
		redirect(303, `/bugbash/${bashId}?logged=${bugId}`);
	},

	same: async (event) => {
		const person = requirePerson(event);
		const { id: bashId } = await bashFromParams(event.params);
		return buttonAction(
			event,
			{ action: 'same', schema: SAME_BUG, row: 'bugId' },
			async (input) => {
				const landed = await confirmSameBug(person.id, input.bugId);
				redirect(303, `/bugbash/${bashId}/bugs/${landed.bugId}?confirmed=1`);
			}
		);
	}
};
