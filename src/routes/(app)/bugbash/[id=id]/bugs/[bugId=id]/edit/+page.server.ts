import { error, redirect } from '@sveltejs/kit';
import { fail, setError } from 'sveltekit-superforms';
import { routeId } from '$lib/ids';
import { bugEditFormSchema } from '$lib/bugbash/schemas';
import { requirePerson } from '$lib/server/auth';
import { ACCEPTED_ATTACHMENTS, checkAttachments } from '$lib/server/attachments';
import { bugDetail, editBug, MOST_ATTACHMENTS_PER_BUG } from '$lib/server/bugbash';
import { ServiceError } from '$lib/server/errors';
import { emptyForm, refuse, validateForm } from '$lib/server/forms';
import { bashFromParams } from '../../../bash.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const person = requirePerson(event);
	const bash = await bashFromParams(event.params);
	const detail = await bugDetail(bash.id, routeId(event.params.bugId), person);
	if (!detail) error(404, 'No such bug in this bash.');
	const { bug } = detail;
	if (bug.reporterId !== person.id) error(403, 'Only the person who reported a bug can edit it.');
	const form = await emptyForm(bugEditFormSchema, {
		data: {
			title: bug.title,
			area: bug.area,
			severity: bug.severity,
			steps: bug.steps,
			expected: bug.expected,
			actual: bug.actual,
			environment: bug.environment
		}
	});
	return {
		bash,
		bug,
		attachments: detail.attachments,
		form,
		accept: ACCEPTED_ATTACHMENTS,
		mostFiles: MOST_ATTACHMENTS_PER_BUG
	};
};

export const actions: Actions = {
	save: async (event) => {
		const person = requirePerson(event);
		const { id: bashId } = await bashFromParams(event.params);
		const bugId = routeId(event.params.bugId);
		const form = await validateForm(event, bugEditFormSchema);
		if (!form.valid) return fail(400, { form });
		const { attachments, ...corrections } = form.data;
		try {
			const files = await checkAttachments(attachments);
			await editBug(person.id, bugId, corrections, files);
		} catch (err) {
			if (err instanceof ServiceError && err.field === 'attachments') {
				return setError(form, 'attachments._errors', err.message);
			}
			return refuse(form, err);
		}
		redirect(303, `/bugbash/${bashId}/bugs/${bugId}?edited=1`);
	}
};
