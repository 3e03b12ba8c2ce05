import { redirect } from '@sveltejs/kit';
import { fail } from 'sveltekit-superforms';
import { escalationFormSchema } from '$lib/escalations/schemas';
import { ACCEPTED_ATTACHMENTS, checkAttachments } from '$lib/server/attachments';
import { requirePerson } from '$lib/server/auth';
import { listCustomers } from '$lib/server/customers';
import { openEscalation } from '$lib/server/escalations';
import { refuse, validateForm, emptyForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requirePerson(event);
	const form = await emptyForm(escalationFormSchema, { id: 'escalation' });
	// One key per form shown: a double submit or a retry opens the escalation once.
	form.data.clientKey = crypto.randomUUID();
	// A middle severity until the reporter says otherwise, rather than "critical".
	form.data.severity = 'medium';
	return { form, accept: ACCEPTED_ATTACHMENTS, customers: await listCustomers() };
};

export const actions: Actions = {
	default: async (event) => {
		const person = requirePerson(event);
		const form = await validateForm(event, escalationFormSchema, {
			id: 'escalation'
		});
		// Superforms' fail drops the files: they cannot travel back to the browser.
		if (!form.valid) return fail(400, { form });
		let escalationId: number;
		try {
			const { attachments, ...input } = form.data;
			const files = await checkAttachments(attachments);
			({ escalationId } = await openEscalation(person.id, input, files));
		} catch (err) {
			return refuse(form, err);
		}
		redirect(303, `/escalations/${escalationId}`);
	}
};
