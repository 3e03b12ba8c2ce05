import { error, redirect } from '@sveltejs/kit';
import { parseId } from '$lib/ids';
import { fail, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { bugFormSchema } from '$lib/bugbash/schemas';
import { requirePerson } from '$lib/server/auth';
import { checkAttachments, ACCEPTED_ATTACHMENTS } from '$lib/server/attachments';
import { confirmSameBug, logBug } from '$lib/server/bugbash';
import { ServiceError } from '$lib/server/errors';
import { refuse } from '$lib/server/forms';
import { bashFromParams } from '../bash.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const bash = await bashFromParams(event.params);
	const form = await superValidate(zod4(bugFormSchema));
	form.data.clientKey = crypto.randomUUID();
	form.data.severity = 'medium';
	if (bash.areas.length === 1) form.data.area = bash.areas[0];
	return { bash, form, accept: ACCEPTED_ATTACHMENTS, viewerId: person.id };
};

export const actions: Actions = {
	log: async (event) => {
		const person = requirePerson(event);
		const { id: bashId } = await bashFromParams(event.params);
		const form = await superValidate(event.request, zod4(bugFormSchema));
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
		const bugId = parseId((await event.request.formData()).get('bugId'));
		if (!bugId) error(400, 'Choose the bug you hit.');
		try {
			await confirmSameBug(person.id, bugId);
		} catch (err) {
			if (err instanceof ServiceError) return fail(400, { sameError: err.message });
			throw err;
		}
		redirect(303, `/bugbash/${event.params.id}/bugs/${bugId}?confirmed=1`);
	}
};
